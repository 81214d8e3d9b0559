#pragma once
// Export from the workbench (Ctrl+E): the panels as images (PNG, PDF, SVG), the run's metrics
// (CSV in long format, JSON) and the packed low-bit model — the same files `slb-train export`
// writes, from the same code.

#include <QString>
#include <QWidget>
#include <vector>

namespace slb {

/** Writes `widget` as an image: .png (at 2× for print), .pdf or .svg by the file's suffix. */
bool exportWidgetImage(QWidget* widget, const QString& path, QString* error);

/** RUN_DIR/exports/metrics.csv (+ snapshots.json) and metrics.json; false and *error on failure. */
bool exportRunMetrics(const QString& runDir, QStringList* written, QString* error);

/** The run's final model packed at its bit-width into RUN_DIR/exports/model; a one-line summary. */
bool exportRunModel(const QString& runDir, QString* summary, QString* error);

}  // namespace slb
