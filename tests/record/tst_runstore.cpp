// RunStore → RunReader: everything recorded comes back exactly; flush, resume with a cut, and a
// write failure in the middle of a run.
#include <QtTest/QtTest>

#include <csignal>
#include <limits>

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "record/runreader.h"
#include "record/runstore.h"
#include "recordfixtures.h"

using namespace slb;
namespace fx = slb::fixtures;

namespace {

std::string runPath(const QTemporaryDir& tmp, const char* name = "run") {
    return tmp.filePath(name).toStdString();
}

bool isDir(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

qint64 fileSize(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? qint64(st.st_size) : 0;
}

/// Checks a reader's steps against the expected ones, field by field (a failure returns from
/// here only: callers check QTest::currentTestFailed()).
void compareSteps(const std::vector<StepEvent>& got, const std::vector<StepEvent>& want) {
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        const std::string d = fx::diffStep(got[i], want[i]);
        QVERIFY2(d.empty(), qPrintable(QString("step %1: %2").arg(want[i].step).arg(d.c_str())));
    }
}

}  // namespace

class TstRunStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createMakesRunFolder();
    void roundTrip();
    void flushMakesRowsVisibleWhileWriting();
    void truncateAfterThenContinue();
    void writeFailureStopsRecordingNotTraining();
};

void TstRunStore::createMakesRunFolder() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = runPath(tmp);
    std::string err;
    auto store = RunStore::create(dir, "{\"model\":\"cnn\"}", &err);
    QVERIFY2(store, err.c_str());
    QVERIFY(isDir(dir + "/checkpoints"));
    QVERIFY(isDir(dir + "/exports"));
    QCOMPARE(store->databasePath(), dir + "/run.sqlite");
    QCOMPARE(store->resumePoint().lastStep, std::int64_t(-1));

    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2((dir + "/run.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
             SQLITE_OK);
    auto text = [&](const char* sql) {
        sqlite3_stmt* st = nullptr;
        std::string v;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return v;
    };
    QCOMPARE(text("PRAGMA journal_mode"), std::string("wal"));
    QCOMPARE(text("PRAGMA application_id"), std::to_string(0x534C4257));
    QCOMPARE(text("PRAGMA user_version"), std::string("1"));
    QCOMPARE(text("SELECT value FROM meta WHERE key = 'application'"),
             std::string("slb-workbench"));
    QCOMPARE(text("SELECT value FROM meta WHERE key = 'writer_pid'"), std::to_string(getpid()));
    QVERIFY(!text("SELECT value FROM meta WHERE key = 'created_at'").empty());
    QCOMPARE(text("SELECT mode FROM sessions"), std::string("create"));
    sqlite3_close(db);
}

