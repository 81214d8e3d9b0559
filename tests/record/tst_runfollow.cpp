// Following a run that another thread is writing: every row is seen exactly once across polls,
// and the follower ends with the full run; a resume's cut reaches the follower too.
#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "record/runreader.h"
#include "record/runstore.h"
#include "recordfixtures.h"

using namespace slb;
namespace fx = slb::fixtures;

class TstRunFollow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followWhileAnotherThreadWrites();
    void followerSeesResumeCut();
};

void TstRunFollow::followWhileAnotherThreadWrites() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = tmp.filePath("run").toStdString();
    constexpr int kSteps = 3000, kChunk = 100, kLockstepChunks = 10, kLayers = 6;
    std::string err;
    auto store = RunStore::create(dir, "{}", &err);
    QVERIFY2(store, err.c_str());
    auto reader = RunReader::open(dir, &err);  // before anything is recorded
    QVERIFY2(reader, err.c_str());
    QVERIFY(reader->steps().empty());

    // For the first chunks the writer waits until the follower has seen each chunk, so that
    // following demonstrably happens step by step; after that both run free, so polls also land
    // in the middle of the writer's transactions and batches.
    std::mutex mutex;
    std::condition_variable seenChanged;
    std::int64_t seenSteps = 0;  // guarded by mutex
    std::atomic<bool> writerTimedOut{false};
    std::atomic<bool> abandon{false};  // a failed check returns early: release the writer
    std::thread writer([&] {
        store->onRunStarted(fx::runStarted(kLayers));
        store->onLifecycle({RunStatus::Started, 0, 0, "", 0});
        for (int i = 0; i < kSteps; ++i) {
            store->onStep(fx::step(i));
            if (i % 20 == 0)
                store->onSnapshot(fx::snapshot(i, kLayers));
            if (i % 500 == 499)
                store->onEpoch(fx::epoch(i / 500, 500));
            if (i % kChunk == kChunk - 1 && i / kChunk < kLockstepChunks) {
                store->flush();
                std::unique_lock<std::mutex> lk(mutex);
                if (!seenChanged.wait_for(lk, std::chrono::seconds(10),
                                          [&] { return seenSteps > i || abandon; }))
                    writerTimedOut = true;
            }
        }
        store->onLifecycle({RunStatus::Finished, kSteps - 1, kSteps / 500 - 1, "", 0});
    });
    struct JoinGuard {
        std::thread& t;
        std::atomic<bool>& abandon;
        std::mutex& mutex;
        std::condition_variable& cv;
        ~JoinGuard() {
            {
                std::lock_guard<std::mutex> lk(mutex);  // no lost wake-up between check and wait
                abandon = true;
            }
            cv.notify_all();
            if (t.joinable())
                t.join();
        }
    } joinGuard{writer, abandon, mutex, seenChanged};

    std::vector<std::int64_t> steps;
    std::vector<int> epochs;
    std::vector<std::pair<std::string, std::int64_t>> snaps;
    std::vector<RunStatus> lifecycle;
    int runStarts = 0, pollsWithData = 0;
    bool finished = false;
    QDeadlineTimer deadline(15000);
    while (!finished && !deadline.hasExpired()) {
        const RunPollResult r = reader->poll();
        QVERIFY2(r.error.empty(), r.error.c_str());
        if (r.empty()) {
            std::this_thread::yield();
            continue;
        }
        ++pollsWithData;
        runStarts += int(r.runStarts.size());
        for (const StepEvent& e : r.steps) {
            steps.push_back(e.step);
            const std::string d = fx::diffStep(e, fx::step(e.step));
            QVERIFY2(d.empty(), d.c_str());
        }
        for (const EpochEvent& e : r.epochs)
            epochs.push_back(e.epoch);
        for (const SnapshotEvent& s : r.snapshots) {
            QCOMPARE(int(s.layers.size()), kLayers);  // a step's snapshots arrive together
            for (const LayerSnapshot& l : s.layers) {
                snaps.emplace_back(l.layer, s.step);
                QVERIFY(
                    fx::diffSnapshot(l, fx::layerSnapshot(int(&l - &s.layers[0]), s.step)).empty());
            }
        }
        for (const LifecycleEvent& e : r.lifecycle) {
            lifecycle.push_back(e.status);
            finished = finished || e.status == RunStatus::Finished;
        }
        {
            std::lock_guard<std::mutex> lk(mutex);
            seenSteps = std::int64_t(steps.size());
        }
        seenChanged.notify_all();
    }
    QVERIFY2(finished, "the follower never saw the run finish");
    QVERIFY(!writerTimedOut);
    QVERIFY2(pollsWithData >= kLockstepChunks,
             qPrintable(QString("only %1 polls brought data").arg(pollsWithData)));

    // Exactly once, in order, all of them.
    QCOMPARE(int(steps.size()), kSteps);
    for (int i = 0; i < kSteps; ++i)
        QCOMPARE(steps[size_t(i)], std::int64_t(i));
    QCOMPARE(epochs, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    QCOMPARE(int(snaps.size()), kSteps / 20 * kLayers);
    using LayerStep = std::pair<std::string, std::int64_t>;
    QCOMPARE(std::set<LayerStep>(snaps.begin(), snaps.end()).size(), snaps.size());
    QCOMPARE(lifecycle, (std::vector<RunStatus>{RunStatus::Started, RunStatus::Finished}));
    QCOMPARE(runStarts, 1);

    // The follower's caches hold the full run, like a reader opened afterwards.
    writer.join();
    store.reset();
    auto fresh = RunReader::open(dir, &err);
    QVERIFY2(fresh, err.c_str());
    QCOMPARE(reader->steps().size(), fresh->steps().size());
    QCOMPARE(reader->epochs().size(), fresh->epochs().size());
    QCOMPARE(reader->snapshotSteps(), fresh->snapshotSteps());
    QCOMPARE(reader->layerSeries(fx::layerName(0), "gap").size(),
             fresh->layerSeries(fx::layerName(0), "gap").size());
    QVERIFY(reader->poll().empty());
}

