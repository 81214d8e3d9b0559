#include "trackedweightsplot.h"

#include <algorithm>

#include "base/snapshot.h"
#include "plothelpers.h"
#include "plotstyle.h"

namespace slb {

namespace {

constexpr int kMaxColumns = 4;

}  // namespace

TrackedWeightsPlot::TrackedWeightsPlot(QWidget* parent) : FittedPlot(parent) {
    setObjectName(QStringLiteral("trackedWeights"));
    stylePlot(this);
    setInteractions(QCP::Interactions());
    setAutoAddPlottableToLegend(false);
    plotLayout()->clear();
    m_title = makePlotTitle(this, QString());
    plotLayout()->addElement(0, 0, m_title);
    m_cells = new QCPLayoutGrid;
    plotLayout()->addElement(1, 0, m_cells);
    m_cells->setColumnSpacing(4);
    m_cells->setRowSpacing(6);
    m_legend = new QCPLegend;
    plotLayout()->addElement(2, 0, m_legend);
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowStretchFactor(2, 0.001);
    m_legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_legend->setWrap(2);
    m_legend->setBorderPen(Qt::NoPen);
    m_legend->setMargins(QMargins(4, 2, 4, 6));  // room for descenders on the plot's edge
    QFont f = font();
    f.setPointSize(plotFontPointSize());
    m_legend->setFont(f);
    legend = m_legend;
    m_levels = QSharedPointer<QCPAxisTickerText>::create();
    setSnapshot(nullptr, QString());
}

void TrackedWeightsPlot::relayout(int count, const std::vector<float>& values) {
    m_legend->clearItems();
    for (const Mini& mini : m_minis) {
        removePlottable(mini.rest);
        removePlottable(mini.top);
    }
    m_minis.clear();
    for (QCPMarginGroup* g : m_groups)
        delete g;
    m_groups.clear();
    m_cells->clear();
    m_cells->simplify();
    m_values = values;
    if (count <= 0)
        return;

    const int m = int(values.size());
    const int columns = std::min(count, kMaxColumns);
    const int rows = (count + columns - 1) / columns;
    // P is 0…1 everywhere: two tick labels are enough, and keep the minis wide.
    auto yTicker = QSharedPointer<QCPAxisTickerText>::create();
    yTicker->addTick(0, QStringLiteral("0"));
    yTicker->addTick(1, QStringLiteral("1"));
    auto* columnGroup = new QCPMarginGroup(this);
    m_groups.push_back(columnGroup);
    std::vector<QCPMarginGroup*> rowGroups;
    for (int r = 0; r < rows; ++r)
        rowGroups.push_back(new QCPMarginGroup(this));
    m_groups.insert(m_groups.end(), rowGroups.begin(), rowGroups.end());

    for (int k = 0; k < count; ++k) {
        const int r = k / columns, c = k % columns;
        Mini mini{};
        mini.rect = addTitledRect(this, m_cells, r, c, QString(), &mini.title);
        mini.rect->setMinimumMargins(QMargins(2, 2, 6, 2));  // the last bar clear of the edge
        // Equal rect widths everywhere, although only the first column carries y tick labels.
        mini.rect->setMarginGroup(QCP::msTop | QCP::msBottom, rowGroups[std::size_t(r)]);
        mini.rect->setMarginGroup(QCP::msLeft | QCP::msRight, columnGroup);
        QCPAxis* x = mini.rect->axis(QCPAxis::atBottom);
        QCPAxis* y = mini.rect->axis(QCPAxis::atLeft);
        x->setTicker(m_levels);
        x->setRange(-0.55, m - 0.45);
        x->grid()->setVisible(false);
        y->setTicker(yTicker);
        y->setRange(0, 1.08);
        y->setTickLabels(c == 0);
        mini.rest = new QCPBars(x, y);
        mini.rest->setName(tr("P(v)"));
        mini.rest->setBrush(withAlpha(softColor(), 200));
        mini.rest->setPen(QPen(softColor().darker(130)));
        mini.top = new QCPBars(x, y);
        mini.top->setName(tr("argmax: the value W_q takes"));
        mini.top->setBrush(withAlpha(hardColor(), 220));
        mini.top->setPen(QPen(hardColor().darker(130)));
        for (QCPBars* b : {mini.rest, mini.top}) {
            b->setWidth(0.7);
            b->setSelectable(QCP::stNone);
        }
        m_minis.push_back(mini);
    }
    addLegendEntry(m_minis.front().rest, m_legend);
    addLegendEntry(m_minis.front().top, m_legend);
    fitLayout();
}

void TrackedWeightsPlot::setSnapshot(const SlbSnapshot* snapshot, const QString& title) {
    m_title->setText(title);
    const int m = snapshot ? int(snapshot->values.size()) : 0;
    const int count = m > 0 ? int(std::min(snapshot->trackedIndex.size(),
                                           snapshot->trackedProbs.size() / std::size_t(m)))
                            : 0;
    if (count != int(m_minis.size()) || (snapshot && snapshot->values != m_values))
        relayout(count, snapshot ? snapshot->values : std::vector<float>{});
    m_legend->setVisible(count > 0);
    for (int k = 0; k < count; ++k) {
        const Mini& mini = m_minis[std::size_t(k)];
        mini.title->setText(tr("#%1").arg(snapshot->trackedIndex[std::size_t(k)]));
        const float* p = snapshot->trackedProbs.data() + std::size_t(k) * std::size_t(m);
        const int top = int(std::max_element(p, p + m) - p);
        mini.rest->data()->clear();
        mini.top->data()->clear();
        for (int i = 0; i < m; ++i)
            (i == top ? mini.top : mini.rest)->addData(i, double(p[i]));
    }
}

std::vector<std::vector<double>> TrackedWeightsPlot::bars() const {
    std::vector<std::vector<double>> out;
    const std::size_t m = m_values.size();
    for (const Mini& mini : m_minis) {
        std::vector<double> v(m, 0.0);
        for (const QCPBars* b : {mini.rest, mini.top})
            for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it)
                if (it->key >= 0 && std::size_t(it->key) < m)
                    v[std::size_t(it->key)] = it->value;
        out.push_back(v);
    }
    return out;
}

QStringList TrackedWeightsPlot::titles() const {
    QStringList t;
    for (const Mini& mini : m_minis)
        t << mini.title->text();
    return t;
}

void TrackedWeightsPlot::fitLayout() {
    fitLegendColumns(m_legend, width());
    // Mini charts are narrow: the values of V that their width holds without the labels
    // touching (at least the two ends).
    if (m_minis.empty())
        return;
    const auto ticks = levelTicks(m_values, m_minis.front().rect->width(),
                                  m_minis.front().rect->axis(QCPAxis::atBottom)->tickLabelFont());
    if (ticks != m_levels->ticks())
        m_levels->setTicks(ticks);
}

}  // namespace slb
