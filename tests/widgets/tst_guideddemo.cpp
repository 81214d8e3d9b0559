// The guided demo's narrator and caption bar (issue 10): an SLB run fed as the trainer reports it
// is told in its phases, in the order the run shows them, each once, with the epoch ends between.
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "captionbar.h"
#include "demonarrator.h"

using namespace slb;
using Phase = DemoNarrator::Phase;

namespace {

constexpr std::int64_t kIters = 10;  // steps per epoch

RunConfig demoConfig() {
    RunConfig c;
    c.method = Method::Slb;
    c.wbits = 2;
    c.epochs = 3;
    return c;
}

StepEvent step(std::int64_t i, double t, bool hard = false) {
    StepEvent s;
    s.step = i;
    s.epoch = int(i / kIters);
    s.temperature = t;
    s.hardPhase = hard;
    return s;
}

/** One SLB layer of 1,000 weights, `committed` of them with max P > 0.999. */
SnapshotEvent snapshot(double committed) {
    SnapshotEvent e;
    LayerSnapshot l;
    l.kind = LayerSnapshot::Kind::Slb;
    l.numWeights = 1000;
    l.slb.bits = 2;
    l.slb.values = {-1.f, -1.f / 3, 1.f / 3, 1.f};
    l.slb.sharpShare = committed;
    l.slb.maxProbHist.assign(SlbSnapshot::kMaxProbBins, 0.f);
    l.slb.maxProbHist.back() = float(committed);
    l.slb.maxProbHist.front() = float(1 - committed);
    e.layers.push_back(l);
    return e;
}

RunStartedEvent started() {
    RunStartedEvent e;
    e.itersPerEpoch = kIters;
    e.totalEpochs = 3;
    return e;
}

}  // namespace

class TstGuidedDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void phasesAreToldInTheOrderTheRunShowsThem();
    void committingIsToldEvenInTheHardPhase();
    void anEarlyEndIsSaidSo();
    void aNonSlbEventStreamChangesNothing();
    void captionBarShowsTheCaptionLargeOnRequest();
};

void TstGuidedDemo::phasesAreToldInTheOrderTheRunShowsThem() {
    DemoNarrator n;
    QSignalSpy spy(&n, &DemoNarrator::captionChanged);
    std::vector<Phase> told;
    connect(&n, &DemoNarrator::captionChanged, this,
            [&](const QString&, const QString&, const QString&, bool isNew) {
                if (isNew)
                    told.push_back(n.phase());
            });
    n.begin(demoConfig());
    QCOMPARE(n.phase(), Phase::Intro);
    QVERIFY(n.text().contains(QStringLiteral("4 values of V")));
    n.runStarted(started());
    n.steps({step(0, 1.0), step(1, 1.2)});
    QCOMPARE(n.phase(), Phase::SoftSearch);
    QVERIFY(n.values().contains(QStringLiteral("T = 1.2")));
    const int captions = n.captionCount();
    n.steps({step(2, 1.5)});  // the same phase: fresher numbers, no new caption
    QCOMPARE(n.captionCount(), captions);
    QVERIFY(n.values().contains(QStringLiteral("T = 1.5")));
    n.steps({step(3, DemoNarrator::kSharpeningT + 0.5)});
    QCOMPARE(n.phase(), Phase::Sharpening);
    n.snapshot(snapshot(0.10));
    QVERIFY2(n.values().contains(QStringLiteral("committed 10 %")), qPrintable(n.values()));
    n.steps({step(kIters - 1, 8.0)});  // the epoch's last step: calibration, then tests
    QCOMPARE(n.phase(), Phase::Calibration);
    QVERIFY(n.title().contains(QStringLiteral("epoch 1 of 3")));
    EpochEvent e;
    e.epoch = 0;
    e.testAccSoft = 0.81;
    e.testAccHard = 0.62;
    n.epochFinished(e);
    n.steps({step(kIters, 9.0)});  // back to what the run was doing
    QCOMPARE(n.phase(), Phase::Sharpening);
    QVERIFY2(n.values().contains(QStringLiteral("W_c 81.0 %, W_q 62.0 %")), qPrintable(n.values()));
    n.snapshot(snapshot(0.6));
    QCOMPARE(n.phase(), Phase::Committing);
    QVERIFY(n.text().contains(QStringLiteral("60 %")));
    n.steps({step(2 * kIters - 1, 50)});
    QCOMPARE(n.phase(), Phase::Calibration);
    QVERIFY(n.title().contains(QStringLiteral("epoch 2 of 3")));
    n.steps({step(2 * kIters, 60, true)});
    QCOMPARE(n.phase(), Phase::HardPhase);
    n.steps({step(3 * kIters - 1, 1000, true)});
    QCOMPARE(n.phase(), Phase::Calibration);
    e.epoch = 2;
    e.testAccSoft = 0.8937;
    e.testAccHard = 0.8928;
    n.epochFinished(e);
    n.finished(RunStatus::Finished, QString());
    QCOMPARE(n.phase(), Phase::Final);
    QVERIFY2(n.title().contains(QStringLiteral("W_c 89.37 %, W_q 89.28 %")), qPrintable(n.title()));
    QVERIFY(n.text().contains(QStringLiteral("as accurate as")));
    const std::vector<Phase> expected = {Phase::Intro,       Phase::SoftSearch, Phase::Sharpening,
                                         Phase::Calibration, Phase::Sharpening, Phase::Committing,
                                         Phase::Calibration, Phase::HardPhase,  Phase::Calibration,
                                         Phase::Final};
    QCOMPARE(told.size(), expected.size());
    for (std::size_t i = 0; i < told.size(); ++i)
        QCOMPARE(told[i], expected[i]);
    // Steps after the end change nothing.
    n.steps({step(3 * kIters, 1000, true)});
    QCOMPARE(n.phase(), Phase::Final);
}

