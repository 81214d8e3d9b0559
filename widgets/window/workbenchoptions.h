#pragma once
// The workbench's command line: what a person types to open it on a preset, and what scripts use
// to launch a run at once, capture screenshots and timing figures, and quit when it is done.

#include <QString>
#include <QStringList>

namespace slb {

struct WorkbenchOptions {
    QString preset;          ///< a preset id to load instead of the last config
    QStringList overrides;   ///< key=value config fields applied after the preset
    bool autostart = false;  ///< launch the run as soon as the window is shown
    int processes = 0;       ///< --processes: data-parallel processes; 0: the saved choice
    QString captureDir;      ///< screenshots of the window and every panel, mid-run and at the end
    QString capturePrefix;   ///< file name prefix of the screenshots
    double captureAt = 0.5;  ///< share of the run after which the mid-run screenshots are taken
    QString statsPath;       ///< JSON with images/s and GUI frame times, written when a run ends
    bool quitWhenDone = false;
    bool fresh = false;       ///< ignore the saved window layout and config
    QString openRun;          ///< a run folder to replay (or follow, while it is being written)
    QString theme;            ///< "light" or "dark"; empty: the saved choice
    bool guidedDemo = false;  ///< run the guided demo (captions) at once
    QString language;         ///< --lang, normalized ("en", "zh_CN"); empty: saved or system

    /** Parses the arguments (argv[0] included); false and *error for bad ones. */
    bool parse(const QStringList& arguments, QString* error);
};

}  // namespace slb
