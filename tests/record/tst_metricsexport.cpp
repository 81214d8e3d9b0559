// Metric exports (CSV and JSON, long format, snapshots as JSON) hold exactly the recorded
// values: parsed back here and checked against the events written, not against the reader.
#include <QtTest/QtTest>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>

#include "record/metricsexport.h"
#include "record/runreader.h"
#include "record/runstore.h"
#include "recordfixtures.h"

using namespace slb;
namespace fx = slb::fixtures;

namespace {

constexpr int kLayers = 4, kSteps = 250, kSnapEvery = 50;

struct Expected {
    int epoch = 0;
    double value = 0;
};
using Key = std::pair<std::string, std::int64_t>;  // series, step

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

float f(const QJsonValue& v) {
    return float(v.toDouble());
}

std::vector<float> floats(const QJsonValue& v) {
    std::vector<float> out;
    for (const QJsonValue& x : v.toArray())
        out.push_back(f(x));
    return out;
}

LsqSnapshot lsqFromJson(const QJsonObject& o) {
    LsqSnapshot q;
    q.bits = o["bits"].toInt();
    q.isSigned = o["signed"].toBool();
    q.step = o["step"].toDouble();
    q.qn = o["qn"].toDouble();
    q.qp = o["qp"].toDouble();
    q.clippedShare = o["clipped_share"].toDouble();
    q.hist = floats(o["hist"]);
    q.histLow = o["hist_low"].toDouble();
    q.histHigh = o["hist_high"].toDouble();
    q.valid = o["valid"].toBool();
    return q;
}

LayerSnapshot snapshotFromJson(const QJsonObject& o) {
    LayerSnapshot s;
    s.layer = o["layer"].toString().toStdString();
    s.kind = o["kind"].toString() == "slb" ? LayerSnapshot::Kind::Slb : LayerSnapshot::Kind::Lsq;
    s.step = o["step"].toInteger();
    s.numWeights = o["num_weights"].toInteger();
    const QJsonObject b = o["slb"].toObject();
    s.slb.bits = b["bits"].toInt();
    s.slb.temperature = b["temperature"].toDouble();
    s.slb.values = floats(b["values"]);
    s.slb.meanProb = floats(b["mean_prob"]);
    s.slb.argmaxShare = floats(b["argmax_share"]);
    s.slb.maxProbHist = floats(b["max_prob_hist"]);
    s.slb.meanEntropy = b["mean_entropy"].toDouble();
    s.slb.sharpShare = b["sharp_share"].toDouble();
    s.slb.gap = b["gap"].toDouble();
    for (const QJsonValue& x : b["tracked_index"].toArray())
        s.slb.trackedIndex.push_back(x.toInteger());
    s.slb.trackedProbs = floats(b["tracked_probs"]);
    s.lsqWeight = lsqFromJson(o["lsq_weight"].toObject());
    s.activation = lsqFromJson(o["activation"].toObject());
    return s;
}

}  // namespace

class TstMetricsExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void csvHoldsExactlyTheRecordedValues();
    void jsonHoldsExactlyTheRecordedValues();
    void failedExportLeavesNothingBehind();

private:
    void checkRow(const Key& key, int epoch, double value, bool jsonNull);
    void checkSnapshots(const QJsonArray& snapshots);

    QTemporaryDir m_tmp;
    std::string m_runDir;
    std::map<Key, Expected> m_expected;
    std::map<Key, int> m_seen;
};

