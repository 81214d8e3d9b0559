// The workbench given a run it cannot use (issue 9, "bad input"): RunFeed refuses a folder that
// is not a run, a run of a newer schema and a damaged run.sqlite (cut short, pages overwritten)
// with the file, what is wrong and the fix, keeps what it showed, and changes no byte of the
// file; a run on a read-only disk is replayed; the run browser lists a damaged or newer run with
// that status (and why, as its tooltip) instead of dropping it, and leaves out what is no run.

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "../record/badruns.h"
#include "runfeed.h"
#include "runlistmodel.h"
#include "runmodel.h"

using namespace slb;
namespace bad = slb::badruns;

namespace {

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

/** Makes dir a bad run of the kind `kind` (see the rows of feedRefusesBadRuns). */
bool makeBadRun(const QString& dir, const QString& kind) {
    const std::string db = (dir + "/run.sqlite").toStdString();
    if (kind == "empty" || kind == "text") {
        if (!QDir().mkpath(dir + "/photos"))
            return false;
        if (kind == "empty")
            return true;
        QFile f(dir + "/run.sqlite");
        return f.open(QIODevice::WriteOnly) && f.write("step,loss\n0,2.3\n") > 0;
    }
    if (!bad::makeStoppedRun(dir.toStdString()).empty())
        return false;
    const auto size = std::filesystem::file_size(db);
    if (kind == "newer")
        return bad::setUserVersion(db, 99);
    if (kind == "pages")
        return bad::corruptMiddlePages(db, 8);
    if (kind == "index")
        return bad::corruptIndexRoot(db, "sqlite_autoindex_steps_1");
    if (kind == "half")
        return bad::truncateTo(db, size / 2);
    return kind == "stopped";
}

}  // namespace

class TestBadRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void feedRefusesBadRuns_data();
    void feedRefusesBadRuns();
    void feedReplaysAReadOnlyRun();
    void browserListsDamagedAndNewerRuns();
};

void TestBadRuns::feedRefusesBadRuns_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("expected");  // @DIR@ and @DB@ replaced
    const QStringList damaged = {"@DB@", "is damaged (truncated or corrupt", "cannot be read",
                                 "restore the run folder from a copy"};
    QTest::newRow("a folder that is not a run")
        << "empty" << QStringList{"@DIR@", "not found", "pick a run folder"};
    QTest::newRow("run.sqlite not SQLite")
        << "text" << QStringList{"@DB@", "not an SQLite database", "pick a run folder"};
    QTest::newRow("newer schema") << "newer"
                                  << QStringList{"@DB@", "version 99", "newer SLB Workbench"};
    QTest::newRow("cut to half its size") << "half" << damaged;
    QTest::newRow("pages overwritten in the middle") << "pages" << damaged;
    // Rows all readable, an index not: only reading every page at open finds it.
    QTest::newRow("an index page overwritten") << "index" << damaged;
}

void TestBadRuns::feedRefusesBadRuns() {
    QFETCH(QString, kind);
    QFETCH(QStringList, expected);
    QTemporaryDir tmp;
    const QString good = tmp.filePath("good");
    QVERIFY(makeBadRun(good, "stopped"));
    RunModel model;
    RunFeed feed(&model);
    QString error;
    QVERIFY2(feed.open(good, &error), qPrintable(error));
    QCOMPARE(model.steps().size(), std::size_t(400));

    const QString dir = tmp.filePath("bad");
    QVERIFY(makeBadRun(dir, kind));
    const QByteArray before = fileBytes(dir + "/run.sqlite");
    QVERIFY(!feed.open(dir, &error));
    qInfo("%s", qPrintable(error));
    expected.replaceInStrings("@DIR@", dir).replaceInStrings("@DB@", dir + "/run.sqlite");
    for (const QString& part : expected)
        QVERIFY2(error.contains(part), qPrintable("'" + part + "' not in: " + error));
    QCOMPARE(fileBytes(dir + "/run.sqlite"), before);
    // What was shown stays, and the feed still reads the run it had.
    QCOMPARE(model.steps().size(), std::size_t(400));
    QCOMPARE(feed.runDir(), QDir(good).absolutePath());
}

