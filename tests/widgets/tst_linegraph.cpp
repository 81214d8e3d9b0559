// LineGraph and simplifyPolyline: every input point stays within a third of a pixel of the line
// drawn instead (straight runs, smooth curves, noise, spikes, turns back on the same line, NaN
// gaps); smooth curves keep few vertices; and a plot of LineGraphs draws what QCPGraph draws.

#include <QImage>
#include <QtTest>
#include <cmath>
#include <random>

#include "linegraph.h"

using namespace slb;

namespace {

constexpr double kTol = 0.2;
// The sleeve bounds the distance to the line through a segment by kTol, and a point's reach past
// the segment's end by kTol as well: at most √2 · kTol from the segment itself.
constexpr double kBound = 1.4143 * kTol + 1e-9;

double segmentDistance(const QPointF& p, const QPointF& a, const QPointF& b) {
    const QPointF ab = b - a, ap = p - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(ap, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF q = a + t * ab - p;
    return std::hypot(q.x(), q.y());
}

/** The largest distance from a finite input point to the simplified piece it belongs to. */
double worstDistance(const QVector<QPointF>& in, const QVector<QPointF>& out) {
    double worst = 0;
    int j = 0;  // the start of the current piece in `out`
    int i = 0;
    while (i < in.size()) {
        if (std::isnan(in[i].y())) {
            ++i;
            continue;
        }
        int end = j;
        while (end < out.size() && !std::isnan(out[end].y()))
            ++end;
        for (; i < in.size() && !std::isnan(in[i].y()); ++i) {
            double best = end - j == 1 ? std::hypot(in[i].x() - out[j].x(), in[i].y() - out[j].y())
                                       : INFINITY;
            for (int k = j; k + 1 < end; ++k)
                best = std::min(best, segmentDistance(in[i], out[k], out[k + 1]));
            worst = std::max(worst, best);
        }
        j = end + 1;
    }
    return worst;
}

QImage render(bool simplified, const QVector<double>& x, const QVector<double>& y, Qt::PenStyle s) {
    QCustomPlot plot;
    plot.resize(600, 300);
    QCPGraph* g = simplified ? addLineGraph(plot.xAxis, plot.yAxis) : plot.addGraph();
    g->setData(x, y);
    g->setPen(QPen(Qt::black, 2.5, s));
    plot.rescaleAxes();
    return plot.toPixmap(600, 300).toImage().convertToFormat(QImage::Format_Grayscale8);
}

}  // namespace

class TestLineGraph : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void straightRunsKeepTheirEnds() {
        QVector<QPointF> line;
        for (int i = 0; i < 1000; ++i)
            line.append(QPointF(0.5 * i, 3 + 0.25 * i));
        const auto out = simplifyPolyline(line, kTol);
        QCOMPARE(out.size(), 2);
        QCOMPARE(out.first(), line.first());
        QCOMPARE(out.last(), line.last());
    }

    void smoothCurvesKeepFewVerticesAndTheirShape() {
        QVector<QPointF> curve;
        for (int i = 0; i < 2400; ++i)  // four points per pixel, as QCustomPlot samples
            curve.append(QPointF(0.25 * i, 150 + 120 * std::exp(-i / 600.0) * std::cos(i / 90.0)));
        const auto out = simplifyPolyline(curve, kTol);
        QVERIFY2(out.size() < 150, qPrintable(QString::number(out.size())));
        QVERIFY(worstDistance(curve, out) <= kBound);
    }

    void noiseStaysWithinTolerance() {
        std::mt19937 rng(7);
        std::normal_distribution<double> n(0, 1);
        for (double sigma : {0.05, 0.3, 3.0, 40.0}) {
            QVector<QPointF> noisy;
            for (int i = 0; i < 3000; ++i)
                noisy.append(QPointF(0.25 * i + 0.05 * n(rng), 200 + sigma * n(rng)));
            const auto out = simplifyPolyline(noisy, kTol);
            QVERIFY2(worstDistance(noisy, out) <= kBound, qPrintable(QString::number(sigma)));
        }
    }

    void spikesAndTurnsBackKeepTheirTips() {
        const QVector<QPointF> spike{{0, 0}, {1, 0}, {2, 50}, {3, 0}, {4, 0}};
        QVERIFY(simplifyPolyline(spike, kTol).contains(QPointF(2, 50)));
        // Out along a line and back along it: the far end must stay, though every point lies on
        // the line through the first and the last.
        const QVector<QPointF> back{{0, 0}, {5, 0}, {10, 0}, {7, 0}, {4, 0}};
        const auto out = simplifyPolyline(back, kTol);
        QVERIFY(out.contains(QPointF(10, 0)));
        QVERIFY(worstDistance(back, out) <= kBound);
        // A vertical sampled column (min and max at one x), as QCustomPlot's sampling gives.
        const QVector<QPointF> column{{0, 10}, {1, 10}, {1, 90}, {1, 5}, {2, 10}, {3, 10}};
        QVERIFY(worstDistance(column, simplifyPolyline(column, kTol)) <= kBound);
    }

    void nanGapsSplitTheLine() {
        const double nan = std::nan("");
        QVector<QPointF> in;
        for (int i = 0; i < 50; ++i)
            in.append(QPointF(i, i));
        in.append(QPointF(nan, nan));
        for (int i = 60; i < 100; ++i)
            in.append(QPointF(i, 100 - i));
        in.append(QPointF(100, nan));
        in.append(QPointF(101, 7));  // a piece of one point
        const auto out = simplifyPolyline(in, kTol);
        QCOMPARE(out.size(), 2 + 1 + 2 + 1 + 1);
        QVERIFY(std::isnan(out[2].x()));
        QCOMPARE(out[3], QPointF(60, 40));
        QVERIFY(std::isnan(out[5].y()));
        QCOMPARE(out[6], QPointF(101, 7));
        QVERIFY(simplifyPolyline({}, kTol).isEmpty());
        QCOMPARE(simplifyPolyline({QPointF(1, 2)}, kTol).size(), 1);
    }

    void drawsWhatQcpGraphDraws() {
        QVector<double> x, y;
        std::mt19937 rng(3);
        std::normal_distribution<double> n(0, 1);
        for (int i = 0; i < 5000; ++i)
            x << i, y << std::exp(-i / 1500.0) + 0.01 * n(rng) + (i == 2500 ? 0.3 : 0.0);
        for (Qt::PenStyle style : {Qt::SolidLine, Qt::DashLine}) {
            const QImage plain = render(false, x, y, style), ours = render(true, x, y, style);
            QCOMPARE(ours.size(), plain.size());
            // Antialiased edges may differ by a shade; no line may move or vanish.
            int differing = 0, inked = 0;
            for (int r = 0; r < plain.height(); ++r)
                for (int c = 0; c < plain.width(); ++c) {
                    const int a = plain.pixelColor(c, r).value(), b = ours.pixelColor(c, r).value();
                    differing += std::abs(a - b) > 96;
                    inked += a < 128;
                }
            QVERIFY(inked > 1000);
            QVERIFY2(differing < inked / 50,
                     qPrintable(QStringLiteral("%1 of %2").arg(differing).arg(inked)));
        }
    }
};

QTEST_MAIN(TestLineGraph)
#include "tst_linegraph.moc"
