// Following a run that another process writes (as the GUI follows a headless slb-train through
// a shared folder), the writer lock across processes, and a writer killed mid-run.
#include <QtTest/QtTest>

#include <set>

#include "record/runreader.h"
#include "record/runstore.h"
#include "recordfixtures.h"

using namespace slb;
namespace fx = slb::fixtures;

namespace {

constexpr int kLayers = 6;  // as in runwriterchild.cpp

/// Starts the writer child and waits until it has committed its first `pauseAt` steps.
bool startPausedWriter(QProcess& child, const QString& dir, int steps, int pauseAt) {
    child.start(QStringLiteral(SLB_RUN_WRITER_CHILD),
                {dir, QString::number(steps), QString::number(pauseAt)});
    if (!child.waitForStarted(10000))
        return false;
    while (!child.canReadLine())
        if (!child.waitForReadyRead(10000))
            return false;
    return child.readLine().trimmed() == "waiting";
}

}  // namespace

class TstRunFollowProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followAnotherProcess();
    void killedWriterLeavesReadableRun();
};

void TstRunFollowProcess::followAnotherProcess() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath("run");
    constexpr int kSteps = 3000, kPause = 1000;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QVERIFY2(startPausedWriter(child, dir, kSteps, kPause), qPrintable(child.errorString()));

    // The child holds the run: a second writer is refused and told who holds it.
    std::string err;
    QVERIFY(!RunStore::open(dir.toStdString(), &err));
    QVERIFY2(err.find("pid " + std::to_string(child.processId())) != std::string::npos,
             err.c_str());

    auto reader = RunReader::open(dir.toStdString(), &err);
    QVERIFY2(reader, err.c_str());
    std::vector<std::int64_t> steps;
    for (const StepEvent& e : reader->steps())
        steps.push_back(e.step);
    QCOMPARE(int(steps.size()), kPause);
    std::set<std::pair<std::string, std::int64_t>> snaps;
    std::size_t snapRows = 0;
    for (const std::string& layer : reader->layerNames())
        for (const SeriesPoint& p : reader->layerSeries(layer, "gap")) {
            snaps.insert({layer, p.step});
            ++snapRows;
        }
    std::size_t epochs = reader->epochs().size();
    bool finished = false;

    child.write("go\n");
    QVERIFY(child.waitForBytesWritten(10000));  // no event loop here to write it for us
    QDeadlineTimer deadline(20000);
    while (!finished && !deadline.hasExpired()) {
        const RunPollResult r = reader->poll();
        QVERIFY2(r.error.empty(), r.error.c_str());
        for (const StepEvent& e : r.steps) {
            steps.push_back(e.step);
            QVERIFY(fx::diffStep(e, fx::step(e.step)).empty());
        }
        epochs += r.epochs.size();
        for (const SnapshotEvent& s : r.snapshots)
            for (size_t i = 0; i < s.layers.size(); ++i) {
                QVERIFY(fx::diffSnapshot(s.layers[i], fx::layerSnapshot(int(i), s.step)).empty());
                if (s.layers[i].kind == LayerSnapshot::Kind::Slb) {
                    snaps.insert({s.layers[i].layer, s.step});
                    ++snapRows;
                }
            }
        for (const LifecycleEvent& e : r.lifecycle)
            finished |= e.status == RunStatus::Finished;
    }
    QVERIFY2(finished, "the follower never saw the child's run finish");
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 0);

    QCOMPARE(int(steps.size()), kSteps);
    for (int i = 0; i < kSteps; ++i)
        QCOMPARE(steps[size_t(i)], std::int64_t(i));
    QCOMPARE(epochs, std::size_t(kSteps / 500));
    QCOMPARE(snapRows, snaps.size());  // no snapshot seen twice
    QCOMPARE(int(snaps.size()), kSteps / 20 * (kLayers / 2));
    QCOMPARE(reader->status(), RunStatus::Finished);
    QVERIFY(reader->poll().empty());
}

void TstRunFollowProcess::killedWriterLeavesReadableRun() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath("run");
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QVERIFY2(startPausedWriter(child, dir, 3000, 700), qPrintable(child.errorString()));
    child.kill();  // SIGKILL: no destructor, no unlock, no WAL checkpoint
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    std::string err;
    auto reader = RunReader::open(dir.toStdString(), &err);
    QVERIFY2(reader, err.c_str());
    QCOMPARE(reader->steps().size(), size_t(700));
    QCOMPARE(reader->status(), RunStatus::Started);
    QCOMPARE(reader->snapshotSteps().back(), std::int64_t(680));

    // The dead writer's lock file stays but does not hold: the run can be resumed.
    auto store = RunStore::open(dir.toStdString(), &err);
    QVERIFY2(store, err.c_str());
    QCOMPARE(store->resumePoint().lastStep, std::int64_t(699));
    QCOMPARE(store->resumePoint().lastSnapshotStep, std::int64_t(680));
}

QTEST_GUILESS_MAIN(TstRunFollowProcess)
#include "tst_runfollowprocess.moc"
