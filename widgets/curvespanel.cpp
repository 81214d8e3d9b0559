#include "curvespanel.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "autoscale.h"
#include "crosshair.h"
#include "linegraph.h"
#include "plotstyle.h"
#include "redrawscheduler.h"
#include "runmodel.h"

namespace slb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kSliderSteps = 1000;  ///< the smoothing slider runs over 0 … 0.999 in 0.001 steps
constexpr double kMaxSmoothing = 0.999;
constexpr double kLegendRowStretch = 0.001;  ///< the legend's row takes the height it needs

/** Adds `g` to `legend` once, with room below its text (items clip to it, cutting W_c's "_"). */
void addLegendEntry(QCPGraph* g, QCPLegend* legend) {
    if (legend->hasItemWithPlottable(g))
        return;
    g->addToLegend(legend);
    legend->itemWithPlottable(g)->setMargins(QMargins(0, 0, 0, 3));
}

}  // namespace

double CurvesPanel::Ema::push(double x) {
    if (!std::isfinite(x))
        return kNaN;
    last = last * weight + (1.0 - weight) * x;
    count += 1;
    // TensorBoard's debiasing: the average starts at 0, so early points are scaled back up.
    const double debias = 1.0 - std::pow(weight, count);
    return debias > 0 ? last / debias : last;
}

std::vector<double> CurvesPanel::smooth(const std::vector<double>& values, double weight) {
    Ema ema;
    ema.weight = weight;
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values)
        out.push_back(ema.push(v));
    return out;
}

QCPRange CurvesPanel::robustRange(const std::vector<double>& values, bool logScale) {
    return slb::robustRange(values, logScale);
}

