// The distributions CSV holds exactly the recorded histograms: parsed back here and checked,
// row by row, against the snapshots the store was given (and the count against what RunReader
// reads back); a cancelled or impossible export leaves no file.
#include <QtTest/QtTest>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "record/distributionsexport.h"
#include "record/runreader.h"
#include "record/runstore.h"
#include "recordfixtures.h"

using namespace slb;
namespace fx = slb::fixtures;

namespace {

constexpr int kLayers = 4, kSteps = 250, kSnapEvery = 50;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Expected {
    int epoch = 0;
    double lower = 0, upper = 0;
    float value = 0;
};
// layer, step, kind, bin
using Key = std::tuple<std::string, std::int64_t, std::string, int>;

double parseDouble(const QString& text, bool* ok) {
    const std::string s = text.toStdString();
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    *ok = !s.empty() && *end == '\0';
    return v;
}

}  // namespace

class TstDistributionsExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void csvHoldsEveryRecordedHistogram();
    void cancelledExportLeavesNothing();
    void unwritableFolderFailsWithTheFolderAndTheFix();

private:
    QTemporaryDir m_tmp;
    std::string m_runDir;
    std::map<Key, Expected> m_expected;
};

void TstDistributionsExport::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_runDir = m_tmp.filePath("run").toStdString();
    std::string err;
    auto store = RunStore::create(m_runDir, RunConfig().toJson(), &err);
    QVERIFY2(store, err.c_str());
    store->onRunStarted(fx::runStarted(kLayers));
    store->onLifecycle({RunStatus::Started, 0, 0, "", 0});
    auto expect = [&](const std::string& layer, std::int64_t step, const std::string& kind, int bin,
                      int epoch, double lower, double upper, float v) {
        QVERIFY(m_expected.emplace(Key{layer, step, kind, bin}, Expected{epoch, lower, upper, v})
                    .second);
    };
    // Written independently of the exporter: edges from the snapshot's documented ranges.
    auto expectHist = [&](const std::string& layer, std::int64_t step, int epoch,
                          const std::string& kind, const std::vector<float>& shares, double low,
                          double high) {
        const int n = int(shares.size());
        for (int i = 0; i < n; ++i)
            expect(layer, step, kind, i, epoch, low + (high - low) * i / n,
                   low + (high - low) * (i + 1) / n, shares[std::size_t(i)]);
    };
    for (int i = 0; i < kSteps; ++i) {
        store->onStep(fx::step(i));
        if (i % 100 == 99)
            store->onEpoch(fx::epoch(i / 100));
        if (i % kSnapEvery != 0)
            continue;
        const SnapshotEvent s = fx::snapshot(i, kLayers);
        store->onSnapshot(s);
        for (const LayerSnapshot& l : s.layers) {
            if (l.kind == LayerSnapshot::Kind::Slb) {
                const double m = double(l.slb.values.size());
                expectHist(l.layer, i, s.epoch, "max_prob", l.slb.maxProbHist, 1.0 / m, 1.0);
                for (std::size_t k = 0; k < l.slb.values.size(); ++k) {
                    const double v = l.slb.values[k];
                    expect(l.layer, i, "mean_prob", int(k), s.epoch, v, v, l.slb.meanProb[k]);
                    expect(l.layer, i, "argmax_share", int(k), s.epoch, v, v, l.slb.argmaxShare[k]);
                }
            } else {
                expectHist(l.layer, i, s.epoch, "v_over_s_w", l.lsqWeight.hist, l.lsqWeight.histLow,
                           l.lsqWeight.histHigh);
            }
            if (l.activation.valid)
                expectHist(l.layer, i, s.epoch, "v_over_s_a", l.activation.hist,
                           l.activation.histLow, l.activation.histHigh);
        }
    }
    store->onLifecycle({RunStatus::Finished, kSteps - 1, 2, "", 0});
}

