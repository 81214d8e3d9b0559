// CurvesPanel: the smoothing arithmetic, the graphs against the model's data, incremental
// appends, the fp/LSQ vs SLB test-accuracy series, follow/zoom, log y, the outlier-robust
// autoscale, the crosshair (its own layer only) and redraw coalescing.

#include <qcustomplot.h>

#include <QCheckBox>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>
#include <cmath>
#include <random>

#include "curvespanel.h"
#include "runmodel.h"

using namespace slb;

namespace {

constexpr int kIters = 50;
constexpr int kEpochs = 3;

RunConfig slbConfig(Method method = Method::Slb) {
    RunConfig c;
    c.model = "cnn";
    c.method = method;
    c.wbits = 2;
    c.epochs = kEpochs;
    return c;
}

RunStartedEvent runInfo(const RunConfig& c, int iters = kIters, int epochs = kEpochs) {
    RunStartedEvent info;
    info.configJson = c.toJson();
    info.modelName = "cnn";
    info.itersPerEpoch = iters;
    info.totalEpochs = epochs;
    const char* kind = c.method == Method::Slb ? "slb" : c.method == Method::Lsq ? "lsq" : "";
    if (*kind)
        for (const char* name : {"features.3", "features.6", "features.9"})
            info.layers.push_back(LayerInfo{name, kind, c.wbits, 32, 9216, {32, 32, 3, 3}});
    return info;
}

/** Steps [first, first + count) of a run that learns: loss falls, accuracy rises, noisily. */
std::vector<StepEvent> makeSteps(std::int64_t first, int count, int iters = kIters,
                                 int epochs = kEpochs) {
    std::mt19937 rng(unsigned(first) + 7);
    std::normal_distribution<double> noise(0.0, 0.08);
    std::vector<StepEvent> out;
    for (std::int64_t s = first; s < first + count; ++s) {
        StepEvent e;
        e.step = s;
        e.epoch = int(s / iters);
        e.loss = 0.35 + 1.95 * std::exp(-double(s) / 40.0) + noise(rng);
        e.accuracy = std::clamp(0.92 - 0.8 * std::exp(-double(s) / 50.0) + noise(rng), 0.0, 1.0);
        e.lr = 0.05 * (1 + std::cos(M_PI * double(s) / double(iters * epochs)));
        e.temperature = 1.0 + 0.01 * double(s);
        out.push_back(e);
    }
    return out;
}

EpochEvent makeEpoch(int epoch, bool slb = true) {
    EpochEvent e;
    e.epoch = epoch;
    e.step = std::int64_t(epoch + 1) * kIters - 1;
    e.trainAccuracy = 0.84 + 0.015 * epoch;
    e.testAccSoft = 0.8 + 0.015 * epoch;
    e.testAccHard = slb ? e.testAccSoft - 0.05 + 0.004 * epoch : e.testAccSoft;
    return e;
}

/** A panel of 1100 × 700 shown offscreen, as in the main window. */
struct Fixture {
    RunModel model;
    CurvesPanel panel{&model};
    Fixture() {
        panel.resize(1100, 700);
        panel.show();
    }
    QCPGraph* g(CurvesPanel::Series s) const { return panel.graph(s); }
    QCPAxis* x() const { return panel.lossRect()->axis(QCPAxis::atBottom); }
};

std::vector<double> values(const QCPGraph* g) {
    std::vector<double> v;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        v.push_back(it->value);
    return v;
}

/** True when a text item showing `text` will really be drawn. */
bool messageDrawn(QCustomPlot* plot, const QString& text) {
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot->item(i)))
            if (t->text() == text && t->realVisibility())
                return true;
    return false;
}

}  // namespace

class TstCurvesPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smooth_data();
    void smooth();
    void robustRangeLeavesSpikesOut();
    void messageWithoutData();
    void graphsHoldTheModelsSteps();
    void appendsIncrementally();
    void smoothingChangeRedraws();
    void testAccuracySoftAndHardForSlb();
    void oneTestAccuracyForLsq();
    void legendAndLabelsClearOfTheCurves();
    void zoomEndsFollowingAndRecheckAutoscales();
    void logYForLossAndLr();
    void ignoreOutliersAutoscale();
    void crosshairReplotsOnlyItsLayer();
    void coalescesRedraws();
    void saveScreenshot();
};

