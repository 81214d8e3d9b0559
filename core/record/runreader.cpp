#include "record/runreader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include <sqlite3.h>

#include "record/eventjson.h"
#include "record/runfolder.h"
#include "record/runschema.h"
#include "record/snapshotcodec.h"
#include "record/sqlitedb.h"

namespace slb {

namespace {

constexpr int kNumLayerSeries = 8;

/// The summary columns of a snapshot row, in the order of the snapshots table.
struct LayerPoint {
    std::int64_t step = 0;
    int epoch = 0;
    std::array<double, kNumLayerSeries> values{};  ///< NaN where the column is NULL
};

struct LayerCache {
    std::string name;
    std::string kind;
    std::vector<LayerPoint> points;  ///< sorted by step
};

/// Index into LayerPoint::values of each name of RunReader::layerSeriesNames().
constexpr std::array<int, kNumLayerSeries> kSeriesColumn = {1, 2, 3, 0, 4, 5, 6, 7};

/// Inserts item keeping v sorted by key; an item whose key is present replaces the old one
/// (the writer re-recorded it, e.g. after a resume without a cut).
template <class T, class Key>
void mergeSorted(std::vector<T>& v, T item, Key key) {
    const auto k = key(item);
    if (v.empty() || key(v.back()) < k) {
        v.push_back(std::move(item));
        return;
    }
    auto it = std::lower_bound(v.begin(), v.end(), k,
                               [&](const T& a, decltype(k) b) { return key(a) < b; });
    if (it != v.end() && key(*it) == k)
        *it = std::move(item);
    else
        v.insert(it, std::move(item));
}

/// A run folder or the path of its run.sqlite → the folder; *dbPath gets the database.
std::string runDirOf(const std::string& path, std::string* dbPath) {
    const std::string p = trimTrailingSlashes(path);
    if (isDirectory(p)) {
        *dbPath = p + "/" + kRunDatabaseFile;
        return p;
    }
    *dbPath = p;
    return parentFolder(p);
}

}  // namespace

struct RunReader::Impl {
    std::string runDir, dbPath, config;
    SqliteDb db;  // declared before the statements: they are finalised first
    SqliteStatement qLayers, qRunStarts, qSteps, qEpochs, qSnapshots, qSnapshotsFull, qLifecycle,
        qTruncations, qSnapshotAt, qAllSnapshots;

    // Watermarks: the greatest row id taken in, per table. AUTOINCREMENT ids only grow.
    std::int64_t wmLayers = 0, wmRunStarts = 0, wmSteps = 0, wmEpochs = 0, wmSnapshots = 0,
                 wmLifecycle = 0, wmTruncations = 0;

    std::vector<RunStartedEvent> runStarts;
    std::vector<StepEvent> steps;
    std::vector<EpochEvent> epochs;
    std::vector<LifecycleEvent> lifecycle;
    std::map<std::int64_t, LayerCache> layers;  ///< by layer id = the order of first listing
    std::string lastError;
    int lastErrorCode = 0;   ///< SQLite's code of the last failed read, 0 for other failures
    bool immutable = false;  ///< opened with immutable=1: the folder refuses SQLite's -shm

