// TrainingSession on synthetic data: the signals a GUI draws from, pause/resume/stop, steering
// while paused, and control hammered in random order. Asynchronous checks use QSignalSpy/QTRY_*.
#include <unistd.h>

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <random>

#include "record/runreader.h"
#include "session/trainingsession.h"
#include "sessiontesthelpers.h"

using namespace slb;
using namespace slbtest;

class TstTrainingSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emitsStepEpochAndSnapshotSignals();
    void pauseHoldsAndResumeContinues();
    void stopLeavesAResumableRun();
    void temperatureSteeredWhilePausedIsRecordedAndUsed();
    void steeringIsRefusedWithTheRegistrysReason();
    void refusesASecondRunAndAnUnwritableFolder();
    void controlsHammeredInRandomOrder();
};

void TstTrainingSession::emitsStepEpochAndSnapshotSignals() {
    QTemporaryDir tmp;
    TrainingSession s;
    Collector got(s);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QString error;
    QVERIFY2(s.start(quickConfig(tmp.filePath("run")), &error), qPrintable(error));
    QCOMPARE(s.state(), TrainingSession::State::Running);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finishedStatus(finished), RunStatus::Finished);
    QCOMPARE(s.state(), TrainingSession::State::Idle);

    QCOMPARE(int(got.starts.size()), 1);
    QCOMPARE(got.starts[0].itersPerEpoch, 32);
    QVERIFY(!got.starts[0].layers.empty());
    // Every step exactly once, in order, though they arrive in batches.
    QCOMPARE(int(got.steps.size()), 64);
    for (std::size_t i = 0; i < got.steps.size(); ++i)
        QCOMPARE(got.steps[i].step, std::int64_t(i));
    QCOMPARE(int(got.epochs.size()), 2);
    QVERIFY(!got.snapshots.empty());
    QCOMPARE(got.snapshots.back().layers.size(), got.starts[0].layers.size());
    QVERIFY(got.saw(RunStatus::Started));
    QVERIFY(got.saw(RunStatus::Finished));

    // The run folder is a run like slb-train's: the reader sees all of it.
    std::string why;
    auto reader = RunReader::open(s.runDir().toStdString(), &why);
    QVERIFY2(reader, why.c_str());
    QCOMPARE(reader->status(), RunStatus::Finished);
    QCOMPARE(int(reader->steps().size()), 64);
    QCOMPARE(int(reader->epochs().size()), 2);
}

void TstTrainingSession::pauseHoldsAndResumeContinues() {
    QTemporaryDir tmp;
    TrainingSession s;
    Collector got(s);
    QSignalSpy steps(&s, &TrainingSession::stepsReady);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QVERIFY(s.start(quickConfig(tmp.filePath("run"), 3)));
    QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= 3, 60000);
    s.pause();
    QCOMPARE(s.state(), TrainingSession::State::Paused);
    QTRY_VERIFY_WITH_TIMEOUT(got.saw(RunStatus::Paused), 30000);
    const std::int64_t heldAt = got.lastStep();
    steps.clear();
    QVERIFY(!steps.wait(700));  // no progress while paused
    QCOMPARE(got.lastStep(), heldAt);

    s.resume();
    QCOMPARE(s.state(), TrainingSession::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() > heldAt, 30000);
    // It goes on from the very next step: nothing skipped, nothing repeated.
    for (std::size_t i = 0; i < got.steps.size(); ++i)
        QCOMPARE(got.steps[i].step, std::int64_t(i));
    s.stop();
    QVERIFY(finished.wait(60000));
}