void TstCurvesPanel::smooth_data() {
    QTest::addColumn<std::vector<double>>("input");
    QTest::addColumn<double>("weight");
    QTest::addColumn<std::vector<double>>("expected");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("weight 0 is the identity")
        << std::vector<double>{1, 2, 3} << 0.0 << std::vector<double>{1, 2, 3};
    // last = 0.5; 0.5 / (1 - 0.5) = 1 | last = 0.25 + 1.5 = 1.75; 1.75 / 0.75 = 2.3333
    QTest::newRow("debiased") << std::vector<double>{1, 3} << 0.5
                              << std::vector<double>{1, 7.0 / 3.0};
    // 0.8 / 0.4 = 2 | 2.08 / 0.64 = 3.25 | 1.648 / 0.784 = 2.1020408
    QTest::newRow("weight 0.6") << std::vector<double>{2, 4, 1} << 0.6
                                << std::vector<double>{2, 3.25, 1.648 / 0.784};
    QTest::newRow("NaN and inf skipped") << std::vector<double>{1, nan, INFINITY, 3} << 0.5
                                         << std::vector<double>{1, nan, nan, 7.0 / 3.0};
    QTest::newRow("constant stays constant")
        << std::vector<double>{5, 5, 5} << 0.999 << std::vector<double>{5, 5, 5};
}

void TstCurvesPanel::smooth() {
    QFETCH(std::vector<double>, input);
    QFETCH(double, weight);
    QFETCH(std::vector<double>, expected);
    const auto out = CurvesPanel::smooth(input, weight);
    QCOMPARE(out.size(), expected.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (std::isnan(expected[i]))
            QVERIFY2(std::isnan(out[i]), qPrintable(QString::number(i)));
        else
            QVERIFY2(
                std::abs(out[i] - expected[i]) < 1e-9,
                qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(out[i]).arg(expected[i])));
    }
}

void TstCurvesPanel::robustRangeLeavesSpikesOut() {
    std::vector<double> loss;
    for (const StepEvent& e : makeSteps(0, 1000))
        loss.push_back(e.loss);
    const double first = loss[0];
    loss[600] = 500;  // a lone spike
    const QCPRange r = CurvesPanel::robustRange(loss, false);
    QVERIFY(r.upper < 100);
    QVERIFY2(r.upper >= first, "the first steps' high loss is a trend, not an outlier");
    const QCPRange logRange = CurvesPanel::robustRange(loss, true);
    QVERIFY(logRange.lower > 0 && logRange.upper < 100 && logRange.upper >= first);
    const QCPRange none = CurvesPanel::robustRange({std::nan("")}, false);
    QVERIFY(none.lower > none.upper);
}

void TstCurvesPanel::messageWithoutData() {
    Fixture f;
    QCOMPARE(f.panel.message(), QStringLiteral("Launch a run to see its curves"));
    QVERIFY(messageDrawn(f.panel.plot(), f.panel.message()));
    QCOMPARE(f.panel.plot()->axisRectCount(), 1);  // no empty stacked axes behind the message
    QVERIFY(!f.panel.lossRect()->axis(QCPAxis::atLeft)->realVisibility());
    f.model.setRunInfo(runInfo(slbConfig()));
    QTRY_VERIFY(f.panel.message().contains(QStringLiteral("Waiting")));
    f.model.appendSteps(makeSteps(0, 10));
    QTRY_VERIFY(f.panel.message().isEmpty());
    QCOMPARE(f.panel.plot()->axisRectCount(), 3);
    QVERIFY(f.panel.lossRect()->axis(QCPAxis::atLeft)->realVisibility());
    QVERIFY(f.panel.lrRect()->axis(QCPAxis::atLeft)->realVisibility());
    QVERIFY(!messageDrawn(f.panel.plot(), QStringLiteral("Launch a run to see its curves")));
    f.model.clear();
    QTRY_COMPARE(f.panel.message(), QStringLiteral("Launch a run to see its curves"));
    QCOMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 0);
}

