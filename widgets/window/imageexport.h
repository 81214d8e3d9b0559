#pragma once
// A widget as an image file: PNG at a chosen DPI, PDF or SVG, as the workbench's export writes
// the panels. Torch-free (it draws the plots through QCustomPlot, never with torch near).
//
// Sizes: 1 widget pixel is 1/96 inch. A PNG at D dpi is drawn at scale D/96: its pixel size is
// the widget's size × D/96 (rounded, see pngPixelSize()) and its pHYs chunk says D dpi. A PDF is
// one page of the widget's size in points (1 pixel = 1 pt, so a 800×600 widget is an 800×600 pt
// page), and an SVG has width/height of the widget's size (in mm at 96 dpi, which is the same
// length as the widget's size in CSS px) and a viewBox of 0 0 width height.
//
// The plots (QCustomPlot) are drawn again through QCustomPlot's own painter over the widget's
// rendering: vectors in PDF and SVG, full resolution in a PNG above 96 dpi, rather than the
// screen's bitmap enlarged. A plot under a message cover, or hidden, is left as the widget shows.
//
// The file is written through QSaveFile: a temporary file in its folder, renamed over `path`
// when complete, so a failed export leaves no partial file.

#include <QSize>
#include <QString>

class QWidget;

namespace slb {

enum class ImageFormat { Png, Pdf, Svg };

/** "png", "pdf" or "svg". */
QString imageSuffix(ImageFormat format);

/** The pixel size of a PNG of a widget of `widgetSize` at `dpi`: round(size × dpi / 96). */
QSize pngPixelSize(const QSize& widgetSize, int dpi);

/** Writes `widget` as it shows now; false and *error naming the path and the fix on failure. */
bool exportWidgetImage(QWidget* widget, const QString& path, ImageFormat format, int dpi,
                       QString* error);

}  // namespace slb