void TstTrainingSession::stopLeavesAResumableRun() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("run");
    {
        TrainingSession s;
        Collector got(s);
        QSignalSpy finished(&s, &TrainingSession::finished);
        QVERIFY(s.start(quickConfig(dir)));
        QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= 5, 60000);
        s.stop();
        QCOMPARE(s.state(), TrainingSession::State::Stopping);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finishedStatus(finished), RunStatus::Stopped);
        QCOMPARE(s.state(), TrainingSession::State::Idle);
        QVERIFY(std::filesystem::exists(std::filesystem::path(dir.toStdString()) / "checkpoints" /
                                        "last.pt"));
    }
    // The store's lock is released: the stopped run continues, as `slb-train resume` would.
    TrainingSession s;
    QSignalSpy finished(&s, &TrainingSession::finished);
    QString error;
    QVERIFY2(s.resumeRun(dir, &error), qPrintable(error));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finishedStatus(finished), RunStatus::Finished);
    std::string why;
    auto reader = RunReader::open(dir.toStdString(), &why);
    QVERIFY2(reader, why.c_str());
    QCOMPARE(int(reader->steps().size()), 64);
    for (std::size_t i = 0; i < reader->steps().size(); ++i)
        QCOMPARE(reader->steps()[i].step, std::int64_t(i));
    QCOMPARE(reader->status(), RunStatus::Finished);
}

void TstTrainingSession::temperatureSteeredWhilePausedIsRecordedAndUsed() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("run");
    std::int64_t steeredAt = -1;
    {
        TrainingSession s;
        Collector got(s);
        QSignalSpy finished(&s, &TrainingSession::finished);
        QVERIFY(s.start(quickConfig(dir)));
        QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= 4, 60000);
        s.pause();
        QTRY_VERIFY_WITH_TIMEOUT(got.saw(RunStatus::Paused), 30000);
        QString error;
        QVERIFY2(s.steer({{"temp_schedule", "constant"},
                          {"t_start", "50"},
                          {"lr_schedule", "constant"},
                          {"lr", "0.02"}},
                         &error),
                 qPrintable(error));
        // Recorded at once, while still paused.
        QTRY_VERIFY_WITH_TIMEOUT(got.saw(RunStatus::Steered), 30000);
        steeredAt = got.lastStep();
        QCOMPARE(s.config().temperature.kind, TempScheduleKind::Constant);
        s.resume();
        QTRY_VERIFY_WITH_TIMEOUT(got.lastStep() >= steeredAt + 3, 30000);
        for (const StepEvent& e : got.steps) {
            if (e.step <= steeredAt) {
                QVERIFY(e.temperature < 50);
            } else {
                QCOMPARE(e.temperature, 50.0);
                QCOMPARE(e.lr, 0.02);
            }
        }
        s.stop();  // the checkpoint written on stop carries the steered schedules
        QVERIFY(finished.wait(60000));
    }
    std::string why;
    {
        auto reader = RunReader::open(dir.toStdString(), &why);
        QVERIFY2(reader, why.c_str());
        bool recorded = false;
        for (const auto& e : reader->lifecycle())
            if (e.status == RunStatus::Steered) {
                recorded = true;
                QCOMPARE(QString::fromStdString(e.message),
                         QStringLiteral(
                             "temp_schedule=constant; t_start=50; lr_schedule=constant; lr=0.02"));
            }
        QVERIFY(recorded);
        QCOMPARE(reader->status(), RunStatus::Stopped);  // a steer is not a state
    }
    // Resumed, the run goes on with what it was steered to.
    TrainingSession s;
    Collector got(s);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QVERIFY(s.resumeRun(dir));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finishedStatus(finished), RunStatus::Finished);
    QVERIFY(!got.steps.empty());
    for (const StepEvent& e : got.steps) {
        QCOMPARE(e.temperature, 50.0);
        QCOMPARE(e.lr, 0.02);
    }
}

