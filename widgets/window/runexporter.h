#pragma once
// Export from the workbench (Run ▸ Export…, Ctrl+E): the panels as images (PNG at a DPI, PDF,
// SVG), the run's metrics (CSV in long format, JSON), its layer distributions (CSV), a
// TensorBoard event file, its model file and the packed low-bit model — the same files
// `slb-train export` writes, from the same code. Torch-free: the packed model goes through
// export/packedmodel.h, whose interface sees no tensor.
//
// Layout of an export into FOLDER (by default RUN_DIR/exports):
//   <panel>.<png|pdf|svg>   curves, temperature, distributions, stepsizes, window
//   metrics.csv, snapshots.json, metrics.json, distributions.csv
//   tensorboard/events.out.tfevents.*
//   model.pt (or last.pt: the run's newest checkpoint when it has no final model yet)
//   model/manifest.json, model/model.bin

#include <QList>
#include <QString>
#include <QStringList>

#include "imageexport.h"

class QTabWidget;
class QWidget;

namespace slb {

/** What to export and where: the export dialog's choices. */
struct ExportChoices {
    bool images = true;
    bool allPanels = false;  ///< every panel and the window; else the current panel
    ImageFormat format = ImageFormat::Png;
    int dpi = 96;  ///< PNG only: 96, 150, 300 or 600
    bool metrics = false;
    bool distributions = false;
    bool tensorBoard = false;
    bool checkpoint = false;
    bool packedModel = false;
    QString folder;  ///< the destination folder

    /** True when at least one thing is chosen. */
    bool any() const {
        return images || metrics || distributions || tensorBoard || checkpoint || packedModel;
    }
};

/** A panel to write as an image, named <name>.<suffix>. */
struct ExportPanel {
    QString name;
    QWidget* widget = nullptr;
    QTabWidget* tabs = nullptr;  ///< the tab widget holding it: brought forward while drawn
};

/** The folder an export goes to by default: RUN_DIR/exports. */
QString defaultExportFolder(const QString& runDir);

/**
 * Creates `folder` if needed and checks that a file can be written in it; false and *error
 * naming the folder and the fix ("choose another folder or make it writable") when not.
 */
bool checkExportFolder(const QString& folder, QString* error);

/**
 * Exports the run in runDir as `choices` say, images of `panels` (when choices.images). First
 * checks the folder (nothing is written when it cannot be); then images, data and model, each
 * file written complete or not at all. TensorBoard and the distributions show a progress dialog
 * (on `parent`) that can cancel them: *cancelled is set and the export stops there. Returns false
 * and *error at the first failure; *written lists every file written.
 */
bool exportRun(const QString& runDir, const ExportChoices& choices,
               const QList<ExportPanel>& panels, QWidget* parent, QStringList* written,
               QString* error, bool* cancelled = nullptr);

/** Writes each panel as <folder>/<name>.<suffix>; false and *error at the first failure. */
bool exportPanelImages(const QList<ExportPanel>& panels, const QString& folder, ImageFormat format,
                       int dpi, QStringList* written, QString* error);

/** RUN_DIR's metrics.csv (+ snapshots.json) and metrics.json into outDir. */
bool exportRunMetrics(const QString& runDir, const QString& outDir, QStringList* written,
                      QString* error);

/** Copies the run's model.pt (or, before it has one, checkpoints/last.pt) into outDir. */
bool copyRunModelFile(const QString& runDir, const QString& outDir, QString* written,
                      QString* error);

/** The run's final model packed at its bit-width into outDir; a one-line summary. */
bool exportRunModel(const QString& runDir, const QString& outDir, QString* summary, QString* error);

}  // namespace slb
