#include "runexporter.h"

#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <filesystem>

#include "export/packedmodel.h"
#include "record/metricsexport.h"
#include "record/runreader.h"

namespace slb {

bool exportWidgetImage(QWidget* widget, const QString& path, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize size = widget->size();
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        QPainter painter;
        if (!painter.begin(&pdf)) {
            *error = QObject::tr("cannot write %1").arg(path);
            return false;
        }
        widget->render(&painter);
        return painter.end();
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(widget->windowTitle());
        QPainter painter;
        if (!painter.begin(&svg)) {
            *error = QObject::tr("cannot write %1").arg(path);
            return false;
        }
        widget->render(&painter);
        return painter.end();
    }
    QPixmap pixmap(size * 2);
    pixmap.setDevicePixelRatio(2);
    widget->render(&pixmap);
    if (!pixmap.save(path)) {
        *error = QObject::tr("cannot write %1: check the folder exists and is writable").arg(path);
        return false;
    }
    return true;
}

bool exportRunMetrics(const QString& runDir, QStringList* written, QString* error) {
    std::string why;
    auto reader = RunReader::open(runDir.toStdString(), &why);
    if (!reader) {
        *error = QString::fromStdString(why);
        return false;
    }
    const QString dir = QDir(runDir).filePath(QStringLiteral("exports"));
    if (!QDir().mkpath(dir)) {
        *error = QObject::tr("cannot create %1: check that the run folder is writable").arg(dir);
        return false;
    }
    const QString csv = QDir(dir).filePath(QStringLiteral("metrics.csv"));
    const QString json = QDir(dir).filePath(QStringLiteral("metrics.json"));
    if (!exportCsv(*reader, csv.toStdString(), &why) ||
        !exportJson(*reader, json.toStdString(), &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    *written << csv << QDir(dir).filePath(QStringLiteral("snapshots.json")) << json;
    return true;
}

bool exportRunModel(const QString& runDir, QString* summary, QString* error) {
    const std::filesystem::path run(runDir.toStdString());
    std::filesystem::path model = run / "model.pt";
    if (!std::filesystem::exists(model))
        model = run / "checkpoints" / "last.pt";
    if (!std::filesystem::exists(model)) {
        *error =
            QObject::tr("%1 has no model yet: export again when an epoch has ended").arg(runDir);
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
        const PackedExport r =
            exportPackedModel(model.string(), (run / "exports" / "model").string(), recorded);
        *summary = QObject::tr("%1: %2 KiB (float32 %3 KiB, ×%4 smaller)")
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

}  // namespace slb
