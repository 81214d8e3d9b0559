// Checkpoints and resume: a run stopped at an epoch end (or mid-epoch) and resumed from its
// checkpoint ends with exactly the weights of an uninterrupted run; bad checkpoints are refused.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "models/modelio.h"
#include "record/runreader.h"
#include "record/runstore.h"
#include "train/trainer.h"
#include "trainerfixture.h"

using namespace slb;
using slb::test::quickConfig;
using slb::test::Recorder;
using slb::test::weightsOf;
namespace fs = std::filesystem;

namespace {

void compareWeights(const std::string& a, const std::string& b) {
    const auto wa = weightsOf(a), wb = weightsOf(b);
    QCOMPARE(wa.size(), wb.size());
    for (const auto& [name, t] : wa)
        QVERIFY2(torch::equal(t, wb.at(name)), name.c_str());
}

}  // namespace

class TstResume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resumeFromEpochCheckpointIsExact_data();
    void resumeFromEpochCheckpointIsExact();
    void resumeMidEpochIsExact();
    void recordedSeriesContinueWithoutGaps();
    void checkpointIsNeverAheadOfTheRecord();
    void corruptCheckpointIsRefused();
    void checkpointOfAnotherRunIsRefused();
    void unwritableCheckpointFolderFails();
};

void TstResume::unwritableCheckpointFolderFails() {
    // The checkpoint folder cannot be created (its parent is a file): the run ends as failed,
    // naming the path, instead of training on without a way to resume.
    QTemporaryDir dir;
    QFile plain(dir.filePath("plain"));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    RunConfig c = quickConfig();
    c.epochs = 1;
    Trainer t(c);
    t.setCheckpointDir(dir.filePath("plain/checkpoints").toStdString());
    Recorder rec;
    t.addObserver(&rec);
    QCOMPARE(t.run(), RunStatus::Failed);
    QVERIFY2(t.summary().message.find(dir.filePath("plain").toStdString()) != std::string::npos,
             t.summary().message.c_str());
    QCOMPARE(int(rec.epochs.size()), 1);  // what was measured before the failure was reported
}

void TstResume::resumeFromEpochCheckpointIsExact_data() {
    QTest::addColumn<int>("method");
    QTest::newRow("slb") << int(Method::Slb);
    QTest::newRow("lsq") << int(Method::Lsq);
}

void TstResume::resumeFromEpochCheckpointIsExact() {
    QFETCH(int, method);
    RunConfig c = quickConfig();
    c.method = Method(method);
    c.wbits = 2;
    c.epochs = 4;
    c.temperature =
        TemperatureSchedule();  // factor: hard phase from epoch 2, the resume crosses it
    QTemporaryDir a, b;
    c.out = a.path().toStdString();
    Trainer plain(c);
    QCOMPARE(plain.run(), RunStatus::Finished);

    c.out = b.path().toStdString();
    struct StopAfterEpoch : TrainObserver {
        Trainer* t = nullptr;
        void onEpoch(const EpochEvent& e) override {
            if (e.epoch == 1)
                t->requestStop();
        }
    } stopper;
    {
        Trainer first(c);
        stopper.t = &first;
        first.addObserver(&stopper);
        QCOMPARE(first.run(), RunStatus::Stopped);
    }
    const std::string ckpt = b.filePath("checkpoints/last.pt").toStdString();
    int epoch = -1;
    std::int64_t steps = -1;
    std::string error;
    QVERIFY2(Trainer::checkpointPosition(ckpt, &epoch, &steps, &error), error.c_str());
    QCOMPARE(epoch, 2);
    QCOMPARE(steps, std::int64_t(2 * 32));
    Trainer second(c);
    second.setResumeCheckpoint(ckpt);
    Recorder rec;
    second.addObserver(&rec);
    QCOMPARE(second.run(), RunStatus::Finished);
    QCOMPARE(rec.started.front().startEpoch, 2);
    QCOMPARE(rec.steps.front().step, std::int64_t(64));
    compareWeights(plain.finalModelPath(), second.finalModelPath());
    QCOMPARE(second.summary().testAccHard, plain.summary().testAccHard);
}