void TestBadRuns::feedReplaysAReadOnlyRun() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("run");
    QVERIFY(makeBadRun(dir, "stopped"));
    bad::setTreeWritable(dir.toStdString(), false);
    bad::letOthersIn(dir.toStdString());
    const QByteArray before = fileBytes(dir + "/run.sqlite");
    const QStringList files = QDir(dir).entryList(QDir::Files);
    const int rc = bad::runUnprivileged([&] {
        RunModel model;
        RunFeed feed(&model);
        QString error;
        if (!feed.open(dir, &error)) {
            std::fprintf(stderr, "open: %s\n", qPrintable(error));
            return 1;
        }
        const bool ok = model.steps().size() == 400 && model.epochs().size() == 4 &&
                        model.snapshotSteps().size() == 40 && !feed.following() &&
                        feed.status() == RunStatus::Stopped;
        return ok ? 0 : 2;
    });
    bad::setTreeWritable(dir.toStdString(), true);
    if (rc == bad::kCannotDrop)
        QSKIP("cannot give up root here (no CAP_SETUID): a read-only folder cannot be simulated");
    QCOMPARE(rc, 0);
    QCOMPARE(fileBytes(dir + "/run.sqlite"), before);
    QCOMPARE(QDir(dir).entryList(QDir::Files), files);
}

void TestBadRuns::browserListsDamagedAndNewerRuns() {
    QTemporaryDir tmp;
    QVERIFY(makeBadRun(tmp.filePath("a-good"), "stopped"));
    QVERIFY(makeBadRun(tmp.filePath("b-damaged"), "half"));
    QVERIFY(makeBadRun(tmp.filePath("c-newer"), "newer"));
    QVERIFY(makeBadRun(tmp.filePath("d-photos"), "empty"));
    QVERIFY(makeBadRun(tmp.filePath("e-text"), "text"));
    const QString damagedDb = tmp.filePath("b-damaged/run.sqlite");
    const QByteArray before = fileBytes(damagedDb);

    RunListModel m;
    m.setFolder(tmp.path());
    QCOMPARE(m.rowCount(), 3);  // the folder of photos and the text file are no runs
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return m.data(m.index(row, column), role).toString();
    };
    QCOMPARE(cell(0, RunListModel::Name), QStringLiteral("a-good"));
    QCOMPARE(cell(0, RunListModel::Status), QStringLiteral("stopped"));
    QCOMPARE(cell(1, RunListModel::Name), QStringLiteral("b-damaged"));
    QCOMPARE(cell(1, RunListModel::Status), QStringLiteral("damaged"));
    QCOMPARE(cell(1, RunListModel::Model), QStringLiteral("–"));
    const QString why = cell(1, RunListModel::Status, Qt::ToolTipRole);
    QVERIFY2(why.contains(damagedDb) && why.contains("restore the run folder from a copy"),
             qPrintable(why));
    QCOMPARE(cell(2, RunListModel::Status), QStringLiteral("needs a newer version"));
    QVERIFY(cell(2, RunListModel::Status, Qt::ToolTipRole).contains("newer SLB Workbench"));
    // A good run can be ticked for the comparison; one that cannot be read has no box.
    QVERIFY(m.flags(m.index(0, RunListModel::Name)) & Qt::ItemIsUserCheckable);
    for (int row : {1, 2}) {
        QVERIFY(!(m.flags(m.index(row, RunListModel::Name)) & Qt::ItemIsUserCheckable));
        QVERIFY(!m.data(m.index(row, RunListModel::Name), Qt::CheckStateRole).isValid());
        m.setChecked(m.run(row).dir, true);
    }
    QVERIFY(m.checkedRuns().isEmpty());
    m.rescan();
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(fileBytes(damagedDb), before);
}

QTEST_MAIN(TestBadRuns)
#include "tst_badruns.moc"
