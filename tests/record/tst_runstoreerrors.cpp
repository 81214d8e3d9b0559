// Bad run folders and files: each gets a refusal whose message names the path and the way out,
// and nothing already on disk is changed by a refused writer or reader: damaged (truncated or
// corrupt) run files, and runs on a read-only disk, which replay but are not resumed.
#include <QtTest/QtTest>

#include <fstream>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "badruns.h"
#include "record/runreader.h"
#include "record/runstore.h"

using namespace slb;
namespace bad = slb::badruns;

namespace {

enum class Setup {
    MissingParent,
    ParentIsFile,
    PathIsFile,
    ReadOnlyParent,
    ReadOnlyRunFolder,
    ConfigNotJson,
    AlreadyHoldsRun,
    NoRun,
    NotSqlite,
    ForeignSqlite,
    SqliteWithoutAppId,
    NewerSchema,
};

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool sqliteExec(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
              sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/// chmod does not stop root (CAP_DAC_OVERRIDE): probe whether the folder really refuses writes.
bool refusesWrites(const std::string& dir) {
    const std::string probe = dir + "/.probe";
    std::ofstream f(probe);
    if (!f.is_open())
        return true;
    f.close();
    ::unlink(probe.c_str());
    return false;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

Q_DECLARE_METATYPE(Setup)

class TstRunStoreErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createRefused_data();
    void createRefused();
    void openRefused_data();
    void openRefused();
    void secondWriterRefused();
    void staleLockFileDoesNotBlock();
    void damagedRunIsRefusedUntouched_data();
    void damagedRunIsRefusedUntouched();
    void readOnlyRunReplaysButIsNotResumed_data();
    void readOnlyRunReplaysButIsNotResumed();

private:
    QTemporaryDir m_tmp;
};

void TstRunStoreErrors::createRefused_data() {
    QTest::addColumn<Setup>("setup");
    QTest::addColumn<QString>("runDir");  // relative to the temporary folder
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("missing parent") << Setup::MissingParent << "missing/run"
                                    << QStringList{"missing", "does not exist", "--out"};
    QTest::newRow("parent is a file")
        << Setup::ParentIsFile << "file/run" << QStringList{"file/run", "is not a folder", "--out"};
    QTest::newRow("path is a file")
        << Setup::PathIsFile << "plain" << QStringList{"plain", "not a folder", "--out"};
    QTest::newRow("read-only parent") << Setup::ReadOnlyParent << "ro/run"
                                      << QStringList{"ro/run", "Permission denied", "writable"};
    QTest::newRow("read-only run folder")
        << Setup::ReadOnlyRunFolder << "rorun"
        << QStringList{"rorun", "cannot write", "Permission denied", "writable"};
    QTest::newRow("config not JSON")
        << Setup::ConfigNotJson << "badconfig" << QStringList{"badconfig", "not valid JSON"};
    QTest::newRow("already holds a run")
        << Setup::AlreadyHoldsRun << "existing"
        << QStringList{"existing", "already holds a run", "resume", "--out"};
}

void TstRunStoreErrors::createRefused() {
    QFETCH(Setup, setup);
    QFETCH(QString, runDir);
    QFETCH(QStringList, expected);
    QVERIFY(m_tmp.isValid());
    const std::string base = m_tmp.path().toStdString() + "/" + QTest::currentDataTag();
    QVERIFY(QDir().mkpath(QString::fromStdString(base)));
    const std::string dir = base + "/" + runDir.toStdString();
    std::string config = "{\"model\":\"cnn\"}";
    std::string before;
    switch (setup) {
        case Setup::ParentIsFile:
            writeFile(base + "/file", "not a folder");
            break;
        case Setup::PathIsFile:
            writeFile(dir, "not a folder");
            break;
        case Setup::ReadOnlyParent:
        case Setup::ReadOnlyRunFolder: {
            const std::string ro = setup == Setup::ReadOnlyParent ? base + "/ro" : dir;
            QCOMPARE(::mkdir(ro.c_str(), 0555), 0);
            if (!refusesWrites(ro))
                QSKIP(
                    "running with CAP_DAC_OVERRIDE (root): chmod does not stop writes; the "
                    "'parent is a file' row covers an unusable parent");
            break;
        }
        case Setup::ConfigNotJson:
            config = "{\"model\": ";
            break;
        case Setup::AlreadyHoldsRun: {
            std::string err;
            auto first = RunStore::create(dir, config, &err);
            QVERIFY2(first, err.c_str());
            first->onStep(StepEvent{});
            first.reset();
            before = readFile(dir + "/run.sqlite");
            break;
        }
        default:
            break;
    }
    std::string err;
    auto store = RunStore::create(dir, config, &err);
    QVERIFY(!store);
    qInfo("%s", err.c_str());  // the message a user would read, for review in the test log
    for (const QString& part : expected)
        QVERIFY2(contains(err, part.toStdString()),
                 qPrintable(QString("'%1' not in: %2").arg(part, err.c_str())));
    if (setup == Setup::AlreadyHoldsRun)
        QVERIFY2(readFile(dir + "/run.sqlite") == before, "a refused create touched the run");
}

void TstRunStoreErrors::openRefused_data() {
    QTest::addColumn<Setup>("setup");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("no run") << Setup::NoRun << QStringList{"no run", "not found"};
    QTest::newRow("not SQLite") << Setup::NotSqlite
                                << QStringList{"run.sqlite", "is not an SQLite database"};
    QTest::newRow("foreign SQLite")
        << Setup::ForeignSqlite
        << QStringList{"run.sqlite", "another program", "0x0000002a", "slb-workbench"};
    QTest::newRow("SQLite without application id")
        << Setup::SqliteWithoutAppId << QStringList{"run.sqlite", "another program", "0x00000000"};
    QTest::newRow("newer schema") << Setup::NewerSchema
                                  << QStringList{"run.sqlite", "version 99", "newer SLB Workbench"};
}

void TstRunStoreErrors::openRefused() {
    QFETCH(Setup, setup);
    QFETCH(QStringList, expected);
    QVERIFY(m_tmp.isValid());
    const std::string dir = m_tmp.path().toStdString() + "/open-" + QTest::currentDataTag();
    QVERIFY(QDir().mkpath(QString::fromStdString(dir)));
    const std::string db = dir + "/run.sqlite";
    switch (setup) {
        case Setup::NotSqlite:
            writeFile(db, std::string("step,loss\n0,2.3\n") + std::string(200, 'x'));
            break;
        case Setup::ForeignSqlite:
            QVERIFY(sqliteExec(db,
                               "PRAGMA application_id = 42; CREATE TABLE t(x); "
                               "INSERT INTO t VALUES(1);"));
            break;
        case Setup::SqliteWithoutAppId:
            QVERIFY(sqliteExec(db, "CREATE TABLE steps(x); PRAGMA user_version = 1;"));
            break;
        case Setup::NewerSchema: {
            std::string err;
            QVERIFY2(RunStore::create(dir, "{}", &err), err.c_str());
            QVERIFY(sqliteExec(db, "PRAGMA user_version = 99;"));
            break;
        }
        default:
            break;
    }
    const std::string before = readFile(db);
    for (const char* who : {"RunStore::open", "RunReader::open"}) {
        std::string err;
        const bool opened = std::string(who) == "RunStore::open" ? bool(RunStore::open(dir, &err))
                                                                 : bool(RunReader::open(dir, &err));
        QVERIFY2(!opened, who);
        qInfo("%s: %s", who, err.c_str());
        for (const QString& part : expected)
            QVERIFY2(contains(err, part.toStdString()),
                     qPrintable(QString("%1: '%2' not in: %3").arg(who, part, err.c_str())));
        QVERIFY2(readFile(db) == before, "a refused open changed the file");
    }
}

void TstRunStoreErrors::secondWriterRefused() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = tmp.filePath("run").toStdString();
    std::string err;
    auto first = RunStore::create(dir, "{}", &err);
    QVERIFY2(first, err.c_str());
    const std::string pid = "pid " + std::to_string(::getpid());
    for (int attempt = 0; attempt < 2; ++attempt) {
        err.clear();
        auto second = attempt == 0 ? RunStore::open(dir, &err) : RunStore::create(dir, "{}", &err);
        QVERIFY(!second);
        QVERIFY2(contains(err, dir) && contains(err, "being written by another process") &&
                     contains(err, pid),
                 err.c_str());
    }
    // A reader is welcome while the writer holds the lock.
    QVERIFY2(RunReader::open(dir, &err), err.c_str());
    first.reset();
    auto again = RunStore::open(dir, &err);
    QVERIFY2(again, err.c_str());
}

void TstRunStoreErrors::staleLockFileDoesNotBlock() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = tmp.filePath("run").toStdString();
    QVERIFY(QDir().mkpath(QString::fromStdString(dir)));
    // What a killed writer leaves: the file with its pid, but no flock (the kernel dropped it).
    writeFile(dir + "/run.lock", "pid 999999 on ghost\n");
    std::string err;
    auto store = RunStore::create(dir, "{}", &err);
    QVERIFY2(store, err.c_str());
    QVERIFY(contains(readFile(dir + "/run.lock"), "pid " + std::to_string(::getpid())));
}