void TstResume::resumeMidEpochIsExact() {
    RunConfig c = quickConfig();
    c.epochs = 3;
    QTemporaryDir a, b;
    c.out = a.path().toStdString();
    Trainer plain(c);
    QCOMPARE(plain.run(), RunStatus::Finished);

    c.out = b.path().toStdString();
    {
        Trainer first(c);
        Recorder rec;
        rec.onStepHook = [&](const StepEvent& e) {
            if (e.step == 45)
                first.requestStop();
        };
        first.addObserver(&rec);
        QCOMPARE(first.run(), RunStatus::Stopped);
    }
    Trainer second(c);
    second.setResumeCheckpoint(b.filePath("checkpoints/last.pt").toStdString());
    Recorder rec;
    second.addObserver(&rec);
    QCOMPARE(second.run(), RunStatus::Finished);
    QCOMPARE(rec.steps.front().step, std::int64_t(46));
    // The epoch that was cut reports the same train loss as the uninterrupted one.
    compareWeights(plain.finalModelPath(), second.finalModelPath());
}

void TstResume::recordedSeriesContinueWithoutGaps() {
    // As slb-train resume does it: open the store, cut what follows the checkpoint, continue.
    RunConfig c = quickConfig();
    c.epochs = 3;
    QTemporaryDir dir;
    c.out = dir.path().toStdString();
    std::string error;
    {
        auto store = RunStore::create(c.out, c.toJson(), &error);
        QVERIFY2(store, error.c_str());
        Trainer first(c);
        Recorder rec;
        // Keep the epoch-end checkpoint and record steps past it, as a process killed
        // mid-epoch would have left things.
        rec.onStepHook = [&](const StepEvent& e) {
            if (e.step == 35)
                fs::copy_file(fs::path(c.out) / "checkpoints" / "last.pt",
                              fs::path(c.out) / "epoch0.pt");
            if (e.step == 40)
                first.requestStop();
        };
        first.addObserver(store.get());
        first.addObserver(&rec);
        first.run();
        store->flush();
    }
    const std::string ckpt = dir.filePath("epoch0.pt").toStdString();
    auto store = RunStore::open(c.out, &error);
    QVERIFY2(store, error.c_str());
    QCOMPARE(store->resumePoint().lastStep, std::int64_t(40));
    int epoch = 0;
    std::int64_t steps = 0;
    QVERIFY(Trainer::checkpointPosition(ckpt, &epoch, &steps, &error));
    QCOMPARE(steps, std::int64_t(32));
    QVERIFY(store->truncateAfter(steps - 1));  // steps 32..40 are trained and recorded again
    Trainer second(c);
    second.setResumeCheckpoint(ckpt);
    second.addObserver(store.get());
    QCOMPARE(second.run(), RunStatus::Finished);
    store->flush();
    store.reset();

    auto reader = RunReader::open(c.out, &error);
    QVERIFY2(reader, error.c_str());
    const auto& recorded = reader->steps();
    QCOMPARE(int(recorded.size()), 3 * 32);
    for (std::size_t i = 0; i < recorded.size(); ++i)
        QCOMPARE(recorded[i].step, std::int64_t(i));
    QCOMPARE(int(reader->epochs().size()), 3);
    for (int e = 0; e < 3; ++e)
        QCOMPARE(reader->epochs()[std::size_t(e)].epoch, e);
    QCOMPARE(reader->status(), RunStatus::Finished);
    const auto snaps = reader->snapshotSteps();
    QVERIFY(std::adjacent_find(snaps.begin(), snaps.end()) == snaps.end());
}

