#include "workbenchoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include "language.h"

namespace slb {

bool WorkbenchOptions::parse(const QStringList& arguments, QString* error) {
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "WorkbenchOptions", "Train low-bit networks with SLB and LSQ, and watch them learn."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption presetOpt(
        QStringLiteral("preset"),
        QCoreApplication::translate("WorkbenchOptions", "Open with this preset (e.g. demo)."),
        QStringLiteral("id"));
    const QCommandLineOption setOpt(
        QStringLiteral("set"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Set a config field, like slb-train's flags (repeatable)."),
        QStringLiteral("key=value"));
    const QCommandLineOption startOpt(
        QStringLiteral("start"),
        QCoreApplication::translate("WorkbenchOptions", "Launch the run at once."));
    const QCommandLineOption processesOpt(
        QStringLiteral("processes"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Train with this many data-parallel processes (1 to 64)."),
        QStringLiteral("n"));
    const QCommandLineOption captureOpt(
        QStringLiteral("capture"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Save screenshots of the window and each panel into this "
                                    "folder, mid-run and at the end."),
        QStringLiteral("dir"));
    const QCommandLineOption prefixOpt(
        QStringLiteral("capture-prefix"),
        QCoreApplication::translate("WorkbenchOptions", "File name prefix of the screenshots."),
        QStringLiteral("prefix"), QStringLiteral("workbench"));
    const QCommandLineOption atOpt(
        QStringLiteral("capture-at"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Share of the run after which mid-run screenshots are taken."),
        QStringLiteral("share"), QStringLiteral("0.5"));
    const QCommandLineOption statsOpt(
        QStringLiteral("stats"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Write images/s and GUI frame times as JSON here when the "
                                    "run ends."),
        QStringLiteral("file"));
    const QCommandLineOption quitOpt(
        QStringLiteral("quit-when-done"),
        QCoreApplication::translate("WorkbenchOptions", "Quit when the run has ended."));
    const QCommandLineOption freshOpt(
        QStringLiteral("fresh"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Ignore the saved window layout and last config."));
    const QCommandLineOption openOpt(
        QStringLiteral("open"),
        QCoreApplication::translate(
            "WorkbenchOptions",
            "Replay the run in this folder (followed live while another process writes it)."),
        QStringLiteral("DIR"));
    const QCommandLineOption themeOpt(
        QStringLiteral("theme"),
        QCoreApplication::translate("WorkbenchOptions", "Colour theme: light or dark."),
        QStringLiteral("name"));
    const QCommandLineOption demoOpt(
        QStringLiteral("demo"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Run the guided demo: a short SLB run with captions."));
    // --lang (translations): the language of the window.
    const QCommandLineOption langOpt(
        QStringLiteral("lang"),
        QCoreApplication::translate("WorkbenchOptions",
                                    "Language of the window: %1 (default: the choice in "
                                    "View ▸ Language, else the system's).")
            .arg(languageCodes().join(QStringLiteral(", "))),
        QStringLiteral("code"));
    // --lang end
    p.addOptions({presetOpt, setOpt, startOpt, processesOpt, captureOpt, prefixOpt, atOpt, statsOpt,
                  quitOpt, freshOpt, openOpt, themeOpt, demoOpt});
    p.addOption(langOpt);  // --lang
    if (!p.parse(arguments)) {
        *error = p.errorText();
        return false;
    }
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(0);
    if (p.isSet(QStringLiteral("version")))
        p.showVersion();
    bool ok = false;
    preset = p.value(presetOpt);
    openRun = p.value(openOpt);
    overrides = p.values(setOpt);
    autostart = p.isSet(startOpt);
    if (p.isSet(processesOpt)) {
        processes = p.value(processesOpt).toInt(&ok);
        if (!ok || processes < 1 || processes > 64) {
            *error = QCoreApplication::translate("WorkbenchOptions",
                                                 "--processes: a whole number from 1 to 64, got %1")
                         .arg(p.value(processesOpt));
            return false;
        }
    }
    captureDir = p.value(captureOpt);
    capturePrefix = p.value(prefixOpt);
    captureAt = p.value(atOpt).toDouble(&ok);
    if (!ok || captureAt <= 0 || captureAt >= 1) {
        *error = QCoreApplication::translate("WorkbenchOptions",
                                             "--capture-at: a share between 0 and 1, got %1")
                     .arg(p.value(atOpt));
        return false;
    }
    statsPath = p.value(statsOpt);
    quitWhenDone = p.isSet(quitOpt);
    fresh = p.isSet(freshOpt);
    guidedDemo = p.isSet(demoOpt);
    theme = p.value(themeOpt).toLower();
    if (!theme.isEmpty() && theme != QLatin1String("light") && theme != QLatin1String("dark")) {
        *error = QCoreApplication::translate("WorkbenchOptions", "--theme: light or dark, got '%1'")
                     .arg(p.value(themeOpt));
        return false;
    }
    // --lang (translations)
    if (p.isSet(langOpt)) {
        language = normalizedLanguage(p.value(langOpt));
        if (language.isEmpty()) {
            *error = QCoreApplication::translate("WorkbenchOptions",
                                                 "--lang: no '%1' translation; choose one of: %2")
                         .arg(p.value(langOpt), languageCodes().join(QStringLiteral(", ")));
            return false;
        }
    }
    // --lang end
    for (const QString& kv : overrides)
        if (!kv.contains(QLatin1Char('='))) {
            *error =
                QCoreApplication::translate("WorkbenchOptions", "--set takes key=value, got '%1'")
                    .arg(kv);
            return false;
        }
    if (!p.positionalArguments().isEmpty()) {
        *error = QCoreApplication::translate("WorkbenchOptions", "unexpected argument '%1'")
                     .arg(p.positionalArguments().first());
        return false;
    }
    return true;
}

}  // namespace slb