void TstTrainingSession::steeringIsRefusedWithTheRegistrysReason() {
    QTemporaryDir tmp;
    TrainingSession s;
    Collector got(s);
    QSignalSpy finished(&s, &TrainingSession::finished);
    QString error;
    QVERIFY(!s.steer({{"t_start", "5"}}, &error));  // idle
    QVERIFY(s.start(quickConfig(tmp.filePath("run"), 3)));
    QVERIFY(!s.steer({{"t_start", "5"}}, &error));  // running
    QVERIFY(error.contains(QStringLiteral("Pause")));
    s.pause();
    QVERIFY(!s.steer({{"epochs", "9"}}, &error));
    QVERIFY2(error.startsWith(QStringLiteral("epochs: cannot change during a run")),
             qPrintable(error));
    // A value the registry refuses, with the registry's reason (the form and slb-train say the
    // same) ...
    RunConfig probe;
    const std::string reason = findConfigField("t_start")->set(probe, "abc");
    QVERIFY(!reason.empty());
    QVERIFY(!s.steer({{"t_start", "abc"}}, &error));
    QCOMPARE(error, QString::fromStdString("t_start: " + reason));
    QCOMPARE(error, QStringLiteral("t_start: 'abc' is not a finite number"));
    // ... and a value the whole config refuses, with RunConfig::validate()'s reason.
    RunConfig whole = quickConfig(QString());
    QVERIFY(findConfigField("t_start")->set(whole, "-3").empty());
    const std::string invalid = whole.validate();
    QVERIFY(!invalid.empty());
    QVERIFY(!s.steer({{"t_start", "-3"}}, &error));
    QCOMPARE(error, QString::fromStdString(invalid));
    QVERIFY(!got.saw(RunStatus::Steered));
    s.stop();
    QVERIFY(finished.wait(60000));
}

void TstTrainingSession::refusesASecondRunAndAnUnwritableFolder() {
    QTemporaryDir tmp;
    TrainingSession s;
    QSignalSpy finished(&s, &TrainingSession::finished);
    QVERIFY(s.start(quickConfig(tmp.filePath("a"), 3)));
    QString error;
    QVERIFY(!s.start(quickConfig(tmp.filePath("b")), &error));
    QVERIFY(!error.isEmpty());
    s.stop();
    QVERIFY(finished.wait(60000));

    const QString locked = tmp.filePath("locked");
    QVERIFY(QDir().mkpath(locked));
    QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    if (::geteuid() != 0) {  // root writes anywhere
        QVERIFY(!s.start(quickConfig(locked + "/run"), &error));
        QVERIFY2(error.contains(locked), qPrintable(error));
        QCOMPARE(s.state(), TrainingSession::State::Idle);
    }
    // A folder that already holds a run is refused and left as it was.
    QVERIFY(!s.start(quickConfig(tmp.filePath("a")), &error));
    QVERIFY2(error.contains(tmp.filePath("a")), qPrintable(error));
}

void TstTrainingSession::controlsHammeredInRandomOrder() {
    QTemporaryDir tmp;
    std::mt19937 rng(20261123);
    auto s = std::make_unique<TrainingSession>();
    int runs = 0, destroyed = 0;
    for (int i = 0; i < 200; ++i) {
        switch (rng() % 7) {
            case 0:
                if (!s->isActive()) {
                    RunConfig c = quickConfig(tmp.filePath(QString("run%1").arg(runs++)), 1);
                    c.trainLimit = 384;  // 6 steps
                    QVERIFY(s->start(c));
                }
                break;
            case 1:
                s->pause();
                break;
            case 2:
                s->resume();
                break;
            case 3:
                s->stop();
                break;
            case 4:
                s->steer({{"t_start", "7"}});
                break;
            case 5:
                s.reset();  // destroyed while training, paused, stopping or idle
                s = std::make_unique<TrainingSession>();
                ++destroyed;
                break;
            default:
                break;
        }
        // Let queued deliveries and thread ends happen at random points.
        const int spins = int(rng() % 4);
        for (int k = 0; k < spins; ++k)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    QVERIFY(runs > 10);
    QVERIFY(destroyed > 10);
    s->resume();
    s->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!s->isActive(), 60000);
}

QTEST_GUILESS_MAIN(TstTrainingSession)
#include "tst_trainingsession.moc"
