// Following a run that a real slb-train writes in a child process, as the workbench follows a
// run started in a terminal: RunFeed takes in every row the child records exactly once (no
// duplicates, no gaps), and when the child is killed (SIGKILL: no end recorded, no unlock, no
// WAL checkpoint) the writer-lock probe finds it gone and the run becomes interrupted.

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "record/runlock.h"
#include "record/runreader.h"
#include "runfeed.h"
#include "runmodel.h"

using namespace slb;

class TestFollowProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followsAChildSlbTrainUntilItIsKilled();
};

void TestFollowProcess::followsAChildSlbTrainUntilItIsKilled() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("run"));
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Synthetic data, 32 steps an epoch: far more epochs than the test lets it train.
    child.start(QStringLiteral(SLB_TRAIN_BINARY),
                {"--dataset", "synthetic", "--epochs", "500", "--batch-size", "64", "--threads",
                 "1", "--snapshot-every", "4", "--out", dir, "--quiet"});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));

    RunModel model;
    RunFeed feed(&model);
    QString error;
    // From the moment the run can be read (the child is still creating it before that).
    QTRY_VERIFY2_WITH_TIMEOUT(feed.isOpen() || feed.open(dir, &error), qPrintable(error), 30000);
    QVERIFY(feed.following());
    QCOMPARE(feed.status(), RunStatus::Started);
    // Rows of every kind, taken in while the child writes them: steps, epochs, snapshots.
    QTRY_VERIFY_WITH_TIMEOUT(model.epochs().size() >= 2 && model.snapshotSteps().size() >= 10,
                             60000);
    QVERIFY(runWriterAlive(dir.toStdString()));
    QCOMPARE(child.state(), QProcess::Running);

    QSignalSpy status(&feed, &RunFeed::statusChanged);
    child.kill();  // SIGKILL, mid-run
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QTRY_COMPARE_WITH_TIMEOUT(feed.status(), RunStatus::Interrupted, 10000);
    QCOMPARE(status.count(), 1);
    QVERIFY(!feed.following());
    QVERIFY(!runWriterAlive(dir.toStdString()));

    // What the feed took in is what the store holds, every row once.
    std::string why;
    auto reader = RunReader::open(dir.toStdString(), &why);
    QVERIFY2(reader, why.c_str());
    QCOMPARE(reader->status(), RunStatus::Started);  // no end recorded: the child was killed
    const auto& steps = reader->steps();
    QVERIFY(steps.size() >= 64);
    QCOMPARE(model.steps().size(), steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        QCOMPARE(model.steps()[i].step, std::int64_t(i));
        QCOMPARE(steps[i].step, std::int64_t(i));
        QCOMPARE(model.steps()[i].loss, steps[i].loss);
    }
    QCOMPARE(model.epochs().size(), reader->epochs().size());
    QCOMPARE(model.snapshotSteps(), reader->snapshotSteps());
    QCOMPARE(model.lifecycle().size(), reader->lifecycle().size());
    const auto stored = std::int64_t(steps.size() + reader->epochs().size() +
                                     reader->snapshotSteps().size() + reader->lifecycle().size());
    QCOMPARE(feed.rowsTaken(), stored);
}

QTEST_MAIN(TestFollowProcess)
#include "tst_followprocess.moc"
