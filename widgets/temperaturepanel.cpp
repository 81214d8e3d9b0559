#include "temperaturepanel.h"

#include <QLocale>

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "base/temperature.h"
#include "linegraph.h"
#include "plotstyle.h"
#include "redrawscheduler.h"
#include "runmodel.h"

namespace slb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kPlannedPoints = 512;
constexpr double kLegendRowStretch = 0.001;  ///< the gap legend takes the height it needs

/** Places `p` at plot x and a fraction of `rect`'s height: a marker spanning the rect. */
void placeInRect(QCPItemPosition* p, QCPAxisRect* rect) {
    p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    p->setAxisRect(rect);
    p->setTypeX(QCPItemPosition::ptPlotCoords);
    p->setTypeY(QCPItemPosition::ptAxisRectRatio);
}

/** A label in `rect`; a wrapping one breaks its lines to fit the rect's width. */
QCPItemText* makeLabel(QCustomPlot* plot, QCPAxisRect* rect, const QColor& color,
                       bool wrapping = false) {
    QCPItemText* t = wrapping ? addWrappingText(plot) : new QCPItemText(plot);
    t->setClipAxisRect(rect);
    placeInRect(t->position, rect);
    t->setColor(color);
    t->setPadding(QMargins(5, 3, 5, 3));
    t->setBrush(QColor(255, 255, 255, 210));
    QFont f = t->font();
    f.setPointSize(plotFontPointSize());
    t->setFont(f);
    return t;
}

QCPItemStraightLine* makeVerticalLine(QCustomPlot* plot, QCPAxisRect* rect, const QPen& pen) {
    auto* l = new QCPItemStraightLine(plot);
    l->setClipAxisRect(rect);
    placeInRect(l->point1, rect);
    placeInRect(l->point2, rect);
    l->setPen(pen);
    return l;
}

void setVerticalLineX(QCPItemStraightLine* l, double x) {
    l->point1->setCoords(x, 0);
    l->point2->setCoords(x, 1);
}

/** Four-significant-digit number for labels. */
QString number(double v) {
    return QString::number(v, 'g', 4);
}

}  // namespace