void TstCurvesPanel::graphsHoldTheModelsSteps() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    const auto steps = makeSteps(0, 150);
    f.model.appendSteps(steps);
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 150);
    std::vector<double> loss;
    for (const auto& s : steps)
        loss.push_back(s.loss);
    const auto smoothed = CurvesPanel::smooth(loss, 0.6);
    auto raw = f.g(CurvesPanel::Series::LossRaw)->data();
    auto sm = f.g(CurvesPanel::Series::LossSmoothed)->data();
    auto acc = f.g(CurvesPanel::Series::AccuracyRaw)->data();
    auto lr = f.g(CurvesPanel::Series::LearningRate)->data();
    QCOMPARE(sm->size(), 150);
    for (int i = 0; i < 150; ++i) {
        const double x = double(steps[std::size_t(i)].step + 1) / kIters;
        QCOMPARE(raw->at(i)->key, x);
        QCOMPARE(raw->at(i)->value, steps[std::size_t(i)].loss);
        QCOMPARE(sm->at(i)->value, smoothed[std::size_t(i)]);
        QCOMPARE(acc->at(i)->value, 100.0 * steps[std::size_t(i)].accuracy);
        QCOMPARE(lr->at(i)->value, steps[std::size_t(i)].lr);
    }
    QVERIFY(f.g(CurvesPanel::Series::LossRaw)->pen().color().alpha() < 128);  // faint
    QCOMPARE(f.g(CurvesPanel::Series::LossSmoothed)->pen().color().alpha(), 255);
    QVERIFY(f.g(CurvesPanel::Series::LossRaw)->adaptiveSampling());
    // Following: x shows the run so far.
    QVERIFY(f.x()->range().contains(3.0));
    QVERIFY(f.x()->range().upper < 3.2);
    QCOMPARE(f.panel.accuracyRect()->axis(QCPAxis::atBottom)->range(), f.x()->range());
    QCOMPARE(f.panel.lrRect()->axis(QCPAxis::atBottom)->range(), f.x()->range());
    QCOMPARE(f.panel.lrRect()->axis(QCPAxis::atBottom)->label(), QStringLiteral("epoch"));
}

void TstCurvesPanel::appendsIncrementally() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    f.model.appendSteps(makeSteps(0, 60));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 60);
    f.model.appendSteps(makeSteps(60, 40));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 100);
    // The smoothed curve carries its state across appends: equal to smoothing all at once.
    std::vector<double> loss;
    for (const auto& s : f.model.steps())
        loss.push_back(s.loss);
    const auto expected = CurvesPanel::smooth(loss, 0.6);
    const auto got = values(f.g(CurvesPanel::Series::LossSmoothed));
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        QVERIFY(std::abs(got[i] - expected[i]) < 1e-12);
    // A resumed run replaces steps from 80 on: no duplicate points.
    auto again = makeSteps(80, 30);
    for (auto& s : again)
        s.loss = 9;
    f.model.appendSteps(again);
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 110);
    QCOMPARE(f.g(CurvesPanel::Series::LossRaw)->data()->at(79)->value, f.model.steps()[79].loss);
    QCOMPARE(f.g(CurvesPanel::Series::LossRaw)->data()->at(80)->value, 9.0);
}

void TstCurvesPanel::smoothingChangeRedraws() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    f.model.appendSteps(makeSteps(0, 120));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossSmoothed)->dataCount(), 120);
    QCOMPARE(f.panel.smoothing(), 0.6);
    f.panel.setSmoothing(0.95);
    QCOMPARE(f.panel.smoothing(), 0.95);
    std::vector<double> loss;
    for (const auto& s : f.model.steps())
        loss.push_back(s.loss);
    const auto expected = CurvesPanel::smooth(loss, 0.95);
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossSmoothed)->data()->at(119)->value, expected[119]);
    QCOMPARE(f.g(CurvesPanel::Series::LossSmoothed)->dataCount(), 120);
    QCOMPARE(f.g(CurvesPanel::Series::LossRaw)->data()->at(119)->value, loss[119]);
    f.panel.setSmoothing(5);  // clamped
    QCOMPARE(f.panel.smoothing(), 0.999);
}

