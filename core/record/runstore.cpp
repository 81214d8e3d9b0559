#include "record/runstore.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <optional>

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "record/eventjson.h"
#include "record/runfolder.h"
#include "record/runlock.h"
#include "record/runschema.h"
#include "record/snapshotcodec.h"
#include "record/sqlitedb.h"

namespace slb {

namespace {

std::string isoTimeUtc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// WAL lets followers read while we write; NORMAL sync keeps commits safe against a killed
/// process (not against power loss) at a fraction of FULL's fsync cost.
bool configureWriter(SqliteDb& db, const std::string& path, std::string* error) {
    std::string err;
    SqliteStatement wal = db.prepare("PRAGMA journal_mode=WAL", &err);
    if (!wal.valid() || wal.step() != SQLITE_ROW) {
        *error = "cannot write '" + path + "': " + (err.empty() ? db.lastError() : err);
        return false;
    }
    if (wal.columnText(0) != "wal") {
        *error = "'" + path + "' cannot use SQLite's WAL journal here (journal mode '" +
                 wal.columnText(0) +
                 "'); put the run folder on a local file system or pick another --out";
        return false;
    }
    if (!db.exec("PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;", &err)) {
        *error = "cannot configure '" + path + "': " + err;
        return false;
    }
    return true;
}

std::string readOnlyRunMessage(const std::string& runDir, const std::string& why) {
    return "run folder '" + runDir + "' is on a read-only disk or not writable (" + why +
           "): copy the run folder somewhere writable and resume the copy";
}

/// The first of runDir, its run.sqlite and the files SQLite keeps beside it that this process
/// may not write; empty when all may be written.
std::string unwritablePart(const std::string& runDir, const std::string& dbPath, std::string* why) {
    for (const std::string& p :
         {runDir, dbPath, dbPath + "-wal", dbPath + "-shm", runDir + "/" + kRunLockFile}) {
        if (p != runDir && p != dbPath && !pathExists(p))
            continue;
        if (::access(p.c_str(), W_OK) != 0) {
            *why = std::strerror(errno);
            return p;
        }
    }
    return {};
}

std::optional<double> validOr(bool valid, double v) {
    return valid ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

struct RunStore::Statements {
    SqliteStatement insertStep, insertEpoch, insertSnapshot, insertLifecycle, insertRunStart;
    SqliteStatement insertLayer, selectLayer, upsertMeta;
    SqliteStatement deleteSteps, deleteEpochs, deleteSnapshots, insertTruncation;
};

RunStore::RunStore(std::string runDir, std::unique_ptr<RunLock> lock, std::unique_ptr<SqliteDb> db)
    : m_runDir(std::move(runDir)), m_lock(std::move(lock)), m_db(std::move(db)) {
    m_pending.reserve(2 * kBatchItems);
}

std::unique_ptr<RunStore> RunStore::create(const std::string& runDirIn,
                                           const std::string& configJson, std::string* error) {
    std::string err;
    const std::string runDir = trimTrailingSlashes(runDirIn);
    if (!nlohmann::json::accept(configJson)) {
        *error = "cannot start a run in '" + runDir + "': the config is not valid JSON";
        return nullptr;
    }
    if (!prepareNewRunFolder(runDir, error))
        return nullptr;
    auto lock = RunLock::acquire(runDir, error);
    if (!lock)
        return nullptr;
    // Checked under the lock so that two processes creating one folder cannot both pass.
    const std::string dbPath = runDir + "/" + kRunDatabaseFile;
    if (pathExists(dbPath)) {
        *error = "'" + runDir + "' already holds a run (" + kRunDatabaseFile +
                 "); use resume to continue it, or pick another --out";
        return nullptr;
    }
    if (!makeRunSubfolder(runDir + "/checkpoints", error) ||
        !makeRunSubfolder(runDir + "/exports", error))
        return nullptr;

    auto db = std::make_unique<SqliteDb>();
    bool ok = db->open(dbPath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &err);
    if (!ok)
        err = "cannot create '" + dbPath + "': " + err;
    if (ok)
        ok = configureWriter(*db, dbPath, &err);
    if (ok)
        ok = createRunSchema(*db, &err);
    if (ok) {
        SqliteStatement meta = db->prepare("INSERT INTO meta(key, value) VALUES(?, ?)", &err);
        const std::pair<const char*, std::string> rows[] = {
            {"application", kRunApplicationName},
            {"schema_version", std::to_string(kRunSchemaVersion)},
            {"created_at", isoTimeUtc()},
            {"created_by", std::string(kRunApplicationName) + " " + SLB_VERSION}};
        for (const auto& [key, value] : rows) {
            if (!ok || !meta.valid())
                break;
            meta.reset();
            meta.bind(1, std::string(key));
            meta.bind(2, value);
            ok = meta.step() == SQLITE_DONE;
        }
        SqliteStatement config = db->prepare("INSERT INTO config(id, json) VALUES(1, ?)", &err);
        if (ok && config.valid()) {
            config.bind(1, configJson);
            ok = config.step() == SQLITE_DONE;
        }
        ok = ok && meta.valid() && config.valid();
        if (!ok && err.empty())
            err = db->lastError();
        if (!ok)
            err = "cannot write '" + dbPath + "': " + err;
    }
    if (!ok) {
        // Nothing of a run was in this file before us: remove it, so that a retry after the
        // user fixed the cause is not refused as "already holds a run".
        db.reset();
        for (const char* suffix : {"", "-wal", "-shm"})
            ::unlink((dbPath + suffix).c_str());
        *error = err;
        return nullptr;
    }
    return start(runDir, std::move(lock), std::move(db), "create", error);
}

std::unique_ptr<RunStore> RunStore::open(const std::string& runDirIn, std::string* error) {
    std::string err;
    const std::string runDir = trimTrailingSlashes(runDirIn);
    const std::string dbPath = runDir + "/" + kRunDatabaseFile;
    if (!isDirectory(runDir) || !pathExists(dbPath)) {
        *error = "no run in '" + runDir + "' (" + kRunDatabaseFile +
                 " not found); check the path, or start a new run";
        return nullptr;
    }
    // Read-only media, or a folder this user may not write: said before anything is attempted.
    std::string why;
    if (!unwritablePart(runDir, dbPath, &why).empty()) {
        *error = readOnlyRunMessage(runDir, why);
        return nullptr;
    }
    auto lock = RunLock::acquire(runDir, error);
    if (!lock)
        return nullptr;
    // The file is checked through a read-only connection: closing the last read-write
    // connection of a WAL database checkpoints it, and a refused file must keep every byte.
    // quick_check reads every page, so a damaged run is not written into (resumed) either.
    {
        SqliteDb probe;
        if (!probe.open(dbPath, SQLITE_OPEN_READONLY, &err)) {
            *error = "cannot open '" + dbPath + "': " + err;
            return nullptr;
        }
        probe.exec("PRAGMA busy_timeout=5000", nullptr);
        if (!checkRunFile(probe, dbPath, error) ||
            !quickCheckRunFile(probe, dbPath, "it cannot be continued", error))
            return nullptr;
    }
    auto db = std::make_unique<SqliteDb>();
    if (!db->open(dbPath, SQLITE_OPEN_READWRITE, &err)) {
        *error =
            "cannot open '" + dbPath + "' for writing: " + err + "; make the run folder writable";
        return nullptr;
    }
    if (!configureWriter(*db, dbPath, error)) {
        if ((db->lastErrorCode() & 0xff) == SQLITE_READONLY)
            *error = readOnlyRunMessage(runDir, db->lastError());
        return nullptr;
    }
    return start(runDir, std::move(lock), std::move(db), "resume", error);
}

std::unique_ptr<RunStore> RunStore::start(std::string runDir, std::unique_ptr<RunLock> lock,
                                          std::unique_ptr<SqliteDb> db, const char* mode,
                                          std::string* error) {
    std::unique_ptr<RunStore> store(
        new RunStore(std::move(runDir), std::move(lock), std::move(db)));
    SqliteDb& d = *store->m_db;
    const std::string dbPath = store->databasePath();
    std::string err;
    if (!store->prepareStatements(&err)) {
        *error = "cannot prepare writing into '" + dbPath + "': " + err;
        return nullptr;
    }
    ResumePoint& r = store->m_resume;
    SqliteStatement q = d.prepare("SELECT step, epoch FROM steps ORDER BY step DESC LIMIT 1", &err);
    if (q.valid() && q.step() == SQLITE_ROW) {
        r.lastStep = q.columnInt64(0);
        r.lastStepEpoch = int(q.columnInt64(1));
    }
    q = d.prepare("SELECT epoch, step FROM epochs ORDER BY epoch DESC LIMIT 1", &err);
    if (q.valid() && q.step() == SQLITE_ROW) {
        r.lastEpoch = int(q.columnInt64(0));
        r.lastEpochStep = q.columnInt64(1);
    }
    q = d.prepare("SELECT MAX(step) FROM snapshots", &err);
    if (q.valid() && q.step() == SQLITE_ROW && !q.isNull(0))
        r.lastSnapshotStep = q.columnInt64(0);
    q = d.prepare("SELECT id, name FROM layers", &err);
    while (q.valid() && q.step() == SQLITE_ROW)
        store->m_layerIds[q.columnText(1)] = q.columnInt64(0);
    store->m_committedStep = r.lastStep;

    // Who wrote when: one sessions row per create/open, and the current writer in meta.
    const std::string pid = std::to_string(::getpid());
    const std::string host = hostName();
    SqliteStatement s = d.prepare(
        "INSERT INTO sessions(mode, opened_at, pid, host, version) VALUES(?, ?, ?, ?, ?)", &err);
    SqliteStatement m = d.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", &err);
    bool ok = s.valid() && m.valid();
    if (ok) {
        s.bind(1, std::string(mode));
        s.bind(2, wallClockNow());
        s.bind(3, std::int64_t(::getpid()));
        s.bind(4, host);
        s.bind(5, std::string(SLB_VERSION));
        ok = s.step() == SQLITE_DONE;
        for (const auto& [key, value] :
             {std::pair<std::string, std::string>{"writer_pid", pid}, {"writer_host", host}}) {
            m.reset();
            m.bind(1, key);
            m.bind(2, value);
            ok = ok && m.step() == SQLITE_DONE;
        }
    }
    if (!ok) {
        *error = "cannot write '" + dbPath + "': " + (err.empty() ? d.lastError() : err);
        return nullptr;
    }
    store->m_thread = std::thread([raw = store.get()] { raw->writerLoop(); });
    pthread_setname_np(store->m_thread.native_handle(), "slb-record");
    return store;
}

RunStore::~RunStore() {
    if (m_thread.joinable()) {
        {
            std::lock_guard<std::mutex> lk(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    m_stmts.reset();  // statements before their connection
    m_db.reset();
}

std::string RunStore::databasePath() const {
    return m_runDir + "/" + kRunDatabaseFile;
}

std::string RunStore::lastError() const {
    std::lock_guard<std::mutex> lk(m_mutex);
    return m_error;
}

void RunStore::onRunStarted(const RunStartedEvent& e) {
    if (!failed())
        enqueue(std::make_unique<RunStartedEvent>(e), true);
}

void RunStore::onStep(const StepEvent& e) {
    if (!failed())
        enqueue(e, false);
}

void RunStore::onEpoch(const EpochEvent& e) {
    if (!failed())
        enqueue(e, false);
}

void RunStore::onSnapshot(const SnapshotEvent& e) {
    if (!failed())
        enqueue(e, false);
}

void RunStore::onLifecycle(const LifecycleEvent& e) {
    if (failed())
        return;
    LifecycleEvent copy = e;
    if (copy.wallTime == 0)
        copy.wallTime = wallClockNow();
    enqueue(std::move(copy), true);
}

void RunStore::onCheckpoint(std::int64_t /*steps*/) {
    flush();
}

void RunStore::enqueue(Item&& item, bool urgent) {
    bool wake = false;
    {
        std::lock_guard<std::mutex> lk(m_mutex);
        m_pending.push_back(std::move(item));
        ++m_enqueued;
        if (urgent)
            m_urgent = true;
        // Wake the writer only on the events that change its decision, not on every step.
        wake = urgent || m_pending.size() == 1 || m_pending.size() == kBatchItems;
    }
    if (wake)
        m_wake.notify_one();
}

bool RunStore::flush() {
    std::unique_lock<std::mutex> lk(m_mutex);
    const std::uint64_t target = m_enqueued;
    if (m_processed < target) {
        m_urgent = true;
        m_wake.notify_one();
        m_done.wait(lk, [&] { return m_processed >= target; });
    }
    return !failed();
}

bool RunStore::truncateAfter(std::int64_t step) {
    if (failed())
        return false;
    enqueue(Truncate{step}, true);
    return flush();
}

void RunStore::writerLoop() {
    // Both vectors hold a full batch without growing: in steady state a callback never
    // reallocates, and the two swap back and forth.
    std::vector<Item> batch;
    batch.reserve(2 * kBatchItems);
    std::unique_lock<std::mutex> lk(m_mutex);
    for (;;) {
        m_wake.wait(lk, [&] { return m_stop || m_urgent || !m_pending.empty(); });
        if (!m_stop && !m_urgent) {
            // Let a batch build up: one transaction per ~100 ms instead of one per step.
            const auto deadline =
                std::chrono::steady_clock::now() + std::chrono::milliseconds(kMaxLatencyMs);
            m_wake.wait_until(lk, deadline, [&] {
                return m_stop || m_urgent || m_pending.size() >= kBatchItems;
            });
        }
        batch.swap(m_pending);
        const std::uint64_t upTo = m_enqueued;
        const bool stopping = m_stop;
        m_urgent = false;
        lk.unlock();

        if (!batch.empty() && !failed()) {
            std::string err;
            bool ok = false;
            try {
                ok = writeBatch(batch, &err);
            } catch (const std::exception& e) {
                // Out of memory while encoding, say: an escaping exception would terminate the
                // trainer's process, a failed recording does not.
                m_db->exec("ROLLBACK", nullptr);
                err = e.what();
            }
            if (!ok)
                setFailed(err);
        }
        batch.clear();  // keeps its capacity: the next swap hands it back to the callbacks

        lk.lock();
        m_processed = upTo;
        m_done.notify_all();
        if (stopping && m_pending.empty())
            return;
    }
}

void RunStore::setFailed(const std::string& message) {
    std::lock_guard<std::mutex> lk(m_mutex);
    m_error = "recording into '" + databasePath() + "' stopped: " + message +
              "; rows committed before (up to step " + std::to_string(m_committedStep) +
              ") are kept, later events are not recorded; free disk space or fix the folder, "
              "then resume the run";
    m_failed.store(true, std::memory_order_release);
}

bool RunStore::prepareStatements(std::string* error) {
    m_stmts = std::make_unique<Statements>();
    Statements& s = *m_stmts;
    SqliteDb& d = *m_db;
    s.insertStep = d.prepare(
        "INSERT OR REPLACE INTO steps(step, epoch, loss, accuracy, lr, temperature, hard_phase, "
        "images_per_s, elapsed) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
        error);
    s.insertEpoch = d.prepare(
        "INSERT OR REPLACE INTO epochs(epoch, step, train_loss, train_accuracy, test_loss_soft, "
        "test_loss_hard, test_acc_soft, test_acc_hard, test_top5_soft, test_top5_hard, "
        "temperature, lr, hard_phase, seconds, images_per_s) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        error);
    s.insertSnapshot = d.prepare(
        "INSERT OR REPLACE INTO snapshots(step, epoch, layer_id, kind, slb_temperature, "
        "mean_entropy, sharp_share, gap, w_step, w_clipped_share, a_step, a_clipped_share, data) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        error);
    s.insertLifecycle = d.prepare(
        "INSERT INTO lifecycle(status, step, epoch, message, wall_time) VALUES(?, ?, ?, ?, ?)",
        error);
    s.insertRunStart =
        d.prepare("INSERT INTO run_starts(step, epoch, wall_time, json) VALUES(?, ?, ?, ?)", error);
    s.insertLayer = d.prepare("INSERT OR IGNORE INTO layers(name, kind) VALUES(?, ?)", error);
    s.upsertMeta = d.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", error);
    s.selectLayer = d.prepare("SELECT id FROM layers WHERE name = ?", error);
    s.deleteSteps = d.prepare("DELETE FROM steps WHERE step > ?", error);
    s.deleteEpochs = d.prepare("DELETE FROM epochs WHERE step > ?", error);
    s.deleteSnapshots = d.prepare("DELETE FROM snapshots WHERE step > ?", error);
    s.insertTruncation =
        d.prepare("INSERT INTO truncations(after_step, wall_time) VALUES(?, ?)", error);
    for (const SqliteStatement* st :
         {&s.insertStep, &s.insertEpoch, &s.insertSnapshot, &s.insertLifecycle, &s.insertRunStart,
          &s.insertLayer, &s.selectLayer, &s.upsertMeta, &s.deleteSteps, &s.deleteEpochs,
          &s.deleteSnapshots, &s.insertTruncation})
        if (!st->valid())
            return false;
    return true;
}

bool RunStore::writeBatch(const std::vector<Item>& items, std::string* error) {
    if (!m_db->exec("BEGIN IMMEDIATE", error))
        return false;
    std::int64_t maxStep = m_committedStep;
    for (const Item& item : items) {
        if (!writeItem(item)) {
            *error = m_db->lastError();
            m_db->exec("ROLLBACK", nullptr);
            return false;
        }
        if (const auto* s = std::get_if<StepEvent>(&item))
            maxStep = std::max(maxStep, s->step);
        if (const auto* t = std::get_if<Truncate>(&item))
            maxStep = std::min(maxStep, t->step);
    }
    if (!m_db->exec("COMMIT", error)) {
        m_db->exec("ROLLBACK", nullptr);
        return false;
    }
    m_committedStep = maxStep;
    return true;
}

std::int64_t RunStore::layerId(const std::string& name, const std::string& kind) {
    const auto it = m_layerIds.find(name);
    if (it != m_layerIds.end())
        return it->second;
    Statements& s = *m_stmts;
    s.insertLayer.reset();
    s.insertLayer.bind(1, name);
    s.insertLayer.bind(2, kind);
    if (s.insertLayer.step() != SQLITE_DONE)
        return -1;
    s.selectLayer.reset();
    s.selectLayer.bind(1, name);
    if (s.selectLayer.step() != SQLITE_ROW)
        return -1;
    const std::int64_t id = s.selectLayer.columnInt64(0);
    m_layerIds[name] = id;
    return id;
}

bool RunStore::writeItem(const Item& item) {
    Statements& s = *m_stmts;
    if (const auto* e = std::get_if<StepEvent>(&item)) {
        SqliteStatement& q = s.insertStep;
        q.reset();
        q.bind(1, e->step);
        q.bind(2, e->epoch);
        q.bind(3, e->loss);
        q.bind(4, e->accuracy);
        q.bind(5, e->lr);
        q.bind(6, e->temperature);
        q.bind(7, e->hardPhase ? 1 : 0);
        q.bind(8, e->imagesPerSec);
        q.bind(9, e->elapsed);
        return q.step() == SQLITE_DONE;
    }
    if (const auto* e = std::get_if<SnapshotEvent>(&item)) {
        SqliteStatement& q = s.insertSnapshot;
        for (const LayerSnapshot& l : e->layers) {
            const bool isSlb = l.kind == LayerSnapshot::Kind::Slb;
            const std::int64_t id = layerId(l.layer, isSlb ? "slb" : "lsq");
            if (id < 0)
                return false;
            q.reset();
            q.bind(1, e->step);
            q.bind(2, e->epoch);
            q.bind(3, id);
            q.bind(4, std::string(isSlb ? "slb" : "lsq"));
            q.bind(5, validOr(isSlb, l.slb.temperature));
            q.bind(6, validOr(isSlb, l.slb.meanEntropy));
            q.bind(7, validOr(isSlb, l.slb.sharpShare));
            q.bind(8, validOr(isSlb, l.slb.gap));
            q.bind(9, validOr(!isSlb && l.lsqWeight.valid, l.lsqWeight.step));
            q.bind(10, validOr(!isSlb && l.lsqWeight.valid, l.lsqWeight.clippedShare));
            q.bind(11, validOr(l.activation.valid, l.activation.step));
            q.bind(12, validOr(l.activation.valid, l.activation.clippedShare));
            q.bindBlob(13, encodeLayerSnapshot(l));
            if (q.step() != SQLITE_DONE)
                return false;
        }
        return true;
    }
    if (const auto* e = std::get_if<EpochEvent>(&item)) {
        SqliteStatement& q = s.insertEpoch;
        q.reset();
        q.bind(1, e->epoch);
        q.bind(2, e->step);
        int i = 3;
        for (double v :
             {e->trainLoss, e->trainAccuracy, e->testLossSoft, e->testLossHard, e->testAccSoft,
              e->testAccHard, e->testTop5Soft, e->testTop5Hard, e->temperature, e->lr})
            q.bind(i++, v);
        q.bind(13, e->hardPhase ? 1 : 0);
        q.bind(14, e->seconds);
        q.bind(15, e->imagesPerSec);
        if (q.step() != SQLITE_DONE)
            return false;
        if (e->rankImagesPerSec.empty())
            return true;
        // A data-parallel run: each rank's own throughput over its last epoch.
        std::string list;
        for (double v : e->rankImagesPerSec)
            list += (list.empty() ? "" : ",") + std::to_string(v);
        SqliteStatement& m = s.upsertMeta;
        m.reset();
        m.bind(1, std::string("rank_images_per_s"));
        m.bind(2, "[" + list + "]");
        return m.step() == SQLITE_DONE;
    }
    if (const auto* e = std::get_if<LifecycleEvent>(&item)) {
        SqliteStatement& q = s.insertLifecycle;
        q.reset();
        q.bind(1, std::string(toString(e->status)));
        q.bind(2, e->step);
        q.bind(3, e->epoch);
        q.bind(4, e->message);
        q.bind(5, e->wallTime);
        return q.step() == SQLITE_DONE;
    }
    if (const auto* p = std::get_if<std::unique_ptr<RunStartedEvent>>(&item)) {
        const RunStartedEvent* e = p->get();
        for (const LayerInfo& l : e->layers)
            if (layerId(l.name, l.kind) < 0)
                return false;
        SqliteStatement& q = s.insertRunStart;
        q.reset();
        q.bind(1, e->startStep);
        q.bind(2, e->startEpoch);
        q.bind(3, wallClockNow());
        q.bind(4, runStartedToJson(*e));
        return q.step() == SQLITE_DONE;
    }
    if (const auto* t = std::get_if<Truncate>(&item)) {
        for (SqliteStatement* q : {&s.deleteSteps, &s.deleteEpochs, &s.deleteSnapshots}) {
            q->reset();
            q->bind(1, t->step);
            if (q->step() != SQLITE_DONE)
                return false;
        }
        s.insertTruncation.reset();
        s.insertTruncation.bind(1, t->step);
        s.insertTruncation.bind(2, wallClockNow());
        return s.insertTruncation.step() == SQLITE_DONE;
    }
    return false;
}

}  // namespace slb
