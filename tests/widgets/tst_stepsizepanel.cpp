// StepSizePanel: the histogram, clip points and clipped share against the model's snapshot at the
// cursor, the weights/activations toggle, the step-size lines (log y, one per quantizer), the
// quantization grid, live appends and resumed runs, the words shown where it does not apply, and
// that both plots stay readable at the sizes the panel gets.

#include <qcustomplot.h>

#include <QComboBox>
#include <QRadioButton>
#include <QSlider>
#include <QtTest>
#include <cmath>

#include "lsqhistogramplot.h"
#include "plothelpers.h"
#include "runmodel.h"
#include "stepsizepanel.h"
#include "timelineslider.h"

using namespace slb;

namespace {

constexpr int kIters = 50;
constexpr int kEpochs = 3;
constexpr int kEvery = 10;
const char* kNames[] = {"features.0", "features.3", "features.6"};

/** An LSQ run: 2-bit weights; 4-bit LSQ activations except at the first layer (the image). */
RunStartedEvent runInfo(Method method, int abits = 4, int firstBits = 2) {
    RunConfig c;
    c.model = "cnn";
    c.method = method;
    c.wbits = 2;
    c.abits = abits;
    c.epochs = kEpochs;
    c.snapshotEvery = kEvery;
    RunStartedEvent info;
    info.configJson = c.toJson();
    info.modelName = "cnn";
    info.itersPerEpoch = kIters;
    info.totalEpochs = kEpochs;
    const char* kind = method == Method::Lsq ? "lsq" : method == Method::Slb ? "slb" : "";
    if (*kind)
        for (int i = 0; i < 3; ++i)
            info.layers.push_back(LayerInfo{kNames[i],
                                            kind,
                                            i == 0 ? firstBits : 2,
                                            i == 0 ? 32 : abits,
                                            4608 * (i + 1),
                                            {32, 16 * (i + 1), 3, 3}});
    return info;
}

std::vector<std::int64_t> snapshotSteps() {
    std::vector<std::int64_t> steps;
    for (std::int64_t s = 0; s < kIters * kEpochs; ++s)
        if (s % kEvery == 0 || (s + 1) % kIters == 0)
            steps.push_back(s);
    return steps;
}

LsqSnapshot quantizer(bool isSigned, int bits, double step, double shift) {
    LsqSnapshot q;
    q.bits = bits;
    q.isSigned = isSigned;
    q.qn = isSigned ? std::pow(2, bits - 1) : 0;
    q.qp = isSigned ? std::pow(2, bits - 1) - 1 : std::pow(2, bits) - 1;
    q.step = step;
    q.histLow = -q.qn - 2;
    q.histHigh = q.qp + 2;
    q.hist.resize(LsqSnapshot::kHistBins);
    double sum = 0;
    const double w = (q.histHigh - q.histLow) / LsqSnapshot::kHistBins;
    for (int b = 0; b < LsqSnapshot::kHistBins; ++b) {
        const double x = q.histLow + (b + 0.5) * w;
        sum += q.hist[std::size_t(b)] =
            float(std::exp(-0.5 * std::pow((x - shift) / 1.2, 2)) + 1e-3);
    }
    for (auto& h : q.hist)
        h = float(h / sum);
    q.clippedShare = 0.0123 + 0.001 * shift;
    q.valid = true;
    return q;
}

LayerSnapshot lsqLayer(int li, std::int64_t step, bool slbWeights = false, bool actValid = true) {
    const double t = double(step) / double(kIters * kEpochs);
    LayerSnapshot l;
    l.layer = kNames[li];
    l.step = step;
    l.numWeights = 4608 * (li + 1);
    if (slbWeights) {
        l.kind = LayerSnapshot::Kind::Slb;
        l.slb.bits = 2;
        l.slb.values = {-1.0f, float(-1.0 / 3), float(1.0 / 3), 1.0f};
    } else {
        l.kind = LayerSnapshot::Kind::Lsq;
        l.lsqWeight = quantizer(true, 2, 0.05 * (1 + li) * (1 - 0.5 * t), -0.3 + t);
    }
    if (li > 0) {
        l.activation = quantizer(false, 4, 0.4 * (1 + 0.2 * li) * (1 + t), 3 + 2 * t);
        l.activation.valid = actValid;
    }
    return l;
}

SnapshotEvent snapshot(std::int64_t step, bool slbWeights = false, bool actValid = true) {
    SnapshotEvent e;
    e.step = step;
    e.epoch = int(step / kIters);
    for (int li = 0; li < 3; ++li)
        e.layers.push_back(lsqLayer(li, step, slbWeights, actValid));
    return e;
}

std::vector<double> toDouble(const std::vector<float>& v) {
    return std::vector<double>(v.begin(), v.end());
}

struct Fixture {
    RunModel model;
    StepSizePanel panel{&model};
    explicit Fixture(bool feed = true) {
        panel.resize(1200, 800);
        panel.show();
        if (feed) {
            model.setRunInfo(runInfo(Method::Lsq));
            for (std::int64_t s : snapshotSteps())
                model.appendSnapshot(snapshot(s));
        }
    }
    const LayerSnapshot& at(int layer, int index) const {
        return model.layerHistory(layer)[std::size_t(index)];
    }
    int last() const { return int(model.snapshotSteps().size()) - 1; }
};

}  // namespace

class TestStepSizePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void saysWhatToDoBeforeARun();
    void saysItIsAnLsqViewForOtherRuns_data();
    void saysItIsAnLsqViewForOtherRuns();
    void histogramEqualsTheSnapshotAtTheCursor();
    void movingTheCursorMovesTheHistogram();
    void activationsToggle();
    void activationsThatNeverComeAreNotLsq();
    void slbRunWithLsqActivations();
    void oneLinePerQuantizerOnALogAxis();
    void quantizationGrid_data();
    void quantizationGrid();
    void liveAppendsAndResumedRuns();
    void readableAtWindowSizes_data();
    void readableAtWindowSizes();
};

void TestStepSizePanel::saysWhatToDoBeforeARun() {
    Fixture f(false);
    QTRY_COMPARE(f.panel.message(),
                 QStringLiteral("Launch an LSQ run to watch its step sizes learn"));
    f.model.setRunInfo(runInfo(Method::Lsq));
    QTRY_VERIFY(f.panel.message().contains(QStringLiteral("Waiting")));
    f.model.appendSnapshot(snapshot(0));
    QTRY_VERIFY(f.panel.message().isEmpty());
    QCOMPARE(f.panel.layerNames(), QStringList({"features.0", "features.3", "features.6"}));
}

void TestStepSizePanel::saysItIsAnLsqViewForOtherRuns_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("name");
    QTest::newRow("slb") << int(Method::Slb) << QStringLiteral("SLB");
    QTest::newRow("fp") << int(Method::Float) << QStringLiteral("full precision");
}

void TestStepSizePanel::saysItIsAnLsqViewForOtherRuns() {
    QFETCH(int, method);
    QFETCH(QString, name);
    Fixture f(false);
    f.model.setRunInfo(runInfo(Method(method), /*abits=*/32));
    QTRY_VERIFY(
        f.panel.message().startsWith(QStringLiteral("Step sizes are an LSQ view: this run uses ")));
    QVERIFY(f.panel.message().contains(name));
    QVERIFY(f.panel.layerNames().isEmpty());
    QCOMPARE(f.panel.stepGraphCount(), 0);
}

void TestStepSizePanel::histogramEqualsTheSnapshotAtTheCursor() {
    Fixture f;
    f.panel.setCurrentLayer(QStringLiteral("features.3"));
    const auto& q = f.at(1, f.last()).lsqWeight;
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(q.hist));
    QCOMPARE(int(f.panel.histogramBars().size()), LsqSnapshot::kHistBins);
    QCOMPARE(f.panel.clipPoints(), std::make_pair(-q.qn, q.qp));
    QCOMPARE(f.panel.clipPoints(), std::make_pair(-2.0, 1.0));
    QCOMPARE(f.panel.clippedShare(), q.clippedShare);
    QVERIFY(f.panel.histogramInfo().contains(
        QStringLiteral("clipped: %1 %").arg(q.clippedShare * 100, 0, 'f', 2)));
    QVERIFY(f.panel.histogramInfo().contains(QStringLiteral("2 bit")));
    QVERIFY(f.panel.timeline()->text().contains(QStringLiteral("s = %1").arg(q.step, 0, 'g', 4)));
}

