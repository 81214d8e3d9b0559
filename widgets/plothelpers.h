#pragma once
// Small helpers shared by the distribution and step-size panels: readable labels for the values
// of V, the epoch reached after a step, titled axis rects for small multiples, and the pieces
// that fit a plot to the room it gets (wrapped titles, tick spacing, a second layout pass), so
// that titles, ticks and legends stay readable from 700 px wide panels up.

#include <qcustomplot.h>
#include <QFont>
#include <QIcon>
#include <QMap>
#include <QString>
#include <cstdint>
#include <vector>

namespace slb {

/**
 * A QCustomPlot that fits itself to its size whenever it lays out: fitLayout() runs, the layout
 * runs, and both run again with the sizes now known (once more if the axis rects still changed
 * size). Tickers that space their labels by the axis's length (setFittedTicks) and wrapped
 * titles thus see the sizes they are drawn at, also on the first replot after a resize.
 */
class FittedPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit FittedPlot(QWidget* parent = nullptr) : QCustomPlot(parent) {}

protected:
    /** Adapts the plot to its size: legend columns, tick labels, arrangement. Default: none. */
    virtual void fitLayout() {}
    void updateLayout() override;
};

/**
 * A title that wraps to the width its layout gives it: at " · " first, then between words.
 * It never asks for more width than its widest word, so a long title cannot squeeze the
 * elements beside it (a colour scale) or get clipped. setText() sets the whole text.
 */
class WrappedTitle : public QCPTextElement {
    Q_OBJECT
public:
    WrappedTitle(QCustomPlot* plot, const QString& text, const QFont& font);
    /** The text as set, without the line breaks added to fit. */
    QString fullText() const;
    void update(UpdatePhase phase) override;

protected:
    QSize minimumOuterSizeHint() const override;

private:
    QString m_full;   ///< the text as set
    QString m_shown;  ///< the wrapped text last shown
};

/** `text` broken into lines no wider than `width` pixels in `font`: at " · ", then at spaces. */
QString wrapText(const QString& text, const QFont& font, int width);

/** A value of V as people write it: "−1", "−⅓", "3/7", "0.25" (with a true minus sign). */
QString formatLevel(double v);

/** `widget`'s font at the plots' size (plus `extra` points): labels beside plots match them. */
QFont plotFont(const QWidget* widget, int extra = 0);

/** A small square of `color`: the layer pickers' entries carry their layer's line colour. */
QIcon colorSwatch(const QColor& color);

/** Training progress after 0-based step `step`, in epochs: (step + 1) / itersPerEpoch. */
double epochAfterStep(std::int64_t step, std::int64_t itersPerEpoch);

/** A bold title element, one point larger than the plot's fonts, that wraps to its width. Owned
 * by `plot`'s layout once added. */
WrappedTitle* makePlotTitle(QCustomPlot* plot, const QString& text);

/**
 * A new axis rect under a title, in cell (row, column) of `grid`: a small multiple. Returns the
 * rect; `title` receives the title element when given.
 */
QCPAxisRect* addTitledRect(QCustomPlot* plot, QCPLayoutGrid* grid, int row, int column,
                           const QString& text, QCPTextElement** title = nullptr);

/** Adds `plottable` to `legend` with room below its text: items clip to their rect, which
 * would cut the "_" of s_w or W_q. */
void addLegendEntry(QCPAbstractPlottable* plottable, QCPLegend* legend);

/**
 * Ticks of a linear axis at 1, 2 or 5 × 10^k, as many as its length holds with a gap of two em
 * between labels (vertical: two label heights apart): a narrow time axis gets
 * "0 5 10" rather than overlapping labels. The ticker reads the axis's length when the plot
 * lays out (see FittedPlot).
 */
void setFittedTicks(QCPAxis* axis);

/**
 * Tick labels for bars at 0 … m−1 that stand for the values of V (formatLevel): every value
 * where `pixels` (the axis's length, m bars wide) holds them, else every k-th counted from both
 * ends, so that the labels stay symmetric and the ends always carry one.
 */
QMap<double, QString> levelTicks(const std::vector<float>& values, double pixels,
                                 const QFont& font);

/** Lays a legend's entries out in as many columns as `width` pixels hold (its fill order is
 * columns first); legends under a plot stay readable with many entries at any plot width. */
void fitLegendColumns(QCPLegend* legend, int width);
/** Rows a legend of entries named `names` takes at `width` pixels (as fitLegendColumns lays it). */
int legendRows(const QCPLegend* legend, const QStringList& names, int width);

/**
 * What makes a laid-out plot hard to read, in words, one line each: tick labels of one axis
 * that overlap or touch (colour scales included), a title line wider or taller than its room, a
 * legend entry cut short, an axis rect squeezed to nothing. Empty when none. For checks after a
 * replot.
 */
QStringList readabilityProblems(QCustomPlot* plot);

}  // namespace slb