void TstResume::checkpointIsNeverAheadOfTheRecord() {
    // A process killed just after a checkpoint must not lose the rows before it: resume cuts
    // what follows the checkpoint and could not fill a hole before it. So when a checkpoint is
    // written, another reader already sees every step and epoch up to it.
    RunConfig c = quickConfig();
    c.epochs = 3;
    QTemporaryDir dir;
    c.out = dir.path().toStdString();
    std::string error;
    auto store = RunStore::create(c.out, c.toJson(), &error);
    QVERIFY2(store, error.c_str());

    struct Seen {
        std::int64_t checkpointSteps;
        std::size_t recordedSteps;
        std::int64_t lastStep;
        std::size_t recordedEpochs;
    };
    struct Probe : TrainObserver {
        std::string runDir;
        std::vector<Seen> seen;
        std::string error;
        void onCheckpoint(std::int64_t steps) override {
            auto reader = RunReader::open(runDir, &error);
            if (!reader)
                return;
            const auto& s = reader->steps();
            seen.push_back(
                {steps, s.size(), s.empty() ? -1 : s.back().step, reader->epochs().size()});
        }
    } probe;
    probe.runDir = c.out;

    Trainer trainer(c);
    Recorder rec;
    rec.onStepHook = [&](const StepEvent& e) {
        if (e.step == 80)  // mid third epoch: the stop writes a checkpoint too
            trainer.requestStop();
    };
    trainer.addObserver(store.get());  // the recorder first, as slb-train and the GUI do
    trainer.addObserver(&probe);
    trainer.addObserver(&rec);
    QCOMPARE(trainer.run(), RunStatus::Stopped);
    QVERIFY2(probe.error.empty(), probe.error.c_str());
    QCOMPARE(int(probe.seen.size()), 3);  // after epochs 1 and 2, and on stop
    const std::int64_t expected[] = {32, 64, 81};
    for (std::size_t i = 0; i < probe.seen.size(); ++i) {
        const Seen& s = probe.seen[i];
        QCOMPARE(s.checkpointSteps, expected[i]);
        QCOMPARE(s.recordedSteps, std::size_t(s.checkpointSteps));
        QCOMPARE(s.lastStep, s.checkpointSteps - 1);
        QCOMPARE(s.recordedEpochs, std::size_t(std::min<std::int64_t>(i + 1, 2)));
    }
}

void TstResume::corruptCheckpointIsRefused() {
    RunConfig c = quickConfig();
    c.epochs = 1;
    QTemporaryDir dir;
    c.out = dir.path().toStdString();
    Trainer t(c);
    QCOMPARE(t.run(), RunStatus::Finished);
    const fs::path ckpt = fs::path(c.out) / "checkpoints" / "last.pt";
    fs::resize_file(ckpt, fs::file_size(ckpt) / 3);
    Trainer again(c);
    again.setResumeCheckpoint(ckpt.string());
    QCOMPARE(again.run(), RunStatus::Failed);
    const std::string msg = again.summary().message;
    QVERIFY2(
        msg.find(ckpt.string()) != std::string::npos && msg.find("corrupt") != std::string::npos,
        msg.c_str());
    int epoch;
    std::int64_t steps;
    std::string error;
    QVERIFY(!Trainer::checkpointPosition(ckpt.string(), &epoch, &steps, &error));
    QVERIFY(error.find("corrupt") != std::string::npos);
}

void TstResume::checkpointOfAnotherRunIsRefused() {
    RunConfig c = quickConfig();
    c.epochs = 1;
    QTemporaryDir dir;
    c.out = dir.path().toStdString();
    Trainer t(c);
    QCOMPARE(t.run(), RunStatus::Finished);
    RunConfig other = c;
    other.model = "lenet5";
    Trainer again(other);
    again.setResumeCheckpoint(dir.filePath("checkpoints/last.pt").toStdString());
    QCOMPARE(again.run(), RunStatus::Failed);
    QVERIFY(again.summary().message.find("not of this one") != std::string::npos);
}

QTEST_GUILESS_MAIN(TstResume)
#include "tst_resume.moc"
