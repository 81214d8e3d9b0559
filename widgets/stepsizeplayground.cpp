#include "stepsizeplayground.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "plothelpers.h"
#include "plotstyle.h"

namespace slb {

namespace qm = quantmath;

namespace {

constexpr int kSamples = 3000;  ///< points per curve: the steps look vertical at any width

QString number(double v, int precision = 3) {
    return QLocale().toString(v, 'g', precision).replace(QLatin1Char('-'), QChar(0x2212));
}

QCPItemStraightLine* verticalLine(QCustomPlot* plot, QCPAxisRect* rect, const QPen& pen) {
    auto* line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(rect);
    for (QCPItemPosition* p : {line->point1, line->point2}) {
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    line->setPen(pen);
    return line;
}

/** The value of `graph` at exactly `key`, NaN when it has no such point. */
double valueAt(const QCPGraph* graph, double key) {
    const auto data = graph->data();
    auto it = data->findBegin(key, false);
    for (; it != data->constEnd() && it->key <= key; ++it)
        if (it->key == key)
            return it->value;
    return std::nan("");
}

}  // namespace

StepSizePlayground::StepSizePlayground(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("stepSizePlayground"));
    m_bitsBox = new QSpinBox(this);
    m_bitsBox->setObjectName(QStringLiteral("lsqBits"));
    m_bitsBox->setRange(2, 8);
    m_bitsBox->setValue(m_bits);
    m_bitsBox->setSuffix(tr(" bits"));
    m_signBox = new QComboBox(this);
    m_signBox->setObjectName(QStringLiteral("lsqSigned"));
    m_signBox->addItem(tr("signed (weights)"), true);
    m_signBox->addItem(tr("unsigned (activations after ReLU)"), false);
    m_stepBox = new QDoubleSpinBox(this);
    m_stepBox->setObjectName(QStringLiteral("lsqStep"));
    m_stepBox->setDecimals(3);
    m_stepBox->setRange(0.01, 10.0);
    m_stepBox->setSingleStep(0.05);
    m_stepBox->setValue(m_step);
    m_stepBox->setToolTip(tr("The learned step size s"));
    m_countBox = new QSpinBox(this);
    m_countBox->setObjectName(QStringLiteral("lsqCount"));
    m_countBox->setRange(1, 100000000);
    m_countBox->setValue(int(m_count));
    m_countBox->setToolTip(
        tr("N: how many values share this step (a layer's weights, or the "
           "features of one sample for activations)"));
    m_probeBox = new QDoubleSpinBox(this);
    m_probeBox->setObjectName(QStringLiteral("lsqProbe"));
    m_probeBox->setDecimals(3);
    m_probeBox->setRange(-1000, 1000);
    m_probeBox->setSingleStep(0.05);
    m_probeBox->setValue(m_probe);
    m_probeBox->setToolTip(tr("A value v to read Q(v) and the step gradient at"));

    auto* controls = new QGridLayout;
    controls->addWidget(m_bitsBox, 0, 0);
    controls->addWidget(m_signBox, 0, 1, 1, 3);
    controls->addWidget(new QLabel(tr("step s:"), this), 1, 0, Qt::AlignRight);
    controls->addWidget(m_stepBox, 1, 1);
    controls->addWidget(new QLabel(tr("N:"), this), 1, 2, Qt::AlignRight);
    controls->addWidget(m_countBox, 1, 3);
    controls->addWidget(new QLabel(tr("probe v:"), this), 1, 4, Qt::AlignRight);
    controls->addWidget(m_probeBox, 1, 5);
    controls->setColumnStretch(6, 1);

    m_figures = new QLabel(this);
    m_figures->setObjectName(QStringLiteral("lsqFigures"));
    m_figures->setFont(plotFont(this, 1));
    m_figures->setWordWrap(true);
    m_probeLabel = new QLabel(this);
    m_probeLabel->setObjectName(QStringLiteral("lsqProbeText"));
    m_probeLabel->setFont(plotFont(this, 1));
    m_probeLabel->setWordWrap(true);

