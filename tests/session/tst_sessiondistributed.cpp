// TrainingSession with processes > 1 (issue 12): the workbench trains rank 0 on its own thread
// and starts the other ranks as slb-train processes. On synthetic data, Gloo on loopback: the run
// is one recorded run, pause and steering hold and change every rank (a rank left behind would
// fail the epoch-end check that the ranks' weights agree), stop and resume work across process
// counts, and a killed rank fails the run with a message naming it.
#include <signal.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "record/runreader.h"
#include "session/trainingsession.h"
#include "sessiontesthelpers.h"

using namespace slb;
using namespace slbtest;

namespace {

void useRanks(TrainingSession& s, int n) {
    s.setProcesses(n);
    s.setWorkerProgram(QStringLiteral(SLB_TRAIN_BINARY));
}

/** The pids of this process's children whose command line holds `needle`. */
std::vector<pid_t> childrenWith(const QByteArray& needle) {
    std::vector<pid_t> out;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString& e : entries) {
        bool ok = false;
        const pid_t pid = pid_t(e.toInt(&ok));
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || fields[1].toInt() != getpid())
            continue;
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmd.open(QIODevice::ReadOnly) && cmd.readAll().contains(needle))
            out.push_back(pid);
    }
    return out;
}

/** Steps 0 … n-1 each recorded exactly once. */
void expectEveryStepOnce(const QString& dir, int n) {
    std::string why;
    auto reader = RunReader::open(dir.toStdString(), &why);
    QVERIFY2(reader, why.c_str());
    QCOMPARE(int(reader->steps().size()), n);
    for (std::size_t i = 0; i < reader->steps().size(); ++i)
        QCOMPARE(reader->steps()[i].step, std::int64_t(i));
}

}  // namespace

class TstSessionDistributed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoProcessesRecordOneRun();
    void pauseAndSteeringReachEveryRank();
    void stopAndResumeWithAnotherProcessCount();
    void aKilledRankFailsTheRunNamingIt();
    void aMissingWorkerProgramIsRefused();
};

void TstSessionDistributed::twoProcessesRecordOneRun() {
    QTemporaryDir tmp;
    TrainingSession s;
    useRanks(s, 2);
    Collector got(s);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QString error;
    QVERIFY2(s.start(quickConfig(tmp.filePath("run")), &error), qPrintable(error));
    QVERIFY(finished.wait(180000));
    QCOMPARE(finishedStatus(finished), RunStatus::Finished);
    QCOMPARE(int(got.starts.size()), 1);
    QCOMPARE(got.starts[0].worldSize, 2);
    QCOMPARE(QString::fromStdString(got.starts[0].backend), QStringLiteral("gloo"));
    // The steps count the whole batch: 32 per epoch, as with one process.
    QCOMPARE(got.starts[0].itersPerEpoch, 32);
    expectEveryStepOnce(s.runDir(), 64);
    QVERIFY(childrenWith("--rank").empty());  // the other rank ended with the run
}

void TstSessionDistributed::pauseAndSteeringReachEveryRank() {
    QTemporaryDir tmp;
    TrainingSession s;
    useRanks(s, 2);
    Collector got(s);
    QSignalSpy steps(&s, &TrainingSession::stepsReady);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QVERIFY(s.start(quickConfig(tmp.filePath("run"))));
    QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= 3, 120000);
    s.pause();
    QTRY_VERIFY_WITH_TIMEOUT(got.saw(RunStatus::Paused), 30000);
    const std::int64_t heldAt = got.lastStep();
    steps.clear();
    QVERIFY(!steps.wait(1000));  // every rank holds: rank 0 records no step
    QCOMPARE(got.lastStep(), heldAt);
    QString error;
    // A learning rate far from the run's: had rank 1 kept the old one, the ranks' weights would
    // part, and the check after the epoch would fail the run.
    QVERIFY2(s.steer({{"temp_schedule", "constant"},
                      {"t_start", "50"},
                      {"lr_schedule", "constant"},
                      {"lr", "0.5"}},
                     &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(got.saw(RunStatus::Steered), 30000);
    s.resume();
    QVERIFY(finished.wait(180000));
    QVERIFY2(finishedStatus(finished) == RunStatus::Finished,
             qPrintable(finishedMessage(finished)));
    for (const StepEvent& e : got.steps)
        if (e.step > heldAt) {
            QCOMPARE(e.temperature, 50.0);
            QCOMPARE(e.lr, 0.5);
        }
    expectEveryStepOnce(s.runDir(), 64);
}

void TstSessionDistributed::stopAndResumeWithAnotherProcessCount() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("run");
    TrainingSession s;
    Collector got(s);
    QSignalSpy finished(&s, &TrainingSession::finished);
    // 2 processes, stopped mid-epoch; 1 process, stopped again; 2 processes to the end.
    useRanks(s, 2);
    QVERIFY(s.start(quickConfig(dir)));
    QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= 5, 120000);
    s.stop();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finishedStatus(finished), RunStatus::Stopped);
    const std::int64_t firstStop = got.lastStep();

    useRanks(s, 1);
    QString error;
    QVERIFY2(s.resumeRun(dir, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= firstStop + 10, 120000);
    s.stop();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finishedStatus(finished), RunStatus::Stopped);
    QCOMPARE(got.starts.back().worldSize, 1);

    useRanks(s, 2);
    QVERIFY2(s.resumeRun(dir, &error), qPrintable(error));
    QVERIFY(finished.wait(180000));
    QVERIFY2(finishedStatus(finished) == RunStatus::Finished,
             qPrintable(finishedMessage(finished)));
    QCOMPARE(got.starts.back().worldSize, 2);
    expectEveryStepOnce(dir, 64);
}

void TstSessionDistributed::aKilledRankFailsTheRunNamingIt() {
    QTemporaryDir tmp;
    TrainingSession s;
    useRanks(s, 2);
    Collector got(s);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QVERIFY(s.start(quickConfig(tmp.filePath("run"), 20)));
    QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= 3, 120000);
    const std::vector<pid_t> ranks = childrenWith("--rank");
    QCOMPARE(int(ranks.size()), 1);
    QElapsedTimer t;
    t.start();
    QCOMPARE(::kill(ranks[0], SIGKILL), 0);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finishedStatus(finished), RunStatus::Failed);
    QVERIFY2(finishedMessage(finished).contains(QStringLiteral("rank 1")),
             qPrintable(finishedMessage(finished)));
    qInfo("ended %lld ms after the kill: %s", t.elapsed(), qPrintable(finishedMessage(finished)));
    QCOMPARE(s.state(), TrainingSession::State::Idle);
    std::string why;
    auto reader = RunReader::open(s.runDir().toStdString(), &why);
    QVERIFY2(reader, why.c_str());
    QCOMPARE(reader->status(), RunStatus::Failed);
}

void TstSessionDistributed::aMissingWorkerProgramIsRefused() {
    QTemporaryDir tmp;
    TrainingSession s;
    s.setProcesses(2);
    s.setWorkerProgram(tmp.filePath("no-such-slb-train"));
    QString error;
    QVERIFY(!s.start(quickConfig(tmp.filePath("run")), &error));
    QVERIFY2(error.contains(QStringLiteral("no-such-slb-train")), qPrintable(error));
    QCOMPARE(s.state(), TrainingSession::State::Idle);
    // One process needs no other program.
    s.setProcesses(1);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QVERIFY2(s.start(quickConfig(tmp.filePath("run1"), 1), &error), qPrintable(error));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finishedStatus(finished), RunStatus::Finished);
}

QTEST_GUILESS_MAIN(TstSessionDistributed)
#include "tst_sessiondistributed.moc"
