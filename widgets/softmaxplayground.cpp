#include "softmaxplayground.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <random>

#include "base/quantmath.h"
#include "layerheatmap.h"
#include "plothelpers.h"
#include "plotstyle.h"
#include "runmodel.h"

namespace slb {

namespace qm = quantmath;

namespace {

constexpr int kSliderSteps = 1000;
constexpr int kFrameMs = 40;  ///< 120 points in about five seconds

double sliderToT(int pos) {
    const double lo = std::log10(SoftmaxPlayground::kMinT),
                 hi = std::log10(SoftmaxPlayground::kMaxT);
    return std::pow(10.0, lo + (hi - lo) * double(pos) / kSliderSteps);
}

int tToSlider(double t) {
    const double lo = std::log10(SoftmaxPlayground::kMinT),
                 hi = std::log10(SoftmaxPlayground::kMaxT);
    return int(std::lround((std::log10(t) - lo) / (hi - lo) * kSliderSteps));
}

QString number(double v, int precision = 3) {
    return QLocale().toString(v, 'g', precision).replace(QLatin1Char('-'), QChar(0x2212));
}

QString tText(double t) {
    return t >= 100 ? QLocale().toString(t, 'f', 0) : number(t);
}

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

}  // namespace

SoftmaxPlayground::SoftmaxPlayground(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("softmaxPlayground"));
    m_values = qm::slbValues(4);
    m_logits = {0.9, 0.3, -0.2, 0.5};  // leaning to −1, with a rival at +1: W_c and W_q differ
    m_layerModel = new RunModel(this);
    m_timer = new QTimer(this);
    m_timer->setInterval(kFrameMs);
    connect(m_timer, &QTimer::timeout, this, &SoftmaxPlayground::animationStep);
    buildControls();
    buildWeightPlot();
    buildLayerPlot();

    auto* plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(m_weightPlot);
    plots->addWidget(m_layerPlot);
    plots->setChildrenCollapsible(false);
    plots->setStretchFactor(0, 1);
    plots->setStretchFactor(1, 1);
    static_cast<QVBoxLayout*>(layout())->addWidget(plots, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_scheduleLabel, 1);
    bottom->addWidget(m_newLayer);
    static_cast<QVBoxLayout*>(layout())->addLayout(bottom);

    fillTable();
    setConfig(RunConfig{});
    setTemperature(1.0);
}

SoftmaxPlayground::~SoftmaxPlayground() = default;