void TstDistributionsExport::csvHoldsEveryRecordedHistogram() {
    std::string err;
    auto reader = RunReader::open(m_runDir, &err);
    QVERIFY2(reader, err.c_str());
    std::vector<double> reported;
    QVERIFY2(exportDistributionsCsv(*reader, std::string(), &err,
                                    [&](double f) {
                                        reported.push_back(f);
                                        return true;
                                    }),
             err.c_str());
    QVERIFY(!reported.empty());
    QCOMPARE(reported.back(), 1.0);
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));

    const std::string path = m_runDir + "/exports/distributions.csv";
    QCOMPARE(path, defaultDistributionsPath(m_runDir));
    std::istringstream in(readFile(path));
    std::string line;
    QVERIFY(std::getline(in, line));
    QCOMPARE(line, std::string("layer,step,epoch,kind,bin,lower,upper,value"));

    // What the reader reads back: the rows the export must hold, one per (layer, step, kind, bin).
    std::size_t fromReader = 0;
    QVERIFY2(reader->forEachSnapshot(
                 [&](const SnapshotEvent& e) { fromReader += distributionRows(e).size(); }, &err),
             err.c_str());
    QCOMPARE(fromReader, m_expected.size());

    std::map<Key, int> seen;
    std::int64_t lastStep = -1;
    while (std::getline(in, line)) {
        const QStringList c = QString::fromStdString(line).split(',');
        QCOMPARE(c.size(), 8);
        const Key key{c[0].toStdString(), c[1].toLongLong(), c[3].toStdString(), c[4].toInt()};
        const auto it = m_expected.find(key);
        QVERIFY2(it != m_expected.end(), line.c_str());
        QVERIFY2(++seen[key] == 1, line.c_str());
        QVERIFY2(std::get<1>(key) >= lastStep, "rows not in step order");
        lastStep = std::get<1>(key);
        QCOMPARE(c[2].toInt(), it->second.epoch);
        bool ok = false;
        const double lower = parseDouble(c[5], &ok);
        QVERIFY2(ok, line.c_str());
        const double upper = parseDouble(c[6], &ok);
        QVERIFY2(ok, line.c_str());
        QVERIFY2(std::abs(lower - it->second.lower) < 1e-12 &&
                     std::abs(upper - it->second.upper) < 1e-12,
                 line.c_str());
        const std::string text = c[7].toStdString();
        char* end = nullptr;
        const float value = std::strtof(text.c_str(), &end);
        QVERIFY2(*end == '\0', line.c_str());
        QVERIFY2(fx::sameBits(value, it->second.value), line.c_str());
    }
    QCOMPARE(seen.size(), m_expected.size());
    // Every snapshot step is there, and only those.
    std::set<std::int64_t> steps;
    for (const auto& [key, n] : seen)
        steps.insert(std::get<1>(key));
    const auto recorded = reader->snapshotSteps();
    QCOMPARE(std::vector<std::int64_t>(steps.begin(), steps.end()), recorded);
}

void TstDistributionsExport::cancelledExportLeavesNothing() {
    std::string err;
    auto reader = RunReader::open(m_runDir, &err);
    QVERIFY2(reader, err.c_str());
    const QString dir = m_tmp.filePath("cancelled");
    const std::string path = (dir + "/distributions.csv").toStdString();
    int calls = 0;
    QVERIFY(!exportDistributionsCsv(*reader, path, &err, [&](double) { return ++calls < 2; }));
    QCOMPARE(calls, 2);  // asked no more once cancelled
    QVERIFY2(err.find("cancelled") != std::string::npos, err.c_str());
    QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList());

    // An older export survives a cancelled one.
    QVERIFY2(exportDistributionsCsv(*reader, path, &err), err.c_str());
    const std::string before = readFile(path);
    QVERIFY(!before.empty());
    QVERIFY(!exportDistributionsCsv(*reader, path, &err, [](double) { return false; }));
    QCOMPARE(readFile(path), before);
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList("distributions.csv"));
}

void TstDistributionsExport::unwritableFolderFailsWithTheFolderAndTheFix() {
    std::string err;
    auto reader = RunReader::open(m_runDir, &err);
    QVERIFY2(reader, err.c_str());
    // A folder under a regular file cannot be created, not even by root.
    const QString file = m_tmp.filePath("a-file");
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }
    const std::string folder = (file + "/sub").toStdString();
    QVERIFY(!exportDistributionsCsv(*reader, folder + "/distributions.csv", &err));
    QVERIFY2(err.find(folder) != std::string::npos, err.c_str());
    QVERIFY2(err.find("choose another folder") != std::string::npos, err.c_str());
    QCOMPARE(QFileInfo(file).size(), qint64(1));
}

QTEST_GUILESS_MAIN(TstDistributionsExport)
#include "tst_distributionsexport.moc"
