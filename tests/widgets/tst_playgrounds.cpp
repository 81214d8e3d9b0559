// The temperature and LSQ playgrounds (issue 10): what they draw equals SLB's and LSQ's formulas
// at hand-computed points, the T sweep follows the configured schedule, and the random layer's
// heatmap sharpens as T grows.
#include <qcustomplot.h>

#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QtTest>
#include <cmath>
#include <numeric>

#include "base/quantmath.h"
#include "base/snapshot.h"
#include "plothelpers.h"
#include "softmaxplayground.h"
#include "stepsizeplayground.h"

using namespace slb;

namespace {

RunConfig scheduleConfig() {
    RunConfig c;
    c.epochs = 4;
    c.batchSize = 128;  // Fashion-MNIST: 469 steps an epoch
    c.temperature.kind = TempScheduleKind::Exp;
    c.temperature.unit = ScheduleUnit::Iteration;
    c.temperature.tStart = 2;
    c.temperature.tEnd = 500;
    return c;
}

}  // namespace

class TstPlaygrounds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void barsAndWeightsFollowSlbByHand();
    void temperatureSliderIsLogarithmicAndShowsTau();
    void editedLogitIsTakenAndABadOneRefused();
    void sweepFollowsTheConfiguredSchedule();
    void animationVisitsTheSweepAndStops();
    void randomLayerSharpensAsTGrows();
    void lsqByHandSigned();
    void lsqByHandUnsigned();
    void lsqGradientScale();
    void playgroundsAreReadable();
};

void TstPlaygrounds::barsAndWeightsFollowSlbByHand() {
    SoftmaxPlayground p;
    p.setValueCount(4);
    p.setLogits({1.0, 0.0, 0.0, -1.0});
    p.setTemperature(2.0);
    // softmax(A·T) with A·T = (2, 0, 0, −2): e² / (e² + 2 + e⁻²) …
    const double e2 = std::exp(2.0), em2 = std::exp(-2.0), z = e2 + 2 + em2;
    const std::vector<double> expected = {e2 / z, 1 / z, 1 / z, em2 / z};
    const auto bars = p.drawnProbabilities();
    QCOMPARE(int(bars.size()), 4);
    for (int i = 0; i < 4; ++i)
        QVERIFY2(std::abs(bars[std::size_t(i)] - expected[std::size_t(i)]) < 1e-12,
                 qPrintable(QString::number(bars[std::size_t(i)])));
    // V = {−1, −⅓, ⅓, 1}: W_c = Σ p·v, W_q = −1 (the largest logit's value).
    const double wc = -expected[0] - expected[1] / 3 + expected[2] / 3 + expected[3];
    QVERIFY(std::abs(p.drawnWc() - wc) < 1e-12);
    QCOMPARE(p.drawnWq(), -1.0);
    QVERIFY2(p.gapText().contains(QLocale().toString(std::abs(-1.0 - wc), 'f', 3)),
             qPrintable(p.gapText()));
    // Two values (1 bit): V = {−1, +1}.
    p.setValueCount(2);
    QCOMPARE(p.values(), (std::vector<double>{-1.0, 1.0}));
    QCOMPARE(p.logits(), (std::vector<double>{1.0, 0.0}));
    QVERIFY(std::abs(p.drawnWc() - std::tanh(2.0 * (0.0 - 1.0) / 2)) < 1e-12);  // tanh form
}

void TstPlaygrounds::temperatureSliderIsLogarithmicAndShowsTau() {
    SoftmaxPlayground p;
    auto* slider = p.findChild<QSlider*>(QStringLiteral("temperatureSlider"));
    QVERIFY(slider);
    slider->setValue(slider->maximum() / 2);  // half-way on a log scale from 0.1 to 10⁴: 31.6
    QVERIFY2(std::abs(p.temperature() - std::sqrt(0.1 * 1e4)) < 0.01,
             qPrintable(QString::number(p.temperature())));
    slider->setValue(slider->minimum());
    QVERIFY(std::abs(p.temperature() - 0.1) < 1e-9);
    p.setTemperature(8);
    const QString label = p.findChild<QLabel*>(QStringLiteral("temperatureLabel"))->text();
    QVERIFY2(label.contains(QStringLiteral("T = 8")) && label.contains(QStringLiteral("0.125")),
             qPrintable(label));
}

void TstPlaygrounds::editedLogitIsTakenAndABadOneRefused() {
    SoftmaxPlayground p;
    p.setLogits({0, 0, 0, 0});
    auto* table = p.findChild<QTableWidget*>(QStringLiteral("logitTable"));
    table->item(1, 3)->setText(QLocale().toString(2.5));
    QCOMPARE(p.logits()[3], 2.5);
    QCOMPARE(p.drawnWq(), 1.0);
    table->item(1, 3)->setText(QStringLiteral("lots"));
    QCOMPARE(p.logits()[3], 2.5);  // refused: the old value stays, and shows again
    QCOMPARE(table->item(1, 3)->text(), QLocale().toString(2.5, 'f', 2));
    p.findChild<QPushButton*>(QStringLiteral("randomLogits"))->click();
    QVERIFY(p.logits() != (std::vector<double>{0, 0, 0, 2.5}));
}

