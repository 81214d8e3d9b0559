// SoftmaxPlayground's random layer: 4,096 weights with N(0, 1) logits taken through the
// schedule's sweep, drawn by the Distributions panel's own heatmap from a RunModel of their
// snapshots, with the share of committed weights under it.
#include <qcustomplot.h>

#include <QLocale>
#include <algorithm>
#include <cmath>
#include <random>

#include "base/quantmath.h"
#include "layerheatmap.h"
#include "plothelpers.h"
#include "plotstyle.h"
#include "runmodel.h"
#include "softmaxplayground.h"

namespace slb {

namespace qm = quantmath;

namespace {

QCPItemStraightLine* verticalLine(QCustomPlot* plot, QCPAxisRect* rect, const QPen& pen) {
    auto* line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(rect);
    for (QCPItemPosition* p : {line->point1, line->point2}) {
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    line->point1->setCoords(0, 0);
    line->point2->setCoords(0, 1);
    line->setPen(pen);
    return line;
}

/** The max-probability histogram (SlbSnapshot's bins over [1/m, 1]) of weights whose logits
 *  are `logits` (rows of m), at T, and their share with max P > 0.999. */
struct LayerAtT {
    std::vector<double> hist;
    double committed = 0;
};

LayerAtT layerAt(const std::vector<double>& logits, int m, double t) {
    const std::size_t n = logits.size() / std::size_t(std::max(1, m));
    const double low = 1.0 / double(m);
    LayerAtT out;
    out.hist.assign(SlbSnapshot::kMaxProbBins, 0.0);
    std::vector<double> row(static_cast<std::size_t>(m), 0.0);
    std::size_t sharp = 0;
    for (std::size_t w = 0; w < n; ++w) {
        std::copy_n(logits.begin() + std::ptrdiff_t(w * std::size_t(m)), m, row.begin());
        const auto p = qm::softmaxAt(row, t);
        const double top = *std::max_element(p.begin(), p.end());
        sharp += top > 0.999;
        const int bin = std::clamp(int((top - low) / (1.0 - low) * SlbSnapshot::kMaxProbBins), 0,
                                   SlbSnapshot::kMaxProbBins - 1);
        out.hist[std::size_t(bin)] += 1.0 / double(n);
    }
    out.committed = n ? double(sharp) / double(n) : 0.0;
    return out;
}

}  // namespace

void SoftmaxPlayground::buildLayerPlot() {
    m_layerPlot = new FittedPlot(this);
    m_layerPlot->setObjectName(QStringLiteral("layerPlot"));
    QCustomPlot* p = m_layerPlot;
    stylePlot(p);
    p->setInteractions({});
    QCPAxisRect* mapRect = p->axisRect();
    p->plotLayout()->take(mapRect);
    p->plotLayout()->simplify();
    p->plotLayout()->addElement(
        0, 0,
        makePlotTitle(p, tr("A random layer (%1 weights) through the schedule: max P of each "
                            "weight, as the Distributions panel draws a run")
                             .arg(QLocale().toString(kLayerWeights))));
    auto* mapRow = new QCPLayoutGrid;
    p->plotLayout()->addElement(1, 0, mapRow);
    mapRow->addElement(0, 0, mapRect);
    auto* scale = new QCPColorScale(p);
    mapRow->addElement(0, 1, scale);
    mapRow->setColumnStretchFactor(1, 0.001);
    LayerHeatmap::setupShareScale(scale);
    auto* group = new QCPMarginGroup(p);
    mapRect->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    mapRect->axis(QCPAxis::atLeft)->setLabel(tr("max P of a weight"));
    mapRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    for (QCPAxis* a : mapRect->axes()) {
        a->grid()->setVisible(false);
        setFittedTicks(a);
    }
    m_heatmap = std::make_unique<LayerHeatmap>(mapRect);

    // The share of committed weights under the map, in the map's column: the x axes line up.
    auto* committed = new QCPAxisRect(p);
    mapRow->addElement(1, 0, committed);
    mapRow->setRowStretchFactor(0, 2);
    mapRow->setRowStretchFactor(1, 1);
    auto* columns = new QCPMarginGroup(p);
    mapRect->setMarginGroup(QCP::msLeft, columns);
    committed->setMarginGroup(QCP::msLeft, columns);
    for (QCPAxis* a : committed->axes())
        styleAxis(a);
    committed->axis(QCPAxis::atLeft)->setLabel(tr("% committed\n(max P > 0.999)"));
    committed->axis(QCPAxis::atLeft)->setRange(0, 105);
    auto fixed = QSharedPointer<QCPAxisTickerFixed>::create();
    fixed->setTickStep(50);
    committed->axis(QCPAxis::atLeft)->setTicker(fixed);
    committed->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    setFittedTicks(committed->axis(QCPAxis::atBottom));
    m_committedGraph =
        p->addGraph(committed->axis(QCPAxis::atBottom), committed->axis(QCPAxis::atLeft));
    m_committedGraph->setPen(QPen(softColor(), 3));
    m_committedCursor = verticalLine(p, committed, QPen(accentColor(), 2.5));

    // The histogram of max P at the T of the slider: one column of the map, as bars.
    auto* hist = new QCPAxisRect(p);
    mapRow->addElement(2, 0, hist);
    mapRow->setRowStretchFactor(2, 1);
    hist->setMarginGroup(QCP::msLeft, columns);
    for (QCPAxis* a : hist->axes())
        styleAxis(a);
    hist->axis(QCPAxis::atLeft)->setLabel(tr("% of weights\nat this T"));
    hist->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
    hist->axis(QCPAxis::atBottom)->setLabel(tr("max P of a weight at the slider's T"));
    setFittedTicks(hist->axis(QCPAxis::atBottom));
    m_histBars = new QCPBars(hist->axis(QCPAxis::atBottom), hist->axis(QCPAxis::atLeft));
    m_histBars->setPen(Qt::NoPen);
    m_histBars->setBrush(accentColor());  // the column under the "now" line, in its colour
    p->plotLayout()->setRowStretchFactor(0, 0.001);
    p->setMinimumHeight(480);
}

void SoftmaxPlayground::newRandomLayer() {
    ++m_layerSeed;
    recomputeLayer();
}

void SoftmaxPlayground::recomputeLayer() {
    const int m = int(m_values.size());
    const std::size_t n = kLayerWeights;
    m_layerLogits.assign(n * std::size_t(m), 0.0);
    std::mt19937 gen(m_layerSeed);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (double& a : m_layerLogits)
        a = normal(gen);

    const TrainProgress layout = RunModel::plannedLayout(m_config);
    RunStartedEvent info;
    info.itersPerEpoch = layout.itersPerEpoch;
    info.totalEpochs = layout.totalEpochs;
    LayerInfo li;
    li.name = "random";
    li.kind = "slb";
    li.weightBits = int(std::lround(std::log2(double(m))));
    li.numWeights = std::int64_t(n);
    info.layers = {li};
    RunConfig c = m_config;
    const std::int64_t spacing =
        m_sweep.size() > 1 ? std::max<std::int64_t>(1, m_sweep[1].iteration - m_sweep[0].iteration)
                           : 1;
    c.snapshotEvery = int(std::min<std::int64_t>(spacing, 1 << 30));
    m_layerModel->clear();
    m_layerModel->setConfig(c);
    m_layerModel->setRunInfo(info);

    m_committed.clear();
    QVector<double> xs, ys;
    const double low = 1.0 / double(m);
    for (const SweepPoint& s : m_sweep) {
        SnapshotEvent e;
        e.step = s.iteration;
        LayerSnapshot l;
        l.layer = li.name;
        l.kind = LayerSnapshot::Kind::Slb;
        l.step = s.iteration;
        l.numWeights = li.numWeights;
        l.slb.bits = li.weightBits;
        l.slb.temperature = s.t;
        for (double v : m_values)
            l.slb.values.push_back(float(v));
        const LayerAtT at = layerAt(m_layerLogits, m, s.t);
        l.slb.maxProbHist.assign(at.hist.begin(), at.hist.end());
        l.slb.sharpShare = at.committed;
        e.layers.push_back(l);
        m_layerModel->appendSnapshot(e);
        m_committed.push_back(l.slb.sharpShare);
        xs << s.epoch;
        ys << l.slb.sharpShare * 100.0;
    }
    m_heatmap->clear();
    m_heatmap->sync(*m_layerModel, 0, 0);
    QCPAxisRect* mapRect = m_heatmap->axisRect();
    mapRect->axis(QCPAxis::atBottom)->setRange(0, layout.totalEpochs);
    mapRect->axis(QCPAxis::atLeft)->setRange(low, 1);
    m_committedGraph->setData(xs, ys, true);
    m_committedGraph->keyAxis()->setRange(0, layout.totalEpochs);
    placeCursor();
}

std::vector<double> SoftmaxPlayground::layerHistogramAt(double t) const {
    return layerAt(m_layerLogits, int(m_values.size()), t).hist;
}

void SoftmaxPlayground::placeCursor() {
    // The histogram of the layer at the slider's T, bins as the map's rows.
    const double low = 1.0 / double(m_values.size());
    const double width = (1.0 - low) / SlbSnapshot::kMaxProbBins;
    QVector<double> keys, shares;
    const auto hist = layerHistogramAt(m_t);
    for (std::size_t i = 0; i < hist.size(); ++i) {
        keys << low + width * (double(i) + 0.5);
        shares << hist[i] * 100.0;
    }
    m_histBars->setWidth(width * 0.9);
    m_histBars->setData(keys, shares, true);
    m_histBars->keyAxis()->setRange(low, 1);
    // The value axis fits the tallest bar on a few fixed scales, so a spread layer (every bar
    // under 10 %) stays readable and the scale only changes at clear steps.
    const double top = hist.empty() ? 0.0 : *std::max_element(hist.begin(), hist.end()) * 100.0;
    double range = 100, step = 50;
    static constexpr std::pair<double, double> kScales[] = {{10, 5}, {25, 10}, {50, 25}};
    for (const auto& [r, tick] : kScales)
        if (top <= r / 1.05) {
            range = r;
            step = tick;
            break;
        }
    QCPAxis* shareAxis = m_histBars->valueAxis();
    shareAxis->setRange(0, range * 1.05);
    static_cast<QCPAxisTickerFixed*>(shareAxis->ticker().data())->setTickStep(step);
    const double x = m_cursorEpoch;
    m_heatmap->setCursor(x >= 0 ? x : std::nan(""));
    m_committedCursor->setVisible(x >= 0);
    m_committedCursor->point1->setCoords(x, 0);
    m_committedCursor->point2->setCoords(x, 1);
    m_layerPlot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace slb
