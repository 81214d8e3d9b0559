// Comparing runs: ticking runs in the browser overlays them in the Curves panel — one graph per
// ticked run and curve, holding exactly the store's values, each run in its own colour with its
// own legend entry, placed by step, epoch or training time — and lists them in the comparison
// table, which shows only the config fields that differ and copies as CSV and Markdown. A
// ticked run still being written grows in the overlay.

#include <qcustomplot.h>

#include <QApplication>
#include <QClipboard>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

#include "../record/recordfixtures.h"
#include "curvespanel.h"
#include "record/runstore.h"
#include "runbrowser.h"
#include "runcomparison.h"
#include "runlistmodel.h"
#include "runmodel.h"

using namespace slb;
namespace fx = slb::fixtures;
using Curve = CurvesOverlay::Curve;
using Align = CurvesOverlay::Align;

namespace {

constexpr std::int64_t kIters = 50;

struct RunSpec {
    const char* name;
    Method method = Method::Slb;
    int wbits = 2;
    double lr = 0.1;
    int epochs = 3;
    int salt = 0;
};

/** A run of `spec.epochs` epochs of kIters fixture steps; finished unless `keepOpen`. */
std::unique_ptr<RunStore> makeRun(const QString& dir, const RunSpec& spec, bool keepOpen = false) {
    RunConfig c;
    c.method = spec.method;
    c.wbits = spec.wbits;
    c.lr.base = spec.lr;
    c.epochs = 5;
    c.out = QDir(dir).filePath(spec.name).toStdString();
    std::string error;
    auto store = RunStore::create(c.out, c.toJson(), &error);
    if (!store)
        qFatal("%s", error.c_str());
    RunStartedEvent started = fx::runStarted(2);
    started.itersPerEpoch = kIters;
    store->onRunStarted(started);
    for (std::int64_t s = 0; s < spec.epochs * kIters; ++s) {
        store->onStep(fx::step(s, kIters, spec.salt));
        if ((s + 1) % kIters == 0)
            store->onEpoch(fx::epoch(int(s / kIters), kIters, spec.salt));
    }
    if (!keepOpen) {
        LifecycleEvent e;
        e.status = RunStatus::Finished;
        e.step = spec.epochs * kIters - 1;
        store->onLifecycle(e);
    }
    store->flush();
    return keepOpen ? std::move(store) : nullptr;
}

void tick(RunBrowser& b, const QString& dir, bool on = true) {
    b.runs()->setChecked(dir, on);
}

std::vector<double> keys(const QCPGraph* g) {
    std::vector<double> k;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        k.push_back(it->key);
    return k;
}

std::vector<double> values(const QCPGraph* g) {
    std::vector<double> v;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        v.push_back(it->value);
    return v;
}

/** The browser, a Curves panel and the wiring MainWindow makes between them. */
struct Bench {
    RunBrowser browser;
    RunModel model;
    CurvesPanel curves{&model};
    explicit Bench(const QString& folder) {
        QObject::connect(&browser, &RunBrowser::checkedRunsChanged, &curves,
                         [this] { curves.setOverlayRuns(browser.overlaySpecs()); });
        browser.setFolder(folder);
        curves.resize(900, 600);
        curves.show();
    }
    void draw() {
        // The panel draws on its scheduler's next turn.
        QTest::qWait(80);
    }
};

}  // namespace

class TestRunCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void overlayDrawsOneGraphPerTickedRun();
    void overlayHoldsTheStoresValues();
    void alignmentPlacesPointsByStepEpochOrTime();
    void untickingAllShowsTheCurrentRunAgain();
    void aRunBeingWrittenGrowsInTheOverlay();
    void comparisonShowsOnlyTheFieldsThatDiffer();
    void comparisonCopiesAsCsvAndMarkdown();
};