void TstRunStoreErrors::damagedRunIsRefusedUntouched_data() {
    QTest::addColumn<int>("cutTo");  // bytes kept; 0: the whole file, with pages overwritten
    QTest::newRow("cut to half its size") << -2;
    QTest::newRow("cut to 1000 bytes") << 1000;
    QTest::newRow("pages overwritten in the middle") << 0;
    QTest::newRow("an index page overwritten") << -1;
}

void TstRunStoreErrors::damagedRunIsRefusedUntouched() {
    QFETCH(int, cutTo);  // -2: to half its size; -1: the root page of an index overwritten
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = tmp.filePath("run").toStdString();
    const std::string db = dir + "/run.sqlite";
    const std::string made = bad::makeStoppedRun(dir);
    QVERIFY2(made.empty(), made.c_str());
    const auto size = std::filesystem::file_size(db);
    QVERIFY(size > 200 * 1024);
    if (cutTo == 0)
        QVERIFY(bad::corruptMiddlePages(db, 8));
    else if (cutTo == -1)
        QVERIFY(bad::corruptIndexRoot(db, "sqlite_autoindex_steps_1"));
    else
        QVERIFY(bad::truncateTo(db, cutTo < 0 ? size / 2 : std::uintmax_t(cutTo)));
    const std::string before = bad::readBytes(db);

    // The reader refuses at open, or, where SQLite meets the damage only on reading the pages,
    // when it reads them: never a crash, never a run that looks whole.
    std::string err;
    auto reader = RunReader::open(dir, &err);
    if (reader)
        QVERIFY2(!reader->checkIntegrity(&err), "a damaged file passed the integrity check");
    reader.reset();
    qInfo("RunReader: %s", err.c_str());
    for (const std::string& part :
         {db, std::string("is damaged (truncated or corrupt"), std::string("cannot be read"),
          std::string("restore the run folder from a copy")})
        QVERIFY2(contains(err, part),
                 qPrintable(QString("'%1' not in: %2")
                                .arg(QString::fromStdString(part), QString::fromStdString(err))));
    // Resume: the writer checks every page before it writes a byte.
    err.clear();
    QVERIFY(!RunStore::open(dir, &err));
    qInfo("RunStore::open: %s", err.c_str());
    QVERIFY2(contains(err, db) && contains(err, "is damaged") && contains(err, "restore"),
             err.c_str());
    QVERIFY2(bad::readBytes(db) == before, "a refused open changed the damaged file");
}