void TstRunFollow::followerSeesResumeCut() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = tmp.filePath("run").toStdString();
    std::string err;
    {
        auto store = RunStore::create(dir, "{}", &err);
        QVERIFY2(store, err.c_str());
        for (int i = 0; i < 150; ++i) {
            store->onStep(fx::step(i));
            if (i % 50 == 0)
                store->onSnapshot(fx::snapshot(i, 2));
        }
    }
    auto reader = RunReader::open(dir, &err);
    QVERIFY2(reader, err.c_str());
    QCOMPARE(reader->steps().size(), size_t(150));
    QCOMPARE(reader->snapshotSteps(), (std::vector<std::int64_t>{0, 50, 100}));

    auto store = RunStore::open(dir, &err);
    QVERIFY2(store, err.c_str());
    QVERIFY(store->truncateAfter(99));
    for (int i = 100; i < 120; ++i)
        store->onStep(fx::step(i, 100, 1));
    QVERIFY(store->flush());

    const RunPollResult r = reader->poll();
    QVERIFY2(r.error.empty(), r.error.c_str());
    QVERIFY(r.truncatedAfter);
    QCOMPARE(*r.truncatedAfter, std::int64_t(99));
    QCOMPARE(r.steps.size(), size_t(20));
    QCOMPARE(reader->steps().size(), size_t(120));
    for (size_t i = 0; i < 120; ++i) {
        const StepEvent want =
            i < 100 ? fx::step(std::int64_t(i)) : fx::step(std::int64_t(i), 100, 1);
        QVERIFY(fx::diffStep(reader->steps()[i], want).empty());
    }
    QCOMPARE(reader->snapshotSteps(), (std::vector<std::int64_t>{0, 50}));
    const auto last = reader->snapshot(fx::layerName(0), 1000);  // 100 was cut
    QVERIFY(last);
    QCOMPARE(last->step, std::int64_t(50));
}

QTEST_GUILESS_MAIN(TstRunFollow)
#include "tst_runfollow.moc"