void TstMetricsExport::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_runDir = m_tmp.filePath("run").toStdString();
    std::string err;
    auto store = RunStore::create(m_runDir, RunConfig().toJson(), &err);
    QVERIFY2(store, err.c_str());
    store->onRunStarted(fx::runStarted(kLayers));
    store->onLifecycle({RunStatus::Started, 0, 0, "", 0});
    auto expect = [&](const std::string& series, std::int64_t step, int epoch, double v) {
        QVERIFY(m_expected.emplace(Key{series, step}, Expected{epoch, v}).second);
    };
    for (int i = 0; i < kSteps; ++i) {
        StepEvent e = fx::step(i);
        if (i == 17)
            e.loss = std::numeric_limits<double>::infinity();
        if (i == 18)
            e.loss = std::numeric_limits<double>::quiet_NaN();
        store->onStep(e);
        expect("train/loss", i, e.epoch, e.loss);
        expect("train/accuracy", i, e.epoch, e.accuracy);
        expect("lr", i, e.epoch, e.lr);
        expect("temperature", i, e.epoch, e.temperature);
        expect("hard_phase", i, e.epoch, e.hardPhase ? 1 : 0);
        expect("images_per_s", i, e.epoch, e.imagesPerSec);
        expect("elapsed", i, e.epoch, e.elapsed);
        if (i % 100 == 99) {
            const EpochEvent p = fx::epoch(i / 100);
            store->onEpoch(p);
            expect("epoch/train_loss", p.step, p.epoch, p.trainLoss);
            expect("epoch/train_accuracy", p.step, p.epoch, p.trainAccuracy);
            expect("test/loss_soft", p.step, p.epoch, p.testLossSoft);
            expect("test/loss_hard", p.step, p.epoch, p.testLossHard);
            expect("test/acc_soft", p.step, p.epoch, p.testAccSoft);
            expect("test/acc_hard", p.step, p.epoch, p.testAccHard);
            expect("test/top5_soft", p.step, p.epoch, p.testTop5Soft);
            expect("test/top5_hard", p.step, p.epoch, p.testTop5Hard);
            expect("epoch/temperature", p.step, p.epoch, p.temperature);
            expect("epoch/lr", p.step, p.epoch, p.lr);
            expect("epoch/hard_phase", p.step, p.epoch, p.hardPhase ? 1 : 0);
            expect("epoch/seconds", p.step, p.epoch, p.seconds);
            expect("epoch/images_per_s", p.step, p.epoch, p.imagesPerSec);
        }
        if (i % kSnapEvery == 0) {
            const SnapshotEvent s = fx::snapshot(i, kLayers);
            store->onSnapshot(s);
            for (const LayerSnapshot& l : s.layers) {
                const std::string p = "layer/" + l.layer + "/";
                if (l.kind == LayerSnapshot::Kind::Slb) {
                    expect(p + "mean_entropy", i, s.epoch, l.slb.meanEntropy);
                    expect(p + "sharp_share", i, s.epoch, l.slb.sharpShare);
                    expect(p + "gap", i, s.epoch, l.slb.gap);
                    expect(p + "temperature", i, s.epoch, l.slb.temperature);
                } else {
                    expect(p + "step", i, s.epoch, l.lsqWeight.step);
                    expect(p + "clipped_share", i, s.epoch, l.lsqWeight.clippedShare);
                }
                if (l.activation.valid) {
                    expect(p + "act_step", i, s.epoch, l.activation.step);
                    expect(p + "act_clipped_share", i, s.epoch, l.activation.clippedShare);
                }
            }
        }
    }
    store->onLifecycle({RunStatus::Stopped, kSteps - 1, 2, "stopped by the user", 0});
}

void TstMetricsExport::checkRow(const Key& key, int epoch, double value, bool jsonNull) {
    const auto it = m_expected.find(key);
    QVERIFY2(it != m_expected.end(),
             qPrintable(QString("unexpected row %1 @%2").arg(key.first.c_str()).arg(key.second)));
    QVERIFY2(++m_seen[key] == 1,
             qPrintable(QString("row %1 @%2 twice").arg(key.first.c_str()).arg(key.second)));
    QCOMPARE(epoch, it->second.epoch);
    if (jsonNull) {
        QVERIFY2(!std::isfinite(it->second.value), "null for a finite value");
    } else {
        QVERIFY2(fx::same(value, it->second.value),
                 qPrintable(QString("%1 @%2: %3 != %4")
                                .arg(key.first.c_str())
                                .arg(key.second)
                                .arg(value, 0, 'g', 17)
                                .arg(it->second.value, 0, 'g', 17)));
    }
}

void TstMetricsExport::checkSnapshots(const QJsonArray& snapshots) {
    QCOMPARE(snapshots.size(), kSteps / kSnapEvery);
    for (int k = 0; k < snapshots.size(); ++k) {
        const QJsonObject e = snapshots[k].toObject();
        const std::int64_t step = e["step"].toInteger();
        QCOMPARE(step, std::int64_t(k * kSnapEvery));
        QCOMPARE(e["epoch"].toInt(), int(step / 100));
        const QJsonArray layers = e["layers"].toArray();
        QCOMPARE(layers.size(), kLayers);
        for (int i = 0; i < kLayers; ++i) {
            const std::string d = fx::diffSnapshot(snapshotFromJson(layers[i].toObject()),
                                                   fx::layerSnapshot(i, step));
            QVERIFY2(d.empty(),
                     qPrintable(QString("step %1 layer %2: %3").arg(step).arg(i).arg(d.c_str())));
        }
    }
}