TemperaturePanel::TemperaturePanel(RunModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_scheduler(new RedrawScheduler(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setToolTip(tr("Wheel: zoom · drag: pan · double-click: fit the whole run"));
    layout->addWidget(m_plot);
    buildPlot();

    connect(m_scheduler, &RedrawScheduler::redraw, this, &TemperaturePanel::redraw);
    auto everything = [this] {
        m_rebuild = m_plannedDirty = m_gapDirty = m_steeringDirty = true;
        m_scheduler->request();
    };
    connect(m_model, &RunModel::reset, this, [this, everything] {
        m_autoRange = true;
        everything();
    });
    connect(m_model, &RunModel::infoChanged, this, everything);
    // The experiment form (before a run) and steering (during it) change the planned schedule.
    connect(m_model, &RunModel::configChanged, this, [this] {
        m_plannedDirty = true;
        m_scheduler->request();
    });
    connect(m_model, &RunModel::stepsAppended, this, [this](int first) {
        m_stepsFrom = std::min(m_stepsFrom, std::size_t(std::max(0, first)));
        m_scheduler->requestLive();
    });
    connect(m_model, &RunModel::snapshotAppended, this, [this] {
        m_gapDirty = true;
        m_scheduler->requestLive();
    });
    connect(m_model, &RunModel::cursorChanged, this,
            [this] { m_scheduler->requestAs(!m_model->following()); });
    connect(m_model, &RunModel::lifecycleAppended, this, [this] {
        m_steeringDirty = true;
        m_scheduler->request();
    });
    redraw();
}

void TemperaturePanel::buildPlot() {
    stylePlot(m_plot);
    m_plot->setAutoAddPlottableToLegend(false);
    m_plot->installEventFilter(this);

    m_tempRect = m_plot->axisRect();
    m_gapRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(1, 0, m_gapRect);
    // The gap legend joins the layout (row 2) once it has entries; a first stay there gives it
    // its plot, which adding legend items and choosing its layer need.
    m_gapLegend = new QCPLegend;
    m_plot->plotLayout()->addElement(2, 0, m_gapLegend);
    m_plot->plotLayout()->take(m_gapLegend);
    m_plot->plotLayout()->simplify();
    m_gapLegend->setVisible(false);
    m_plot->plotLayout()->setRowStretchFactors({3.0, 2.0});
    m_plot->plotLayout()->setRowSpacing(4);
    auto* group = new QCPMarginGroup(m_plot);
    for (QCPAxisRect* r : {m_tempRect, m_gapRect}) {
        r->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        for (QCPAxis* a : r->axes())
            styleAxis(a);
    }

    QCPAxis* x = m_tempRect->axis(QCPAxis::atBottom);
    QCPAxis* t = m_tempRect->axis(QCPAxis::atLeft);
    QCPAxis* tau = m_tempRect->axis(QCPAxis::atRight);
    x->setTickLabels(false);  // the gap rect's x axis below labels both
    for (QCPAxis* a : {t, tau})
        setLogScale(a, true);
    t->setLabel(tr("inverse temperature T"));
    tau->setVisible(true);
    tau->setLabel(tr("temperature τ = 1/T"));
    // τ = 1/T: the right axis shows the reciprocal range, reversed so that both axes agree on
    // where each point of the curve sits.
    tau->setRangeReversed(true);
    connect(t, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [tau](const QCPRange& r) {
        if (r.lower > 0 && r.upper > 0)
            tau->setRange(1.0 / r.upper, 1.0 / r.lower);
    });
    t->setRange(0.5, 200);

    QCPAxis* gx = m_gapRect->axis(QCPAxis::atBottom);
    QCPAxis* gy = m_gapRect->axis(QCPAxis::atLeft);
    gx->setLabel(tr("epoch"));
    gy->setLabel(tr("gap ‖W_q − W_c‖ / ‖W_q‖"));
    gy->setRange(0, 1);

    // One x range for both rects; a zoom or a drag (not the panel's own autoscale) ends autoscale.
    for (QCPAxis* a : {x, t, gx, gy})
        connect(a, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                [this, a, x, gx](const QCPRange& r) {
                    if (m_applyingRange == 0)
                        m_autoRange = false;
                    if (a != x && a != gx)
                        return;
                    ++m_applyingRange;
                    (a == x ? gx : x)->setRange(r);
                    --m_applyingRange;
                });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { setAutoRange(true); });

    const QColor tColor = seriesColor(0);
    m_planned = addLineGraph(x, t);
    m_planned->setName(tr("planned"));
    m_planned->setPen(QPen(withAlpha(tColor, 170), 2, Qt::DashLine));
    m_recorded = addLineGraph(x, t);
    m_recorded->setName(tr("recorded"));
    m_recorded->setPen(QPen(tColor, 3.5));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);  // one short row: less in the way
    m_planned->addToLegend(m_plot->legend);
    m_tempRect->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignTop);

    // Hard phase: shaded in both rects, the full height (axis-rect ratio 0…1) from its start.
    const QColor hard = hardColor();
    m_hardRect = new QCPItemRect(m_plot);
    m_hardGapRect = new QCPItemRect(m_plot);
    for (auto [item, rect] :
         {std::pair{m_hardRect, m_tempRect}, std::pair{m_hardGapRect, m_gapRect}}) {
        item->setLayer(QStringLiteral("background"));
        item->setClipAxisRect(rect);
        placeInRect(item->topLeft, rect);
        placeInRect(item->bottomRight, rect);
        item->setPen(Qt::NoPen);
        item->setBrush(withAlpha(hard, 30));
        item->setVisible(false);
    }
    // In the bottom-right corner: a rising T leaves that corner empty.
    m_hardLabel = makeLabel(m_plot, m_tempRect, hard.darker(130));
    m_hardLabel->setText(tr("hard phase (W_q)"));
    m_hardLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_hardLabel->setVisible(false);

    m_nowLine = makeVerticalLine(m_plot, m_tempRect, QPen(accentColor(), 2.5));
    m_nowText = makeLabel(m_plot, m_tempRect, accentColor().darker(120));
    m_nowText->setPen(QPen(accentColor()));
    m_nowText->position->setType(QCPItemPosition::ptAbsolute);  // placed by placeNowLabel()
    connect(m_plot, &QCustomPlot::afterLayout, this, &TemperaturePanel::placeNowLabel);
    m_nowLine->setVisible(false);
    m_nowText->setVisible(false);

    m_gapHint = makeLabel(m_plot, m_gapRect, QColor(90, 90, 90), true);
    m_gapHint->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_gapHint->position->setCoords(0.5, 0.5);
    m_gapHint->setPositionAlignment(Qt::AlignCenter);
    m_gapHint->setText(tr("Each SLB layer's gap appears here once training runs"));

    QFont f = m_plot->legend->font();
    m_gapLegend->setFont(f);
    m_gapLegend->setLayer(QStringLiteral("legend"));
    m_gapLegend->setBorderPen(Qt::NoPen);
    m_gapLegend->setBrush(Qt::NoBrush);
    m_gapLegend->setMargins(QMargins(4, 2, 4, 2));
    m_gapLegend->setFillOrder(QCPLegend::foColumnsFirst);
}