CurvesPanel::CurvesPanel(RunModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_scheduler(new RedrawScheduler(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(buildToolBar());
    m_plot = new QCustomPlot(this);
    layout->addWidget(m_plot, 1);
    buildPlot();

    connect(m_scheduler, &RedrawScheduler::redraw, this, &CurvesPanel::redraw);
    connect(m_model, &RunModel::reset, this, [this] {
        m_rebuild = m_epochsDirty = true;
        m_crosshair->hide();
        setFollowing(true);
        m_scheduler->request();
    });
    connect(m_model, &RunModel::infoChanged, this, [this] {
        m_rebuild = m_epochsDirty = true;  // steps per epoch, hence every x, may have changed
        m_scheduler->request();
    });
    connect(m_model, &RunModel::configChanged, this, [this] { m_scheduler->request(); });
    connect(m_model, &RunModel::stepsAppended, this, [this](int first) {
        m_stepsFrom = std::min(m_stepsFrom, std::size_t(std::max(0, first)));
        m_scheduler->requestLive();
    });
    connect(m_model, &RunModel::epochAppended, this, [this] {
        m_epochsDirty = true;
        m_scheduler->requestLive();
    });
    redraw();
}

CurvesPanel::~CurvesPanel() = default;

QWidget* CurvesPanel::buildToolBar() {
    auto* bar = new QWidget(this);
    auto* rows = new QVBoxLayout(bar);
    rows->setContentsMargins(6, 2, 6, 2);
    rows->setSpacing(2);
    auto* row = new QHBoxLayout;
    rows->addLayout(row);

    auto* smoothName = new QLabel(tr("Smoothing"), bar);
    m_smoothSlider = new QSlider(Qt::Horizontal, bar);
    m_smoothSlider->setRange(0, kSliderSteps - 1);
    m_smoothSlider->setValue(int(std::lround(m_smoothing * kSliderSteps)));
    m_smoothSlider->setMinimumWidth(120);
    m_smoothSlider->setMaximumWidth(240);
    m_smoothSlider->setToolTip(
        tr("Exponential moving average of the per-batch curves (as in TensorBoard); "
           "the raw values stay drawn faintly behind"));
    m_smoothLabel = new QLabel(bar);
    m_smoothLabel->setMinimumWidth(QFontMetrics(m_smoothLabel->font()).horizontalAdvance("0.000"));
    smoothName->setBuddy(m_smoothSlider);
    connect(m_smoothSlider, &QSlider::valueChanged, this,
            [this](int v) { setSmoothing(double(v) / kSliderSteps); });

    m_logBox = new QCheckBox(tr("Log y"), bar);
    m_logBox->setToolTip(tr("Logarithmic y axis for the loss and the learning rate"));
    connect(m_logBox, &QCheckBox::toggled, this, &CurvesPanel::setLogY);

    m_outlierBox = new QCheckBox(tr("Ignore outliers"), bar);
    m_outlierBox->setChecked(m_ignoreOutliers);
    m_outlierBox->setToolTip(
        tr("Autoscale the y axes to the bulk of the data, leaving lone spikes outside"));
    connect(m_outlierBox, &QCheckBox::toggled, this, &CurvesPanel::setIgnoreOutliers);

    m_followButton = new QToolButton(bar);
    m_followButton->setText(tr("Follow"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(m_following);
    m_followButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_followButton->setToolTip(
        tr("Show the whole run so far and autoscale; zooming or dragging switches it off"));
    connect(m_followButton, &QToolButton::toggled, this, &CurvesPanel::setFollowing);

    row->addWidget(smoothName);
    row->addWidget(m_smoothSlider);
    row->addWidget(m_smoothLabel);
    row->addSpacing(12);
    row->addWidget(m_logBox);
    row->addWidget(m_outlierBox);
    row->addStretch(1);
    // A second row while runs are overlaid, so the first keeps its width.
    rows->addWidget(buildOverlayControls(bar));
    row->addWidget(m_followButton);
    m_smoothLabel->setText(QString::number(m_smoothing, 'f', 3));
    return bar;
}

QCPGraph* CurvesPanel::addGraph(QCPAxisRect* rect, const QColor& color, double width,
                                const QString& name) {
    QCPGraph* g = addLineGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setPen(QPen(color, width));
    g->setName(name);
    return g;
}

void CurvesPanel::buildPlot() {
    stylePlot(m_plot);
    m_plot->setAutoAddPlottableToLegend(false);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);

    m_lossRect = m_plot->axisRect();
    m_accRect = new QCPAxisRect(m_plot);
    m_lrRect = new QCPAxisRect(m_plot);
    // Row 0: the legend, above the curves rather than over them; then the three rects.
    QCPLayoutGrid* grid = m_plot->plotLayout();
    m_lossRect->insetLayout()->take(m_plot->legend);
    grid->insertRow(0);
    grid->addElement(0, 0, m_plot->legend);
    grid->addElement(2, 0, m_accRect);
    grid->addElement(3, 0, m_lrRect);
    grid->setRowStretchFactors({kLegendRowStretch, 3.0, 3.0, 1.6});
    grid->setRowSpacing(4);
    auto* group = new QCPMarginGroup(m_plot);
    for (QCPAxisRect* r : {m_lossRect, m_accRect, m_lrRect}) {
        r->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        for (QCPAxis* a : r->axes())
            styleAxis(a);
        // Narrow gaps between the stacked rects (QCPAxisRect's default is 15 px each side).
        r->setMinimumMargins(QMargins(15, 8, 15, 6));
        // The x tick labels of the bottom rect serve all three: the x ranges are one.
        r->axis(QCPAxis::atBottom)->setTickLabels(r == m_lrRect);
        r->axis(QCPAxis::atBottom)->setRange(0, 1);
    }
    m_lrRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    m_lossRect->axis(QCPAxis::atLeft)->setLabel(tr("train loss"));
    m_accRect->axis(QCPAxis::atLeft)->setLabel(tr("accuracy (%)"));
    m_lrRect->axis(QCPAxis::atLeft)->setLabel(tr("learning rate"));
    for (QCPAxisRect* r : {m_lossRect, m_lrRect})
        setLogScale(r->axis(QCPAxis::atLeft), false);
    m_lrRect->axis(QCPAxis::atLeft)->ticker()->setTickCount(2);

    m_graphs.resize(std::size_t(Series::LearningRate) + 1);
    auto set = [this](Series s, QCPGraph* g) { m_graphs[std::size_t(s)] = g; };
    const QColor train = trainColor();
    set(Series::LossRaw, addGraph(m_lossRect, withAlpha(train, 70), 1, tr("per batch")));
    // The legend's entry for the smoothed training curves of both loss and accuracy.
    set(Series::LossSmoothed, addGraph(m_lossRect, train, 2.5, tr("train (smoothed)")));
    set(Series::AccuracyRaw, addGraph(m_accRect, withAlpha(train, 70), 1, tr("per batch")));
    set(Series::AccuracySmoothed,
        addGraph(m_accRect, train, 2.5, tr("train, per batch (smoothed)")));
    set(Series::TrainAccuracyEpoch, addGraph(m_accRect, train.darker(140), 2, tr("train, epoch")));
    set(Series::TestAccuracySoft, addGraph(m_accRect, softColor(), 2.5, tr("test W_c (soft)")));
    set(Series::TestAccuracyHard, addGraph(m_accRect, hardColor(), 2.5, tr("test W_q (discrete)")));
    set(Series::LearningRate, addGraph(m_lrRect, seriesColor(1), 2, tr("learning rate")));
    graph(Series::TrainAccuracyEpoch)
        ->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 9));
    graph(Series::TrainAccuracyEpoch)->setPen(QPen(train.darker(140), 2, Qt::DashLine));
    // Different marker shapes as well as colours, for readers who cannot tell the colours apart.
    graph(Series::TestAccuracySoft)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 9));
    graph(Series::TestAccuracyHard)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 8));

    // One legend for the three rects: train (smoothed) and per batch look alike in loss and
    // accuracy. Plain and tight, in as many columns as the width holds.
    QCPLegend* legend = m_plot->legend;
    legend->setVisible(true);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(4, 0, 4, 0));
    legend->setColumnSpacing(10);
    legend->setRowSpacing(0);
    legend->setIconSize(24, 14);
    for (Series s : {Series::LossSmoothed, Series::LossRaw, Series::TrainAccuracyEpoch,
                     Series::TestAccuracySoft, Series::TestAccuracyHard})
        addLegendEntry(graph(s), legend);

    // One x range for the three rects; a range the user moves ends following.
    for (QCPAxisRect* r : {m_lossRect, m_accRect, m_lrRect})
        for (QCPAxis* a : {r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft)})
            connect(a, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                    [this, a](const QCPRange& range) { onRangeChanged(a, range); });

    // The crosshair gets a buffer of its own: a mouse move repaints it and nothing else.
    m_crosshair = std::make_unique<Crosshair>(m_plot, std::vector{m_lossRect, m_accRect, m_lrRect});
    // As in the temperature panel: a double-click brings the whole run back into view.
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { setFollowing(true); });
    m_plot->setToolTip(tr("Wheel: zoom · drag: pan · double-click: follow the run again"));
    connect(m_plot, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent* e) { onMouseMove(e->position().x(), e->position().y()); });
    connect(m_plot, &QCustomPlot::afterLayout, this, &CurvesPanel::fitAxisLabels);
    m_overlay = std::make_unique<CurvesOverlay>(m_plot, m_lossRect, m_accRect, m_lrRect);
}