void SoftmaxPlayground::buildControls() {
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(6, 6, 6, 6);
    const QFont big = plotFont(this);

    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("valueCount"));
    m_count->setRange(2, 16);
    m_count->setValue(int(m_values.size()));
    m_count->setToolTip(tr("How many values V has: linspace(−1, 1, m)"));
    m_bits = new QComboBox(this);
    m_bits->setObjectName(QStringLiteral("valueBits"));
    for (int b = 1; b <= 4; ++b)
        m_bits->addItem(tr("%n bit(s)", nullptr, b), b);
    m_bits->setCurrentIndex(1);
    auto* random = new QPushButton(tr("Random logits"), this);
    random->setObjectName(QStringLiteral("randomLogits"));
    random->setToolTip(tr("Draw this weight's logits A from N(0, 1)"));
    m_animate = new QPushButton(tr("Animate along the schedule"), this);
    m_animate->setObjectName(QStringLiteral("animate"));
    m_animate->setToolTip(tr("Sweep T as the experiment panel's temperature schedule plans it"));
    m_newLayer = new QPushButton(tr("New random layer"), this);
    m_newLayer->setObjectName(QStringLiteral("newLayer"));
    m_newLayer->setToolTip(tr("Draw the random layer's logits again"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Values in V:"), this));
    top->addWidget(m_count);
    top->addWidget(m_bits);
    top->addWidget(random);
    top->addStretch(1);
    top->addWidget(m_animate);
    column->addLayout(top);

    m_table = new QTableWidget(2, 0, this);
    m_table->setObjectName(QStringLiteral("logitTable"));
    m_table->setVerticalHeaderLabels({tr("v in V"), tr("logit A")});
    m_table->horizontalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setFont(big);
    m_table->setToolTip(tr("Type a logit to change this weight"));
    column->addWidget(m_table);

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("temperatureSlider"));
    m_slider->setRange(0, kSliderSteps);
    m_slider->setToolTip(tr("Inverse temperature T, on a log scale from 0.1 to 10,000"));
    m_tLabel = new QLabel(this);
    m_tLabel->setObjectName(QStringLiteral("temperatureLabel"));
    m_tLabel->setFont(plotFont(this, 3));
    m_tLabel->setMinimumWidth(
        QFontMetrics(m_tLabel->font())
            .horizontalAdvance(QStringLiteral("T = 10000 · τ = 1/T = 0.0001 · epoch 10.00 of 10")));
    m_gapLabel = new QLabel(this);
    m_gapLabel->setObjectName(QStringLiteral("gapLabel"));
    m_gapLabel->setFont(plotFont(this, 3));
    m_gapLabel->setToolTip(tr("How far the discrete weight W_q is from the continuous W_c"));
    auto* slider = new QHBoxLayout;
    slider->addWidget(new QLabel(QStringLiteral("T"), this));
    slider->addWidget(m_slider, 1);
    column->addLayout(slider);
    auto* readout = new QHBoxLayout;
    readout->addWidget(m_tLabel);
    readout->addStretch(1);
    readout->addWidget(m_gapLabel);
    column->addLayout(readout);

    m_scheduleLabel = new QLabel(this);
    m_scheduleLabel->setObjectName(QStringLiteral("scheduleLabel"));
    m_scheduleLabel->setWordWrap(true);

    connect(m_count, &QSpinBox::valueChanged, this, &SoftmaxPlayground::setValueCount);
    connect(m_bits, &QComboBox::activated, this,
            [this](int index) { setValueCount(1 << m_bits->itemData(index).toInt()); });
    connect(random, &QPushButton::clicked, this, &SoftmaxPlayground::randomizeLogits);
    connect(m_newLayer, &QPushButton::clicked, this, &SoftmaxPlayground::newRandomLayer);
    connect(m_animate, &QPushButton::clicked, this,
            [this] { isAnimating() ? stopAnimation() : startAnimation(); });
    connect(m_slider, &QSlider::valueChanged, this, [this](int pos) {
        stopAnimation();
        setTemperature(sliderToT(pos));
    });
    connect(m_table, &QTableWidget::cellChanged, this, [this](int row, int col) {
        if (m_updatingTable || row != 1 || col < 0 || std::size_t(col) >= m_logits.size())
            return;
        bool ok = false;
        const double a = QLocale().toDouble(m_table->item(row, col)->text(), &ok);
        std::vector<double> logits = m_logits;
        if (ok && std::isfinite(a))
            logits[std::size_t(col)] = std::clamp(a, -20.0, 20.0);
        setLogits(logits);  // a refused entry shows the old value again
    });
}

void SoftmaxPlayground::buildWeightPlot() {
    m_weightPlot = new FittedPlot(this);
    m_weightPlot->setObjectName(QStringLiteral("weightPlot"));
    QCustomPlot* p = m_weightPlot;
    stylePlot(p);
    p->setInteractions({});
    p->plotLayout()->insertRow(0);
    p->plotLayout()->addElement(0, 0, makePlotTitle(p, tr("One weight: softmax(A·T) over V")));
    m_bars = new QCPBars(p->xAxis, p->yAxis);
    m_bars->setName(tr("P(v) = softmax(A·T)"));
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(withAlpha(softColor(), 170));
    m_uniform = p->addGraph();
    m_uniform->setName(tr("uniform 1/m"));
    m_uniform->setPen(QPen(QColor(60, 60, 60), 1.5, Qt::DashLine));
    QCPAxisRect* rect = p->axisRect();
    m_wcLine = verticalLine(p, rect, QPen(softColor(), 3.5));
    m_wqLine = verticalLine(p, rect, QPen(hardColor(), 3.5, Qt::DashLine));
    auto label = [&](const QColor& color) {
        auto* t = new QCPItemText(p);
        t->setClipToAxisRect(false);
        t->position->setAxes(p->xAxis, p->yAxis);
        t->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        t->setColor(color);
        t->setBrush(QColor(255, 255, 255, 220));
        t->setPadding(QMargins(4, 1, 4, 1));
        t->setFont(plotFont(this, 1));
        return t;
    };
    m_wcLabel = label(softColor());
    m_wqLabel = label(hardColor());
    p->xAxis->setLabel(
        tr("value v of V  ·  W_c = Σ p·v (solid), W_q = v of the largest logit (dashed)"));
    p->yAxis->setLabel(tr("probability"));
    p->yAxis->setRange(0, 1.12);
    p->yAxis->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
    qSharedPointerCast<QCPAxisTickerFixed>(p->yAxis->ticker())->setTickStep(0.25);
    p->legend->setVisible(true);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignTop);
    p->setMinimumHeight(260);
}