int TemperaturePanel::plannedPointCount() const {
    return m_planned->dataCount();
}

double TemperaturePanel::nowMarkerEpoch() const {
    return m_nowLine->visible() ? m_nowLine->point1->coords().x() : kNaN;
}

QString TemperaturePanel::nowLabel() const {
    return m_nowText->visible() ? m_nowText->text() : QString();
}

double TemperaturePanel::hardPhaseStartEpoch() const {
    return m_hardRect->visible() ? m_hardRect->topLeft->coords().x() : kNaN;
}

double TemperaturePanel::steeredMarkerEpoch(int i) const {
    return m_steerLines.at(std::size_t(i))->point1->coords().x();
}

void TemperaturePanel::setAutoRange(bool on) {
    m_autoRange = on;
    if (on)
        m_scheduler->request();
}

bool TemperaturePanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && event->type() == QEvent::Resize && m_gapLegend->itemCount() > 0)
        m_scheduler->request();  // the legend's column count follows the width
    return QWidget::eventFilter(watched, event);
}

bool TemperaturePanel::showsTemperature() const {
    return m_model->hasRun() ? m_model->hasSlbLayers() : m_model->config().method == Method::Slb;
}

double TemperaturePanel::stepX(std::int64_t step) const {
    return double(step + 1) / double(m_itersPerEpoch);
}

void TemperaturePanel::redraw() {
    if (m_rebuild) {
        m_itersPerEpoch = std::max<std::int64_t>(1, m_model->layout().itersPerEpoch);
        rebuildRecorded();
        rebuildGapGraphs();
        m_rebuild = false;
    } else if (m_stepsFrom < m_drawnSteps || m_drawnSteps > m_model->steps().size()) {
        rebuildRecorded();
    } else {
        appendRecorded(m_drawnSteps);
    }
    m_stepsFrom = m_model->steps().size();
    // "recorded" joins the legend with its first point: before a run there is only a plan.
    if (m_recorded->dataCount() > 0)
        m_recorded->addToLegend(m_plot->legend);
    else
        m_recorded->removeFromLegend(m_plot->legend);
    if (m_plannedDirty)
        rebuildPlanned();
    if (m_gapDirty)
        appendGaps();
    updateMessage();
    if (m_steeringDirty)
        updateSteering();
    updateHardPhase();
    updateGapLegend();
    if (m_autoRange)
        applyAutoRange();
    updateNowMarker();  // placed against the ranges just set
    m_plot->replot();
}

void TemperaturePanel::rebuildPlanned() {
    m_plannedDirty = false;
    // The current config for the whole run: the past is drawn by the recorded curve anyway.
    const auto points =
        plannedTemperature(m_model->config().temperature, m_model->layout(), kPlannedPoints);
    QVector<QCPGraphData> data;
    data.reserve(int(points.size()));
    for (const CurvePoint& p : points)
        data.push_back({p.epoch, p.value});
    m_planned->data()->set(data, true);
}

void TemperaturePanel::rebuildRecorded() {
    m_recorded->data()->clear();
    m_drawnSteps = 0;
    m_firstHardStep = -1;
    appendRecorded(0);
}

void TemperaturePanel::appendRecorded(std::size_t from) {
    const auto& steps = m_model->steps();
    QVector<QCPGraphData> data;
    data.reserve(int(steps.size() - std::min(from, steps.size())));
    for (std::size_t i = from; i < steps.size(); ++i) {
        const StepEvent& e = steps[i];
        if (std::isfinite(e.temperature) && e.temperature > 0)  // 0: no SLB layer trained
            data.push_back({stepX(e.step), e.temperature});
        if (e.hardPhase && m_firstHardStep < 0)
            m_firstHardStep = e.step;
    }
    m_recorded->data()->add(data, true);
    m_drawnSteps = steps.size();
}

