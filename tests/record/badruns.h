#pragma once
// Bad run folders for the tests of issue 9 ("bad input"): a realistic run to damage, the ways to
// damage it (cut short, pages overwritten, a newer schema), a read-only folder, and a way to
// run code as an unprivileged user where the tests run as root (chmod does not stop root).
// Header-only; torch-free; POSIX.

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include <grp.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record/runstore.h"
#include "recordfixtures.h"

namespace slb::badruns {

namespace fs = std::filesystem;

/** The uid and gid of "nobody", which owns nothing the tests make. */
constexpr uid_t kNobody = 65534;

inline std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/**
 * Records a stopped run into dir (created): 4 layers, `steps` steps of 100 per epoch, a snapshot
 * every 10 steps; a few hundred KiB of pages, so that damage in its middle hits rows. Empty on
 * success, else the store's error. With `keep` the store is handed over open (its rows
 * committed, in the WAL) instead of closed.
 */
inline std::string makeStoppedRun(const std::string& dir, std::int64_t steps = 400,
                                  std::unique_ptr<RunStore>* keep = nullptr) {
    std::string error;
    auto store = RunStore::create(dir, RunConfig().toJson(), &error);
    if (!store)
        return error;
    store->onRunStarted(fixtures::runStarted(4));
    for (std::int64_t s = 0; s < steps; ++s) {
        store->onStep(fixtures::step(s, 100));
        if (s % 10 == 0)
            store->onSnapshot(fixtures::snapshot(s, 4, 8, 100));
        if ((s + 1) % 100 == 0)
            store->onEpoch(fixtures::epoch(int(s / 100), 100));
    }
    LifecycleEvent stopped;
    stopped.status = RunStatus::Stopped;
    stopped.step = steps - 1;
    store->onLifecycle(stopped);
    if (!store->flush())
        return store->lastError();
    if (keep)
        *keep = std::move(store);
    return {};
}

/** Cuts the file to `size` bytes. */
inline bool truncateTo(const std::string& path, std::uintmax_t size) {
    std::error_code ec;
    fs::resize_file(path, size, ec);
    return !ec;
}

/** Overwrites `pages` whole 4 KiB pages in the middle of the file with deterministic noise. */
inline bool corruptMiddlePages(const std::string& path, int pages, std::uint64_t seed = 9) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec || size < std::uintmax_t(8 * 4096))
        return false;
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff(size / 2 / 4096 * 4096));
    for (int i = 0; i < pages * 4096 / 8; ++i) {
        const std::uint64_t v = fixtures::mix(seed * 1000003 + std::uint64_t(i));
        f.write(reinterpret_cast<const char*>(&v), sizeof v);
    }
    return bool(f);
}

/**
 * Overwrites the root page of the index `index` with noise: damage that only a read of every
 * page finds, since RunReader reads its tables by row id and never through that index.
 */
inline bool corruptIndexRoot(const std::string& path, const std::string& index) {
    sqlite3* db = nullptr;
    sqlite3_stmt* q = nullptr;
    std::int64_t root = 0, pageSize = 0;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                           "FROM sqlite_master WHERE name = ?",
                           -1, &q, nullptr) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, index.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) == SQLITE_ROW) {
            root = sqlite3_column_int64(q, 0);
            pageSize = sqlite3_column_int64(q, 1);
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (root < 2 || pageSize < 512)
        return false;
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff((root - 1) * pageSize));
    for (std::int64_t i = 0; i < pageSize / 8; ++i) {
        const std::uint64_t v = fixtures::mix(std::uint64_t(root) * 7919 + std::uint64_t(i));
        f.write(reinterpret_cast<const char*>(&v), sizeof v);
    }
    return bool(f);
}

/** Sets PRAGMA user_version (a schema newer than this build's when > kRunSchemaVersion). */
inline bool setUserVersion(const std::string& path, int version) {
    sqlite3* db = nullptr;
    const std::string sql = "PRAGMA user_version = " + std::to_string(version);
    const bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
                    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/** Adds (writable) or removes (read-only) every write permission in the tree under path. */
inline void setTreeWritable(const std::string& path, bool writable) {
    const auto w = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    const auto opts = writable ? fs::perm_options::add : fs::perm_options::remove;
    std::error_code ec;
    fs::permissions(path, writable ? fs::perms::owner_write : w, opts, ec);
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
        fs::permissions(e.path(), writable ? fs::perms::owner_write : w, opts, ec);
}

/** Lets other users reach path (o+rx on it and every folder above it that lacks it). */
inline void letOthersIn(const std::string& path) {
    for (fs::path p = fs::absolute(path); !p.empty() && p != p.root_path(); p = p.parent_path()) {
        std::error_code ec;
        fs::permissions(p, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add,
                        ec);
    }
}

/** Drops root to nobody (groups too); true when this process is no longer privileged. */
inline bool dropPrivileges() {
    if (::geteuid() != 0)
        return true;
    return ::setgroups(0, nullptr) == 0 && ::setgid(kNobody) == 0 && ::setuid(kNobody) == 0 &&
           ::geteuid() == kNobody;
}

/** What runUnprivileged() returns when the child could not give up root. */
constexpr int kCannotDrop = 77;

/**
 * Runs fn in a forked child and returns its result (-1 when the child died); fn reports on
 * stderr, and SIGALRM ends a child that takes more than 30 s. With `unprivileged` the child is
 * not root (it becomes nobody where the tests run as root), so that a folder without write
 * permission refuses writes as it does for a user; kCannotDrop when root could not be given up.
 */
inline int runInChild(const std::function<int()>& fn, bool unprivileged = false) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::alarm(30);
        ::_exit(!unprivileged || dropPrivileges() ? fn() : kCannotDrop);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/** runInChild(fn, true). */
inline int runUnprivileged(const std::function<int()>& fn) {
    return runInChild(fn, true);
}

}  // namespace slb::badruns