void TstMetricsExport::csvHoldsExactlyTheRecordedValues() {
    std::string err;
    auto reader = RunReader::open(m_runDir, &err);
    QVERIFY2(reader, err.c_str());
    const std::string csv = m_runDir + "/exports/metrics.csv";
    QVERIFY2(exportCsv(*reader, csv, &err), err.c_str());

    m_seen.clear();
    std::istringstream in(readFile(csv));
    std::string line;
    QVERIFY(std::getline(in, line));
    QCOMPARE(line, std::string("step,epoch,series,value"));
    std::int64_t lastStep = -1;
    while (std::getline(in, line)) {
        const QStringList cols = QString::fromStdString(line).split(',');
        QCOMPARE(cols.size(), 4);
        const std::int64_t step = cols[0].toLongLong();
        QVERIFY2(step >= lastStep, "rows not sorted by step");
        lastStep = step;
        char* end = nullptr;
        const std::string text = cols[3].toStdString();
        const double value = std::strtod(text.c_str(), &end);
        QVERIFY2(*end == '\0', text.c_str());
        checkRow({cols[2].toStdString(), step}, cols[1].toInt(), value, false);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(m_seen.size(), m_expected.size());

    const QJsonDocument snaps = QJsonDocument::fromJson(
        QByteArray::fromStdString(readFile(m_runDir + "/exports/snapshots.json")));
    QVERIFY(snaps.isObject());
    QCOMPARE(snaps["format"].toString(), QString("slb-workbench-snapshots"));
    checkSnapshots(snaps["snapshots"].toArray());
}

void TstMetricsExport::jsonHoldsExactlyTheRecordedValues() {
    std::string err;
    auto reader = RunReader::open(m_runDir, &err);
    QVERIFY2(reader, err.c_str());
    const std::string path = m_runDir + "/exports/metrics.json";
    QVERIFY2(exportJson(*reader, path, &err), err.c_str());
    QJsonParseError perr;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(readFile(path)), &perr);
    QVERIFY2(doc.isObject(), qPrintable(perr.errorString()));

    QCOMPARE(doc["config"].toObject(),
             QJsonDocument::fromJson(QByteArray::fromStdString(RunConfig().toJson())).object());
    QCOMPARE(doc["status"].toString(), QString("stopped"));
    const QJsonArray life = doc["lifecycle"].toArray();
    QCOMPARE(life.size(), 2);
    QCOMPARE(life[1].toObject()["message"].toString(), QString("stopped by the user"));
    QCOMPARE(doc["run_starts"].toArray()[0].toObject()["model"].toString(), QString("resnet20"));

    m_seen.clear();
    for (const QJsonValue& v : doc["metrics"].toArray()) {
        const QJsonObject r = v.toObject();
        checkRow({r["series"].toString().toStdString(), r["step"].toInteger()}, r["epoch"].toInt(),
                 r["value"].toDouble(), r["value"].isNull());
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(m_seen.size(), m_expected.size());
    checkSnapshots(doc["snapshots"].toArray());
}

void TstMetricsExport::failedExportLeavesNothingBehind() {
    std::string err;
    auto reader = RunReader::open(m_runDir, &err);
    QVERIFY2(reader, err.c_str());
    const std::string missing = m_tmp.filePath("missing/metrics.csv").toStdString();
    QVERIFY(!exportCsv(*reader, missing, &err));
    QVERIFY2(err.find(missing) != std::string::npos, err.c_str());

    // The target is a folder: the rename fails, the temporary file goes, the folder stays.
    const QString target = m_tmp.filePath("taken.json");
    QVERIFY(QDir().mkpath(target));
    QVERIFY(!exportJson(*reader, target.toStdString(), &err));
    QVERIFY2(err.find(target.toStdString()) != std::string::npos, err.c_str());
    QVERIFY(QFileInfo(target).isDir());
    const QStringList left = QDir(m_tmp.path()).entryList({"taken.json.tmp*"});
    QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
}

QTEST_GUILESS_MAIN(TstMetricsExport)
#include "tst_metricsexport.moc"