void TemperaturePanel::rebuildGapGraphs() {
    for (QCPGraph* g : m_gapGraphs)
        m_plot->removeGraph(g);
    m_gapGraphs.clear();
    m_gapLayers.clear();
    m_gapLegend->clearItems();
    m_legendColumns = 0;
    const auto& layers = m_model->layers();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].kind != "slb")
            continue;
        const int n = int(m_gapGraphs.size());
        QCPGraph* g =
            addLineGraph(m_gapRect->axis(QCPAxis::atBottom), m_gapRect->axis(QCPAxis::atLeft));
        g->setName(QString::fromStdString(layers[i].name));
        // The palette has 7 colours: dashes, then dots, tell the next layers apart.
        static const Qt::PenStyle kStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
        g->setPen(QPen(seriesColor(n), 2.5, kStyles[(n / 7) % 3]));
        g->addToLegend(m_gapLegend);
        m_gapGraphs.push_back(g);
        m_gapLayers.push_back(int(i));
    }
    m_drawnSnapshots = 0;
    m_lastSnapshotStep = -1;
    m_gapDirty = true;
}

void TemperaturePanel::appendGaps() {
    m_gapDirty = false;
    const auto& snapshotSteps = m_model->snapshotSteps();
    // A resumed run replaces the snapshots after its checkpoint: draw them all again.
    if (m_drawnSnapshots > snapshotSteps.size() ||
        (m_drawnSnapshots > 0 && snapshotSteps[m_drawnSnapshots - 1] != m_lastSnapshotStep)) {
        for (QCPGraph* g : m_gapGraphs)
            g->data()->clear();
        m_drawnSnapshots = 0;
    }
    for (std::size_t gi = 0; gi < m_gapGraphs.size(); ++gi) {
        const auto& history = m_model->layerHistory(m_gapLayers[gi]);
        QVector<QCPGraphData> data;
        for (std::size_t k = m_drawnSnapshots; k < snapshotSteps.size() && k < history.size(); ++k)
            if (std::isfinite(history[k].slb.gap))
                data.push_back({stepX(snapshotSteps[k]), history[k].slb.gap});
        m_gapGraphs[gi]->data()->add(data, true);
    }
    m_drawnSnapshots = snapshotSteps.size();
    m_lastSnapshotStep = snapshotSteps.empty() ? -1 : snapshotSteps.back();
    m_gapHint->setVisible(m_drawnSnapshots == 0 || m_gapGraphs.empty());
}

void TemperaturePanel::updateHardPhase() {
    const TrainProgress layout = m_model->layout();
    double start = kNaN;
    if (m_firstHardStep >= 0) {
        start = double(m_firstHardStep) / double(m_itersPerEpoch);  // where that step begins
    } else {
        const int from = m_model->config().temperature.hardPhaseStartEpoch(layout.totalEpochs);
        if (from > 0)
            start = double(from - 1);  // 1-based epoch number → its start on the x axis
    }
    const bool show = std::isfinite(start) && m_showingPlot;
    const double end = double(layout.totalEpochs);
    for (QCPItemRect* r : {m_hardRect, m_hardGapRect}) {
        r->setVisible(show);
        r->topLeft->setCoords(show ? start : 0, 0);
        r->bottomRight->setCoords(end, 1);
    }
    m_hardLabel->setVisible(show);
    m_hardLabel->position->setCoords(end, 1);
}

void TemperaturePanel::updateNowMarker() {
    const auto& steps = m_model->steps();
    // The newest step while following; the step picked on the shared timeline otherwise (a
    // replay, or a user looking back), so that T moves with the distributions.
    const StepEvent* at = steps.empty() ? nullptr : &steps.back();
    const bool picked = !m_model->following() && m_model->cursor() >= 0 && !steps.empty();
    if (picked) {
        const auto it =
            std::upper_bound(steps.begin(), steps.end(), m_model->cursor(),
                             [](std::int64_t s, const StepEvent& e) { return s < e.step; });
        at = it == steps.begin() ? &steps.front() : &*(it - 1);
    }
    const bool show = m_showingPlot && at && at->temperature > 0 && std::isfinite(at->temperature);
    m_nowLine->setVisible(show);
    m_nowText->setVisible(show);
    if (!show)
        return;
    const double x = stepX(at->step);
    const double t = at->temperature;
    setVerticalLineX(m_nowLine, x);
    m_nowText->setText(
        picked ? tr("step %1: T = %2, τ = %3")
                     .arg(QLocale().toString(qlonglong(at->step)), number(t), number(1.0 / t))
               : tr("now: T = %1, τ = %2").arg(number(t), number(1.0 / t)));
    m_nowT = t;
    // Placed in pixels once the replot has laid the rects out: placeNowLabel().
}