void TstCurvesPanel::testAccuracySoftAndHardForSlb() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    f.model.appendSteps(makeSteps(0, 100));
    f.model.appendEpoch(makeEpoch(0));
    f.model.appendEpoch(makeEpoch(1));
    QCPGraph* soft = f.g(CurvesPanel::Series::TestAccuracySoft);
    QCPGraph* hard = f.g(CurvesPanel::Series::TestAccuracyHard);
    QTRY_COMPARE(hard->dataCount(), 2);
    QCOMPARE(soft->dataCount(), 2);
    QVERIFY(hard->visible());
    QCOMPARE(soft->name(), QStringLiteral("test W_c (soft)"));
    QCOMPARE(hard->name(), QStringLiteral("test W_q (discrete)"));
    QCOMPARE(soft->data()->at(1)->key, 2.0);
    QCOMPARE(soft->data()->at(1)->value, 100.0 * makeEpoch(1).testAccSoft);
    QCOMPARE(hard->data()->at(0)->value, 100.0 * makeEpoch(0).testAccHard);
    QVERIFY(soft->scatterStyle().shape() != QCPScatterStyle::ssNone);
    QCOMPARE(f.g(CurvesPanel::Series::TrainAccuracyEpoch)->data()->at(0)->value, 84.0);
    // The accuracy axis shows both epoch points.
    const QCPRange y = f.panel.accuracyRect()->axis(QCPAxis::atLeft)->range();
    QVERIFY(y.contains(hard->data()->at(0)->value) && y.contains(soft->data()->at(1)->value));
}

void TstCurvesPanel::oneTestAccuracyForLsq() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig(Method::Lsq)));
    f.model.appendSteps(makeSteps(0, 50));
    f.model.appendEpoch(makeEpoch(0, false));
    QCPGraph* soft = f.g(CurvesPanel::Series::TestAccuracySoft);
    QTRY_COMPARE(soft->dataCount(), 1);
    QCOMPARE(soft->name(), QStringLiteral("test accuracy"));
    QVERIFY(!f.g(CurvesPanel::Series::TestAccuracyHard)->visible());
    // The panel's one legend sits in the layout's top row, above the rects.
    QCPLegend* legend = f.panel.plot()->legend;
    QCOMPARE(f.panel.plot()->plotLayout()->element(0, 0), legend);
    QVERIFY(!legend->hasItemWithPlottable(f.g(CurvesPanel::Series::TestAccuracyHard)));
    QVERIFY(legend->hasItemWithPlottable(soft));
}

void TstCurvesPanel::legendAndLabelsClearOfTheCurves() {
    // The main window gives the panel 497 × 415 px: the legend, above the rects, hides no curve
    // and takes two rows at most; no y label is longer than its rect is high.
    for (const QSize size : {QSize(497, 415), QSize(800, 600), QSize(1100, 700)}) {
        Fixture f;
        f.panel.resize(size);
        f.model.setRunInfo(runInfo(slbConfig()));
        f.model.appendSteps(makeSteps(0, 150));
        for (int e = 0; e < kEpochs; ++e)
            f.model.appendEpoch(makeEpoch(e));
        QTRY_COMPARE(f.g(CurvesPanel::Series::TestAccuracyHard)->dataCount(), kEpochs);
        QCoreApplication::processEvents();
        f.panel.plot()->replot();
        const QString at = QStringLiteral("at %1 × %2").arg(size.width()).arg(size.height());
        QCPLegend* legend = f.panel.plot()->legend;
        int entries = 0;
        for (int i = 0; i < legend->itemCount(); ++i)
            if (QCPLayoutElement* item = legend->item(i)) {
                ++entries;
                QVERIFY2(f.panel.plot()->viewport().contains(item->outerRect()), qPrintable(at));
            }
        QCOMPARE(entries, 5);
        QVERIFY2(legend->rowCount() <= 2, qPrintable(at));
        for (QCPAxisRect* r : {f.panel.lossRect(), f.panel.accuracyRect(), f.panel.lrRect()}) {
            QVERIFY2(!legend->outerRect().intersects(r->rect()), qPrintable(at));
            QCPAxis* y = r->axis(QCPAxis::atLeft);
            int longest = 0;
            for (const QString& line : y->label().split(QLatin1Char('\n')))
                longest = std::max(longest, QFontMetrics(y->labelFont()).horizontalAdvance(line));
            QVERIFY2(longest <= r->rect().height() + 12,
                     qPrintable(at + QLatin1Char(' ') + y->label()));
        }
    }
}