void TstRunStore::roundTrip() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = runPath(tmp);
    const std::string config = RunConfig().toJson();
    const RunStartedEvent started = fx::runStarted();
    std::vector<StepEvent> steps;
    std::vector<EpochEvent> epochs;
    std::vector<SnapshotEvent> snapshots;
    std::vector<LifecycleEvent> lifecycle;
    const double before = QDateTime::currentMSecsSinceEpoch() / 1000.0;
    std::string err;
    {
        auto store = RunStore::create(dir, config, &err);
        QVERIFY2(store, err.c_str());
        store->onRunStarted(started);
        lifecycle.push_back({RunStatus::Started, 0, 0, "", 1.7e9 + 0.125});
        store->onLifecycle(lifecycle.back());
        for (int i = 0; i < 300; ++i) {
            StepEvent e = fx::step(i);
            if (i == 17)
                e.loss = std::numeric_limits<double>::infinity();
            if (i == 18)
                e.loss = std::numeric_limits<double>::quiet_NaN();
            steps.push_back(e);
            store->onStep(e);
            if (i % 50 == 0) {
                snapshots.push_back(fx::snapshot(i));
                store->onSnapshot(snapshots.back());
            }
            if (i % 100 == 99) {
                epochs.push_back(fx::epoch(i / 100));
                store->onEpoch(epochs.back());
            }
            if (i == 120) {
                lifecycle.push_back({RunStatus::Paused, 120, 1, "", 1.7e9 + 10});
                store->onLifecycle(lifecycle.back());
                lifecycle.push_back({RunStatus::Resumed, 120, 1, "", 1.7e9 + 20});
                store->onLifecycle(lifecycle.back());
            }
        }
        // wallTime 0: the store stamps the time itself.
        lifecycle.push_back({RunStatus::Finished, 299, 2, "done: 3 epochs", 0});
        store->onLifecycle(lifecycle.back());
        QVERIFY(!store->failed());
    }  // the destructor commits what is still queued
    const double after = QDateTime::currentMSecsSinceEpoch() / 1000.0 + 1;

    auto reader = RunReader::open(dir, &err);
    QVERIFY2(reader, err.c_str());
    QCOMPARE(reader->configJson(), config);
    QCOMPARE(reader->runStarts().size(), size_t(1));
    QVERIFY(reader->runInfo());
    const std::string d = fx::diffRunStarted(*reader->runInfo(), started);
    QVERIFY2(d.empty(), d.c_str());

    compareSteps(reader->steps(), steps);
    if (QTest::currentTestFailed())
        return;  // the checks below index into the steps
    QVERIFY(std::isinf(reader->steps()[17].loss));
    QVERIFY(std::isnan(reader->steps()[18].loss));
    QCOMPARE(reader->epochs().size(), epochs.size());
    for (size_t i = 0; i < epochs.size(); ++i) {
        const std::string de = fx::diffEpoch(reader->epochs()[i], epochs[i]);
        QVERIFY2(de.empty(), qPrintable(QString("epoch %1: %2").arg(i).arg(de.c_str())));
    }

    QCOMPARE(reader->lifecycle().size(), lifecycle.size());
    for (size_t i = 0; i + 1 < lifecycle.size(); ++i) {
        const LifecycleEvent &a = reader->lifecycle()[i], &b = lifecycle[i];
        QCOMPARE(a.status, b.status);
        QCOMPARE(a.step, b.step);
        QCOMPARE(a.epoch, b.epoch);
        QCOMPARE(a.message, b.message);
        QVERIFY(fx::same(a.wallTime, b.wallTime));
    }
    QCOMPARE(reader->lifecycle().back().message, std::string("done: 3 epochs"));
    QVERIFY(reader->lifecycle().back().wallTime >= before - 1);
    QVERIFY(reader->lifecycle().back().wallTime <= after);
    QCOMPARE(reader->status(), RunStatus::Finished);

    std::vector<std::string> names;
    for (const LayerInfo& l : started.layers)
        names.push_back(l.name);
    QCOMPARE(reader->layerNames(), names);
    std::vector<std::int64_t> snapSteps;
    for (const SnapshotEvent& s : snapshots)
        snapSteps.push_back(s.step);
    QCOMPARE(reader->snapshotSteps(), snapSteps);

    for (const SnapshotEvent& s : snapshots) {
        for (const LayerSnapshot& want : s.layers) {
            // Exactly at the step, and as "the greatest recorded step ≤" between snapshots.
            for (std::int64_t at : {s.step, s.step + 49}) {
                const auto got = reader->snapshot(want.layer, at);
                QVERIFY2(got, qPrintable(QString("%1 @%2").arg(want.layer.c_str()).arg(at)));
                const std::string ds = fx::diffSnapshot(*got, want);
                QVERIFY2(
                    ds.empty(),
                    qPrintable(
                        QString("%1 @%2: %3").arg(want.layer.c_str()).arg(at).arg(ds.c_str())));
            }
        }
    }
    QVERIFY(!reader->snapshot(names[0], -1));
    QVERIFY(!reader->snapshot("no.such.layer", 100));

    // Per-layer series: SLB scalars for SLB layers, step sizes for LSQ layers.
    const auto gap = reader->layerSeries(names[0], "gap");
    QCOMPARE(gap.size(), snapshots.size());
    for (size_t i = 0; i < gap.size(); ++i) {
        QCOMPARE(gap[i].step, snapshots[i].step);
        QCOMPARE(gap[i].epoch, snapshots[i].epoch);
        QVERIFY(fx::same(gap[i].value, snapshots[i].layers[0].slb.gap));
    }
    const auto sharp = reader->layerSeries(names[2], "sharp_share");
    QCOMPARE(sharp.size(), snapshots.size());
    QVERIFY(fx::same(sharp[3].value, snapshots[3].layers[2].slb.sharpShare));
    const auto wstep = reader->layerSeries(names[1], "step");
    QCOMPARE(wstep.size(), snapshots.size());
    QVERIFY(fx::same(wstep[2].value, snapshots[2].layers[1].lsqWeight.step));
    // The activation quantizer is valid from step 50 on only (see fixtures).
    const auto astep = reader->layerSeries(names[1], "act_step");
    QCOMPARE(astep.size(), snapshots.size() - 1);
    QCOMPARE(astep[0].step, std::int64_t(50));
    QVERIFY(reader->layerSeries(names[0], "step").empty());
    QVERIFY(reader->layerSeries(names[0], "no_such_series").empty());

    const RunPollResult nothing = reader->poll();
    QVERIFY2(nothing.error.empty(), nothing.error.c_str());
    QVERIFY(nothing.empty());
}