void TestRunCompare::overlayDrawsOneGraphPerTickedRun() {
    QTemporaryDir tmp;
    makeRun(tmp.path(), {"w1", Method::Slb, 1});
    makeRun(tmp.path(), {"w2", Method::Slb, 2, 0.1, 3, 1});
    makeRun(tmp.path(), {"w4", Method::Slb, 4, 0.1, 2, 2});
    makeRun(tmp.path(), {"lsq", Method::Lsq, 2, 0.01, 3, 3});
    Bench b(tmp.path());
    QVERIFY(!b.curves.overlay()->active());

    tick(b.browser, tmp.filePath("w1"));
    tick(b.browser, tmp.filePath("w2"));
    tick(b.browser, tmp.filePath("w4"));
    b.draw();
    const CurvesOverlay* o = b.curves.overlay();
    QCOMPARE(o->runCount(), 3);
    // One graph per run and curve, each in its run's colour, the colours all different.
    QSet<QRgb> colours;
    QCPLegend* legend = b.curves.plot()->legend;
    for (int i = 0; i < 3; ++i) {
        const QColor c = b.browser.runs()->colorOf(o->runDir(i));
        QVERIFY(c.isValid());
        colours.insert(c.rgb());
        for (Curve curve : {Curve::Loss, Curve::TestHard, Curve::TestSoft, Curve::LearningRate}) {
            QCPGraph* g = o->graph(i, curve);
            QVERIFY(g);
            QCOMPARE(g->pen().color().rgb(), c.rgb());
            QVERIFY2(!g->data()->isEmpty(), "an overlaid curve has no points");
        }
        QVERIFY2(legend->hasItemWithPlottable(o->graph(i, Curve::Loss)),
                 "a ticked run has no legend entry");
        QCOMPARE(o->graph(i, Curve::Loss)->name(), QFileInfo(o->runDir(i)).fileName());
    }
    QCOMPARE(colours.size(), 3);
    // The current run's own graphs step aside.
    QVERIFY(!b.curves.graph(CurvesPanel::Series::LossSmoothed)->visible());
    QVERIFY(!legend->hasItemWithPlottable(b.curves.graph(CurvesPanel::Series::LossSmoothed)));
    // The crosshair reads every run.
    b.curves.showCrosshairAt(1.5);
    for (const char* name : {"w1:", "w2:", "w4:"})
        QVERIFY2(b.curves.crosshairText().contains(QLatin1String(name)),
                 qPrintable(b.curves.crosshairText()));

    // An LSQ run has one test accuracy: its dashed W_c line stays hidden.
    tick(b.browser, tmp.filePath("lsq"));
    b.draw();
    QCOMPARE(o->runCount(), 4);
    QVERIFY(!o->graph(3, Curve::TestSoft)->visible());
    QVERIFY(o->graph(0, Curve::TestSoft)->visible());

    // Unticking one removes its graphs; the others keep their colours.
    const QColor w2 = b.browser.runs()->colorOf(tmp.filePath("w2"));
    const int graphsBefore = b.curves.plot()->graphCount();
    tick(b.browser, tmp.filePath("w1"), false);
    b.draw();
    QCOMPARE(o->runCount(), 3);
    QCOMPARE(b.curves.plot()->graphCount(), graphsBefore - 4);
    QCOMPARE(b.browser.runs()->colorOf(tmp.filePath("w2")), w2);
}

void TestRunCompare::overlayHoldsTheStoresValues() {
    QTemporaryDir tmp;
    makeRun(tmp.path(), {"w2", Method::Slb, 2, 0.1, 3, 1});
    Bench b(tmp.path());
    b.curves.setSmoothing(0);  // the loss curve is then the recorded loss itself
    tick(b.browser, tmp.filePath("w2"));
    b.draw();
    const CurvesOverlay* o = b.curves.overlay();
    QCOMPARE(o->runCount(), 1);
    const auto loss = values(o->graph(0, Curve::Loss));
    QCOMPARE(int(loss.size()), int(3 * kIters));
    for (std::int64_t s = 0; s < 3 * kIters; ++s)
        QCOMPARE(loss[std::size_t(s)], fx::step(s, kIters, 1).loss);
    const auto lr = values(o->graph(0, Curve::LearningRate));
    QCOMPARE(lr.back(), fx::step(3 * kIters - 1, kIters, 1).lr);
    const auto hard = values(o->graph(0, Curve::TestHard));
    const auto soft = values(o->graph(0, Curve::TestSoft));
    QCOMPARE(int(hard.size()), 3);
    for (int e = 0; e < 3; ++e) {
        QCOMPARE(hard[std::size_t(e)], 100.0 * fx::epoch(e, kIters, 1).testAccHard);
        QCOMPARE(soft[std::size_t(e)], 100.0 * fx::epoch(e, kIters, 1).testAccSoft);
    }
    // Smoothing applies to the overlaid loss as to the run's own.
    b.curves.setSmoothing(0.9);
    b.draw();
    const auto smoothed = values(o->graph(0, Curve::Loss));
    std::vector<double> raw;
    for (std::int64_t s = 0; s < 3 * kIters; ++s)
        raw.push_back(fx::step(s, kIters, 1).loss);
    const auto expected = CurvesPanel::smooth(raw, 0.9);
    QCOMPARE(smoothed.back(), expected.back());
}

