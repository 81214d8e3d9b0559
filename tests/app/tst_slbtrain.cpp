// slb-train as a user runs it: one-line reasons for bad input, a summary file, run folders that
// are refused rather than damaged, kill -9 followed by resume, exports and eval.
#include <QtTest/QtTest>

#include <sqlite3.h>

#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "../record/tbeventreader.h"
#include "record/distributionsexport.h"
#include "record/runreader.h"
#include "slbtraintool.h"

using namespace slb;
using slbtest::Result;
using slbtest::runTool;

namespace {

QStringList quickArgs(const QString& out) {
    return {"--dataset", "synthetic", "--epochs", "1", "--batch-size", "64",
            "--threads", "2",         "--out",    out, "--quiet"};
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

}  // namespace

class TstSlbTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelp();
    void invalidInput_data();
    void invalidInput();
    void corruptDatasetFile();
    void summaryFile();
    void defaultRunFolder();
    void runFoldersAreNeverOverwritten();
    void foreignRunFolderIsRefused();
    void killedRunResumes();
    void exportsAndEval();
    void tensorBoardExport();
    void distributionsExport();
};

void TstSlbTrain::versionAndHelp() {
    const Result v = runTool({"--version"});
    QCOMPARE(v.code, 0);
    QVERIFY(v.out.startsWith("slb-train "));
    const Result h = runTool({"--help"});
    QCOMPARE(h.code, 0);
    for (const char* flag : {"--wbits", "--temp-schedule", "--init-from", "--summary", "resume",
                             "export", "--tensorboard", "--distributions"})
        QVERIFY2(h.out.contains(flag), flag);
}

void TstSlbTrain::invalidInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("bits 0") << QStringList{"--wbits", "0"} << 2 << "--wbits";
    QTest::newRow("slb 5 bits") << QStringList{"--wbits", "5"} << 2 << "--wbits";
    QTest::newRow("negative lr") << QStringList{"--lr", "-0.1"} << 2 << "--lr";
    QTest::newRow("unknown model") << QStringList{"--model", "alexnet"} << 2 << "alexnet";
    QTest::newRow("not a number") << QStringList{"--epochs", "many"} << 2 << "--epochs";
    QTest::newRow("unknown flag") << QStringList{"--colour", "red"} << 2 << "--colour";
    QTest::newRow("unknown command") << QStringList{"fly"} << 2 << "fly";
    QTest::newRow("missing config")
        << QStringList{"--config", "/nonexistent/run.json"} << 2 << "/nonexistent/run.json";
    QTest::newRow("missing dataset")
        << QStringList{"--data-dir", "/nonexistent/fmnist", "--out", "@TMP@"} << 1
        << "/nonexistent/fmnist";
}

void TstSlbTrain::invalidInput() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    args.replaceInStrings("@TMP@", dir.filePath("run"));
    const Result r = runTool(args);
    QCOMPARE(r.code, code);
    const QStringList lines = r.err.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty() && lines.front().contains(reason), qPrintable(r.err));
    QVERIFY2(lines.size() <= 2, qPrintable(r.err));  // the reason (and a pointer to --help)
}

