#include "record/sqlitedb.h"

#include <cstring>

#include <sqlite3.h>

namespace slb {

SqliteDb::~SqliteDb() {
    close();
}

bool SqliteDb::open(const std::string& path, int flags, std::string* error) {
    close();
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = m_db ? lastError() : sqlite3_errstr(rc);
        close();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    return true;
}

void SqliteDb::close() {
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

bool SqliteDb::exec(const std::string& sql, std::string* error) {
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    if (error)
        *error = lastError();
    return false;
}

SqliteStatement SqliteDb::prepare(const std::string& sql, std::string* error) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), int(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        if (error)
            *error = lastError();
        sqlite3_finalize(stmt);
        return {};
    }
    return SqliteStatement(stmt);
}

std::optional<std::int64_t> SqliteDb::queryInt(const std::string& sql, std::string* error) {
    SqliteStatement s = prepare(sql, error);
    if (!s.valid())
        return std::nullopt;
    const int rc = s.step();
    if (rc == SQLITE_ROW)
        return s.columnInt64(0);
    if (rc == SQLITE_DONE) {
        if (error)
            *error = "no result from: " + sql;
    } else if (error) {
        *error = lastError();
    }
    return std::nullopt;
}

std::string SqliteDb::lastError() const {
    if (!m_db)
        return "no database connection";
    std::string msg = sqlite3_errmsg(m_db);
    // SQLite's "disk I/O error" says nothing about why; the OS error does (ENOSPC, EFBIG...).
    const int sys = sqlite3_system_errno(m_db);
    const int primary = sqlite3_errcode(m_db) & 0xff;  // extended codes are on
    if (sys != 0 &&
        (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN))
        msg += std::string(" (") + std::strerror(sys) + ")";
    return msg;
}

int SqliteDb::lastErrorCode() const {
    return m_db ? sqlite3_extended_errcode(m_db) : SQLITE_MISUSE;
}

}  // namespace slb
