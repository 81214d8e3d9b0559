// slb-train given a run folder it cannot use (issue 9, "bad input"): a folder that is not a run,
// a run of a newer schema, a damaged run.sqlite (cut short, pages overwritten), a run on a
// read-only disk. Each command says in one line which file, what is wrong and what to do, exits
// 1, and leaves every byte of the run as it was; a read-only run is still inspected.
#include <QtTest/QtTest>

#include <filesystem>

#include "../record/badruns.h"
#include "slbtraintool.h"

using namespace slb;
using slbtest::Result;
namespace bad = slb::badruns;

namespace {

/**
 * Runs slb-train; `unprivileged`: as a user (nobody where the tests run as root). That user may
 * not be let into the build tree (a clone under /root or in a 0700 temporary folder), so it runs
 * a copy of the binary, which links only system libraries, from a folder open to everyone.
 */
Result runTool(const QStringList& args, bool unprivileged = false) {
    QProcess p;
    QString program = QStringLiteral(SLB_TRAIN_BINARY);
    QTemporaryDir binDir;
    Result r;
    if (unprivileged) {
        const QString copy = binDir.filePath(QStringLiteral("slb-train"));
        if (!QFile::copy(program, copy)) {
            r.err = "could not copy " + program + " to " + copy;
            return r;
        }
        bad::letOthersIn(binDir.path().toStdString());
        program = copy;
        // Root writes through chmod: a read-only folder is one only for a user who is not root.
        p.setChildProcessModifier([] {
            if (!bad::dropPrivileges())
                ::_exit(bad::kCannotDrop);
        });
    }
    p.start(program, args);
    if (!p.waitForStarted(60000)) {
        r.err = program + " did not start: " + p.errorString();
        return r;
    }
    return slbtest::collect(p, 60000);
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

/**
 * Every file and folder under dir, with each file's size, sorted; without the -wal and -shm
 * that SQLite keeps beside a database it reads in a writable folder.
 */
QStringList listing(const QString& dir) {
    QStringList out;
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (it.fileName().endsWith("run.sqlite-wal") || it.fileName().endsWith("run.sqlite-shm"))
            continue;
        out << QStringLiteral("%1 %2")
                   .arg(it.filePath())
                   .arg(it.fileInfo().isDir() ? -1 : it.fileInfo().size());
    }
    out.sort();
    return out;
}

}  // namespace

class TstSlbTrainBadRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusedUntouched_data();
    void refusedUntouched();
    void readOnlyRunIsInspectedNotResumed();
};

void TstSlbTrainBadRuns::refusedUntouched_data() {
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QStringList>("expected");  // in the one line on stderr; @DIR@, @DB@ replaced
    const QStringList notARun = {"@DIR@", "not found", "pick a run folder"};
    const QStringList damaged = {"@DB@", "is damaged (truncated or corrupt",
                                 "restore the run folder from a copy"};
    QTest::newRow("empty folder") << "empty" << notARun;
    QTest::newRow("some other folder") << "other" << notARun;
    QTest::newRow("run.sqlite not SQLite")
        << "text" << QStringList{"@DB@", "not an SQLite database", "pick a run folder"};
    QTest::newRow("newer schema") << "newer"
                                  << QStringList{"@DB@", "version 99", "newer SLB Workbench"};
    QTest::newRow("cut to half its size") << "half" << damaged;
    QTest::newRow("cut to 1000 bytes") << "1000" << damaged;
    QTest::newRow("pages overwritten in the middle") << "pages" << damaged;
    QTest::newRow("an index page overwritten") << "index" << damaged;
}

void TstSlbTrainBadRuns::refusedUntouched() {
    QFETCH(QString, bad);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    const QString db = run + "/run.sqlite";
    const std::string dbPath = db.toStdString();
    if (bad == "empty" || bad == "other" || bad == "text")
        QVERIFY(QDir().mkpath(run + "/photos"));
    if (bad == "other" || bad == "text") {
        QFile f(bad == "other" ? run + "/notes.txt" : db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("step,loss\n0,2.3\n");
    } else if (bad != "empty") {
        const std::string made = bad::makeStoppedRun(run.toStdString());
        QVERIFY2(made.empty(), made.c_str());
        const auto size = std::filesystem::file_size(dbPath);
        if (bad == "newer")
            QVERIFY(bad::setUserVersion(dbPath, 99));
        else if (bad == "pages")
            QVERIFY(bad::corruptMiddlePages(dbPath, 8));
        else if (bad == "index")
            QVERIFY(bad::corruptIndexRoot(dbPath, "sqlite_autoindex_steps_1"));
        else
            QVERIFY(bad::truncateTo(dbPath, bad == "half" ? size / 2 : 1000));
    }
    const QByteArray before = fileBytes(db);
    const QStringList filesBefore = listing(run);
    expected.replaceInStrings("@DIR@", run).replaceInStrings("@DB@", db);
    for (const QStringList& args :
         {QStringList{"inspect", run}, QStringList{"export", run, "--csv"},
          QStringList{"resume", run}}) {
        const Result r = runTool(args);
        qInfo("%s: %s", qPrintable(args.front()), qPrintable(r.err.trimmed()));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.count('\n'), 1);
        for (const QString& part : expected)
            QVERIFY2(r.err.contains(part),
                     qPrintable(args.front() + ": '" + part + "' not in: " + r.err));
        QCOMPARE(fileBytes(db), before);
    }
    QCOMPARE(listing(run), filesBefore);  // nothing added or changed either
}

void TstSlbTrainBadRuns::readOnlyRunIsInspectedNotResumed() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    const std::string made = bad::makeStoppedRun(run.toStdString());
    QVERIFY2(made.empty(), made.c_str());
    bad::setTreeWritable(run.toStdString(), false);
    bad::letOthersIn(run.toStdString());
    const QByteArray before = fileBytes(run + "/run.sqlite");
    const QStringList filesBefore = listing(run);
    const Result inspect = runTool({"inspect", run}, true);
    const Result resume = runTool({"resume", run}, true);
    bad::setTreeWritable(run.toStdString(), true);
    if (inspect.code == bad::kCannotDrop)
        QSKIP("cannot give up root here (no CAP_SETUID): a read-only folder cannot be simulated");
    // Replayed as it is...
    QVERIFY2(inspect.code == 0, qPrintable(inspect.err));
    QVERIFY2(inspect.out.contains("stopped"), qPrintable(inspect.out));
    // ...but not continued there: the reason and the way out, in one line.
    qInfo("resume: %s", qPrintable(resume.err.trimmed()));
    QCOMPARE(resume.code, 1);
    QCOMPARE(resume.err.count('\n'), 1);
    for (const QString& part :
         {run, QStringLiteral("on a read-only disk or not writable"),
          QStringLiteral("copy the run folder somewhere writable and resume the copy")})
        QVERIFY2(resume.err.contains(part), qPrintable(resume.err));
    QCOMPARE(fileBytes(run + "/run.sqlite"), before);
    QCOMPARE(listing(run), filesBefore);
}

QTEST_GUILESS_MAIN(TstSlbTrainBadRuns)
#include "tst_slbtrainbadruns.moc"