void TstSlbTrain::corruptDatasetFile() {
    QTemporaryDir dir;
    // Real test files, and a training image file whose gzip stream is cut short.
    for (const char* f :
         {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz"})
        QVERIFY(QFile::copy(QString("/usr/share/datasets/fashion-mnist/") + f, dir.filePath(f)) ||
                !QFile::exists("/usr/share/datasets/fashion-mnist"));
    if (!QFile::exists("/usr/share/datasets/fashion-mnist"))
        QSKIP("dataset-fashion-mnist is not installed");
    const QByteArray full =
        fileBytes("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    QFile cut(dir.filePath("train-images-idx3-ubyte.gz"));
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(full.left(full.size() / 3));
    cut.close();
    const Result r = runTool({"--data-dir", dir.path(), "--out", dir.filePath("run"), "--quiet"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(dir.filePath("train-images-idx3-ubyte.gz")), qPrintable(r.err));
    QCOMPARE(r.err.count('\n'), 1);
}

void TstSlbTrain::summaryFile() {
    QTemporaryDir dir;
    const QString summary = dir.filePath("summary.json");
    const Result r = runTool(quickArgs(dir.filePath("run")) << "--summary" << summary);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(fileBytes(summary).toStdString());
    for (const char* key : {"test_acc_soft", "test_acc_hard", "train_loss", "images_per_s",
                            "epochs", "seconds", "status"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["status"].get<std::string>(), std::string("finished"));
    QCOMPARE(j["epochs"].get<int>(), 1);
    QVERIFY(j["test_acc_hard"].get<double>() > 0.1 && j["test_acc_hard"].get<double>() <= 1.0);
    QVERIFY(j["images_per_s"].get<double>() > 0);
}

void TstSlbTrain::defaultRunFolder() {
    // As in the README's first command: no --out, in a checkout that has no runs/ yet.
    QTemporaryDir cwd;
    const Result r =
        runTool({"--dataset", "synthetic", "--epochs", "1", "--quiet"}, 120000, cwd.path());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList runs =
        QDir(cwd.filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs.size(), 1);
    QVERIFY2(runs.front().endsWith("-cnn-slb-w2"), qPrintable(runs.front()));
    QVERIFY(QFile::exists(cwd.filePath("runs/" + runs.front() + "/run.sqlite")));
    QVERIFY(QFile::exists(cwd.filePath("runs/" + runs.front() + "/model.pt")));
}

void TstSlbTrain::runFoldersAreNeverOverwritten() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    QCOMPARE(runTool(quickArgs(run)).code, 0);
    const QByteArray before = fileBytes(run + "/run.sqlite");
    const Result again = runTool(quickArgs(run));
    QCOMPARE(again.code, 1);
    QVERIFY2(again.err.contains("already holds a run"), qPrintable(again.err));
    QCOMPARE(fileBytes(run + "/run.sqlite"), before);
    // A run folder that cannot be created: its parent is a regular file.
    QFile plain(dir.filePath("plain"));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const Result blocked = runTool(quickArgs(dir.filePath("plain/run")));
    QCOMPARE(blocked.code, 1);
    QVERIFY2(blocked.err.contains(dir.filePath("plain")), qPrintable(blocked.err));
    // A finished run is not resumed.
    const Result done = runTool({"resume", run});
    QCOMPARE(done.code, 1);
    QVERIFY(done.err.contains("finished"));
}

void TstSlbTrain::foreignRunFolderIsRefused() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("run"));
    const QString db = dir.filePath("run/run.sqlite");
    sqlite3* h = nullptr;
    QCOMPARE(sqlite3_open(db.toUtf8().constData(), &h), SQLITE_OK);
    QCOMPARE(sqlite3_exec(h, "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES('mine');",
                          nullptr, nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(h);
    const QByteArray before = fileBytes(db);
    for (const QStringList& args :
         {quickArgs(dir.filePath("run")), QStringList{"resume", dir.filePath("run")},
          QStringList{"inspect", dir.filePath("run")}}) {
        const Result r = runTool(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(db) || r.err.contains(dir.filePath("run")), qPrintable(r.err));
    }
    QCOMPARE(fileBytes(db), before);
}

void TstSlbTrain::killedRunResumes() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    const int epochs = 30;
    QProcess child;
    child.start(QStringLiteral(SLB_TRAIN_BINARY),
                {"--dataset", "synthetic", "--epochs", QString::number(epochs), "--batch-size",
                 "64", "--threads", "1", "--out", run, "--quiet"});
    QVERIFY(child.waitForStarted());
    // Wait for a checkpoint and for steps recorded after it, then kill -9.
    std::string error;
    std::int64_t lastStep = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        QFile::exists(run + "/checkpoints/last.pt") &&
            [&] {
                auto reader = RunReader::open(run.toStdString(), &error);
                if (!reader || reader->steps().empty())
                    return false;
                lastStep = reader->steps().back().step;
                return reader->epochs().size() >= 1 && lastStep % 32 > 5;
            }(),
        60000);
    // Meanwhile a second writer is refused, naming the process that holds the run.
    const Result second = runTool({"resume", run});
    QCOMPARE(second.code, 1);
    QVERIFY2(second.err.contains(QString::number(child.processId())), qPrintable(second.err));
    child.kill();  // SIGKILL
    QVERIFY(child.waitForFinished());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    std::int64_t stepsBeforeKill = 0;
    {
        auto reader = RunReader::open(run.toStdString(), &error);
        QVERIFY2(reader, error.c_str());
        QVERIFY(!reader->steps().empty());
        QCOMPARE(reader->status(), RunStatus::Started);
        stepsBeforeKill = reader->steps().back().step + 1;
    }
    const Result inspect = runTool({"inspect", run});
    QCOMPARE(inspect.code, 0);
    QVERIFY2(inspect.out.contains("interrupted"), qPrintable(inspect.out));

    const Result resumed = runTool({"resume", run, "--quiet"}, 300000);
    QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
    auto reader = RunReader::open(run.toStdString(), &error);
    QVERIFY2(reader, error.c_str());
    QCOMPARE(reader->status(), RunStatus::Finished);
    const auto& steps = reader->steps();
    QCOMPARE(int(steps.size()), epochs * 32);
    for (std::size_t i = 0; i < steps.size(); ++i)
        QCOMPARE(steps[i].step, std::int64_t(i));
    QCOMPARE(int(reader->epochs().size()), epochs);
    // The history says where the killed process left off, then that the run went on.
    const auto& lc = reader->lifecycle();
    QCOMPARE(int(lc.size()), 4);
    QCOMPARE(lc[0].status, RunStatus::Started);
    QCOMPARE(lc[1].status, RunStatus::Interrupted);
    QCOMPARE(lc[1].step, stepsBeforeKill);
    QVERIFY2(QString::fromStdString(lc[1].message)
                 .contains(QString("after step %1 ").arg(stepsBeforeKill)),
             lc[1].message.c_str());
    QCOMPARE(lc[2].status, RunStatus::Resumed);
    QVERIFY(lc[2].step <= stepsBeforeKill);  // from the checkpoint, at or before the kill
    QCOMPARE(lc[3].status, RunStatus::Finished);
}

void TstSlbTrain::exportsAndEval() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    QCOMPARE(runTool(quickArgs(run) << "--method"
                                    << "lsq"
                                    << "--abits"
                                    << "4")
                 .code,
             0);
    const Result e = runTool({"export", run, "--csv", "--json", "--model"});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    QVERIFY(QFile::exists(run + "/exports/metrics.csv"));
    QVERIFY(QFile::exists(run + "/exports/metrics.json"));
    QVERIFY(QFile::exists(run + "/exports/model/manifest.json"));
    QVERIFY(QFile::exists(run + "/exports/model/model.bin"));
    QVERIFY2(e.out.contains("against float32"), qPrintable(e.out));
    const Result ev = runTool({"eval", run + "/exports/model"});
    QVERIFY2(ev.code == 0, qPrintable(ev.err));
    QVERIFY2(ev.out.contains("identical"), qPrintable(ev.out));
    const Result missing = runTool({"eval", dir.filePath("nothing")});
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.err.contains("manifest.json"));
}

