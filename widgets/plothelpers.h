#pragma once
// Small helpers shared by the distribution and step-size panels: readable labels for the values
// of V, the epoch reached after a step, and titled axis rects for small multiples.

#include <QFont>
#include <QIcon>
#include <QString>
#include <cstdint>

class QCustomPlot;
class QCPAbstractPlottable;
class QCPAxisRect;
class QCPLegend;
class QWidget;
class QCPLayoutGrid;
class QCPTextElement;

namespace slb {

/** A value of V as people write it: "−1", "−⅓", "3/7", "0.25" (with a true minus sign). */
QString formatLevel(double v);

/** `widget`'s font at the plots' size (plus `extra` points): labels beside plots match them. */
QFont plotFont(const QWidget* widget, int extra = 0);

/** A small square of `color`: the layer pickers' entries carry their layer's line colour. */
QIcon colorSwatch(const QColor& color);

/** Training progress after 0-based step `step`, in epochs: (step + 1) / itersPerEpoch. */
double epochAfterStep(std::int64_t step, std::int64_t itersPerEpoch);

/** A bold title element, one point larger than the plot's fonts. Owned by `plot`'s layout once
 * added. */
QCPTextElement* makePlotTitle(QCustomPlot* plot, const QString& text);

/**
 * A new axis rect under a title, in cell (row, column) of `grid`: a small multiple. Returns the
 * rect; `title` receives the title element when given.
 */
QCPAxisRect* addTitledRect(QCustomPlot* plot, QCPLayoutGrid* grid, int row, int column,
                           const QString& text, QCPTextElement** title = nullptr);

/** Adds `plottable` to `legend` with room below its text: items clip to their rect, which
 * would cut the "_" of s_w or W_q. */
void addLegendEntry(QCPAbstractPlottable* plottable, QCPLegend* legend);

/** Lays a legend's entries out in as many columns as `width` pixels hold (its fill order is
 * columns first); legends under a plot stay readable with many entries at any plot width. */
void fitLegendColumns(QCPLegend* legend, int width);

}  // namespace slb