void TstGuidedDemo::committingIsToldEvenInTheHardPhase() {
    // The guided demo's weights commit in its hard phase: both are told, in that order.
    DemoNarrator n;
    n.begin(demoConfig());
    n.runStarted(started());
    n.steps({step(0, 1.0)});
    n.steps({step(12, 50, true)});
    QCOMPARE(n.phase(), Phase::HardPhase);
    n.snapshot(snapshot(0.3));
    QCOMPARE(n.phase(), Phase::HardPhase);
    n.snapshot(snapshot(0.7));
    QCOMPARE(n.phase(), Phase::Committing);
    n.steps({step(13, 60, true)});
    QCOMPARE(n.phase(), Phase::Committing);  // the hard phase was told already
}

void TstGuidedDemo::anEarlyEndIsSaidSo() {
    DemoNarrator n;
    n.begin(demoConfig());
    n.steps({step(0, 1.0)});
    n.finished(RunStatus::Stopped, QStringLiteral("stopped at step 1"));
    QCOMPARE(n.phase(), Phase::Ended);
    QCOMPARE(n.text(), QStringLiteral("stopped at step 1"));
}

void TstGuidedDemo::aNonSlbEventStreamChangesNothing() {
    // Before begin() the narrator is silent, whatever arrives.
    DemoNarrator n;
    QSignalSpy spy(&n, &DemoNarrator::captionChanged);
    n.steps({step(0, 1.0)});
    n.snapshot(snapshot(0.9));
    n.finished(RunStatus::Finished, QString());
    QCOMPARE(spy.count(), 0);
    QCOMPARE(n.phase(), Phase::Waiting);
}

void TstGuidedDemo::captionBarShowsTheCaptionLargeOnRequest() {
    CaptionBar bar;
    bar.resize(900, 200);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    bar.setCaption(QStringLiteral("Soft search at low T"),
                   QStringLiteral("A long paragraph that wraps onto several lines of the caption "
                                  "bar, so that the bar must grow to show it whole. ")
                       .repeated(3),
                   QStringLiteral("Now: T = 3.1"));
    QCOMPARE(bar.values(), QStringLiteral("Now: T = 3.1"));
    QCOMPARE(bar.title(), QStringLiteral("Soft search at low T"));
    auto* text = bar.findChild<QLabel*>(QStringLiteral("captionText"));
    QVERIFY(text);
    QTRY_VERIFY(text->height() >= text->heightForWidth(text->width()));  // nothing cut off
    const int normal = bar.textPointSize();
    QSignalSpy large(&bar, &CaptionBar::largeTextChanged);
    bar.findChild<QPushButton*>(QStringLiteral("captionLarger"))->click();
    QVERIFY(bar.largeText());
    QCOMPARE(large.count(), 1);
    QVERIFY2(bar.textPointSize() >= 20 && bar.textPointSize() > normal,
             qPrintable(QString::number(bar.textPointSize())));
    QTRY_VERIFY(text->height() >= text->heightForWidth(text->width()));
    QSignalSpy pause(&bar, &CaptionBar::pausesOnCaptionsChanged);
    bar.findChild<QCheckBox*>(QStringLiteral("captionPauseBox"))->click();
    QVERIFY(bar.pausesOnCaptions());
    QCOMPARE(pause.count(), 1);
    QSignalSpy close(&bar, &CaptionBar::closeRequested);
    bar.findChild<QPushButton*>(QStringLiteral("captionClose"))->click();
    QCOMPARE(close.count(), 1);
}

QTEST_MAIN(TstGuidedDemo)
#include "tst_guideddemo.moc"
