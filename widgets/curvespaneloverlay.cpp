// CurvesPanel in overlay mode: the runs ticked in the run browser instead of the current run.
#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <cmath>

#include "autoscale.h"
#include "crosshair.h"
#include "curvespanel.h"
#include "plotstyle.h"
#include "redrawscheduler.h"

namespace slb {

namespace {

constexpr int kPollMs = 1000;  ///< how often runs still being written are read again
constexpr double kMargin = 0.06;

bool sameSpecs(const std::vector<OverlayRunSpec>& a, const std::vector<OverlayRunSpec>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].dir != b[i].dir || a[i].name != b[i].name || a[i].color != b[i].color)
            return false;
    return true;
}

}  // namespace

QWidget* CurvesPanel::buildOverlayControls(QWidget* bar) {
    m_overlayRow = new QWidget(bar);
    auto* row = new QHBoxLayout(m_overlayRow);
    row->setContentsMargins(0, 0, 0, 0);
    m_overlayLabel = new QLabel(m_overlayRow);
    m_overlayLabel->setObjectName(QStringLiteral("overlayLabel"));
    m_overlayLabel->setToolTip(
        tr("Tick or untick runs in the Runs dock (F8); untick them all to "
           "see the current run again"));
    auto* alignName = new QLabel(tr("Align by"), m_overlayRow);
    m_alignBox = new QComboBox(m_overlayRow);
    m_alignBox->setObjectName(QStringLiteral("alignBox"));
    m_alignBox->addItem(tr("step"), int(CurvesOverlay::Align::Step));
    m_alignBox->addItem(tr("epoch"), int(CurvesOverlay::Align::Epoch));
    m_alignBox->addItem(tr("training time"), int(CurvesOverlay::Align::WallTime));
    m_alignBox->setCurrentIndex(m_alignBox->findData(int(m_align)));
    m_alignBox->setToolTip(
        tr("Put the runs side by side by global step, by epoch (runs of different lengths "
           "end together) or by training time (what a faster method buys)"));
    alignName->setBuddy(m_alignBox);
    connect(m_alignBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setAlignment(CurvesOverlay::Align(m_alignBox->itemData(i).toInt())); });
    row->addWidget(m_overlayLabel);
    row->addSpacing(12);
    row->addWidget(alignName);
    row->addWidget(m_alignBox);
    row->addStretch(1);
    m_overlayRow->setVisible(false);

    m_overlayPoll = new QTimer(this);
    m_overlayPoll->setInterval(kPollMs);
    connect(m_overlayPoll, &QTimer::timeout, this, &CurvesPanel::pollOverlay);
    return m_overlayRow;
}

void CurvesPanel::setAlignment(CurvesOverlay::Align align) {
    if (align == m_align)
        return;
    m_align = align;
    const QSignalBlocker block(m_alignBox);
    m_alignBox->setCurrentIndex(m_alignBox->findData(int(align)));
    if (!m_overlay->active())
        return;
    m_crosshair->hide();
    // Another x means another view: show every run whole again.
    m_following = false;
    setFollowing(true);
    m_scheduler->request();
}

QStringList CurvesPanel::setOverlayRuns(const std::vector<OverlayRunSpec>& runs) {
    if (sameSpecs(runs, m_overlaySpecs))
        return {};  // a ticked run re-read by the browser: the poll timer takes in its rows
    m_overlaySpecs = runs;
    const bool was = m_overlay->active();
    if (was)
        m_overlay->removeFromLegend(m_plot->legend);
    const QStringList errors = m_overlay->setRuns(runs);
    const bool now = m_overlay->active();
    if (now != was)
        showOwnSeries(!now);
    if (now)
        m_overlay->addToLegend(m_plot->legend);
    m_overlayLabel->setText(m_overlay->runCount() == 1
                                ? tr("Showing 1 ticked run")
                                : tr("Comparing %1 ticked runs").arg(m_overlay->runCount()));
    m_overlayRow->setVisible(now);
    fitLegendToWidth(m_plot->legend, m_plot->width());
    if (now && m_overlay->anyOpen())
        m_overlayPoll->start();
    else
        m_overlayPoll->stop();
    m_crosshair->hide();
    m_rebuild = m_epochsDirty = true;  // back to the current run: every point drawn again
    m_following = false;
    setFollowing(true);
    m_scheduler->request();
    return errors;
}

void CurvesPanel::showOwnSeries(bool on) {
    for (QCPGraph* g : m_graphs) {
        g->setVisible(on);
        if (!on)
            g->removeFromLegend(m_plot->legend);
    }
    if (on) {
        for (Series s : {Series::LossSmoothed, Series::LossRaw, Series::TrainAccuracyEpoch,
                         Series::TestAccuracySoft})
            if (!m_plot->legend->hasItemWithPlottable(graph(s))) {
                graph(s)->addToLegend(m_plot->legend);
                m_plot->legend->itemWithPlottable(graph(s))->setMargins(QMargins(0, 0, 0, 3));
            }
        // W_q's entry and visibility follow the run's method: updateSeriesNames() decides.
        graph(Series::TestAccuracyHard)->setVisible(false);
        m_overlay->applyTickers(CurvesOverlay::Align::Epoch, {m_lossRect, m_accRect, m_lrRect});
        m_lrRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    }
}

void CurvesPanel::pollOverlay() {
    if (m_overlay->poll())
        m_scheduler->requestLive();
    if (!m_overlay->anyOpen())
        m_overlayPoll->stop();
}

void CurvesPanel::redrawOverlay() {
    m_rebuild = m_smoothingDirty = false;
    m_overlay->rebuild(m_smoothing, m_align);
    m_overlay->applyTickers(m_align, {m_lossRect, m_accRect, m_lrRect});
    m_lrRect->axis(QCPAxis::atBottom)->setLabel(m_overlay->axisLabel(m_align));
    updateEmptyState();
    if (m_following)
        applyOverlayRange();
    if (m_crosshair->visible())
        updateCrosshair(m_crosshair->x());
    m_plot->replot();
}

void CurvesPanel::applyOverlayRange() {
    const double xMax = m_overlay->xMax();
    if (xMax > 0)
        setAxisRange(m_lossRect->axis(QCPAxis::atBottom), QCPRange(0, xMax * 1.015));
    const QCPRange loss = m_overlay->lossRange(m_logY, m_ignoreOutliers);
    if (loss.lower <= loss.upper)
        setAxisRange(m_lossRect->axis(QCPAxis::atLeft), withMargin(loss, m_logY, kMargin));
    QCPRange acc = m_overlay->accuracyRange();
    if (acc.lower <= acc.upper) {
        acc = withMargin(acc, false, kMargin);
        setAxisRange(m_accRect->axis(QCPAxis::atLeft),
                     QCPRange(std::max(0.0, acc.lower), std::min(100.5, acc.upper)));
    }
    const QCPRange lr = m_overlay->lrRange(m_logY);
    if (lr.lower <= lr.upper)
        setAxisRange(
            m_lrRect->axis(QCPAxis::atLeft),
            m_logY ? withMargin(lr, true, kMargin) : QCPRange(0, lr.upper * (1 + 2 * kMargin)));
}

}  // namespace slb