    m_plot = new FittedPlot(this);
    m_plot->setObjectName(QStringLiteral("lsqPlot"));
    QCustomPlot* p = m_plot;
    stylePlot(p);
    p->setInteractions({});
    QCPAxisRect* top = p->axisRect();
    p->plotLayout()->take(top);
    p->plotLayout()->simplify();
    p->plotLayout()->addElement(0, 0,
                                makePlotTitle(p, tr("Quantizer output Q(v) = round(clip(v/s, −Qn, "
                                                    "Qp))·s (LSQ Eq. 1–2)")));
    p->plotLayout()->addElement(1, 0, top);
    p->plotLayout()->addElement(
        2, 0,
        makePlotTitle(p, tr("Step gradient ∂Q(v)/∂s (Eq. 3): −v/s + round(v/s) inside, "
                            "−Qn or Qp outside")));
    auto* bottom = new QCPAxisRect(p);
    p->plotLayout()->addElement(3, 0, bottom);
    p->plotLayout()->setRowStretchFactor(0, 0.001);
    p->plotLayout()->setRowStretchFactor(2, 0.001);
    for (QCPAxis* a : bottom->axes())
        styleAxis(a);
    auto* group = new QCPMarginGroup(p);
    top->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    bottom->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    top->axis(QCPAxis::atBottom)->setLabel(tr("v"));
    top->axis(QCPAxis::atLeft)->setLabel(tr("Q(v)"));
    bottom->axis(QCPAxis::atBottom)->setLabel(tr("v"));
    bottom->axis(QCPAxis::atLeft)->setLabel(tr("∂Q(v)/∂s"));
    for (QCPAxisRect* r : {top, bottom})
        setFittedTicks(r->axis(QCPAxis::atBottom));

    m_identity = p->addGraph(top->axis(QCPAxis::atBottom), top->axis(QCPAxis::atLeft));
    m_identity->setName(tr("v (no quantization)"));
    m_identity->setPen(QPen(QColor(60, 60, 60), 1.5, Qt::DashLine));
    m_quantized = p->addGraph(top->axis(QCPAxis::atBottom), top->axis(QCPAxis::atLeft));
    m_quantized->setName(tr("Q(v)"));
    m_quantized->setPen(QPen(softColor(), 3));
    m_gradient = p->addGraph(bottom->axis(QCPAxis::atBottom), bottom->axis(QCPAxis::atLeft));
    m_gradient->setName(tr("∂Q(v)/∂s"));
    m_gradient->setPen(QPen(hardColor(), 3));
    QCPAxisRect* rects[2] = {top, bottom};
    for (int i = 0; i < 2; ++i) {
        m_clipLow[i] = verticalLine(p, rects[i], QPen(QColor(60, 60, 60), 1.5, Qt::DotLine));
        m_clipHigh[i] = verticalLine(p, rects[i], QPen(QColor(60, 60, 60), 1.5, Qt::DotLine));
        m_probeLine[i] = verticalLine(p, rects[i], QPen(accentColor(), 2));
    }
    auto tracer = [&] {
        auto* t = new QCPItemTracer(p);
        t->setStyle(QCPItemTracer::tsCircle);
        t->setSize(11);
        t->setPen(QPen(accentColor(), 2.5));
        t->setBrush(Qt::white);
        return t;
    };
    m_probeQ = tracer();
    m_probeG = tracer();
    p->legend->setVisible(true);
    p->legend->removeItem(p->legend->itemCount() - 1);  // the gradient has its own plot
    top->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignTop);

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(6, 6, 6, 6);
    column->addLayout(controls);
    column->addWidget(m_figures);
    column->addWidget(m_probeLabel);
    column->addWidget(m_plot, 1);

    connect(m_bitsBox, &QSpinBox::valueChanged, this, &StepSizePlayground::setBits);
    connect(m_signBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setSigned(m_signBox->itemData(index).toBool()); });
    connect(m_stepBox, &QDoubleSpinBox::valueChanged, this, &StepSizePlayground::setStep);
    connect(m_countBox, &QSpinBox::valueChanged, this,
            [this](int n) { setCount(std::int64_t(n)); });
    connect(m_probeBox, &QDoubleSpinBox::valueChanged, this, &StepSizePlayground::setProbe);
    redraw();
}

void StepSizePlayground::setBits(int bits) {
    m_bits = std::clamp(bits, 2, 8);
    const QSignalBlocker block(m_bitsBox);
    m_bitsBox->setValue(m_bits);
    redraw();
}

void StepSizePlayground::setSigned(bool isSigned) {
    m_signed = isSigned;
    const QSignalBlocker block(m_signBox);
    m_signBox->setCurrentIndex(isSigned ? 0 : 1);
    redraw();
}

void StepSizePlayground::setStep(double s) {
    m_step = std::clamp(s, 0.01, 10.0);
    const QSignalBlocker block(m_stepBox);
    m_stepBox->setValue(m_step);
    redraw();
}

void StepSizePlayground::setCount(std::int64_t n) {
    m_count = std::max<std::int64_t>(1, n);
    const QSignalBlocker block(m_countBox);
    m_countBox->setValue(int(std::min<std::int64_t>(m_count, m_countBox->maximum())));
    redraw();
}

void StepSizePlayground::setProbe(double v) {
    m_probe = v;
    const QSignalBlocker block(m_probeBox);
    m_probeBox->setValue(v);
    redraw();
}

