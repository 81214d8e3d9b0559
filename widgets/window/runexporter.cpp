#include "runexporter.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTabWidget>
#include <QTemporaryFile>
#include <QWidget>
#include <filesystem>
#include <functional>

#include "export/packedmodel.h"
#include "record/distributionsexport.h"
#include "record/metricsexport.h"
#include "record/runreader.h"
#include "record/tensorboardexport.h"

namespace slb {

namespace {

// lupdate files the tr() calls of this file's free functions under their namespace, "slb": the
// context must be the same at run time for the translations to be found.
class RunExporterText {
    Q_DECLARE_TR_FUNCTIONS(slb)
};

QString tr(const char* text) {
    return RunExporterText::tr(text);
}

/**
 * Runs `work` with a progress dialog on `parent` that can cancel it; `work` gets the callback
 * to report its fraction done to. Sets *cancelled when the user cancelled.
 */
bool withProgress(QWidget* parent, const QString& label,
                  const std::function<bool(const std::function<bool(double)>&)>& work,
                  bool* cancelled) {
    QProgressDialog progress(label, tr("Cancel"), 0, 1000, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    bool userCancelled = false;
    const bool done = work([&](double share) {
        progress.setValue(int(share * 1000));
        QCoreApplication::processEvents();
        userCancelled = progress.wasCanceled();
        return !userCancelled;
    });
    progress.reset();
    if (cancelled)
        *cancelled = userCancelled;
    return done;
}

}  // namespace

QString defaultExportFolder(const QString& runDir) {
    return QDir(runDir).filePath(QStringLiteral("exports"));
}

bool checkExportFolder(const QString& folder, QString* error) {
    const QString shown = QDir::toNativeSeparators(folder);
    if (folder.trimmed().isEmpty()) {
        *error = tr("No destination folder: choose one.");
        return false;
    }
    if (!QDir().mkpath(folder) || !QFileInfo(folder).isDir()) {
        *error = tr("Cannot create the folder %1: choose another folder or make it writable.")
                     .arg(shown);
        return false;
    }
    QTemporaryFile probe(QDir(folder).filePath(QStringLiteral(".slb-export-probe-XXXXXX")));
    if (!probe.open()) {
        *error = tr("Cannot write into the folder %1 (%2): choose another folder or make it "
                    "writable.")
                     .arg(shown, probe.errorString());
        return false;
    }
    return true;
}

bool exportPanelImages(const QList<ExportPanel>& panels, const QString& folder, ImageFormat format,
                       int dpi, QStringList* written, QString* error) {
    for (const ExportPanel& p : panels) {
        QWidget* previous = p.tabs ? p.tabs->currentWidget() : nullptr;
        if (p.tabs && previous != p.widget) {
            p.tabs->setCurrentWidget(p.widget);
            QApplication::processEvents();  // lays it out and lets its plots draw
        }
        const QString path = QDir(folder).filePath(p.name + "." + imageSuffix(format));
        const bool ok = exportWidgetImage(p.widget, path, format, dpi, error);
        if (p.tabs && previous != p.widget)
            p.tabs->setCurrentWidget(previous);
        if (!ok)
            return false;
        *written << path;
    }
    return true;
}

bool exportRunMetrics(const QString& runDir, const QString& outDir, QStringList* written,
                      QString* error) {
    std::string why;
    auto reader = RunReader::open(runDir.toStdString(), &why);
    if (!reader) {
        *error = QString::fromStdString(why);
        return false;
    }
    if (!QDir().mkpath(outDir)) {
        *error = tr("Cannot create %1: choose another folder or make it writable.").arg(outDir);
        return false;
    }
    const QString csv = QDir(outDir).filePath(QStringLiteral("metrics.csv"));
    const QString json = QDir(outDir).filePath(QStringLiteral("metrics.json"));
    if (!exportCsv(*reader, csv.toStdString(), &why) ||
        !exportJson(*reader, json.toStdString(), &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    *written << csv << QDir(outDir).filePath(QStringLiteral("snapshots.json")) << json;
    return true;
}

bool copyRunModelFile(const QString& runDir, const QString& outDir, QString* written,
                      QString* error) {
    QString source = QDir(runDir).filePath(QStringLiteral("model.pt"));
    if (!QFileInfo::exists(source))
        source = QDir(runDir).filePath(QStringLiteral("checkpoints/last.pt"));
    QFile in(source);
    if (!in.exists()) {
        *error = tr("%1 has no model or checkpoint yet: export again when an epoch has ended")
                     .arg(runDir);
        return false;
    }
    if (!in.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(source, in.errorString());
        return false;
    }
    const QString target = QDir(outDir).filePath(QFileInfo(source).fileName());
    QSaveFile out(target);  // a temporary file renamed when complete
    if (!out.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1 (%2): choose another folder or make it writable.")
                     .arg(target, out.errorString());
        return false;
    }
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty() && in.error() != QFile::NoError)
            break;
        if (out.write(chunk) != chunk.size())
            break;
    }
    if (!in.atEnd() || !out.commit()) {
        out.cancelWriting();
        *error =
            tr("Copying %1 to %2 failed (disk full?); nothing was written").arg(source, target);
        return false;
    }
    *written = target;
    return true;
}

bool exportRunModel(const QString& runDir, const QString& outDir, QString* summary,
                    QString* error) {
    const std::filesystem::path run(runDir.toStdString());
    std::filesystem::path model = run / "model.pt";
    if (!std::filesystem::exists(model))
        model = run / "checkpoints" / "last.pt";
    if (!std::filesystem::exists(model)) {
        *error = tr("%1 has no model yet: export again when an epoch has ended").arg(runDir);
        return false;
    }
    RecordedAccuracy recorded;
    {
        std::string why;
        if (auto reader = RunReader::open(runDir.toStdString(), &why);
            reader && !reader->epochs().empty()) {
            const EpochEvent& e = reader->epochs().back();
            recorded.valid = true;
            recorded.testAccSoft = e.testAccSoft;
            recorded.testAccHard = e.testAccHard;
            recorded.epoch = e.epoch;
            recorded.step = e.step;
        }
    }
    try {
        const PackedExport r = exportPackedModel(model.string(), outDir.toStdString(), recorded);
        *summary = tr("%1: %2 KiB (float32 %3 KiB, ×%4 smaller)")
                       .arg(QString::fromStdString(r.manifestPath))
                       .arg(double(r.blobBytes) / 1024, 0, 'f', 1)
                       .arg(double(r.float32Bytes) / 1024, 0, 'f', 1)
                       .arg(r.totalCompression(), 0, 'f', 1);
        return true;
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool exportRun(const QString& runDir, const ExportChoices& c, const QList<ExportPanel>& panels,
               QWidget* parent, QStringList* written, QString* error, bool* cancelled) {
    if (cancelled)
        *cancelled = false;
    if (!c.any()) {
        *error = tr("Nothing to export: choose images, data or the model.");
        return false;
    }
    if (!checkExportFolder(c.folder, error))
        return false;
    const QDir folder(c.folder);
    if (c.images && !exportPanelImages(panels, c.folder, c.format, c.dpi, written, error))
        return false;
    if (c.metrics && !exportRunMetrics(runDir, c.folder, written, error))
        return false;
    std::string why;
    if (c.distributions) {
        const QString path = folder.filePath(QStringLiteral("distributions.csv"));
        const bool done = withProgress(
            parent, tr("Writing the distributions…"),
            [&](const std::function<bool(double)>& progress) {
                return exportDistributionsCsv(runDir.toStdString(), path.toStdString(), &why,
                                              progress);
            },
            cancelled);
        if (!done) {
            *error = QString::fromStdString(why);
            return false;
        }
        *written << path;
    }
    if (c.tensorBoard) {
        std::string file;
        const bool done = withProgress(
            parent, tr("Writing the TensorBoard event file…"),
            [&](const std::function<bool(double)>& progress) {
                return exportTensorBoard(
                    runDir.toStdString(),
                    folder.filePath(QStringLiteral("tensorboard")).toStdString(), &file, &why,
                    progress);
            },
            cancelled);
        if (!done) {
            *error = QString::fromStdString(why);
            return false;
        }
        *written << QString::fromStdString(file);
    }
    if (c.checkpoint) {
        QString file;
        if (!copyRunModelFile(runDir, c.folder, &file, error))
            return false;
        *written << file;
    }
    if (c.packedModel) {
        QString summary;
        QApplication::setOverrideCursor(Qt::WaitCursor);
        const bool done =
            exportRunModel(runDir, folder.filePath(QStringLiteral("model")), &summary, error);
        QApplication::restoreOverrideCursor();
        if (!done)
            return false;
        *written << folder.filePath(QStringLiteral("model/manifest.json"))
                 << folder.filePath(QStringLiteral("model/model.bin"));
    }
    return true;
}

}  // namespace slb
