#include "layertrendsplot.h"

#include <cmath>
#include <set>

#include "linegraph.h"
#include "plothelpers.h"
#include "plotstyle.h"
#include "runmodel.h"

namespace slb {

namespace {

// With more layers than this the legend would crowd the plot: it then names the picked layer
// only, and the layer picker (whose entries carry the same colours) names the rest.
constexpr int kMaxLegendLayers = 8;

const char* kPickedLayer = "picked";
const char* kCursorLayer = "cursor";

}  // namespace

LayerTrendsPlot::LayerTrendsPlot(QWidget* parent) : FittedPlot(parent) {
    setObjectName(QStringLiteral("trends"));
    stylePlot(this);
    setAutoAddPlottableToLegend(false);
    build();
}

void LayerTrendsPlot::build() {
    plotLayout()->clear();
    m_rects = new QCPLayoutGrid;
    plotLayout()->addElement(0, 0, m_rects);
    m_rects->setColumnSpacing(12);
    m_rects->setRowSpacing(4);
    m_entropyRect = addTitledRect(this, m_rects, 0, 0, tr("Mean entropy of P"));
    m_sharpRect = addTitledRect(this, m_rects, 0, 1, tr("Committed: max P > 0.999"));
    m_sides = new QCPMarginGroup(this);
    m_ends = new QCPMarginGroup(this);

    m_legend = new QCPLegend;
    plotLayout()->addElement(1, 0, m_legend);
    plotLayout()->setRowStretchFactor(1, 0.001);
    m_legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_legend->setWrap(4);
    QFont f = font();
    f.setPointSize(plotFontPointSize());
    m_legend->setFont(f);
    m_legend->setBorderPen(Qt::NoPen);
    m_legend->setMargins(QMargins(4, 2, 4, 6));  // room for descenders on the plot's edge
    m_legend->setRowSpacing(0);
    m_legend->setIconSize(24, 14);  // line samples: two legend columns in a narrow plot
    m_legend->setLayer(QStringLiteral("legend"));
    legend = m_legend;

    addLayer(kPickedLayer, layer("main"), QCustomPlot::limAbove);
    addLayer(kCursorLayer, layer(kPickedLayer), QCustomPlot::limAbove);
    for (QCPAxisRect* rect : {m_entropyRect, m_sharpRect}) {
        rect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
        setFittedTicks(rect->axis(QCPAxis::atBottom));
        setFittedTicks(rect->axis(QCPAxis::atLeft));
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, m_sides);
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        auto* line = new QCPItemStraightLine(this);
        line->setLayer(kCursorLayer);
        line->setClipAxisRect(rect);
        for (QCPItemPosition* p : {line->point1, line->point2}) {
            p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            p->setAxisRect(rect);
        }
        line->setPen(QPen(accentColor(), 2));
        line->setVisible(false);
        m_cursors.push_back(line);
    }
    m_entropyRect->axis(QCPAxis::atLeft)->setLabel(tr("nats"));
    m_sharpRect->axis(QCPAxis::atLeft)->setLabel(tr("% of weights"));
    // Dragging one time axis moves the other: both show the same span of the run.
    QCPAxis* ex = m_entropyRect->axis(QCPAxis::atBottom);
    QCPAxis* sx = m_sharpRect->axis(QCPAxis::atBottom);
    connect(ex, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), sx,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    connect(sx, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), ex,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    m_stacked = true;  // differs from what arrange() is asked for: it lays out
    arrange(false);
}

void LayerTrendsPlot::arrange(bool stacked) {
    if (stacked == m_stacked)
        return;
    m_stacked = stacked;
    auto* sharpCell = qobject_cast<QCPLayoutGrid*>(m_sharpRect->layout());
    if (!sharpCell)
        return;
    m_rects->take(sharpCell);
    m_rects->simplify();
    m_rects->addElement(stacked ? 1 : 0, stacked ? 0 : 1, sharpCell);
    // Side by side the two rects share their top and bottom; stacked, the upper one leaves its
    // time axis's labels to the lower one (the same span of the run, aligned).
    for (QCPAxisRect* rect : {m_entropyRect, m_sharpRect})
        rect->setMarginGroup(QCP::msTop | QCP::msBottom, stacked ? nullptr : m_ends);
    QCPAxis* upperTime = m_entropyRect->axis(QCPAxis::atBottom);
    upperTime->setTickLabels(!stacked);
    upperTime->setLabel(stacked ? QString() : tr("epoch"));
}

void LayerTrendsPlot::fitLayout() {
    arrange(width() < kSideBySideWidth);
    fitLegendColumns(m_legend, width());
    if (!m_stacked)
        return;
    // The lower cell also holds the time axis's labels: its row gets that much more, so that the
    // two plots come out equally tall (from the sizes of the last layout).
    const int upperCell = m_entropyRect->layout()->outerRect().height();
    const int lowerCell = m_sharpRect->layout()->outerRect().height();
    const int upperExtra = upperCell - m_entropyRect->height();
    const int lowerExtra = lowerCell - m_sharpRect->height();
    const double each = 0.5 * (upperCell + lowerCell - upperExtra - lowerExtra);
    if (each > 0 && m_rects->rowCount() == 2)
        m_rects->setRowStretchFactors({each + upperExtra, each + lowerExtra});
}

void LayerTrendsPlot::clearLines() {
    clearGraphs();
    m_entropy.clear();
    m_sharp.clear();
    m_uniform.clear();
    m_names.clear();
    m_legend->clearItems();
    m_count = 0;
    setCursor(std::nan(""));
}