void SoftmaxPlayground::setConfig(const RunConfig& config) {
    m_config = config;
    recomputeSweep();
    recomputeLayer();
}

void SoftmaxPlayground::setValueCount(int count) {
    count = std::clamp(count, 2, 16);
    if (count == int(m_values.size()))
        return;
    stopAnimation();
    m_values = qm::slbValues(count);
    m_logits.resize(std::size_t(count), 0.0);
    {
        const QSignalBlocker block(m_count);
        m_count->setValue(count);
    }
    const int bits = int(std::lround(std::log2(double(count))));
    m_bits->setCurrentIndex((1 << bits) == count ? bits - 1 : -1);
    fillTable();
    redrawWeight();
    recomputeLayer();
}

void SoftmaxPlayground::setLogits(const std::vector<double>& logits) {
    m_logits = logits;
    m_logits.resize(m_values.size(), 0.0);
    fillTable();
    redrawWeight();
}

void SoftmaxPlayground::setTemperature(double t) {
    m_t = std::clamp(t, kMinT, kMaxT);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(tToSlider(m_t));
    }
    if (!isAnimating()) {
        // Where the schedule first reaches this T, if it does.
        m_cursorEpoch = -1;
        for (const SweepPoint& s : m_sweep)
            if (s.t >= m_t * (1 - 1e-9)) {
                m_cursorEpoch = s.epoch;
                break;
            }
    }
    QString text = tr("T = %1 · τ = 1/T = %2").arg(tText(m_t), number(1.0 / m_t));
    if (m_cursorEpoch >= 0)
        text += tr(" · epoch %1 of %2")
                    .arg(QLocale().toString(m_cursorEpoch, 'f', 2))
                    .arg(m_config.epochs);
    m_tLabel->setText(text);
    redrawWeight();
    placeCursor();
    Q_EMIT temperatureChanged(m_t);
}

void SoftmaxPlayground::randomizeLogits() {
    std::mt19937 gen(m_weightSeed++);
    std::normal_distribution<double> n(0.0, 1.0);
    std::vector<double> logits(m_values.size());
    for (double& a : logits)
        a = std::round(n(gen) * 100.0) / 100.0;  // as the table shows them
    setLogits(logits);
}

bool SoftmaxPlayground::isAnimating() const {
    return m_timer->isActive();
}

void SoftmaxPlayground::startAnimation() {
    if (m_sweep.empty())
        return;
    m_frame = -1;
    m_timer->start();
    m_animate->setText(tr("Stop"));
    animationStep();
}

void SoftmaxPlayground::stopAnimation() {
    if (!m_timer->isActive())
        return;
    m_timer->stop();
    m_animate->setText(tr("Animate along the schedule"));
}

void SoftmaxPlayground::animationStep() {
    if (m_frame + 1 >= int(m_sweep.size())) {
        stopAnimation();
        return;
    }
    ++m_frame;
    const SweepPoint& s = m_sweep[std::size_t(m_frame)];
    m_cursorEpoch = s.epoch;
    setTemperature(s.t);
}

std::vector<double> SoftmaxPlayground::drawnProbabilities() const {
    std::vector<double> p;
    for (auto it = m_bars->data()->constBegin(); it != m_bars->data()->constEnd(); ++it)
        p.push_back(it->value);
    return p;
}

double SoftmaxPlayground::drawnWc() const {
    return m_wcLine->point1->coords().x();
}

double SoftmaxPlayground::drawnWq() const {
    return m_wqLine->point1->coords().x();
}

QString SoftmaxPlayground::gapText() const {
    return m_gapLabel->text();
}

QCustomPlot* SoftmaxPlayground::weightPlot() const {
    return m_weightPlot;
}

QCustomPlot* SoftmaxPlayground::layerPlot() const {
    return m_layerPlot;
}