void TestStepSizePanel::movingTheCursorMovesTheHistogram() {
    Fixture f;
    const auto& steps = f.model.snapshotSteps();
    f.model.setCursor(steps[2]);
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(f.at(0, 2).lsqWeight.hist));
    QCOMPARE(f.panel.clippedShare(), f.at(0, 2).lsqWeight.clippedShare);
    QTRY_COMPARE(f.panel.timeline()->slider()->value(), 2);
    f.panel.timeline()->slider()->setValue(7);
    QCOMPARE(f.model.cursor(), steps[7]);
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(f.at(0, 7).lsqWeight.hist));
    f.model.followLatest();
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(f.at(0, f.last()).lsqWeight.hist));
}

void TestStepSizePanel::activationsToggle() {
    Fixture f;
    // The first layer sees the image: no activation quantizer, and the toggle says so.
    QTRY_VERIFY(!f.panel.histogramBars().empty());
    QCOMPARE(f.panel.currentLayer(), QStringLiteral("features.0"));
    QVERIFY(!f.panel.activationsAvailable());
    QVERIFY(f.panel.activationsButton()->text().contains(QStringLiteral("not LSQ")));
    f.panel.setShowActivations(true);
    QVERIFY(!f.panel.showsActivations());

    f.panel.setCurrentLayer(QStringLiteral("features.6"));
    QTRY_VERIFY(f.panel.activationsAvailable());
    QCOMPARE(f.panel.activationsButton()->text(), QStringLiteral("activations"));
    f.panel.setShowActivations(true);
    const auto& a = f.at(2, f.last()).activation;
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(a.hist));
    QCOMPARE(f.panel.clipPoints(), std::make_pair(0.0, 15.0));
    QCOMPARE(f.panel.clippedShare(), a.clippedShare);
    QVERIFY(f.panel.histogramInfo().contains(QStringLiteral("4 bit unsigned")));

    // Back to a layer without one: the histogram shows its weights.
    f.panel.setCurrentLayer(QStringLiteral("features.0"));
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(f.at(0, f.last()).lsqWeight.hist));
    QVERIFY(!f.panel.showsActivations());
}

void TestStepSizePanel::activationsThatNeverComeAreNotLsq() {
    Fixture f(false);
    f.model.setRunInfo(runInfo(Method::Lsq));
    f.panel.setCurrentLayer(QStringLiteral("features.3"));
    QVERIFY(f.panel.activationsAvailable());  // announced by the run's info
    for (std::int64_t s : snapshotSteps())
        f.model.appendSnapshot(snapshot(s, false, /*actValid=*/false));
    QTRY_VERIFY(!f.panel.activationsAvailable());
    QVERIFY(f.panel.activationsButton()->text().contains(QStringLiteral("not LSQ")));
    QTRY_COMPARE(f.panel.stepGraphCount(), 3);  // s_w only
}

void TestStepSizePanel::slbRunWithLsqActivations() {
    Fixture f(false);
    RunStartedEvent info = runInfo(Method::Slb, 4);
    RunConfig c;
    std::string error;
    QVERIFY(RunConfig::fromJson(info.configJson, &c, &error));
    c.actQuant = ActQuantKind::Lsq;
    info.configJson = c.toJson();
    f.model.setRunInfo(info);
    for (std::int64_t s : snapshotSteps())
        f.model.appendSnapshot(snapshot(s, /*slbWeights=*/true));
    QTRY_COMPARE(f.panel.layerNames(), QStringList({"features.3", "features.6"}));
    QTRY_VERIFY(f.panel.message().isEmpty());
    QVERIFY(!f.panel.weightsAvailable());
    QVERIFY(f.panel.showsActivations());
    QTRY_COMPARE(f.panel.histogramBars(), toDouble(f.at(1, f.last()).activation.hist));
    QCOMPARE(f.panel.stepGraphCount(), 2);
}