void TstRunStoreErrors::readOnlyRunReplaysButIsNotResumed_data() {
    QTest::addColumn<bool>("killed");
    QTest::newRow("closed cleanly") << false;
    QTest::newRow("writer killed, rows left in the WAL") << true;
}

void TstRunStoreErrors::readOnlyRunReplaysButIsNotResumed() {
    QFETCH(bool, killed);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string dir = tmp.filePath("run").toStdString();
    const std::string db = dir + "/run.sqlite";
    if (killed) {
        // A writer that dies without closing: no checkpoint, the last rows stay in -wal. The
        // child _exit()s with `open` still open: its destructor never runs.
        std::unique_ptr<RunStore> open;
        const int rc = bad::runInChild([&] {
            const std::string made = bad::makeStoppedRun(dir, 150, &open);
            if (!made.empty())
                std::fprintf(stderr, "%s\n", made.c_str());
            return made.empty() ? 0 : 1;
        });
        QCOMPARE(rc, 0);
        QVERIFY(std::filesystem::file_size(db + "-wal") > 0);
    } else {
        const std::string made = bad::makeStoppedRun(dir, 150);
        QVERIFY2(made.empty(), made.c_str());
    }
    bad::setTreeWritable(dir, false);
    bad::letOthersIn(dir);
    const auto filesBefore = QDir(tmp.filePath("run")).entryList(QDir::Files).size();
    const std::string before = bad::readBytes(db);
    const int rc = bad::runUnprivileged([&] {
        std::string err;
        auto reader = RunReader::open(dir, &err);
        if (!reader || reader->steps().size() != 150 || reader->status() != RunStatus::Stopped ||
            !reader->snapshot(fixtures::layerName(0), 149) || !reader->checkIntegrity(&err)) {
            std::fprintf(stderr, "replay: %s\n", err.c_str());
            return 1;
        }
        if (reader->readOnlyFolder() == killed) {  // the WAL is read through SQLite's -shm
            std::fprintf(stderr, "readOnlyFolder() is %d\n", int(reader->readOnlyFolder()));
            return 2;
        }
        reader.reset();
        err.clear();
        if (RunStore::open(dir, &err) || !contains(err, dir) ||
            !contains(err, "on a read-only disk or not writable") ||
            !contains(err, "copy the run folder somewhere writable and resume the copy")) {
            std::fprintf(stderr, "resume: %s\n", err.c_str());
            return 3;
        }
        std::fprintf(stderr, "RunStore::open: %s\n", err.c_str());
        return 0;
    });
    bad::setTreeWritable(dir, true);
    if (rc == bad::kCannotDrop)
        QSKIP("cannot give up root here (no CAP_SETUID): a read-only folder cannot be simulated");
    QCOMPARE(rc, 0);
    QVERIFY2(bad::readBytes(db) == before, "reading a read-only run changed it");
    QCOMPARE(QDir(tmp.filePath("run")).entryList(QDir::Files).size(), filesBefore);
}

QTEST_GUILESS_MAIN(TstRunStoreErrors)
#include "tst_runstoreerrors.moc"
