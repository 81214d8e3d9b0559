// CurvesPanel's view of the current run: autoscaling and the crosshair readout.
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "autoscale.h"
#include "crosshair.h"
#include "curvespanel.h"
#include "runmodel.h"

namespace slb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMargin = 0.06;  ///< autoscale margin, a fraction of the span

/** Value of the point at exactly `key` (as placed by the panel), NaN when there is none. */
double valueAtKey(const QCPGraph* graph, double key) {
    const auto data = graph->data();
    const auto it = data->findBegin(key - 1e-9, false);
    if (it == data->constEnd() || std::abs(it->key - key) > 1e-9)
        return kNaN;
    return it->value;
}

QString formatNumber(double v, int precision = 4) {
    return std::isfinite(v) ? QString::number(v, 'g', precision) : QStringLiteral("–");
}

QString formatPercent(double v) {
    return std::isfinite(v) ? CurvesPanel::tr("%1 %").arg(v, 0, 'f', 1) : QStringLiteral("–");
}

}  // namespace

void CurvesPanel::applyAutoRange() {
    const auto& steps = m_model->steps();
    const auto& epochs = m_model->epochs();
    // x: the whole run so far (the planned length before the first step).
    double xMax = 0;
    if (!steps.empty())
        xMax = stepX(steps.back().step);
    if (!epochs.empty())
        xMax = std::max(xMax, double(epochs.back().step + 1) / double(m_itersPerEpoch));
    if (xMax <= 0)
        xMax = double(m_model->layout().totalEpochs);
    // setAxisRange() → onRangeChanged() carries the x range over to the other rects.
    setAxisRange(m_lossRect->axis(QCPAxis::atBottom), QCPRange(0, xMax * 1.015));

    std::vector<double> loss, acc, lr;
    loss.reserve(steps.size());
    acc.reserve(steps.size());
    lr.reserve(steps.size());
    for (const StepEvent& e : steps) {
        loss.push_back(e.loss);
        acc.push_back(100.0 * e.accuracy);
        lr.push_back(e.lr);
    }
    auto range = [this](const std::vector<double>& v, bool logScale) {
        return m_ignoreOutliers ? robustRange(v, logScale) : extremes(v, logScale);
    };
    const QCPRange lossRange = range(loss, m_logY);
    if (lossRange.lower <= lossRange.upper)
        setAxisRange(m_lossRect->axis(QCPAxis::atLeft), withMargin(lossRange, m_logY, kMargin));

    // Accuracy: the bulk of the batches, and every (few, meaningful) epoch point.
    QCPRange accRange = range(acc, false);
    for (Series s :
         {Series::TrainAccuracyEpoch, Series::TestAccuracySoft, Series::TestAccuracyHard}) {
        bool found = false;
        const QCPRange r = graph(s)->data()->valueRange(found);
        if (found)
            accRange = unite(accRange, r);
    }
    if (accRange.lower <= accRange.upper) {
        accRange = withMargin(accRange, false, kMargin);
        setAxisRange(m_accRect->axis(QCPAxis::atLeft),
                     QCPRange(std::max(0.0, accRange.lower), std::min(100.5, accRange.upper)));
    }

    const QCPRange lrRange = extremes(lr, m_logY);
    if (lrRange.lower <= lrRange.upper) {
        // On a linear axis a learning rate reads best against zero.
        setAxisRange(m_lrRect->axis(QCPAxis::atLeft),
                     m_logY ? withMargin(lrRange, true, kMargin)
                            : QCPRange(0, lrRange.upper * (1 + 2 * kMargin)));
    }
}

void CurvesPanel::onMouseMove(double pixelX, double pixelY) {
    if (!m_showingCurves || !m_crosshair->covers(pixelX, pixelY)) {
        if (m_crosshair->visible()) {
            m_crosshair->hide();
            m_crosshair->replot();
        }
        return;
    }
    showCrosshairAt(m_lossRect->axis(QCPAxis::atBottom)->pixelToCoord(pixelX));
}

QString CurvesPanel::crosshairText() const {
    return m_crosshair->text();
}

QCPLayer* CurvesPanel::crosshairLayer() const {
    return m_crosshair->layer();
}

void CurvesPanel::showCrosshairAt(double epoch) {
    updateCrosshair(epoch);
    // Only the crosshair's buffer is drawn again; the data layers keep theirs.
    m_crosshair->replot();
}

void CurvesPanel::updateCrosshair(double epoch) {
    if (m_overlay->active()) {
        if (!std::isfinite(epoch) || !m_showingCurves)
            m_crosshair->hide();
        else
            m_crosshair->show(epoch, m_overlay->readout(epoch, m_align));
        return;
    }
    const auto& steps = m_model->steps();
    if (!std::isfinite(epoch) || !m_showingCurves || steps.empty()) {
        m_crosshair->hide();
        return;
    }
    // The step whose point is nearest to x: step s sits at (s + 1) / itersPerEpoch.
    const std::int64_t wanted = std::llround(epoch * double(m_itersPerEpoch)) - 1;
    auto it = std::lower_bound(steps.begin(), steps.end(), wanted,
                               [](const StepEvent& e, std::int64_t s) { return e.step < s; });
    if (it == steps.end())
        --it;
    const StepEvent& e = *it;
    const double x = stepX(e.step);

    QStringList lines;
    lines << tr("epoch %1 · step %2").arg(epoch, 0, 'f', 2).arg(e.step);
    lines << tr("train loss %1 (batch %2)")
                 .arg(formatNumber(valueAtKey(graph(Series::LossSmoothed), x)),
                      formatNumber(e.loss));
    lines << tr("train accuracy %1 (batch %2)")
                 .arg(formatPercent(valueAtKey(graph(Series::AccuracySmoothed), x)),
                      formatPercent(100.0 * e.accuracy));
    // The latest evaluation at or before x.
    const EpochEvent* last = nullptr;
    for (const EpochEvent& ep : m_model->epochs())
        if (double(ep.step + 1) / double(m_itersPerEpoch) <= epoch + 1e-9)
            last = &ep;
    if (last) {
        if (graph(Series::TestAccuracyHard)->visible())
            lines << tr("test W_c %1, W_q %2 (epoch %3)")
                         .arg(formatPercent(100.0 * last->testAccSoft),
                              formatPercent(100.0 * last->testAccHard))
                         .arg(last->epoch + 1);
        else
            lines << tr("test accuracy %1 (epoch %2)")
                         .arg(formatPercent(100.0 * last->testAccSoft))
                         .arg(last->epoch + 1);
    }
    lines << tr("learning rate %1").arg(formatNumber(e.lr, 3));

    m_crosshair->show(epoch, lines.join(QLatin1Char('\n')));
}

}  // namespace slb
