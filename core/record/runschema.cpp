#include "record/runschema.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <sqlite3.h>
#include <unistd.h>

#include "record/runreader.h"
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

/// True when the file begins with SQLite's magic string: a database, however damaged after it.
bool hasSqliteHeader(const std::string& path) {
    static constexpr char kMagic[] = "SQLite format 3";  // and its terminating NUL: 16 bytes
    char head[sizeof kMagic] = {};
    std::ifstream in(path, std::ios::binary);
    return in.read(head, sizeof head) && std::memcmp(head, kMagic, sizeof kMagic) == 0;
}

/// quick_check's report ("*** in database main ***\nPage 37: ...") as one line of its findings.
std::string oneLine(std::string text) {
    const std::string banner = "*** in database main ***";
    if (text.compare(0, banner.size(), banner) == 0)
        text.erase(0, banner.size());
    std::string out;
    for (const char c : text) {
        if (c == '\n' || c == '\r') {
            if (!out.empty() && out.back() != ' ')
                out += "; ";
        } else {
            out += c;
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ';'))
        out.pop_back();
    return out;
}

}  // namespace

bool isDamagedFileCode(int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || code == SQLITE_IOERR_SHORT_READ;
}

std::string damagedFileMessage(const std::string& path, const std::string& why,
                               const std::string& consequence) {
    return "'" + path + "' is damaged (truncated or corrupt: " + why + "): " + consequence +
           "; restore the run folder from a copy";
}

std::string readFailureMessage(const std::string& path, int code, const std::string& why) {
    if (isDamagedFileCode(code))
        return damagedFileMessage(path, why);
    return "cannot read '" + path + "': " + why;
}

bool quickCheckRunFile(SqliteDb& db, const std::string& path, const std::string& consequence,
                       std::string* error) {
    std::string err;
    SqliteStatement q = db.prepare("PRAGMA quick_check(1)", &err);
    const int rc = q.valid() ? q.step() : db.lastErrorCode();
    if (rc == SQLITE_ROW && q.columnText(0) == "ok")
        return true;
    if (rc == SQLITE_ROW)
        *error = damagedFileMessage(path, oneLine(q.columnText(0)), consequence);
    else if (isDamagedFileCode(db.lastErrorCode()))
        *error = damagedFileMessage(path, err.empty() ? db.lastError() : err, consequence);
    else
        *error = "cannot read '" + path + "': " + (err.empty() ? db.lastError() : err);
    return false;
}

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

bool checkRunFile(SqliteDb& db, const std::string& path, std::string* error,
                  RunFileProblem* problem) {
    RunFileProblem unused;
    if (!problem)
        problem = &unused;
    *problem = RunFileProblem::None;
    std::string err;
    // The first read of the header is where SQLite notices a file that is not a database, and
    // one shorter than its header says (SQLITE_CORRUPT before any row is read).
    const auto appId = db.queryInt("PRAGMA application_id", &err);
    if (!appId) {
        const int code = db.lastErrorCode();
        if ((code & 0xff) == SQLITE_NOTADB && !hasSqliteHeader(path)) {
            *problem = RunFileProblem::NotARun;
            *error = "'" + path +
                     "' is not an SQLite database, so not a run of SLB Workbench; pick a run "
                     "folder that slb-train or the workbench wrote";
        } else {
            *problem =
                isDamagedFileCode(code) ? RunFileProblem::Damaged : RunFileProblem::Unreadable;
            *error = readFailureMessage(path, code, err);
        }
        return false;
    }
    if (*appId != kRunApplicationId) {
        *problem = RunFileProblem::NotARun;
        *error = "'" + path + "' is an SQLite database of another program (application id " +
                 hex32(*appId) + ", expected " + hex32(kRunApplicationId) + " of " +
                 kRunApplicationName + "); pick a run folder that slb-train or the workbench wrote";
        return false;
    }
    const auto version = db.queryInt("PRAGMA user_version", &err);
    if (!version) {
        const int code = db.lastErrorCode();
        *problem = isDamagedFileCode(code) ? RunFileProblem::Damaged : RunFileProblem::Unreadable;
        *error = readFailureMessage(path, code, err);
        return false;
    }
    if (*version > kRunSchemaVersion) {
        *problem = RunFileProblem::Newer;
        *error = "'" + path + "' has run schema version " + std::to_string(*version) +
                 ", newer than this build understands (" + std::to_string(kRunSchemaVersion) +
                 "); open it with a newer SLB Workbench";
        return false;
    }
    if (*version < 1) {
        *problem = RunFileProblem::Damaged;
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