double StepSizePlayground::drawnQuantized(double v) const {
    return valueAt(m_quantized, v);
}

double StepSizePlayground::drawnGradient(double v) const {
    return valueAt(m_gradient, v);
}

QString StepSizePlayground::figuresText() const {
    return m_figures->text();
}

QString StepSizePlayground::probeText() const {
    return m_probeLabel->text();
}

void StepSizePlayground::redraw() {
    const qm::LsqLevels q = levels();
    const double s = m_step;
    const double g = qm::lsqGradScale(m_count, q.qp);
    // Two steps of room beyond each clip point show the flat ends (and −v/s's saw-tooth stop).
    const double lo = -(q.qn + 2) * s, hi = (q.qp + 2) * s;
    QVector<double> keys;
    keys.reserve(kSamples + 2);
    for (int i = 0; i <= kSamples; ++i)
        keys << lo + (hi - lo) * double(i) / kSamples;
    if (m_probe > lo && m_probe < hi)  // the probe is drawn exactly where it reads
        keys.insert(std::lower_bound(keys.begin(), keys.end(), m_probe), m_probe);
    QVector<double> quantized, gradient;
    for (double v : keys) {
        quantized << qm::lsqQuantize(v, s, q);
        gradient << qm::lsqStepGradient(v, s, q);
    }
    m_quantized->setData(keys, quantized, true);
    m_gradient->setData(keys, gradient, true);
    m_identity->setData(QVector<double>{lo, hi}, QVector<double>{lo, hi}, true);

    QCPAxisRect* top = m_quantized->keyAxis()->axisRect();
    QCPAxisRect* bottom = m_gradient->keyAxis()->axisRect();
    for (QCPAxisRect* r : {top, bottom})
        r->axis(QCPAxis::atBottom)->setRange(lo, hi);
    top->axis(QCPAxis::atLeft)->setRange(lo - 0.3 * s, hi + 0.3 * s);
    bottom->axis(QCPAxis::atLeft)->setRange(-q.qn - 0.6, q.qp + 0.6);
    // The grid of levels k·s where it can be read, whole multiples of s otherwise.
    const int levels = int(q.qn + q.qp) + 1;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int every = levels <= 9 ? 1 : int(std::ceil(levels / 8.0));
    for (int k = -int(q.qn); k <= int(q.qp); ++k)
        if (k % every == 0 || k == -int(q.qn) || k == int(q.qp))
            ticker->addTick(k * s, number(k * s));
    top->axis(QCPAxis::atLeft)->setTicker(ticker);
    top->axis(QCPAxis::atLeft)->grid()->setPen(QPen(QColor(0, 0, 0, 70), 1, Qt::DotLine));

    for (int i = 0; i < 2; ++i) {
        m_clipLow[i]->point1->setCoords(-q.qn * s, 0);
        m_clipLow[i]->point2->setCoords(-q.qn * s, 1);
        m_clipHigh[i]->point1->setCoords(q.qp * s, 0);
        m_clipHigh[i]->point2->setCoords(q.qp * s, 1);
        m_probeLine[i]->point1->setCoords(m_probe, 0);
        m_probeLine[i]->point2->setCoords(m_probe, 1);
    }
    const bool probeShown = m_probe > lo && m_probe < hi;
    for (QCPItemTracer* t : {m_probeQ, m_probeG}) {
        if (!t->graph()) {  // set once there is data: a tracer on an empty graph complains
            QCPGraph* graph = t == m_probeQ ? m_quantized : m_gradient;
            t->setGraph(graph);
            t->setClipAxisRect(graph->keyAxis()->axisRect());
        }
        t->setGraphKey(m_probe);
        t->setVisible(probeShown);
    }
    for (auto* line : m_probeLine)
        line->setVisible(probeShown);

    m_figures->setText(tr("%1 bits, %2: Qn = %3, Qp = %4; clip points −Qn·s = %5 and Qp·s = %6; "
                          "gradient scale g = 1/√(N·Qp) = %7 for N = %8")
                           .arg(m_bits)
                           .arg(m_signed ? tr("signed") : tr("unsigned"))
                           .arg(q.qn)
                           .arg(q.qp)
                           .arg(number(-q.qn * s), number(q.qp * s), number(g))
                           .arg(QLocale().toString(qlonglong(m_count))));
    const double grad = qm::lsqStepGradient(m_probe, s, q);
    m_probeLabel->setText(tr("At v = %1: v/s = %2, Q(v) = %3, ∂Q(v)/∂s = %4, scaled by g: %5")
                              .arg(number(m_probe), number(m_probe / s),
                                   number(qm::lsqQuantize(m_probe, s, q)), number(grad),
                                   number(g * grad)));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace slb
