#include "layerheatmap.h"

#include <qcustomplot.h>

#include <QPointer>
#include <cmath>
#include <utility>
#include <vector>

#include "columnmap.h"
#include "plothelpers.h"
#include "plotstyle.h"
#include "runmodel.h"

namespace slb {

namespace {

constexpr ColumnMap::Scale kShareScale = ColumnMap::Scale::Sqrt;

QCPItemStraightLine* makeLine(QCPAxisRect* rect, const QPen& pen) {
    auto* line = new QCPItemStraightLine(rect->parentPlot());
    line->setClipAxisRect(rect);
    for (QCPItemPosition* p : {line->point1, line->point2}) {
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        p->setAxisRect(rect);
    }
    line->setPen(pen);
    line->setSelectable(false);
    line->setVisible(false);
    return line;
}

/**
 * Labelled ticks in order of importance, each drawn only where it keeps a label's height from
 * those already drawn: a short colour bar keeps 0, 100 %, 50 %… and drops 5 % before it would
 * overlap 1 % and 10 %.
 */
class ShareTicker : public QCPAxisTicker {
public:
    ShareTicker(QCPAxis* axis, std::vector<std::pair<double, QString>> ticks)
        : m_axis(axis), m_ticks(std::move(ticks)) {}

protected:
    QVector<double> createTickVector(double, const QCPRange& range) override {
        m_shown.clear();
        const double length = m_axis && m_axis->axisRect() ? m_axis->axisRect()->height() : 0.0;
        const double need = m_axis ? 1.15 * QFontMetrics(m_axis->tickLabelFont()).height() : 0;
        std::vector<double> kept;
        for (const auto& [value, text] : m_ticks) {
            if (!range.contains(value))
                continue;
            const double at = length * (value - range.lower) / range.size();
            bool free = true;
            for (double other : kept)
                free = free && std::abs(length * (other - range.lower) / range.size() - at) >= need;
            if (!free && length > 0)
                continue;
            kept.push_back(value);
            m_shown.insert(value, text);
        }
        return QVector<double>(m_shown.keyBegin(), m_shown.keyEnd());
    }
    QVector<double> createSubTickVector(int, const QVector<double>&) override { return {}; }
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale&, QChar,
                                       int) override {
        QVector<QString> labels;
        for (double t : ticks)
            labels << m_shown.value(t);
        return labels;
    }

private:
    QPointer<QCPAxis> m_axis;
    std::vector<std::pair<double, QString>> m_ticks;  ///< most important first
    QMap<double, QString> m_shown;
};

}  // namespace

LayerHeatmap::LayerHeatmap(QCPAxisRect* rect) : m_rect(rect) {
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    m_map = new ColumnMap(x, y);
    m_map->setGradient(viridisGradient());
    m_map->setDataRange(QCPRange(0, 1));
    m_map->setScale(kShareScale);

    // Accent on a white halo: the line must stand out on every viridis colour, dark and light.
    m_halo = makeLine(rect, QPen(QColor(255, 255, 255, 230), 6));
    m_cursor = makeLine(rect, QPen(accentColor(), 2.5));
}

void LayerHeatmap::clear() {
    m_layer = -1;
    m_map->truncate(0);
}

void LayerHeatmap::sync(const RunModel& model, int layer, int firstChanged) {
    const std::int64_t ipe = model.layout().itersPerEpoch;
    const auto& history = model.layerHistory(layer);
    if (layer != m_layer || ipe != m_itersPerEpoch) {
        m_layer = layer;
        m_itersPerEpoch = ipe;
        firstChanged = 0;
        double low = 0.0;
        if (!history.empty() && !history.front().slb.values.empty())
            low = history.front().slb.maxProbLow();
        else if (layer >= 0 && std::size_t(layer) < model.layers().size())
            low = 1.0 / double(std::int64_t(1)
                               << std::clamp(model.layers()[std::size_t(layer)].weightBits, 0, 16));
        m_map->setRows(SlbSnapshot::kMaxProbBins, low, 1.0);
        // A lone first snapshot is drawn as wide as the snapshot interval.
        m_map->setLoneColumnWidth(double(std::max(1, model.config().snapshotEvery)) / double(ipe));
    }
    m_map->setKeyBounds(0, model.layout().totalEpochs);
    m_map->truncate(std::max(0, firstChanged));
    for (std::size_t i = std::size_t(m_map->columnCount()); i < history.size(); ++i)
        m_map->appendColumn(epochAfterStep(history[i].step, ipe), history[i].slb.maxProbHist);
}

void LayerHeatmap::setCursor(double epoch) {
    const bool show = std::isfinite(epoch);
    for (QCPItemStraightLine* line : {m_halo, m_cursor}) {
        line->setVisible(show);
        if (show) {
            line->point1->setCoords(epoch, 0);
            line->point2->setCoords(epoch, 1);
        }
    }
}

double LayerHeatmap::cell(int snapshot, int bin) const {
    return m_map->cell(snapshot, bin);
}

int LayerHeatmap::columnCount() const {
    return m_map->columnCount();
}

void LayerHeatmap::setupShareScale(QCPColorScale* scale) {
    scale->setGradient(viridisGradient());
    // The scale's axis is the gradient position (√share), labelled in shares.
    scale->setDataRange(
        QCPRange(ColumnMap::transformed(0, kShareScale), ColumnMap::transformed(1, kShareScale)));
    scale->setRangeDrag(false);
    scale->setRangeZoom(false);
    std::vector<std::pair<double, QString>> ticks;
    for (double share : {0.0, 1.0, 0.5, 0.25, 0.1, 0.01, 0.75, 0.05}) {
        const QString text =
            share == 0 ? QStringLiteral("0") : tr("%1 %").arg(share * 100, 0, 'g', 3);
        ticks.emplace_back(ColumnMap::transformed(share, kShareScale), text);
    }
    scale->axis()->setTicker(QSharedPointer<ShareTicker>::create(scale->axis(), ticks));
    styleAxis(scale->axis());
    scale->setLabel(tr("share of weights (√ scale)"));
    scale->setBarWidth(14);
}

}  // namespace slb
