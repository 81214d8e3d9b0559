#include "linegraph.h"

#include <algorithm>
#include <cmath>

namespace slb {

namespace {

constexpr double kTolerancePx = 0.2;
constexpr double kPi = 3.14159265358979323846;

/** Appends the simplification of the finite points p[begin, end) to `out`. */
void simplifyPiece(const QVector<QPointF>& p, int begin, int end, double tol,
                   QVector<QPointF>& out) {
    out.append(p[begin]);
    if (end - begin < 3) {
        for (int i = begin + 1; i < end; ++i)
            out.append(p[i]);
        return;
    }
    QPointF anchor = p[begin];
    bool open = false;  // a sleeve from the anchor exists
    double centre = 0, lo = 0, hi = 0, reach = 0;
    int last = begin;  // the last point inside the sleeve
    for (int i = begin + 1; i < end; ++i) {
        const QPointF d = p[i] - anchor;
        const double dist = std::hypot(d.x(), d.y());
        if (dist <= tol)
            continue;  // within tolerance of the anchor, an end of whatever segment follows
        const double theta = std::atan2(d.y(), d.x());
        const double half = std::asin(tol / dist);
        if (!open) {
            open = true, centre = theta, lo = -half, hi = half, reach = dist, last = i;
            continue;
        }
        const double rel = std::remainder(theta - centre, 2 * kPi);
        if (rel >= lo && rel <= hi && dist >= reach - tol) {
            lo = std::max(lo, rel - half), hi = std::min(hi, rel + half);
            reach = std::max(reach, dist);
            last = i;
            continue;
        }
        // p[i] leaves the sleeve, or turns back: the line so far ends at the last point in it.
        anchor = p[last];
        out.append(anchor);
        open = false;
        --i;  // measure p[i] again from the new anchor (what lies between is near the old one)
    }
    if (out.constLast() != p[end - 1])
        out.append(p[end - 1]);
}

}  // namespace

QVector<QPointF> simplifyPolyline(const QVector<QPointF>& points, double tolerance) {
    QVector<QPointF> out;
    out.reserve(points.size());
    int begin = 0;
    const int n = int(points.size());
    for (int i = 0; i <= n; ++i) {
        const bool gap = i < n && (std::isnan(points[i].x()) || std::isnan(points[i].y()));
        if (i < n && !gap)
            continue;
        if (begin < i)
            simplifyPiece(points, begin, i, tolerance, out);
        if (gap)
            out.append(points[i]);
        begin = i + 1;
    }
    return out;
}

void LineGraph::drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const {
    QCPGraph::drawLinePlot(painter, simplifyPolyline(lines, kTolerancePx));
}

LineGraph* addLineGraph(QCPAxis* key, QCPAxis* value) {
    return new LineGraph(key, value);
}

}  // namespace slb