void TestStepSizePanel::oneLinePerQuantizerOnALogAxis() {
    Fixture f;
    // s_w for three layers, s_a for the two whose input is quantized.
    QTRY_COMPARE(f.panel.stepGraphCount(), 5);
    QCOMPARE(f.panel.stepPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    for (int li = 0; li < 3; ++li) {
        std::vector<double> expected;
        for (const auto& s : f.model.layerHistory(li))
            expected.push_back(s.lsqWeight.step);
        QCOMPARE(f.panel.stepValues(kNames[li], false), expected);
    }
    std::vector<double> act;
    for (const auto& s : f.model.layerHistory(2))
        act.push_back(s.activation.step);
    QCOMPARE(f.panel.stepValues(kNames[2], true), act);
    QVERIFY(f.panel.stepValues(kNames[0], true).empty());
    // Every line lies inside the visible range.
    const QCPRange y = f.panel.stepPlot()->yAxis->range();
    for (double v : act)
        QVERIFY(y.contains(v));
    // One legend key per layer plus the two line styles, not one per line.
    QCPLegend* legend = f.panel.stepPlot()->legend;
    int entries = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        entries += legend->item(i) ? 1 : 0;
    QCOMPARE(entries, 3 + 2);
}

void TestStepSizePanel::quantizationGrid_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("lines");
    QTest::newRow("2 bit: a line per level") << 2 << 4;
    QTest::newRow("4 bit") << 4 << 16;
    QTest::newRow("8 bit: every 8th level") << 8 << 32;
}

void TestStepSizePanel::quantizationGrid() {
    QFETCH(int, bits);
    QFETCH(int, lines);
    LsqHistogramPlot plot;
    const LsqSnapshot q = quantizer(true, bits, 0.01, 0);
    plot.setSnapshot(&q, QStringLiteral("w"));
    QCOMPARE(plot.gridLineCount(), lines);
    QCOMPARE(plot.clipPoints(), std::make_pair(-q.qn, q.qp));
    QCOMPARE(plot.bars(), toDouble(q.hist));
    plot.setSnapshot(nullptr, QString());
    QVERIFY(plot.bars().empty());
    QVERIFY(std::isnan(plot.clipPoints().first));
}

void TestStepSizePanel::liveAppendsAndResumedRuns() {
    Fixture f(false);
    f.model.setRunInfo(runInfo(Method::Lsq));
    const auto steps = snapshotSteps();
    for (std::size_t i = 0; i < 5; ++i) {
        f.model.appendSnapshot(snapshot(steps[i]));
        QTRY_COMPARE(f.panel.stepValues(kNames[1], false).size(), i + 1);
        QTRY_COMPARE(f.panel.histogramBars(), toDouble(lsqLayer(0, steps[i]).lsqWeight.hist));
    }
    // A resumed run takes step 20 again: the points from it on are replaced.
    SnapshotEvent again = snapshot(20);
    again.layers[1].lsqWeight.step = 0.5;
    f.model.appendSnapshot(again);
    QTRY_COMPARE(f.panel.stepValues(kNames[1], false).size(), std::size_t(3));
    QCOMPARE(f.panel.stepValues(kNames[1], false).back(), 0.5);
    QCOMPARE(f.panel.stepValues(kNames[1], false).front(), lsqLayer(1, 0).lsqWeight.step);
}

void TestStepSizePanel::readableAtWindowSizes_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("activations");
    // The main window on a 1600 × 1000 screen gives the panel 702 × 897.
    QTest::newRow("main window") << QSize(702, 897) << false;
    QTest::newRow("main window, activations") << QSize(702, 897) << true;
    QTest::newRow("1000 x 900") << QSize(1000, 900) << false;
    QTest::newRow("1200 x 800") << QSize(1200, 800) << true;
}

void TestStepSizePanel::readableAtWindowSizes() {
    QFETCH(QSize, size);
    QFETCH(bool, activations);
    Fixture f;
    f.panel.resize(size);
    f.panel.setCurrentLayer(QStringLiteral("features.6"));
    f.panel.setShowActivations(activations);
    QTRY_COMPARE(f.panel.showsActivations(), activations);
    QTRY_VERIFY(!f.panel.histogramBars().empty());
    QTest::qWait(50);  // the layouts settle
    for (QCustomPlot* p : {f.panel.stepPlot(), f.panel.histogramPlot()}) {
        p->replot();
        const QStringList problems = readabilityProblems(p);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
    // Three layers: the legend names each of them at every size.
    QVERIFY(qobject_cast<StepTrendPlot*>(f.panel.stepPlot())->fullLegend());
    // The layer picker keeps room for its text beside the toggle.
    auto* box = f.panel.findChild<QComboBox*>(QStringLiteral("layerPicker"));
    QVERIFY(box && box->width() >= box->sizeHint().width());
}

QTEST_MAIN(TestStepSizePanel)
#include "tst_stepsizepanel.moc"