QCPGraph* CurvesPanel::graph(Series s) const {
    return m_graphs[std::size_t(s)];
}

void CurvesPanel::setSmoothing(double weight) {
    weight = std::clamp(std::isfinite(weight) ? weight : 0.0, 0.0, kMaxSmoothing);
    if (weight == m_smoothing)
        return;
    m_smoothing = weight;
    m_smoothLabel->setText(QString::number(weight, 'f', 3));
    const QSignalBlocker block(m_smoothSlider);
    m_smoothSlider->setValue(int(std::lround(weight * kSliderSteps)));
    m_smoothingDirty = true;
    m_scheduler->request();
}

void CurvesPanel::setLogY(bool on) {
    if (on == m_logY)
        return;
    m_logY = on;
    const QSignalBlocker block(m_logBox);
    m_logBox->setChecked(on);
    ++m_applyingRange;  // the scale change sanitizes ranges: not the user's doing
    for (QCPAxisRect* r : {m_lossRect, m_lrRect})
        setLogScale(r->axis(QCPAxis::atLeft), on);
    m_lrRect->axis(QCPAxis::atLeft)->ticker()->setTickCount(2);  // a short rect: few labels
    --m_applyingRange;
    // A linear range means nothing on a log axis: autoscale even when not following.
    if (!m_following)
        applyAutoRange();
    m_scheduler->request();
}

void CurvesPanel::setIgnoreOutliers(bool on) {
    if (on == m_ignoreOutliers)
        return;
    m_ignoreOutliers = on;
    const QSignalBlocker block(m_outlierBox);
    m_outlierBox->setChecked(on);
    m_scheduler->request();
}

void CurvesPanel::setFollowing(bool on) {
    if (on == m_following)
        return;
    m_following = on;
    const QSignalBlocker block(m_followButton);
    m_followButton->setChecked(on);
    Q_EMIT followingChanged(on);
    if (on)
        m_scheduler->request();
}

