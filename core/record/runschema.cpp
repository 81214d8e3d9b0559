#include "record/runschema.h"

#include <chrono>
#include <cstdio>

#include <sqlite3.h>
#include <unistd.h>

#include "record/sqlitedb.h"

namespace slb {

namespace {

// AUTOINCREMENT ids never come back after a DELETE (truncateAfter): a follower's "id greater
// than the last one I saw" watermark therefore never skips a row nor sees one twice.
// REAL columns are nullable because SQLite stores a bound NaN as NULL.
constexpr const char* kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions(
    id INTEGER PRIMARY KEY AUTOINCREMENT, mode TEXT NOT NULL, opened_at REAL NOT NULL,
    pid INTEGER NOT NULL, host TEXT NOT NULL, version TEXT NOT NULL);
CREATE TABLE config(id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE run_starts(
    id INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL, epoch INTEGER NOT NULL,
    wall_time REAL NOT NULL, json TEXT NOT NULL);
CREATE TABLE layers(
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL);
CREATE TABLE steps(
    id INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL UNIQUE, epoch INTEGER NOT NULL,
    loss REAL, accuracy REAL, lr REAL, temperature REAL, hard_phase INTEGER NOT NULL,
    images_per_s REAL, elapsed REAL);
CREATE TABLE epochs(
    id INTEGER PRIMARY KEY AUTOINCREMENT, epoch INTEGER NOT NULL UNIQUE, step INTEGER NOT NULL,
    train_loss REAL, train_accuracy REAL, test_loss_soft REAL, test_loss_hard REAL,
    test_acc_soft REAL, test_acc_hard REAL, test_top5_soft REAL, test_top5_hard REAL,
    temperature REAL, lr REAL, hard_phase INTEGER NOT NULL, seconds REAL, images_per_s REAL);
CREATE INDEX epochs_by_step ON epochs(step);
CREATE TABLE snapshots(
    id INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL, epoch INTEGER NOT NULL,
    layer_id INTEGER NOT NULL REFERENCES layers(id), kind TEXT NOT NULL,
    slb_temperature REAL, mean_entropy REAL, sharp_share REAL, gap REAL,
    w_step REAL, w_clipped_share REAL, a_step REAL, a_clipped_share REAL,
    data BLOB NOT NULL, UNIQUE(layer_id, step));
CREATE INDEX snapshots_by_step ON snapshots(step);
CREATE TABLE lifecycle(
    id INTEGER PRIMARY KEY AUTOINCREMENT, status TEXT NOT NULL, step INTEGER NOT NULL,
    epoch INTEGER NOT NULL, message TEXT NOT NULL, wall_time REAL NOT NULL);
CREATE TABLE truncations(
    id INTEGER PRIMARY KEY AUTOINCREMENT, after_step INTEGER NOT NULL, wall_time REAL NOT NULL);
)sql";

std::string hex32(std::int64_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", unsigned(std::uint32_t(v)));
    return buf;
}

}  // namespace

bool createRunSchema(SqliteDb& db, std::string* error) {
    std::string err;
    const std::string sql = std::string("BEGIN;") + kSchemaSql +
                            "PRAGMA application_id = " + std::to_string(kRunApplicationId) +
                            ";PRAGMA user_version = " + std::to_string(kRunSchemaVersion) +
                            ";COMMIT;";
    if (!db.exec(sql, &err)) {
        db.exec("ROLLBACK", nullptr);
        if (error)
            *error = "cannot create the run tables: " + err;
        return false;
    }
    return true;
}

bool checkRunFile(SqliteDb& db, const std::string& path, std::string* error) {
    std::string err;
    // The first read of the header is where SQLite notices a file that is not a database.
    const auto appId = db.queryInt("PRAGMA application_id", &err);
    if (!appId) {
        if ((db.lastErrorCode() & 0xff) == SQLITE_NOTADB) {
            *error = "'" + path +
                     "' is not an SQLite database, so not a run of SLB Workbench; pick a run "
                     "folder that slb-train or the workbench wrote";
        } else {
            *error = "cannot read '" + path + "': " + err;
        }
        return false;
    }
    if (*appId != kRunApplicationId) {
        *error = "'" + path + "' is an SQLite database of another program (application id " +
                 hex32(*appId) + ", expected " + hex32(kRunApplicationId) + " of " +
                 kRunApplicationName + "); pick a run folder that slb-train or the workbench wrote";
        return false;
    }
    const auto version = db.queryInt("PRAGMA user_version", &err);
    if (!version) {
        *error = "cannot read the schema version of '" + path + "': " + err;
        return false;
    }
    if (*version > kRunSchemaVersion) {
        *error = "'" + path + "' has run schema version " + std::to_string(*version) +
                 ", newer than this build understands (" + std::to_string(kRunSchemaVersion) +
                 "); open it with a newer SLB Workbench";
        return false;
    }
    if (*version < 1) {
        *error = "'" + path +
                 "' carries our application id but no schema version; the file is "
                 "damaged or was not finished when its writer stopped";
        return false;
    }
    return true;
}

double wallClockNow() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string hostName() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0)
        return "unknown";
    return host;
}

}  // namespace slb
