#pragma once
// A minimal RAII face over the SQLite C API for the run store. Private to core/record: the
// public headers (runstore.h, runreader.h) only forward-declare it, so that the GUI never sees
// sqlite3.h.

#include <cstdint>
#include <optional>
#include <string>

#include "record/sqlitestatement.h"

struct sqlite3;

namespace slb {

/** One SQLite connection. Not thread-safe: used by one thread at a time. */
class SqliteDb {
public:
    SqliteDb() = default;
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;
    ~SqliteDb();

    /** Opens path with sqlite3_open_v2 flags; false and *error set on failure. */
    bool open(const std::string& path, int flags, std::string* error);
    /** Closes the connection (idempotent); statements must be finalised first. */
    void close();
    /** The raw handle, for calls this wrapper does not cover. */
    sqlite3* handle() const { return m_db; }
    /** Runs one or more statements without results; false and *error set on failure. */
    bool exec(const std::string& sql, std::string* error);
    /** Prepares a statement; an invalid statement and *error set on failure. */
    SqliteStatement prepare(const std::string& sql, std::string* error);
    /** Runs a query that yields one integer (e.g. a PRAGMA); nullopt and *error on failure. */
    std::optional<std::int64_t> queryInt(const std::string& sql, std::string* error);
    /** The connection's last error, with the OS error (errno) when SQLite reports one. */
    std::string lastError() const;
    /** The extended result code of the last failed call. */
    int lastErrorCode() const;

private:
    sqlite3* m_db = nullptr;
};

}  // namespace slb