void TemperaturePanel::placeNowLabel() {
    if (!m_nowText->visible())
        return;
    const QRect rect = m_tempRect->rect();
    const QCPAxis* xAxis = m_tempRect->axis(QCPAxis::atBottom);
    const QCPRange tRange = m_tempRect->axis(QCPAxis::atLeft)->range();  // log
    const double px = xAxis->coordToPixel(m_nowLine->point1->coords().x());
    // On the side of the rect away from the curve: T rises, so the past lies below the current
    // value and the plan above it.
    const bool curveHigh =
        tRange.lower > 0 && m_nowT > 0 &&
        std::log(m_nowT / tRange.lower) > 0.5 * std::log(tRange.upper / tRange.lower);
    // What the label must not cover: the legend (top left) and the hard phase's label.
    std::vector<QRectF> obstacles;
    if (m_plot->legend->visible())
        obstacles.push_back(m_plot->legend->outerRect());
    if (m_hardLabel->visible())
        obstacles.push_back(QRectF(m_hardLabel->topLeft->pixelPosition(),
                                   m_hardLabel->bottomRight->pixelPosition()));
    // The label's size, measured in place.
    m_nowText->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_nowText->position->setCoords(0, 0);
    const QSizeF size(
        m_nowText->bottomRight->pixelPosition().x() - m_nowText->topLeft->pixelPosition().x(),
        m_nowText->bottomRight->pixelPosition().y() - m_nowText->topLeft->pixelPosition().y());
    const QRectF inside = QRectF(rect).adjusted(2, 2, -2, -2);
    const double gap = 6;
    const double y = curveHigh ? rect.top() + 0.86 * rect.height() - size.height()
                               : rect.top() + 0.14 * rect.height();
    // Beside the line: left of it (over the past) where there is room, else right of it, else
    // over it, kept inside the rect; moved up or down, away from the curve, clear of obstacles.
    const double centred = std::clamp(px - size.width() / 2, inside.left(),
                                      std::max(inside.left(), inside.right() - size.width()));
    QRectF r;
    for (double left : {px - gap - size.width(), px + gap, centred}) {
        r = QRectF(QPointF(left, y), size);
        for (int pass = 0; pass < 2; ++pass)
            for (const QRectF& o : obstacles)
                if (r.intersects(o))
                    r.moveTop(curveHigh ? o.top() - gap - r.height() : o.bottom() + gap);
        if (inside.contains(r))
            break;
    }
    m_nowText->position->setCoords(r.topLeft());
}

void TemperaturePanel::updateSteering() {
    m_steeringDirty = false;
    for (auto* l : m_steerLines)
        m_plot->removeItem(l);
    for (auto* t : m_steerLabels)
        m_plot->removeItem(t);
    m_steerLines.clear();
    m_steerLabels.clear();
    const QColor color(60, 60, 60);
    for (const LifecycleEvent& e : m_model->lifecycle()) {
        if (e.status != RunStatus::Steered)
            continue;
        // The event's step is the next one to run: the change takes effect at its start.
        const double x = double(e.step) / double(m_itersPerEpoch);
        auto* line = makeVerticalLine(m_plot, m_tempRect, QPen(color, 1.5, Qt::DashLine));
        setVerticalLineX(line, x);
        auto* label = makeLabel(m_plot, m_tempRect, color);
        label->setText(tr("steered"));
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->position->setCoords(x, 0.0);
        line->setVisible(m_showingPlot);
        label->setVisible(m_showingPlot);
        m_steerLines.push_back(line);
        m_steerLabels.push_back(label);
    }
}

void TemperaturePanel::updateGapLegend() {
    const int n = m_gapLegend->itemCount();
    if (n == 0)
        return;
    // As many columns as the width holds: up to 20 layers stay in a few rows below the plot.
    const QFontMetrics fm(m_gapLegend->font());
    int widest = 0;
    for (QCPGraph* g : m_gapGraphs)
        widest = std::max(widest, fm.horizontalAdvance(g->name()));
    const int itemWidth = widest + m_gapLegend->iconSize().width() +
                          m_gapLegend->iconTextPadding() + 2 * m_gapLegend->columnSpacing() + 16;
    const int fit = std::clamp((m_plot->width() - 40) / std::max(1, itemWidth), 1, n);
    const int rows = (n + fit - 1) / fit;
    const int columns = (n + rows - 1) / rows;  // balanced: 7 layers give 4 + 3, not 6 + 1
    if (columns == m_legendColumns)
        return;
    m_legendColumns = columns;
    m_gapLegend->setWrap(columns);
    m_gapLegend->setFillOrder(QCPLegend::foColumnsFirst, true);
}