void TstSlbTrain::tensorBoardExport() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    QCOMPARE(runTool(quickArgs(run) << "--train-limit"
                                    << "1280"
                                    << "--test-limit"
                                    << "256"
                                    << "--snapshot-every"
                                    << "5")
                 .code,
             0);
    // Into a folder of the user's: the run folder gets nothing.
    const QString mine = dir.filePath("tb/run1");
    const Result e = runTool({"export", run, "--tensorboard", mine});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    QVERIFY2(e.out.contains("tensorboard: " + mine + "/events.out.tfevents."), qPrintable(e.out));
    QVERIFY(!QFileInfo::exists(run + "/exports/tensorboard"));
    const QStringList files = QDir(mine).entryList({"events.out.tfevents.*"}, QDir::Files);
    QCOMPARE(files.size(), 1);

    std::vector<std::string> records;
    std::string err;
    QVERIFY2(tbtest::readRecords(tbtest::readBytes((mine + "/" + files[0]).toStdString()), &records,
                                 &err),
             err.c_str());
    auto reader = RunReader::open(run.toStdString(), &err);
    QVERIFY2(reader, err.c_str());
    std::map<std::pair<std::string, std::int64_t>, float> scalars;
    std::map<std::string, int> histograms;
    for (std::size_t i = 0; i < records.size(); ++i) {
        tbtest::Event ev;
        QVERIFY2(tbtest::parseEvent(records[i], &ev), qPrintable(QString::number(i)));
        QCOMPARE(ev.fileVersion, std::string(i == 0 ? "brain.Event:2" : ""));
        for (const tbtest::Value& v : ev.values) {
            if (v.isScalar)
                scalars[{v.tag, ev.step}] = v.scalar;
            if (v.isHistogram && v.tag.rfind("layer/", 0) == 0) {
                ++histograms[v.tag];
                double sum = 0;
                for (double c : v.histogram.counts)
                    sum += c;
                const auto snap = reader->snapshot(v.tag.substr(6, v.tag.size() - 15), ev.step);
                QVERIFY2(snap, v.tag.c_str());
                QCOMPARE(sum, double(snap->numWeights));
            }
        }
    }
    QVERIFY(!reader->steps().empty());
    for (const StepEvent& s : reader->steps()) {
        QCOMPARE(scalars.at({"train/loss", s.step}), float(s.loss));
        QCOMPARE(scalars.at({"slb/T", s.step}), float(s.temperature));
    }
    const EpochEvent& last = reader->epochs().back();
    QCOMPARE(scalars.at({"test/accuracy_Wq", last.step}), float(last.testAccHard));
    QVERIFY(!reader->layerNames().empty());
    for (const std::string& layer : reader->layerNames())
        QCOMPARE(histograms["layer/" + layer + "/max_prob"], int(reader->snapshotSteps().size()));

    // By default into the run's exports; again: the file is replaced, not doubled.
    QCOMPARE(runTool({"export", run, "--tensorboard"}).code, 0);
    QCOMPARE(runTool({"export", run, "--tensorboard"}).code, 0);
    QCOMPARE(QDir(run + "/exports/tensorboard").entryList(QDir::Files | QDir::Hidden).size(), 1);

    // A folder that cannot be made (under a regular file, which stops root too) and a folder
    // that is no run: one line naming the path, exit 1.
    QFile blocker(dir.filePath("afile"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Result bad = runTool({"export", run, "--tensorboard", dir.filePath("afile/tb")});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains(dir.filePath("afile/tb")), qPrintable(bad.err));
    QCOMPARE(bad.err.count('\n'), 1);
    const Result none = runTool({"export", dir.filePath("nothing"), "--tensorboard"});
    QCOMPARE(none.code, 1);
    QVERIFY2(none.err.contains(dir.filePath("nothing")), qPrintable(none.err));
    QVERIFY(!QFileInfo::exists(dir.filePath("nothing")));
}

