#include "steptrendplot.h"

#include <cmath>

#include "linegraph.h"
#include "plothelpers.h"
#include "plotstyle.h"
#include "runmodel.h"

namespace slb {

namespace {

const char* kPickedLayer = "picked";
// The legend names every layer while it takes at most this share of the plot's height.
constexpr double kMaxLegendShare = 0.25;

bool sameSeries(const std::vector<StepTrendPlot::Series>& a,
                const std::vector<StepTrendPlot::Series>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].layer != b[i].layer || a[i].weights != b[i].weights ||
            a[i].activations != b[i].activations)
            return false;
    return true;
}

}  // namespace

StepTrendPlot::StepTrendPlot(QWidget* parent) : FittedPlot(parent) {
    setObjectName(QStringLiteral("stepSizes"));
    stylePlot(this);
    setAutoAddPlottableToLegend(false);
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, makePlotTitle(this, tr("Step sizes over time (log scale)")));
    // The legend sits under the plot in several columns: 20 layers would cover the lines.
    axisRect()->insetLayout()->take(legend);
    m_legend = legend;
    plotLayout()->addElement(2, 0, m_legend);
    plotLayout()->setRowStretchFactor(2, 0.001);
    m_legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_legend->setWrap(6);
    m_legend->setBorderPen(Qt::NoPen);
    m_legend->setMargins(QMargins(4, 2, 4, 6));
    m_legend->setRowSpacing(0);
    m_legend->setVisible(true);

    xAxis->setLabel(tr("epoch"));
    setFittedTicks(xAxis);
    yAxis->setLabel(tr("step size s"));
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_logTicker = QSharedPointer<QCPAxisTickerLog>::create();
    yAxis->setTicker(m_logTicker);
    yAxis->setRange(1e-3, 1);

    addLayer(kPickedLayer, layer("main"), QCustomPlot::limAbove);
    m_cursor = new QCPItemStraightLine(this);
    m_cursor->setPen(QPen(accentColor(), 2));
    m_cursor->setSelectable(false);
    m_cursor->setLayer(kPickedLayer);
    m_cursor->setVisible(false);
}

void StepTrendPlot::clearLines() {
    clearGraphs();
    m_series.clear();
    m_weights.clear();
    m_activations.clear();
    m_layerKeys.clear();
    m_styleKeys.clear();
    m_legend->clearItems();
    m_count = 0;
    m_low = m_high = 0;
    setCursor(std::nan(""));
}

void StepTrendPlot::rebuild(const RunModel& model, const std::vector<Series>& series) {
    clearLines();
    m_series = series;
    bool anyWeights = false, anyActivations = false;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const QColor color = seriesColor(int(i));
        const QString name =
            QString::fromStdString(model.layers()[std::size_t(series[i].layer)].name);
        // A legend key per layer in its colour; the lines themselves stay out of the legend.
        auto* key = addGraph();
        key->setName(name);
        key->setPen(QPen(color, 3));
        m_layerKeys.push_back(key);
        auto line = [&](bool on, Qt::PenStyle style, const QString& what) -> QCPGraph* {
            if (!on)
                return nullptr;
            auto* g = addLineGraph(xAxis, yAxis);
            g->setName(name + QLatin1Char(' ') + what);
            g->setPen(QPen(color, 1.8, style));
            g->setSelectable(QCP::stNone);
            return g;
        };
        m_weights.push_back(line(series[i].weights, Qt::SolidLine, QStringLiteral("s_w")));
        m_activations.push_back(line(series[i].activations, Qt::DashLine, QStringLiteral("s_a")));
        anyWeights |= series[i].weights;
        anyActivations |= series[i].activations;
    }
    auto styleKey = [&](const QString& text, Qt::PenStyle style) {
        auto* key = addGraph();
        key->setName(text);
        key->setPen(QPen(QColor(40, 40, 40), 2, style));
        m_styleKeys.push_back(key);
    };
    if (anyWeights)
        styleKey(tr("s_w (weights)"), Qt::SolidLine);
    if (anyActivations)
        styleKey(tr("s_a (activations)"), Qt::DashLine);
    xAxis->setRange(0, m_epochs);
    setPicked(m_picked);
    relegend();
}

void StepTrendPlot::relegend() {
    m_legend->clearItems();
    for (std::size_t i = 0; i < m_layerKeys.size(); ++i) {
        if (!m_fullLegend && int(i) != m_picked)
            continue;
        addLegendEntry(m_layerKeys[i], m_legend);
        if (int(i) == m_picked) {
            QFont f = m_legend->font();
            f.setBold(true);
            m_legend->itemWithPlottable(m_layerKeys[i])->setFont(f);
        }
    }
    for (QCPGraph* key : m_styleKeys)
        addLegendEntry(key, m_legend);
    fitLegendColumns(m_legend, width());
}

void StepTrendPlot::fitLayout() {
    QStringList names;
    for (const auto* keys : {&m_layerKeys, &m_styleKeys})
        for (QCPGraph* key : *keys)
            names << key->name();
    const int rowHeight = QFontMetrics(m_legend->font()).height() + 3;
    const bool full =
        legendRows(m_legend, names, width()) * rowHeight <= kMaxLegendShare * height();
    if (full != m_fullLegend) {
        m_fullLegend = full;
        relegend();
    }
    fitLegendColumns(m_legend, width());
    updateTicks();
}

