#pragma once
// A prepared SQLite statement with RAII. Private to core/record (see sqlitedb.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3_stmt;

namespace slb {

/**
 * One prepared statement. Not thread-safe: it belongs to the thread that uses its connection.
 * Bind indices are 1-based, column indices 0-based, as in SQLite.
 */
class SqliteStatement {
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3_stmt* stmt) : m_stmt(stmt) {}
    SqliteStatement(SqliteStatement&& o) noexcept : m_stmt(o.m_stmt) { o.m_stmt = nullptr; }
    SqliteStatement& operator=(SqliteStatement&& o) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    /** True when the statement was prepared. */
    bool valid() const { return m_stmt != nullptr; }
    /** Resets to run again and clears the bindings. */
    void reset();
    /** Binds a double; NaN is stored as NULL by SQLite and read back as NaN by columnDouble. */
    void bind(int i, double v);
    /** Binds a 64-bit integer. */
    void bind(int i, std::int64_t v);
    /** Binds an int. */
    void bind(int i, int v) { bind(i, std::int64_t(v)); }
    /** Binds text (copied by SQLite). */
    void bind(int i, const std::string& v);
    /** Binds a blob (copied by SQLite). */
    void bindBlob(int i, const std::vector<unsigned char>& v);
    /** Binds NULL. */
    void bindNull(int i);
    /** Binds v or NULL. */
    void bind(int i, const std::optional<double>& v);
    /** Runs one step: SQLITE_ROW, SQLITE_DONE or an error code. */
    int step();

    /** True when column i is NULL in the current row. */
    bool isNull(int i) const;
    /** Column i as double; NULL reads as NaN (SQLite's storage of NaN). */
    double columnDouble(int i) const;
    /** Column i as 64-bit integer. */
    std::int64_t columnInt64(int i) const;
    /** Column i as text; NULL reads as "". */
    std::string columnText(int i) const;
    /** Column i as blob bytes. */
    std::vector<unsigned char> columnBlob(int i) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace slb