void TstSlbTrain::distributionsExport() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    QCOMPARE(runTool(quickArgs(run) << "--train-limit"
                                    << "640"
                                    << "--test-limit"
                                    << "128"
                                    << "--snapshot-every"
                                    << "4")
                 .code,
             0);
    const QString mine = dir.filePath("out/dist.csv");
    const Result e = runTool({"export", run, "--distributions", mine});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    QVERIFY2(e.out.contains("distributions: " + mine), qPrintable(e.out));
    QVERIFY(!QFileInfo::exists(run + "/exports/distributions.csv"));

    // Every row is a recorded value, re-read here through RunReader; nothing is missing.
    std::string err;
    auto reader = RunReader::open(run.toStdString(), &err);
    QVERIFY2(reader, err.c_str());
    std::map<std::tuple<std::string, std::int64_t, std::string, int>, float> recorded;
    QVERIFY2(reader->forEachSnapshot(
                 [&](const SnapshotEvent& s) {
                     for (const LayerSnapshot& l : s.layers) {
                         const auto add = [&](const char* kind, const std::vector<float>& v) {
                             for (std::size_t i = 0; i < v.size(); ++i)
                                 recorded[{l.layer, s.step, kind, int(i)}] = v[i];
                         };
                         add("max_prob", l.slb.maxProbHist);
                         add("mean_prob", l.slb.meanProb);
                         add("argmax_share", l.slb.argmaxShare);
                     }
                 },
                 &err),
             err.c_str());
    QVERIFY(!recorded.empty());
    const QStringList lines = QString::fromUtf8(fileBytes(mine)).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0), QString("layer,step,epoch,kind,bin,lower,upper,value"));
    QCOMPARE(qsizetype(recorded.size()), lines.size() - 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList c = lines[i].split(',');
        QCOMPARE(c.size(), 8);
        const auto it = recorded.find(
            {c[0].toStdString(), c[1].toLongLong(), c[3].toStdString(), c[4].toInt()});
        QVERIFY2(it != recorded.end(), qPrintable(lines[i]));
        QCOMPARE(c[7].toFloat(), it->second);
    }

    // By default into the run's exports; a folder that cannot be made: one line, exit 1.
    const Result d = runTool({"export", run, "--distributions"});
    QVERIFY2(d.code == 0, qPrintable(d.err));
    QCOMPARE(fileBytes(run + "/exports/distributions.csv"), fileBytes(mine));
    QFile blocker(dir.filePath("afile"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Result bad = runTool({"export", run, "--distributions", dir.filePath("afile/sub/d.csv")});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains(dir.filePath("afile/sub")), qPrintable(bad.err));
    QCOMPARE(bad.err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(TstSlbTrain)
#include "tst_slbtrain.moc"
