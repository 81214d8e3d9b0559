#include "probabilitybarsplot.h"

#include "base/snapshot.h"
#include "plothelpers.h"
#include "plotstyle.h"

namespace slb {

namespace {

std::vector<double> barValues(const QCPBars* bars) {
    std::vector<double> v;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        v.push_back(it->value);
    return v;
}

}  // namespace

ProbabilityBarsPlot::ProbabilityBarsPlot(QWidget* parent) : FittedPlot(parent) {
    setObjectName(QStringLiteral("meanProbBars"));
    stylePlot(this);
    setInteractions(QCP::Interactions());
    setAutoAddPlottableToLegend(false);

    plotLayout()->insertRow(0);
    m_title = makePlotTitle(this, QString());
    plotLayout()->addElement(0, 0, m_title);
    // The legend goes under the plot, in one row: inside, it would hide a bar.
    axisRect()->insetLayout()->take(legend);
    plotLayout()->addElement(2, 0, legend);
    plotLayout()->setRowStretchFactor(2, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(3);
    legend->setBorderPen(Qt::NoPen);
    legend->setMargins(QMargins(4, 2, 4, 6));  // room for descenders on the plot's edge
    legend->setVisible(true);

    m_mean = new QCPBars(xAxis, yAxis);
    m_mean->setName(tr("mean P"));
    m_mean->setBrush(withAlpha(softColor(), 210));
    m_mean->setPen(QPen(softColor().darker(130)));
    m_argmax = new QCPBars(xAxis, yAxis);
    m_argmax->setName(tr("share with this argmax"));
    m_argmax->setBrush(withAlpha(hardColor(), 210));
    m_argmax->setPen(QPen(hardColor().darker(130)));
    auto* group = new QCPBarsGroup(this);
    for (QCPBars* b : {m_mean, m_argmax}) {
        b->setWidth(0.38);
        b->setBarsGroup(group);
        b->setSelectable(QCP::stNone);
    }
    group->setSpacing(2);

    // 1/m, where every weight starts; named in the legend, where a label cannot hide a bar.
    m_uniform = new QCPGraph(xAxis, yAxis);
    m_uniform->setPen(QPen(QColor(60, 60, 60), 1.5, Qt::DashLine));
    m_uniform->setSelectable(QCP::stNone);
    for (QCPAbstractPlottable* p :
         {static_cast<QCPAbstractPlottable*>(m_mean), static_cast<QCPAbstractPlottable*>(m_argmax),
          static_cast<QCPAbstractPlottable*>(m_uniform)})
        addLegendEntry(p, legend);

    m_ticker = QSharedPointer<QCPAxisTickerText>::create();
    xAxis->setTicker(m_ticker);
    xAxis->setLabel(tr("value v of V"));
    xAxis->grid()->setVisible(false);
    yAxis->setRange(0, 1.05);
    yAxis->setLabel(tr("probability / share"));
    setFittedTicks(yAxis);
    setSnapshot(nullptr, QString());
}

void ProbabilityBarsPlot::setSnapshot(const SlbSnapshot* snapshot, const QString& title) {
    m_title->setText(title);
    const bool show = snapshot && !snapshot->values.empty();
    if (!show) {
        m_mean->data()->clear();
        m_argmax->data()->clear();
        m_uniform->data()->clear();
        return;
    }
    const int m = int(snapshot->values.size());
    if (snapshot->values != m_values) {
        m_values = snapshot->values;
        xAxis->setRange(-0.6, m - 0.4);
        fitLayout();
    }
    QVector<double> keys, mean, argmax;
    for (int i = 0; i < m; ++i) {
        keys << i;
        mean << (std::size_t(i) < snapshot->meanProb.size()
                     ? double(snapshot->meanProb[std::size_t(i)])
                     : 0.0);
        argmax << (std::size_t(i) < snapshot->argmaxShare.size()
                       ? double(snapshot->argmaxShare[std::size_t(i)])
                       : 0.0);
    }
    m_mean->setData(keys, mean, true);
    m_argmax->setData(keys, argmax, true);
    const double uniform = 1.0 / m;
    m_uniform->setData(QVector<double>{-1.0, double(m)}, QVector<double>{uniform, uniform}, true);
    m_uniform->setName(tr("uniform 1/m = %1").arg(uniform, 0, 'g', 3));
}

std::vector<double> ProbabilityBarsPlot::meanProbBars() const {
    return barValues(m_mean);
}

std::vector<double> ProbabilityBarsPlot::argmaxBars() const {
    return barValues(m_argmax);
}

QStringList ProbabilityBarsPlot::valueLabels() const {
    return QStringList(m_ticker->ticks().begin(), m_ticker->ticks().end());
}

void ProbabilityBarsPlot::fitLayout() {
    fitLegendColumns(legend, width());
    // Every value of V labelled where the labels fit the axis; else every k-th (4 bits: fifths or
    // thirds, 8 bits: a handful).
    const auto ticks = levelTicks(m_values, axisRect()->width(), xAxis->tickLabelFont());
    if (ticks != m_ticker->ticks())
        m_ticker->setTicks(ticks);
}

}  // namespace slb