void StepTrendPlot::sync(const RunModel& model, const std::vector<Series>& series,
                         int firstChanged) {
    const auto layout = model.layout();
    if (!sameSeries(series, m_series) || layout.itersPerEpoch != m_itersPerEpoch ||
        double(layout.totalEpochs) != m_epochs) {
        m_itersPerEpoch = layout.itersPerEpoch;
        m_epochs = layout.totalEpochs;
        rebuild(model, series);
    }
    const auto& steps = model.snapshotSteps();
    const int from = std::clamp(firstChanged, 0, m_count);
    const int to = int(steps.size());
    if (from == to && from == m_count)
        return;
    const double ipe = double(std::max<std::int64_t>(1, m_itersPerEpoch));
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const auto& history = model.layerHistory(m_series[i].layer);
        for (QCPGraph* g : {m_weights[i], m_activations[i]}) {
            if (!g || from >= m_count)
                continue;
            // Snapshots from `from` on were replaced (a resumed run) or the run was cleared.
            if (std::size_t(from) < steps.size())
                g->data()->removeAfter(epochAfterStep(steps[std::size_t(from)], m_itersPerEpoch) -
                                       0.5 / ipe);
            else
                g->data()->clear();
        }
        for (int k = from; k < to && std::size_t(k) < history.size(); ++k) {
            const auto& s = history[std::size_t(k)];
            const double x = epochAfterStep(s.step, m_itersPerEpoch);
            // A quantizer that has not seen data has no step yet: no point, not a zero.
            if (m_weights[i] && s.lsqWeight.valid && s.lsqWeight.step > 0)
                m_weights[i]->addData(x, s.lsqWeight.step);
            if (m_activations[i] && s.activation.valid && s.activation.step > 0)
                m_activations[i]->addData(x, s.activation.step);
        }
    }
    m_count = to;
    rescaleSteps();
}

void StepTrendPlot::rescaleSteps() {
    double low = INFINITY, high = 0;
    for (std::size_t i = 0; i < m_series.size(); ++i)
        for (QCPGraph* g : {m_weights[i], m_activations[i]}) {
            if (!g || g->data()->isEmpty())
                continue;
            bool found = false;
            const QCPRange r = g->data()->valueRange(found, QCP::sdPositive);
            if (found) {
                low = std::min(low, r.lower);
                high = std::max(high, r.upper);
            }
        }
    if (high <= 0 || (low == m_low && high == m_high))
        return;
    m_low = low;
    m_high = high;
    // Log axis: a factor of margin on either side, and at least a factor of ten in view.
    const double mid = std::sqrt(low * high);
    const double half = std::max(std::sqrt(high / low) * 1.3, std::sqrt(10.0));
    yAxis->setRange(QCPRange(mid / half, mid * half));
}

void StepTrendPlot::updateTicks() {
    // Labels at 1, 2 and 5 times each power of ten where the axis is tall enough, else at the
    // powers of ten only: a log axis spanning a decade or two would otherwise carry one or two
    // numbers, and a short one would pile them up.
    const QCPRange range = yAxis->range();
    if (range.lower <= 0)
        return;
    const int first = int(std::floor(std::log10(range.lower)));
    const int last = int(std::ceil(std::log10(range.upper)));
    const double decades = std::log10(range.upper / range.lower);
    const double pixelsPerDecade = axisRect()->height() / std::max(decades, 1e-9);
    const int labelHeight = QFontMetrics(yAxis->tickLabelFont()).height();
    const bool dense = pixelsPerDecade > 4.0 * labelHeight;
    QMap<double, QString> ticks;
    for (int e = first; e <= last; ++e)
        for (double m : {1.0, 2.0, 5.0}) {
            const double v = m * std::pow(10.0, e);
            if ((m == 1.0 || dense) && range.contains(v))
                ticks.insert(v, QString::number(v, 'g', 3));
        }
    if (ticks.size() < 2) {
        // Less than a decade in view: the plain log ticker finds its own labels.
        if (m_textTicker) {
            yAxis->setTicker(m_logTicker);
            m_textTicker.reset();
        }
        return;
    }
    if (!m_textTicker) {
        m_textTicker = QSharedPointer<QCPAxisTickerText>::create();
        m_textTicker->setSubTickCount(0);
        yAxis->setTicker(m_textTicker);
    }
    if (m_textTicker->ticks() != ticks)
        m_textTicker->setTicks(ticks);
}

void StepTrendPlot::setPicked(int index) {
    const bool changed = index != m_picked;
    m_picked = index;
    if (changed)
        relegend();
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const bool picked = int(i) == index;
        for (QCPGraph* g : {m_weights[i], m_activations[i]}) {
            if (!g)
                continue;
            QPen pen = g->pen();
            pen.setWidthF(picked ? 4.0 : 1.8);
            g->setPen(pen);
            g->setLayer(picked ? kPickedLayer : "main");
        }
    }
}

void StepTrendPlot::setCursor(double epoch) {
    const bool show = std::isfinite(epoch);
    m_cursor->setVisible(show);
    if (show) {
        m_cursor->point1->setCoords(epoch, 1);
        m_cursor->point2->setCoords(epoch, 2);
    }
}

int StepTrendPlot::lineCount() const {
    int n = 0;
    for (std::size_t i = 0; i < m_series.size(); ++i)
        for (QCPGraph* g : {m_weights[i], m_activations[i]})
            n += g && !g->data()->isEmpty() ? 1 : 0;
    return n;
}

}  // namespace slb