void TstCurvesPanel::zoomEndsFollowingAndRecheckAutoscales() {
    Fixture f;
    QSignalSpy followSpy(&f.panel, &CurvesPanel::followingChanged);
    f.model.setRunInfo(runInfo(slbConfig()));
    f.model.appendSteps(makeSteps(0, 100));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 100);
    QVERIFY(f.panel.following());
    QVERIFY(std::abs(f.x()->range().upper - 2.0) < 0.1);
    // The user zooms the accuracy rect (as the mouse wheel does).
    f.panel.accuracyRect()->axis(QCPAxis::atBottom)->scaleRange(0.5, 1.0);
    QVERIFY(!f.panel.following());
    QCOMPARE(followSpy.count(), 1);
    auto* button = f.panel.findChild<QToolButton*>();
    QVERIFY(button && !button->isChecked());
    const QCPRange zoomed = f.x()->range();
    QCOMPARE(zoomed, f.panel.accuracyRect()->axis(QCPAxis::atBottom)->range());
    f.model.appendSteps(makeSteps(100, 50));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 150);
    QCOMPARE(f.x()->range(), zoomed);  // live data does not move the user's view
    button->click();
    QVERIFY(f.panel.following());
    QVERIFY(button->isChecked());
    QTRY_VERIFY(std::abs(f.x()->range().upper - 3.0) < 0.1);
    QVERIFY(f.x()->range().lower == 0);
}

void TstCurvesPanel::logYForLossAndLr() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    f.model.appendSteps(makeSteps(0, 150));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 150);
    QCPAxis* lossY = f.panel.lossRect()->axis(QCPAxis::atLeft);
    QCPAxis* lrY = f.panel.lrRect()->axis(QCPAxis::atLeft);
    QCOMPARE(lossY->scaleType(), QCPAxis::stLinear);
    QCOMPARE(lrY->range().lower, 0.0);
    f.panel.setLogY(true);
    QVERIFY(f.panel.logY());
    QCOMPARE(lossY->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(lrY->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(f.panel.accuracyRect()->axis(QCPAxis::atLeft)->scaleType(), QCPAxis::stLinear);
    double minLr = 1;
    for (const auto& s : f.model.steps())
        minLr = std::min(minLr, s.lr);
    // Autoscaled on the log axis: just below the smallest rate, not a decade below it.
    QTRY_VERIFY(lrY->range().lower <= minLr && lrY->range().lower > minLr / 10);
    QVERIFY(lossY->range().lower > 0);
    QVERIFY(f.panel.findChild<QCheckBox*>()->isChecked() ||
            f.panel.findChildren<QCheckBox*>().at(1)->isChecked());
}

void TstCurvesPanel::ignoreOutliersAutoscale() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    auto steps = makeSteps(0, 150);
    steps[120].loss = 1000;  // one bad batch
    f.model.appendSteps(steps);
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 150);
    QVERIFY(f.panel.ignoreOutliers());
    QCPAxis* lossY = f.panel.lossRect()->axis(QCPAxis::atLeft);
    QVERIFY2(lossY->range().upper < 10, qPrintable(QString::number(lossY->range().upper)));
    QVERIFY(lossY->range().upper > steps[0].loss);  // the start of the descent stays in view
    f.panel.setIgnoreOutliers(false);
    QTRY_VERIFY(lossY->range().upper >= 1000);
}

