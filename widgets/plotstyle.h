#pragma once
// One look for every plot of the workbench: fonts large enough to read from the back of a room,
// a colour-blind-safe palette (Okabe–Ito) for series, a perceptually uniform colour map (viridis)
// for heatmaps, and a way for a panel to say in words why it has nothing to show.

#include <QColor>
#include <QString>

class QCustomPlot;
class QCPAxis;
class QCPColorGradient;
class QCPItemText;
class QCPLegend;

namespace slb {

/** Point size of axis labels, tick labels and legends; the "large fonts" option raises it. */
int plotFontPointSize();
void setPlotFontPointSize(int points);

/** Applies fonts, grid, margins and interactions (drag and zoom on both axes) to a plot. */
void stylePlot(QCustomPlot* plot);
/** Fonts of one axis (after stylePlot, for axes added later). */
void styleAxis(QCPAxis* axis);

/**
 * Logarithmic or linear scale for an axis. The log ticks sit at 1, 2, 5 × 10^k (or fewer over
 * many decades), so that a range of less than a decade still gets several labels.
 */
void setLogScale(QCPAxis* axis, bool logarithmic);

/** The i-th series colour (Okabe–Ito order, cycling). */
QColor seriesColor(int i);
/** Colour of the i-th run of an overlay: Okabe–Ito without its yellow, then black and grey. */
QColor runColor(int i);
/** Named roles, so that the same quantity has the same colour in every panel. */
QColor softColor();    ///< W_c, the continuous network
QColor hardColor();    ///< W_q, the discrete network
QColor trainColor();   ///< training loss / accuracy
QColor accentColor();  ///< markers: "now", the picked step
/** A colour with the given alpha (0..255). */
QColor withAlpha(QColor c, int alpha);

/** Viridis (perceptually uniform, readable with colour-blindness), as a QCustomPlot gradient. */
QCPColorGradient viridisGradient();

/**
 * Lays the legend's entries out row by row, in as many columns as `width` pixels hold,
 * balanced (5 entries in two rows: 3 + 2, not 4 + 1). A column is as wide as its widest entry;
 * the width left over is shared in proportion, so that the gaps between entries are even.
 */
void fitLegendToWidth(QCPLegend* legend, int width);

/**
 * Breaks the axis's label into two lines (at the space nearest its middle) where it is longer
 * than `length` pixels, and joins it again where it fits. True when the label changed: the plot
 * needs another layout pass before it is drawn.
 */
bool fitAxisLabel(QCPAxis* axis, int length);

/**
 * A text item that wraps (at spaces) to the width of its position's axis rect each time it is
 * drawn, so that it stays whole in a narrow plot; its text() is the text as set. Owned by the
 * plot.
 */
QCPItemText* addWrappingText(QCustomPlot* plot);

/**
 * A centred message over the plot's axis rect ("This run has no SLB layers"), shown instead of
 * empty axes; pass an empty text to hide it. It wraps (at spaces) to the axis rect's width each
 * time it is drawn, so it stays whole in a narrow panel; the item's text() is the text as given.
 * Owned by the plot.
 */
void setPlotMessage(QCustomPlot* plot, const QString& text);

}  // namespace slb
