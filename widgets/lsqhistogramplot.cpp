#include "lsqhistogramplot.h"

#include <algorithm>
#include <cmath>

#include "base/snapshot.h"
#include "plothelpers.h"
#include "plotstyle.h"

namespace slb {

namespace {

// Beyond this many levels (8-bit: 255) a line per level would grey out the plot: every k-th.
constexpr int kMaxGridLines = 40;

QString number(double v) {
    QString s = QString::number(v, 'g', 4);
    s.replace(QLatin1Char('-'), QChar(0x2212));
    return s;
}

}  // namespace

LsqHistogramPlot::LsqHistogramPlot(QWidget* parent) : FittedPlot(parent) {
    setObjectName(QStringLiteral("histogram"));
    stylePlot(this);
    setInteractions(QCP::Interactions());
    plotLayout()->insertRow(0);
    plotLayout()->insertRow(0);
    m_title = makePlotTitle(this, QString());
    plotLayout()->addElement(0, 0, m_title);
    QFont f = font();
    f.setPointSize(plotFontPointSize());
    m_info = new WrappedTitle(this, QString(), f);
    m_info->setMargins(QMargins(2, 0, 2, 4));
    plotLayout()->addElement(1, 0, m_info);
    legend->setVisible(false);

    m_bars = new QCPBars(xAxis, yAxis);
    m_bars->setBrush(withAlpha(softColor(), 170));
    m_bars->setPen(QPen(softColor().darker(120), 1));
    m_bars->setSelectable(QCP::stNone);
    m_bars->setWidthType(QCPBars::wtPlotCoords);

    auto clipLine = [this] {
        auto* line = new QCPItemStraightLine(this);
        line->setPen(QPen(hardColor(), 3));
        line->setSelectable(false);
        return line;
    };
    auto clipLabel = [this, &f](Qt::Alignment side) {
        auto* text = new QCPItemText(this);
        text->position->setTypeX(QCPItemPosition::ptPlotCoords);
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->setPositionAlignment(side | Qt::AlignTop);
        text->setPadding(QMargins(6, 2, 6, 2));
        QFont bold = f;
        bold.setBold(true);
        text->setFont(bold);
        text->setColor(hardColor().darker(115));
        text->setBrush(QColor(255, 255, 255, 200));
        text->setClipToAxisRect(true);
        return text;
    };
    m_spikeLabel = new QCPItemText(this);
    m_spikeLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_spikeLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_spikeLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_spikeLabel->setPadding(QMargins(6, 2, 6, 2));
    m_spikeLabel->setFont(f);
    m_spikeLabel->setBrush(QColor(255, 255, 255, 200));
    m_spikeLabel->setClipToAxisRect(true);
    m_spikeLabel->setVisible(false);
    m_clipLow = clipLine();
    m_clipHigh = clipLine();
    // Each label sits inside the range it bounds: outside, the histogram spans only two levels,
    // too narrow for a label at 8 bits.
    m_clipLowLabel = clipLabel(Qt::AlignLeft);
    m_clipHighLabel = clipLabel(Qt::AlignRight);

    xAxis->setLabel(tr("v / s in levels (rounded to the nearest integer)"));
    xAxis->grid()->setVisible(false);
    setFittedTicks(xAxis);
    yAxis->setLabel(tr("share of values"));
    setFittedTicks(yAxis);
    setSnapshot(nullptr, QString());
}

int LsqHistogramPlot::gridStride(double qn, double qp, int maxLines) {
    int stride = 1;
    while ((qn + qp) / stride + 1 > maxLines)
        stride *= 2;
    return stride;
}

void LsqHistogramPlot::setGrid(double qn, double qp) {
    if (qn == m_qn && qp == m_qp)
        return;
    m_qn = qn;
    m_qp = qp;
    for (QCPItemStraightLine* line : m_grid)
        removeItem(line);
    m_grid.clear();
    if (qn < 0 || qp < 0)
        return;
    const int stride = gridStride(qn, qp, kMaxGridLines);
    for (double level = -qn; level <= qp; level += stride) {
        auto* line = new QCPItemStraightLine(this);
        line->setLayer(QStringLiteral("grid"));  // under the bars
        line->setPen(QPen(QColor(0, 0, 0, 70), 1));
        line->setSelectable(false);
        line->point1->setCoords(level, 0);
        line->point2->setCoords(level, 1);
        m_grid.push_back(line);
    }
}

void LsqHistogramPlot::setSnapshot(const LsqSnapshot* q, const QString& title) {
    m_title->setText(title);
    const bool show = q && q->valid && !q->hist.empty() && q->histHigh > q->histLow;
    for (QCPAbstractItem* item : std::initializer_list<QCPAbstractItem*>{
             m_clipLow, m_clipHigh, m_clipLowLabel, m_clipHighLabel})
        item->setVisible(show);
    if (!show) {
        m_spikeLabel->setVisible(false);
        m_bars->data()->clear();
        setGrid(-1, -1);
        m_clipped = std::nan("");
        m_info->setText(q && !q->valid ? tr("The quantizer has not seen data yet") : QString());
        return;
    }
    const int n = int(q->hist.size());
    const double width = (q->histHigh - q->histLow) / n;
    QVector<double> keys, values;
    double top = 0;
    for (int i = 0; i < n; ++i) {
        keys << q->histLow + (i + 0.5) * width;
        values << double(q->hist[std::size_t(i)]);
        top = std::max(top, values.back());
    }
    m_bars->setWidth(width);
    m_bars->setData(keys, values, true);
    xAxis->setRange(q->histLow, q->histHigh);
    // One bin far above the rest (the zeros after a ReLU, or values clamped into an edge bin)
    // would flatten every other bar: the axis then fits the rest and the spike is labelled.
    const int peak = int(std::max_element(values.begin(), values.end()) - values.begin());
    double rest = 0;
    for (int i = 0; i < n; ++i)
        if (i != peak)
            rest = std::max(rest, values[i]);
    const bool spike = rest > 0 && top > 4 * rest;
    const double shown = spike ? rest * 1.6 : top;
    // Head room for the clip labels above the bars.
    yAxis->setRange(0, std::max(1e-3, shown * 1.25));
    m_spikeLabel->setVisible(spike);
    if (spike) {
        m_spikeLabel->position->setCoords(keys[peak] + 0.5 * width, 0.18);
        m_spikeLabel->setText(tr("↑ %1 % (off the scale)").arg(top * 100, 0, 'f', 1));
    }

    setGrid(q->qn, q->qp);
    m_clipLow->point1->setCoords(-q->qn, 0);
    m_clipLow->point2->setCoords(-q->qn, 1);
    m_clipHigh->point1->setCoords(q->qp, 0);
    m_clipHigh->point2->setCoords(q->qp, 1);
    m_clipLowLabel->position->setCoords(-q->qn, 0.02);
    m_clipLowLabel->setText(tr("−Qn = %1").arg(number(-q->qn)));
    m_clipHighLabel->position->setCoords(q->qp, 0.02);
    m_clipHighLabel->setText(tr("Qp = %1").arg(number(q->qp)));

    m_clipped = q->clippedShare;
    m_info->setText(tr("s = %1 · %2 bit %3 · clipped: %4 %")
                        .arg(q->step, 0, 'g', 4)
                        .arg(q->bits)
                        .arg(q->isSigned ? tr("signed") : tr("unsigned"))
                        .arg(q->clippedShare * 100, 0, 'f', 2));
}

std::vector<double> LsqHistogramPlot::bars() const {
    std::vector<double> v;
    for (auto it = m_bars->data()->constBegin(); it != m_bars->data()->constEnd(); ++it)
        v.push_back(it->value);
    return v;
}

std::pair<double, double> LsqHistogramPlot::clipPoints() const {
    if (!m_clipLow->visible())
        return {std::nan(""), std::nan("")};
    return {m_clipLow->point1->coords().x(), m_clipHigh->point1->coords().x()};
}

QString LsqHistogramPlot::info() const {
    return m_info->fullText();
}

}  // namespace slb