void TstPlaygrounds::sweepFollowsTheConfiguredSchedule() {
    SoftmaxPlayground p;
    const RunConfig c = scheduleConfig();
    p.setConfig(c);
    const auto& sweep = p.sweep();
    QCOMPARE(int(sweep.size()), SoftmaxPlayground::kSweepPoints);
    TrainProgress layout;
    layout.totalEpochs = 4;
    layout.itersPerEpoch = 469;
    QCOMPARE(sweep.front().iteration, std::int64_t(0));
    QCOMPARE(sweep.back().iteration, layout.totalIterations() - 1);
    for (const auto& s : sweep) {
        const double planned = c.temperature.temperature(layout.atIteration(s.iteration));
        QVERIFY2(std::abs(s.t - planned) <= 1e-12 * planned, qPrintable(QString::number(s.t)));
        QCOMPARE(s.epoch, double(s.iteration + 1) / 469.0);
    }
    QVERIFY(std::abs(sweep.front().t - 2) < 1e-9);
    QVERIFY(std::abs(sweep.back().t - 500) < 1e-6);
    // Another schedule, another sweep: a constant T stays put.
    RunConfig flat = c;
    flat.temperature.kind = TempScheduleKind::Constant;
    flat.temperature.tStart = 7;
    p.setConfig(flat);
    for (const auto& s : p.sweep())
        QCOMPARE(s.t, flat.temperature.temperature(layout.atIteration(s.iteration)));
}

void TstPlaygrounds::animationVisitsTheSweepAndStops() {
    SoftmaxPlayground p;
    p.setConfig(scheduleConfig());
    p.findChild<QPushButton*>(QStringLiteral("animate"))->click();
    QVERIFY(p.isAnimating());
    QCOMPARE(p.animationFrame(), 0);
    QCOMPARE(p.temperature(), p.sweep().front().t);
    for (int i = 1; i < 10; ++i)
        p.animationStep();
    QCOMPARE(p.animationFrame(), 9);
    QCOMPARE(p.temperature(), p.sweep()[9].t);
    QVERIFY(p.findChild<QLabel*>(QStringLiteral("temperatureLabel"))
                ->text()
                .contains(QStringLiteral("of 4")));
    // Touching the slider takes T back by hand.
    p.findChild<QSlider*>(QStringLiteral("temperatureSlider"))->setValue(10);
    QVERIFY(!p.isAnimating());
    // Run to the end on the timer: it stops by itself on the schedule's last T.
    p.startAnimation();
    QTRY_VERIFY_WITH_TIMEOUT(!p.isAnimating(), 20000);
    QCOMPARE(p.animationFrame(), SoftmaxPlayground::kSweepPoints - 1);
    QVERIFY(std::abs(p.temperature() - 500) < 1e-6);
}

void TstPlaygrounds::randomLayerSharpensAsTGrows() {
    SoftmaxPlayground p;
    p.setConfig(scheduleConfig());
    const auto& committed = p.committedShares();
    QCOMPARE(int(committed.size()), SoftmaxPlayground::kSweepPoints);
    // At T = 2 hardly a weight of N(0, 1) logits has max P > 0.999; at T = 500 most have.
    QVERIFY2(committed.front() < 0.01, qPrintable(QString::number(committed.front())));
    QVERIFY2(committed.back() > 0.9, qPrintable(QString::number(committed.back())));
    for (std::size_t i = 1; i < committed.size(); ++i)
        QVERIFY(committed[i] >= committed[i - 1]);  // T only grows here
    // The histogram at the slider's T: spread at T = 0.1, all in the top bin at T = 10⁴.
    const auto soft = p.layerHistogramAt(0.1);
    const auto sharp = p.layerHistogramAt(1e4);
    QCOMPARE(int(soft.size()), SlbSnapshot::kMaxProbBins);
    QVERIFY(std::abs(std::accumulate(soft.begin(), soft.end(), 0.0) - 1) < 1e-9);
    QVERIFY2(soft.back() < 0.01 && soft.front() > 0.2, qPrintable(QString::number(soft.front())));
    QVERIFY2(sharp.back() > 0.99, qPrintable(QString::number(sharp.back())));
    const std::vector<double> before = committed;
    p.findChild<QPushButton*>(QStringLiteral("newLayer"))->click();
    QVERIFY(p.committedShares() != before);
}

