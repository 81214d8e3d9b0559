#pragma once
// The run file's identity and schema, shared by the writer (RunStore) and the reader
// (RunReader). Private to core/record. Bump kSchemaVersion with every change to the tables and
// teach RunReader to read the older versions it still meets.

#include <cstdint>
#include <string>

namespace slb {

class SqliteDb;
enum class RunFileProblem;  // runreader.h

/** PRAGMA application_id of every run file: "SLBW" in ASCII. */
constexpr std::int32_t kRunApplicationId = 0x534C4257;
/** Name written into meta.application and shown in messages. */
constexpr const char* kRunApplicationName = "slb-workbench";
/** PRAGMA user_version: the table layout this build writes and reads. */
constexpr int kRunSchemaVersion = 1;
/** The database's file name inside a run folder. */
constexpr const char* kRunDatabaseFile = "run.sqlite";
/** The writer's lock file inside a run folder. */
constexpr const char* kRunLockFile = "run.lock";

/** Creates every table of kRunSchemaVersion and stamps application_id and user_version. */
bool createRunSchema(SqliteDb& db, std::string* error);

/**
 * Checks that an opened database is a run file this build can read: SQLite at all, our
 * application id, a schema version not newer than ours, readable at all. *error names `path`
 * and the fix; *problem (when given) says which of these failed.
 */
bool checkRunFile(SqliteDb& db, const std::string& path, std::string* error,
                  RunFileProblem* problem = nullptr);

/**
 * True when an (extended) SQLite result code says that the file itself is damaged: corrupt,
 * shorter than its header says, or no database past its SQLite header.
 */
bool isDamagedFileCode(int code);

/**
 * "'path' is damaged (truncated or corrupt: why): consequence; restore the run folder from a
 * copy". consequence is e.g. "it cannot be read".
 */
std::string damagedFileMessage(const std::string& path, const std::string& why,
                               const std::string& consequence = "it cannot be read");

/**
 * The message for a failed read of path: the damaged-file message when `code` says the file is
 * damaged, "cannot read 'path': why" otherwise.
 */
std::string readFailureMessage(const std::string& path, int code, const std::string& why);

/**
 * Runs PRAGMA quick_check (reads every page); false and *error (the damaged-file message with
 * `consequence`) when the file is damaged or cannot be read.
 */
bool quickCheckRunFile(SqliteDb& db, const std::string& path, const std::string& consequence,
                       std::string* error);

/** Seconds since the Unix epoch, with sub-second resolution. */
double wallClockNow();

/** This machine's host name, "unknown" when the system does not say. */
std::string hostName();

}  // namespace slb