void SoftmaxPlayground::fillTable() {
    m_updatingTable = true;
    const int m = int(m_values.size());
    m_table->setColumnCount(m);
    for (int i = 0; i < m; ++i) {
        auto* v = new QTableWidgetItem(formatLevel(m_values[std::size_t(i)]));
        v->setFlags(Qt::ItemIsEnabled);
        v->setTextAlignment(Qt::AlignCenter);
        m_table->setItem(0, i, v);
        auto* a = new QTableWidgetItem(QLocale().toString(m_logits[std::size_t(i)], 'f', 2));
        a->setTextAlignment(Qt::AlignCenter);
        m_table->setItem(1, i, a);
    }
    m_table->setFixedHeight(m_table->verticalHeader()->length() + 2 * m_table->frameWidth());
    m_updatingTable = false;
}

void SoftmaxPlayground::redrawWeight() {
    const auto p = qm::softmaxAt(m_logits, m_t);
    const double wc = qm::expectation(p, m_values);
    const double wq = m_values[std::size_t(qm::argmaxIndex(m_logits))];
    const int m = int(m_values.size());
    const double spacing = 2.0 / double(m - 1);
    QVector<double> keys, heights;
    for (int i = 0; i < m; ++i) {
        keys << m_values[std::size_t(i)];
        heights << p[std::size_t(i)];
    }
    m_bars->setWidth(spacing * 0.7);
    m_bars->setData(keys, heights, true);
    m_uniform->setData(QVector<double>{-1 - spacing, 1 + spacing},
                       QVector<double>{1.0 / m, 1.0 / m});
    m_wcLine->point1->setCoords(wc, 0);
    m_wcLine->point2->setCoords(wc, 1);
    m_wqLine->point1->setCoords(wq, 0);
    m_wqLine->point2->setCoords(wq, 1);
    // The two labels stand on either side of their lines, away from each other.
    const bool wcLeft = wc <= wq;
    m_wcLabel->setText(tr("W_c = %1").arg(number(wc)));
    m_wcLabel->position->setCoords(wc, 0.45);
    m_wcLabel->setPositionAlignment((wcLeft ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    m_wqLabel->setText(tr("W_q = %1").arg(formatLevel(wq)));
    m_wqLabel->position->setCoords(wq, 0.58);
    m_wqLabel->setPositionAlignment((wcLeft ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    m_gapLabel->setText(tr("‖W_q − W_c‖ = %1").arg(QLocale().toString(std::abs(wq - wc), 'f', 3)));

    QCPAxis* x = m_weightPlot->xAxis;
    x->setRange(-1 - spacing * 0.6, 1 + spacing * 0.6);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int every = m > 9 ? 3 : 1;  // 16 labels do not fit: −1, −0.6, −0.2, 0.2, …
    for (int i = 0; i < m; i += every)
        ticker->addTick(m_values[std::size_t(i)], formatLevel(m_values[std::size_t(i)]));
    if ((m - 1) % every != 0)
        ticker->addTick(1.0, formatLevel(1.0));
    x->setTicker(ticker);
    m_weightPlot->replot(QCustomPlot::rpQueuedReplot);
}

void SoftmaxPlayground::recomputeSweep() {
    m_sweep.clear();
    const TrainProgress layout = RunModel::plannedLayout(m_config);
    const std::int64_t total = std::max<std::int64_t>(1, layout.totalIterations());
    for (int k = 0; k < kSweepPoints; ++k) {
        SweepPoint s;
        s.iteration = total == 1 ? 0
                                 : std::int64_t(std::llround(double(k) * double(total - 1) /
                                                             double(kSweepPoints - 1)));
        s.epoch = epochAfterStep(s.iteration, layout.itersPerEpoch);
        s.t = m_config.temperature.temperature(layout.atIteration(s.iteration));
        m_sweep.push_back(s);
    }
    const auto& ts = m_config.temperature;
    m_scheduleLabel->setText(
        tr("The sweep follows the experiment panel's temperature schedule: %1 per %2, T from %3 "
           "to %4 over %5 epochs of %6 steps.")
            .arg(QString::fromLatin1(toString(ts.kind)), QString::fromLatin1(toString(ts.unit)),
                 tText(m_sweep.front().t), tText(m_sweep.back().t))
            .arg(m_config.epochs)
            .arg(QLocale().toString(qlonglong(layout.itersPerEpoch))));
}

}  // namespace slb