void TstPlaygrounds::lsqByHandSigned() {
    StepSizePlayground p;
    p.setBits(2);
    p.setSigned(true);  // Qn = 2, Qp = 1
    p.setStep(0.5);
    QCOMPARE(p.levels().qn, 2.0);
    QCOMPARE(p.levels().qp, 1.0);
    // v = 0.3: v/s = 0.6 → round 1 → v̂ = 0.5; ∂v̂/∂s = −0.6 + 1 = 0.4.
    p.setProbe(0.3);
    QVERIFY(std::abs(p.drawnQuantized(0.3) - 0.5) < 1e-12);
    QVERIFY(std::abs(p.drawnGradient(0.3) - 0.4) < 1e-12);
    QVERIFY2(p.probeText().contains(QStringLiteral("0.4")), qPrintable(p.probeText()));
    // v = −0.4: v/s = −0.8 → −1 → v̂ = −0.5; ∂v̂/∂s = 0.8 − 1 = −0.2.
    p.setProbe(-0.4);
    QVERIFY(std::abs(p.drawnQuantized(-0.4) + 0.5) < 1e-12);
    QVERIFY(std::abs(p.drawnGradient(-0.4) + 0.2) < 1e-12);
    // Beyond the clip points: v̂ = Qp·s and −Qn·s, ∂v̂/∂s = Qp and −Qn.
    p.setProbe(0.9);
    QCOMPARE(p.drawnQuantized(0.9), 0.5);
    QCOMPARE(p.drawnGradient(0.9), 1.0);
    p.setProbe(-1.2);
    QCOMPARE(p.drawnQuantized(-1.2), -1.0);
    QCOMPARE(p.drawnGradient(-1.2), -2.0);
    // A tie rounds to even as torch.round: v/s = 0.5 → 0.
    p.setProbe(0.25);
    QCOMPARE(p.drawnQuantized(0.25), 0.0);
    QVERIFY(std::abs(p.drawnGradient(0.25) + 0.5) < 1e-12);
    QVERIFY2(p.figuresText().contains(QStringLiteral("Qn = 2")) &&
                 p.figuresText().contains(QStringLiteral("Qp = 1")),
             qPrintable(p.figuresText()));
}

void TstPlaygrounds::lsqByHandUnsigned() {
    StepSizePlayground p;
    p.setBits(3);
    p.setSigned(false);  // Qn = 0, Qp = 7
    p.setStep(0.2);
    QCOMPARE(p.levels().qn, 0.0);
    QCOMPARE(p.levels().qp, 7.0);
    p.setProbe(0.75);  // v/s = 3.75 → 4 → 0.8; −3.75 + 4 = 0.25
    QVERIFY(std::abs(p.drawnQuantized(0.75) - 0.8) < 1e-12);
    QVERIFY(std::abs(p.drawnGradient(0.75) - 0.25) < 1e-12);
    p.setProbe(-0.1);  // below 0: clipped to 0, gradient −Qn = 0
    QCOMPARE(p.drawnQuantized(-0.1), 0.0);
    QCOMPARE(p.drawnGradient(-0.1), 0.0);
    p.setProbe(1.5);  // above Qp·s = 1.4
    QVERIFY(std::abs(p.drawnQuantized(1.5) - 1.4) < 1e-12);
    QCOMPARE(p.drawnGradient(1.5), 7.0);
}

void TstPlaygrounds::lsqGradientScale() {
    StepSizePlayground p;
    p.setBits(2);
    p.setSigned(true);
    p.setCount(1000);
    QVERIFY(std::abs(quantmath::lsqGradScale(1000, 1) - 1 / std::sqrt(1000.0)) < 1e-15);
    QVERIFY2(p.figuresText().contains(QLocale().toString(1 / std::sqrt(1000.0), 'g', 3)),
             qPrintable(p.figuresText()));
    p.setBits(4);  // Qp = 7: g = 1/√7000
    QVERIFY2(p.figuresText().contains(QLocale().toString(1 / std::sqrt(7000.0), 'g', 3)),
             qPrintable(p.figuresText()));
}

void TstPlaygrounds::playgroundsAreReadable() {
    SoftmaxPlayground t;
    StepSizePlayground l;
    for (QWidget* w : {static_cast<QWidget*>(&t), static_cast<QWidget*>(&l)}) {
        w->resize(760, 900);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
    }
    t.setValueCount(16);
    for (QCustomPlot* plot : {t.weightPlot(), t.layerPlot(), static_cast<QCustomPlot*>(l.plot())}) {
        plot->replot();
        const QStringList problems = readabilityProblems(plot);
        QVERIFY2(problems.isEmpty(), qPrintable(plot->objectName() + ": " + problems.join("; ")));
    }
}

QTEST_MAIN(TstPlaygrounds)
#include "tst_playgrounds.moc"
