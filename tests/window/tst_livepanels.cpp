// The panels as a live session feeds them: what the Distributions and Step-size panels show for a
// layer is exactly the trainer's snapshot of that layer (and what the run store recorded).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "distributionspanel.h"
#include "record/runreader.h"
#include "runmodel.h"
#include "session/trainingsession.h"
#include "stepsizepanel.h"

using namespace slb;

namespace {

RunConfig quickConfig(const QString& out, Method method) {
    RunConfig c;
    c.dataset = "synthetic";
    c.model = "cnn";
    c.method = method;
    c.wbits = 2;
    c.abits = method == Method::Lsq ? 2 : 32;
    c.epochs = 2;
    c.batchSize = 64;
    c.threads = 1;
    c.device = "cpu";
    c.seed = 11;
    c.snapshotEvery = 8;
    c.temperature.kind = TempScheduleKind::Exp;
    c.temperature.unit = ScheduleUnit::Iteration;
    c.out = out.toStdString();
    return c;
}

/** A session wired to a model the way the main window wires them. */
struct Live {
    Live() {
        QObject::connect(&session, &TrainingSession::runStarted, &model, &RunModel::setRunInfo);
        QObject::connect(&session, &TrainingSession::stepsReady, &model, &RunModel::appendSteps);
        QObject::connect(&session, &TrainingSession::epochFinished, &model, &RunModel::appendEpoch);
        QObject::connect(&session, &TrainingSession::snapshotReady, &model,
                         &RunModel::appendSnapshot);
        QObject::connect(&session, &TrainingSession::snapshotReady,
                         [this](const SnapshotEvent& e) { last = e; });
    }
    TrainingSession session;
    RunModel model;
    SnapshotEvent last;  ///< the trainer's own snapshot, as delivered
};

std::vector<double> asDoubles(const std::vector<float>& v) {
    return std::vector<double>(v.begin(), v.end());
}

}  // namespace

class TstLivePanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void distributionsShowTheTrainersSnapshot();
    void stepSizesShowTheTrainersSnapshot();
};

void TstLivePanels::distributionsShowTheTrainersSnapshot() {
    QTemporaryDir tmp;
    Live live;
    DistributionsPanel panel(&live.model);
    panel.resize(1200, 800);
    panel.show();
    QSignalSpy finished(&live.session, &TrainingSession::finished);
    QVERIFY(live.session.start(quickConfig(tmp.filePath("run"), Method::Slb)));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.last().at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY(!live.last.layers.empty());

    std::string why;
    auto reader = RunReader::open(live.session.runDir().toStdString(), &why);
    QVERIFY2(reader, why.c_str());
    const int snapshots = int(live.model.snapshotSteps().size());
    QVERIFY(snapshots >= 2);
    for (const LayerSnapshot& l : live.last.layers) {
        panel.setCurrentLayer(QString::fromStdString(l.layer));
        QCOMPARE(panel.currentLayer(), QString::fromStdString(l.layer));
        // The panel follows the newest snapshot: the one the trainer sent last.
        QTRY_COMPARE(panel.meanProbBars(), asDoubles(l.slb.meanProb));
        QCOMPARE(panel.argmaxBars(), asDoubles(l.slb.argmaxShare));
        const auto tracked = panel.trackedBars();
        const std::size_t m = l.slb.values.size();
        QCOMPARE(tracked.size(), l.slb.trackedIndex.size());
        for (std::size_t t = 0; t < tracked.size(); ++t)
            QCOMPARE(tracked[t], asDoubles(std::vector<float>(
                                     l.slb.trackedProbs.begin() + std::ptrdiff_t(t * m),
                                     l.slb.trackedProbs.begin() + std::ptrdiff_t((t + 1) * m))));
        for (int bin = 0; bin < SlbSnapshot::kMaxProbBins; ++bin)
            QCOMPARE(panel.heatmapCell(snapshots - 1, bin), double(l.slb.maxProbHist[bin]));
        // And it is what the run store recorded for that step.
        const auto stored = reader->snapshot(l.layer, live.last.step);
        QVERIFY(stored);
        QCOMPARE(asDoubles(stored->slb.meanProb), panel.meanProbBars());
    }
    // Moving the shared cursor back moves the bars to that step's snapshot.
    const std::int64_t first = live.model.snapshotSteps().front();
    live.model.setCursor(first);
    const auto& layer = live.last.layers.back();
    const auto stored = reader->snapshot(layer.layer, first);
    QVERIFY(stored);
    QTRY_COMPARE(panel.meanProbBars(), asDoubles(stored->slb.meanProb));
}

void TstLivePanels::stepSizesShowTheTrainersSnapshot() {
    QTemporaryDir tmp;
    Live live;
    StepSizePanel panel(&live.model);
    panel.resize(1200, 800);
    panel.show();
    QSignalSpy finished(&live.session, &TrainingSession::finished);
    QVERIFY(live.session.start(quickConfig(tmp.filePath("run"), Method::Lsq)));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.last().at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY(!live.last.layers.empty());
    const LayerSnapshot& l = live.last.layers.front();
    QCOMPARE(l.kind, LayerSnapshot::Kind::Lsq);
    panel.setCurrentLayer(QString::fromStdString(l.layer));
    QTRY_COMPARE(panel.histogramBars(), asDoubles(l.lsqWeight.hist));
    QCOMPARE(panel.clipPoints(), std::make_pair(-l.lsqWeight.qn, l.lsqWeight.qp));
    QCOMPARE(panel.clippedShare(), l.lsqWeight.clippedShare);
}

QTEST_MAIN(TstLivePanels)
#include "tst_livepanels.moc"