void TstRunStore::flushMakesRowsVisibleWhileWriting() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = runPath(tmp);
    std::string err;
    auto store = RunStore::create(dir, "{}", &err);
    QVERIFY2(store, err.c_str());
    for (int i = 0; i < 10; ++i)
        store->onStep(fx::step(i));
    QVERIFY(store->flush());
    auto reader = RunReader::open(dir, &err);
    QVERIFY2(reader, err.c_str());
    QCOMPARE(reader->steps().size(), size_t(10));
    for (int i = 10; i < 25; ++i)
        store->onStep(fx::step(i));
    QVERIFY(store->flush());
    const RunPollResult r = reader->poll();
    QCOMPARE(r.steps.size(), size_t(15));
    QCOMPARE(r.steps.front().step, std::int64_t(10));
    QCOMPARE(reader->steps().size(), size_t(25));
    QVERIFY(store->flush());  // nothing queued: returns at once
}

void TstRunStore::truncateAfterThenContinue() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = runPath(tmp);
    std::string err;
    // A run killed at step 249, in epoch 2. Its epoch-1 checkpoint turned out damaged, so it
    // resumes from the end of epoch 0 (step 99): every row after 99 must go, including epoch 1.
    {
        auto store = RunStore::create(dir, "{}", &err);
        QVERIFY2(store, err.c_str());
        store->onRunStarted(fx::runStarted(4));
        for (int i = 0; i < 250; ++i) {
            store->onStep(fx::step(i));
            if (i % 25 == 0)
                store->onSnapshot(fx::snapshot(i, 4));
            if (i % 100 == 99)
                store->onEpoch(fx::epoch(i / 100));
        }
    }
    {
        auto store = RunStore::open(dir, &err);
        QVERIFY2(store, err.c_str());
        const ResumePoint rp = store->resumePoint();
        QCOMPARE(rp.lastStep, std::int64_t(249));
        QCOMPARE(rp.lastStepEpoch, 2);
        QCOMPARE(rp.lastEpoch, 1);
        QCOMPARE(rp.lastEpochStep, std::int64_t(199));
        QCOMPARE(rp.lastSnapshotStep, std::int64_t(225));
        QVERIFY(store->truncateAfter(99));
        store->onRunStarted(fx::runStarted(4, 100));
        store->onLifecycle({RunStatus::Resumed, 100, 1, "", 0});
        // The resumed run records different numbers (salt 1), snapshots at other steps, and is
        // stopped at 179, before epoch 1 ends: nothing of the killed run may show after step 99.
        for (int i = 100; i < 180; ++i) {
            store->onStep(fx::step(i, 100, 1));
            if (i % 25 == 10)
                store->onSnapshot(fx::snapshot(i, 4, 8, 100, 1));
        }
        store->onLifecycle({RunStatus::Stopped, 179, 1, "stopped by the user", 0});
    }
    auto reader = RunReader::open(dir, &err);
    QVERIFY2(reader, err.c_str());
    std::vector<StepEvent> want;
    for (int i = 0; i < 180; ++i)
        want.push_back(i < 100 ? fx::step(i) : fx::step(i, 100, 1));
    compareSteps(reader->steps(), want);  // no gap at 100, no duplicate, nothing after 179
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(reader->epochs().size(), size_t(1));
    QVERIFY(fx::diffEpoch(reader->epochs()[0], fx::epoch(0)).empty());
    const std::vector<std::int64_t> snapSteps = {0, 25, 50, 75, 110, 135, 160};
    QCOMPARE(reader->snapshotSteps(), snapSteps);
    const auto s125 = reader->snapshot(fx::layerName(0), 125);  // the resumed run's 110
    QVERIFY(s125);
    QVERIFY(fx::diffSnapshot(*s125, fx::layerSnapshot(0, 110, 8, 1)).empty());
    const auto gap = reader->layerSeries(fx::layerName(0), "gap");
    QCOMPARE(gap.size(), snapSteps.size());
    for (size_t i = 0; i < gap.size(); ++i)
        QCOMPARE(gap[i].step, snapSteps[i]);
    QCOMPARE(reader->runStarts().size(), size_t(2));
    QCOMPARE(reader->runInfo()->startStep, std::int64_t(100));
    QCOMPARE(reader->status(), RunStatus::Stopped);
}