void CurvesPanel::onRangeChanged(QCPAxis* axis, const QCPRange& range) {
    if (m_applyingRange == 0)
        setFollowing(false);  // a zoom or a drag: the user wants this view
    if (axis->axisType() != QCPAxis::atBottom)
        return;
    ++m_applyingRange;
    for (QCPAxisRect* r : {m_lossRect, m_accRect, m_lrRect})
        if (r->axis(QCPAxis::atBottom) != axis)
            r->axis(QCPAxis::atBottom)->setRange(range);
    --m_applyingRange;
}

void CurvesPanel::setAxisRange(QCPAxis* axis, const QCPRange& range) {
    if (!(range.lower < range.upper) || !std::isfinite(range.lower) || !std::isfinite(range.upper))
        return;
    ++m_applyingRange;
    axis->setRange(range);
    --m_applyingRange;
}

double CurvesPanel::stepX(std::int64_t step) const {
    return double(step + 1) / double(m_itersPerEpoch);
}

void CurvesPanel::redraw() {
    if (m_overlay->active()) {
        redrawOverlay();
        return;
    }
    const auto& steps = m_model->steps();
    // A new smoothing weight changes every smoothed point; replaced steps (a resume) every point
    // after them: draw all again. Otherwise only the new steps are appended.
    if (m_rebuild || m_smoothingDirty || m_stepsFrom < m_drawnSteps || m_drawnSteps > steps.size())
        rebuildSteps();
    else
        appendSteps(m_drawnSteps);
    m_stepsFrom = steps.size();
    if (m_epochsDirty)
        rebuildEpochs();
    updateSeriesNames();
    updateEmptyState();
    if (m_following)
        applyAutoRange();
    if (m_crosshair->visible())
        updateCrosshair(m_crosshair->x());  // new values under the same x; the replot draws it
    m_plot->replot();
}

void CurvesPanel::rebuildSteps() {
    m_rebuild = m_smoothingDirty = false;
    m_itersPerEpoch = std::max<std::int64_t>(1, m_model->layout().itersPerEpoch);
    for (Series s : {Series::LossRaw, Series::LossSmoothed, Series::AccuracyRaw,
                     Series::AccuracySmoothed, Series::LearningRate})
        graph(s)->data()->clear();
    m_lossEma = Ema{m_smoothing};
    m_accEma = Ema{m_smoothing};
    m_drawnSteps = 0;
    appendSteps(0);
}

void CurvesPanel::appendSteps(std::size_t from) {
    const auto& steps = m_model->steps();
    if (from >= steps.size())
        return;
    const int n = int(steps.size() - from);
    QVector<QCPGraphData> lossRaw, lossSmooth, accRaw, accSmooth, lr;
    for (auto* v : {&lossRaw, &lossSmooth, &accRaw, &accSmooth, &lr})
        v->reserve(n);
    for (std::size_t i = from; i < steps.size(); ++i) {
        const StepEvent& e = steps[i];
        const double x = stepX(e.step);
        const double acc = 100.0 * e.accuracy;
        // Non-finite points are left out (a gap), as TensorBoard skips them.
        if (std::isfinite(e.loss)) {
            lossRaw.push_back({x, e.loss});
            lossSmooth.push_back({x, m_lossEma.push(e.loss)});
        }
        if (std::isfinite(acc)) {
            accRaw.push_back({x, acc});
            accSmooth.push_back({x, m_accEma.push(acc)});
        }
        if (std::isfinite(e.lr) && e.lr > 0)  // 0 has no place on a log axis
            lr.push_back({x, e.lr});
    }
    // Sorted appends after the last key: QCPDataContainer appends without re-sorting.
    graph(Series::LossRaw)->data()->add(lossRaw, true);
    graph(Series::LossSmoothed)->data()->add(lossSmooth, true);
    graph(Series::AccuracyRaw)->data()->add(accRaw, true);
    graph(Series::AccuracySmoothed)->data()->add(accSmooth, true);
    graph(Series::LearningRate)->data()->add(lr, true);
    m_drawnSteps = steps.size();
}