void TestRunCompare::alignmentPlacesPointsByStepEpochOrTime() {
    QTemporaryDir tmp;
    makeRun(tmp.path(), {"a", Method::Slb, 2, 0.1, 2, 0});
    Bench b(tmp.path());
    tick(b.browser, tmp.filePath("a"));
    b.draw();
    const CurvesOverlay* o = b.curves.overlay();
    const std::int64_t last = 2 * kIters - 1;

    QCOMPARE(b.curves.alignment(), Align::Epoch);
    QCOMPARE(keys(o->graph(0, Curve::Loss)).back(), double(last + 1) / double(kIters));
    QCOMPARE(keys(o->graph(0, Curve::TestHard)), (std::vector<double>{1.0, 2.0}));
    QCOMPARE(b.curves.lrRect()->axis(QCPAxis::atBottom)->label(), QStringLiteral("epoch"));

    b.curves.setAlignment(Align::Step);
    b.draw();
    QCOMPARE(keys(o->graph(0, Curve::Loss)).back(), double(last + 1));
    QCOMPARE(keys(o->graph(0, Curve::TestHard)).back(), double(last + 1));
    QCOMPARE(b.curves.lrRect()->axis(QCPAxis::atBottom)->label(), QStringLiteral("step"));
    // Following: the x range shows the whole run.
    QVERIFY(b.curves.lossRect()->axis(QCPAxis::atBottom)->range().upper >= double(last + 1));

    b.curves.setAlignment(Align::WallTime);
    b.draw();
    double maxElapsed = 0;
    for (std::int64_t s = 0; s <= last; ++s)
        maxElapsed = std::max(maxElapsed, fx::step(s, kIters).elapsed);
    QCOMPARE(keys(o->graph(0, Curve::Loss)).back(), maxElapsed);
    // An epoch's point sits at the training time of its last step.
    QCOMPARE(keys(o->graph(0, Curve::TestHard)).front(), fx::step(kIters - 1, kIters).elapsed);
    QVERIFY(b.curves.lrRect()->axis(QCPAxis::atBottom)->label().startsWith("training time"));
    QVERIFY(b.curves.lrRect()->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerTime>());
}

void TestRunCompare::untickingAllShowsTheCurrentRunAgain() {
    QTemporaryDir tmp;
    makeRun(tmp.path(), {"a"});
    makeRun(tmp.path(), {"b", Method::Slb, 4});
    Bench b(tmp.path());
    const int ownGraphs = b.curves.plot()->graphCount();
    tick(b.browser, tmp.filePath("a"));
    tick(b.browser, tmp.filePath("b"));
    b.curves.setAlignment(Align::WallTime);
    b.draw();
    QVERIFY(b.curves.overlay()->active());
    b.browser.runs()->clearChecked();
    b.draw();
    QVERIFY(!b.curves.overlay()->active());
    QCOMPARE(b.curves.plot()->graphCount(), ownGraphs);
    QVERIFY(b.curves.graph(CurvesPanel::Series::LossSmoothed)->visible());
    QVERIFY(b.curves.plot()->legend->hasItemWithPlottable(
        b.curves.graph(CurvesPanel::Series::LossSmoothed)));
    // Back on the current run's x: epochs, with plain numbers.
    QCOMPARE(b.curves.lrRect()->axis(QCPAxis::atBottom)->label(), QStringLiteral("epoch"));
    QVERIFY(!b.curves.lrRect()->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerTime>());
    QCOMPARE(b.curves.message(), QStringLiteral("Launch a run to see its curves"));
}