void LayerTrendsPlot::rebuild(const RunModel& model) {
    clearLines();
    std::set<int> bits;
    int k = 0;
    for (const auto& l : model.layers()) {
        if (l.kind != "slb")
            continue;
        const QString name = QString::fromStdString(l.name);
        for (auto [rect, list] : {std::pair{m_entropyRect, &m_entropy}, {m_sharpRect, &m_sharp}}) {
            auto* g = addLineGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            g->setName(name);
            g->setPen(QPen(seriesColor(k), 1.5));
            g->setSelectable(QCP::stNone);
            list->push_back(g);
        }
        bits.insert(std::clamp(l.weightBits, 1, 16));
        ++k;
    }
    double maxEntropy = 0;
    for (int b : bits) {
        // log m: the entropy of a uniform P over m = 2^b values, where every layer starts.
        const double logM = std::log(double(std::int64_t(1) << b));
        maxEntropy = std::max(maxEntropy, logM);
        auto* g = new QCPGraph(m_entropyRect->axis(QCPAxis::atBottom),
                               m_entropyRect->axis(QCPAxis::atLeft));
        g->setName(tr("uniform: log %1").arg(1 << b));
        g->setPen(QPen(QColor(60, 60, 60), 1.5, Qt::DashLine));
        g->setSelectable(QCP::stNone);
        g->addData(0, logM);
        g->addData(m_epochs, logM);
        m_uniform.push_back(g);
    }
    for (QCPAxisRect* rect : {m_entropyRect, m_sharpRect})
        rect->axis(QCPAxis::atBottom)->setRange(0, m_epochs);
    m_entropyRect->axis(QCPAxis::atLeft)->setRange(0, std::max(0.1, maxEntropy * 1.08));
    m_sharpRect->axis(QCPAxis::atLeft)->setRange(0, 105);
    applyPicked();
}

void LayerTrendsPlot::sync(const RunModel& model, int firstChanged) {
    std::vector<std::string> names;
    for (const auto& l : model.layers())
        if (l.kind == "slb")
            names.push_back(l.name + "/" + std::to_string(l.weightBits));
    const auto layout = model.layout();
    if (names != m_names || layout.itersPerEpoch != m_itersPerEpoch ||
        double(layout.totalEpochs) != m_epochs) {
        m_itersPerEpoch = layout.itersPerEpoch;
        m_epochs = layout.totalEpochs;
        rebuild(model);
        m_names = names;
    }
    const auto& steps = model.snapshotSteps();
    const int from = std::clamp(firstChanged, 0, m_count);
    const int to = int(steps.size());
    const double ipe = double(std::max<std::int64_t>(1, m_itersPerEpoch));
    std::size_t k = 0;
    for (std::size_t li = 0; li < model.layers().size(); ++li) {
        if (model.layers()[li].kind != "slb" || k >= m_entropy.size())
            continue;
        QCPGraph* entropy = m_entropy[k];
        QCPGraph* sharp = m_sharp[k];
        ++k;
        if (from < m_count && std::size_t(from) < steps.size()) {
            // Snapshots from `from` on were replaced (a resumed run): drop their points.
            const double cut =
                epochAfterStep(steps[std::size_t(from)], m_itersPerEpoch) - 0.5 / ipe;
            entropy->data()->removeAfter(cut);
            sharp->data()->removeAfter(cut);
        } else if (from < m_count) {
            entropy->data()->clear();  // the run was cleared
            sharp->data()->clear();
        }
        const auto& history = model.layerHistory(int(li));
        for (int i = from; i < to && std::size_t(i) < history.size(); ++i) {
            const auto& s = history[std::size_t(i)];
            const double x = epochAfterStep(s.step, m_itersPerEpoch);
            entropy->addData(x, s.slb.meanEntropy);
            sharp->addData(x, 100.0 * s.slb.sharpShare);
        }
    }
    m_count = to;
}

void LayerTrendsPlot::setPicked(int slbIndex) {
    if (slbIndex != m_picked) {
        m_picked = slbIndex;
        applyPicked();
    }
}

void LayerTrendsPlot::applyPicked() {
    const int slbIndex = m_picked;
    for (std::size_t i = 0; i < m_entropy.size(); ++i) {
        const bool picked = int(i) == slbIndex;
        const QColor c = picked ? seriesColor(int(i)) : withAlpha(seriesColor(int(i)), 150);
        for (QCPGraph* g : {m_entropy[i], m_sharp[i]}) {
            g->setPen(QPen(c, picked ? 4.0 : 1.5));
            g->setLayer(picked ? kPickedLayer : "main");
        }
    }
    relegend();
}

void LayerTrendsPlot::relegend() {
    m_legend->clearItems();
    const bool all = int(m_entropy.size()) <= kMaxLegendLayers;
    for (std::size_t i = 0; i < m_entropy.size(); ++i) {
        if (!all && int(i) != m_picked)
            continue;
        addLegendEntry(m_entropy[i], m_legend);
        if (int(i) == m_picked) {
            auto* item = m_legend->itemWithPlottable(m_entropy[i]);
            QFont f = m_legend->font();
            f.setBold(true);
            item->setFont(f);
        }
    }
    for (QCPGraph* g : m_uniform)
        addLegendEntry(g, m_legend);
    m_legend->setVisible(m_legend->itemCount() > 0);
    fitLegendColumns(m_legend, width());
}

void LayerTrendsPlot::setCursor(double epoch) {
    const bool show = std::isfinite(epoch);
    for (QCPItemStraightLine* line : m_cursors) {
        line->setVisible(show);
        if (show) {
            line->point1->setCoords(epoch, 0);
            line->point2->setCoords(epoch, 1);
        }
    }
}

}  // namespace slb
