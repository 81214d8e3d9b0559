#pragma once
// Line graphs that draw through as few vertices as look the same. QCustomPlot samples a long
// series down to a few points per pixel column, but a panel's lines are wide (1.5–3.5 px, for a
// projector) and often dashed, and QPainter strokes every vertex of such a line as a join: twenty
// layers' step-size or trend lines of 1,000 snapshots each took 30–40 ms per replot. A smooth
// curve needs a vertex every few dozen pixels, not every pixel; dropping the vertices that lie
// within a fifth of a pixel of the line that replaces them changes no pixel that matters.

#include <qcustomplot.h>
#include <QPointF>
#include <QVector>

namespace slb {

/**
 * `points` (pixels) with the vertices dropped that lie within `tolerance` pixels of the
 * simplified line: a one-pass sleeve fit (Zhao–Saalfeld), linear in the number of points. NaN
 * points, which break a QCustomPlot line into pieces, are kept and split it as before; the first
 * and last point of every piece are kept, and so is every turn back (a spike to a peak and back
 * keeps its peak).
 */
QVector<QPointF> simplifyPolyline(const QVector<QPointF>& points, double tolerance);

/** A QCPGraph whose line is drawn through simplifyPolyline(…, 0.2 px) of its pixels; fills,
 *  scatters, selection and exports are those of QCPGraph. */
class LineGraph : public QCPGraph {
public:
    using QCPGraph::QCPGraph;

protected:
    void drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const override;
};

/** A new LineGraph on `key` and `value` (owned by their plot), as QCustomPlot::addGraph. */
LineGraph* addLineGraph(QCPAxis* key, QCPAxis* value);

}  // namespace slb