    /// Opens dbPath read-only, falling back to an immutable read in a read-only folder.
    bool openDatabase(std::string* error, RunFileProblem* problem);
    bool prepare(std::string* error);
    /// Reads rows newer than the watermarks in one read transaction, then takes them in.
    /// decode: also read and decode the full snapshots into out->snapshots.
    bool pollInto(RunPollResult* out, bool decode);
    const LayerCache* findLayer(const std::string& name, std::int64_t* id) const;
};

bool RunReader::Impl::openDatabase(std::string* error, RunFileProblem* problem) {
    std::string err;
    if (!db.open(dbPath, SQLITE_OPEN_READONLY, &err)) {
        *problem = RunFileProblem::Unreadable;
        *error = "cannot open '" + dbPath + "': " + err;
        return false;
    }
    // A follower may meet the writer's checkpoint; wait a little instead of failing.
    db.exec("PRAGMA busy_timeout=2000", nullptr);
    // The first read opens run.sqlite-wal and -shm beside the file, creating them when a writer
    // closed the run cleanly. Any failure but "cannot create them" is checkRunFile()'s to tell.
    if (db.queryInt("PRAGMA application_id", &err))
        return true;
    const int primary = db.lastErrorCode() & 0xff;
    if (primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN)
        return true;
    // A read-only disk, or a folder this user may not write: nobody can be writing the run
    // there, so read the file as it is, without the -shm SQLite cannot create. Rows a killed
    // writer left in run.sqlite-wal would be missed that way: refuse rather than hide them.
    const std::string wal = dbPath + "-wal";
    if (fileSize(wal) > 0) {
        *problem = RunFileProblem::Unreadable;
        *error = "'" + runDir + "' is on a read-only disk or not writable (" + err +
                 "), and the last rows of the run are in '" + wal +
                 "', which SQLite cannot read there: copy the run folder somewhere writable and "
                 "open the copy";
        return false;
    }
    if (!db.open(sqliteUri(dbPath, "immutable=1"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &err)) {
        *problem = RunFileProblem::Unreadable;
        *error = "cannot open '" + dbPath + "' in its read-only folder: " + err;
        return false;
    }
    immutable = true;
    return true;
}

bool RunReader::Impl::prepare(std::string* error) {
    qLayers = db.prepare("SELECT id, name, kind FROM layers WHERE id > ? ORDER BY id", error);
    qRunStarts = db.prepare("SELECT id, json FROM run_starts WHERE id > ? ORDER BY id", error);
    qSteps = db.prepare(
        "SELECT id, step, epoch, loss, accuracy, lr, temperature, hard_phase, images_per_s, "
        "elapsed FROM steps WHERE id > ? ORDER BY id",
        error);
    qEpochs = db.prepare(
        "SELECT id, epoch, step, train_loss, train_accuracy, test_loss_soft, test_loss_hard, "
        "test_acc_soft, test_acc_hard, test_top5_soft, test_top5_hard, temperature, lr, "
        "hard_phase, seconds, images_per_s FROM epochs WHERE id > ? ORDER BY id",
        error);
    const std::string snapCols =
        "SELECT id, step, epoch, layer_id, slb_temperature, mean_entropy, sharp_share, gap, "
        "w_step, w_clipped_share, a_step, a_clipped_share";
    qSnapshots = db.prepare(snapCols + " FROM snapshots WHERE id > ? ORDER BY id", error);
    qSnapshotsFull = db.prepare(snapCols + ", data FROM snapshots WHERE id > ? ORDER BY id", error);
    qLifecycle = db.prepare(
        "SELECT id, status, step, epoch, message, wall_time FROM lifecycle WHERE id > ? "
        "ORDER BY id",
        error);
    qTruncations =
        db.prepare("SELECT id, after_step FROM truncations WHERE id > ? ORDER BY id", error);
    // Bounded by the watermark: what snapshot() answers matches what the caches show.
    qSnapshotAt = db.prepare(
        "SELECT data FROM snapshots WHERE layer_id = ? AND step <= ? AND id <= ? "
        "ORDER BY step DESC LIMIT 1",
        error);
    qAllSnapshots = db.prepare(
        "SELECT step, epoch, data FROM snapshots WHERE id <= ? ORDER BY step, id", error);
    for (const SqliteStatement* s :
         {&qLayers, &qRunStarts, &qSteps, &qEpochs, &qSnapshots, &qSnapshotsFull, &qLifecycle,
          &qTruncations, &qSnapshotAt, &qAllSnapshots})
        if (!s->valid())
            return false;
    return true;
}

bool RunReader::Impl::pollInto(RunPollResult* out, bool decode) {
    struct NewLayer {
        std::int64_t id;
        std::string name, kind;
    };
    struct NewPoint {
        std::int64_t layerId;
        LayerPoint point;
    };
    std::vector<NewLayer> newLayers;
    std::vector<NewPoint> newPoints;
    std::vector<std::int64_t> cuts;
    std::int64_t wLayers = wmLayers, wRunStarts = wmRunStarts, wSteps = wmSteps, wEpochs = wmEpochs,
                 wSnapshots = wmSnapshots, wLifecycle = wmLifecycle, wTruncations = wmTruncations;
    RunPollResult r;
    std::string err;
    int errCode = 0;

    // Stage 1: read everything new in one read transaction (one consistent view of the file),
    // touching no cache, so that a failed poll leaves the reader as it was.
    auto fail = [&](const std::string& what) {
        db.exec("ROLLBACK", nullptr);
        out->error = readFailureMessage(dbPath, errCode, what);
        lastError = out->error;
        lastErrorCode = errCode;
        return false;
    };
    if (!db.exec("BEGIN", &err)) {
        errCode = db.lastErrorCode();
        return fail(err);
    }
    auto run = [&](SqliteStatement& q, std::int64_t watermark, auto&& row) {
        q.reset();
        q.bind(1, watermark);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            if (!row(q))
                return false;
        if (rc != SQLITE_DONE) {
            err = db.lastError();
            errCode = db.lastErrorCode();
        }
        q.reset();  // ends the statement's read so that COMMIT releases the snapshot
        return rc == SQLITE_DONE;
    };
    bool ok = run(qTruncations, wTruncations, [&](SqliteStatement& q) {
        wTruncations = q.columnInt64(0);
        cuts.push_back(q.columnInt64(1));
        return true;
    });
    ok = ok && run(qLayers, wLayers, [&](SqliteStatement& q) {
             wLayers = q.columnInt64(0);
             newLayers.push_back({wLayers, q.columnText(1), q.columnText(2)});
             return true;
         });
    ok = ok && run(qRunStarts, wRunStarts, [&](SqliteStatement& q) {
             wRunStarts = q.columnInt64(0);
             RunStartedEvent e;
             if (!runStartedFromJson(q.columnText(1), &e, &err))
                 return false;
             r.runStarts.push_back(std::move(e));
             return true;
         });
    ok = ok && run(qSteps, wSteps, [&](SqliteStatement& q) {
             wSteps = q.columnInt64(0);
             StepEvent e;
             e.step = q.columnInt64(1);
             e.epoch = int(q.columnInt64(2));
             e.loss = q.columnDouble(3);
             e.accuracy = q.columnDouble(4);
             e.lr = q.columnDouble(5);
             e.temperature = q.columnDouble(6);
             e.hardPhase = q.columnInt64(7) != 0;
             e.imagesPerSec = q.columnDouble(8);
             e.elapsed = q.columnDouble(9);
             r.steps.push_back(e);
             return true;
         });
    ok = ok && run(qEpochs, wEpochs, [&](SqliteStatement& q) {
             wEpochs = q.columnInt64(0);
             EpochEvent e;
             e.epoch = int(q.columnInt64(1));
             e.step = q.columnInt64(2);
             double* fields[] = {
                 &e.trainLoss,   &e.trainAccuracy, &e.testLossSoft, &e.testLossHard, &e.testAccSoft,
                 &e.testAccHard, &e.testTop5Soft,  &e.testTop5Hard, &e.temperature,  &e.lr};
             int col = 3;
             for (double* f : fields)
                 *f = q.columnDouble(col++);
             e.hardPhase = q.columnInt64(13) != 0;
             e.seconds = q.columnDouble(14);
             e.imagesPerSec = q.columnDouble(15);
             r.epochs.push_back(e);
             return true;
         });
    ok = ok && run(decode ? qSnapshotsFull : qSnapshots, wSnapshots, [&](SqliteStatement& q) {
             wSnapshots = q.columnInt64(0);
             NewPoint p{q.columnInt64(3), {}};
             p.point.step = q.columnInt64(1);
             p.point.epoch = int(q.columnInt64(2));
             for (int i = 0; i < kNumLayerSeries; ++i)
                 p.point.values[size_t(i)] = q.columnDouble(4 + i);
             newPoints.push_back(p);
             if (!decode)
                 return true;
             const std::vector<unsigned char> blob = q.columnBlob(12);
             LayerSnapshot s;
             std::string why;
             if (!decodeLayerSnapshot(blob.data(), blob.size(), &s, &why)) {
                 // One damaged row must not stop a follower for good: report it and go on.
                 lastError =
                     "snapshot row " + std::to_string(wSnapshots) + " of '" + dbPath + "': " + why;
                 return true;
             }
             if (r.snapshots.empty() || r.snapshots.back().step != p.point.step)
                 r.snapshots.push_back(SnapshotEvent{p.point.step, p.point.epoch, {}});
             r.snapshots.back().layers.push_back(std::move(s));
             return true;
         });
    ok = ok && run(qLifecycle, wLifecycle, [&](SqliteStatement& q) {
             wLifecycle = q.columnInt64(0);
             LifecycleEvent e;
             if (!parseRunStatus(q.columnText(1), &e.status)) {
                 err = "unknown lifecycle status '" + q.columnText(1) + "'";
                 return false;
             }
             e.step = q.columnInt64(2);
             e.epoch = int(q.columnInt64(3));
             e.message = q.columnText(4);
             e.wallTime = q.columnDouble(5);
             r.lifecycle.push_back(std::move(e));
             return true;
         });
    if (!ok)
        return fail(err);
    if (!db.exec("COMMIT", &err)) {
        errCode = db.lastErrorCode();
        return fail(err);
    }

    // Stage 2: take it in. Cuts first: rows read above were written after them.
    if (!cuts.empty()) {
        const std::int64_t cut = *std::min_element(cuts.begin(), cuts.end());
        r.truncatedAfter = cut;
        steps.erase(std::upper_bound(steps.begin(), steps.end(), cut,
                                     [](std::int64_t c, const StepEvent& e) { return c < e.step; }),
                    steps.end());
        epochs.erase(std::remove_if(epochs.begin(), epochs.end(),
                                    [&](const EpochEvent& e) { return e.step > cut; }),
                     epochs.end());
        for (auto& [id, layer] : layers) {
            auto& pts = layer.points;
            pts.erase(
                std::upper_bound(pts.begin(), pts.end(), cut,
                                 [](std::int64_t c, const LayerPoint& p) { return c < p.step; }),
                pts.end());
        }
    }
    for (NewLayer& l : newLayers)
        layers[l.id] = LayerCache{std::move(l.name), std::move(l.kind), {}};
    runStarts.insert(runStarts.end(), r.runStarts.begin(), r.runStarts.end());
    for (const StepEvent& e : r.steps)
        mergeSorted(steps, e, [](const StepEvent& s) { return s.step; });
    for (const EpochEvent& e : r.epochs)
        mergeSorted(epochs, e, [](const EpochEvent& s) { return s.epoch; });
    for (const NewPoint& p : newPoints) {
        const auto it = layers.find(p.layerId);
        if (it != layers.end())
            mergeSorted(it->second.points, p.point, [](const LayerPoint& x) { return x.step; });
    }
    lifecycle.insert(lifecycle.end(), r.lifecycle.begin(), r.lifecycle.end());
    wmLayers = wLayers;
    wmRunStarts = wRunStarts;
    wmSteps = wSteps;
    wmEpochs = wEpochs;
    wmSnapshots = wSnapshots;
    wmLifecycle = wLifecycle;
    wmTruncations = wTruncations;
    *out = std::move(r);
    return true;
}

const LayerCache* RunReader::Impl::findLayer(const std::string& name, std::int64_t* id) const {
    for (const auto& [lid, layer] : layers) {
        if (layer.name == name) {
            if (id)
                *id = lid;
            return &layer;
        }
    }
    return nullptr;
}

RunReader::RunReader(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

RunReader::~RunReader() = default;

std::unique_ptr<RunReader> RunReader::open(const std::string& path, std::string* error,
                                           RunFileProblem* problem) {
    RunFileProblem unused;
    if (!problem)
        problem = &unused;
    *problem = RunFileProblem::None;
    auto d = std::make_unique<Impl>();
    d->runDir = runDirOf(path, &d->dbPath);
    if (!pathExists(d->dbPath)) {
        *problem = RunFileProblem::NotARun;
        *error = "no run at '" + path + "' ('" + d->dbPath +
                 "' not found); pick a run folder that slb-train or the workbench wrote";
        return nullptr;
    }
    if (!d->openDatabase(error, problem) || !checkRunFile(d->db, d->dbPath, error, problem))
        return nullptr;
    auto failed = [&](int code, const std::string& why) {
        *problem = isDamagedFileCode(code) ? RunFileProblem::Damaged : RunFileProblem::Unreadable;
        *error = readFailureMessage(d->dbPath, code, why);
        return nullptr;
    };
    std::string err;
    if (!d->prepare(&err))
        return failed(d->db.lastErrorCode(), err);
    SqliteStatement q = d->db.prepare("SELECT json FROM config WHERE id = 1", &err);
    if (!q.valid())
        return failed(d->db.lastErrorCode(), err);
    if (const int rc = q.step(); rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            return failed(d->db.lastErrorCode(), d->db.lastError());
        // Also the instant between a new run's tables and its config: not listed as damaged.
        *problem = RunFileProblem::Unreadable;
        *error = damagedFileMessage(d->dbPath, "it holds no run config");
        return nullptr;
    }
    d->config = q.columnText(0);
    q = SqliteStatement();
    RunPollResult first;
    if (!d->pollInto(&first, false)) {
        *problem = isDamagedFileCode(d->lastErrorCode) ? RunFileProblem::Damaged
                                                       : RunFileProblem::Unreadable;
        *error = first.error;
        return nullptr;
    }
    return std::unique_ptr<RunReader>(new RunReader(std::move(d)));
}

bool RunReader::readOnlyFolder() const {
    return d->immutable;
}

bool RunReader::checkIntegrity(std::string* error) const {
    return quickCheckRunFile(d->db, d->dbPath, "it cannot be read", error);
}

const std::string& RunReader::runDir() const {
    return d->runDir;
}
const std::string& RunReader::databasePath() const {
    return d->dbPath;
}
const std::string& RunReader::configJson() const {
    return d->config;
}

std::optional<RunStartedEvent> RunReader::runInfo() const {
    if (d->runStarts.empty())
        return std::nullopt;
    return d->runStarts.back();
}

const std::vector<RunStartedEvent>& RunReader::runStarts() const {
    return d->runStarts;
}
const std::vector<LifecycleEvent>& RunReader::lifecycle() const {
    return d->lifecycle;
}
const std::vector<StepEvent>& RunReader::steps() const {
    return d->steps;
}
const std::vector<EpochEvent>& RunReader::epochs() const {
    return d->epochs;
}

RunStatus RunReader::status() const {
    for (auto it = d->lifecycle.rbegin(); it != d->lifecycle.rend(); ++it)
        if (isStateChange(it->status))
            return it->status;
    return RunStatus::Started;
}

std::vector<std::string> RunReader::layerNames() const {
    std::vector<std::string> names;
    for (const auto& [id, layer] : d->layers)
        names.push_back(layer.name);
    return names;
}

std::vector<std::int64_t> RunReader::snapshotSteps() const {
    std::vector<std::int64_t> s;
    for (const auto& [id, layer] : d->layers)
        for (const LayerPoint& p : layer.points)
            s.push_back(p.step);
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    return s;
}

std::optional<LayerSnapshot> RunReader::snapshot(const std::string& layer,
                                                 std::int64_t step) const {
    std::int64_t id = 0;
    if (!d->findLayer(layer, &id))
        return std::nullopt;
    SqliteStatement& q = d->qSnapshotAt;
    q.reset();
    q.bind(1, id);
    q.bind(2, step);
    q.bind(3, d->wmSnapshots);
    const int rc = q.step();
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            d->lastError = readFailureMessage(d->dbPath, d->db.lastErrorCode(), d->db.lastError());
        q.reset();
        return std::nullopt;
    }
    const std::vector<unsigned char> blob = q.columnBlob(0);
    q.reset();
    LayerSnapshot s;
    std::string why;
    if (!decodeLayerSnapshot(blob.data(), blob.size(), &s, &why)) {
        d->lastError = damagedFileMessage(d->dbPath, "the snapshot of layer " + layer + ": " + why);
        return std::nullopt;
    }
    return s;
}

const std::vector<std::string>& RunReader::layerSeriesNames() {
    static const std::vector<std::string> names = {
        "mean_entropy", "sharp_share",   "gap",      "temperature",
        "step",         "clipped_share", "act_step", "act_clipped_share"};
    return names;
}

std::vector<SeriesPoint> RunReader::layerSeries(const std::string& layer,
                                                const std::string& series) const {
    std::vector<SeriesPoint> out;
    const auto& names = layerSeriesNames();
    const auto it = std::find(names.begin(), names.end(), series);
    const LayerCache* cache = d->findLayer(layer, nullptr);
    if (it == names.end() || !cache)
        return out;
    const size_t col = size_t(kSeriesColumn[size_t(it - names.begin())]);
    for (const LayerPoint& p : cache->points)
        if (!std::isnan(p.values[col]))
            out.push_back({p.step, p.epoch, p.values[col]});
    return out;
}

bool RunReader::forEachSnapshot(const std::function<void(const SnapshotEvent&)>& fn,
                                std::string* error) const {
    SqliteStatement& q = d->qAllSnapshots;
    q.reset();
    q.bind(1, d->wmSnapshots);
    SnapshotEvent e;
    bool have = false;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const std::int64_t step = q.columnInt64(0);
        if (have && step != e.step) {
            fn(e);
            e.layers.clear();
        }
        e.step = step;
        e.epoch = int(q.columnInt64(1));
        have = true;
        const std::vector<unsigned char> blob = q.columnBlob(2);
        LayerSnapshot s;
        std::string why;
        if (!decodeLayerSnapshot(blob.data(), blob.size(), &s, &why)) {
            *error = damagedFileMessage(
                d->dbPath, "the snapshot at step " + std::to_string(step) + ": " + why);
            q.reset();
            return false;
        }
        e.layers.push_back(std::move(s));
    }
    if (rc != SQLITE_DONE) {
        *error = readFailureMessage(d->dbPath, d->db.lastErrorCode(), d->db.lastError());
        q.reset();
        return false;
    }
    q.reset();
    if (have)
        fn(e);
    return true;
}

RunPollResult RunReader::poll() {
    RunPollResult r;
    d->pollInto(&r, true);
    return r;
}

std::string RunReader::lastError() const {
    return d->lastError;
}

}  // namespace slb
