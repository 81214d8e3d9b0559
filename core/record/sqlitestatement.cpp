#include "record/sqlitestatement.h"

#include <limits>

#include <sqlite3.h>

namespace slb {

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_stmt = o.m_stmt;
        o.m_stmt = nullptr;
    }
    return *this;
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void SqliteStatement::bind(int i, double v) {
    sqlite3_bind_double(m_stmt, i, v);
}

void SqliteStatement::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
}

void SqliteStatement::bind(int i, const std::string& v) {
    sqlite3_bind_text(m_stmt, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindBlob(int i, const std::vector<unsigned char>& v) {
    // A zero-length blob still must not read as NULL: pass a valid pointer.
    static const unsigned char kEmpty = 0;
    sqlite3_bind_blob(m_stmt, i, v.empty() ? &kEmpty : v.data(), int(v.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindNull(int i) {
    sqlite3_bind_null(m_stmt, i);
}

void SqliteStatement::bind(int i, const std::optional<double>& v) {
    if (v)
        bind(i, *v);
    else
        bindNull(i);
}

int SqliteStatement::step() {
    return sqlite3_step(m_stmt);
}

bool SqliteStatement::isNull(int i) const {
    return sqlite3_column_type(m_stmt, i) == SQLITE_NULL;
}

double SqliteStatement::columnDouble(int i) const {
    if (isNull(i))
        return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(m_stmt, i);
}

std::int64_t SqliteStatement::columnInt64(int i) const {
    return sqlite3_column_int64(m_stmt, i);
}

std::string SqliteStatement::columnText(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, i));
    if (!p)
        return {};
    return std::string(p, size_t(sqlite3_column_bytes(m_stmt, i)));
}

std::vector<unsigned char> SqliteStatement::columnBlob(int i) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, i));
    const int n = sqlite3_column_bytes(m_stmt, i);
    if (!p || n <= 0)
        return {};
    return std::vector<unsigned char>(p, p + n);
}

}  // namespace slb