void TemperaturePanel::updateMessage() {
    const bool show = showsTemperature();
    QString message;
    if (!show)
        message = tr("No temperature: this run has no SLB layers (method: %1)")
                      .arg(QString::fromLatin1(toString(m_model->config().method)));
    if (message != m_message) {
        m_message = message;
        setPlotMessage(m_plot, message);
    }
    // The message gets the whole plot instead of empty axes: the lower rows leave the layout.
    // An empty legend leaves it too: a layout column is no wider than its narrowest maximum,
    // and an empty legend's maximum is its margins.
    const bool withLegend = show && m_gapLegend->itemCount() > 0;
    if (show == m_showingPlot && withLegend == m_legendInLayout)
        return;
    if (show != m_showingPlot)
        m_steeringDirty = true;
    m_showingPlot = show;
    m_legendInLayout = withLegend;
    QCPLayoutGrid* grid = m_plot->plotLayout();
    for (QCPLayoutElement* e :
         {static_cast<QCPLayoutElement*>(m_gapRect), static_cast<QCPLayoutElement*>(m_gapLegend)})
        if (grid->hasElement(1, 0) && grid->element(1, 0) == e)
            grid->take(e);
        else if (grid->rowCount() > 2 && grid->element(2, 0) == e)
            grid->take(e);
    grid->simplify();
    if (show) {
        grid->addElement(1, 0, m_gapRect);
        if (withLegend)
            grid->addElement(2, 0, m_gapLegend);
        grid->setRowStretchFactors(withLegend ? QList<double>{3.0, 2.0, kLegendRowStretch}
                                              : QList<double>{3.0, 2.0});
    }
    // The temperature rect stays visible: the message item draws only while the first rect does.
    // Out of the margin group, it is as wide as the plot and the message is centred in it.
    m_tempRect->setMarginGroup(QCP::msLeft | QCP::msRight,
                               show ? m_gapRect->marginGroup(QCP::msLeft) : nullptr);
    for (QCPAxis* a : m_tempRect->axes())
        a->setVisible(show && a->axisType() != QCPAxis::atTop);
    for (QCPGraph* g : {m_planned, m_recorded})
        g->setVisible(show);
    m_plot->legend->setVisible(show);
    m_gapRect->setVisible(show);
    m_gapLegend->setVisible(withLegend);
}

void TemperaturePanel::setAxisRange(QCPAxis* axis, const QCPRange& range) {
    if (!(range.lower < range.upper) || !std::isfinite(range.lower) || !std::isfinite(range.upper))
        return;
    ++m_applyingRange;
    axis->setRange(range);
    --m_applyingRange;
}

void TemperaturePanel::applyAutoRange() {
    // x: the whole planned run (and whatever was recorded beyond it, after a longer resume).
    double xMax = double(m_model->layout().totalEpochs);
    if (!m_recorded->data()->isEmpty())
        xMax = std::max(xMax, (m_recorded->data()->constEnd() - 1)->key);
    setAxisRange(m_tempRect->axis(QCPAxis::atBottom), QCPRange(0, xMax));

    // T on a log axis: planned and recorded values, with a multiplicative margin.
    double lo = std::numeric_limits<double>::max(), hi = 0;
    for (QCPGraph* g : {m_planned, m_recorded}) {
        bool found = false;
        const QCPRange r = g->data()->valueRange(found, QCP::sdPositive);
        if (found) {
            lo = std::min(lo, r.lower);
            hi = std::max(hi, r.upper);
        }
    }
    if (hi > 0) {
        const double decades = std::log10(hi / lo);
        const double f = std::pow(10.0, decades > 0 ? std::max(0.08, 0.08 * decades) : 0.15);
        setAxisRange(m_tempRect->axis(QCPAxis::atLeft), QCPRange(lo / f, hi * f));
    }

    double gapMax = 0;
    for (QCPGraph* g : m_gapGraphs) {
        bool found = false;
        const QCPRange r = g->data()->valueRange(found);
        if (found)
            gapMax = std::max(gapMax, r.upper);
    }
    setAxisRange(m_gapRect->axis(QCPAxis::atLeft), QCPRange(0, gapMax > 0 ? gapMax * 1.08 : 1.0));
}

}  // namespace slb