void TstRunStore::writeFailureStopsRecordingNotTraining() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = runPath(tmp);
    const std::string dbPath = dir + "/run.sqlite";
    std::string err;
    auto store = RunStore::create(dir, "{}", &err);
    QVERIFY2(store, err.c_str());
    for (int i = 0; i < 100; ++i)
        store->onStep(fx::step(i));
    QVERIFY(store->flush());

    // A full disk, for real as far as SQLite can tell: the file size limit turns every write
    // past it into EFBIG (SIGXFSZ ignored), as ENOSPC would.
    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = rlim_t(std::max(fileSize(dbPath), fileSize(dbPath + "-wal")) + 64 * 1024);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    bool failed = false;
    QElapsedTimer timer;
    timer.start();
    qint64 slowestCallNs = 0;
    for (int i = 100; i < 5000 && !failed; ++i) {
        QElapsedTimer call;
        call.start();
        store->onStep(fx::step(i));
        if (i % 10 == 0)
            store->onSnapshot(fx::snapshot(i));
        slowestCallNs = std::max(slowestCallNs, call.nsecsElapsed());
        if (i % 100 == 0)
            failed = !store->flush();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    QVERIFY2(failed, "a write past the file size limit went unnoticed");
    QVERIFY(store->failed());
    const std::string msg = store->lastError();
    QVERIFY2(msg.find(dbPath) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("stopped") != std::string::npos, msg.c_str());
    qInfo("lastError: %s (slowest callback %lld ns)", msg.c_str(), slowestCallNs);
    // Later events are dropped at once, and flush() says recording has failed.
    store->onStep(fx::step(6000));
    QVERIFY(!store->flush());
    store.reset();

    auto reader = RunReader::open(dir, &err);
    QVERIFY2(reader, err.c_str());
    QVERIFY(reader->steps().size() >= 100);  // what was committed before stays
    for (size_t i = 0; i < reader->steps().size(); ++i)
        QCOMPARE(reader->steps()[i].step, std::int64_t(i));
}

QTEST_GUILESS_MAIN(TstRunStore)
#include "tst_runstore.moc"
