#include "imageexport.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>
#include <cmath>

#include "messagecover.h"

namespace slb {

namespace {

class ImageExportText {
    Q_DECLARE_TR_FUNCTIONS(ImageExport)
};

/// True when a message cover between `plot` and `root` hides it.
bool coveredByMessage(const QWidget* plot, const QWidget* root) {
    for (const QWidget* w = plot->parentWidget(); w; w = w->parentWidget()) {
        if (const auto* cover = qobject_cast<const MessageCover*>(w); cover && cover->covered())
            return true;
        if (w == root)
            break;
    }
    return false;
}

/**
 * Renders `widget` into `painter` (logical coordinates: the widget's pixels), then draws each
 * visible plot again through QCustomPlot's painter: vectors, or full resolution.
 */
void paintWidget(QWidget* widget, QCPPainter* painter, bool vector, double scale) {
    widget->render(painter, QPoint(), QRegion(),
                   QWidget::DrawWindowBackground | QWidget::DrawChildren);
    QList<QCustomPlot*> plots = widget->findChildren<QCustomPlot*>();
    if (auto* self = qobject_cast<QCustomPlot*>(widget))
        plots.prepend(self);
    for (QCustomPlot* plot : plots) {
        if ((plot != widget && !plot->isVisibleTo(widget)) || coveredByMessage(plot, widget) ||
            plot->width() <= 0 || plot->height() <= 0)
            continue;
        // Only what of the plot the widget shows (a scroll area may clip it).
        QRegion visible = plot->visibleRegion();
        if (visible.isEmpty())
            visible = QRegion(plot->rect());
        painter->save();
        painter->translate(plot->mapTo(widget, QPoint(0, 0)));
        painter->setClipRegion(visible);
        painter->fillRect(plot->rect(), plot->palette().window());
        painter->setMode(QCPPainter::pmVectorized, vector);
        painter->setMode(QCPPainter::pmNonCosmetic, vector || scale > 1.0);
        plot->toPainter(painter, plot->width(), plot->height());
        painter->restore();
    }
}

QString cannotWrite(const QString& path, const QString& why) {
    return ImageExportText::tr("Cannot write %1 (%2): choose another folder or make it writable.")
        .arg(QDir::toNativeSeparators(path), why);
}

}  // namespace

QString imageSuffix(ImageFormat format) {
    switch (format) {
        case ImageFormat::Pdf:
            return QStringLiteral("pdf");
        case ImageFormat::Svg:
            return QStringLiteral("svg");
        default:
            return QStringLiteral("png");
    }
}

QSize pngPixelSize(const QSize& widgetSize, int dpi) {
    const double scale = double(dpi) / 96.0;
    return QSize(int(std::lround(widgetSize.width() * scale)),
                 int(std::lround(widgetSize.height() * scale)));
}

bool exportWidgetImage(QWidget* widget, const QString& path, ImageFormat format, int dpi,
                       QString* error) {
    const QSize size = widget->size();
    if (size.isEmpty()) {
        *error = ImageExportText::tr("Cannot export %1: the panel has no size").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = cannotWrite(path, file.errorString());
        return false;
    }
    QCPPainter painter;
    if (format == ImageFormat::Pdf) {
        QPdfWriter pdf(&file);
        pdf.setCreator(QCoreApplication::applicationName());
        pdf.setTitle(widget->windowTitle());
        pdf.setPageSize(
            QPageSize(QSizeF(size), QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageOrientation(QPageLayout::Portrait);
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);  // 1 device unit = 1 pt = 1 widget pixel
        if (!painter.begin(&pdf)) {
            *error = cannotWrite(path, ImageExportText::tr("the PDF cannot be started"));
            return false;
        }
        paintWidget(widget, &painter, true, 1.0);
        painter.end();
    } else if (format == ImageFormat::Svg) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setResolution(96);  // width/height in mm at 96 dpi: the widget's size in CSS px
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(widget->windowTitle());
        if (!painter.begin(&svg)) {
            *error = cannotWrite(path, ImageExportText::tr("the SVG cannot be started"));
            return false;
        }
        paintWidget(widget, &painter, true, 1.0);
        painter.end();
    } else {
        const double scale = double(dpi) / 96.0;
        QImage image(pngPixelSize(size, dpi), QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(widget->palette().window().color());
        if (!painter.begin(&image)) {
            *error = cannotWrite(path, ImageExportText::tr("the image is too large"));
            return false;
        }
        paintWidget(widget, &painter, false, scale);
        painter.end();
        image.setDevicePixelRatio(1.0);
        const int dotsPerMeter = int(std::lround(dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        QImageWriter writer(&file, "png");
        if (!writer.write(image)) {
            *error = cannotWrite(path, writer.errorString());
            return false;
        }
    }
    if (!file.commit()) {
        *error = cannotWrite(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace slb