void CurvesPanel::rebuildEpochs() {
    m_epochsDirty = false;
    const double ipe = double(std::max<std::int64_t>(1, m_model->layout().itersPerEpoch));
    QVector<QCPGraphData> train, soft, hard;
    for (const EpochEvent& e : m_model->epochs()) {
        const double x = double(e.step + 1) / ipe;
        if (std::isfinite(e.trainAccuracy))
            train.push_back({x, 100.0 * e.trainAccuracy});
        if (std::isfinite(e.testAccSoft))
            soft.push_back({x, 100.0 * e.testAccSoft});
        if (std::isfinite(e.testAccHard))
            hard.push_back({x, 100.0 * e.testAccHard});
    }
    graph(Series::TrainAccuracyEpoch)->data()->set(train, true);
    graph(Series::TestAccuracySoft)->data()->set(soft, true);
    graph(Series::TestAccuracyHard)->data()->set(hard, true);
}

void CurvesPanel::updateSeriesNames() {
    // fp and LSQ evaluate one network (testAccHard == testAccSoft): one series, plainly named.
    const bool slb =
        m_model->hasRun() ? m_model->hasSlbLayers() : m_model->config().method == Method::Slb;
    QCPGraph* soft = graph(Series::TestAccuracySoft);
    QCPGraph* hard = graph(Series::TestAccuracyHard);
    soft->setName(slb ? tr("test W_c (soft)") : tr("test accuracy"));
    hard->setVisible(slb);
    if (m_plot->legend->hasItemWithPlottable(hard) == slb)
        return;
    if (slb)
        addLegendEntry(hard, m_plot->legend);
    else
        hard->removeFromLegend(m_plot->legend);
    fitLegendToWidth(m_plot->legend, m_plot->width());  // the entries changed
}

void CurvesPanel::fitAxisLabels() {
    // A y label longer than its rect is high would run into the next rect's: two lines then.
    bool changed = false;
    for (QCPAxisRect* r : {m_lossRect, m_accRect, m_lrRect})
        changed |= fitAxisLabel(r->axis(QCPAxis::atLeft), r->height() + 12);
    if (!changed)
        return;
    // The margins follow the labels: lay the plot out again before this replot draws it.
    for (auto phase :
         {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
        m_plot->plotLayout()->update(phase);
}

void CurvesPanel::updateEmptyState() {
    const bool overlaying = m_overlay->active();
    const bool empty =
        overlaying ? m_overlay->xMax() <= 0 : m_model->steps().empty() && m_model->epochs().empty();
    QString message;
    if (empty && overlaying)
        message = tr("The ticked runs have no training steps yet");
    else if (empty)
        message = m_model->hasRun() ? tr("Waiting for the first training steps…")
                                    : tr("Launch a run to see its curves");
    if (message != m_message) {
        m_message = message;
        setPlotMessage(m_plot, message);
    }
    if (empty == !m_showingCurves)
        return;
    // Without data the message gets the whole plot (one hidden rect) instead of empty axes.
    m_showingCurves = !empty;
    QCPLayoutGrid* grid = m_plot->plotLayout();
    if (empty) {
        for (QCPLayoutElement* e :
             std::initializer_list<QCPLayoutElement*>{m_plot->legend, m_accRect, m_lrRect})
            grid->take(e);
        grid->simplify();
        m_crosshair->hide();
    } else {
        grid->insertRow(0);
        grid->addElement(0, 0, m_plot->legend);
        grid->addElement(2, 0, m_accRect);
        grid->addElement(3, 0, m_lrRect);
        grid->setRowStretchFactors({kLegendRowStretch, 3.0, 3.0, 1.6});
    }
    // The loss rect stays visible: the message item draws only while the first rect does. Out
    // of the margin group, it is as wide as the plot and the message is centred in it.
    m_lossRect->setMarginGroup(QCP::msLeft | QCP::msRight,
                               empty ? nullptr : m_accRect->marginGroup(QCP::msLeft));
    m_lossRect->axis(QCPAxis::atBottom)->setVisible(!empty);
    m_lossRect->axis(QCPAxis::atLeft)->setVisible(!empty);
    m_plot->legend->setVisible(!empty);
    m_accRect->setVisible(!empty);
    m_lrRect->setVisible(!empty);
}

bool CurvesPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && event->type() == QEvent::Leave && m_crosshair->visible()) {
        m_crosshair->hide();
        m_crosshair->replot();
    }
    // Before the plot lays itself out at its new size: the legend's columns follow the width.
    if (watched == m_plot && event->type() == QEvent::Resize)
        fitLegendToWidth(m_plot->legend, static_cast<QResizeEvent*>(event)->size().width());
    return QWidget::eventFilter(watched, event);
}

}  // namespace slb