void TstCurvesPanel::crosshairReplotsOnlyItsLayer() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    const auto steps = makeSteps(0, 150);
    f.model.appendSteps(steps);
    f.model.appendEpoch(makeEpoch(0));
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 150);
    QVERIFY(f.panel.crosshairLayer()->mode() == QCPLayer::lmBuffered);
    QVERIFY(f.panel.crosshairText().isEmpty());
    QSignalSpy replots(f.panel.plot(), &QCustomPlot::afterReplot);
    // A real mouse move over the loss rect at x = 1.5 epochs (step 74).
    QCPAxis* x = f.x();
    const QPointF pos(x->coordToPixel(1.5), f.panel.lossRect()->rect().center().y());
    QMouseEvent move(QEvent::MouseMove, pos, f.panel.plot()->mapToGlobal(pos), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(f.panel.plot(), &move);
    const QString text = f.panel.crosshairText();
    QVERIFY2(text.contains(QStringLiteral("step 74")), qPrintable(text));
    QVERIFY2(text.contains(QString::number(steps[74].loss, 'g', 4)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("W_q")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("epoch 1")), qPrintable(text));
    f.panel.showCrosshairAt(0.5);
    QVERIFY(f.panel.crosshairText().contains(QStringLiteral("step 24")));
    QVERIFY(!f.panel.crosshairText().contains(QStringLiteral("W_q")));  // no evaluation yet
    QCOMPARE(replots.count(), 0);  // the data layers were not drawn again
    QCoreApplication::processEvents();
    QCOMPARE(replots.count(), 0);
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(f.panel.plot(), &leave);
    QVERIFY(f.panel.crosshairText().isEmpty());
}

void TstCurvesPanel::coalescesRedraws() {
    Fixture f;
    f.model.setRunInfo(runInfo(slbConfig()));
    QTRY_VERIFY(f.panel.message().contains(QStringLiteral("Waiting")));
    QSignalSpy replots(f.panel.plot(), &QCustomPlot::afterReplot);
    const auto steps = makeSteps(0, 1000, 400, 3);
    for (const auto& s : steps) {
        f.model.appendSteps({s});
        QCoreApplication::processEvents();  // as live training interleaves with the event loop
    }
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), 1000);
    QTRY_VERIFY(!replots.isEmpty());
    QVERIFY2(replots.count() <= 12, qPrintable(QString::number(replots.count())));
}

void TstCurvesPanel::saveScreenshot() {
    // A look at the panel as a user sees it: SLB_SCREENSHOT_DIR=/tmp tst_curvespanel saveScreenshot
    const QString dir = qEnvironmentVariable("SLB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set SLB_SCREENSHOT_DIR to save the panel as a PNG");
    Fixture f;
    const int iters = 469, epochs = 10;
    RunConfig c = slbConfig();
    c.epochs = epochs;
    f.model.setRunInfo(runInfo(c, iters, epochs));
    const auto steps = makeSteps(0, iters * 7, iters, epochs);
    for (std::size_t i = 0; i < steps.size(); i += 100)
        f.model.appendSteps(std::vector<StepEvent>(
            steps.begin() + std::ptrdiff_t(i),
            steps.begin() + std::ptrdiff_t(std::min(steps.size(), i + 100))));
    for (int e = 0; e < 7; ++e) {
        EpochEvent ep = makeEpoch(e);
        ep.step = std::int64_t(e + 1) * iters - 1;
        f.model.appendEpoch(ep);
    }
    QTRY_COMPARE(f.g(CurvesPanel::Series::LossRaw)->dataCount(), iters * 7);
    f.panel.showCrosshairAt(3.2);
    QVERIFY(f.panel.grab().save(dir + QStringLiteral("/curves.png")));
    f.panel.setLogY(true);
    f.panel.showCrosshairAt(std::nan(""));
    QSignalSpy replots(f.panel.plot(), &QCustomPlot::afterReplot);
    QVERIFY(replots.wait());
    QVERIFY(f.panel.grab().save(dir + QStringLiteral("/curves-log.png")));
    RunModel empty;
    CurvesPanel idle(&empty);
    QSignalSpy idleReplots(idle.plot(), &QCustomPlot::afterReplot);
    idle.resize(1100, 700);
    idle.show();
    QVERIFY(idleReplots.wait());  // the resize's queued replot
    QVERIFY(idle.grab().save(dir + QStringLiteral("/curves-empty.png")));
}

QTEST_MAIN(TstCurvesPanel)
#include "tst_curvespanel.moc"