void TestRunCompare::aRunBeingWrittenGrowsInTheOverlay() {
    QTemporaryDir tmp;
    auto writer = makeRun(tmp.path(), {"live", Method::Slb, 2, 0.1, 1, 0}, true);
    Bench b(tmp.path());
    tick(b.browser, tmp.filePath("live"));
    b.draw();
    const CurvesOverlay* o = b.curves.overlay();
    QCOMPARE(o->graph(0, Curve::Loss)->data()->size(), int(kIters));
    for (std::int64_t s = kIters; s < 2 * kIters; ++s)
        writer->onStep(fx::step(s, kIters));
    writer->onEpoch(fx::epoch(1, kIters));
    writer->flush();
    // Polled about once a second, then drawn on the next paced redraw.
    QTRY_COMPARE_WITH_TIMEOUT(o->graph(0, Curve::Loss)->data()->size(), int(2 * kIters), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(o->graph(0, Curve::TestHard)->data()->size(), 2, 5000);
}

void TestRunCompare::comparisonShowsOnlyTheFieldsThatDiffer() {
    QTemporaryDir tmp;
    makeRun(tmp.path(), {"w1", Method::Slb, 1, 0.1, 3, 0});
    makeRun(tmp.path(), {"w2", Method::Slb, 2, 0.1, 3, 1});
    makeRun(tmp.path(), {"w2-lr", Method::Slb, 2, 0.05, 2, 2});
    Bench b(tmp.path());
    tick(b.browser, tmp.filePath("w1"));
    tick(b.browser, tmp.filePath("w2"));
    const ComparisonTable* t = &b.browser.comparison()->table();
    QCOMPARE(t->differingFields, QStringList{"wbits"});
    QCOMPARE(int(t->rows.size()), 2);
    tick(b.browser, tmp.filePath("w2-lr"));
    t = &b.browser.comparison()->table();
    QCOMPARE(t->differingFields, (QStringList{"wbits", "lr"}));
    QCOMPARE(t->header.mid(0, 3), (QStringList{"run", "wbits", "lr"}));
    QCOMPARE(int(t->rows.size()), 3);
    // Rows in the order ticked; the values the browser read from the store.
    const QStringList& last = t->rows[2];
    QCOMPARE(last[0], QStringLiteral("w2-lr"));
    QCOMPARE(last[1], QStringLiteral("2"));
    QCOMPARE(last[2], QStringLiteral("0.05"));
    const EpochEvent e = fx::epoch(1, kIters, 2);
    const int col = int(t->header.indexOf("W_q final %"));
    QVERIFY(col > 0);
    QCOMPARE(last[col], QString::number(100.0 * e.testAccHard, 'f', 2));
    QCOMPARE(last[t->header.indexOf("gap W_c − W_q (pp)")],
             QString::number(100.0 * (e.testAccSoft - e.testAccHard), 'f', 2));
    QCOMPARE(last[t->header.indexOf("epochs")], QStringLiteral("2/5"));
    // The widget shows the same table.
    QTableWidget* view = b.browser.comparison()->view();
    QCOMPARE(view->rowCount(), 3);
    QCOMPARE(view->item(2, 2)->text(), QStringLiteral("0.05"));
}

void TestRunCompare::comparisonCopiesAsCsvAndMarkdown() {
    ComparisonTable t;
    t.header = {"run", "lr", "W_q final %"};
    t.differingFields = {"lr"};
    t.rows = {{"a, the first", "0.1", "90.00"}, {"b|c", "0.05", "\"89\""}};
    QCOMPARE(t.toCsv(), QStringLiteral("run,lr,W_q final %\n\"a, the first\",0.1,90.00\n"
                                       "b|c,0.05,\"\"\"89\"\"\"\n"));
    QCOMPARE(t.toMarkdown(),
             QStringLiteral("| run | lr | W_q final % |\n|---|---|---:|\n"
                            "| a, the first | 0.1 | 90.00 |\n| b\\|c | 0.05 | \"89\" |\n"));

    QTemporaryDir tmp;
    makeRun(tmp.path(), {"w1", Method::Slb, 1});
    makeRun(tmp.path(), {"w4", Method::Slb, 4});
    RunBrowser browser;
    browser.setFolder(tmp.path());
    tick(browser, tmp.filePath("w1"));
    tick(browser, tmp.filePath("w4"));
    browser.comparison()->copyCsv();
    const QStringList lines = QApplication::clipboard()->text().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith("run,wbits,"));
    QVERIFY(lines[1].startsWith("w1,1,"));
    browser.comparison()->copyMarkdown();
    QVERIFY(QApplication::clipboard()->text().startsWith("| run | wbits |"));
}

QTEST_MAIN(TestRunCompare)
#include "tst_runcompare.moc"
