// The CIFAR-10 binary reader and loadDataset("cifar10") on generated batch files.
#include <QtTest/QtTest>

#include <torch/torch.h>

#include "data/dataerror.h"
#include "data/dataset.h"
#include "data/readers.h"
#include "datafiles.h"

using namespace slb;
using namespace slbtest;

class TstCifar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void planarLayout();
    void filesConcatenateAndLimit();
    void badFiles_data();
    void badFiles();
    void loadDatasetFindsSubfolder_data();
    void loadDatasetFindsSubfolder();
    void loadDatasetMissingBatch();

private:
    QTemporaryDir m_dir;
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }
};

namespace {
/** Writes data_batch_1..5.bin (records each) and test_batch.bin (testRecords) into dir. */
bool writeCifarFolder(const QString& dir, int records, int testRecords) {
    bool ok = QDir().mkpath(dir);
    for (int b = 1; b <= 5; ++b)
        ok = ok && writeRaw(QDir(dir).filePath(QString("data_batch_%1.bin").arg(b)).toStdString(),
                            cifarBatch(records, (b - 1) * records));
    return ok && writeRaw(QDir(dir).filePath("test_batch.bin").toStdString(),
                          cifarBatch(testRecords, 1000));
}
}  // namespace

void TstCifar::planarLayout() {
    const std::string file = path("planar.bin");
    QVERIFY(writeRaw(file, cifarBatch(3)));
    const ImageSet set = readCifar10({file});
    QCOMPARE(set.images.sizes().vec(), (std::vector<std::int64_t>{3, 3, 32, 32}));
    QCOMPARE(set.images.scalar_type(), torch::kUInt8);
    for (int r = 0; r < 3; ++r) {
        QCOMPARE(set.labels[r].item<std::int64_t>(), std::int64_t(labelOf(r)));
        // [C, H, W] = R, G, B planes, row-major: value (r*31 + c*7 + y*3 + x) % 256.
        for (int c : {0, 1, 2})
            for (int y : {0, 5, 31})
                for (int x : {0, 1, 31})
                    QCOMPARE(set.images[r][c][y][x].item<int>(),
                             (r * 31 + c * 7 + y * 3 + x) % 256);
    }
}

void TstCifar::filesConcatenateAndLimit() {
    const std::string a = path("a.bin"), b = path("b.bin");
    QVERIFY(writeRaw(a, cifarBatch(4, 0)));
    QVERIFY(writeRaw(b, cifarBatch(6, 4)));
    const ImageSet all = readCifar10({a, b});
    QCOMPARE(all.size(), std::int64_t(10));
    for (int i = 0; i < 10; ++i)
        QCOMPARE(all.labels[i].item<std::int64_t>(), std::int64_t(labelOf(i)));
    QCOMPARE(all.images[7][2][1][1].item<int>(), (7 * 31 + 2 * 7 + 3 + 1) % 256);
    const ImageSet some = readCifar10({a, b}, 6);  // crosses into the second file
    QCOMPARE(some.size(), std::int64_t(6));
    QVERIFY(torch::equal(some.images, all.images.slice(0, 0, 6)));
}

void TstCifar::badFiles_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("word");
    QTest::newRow("missing") << 0 << "not found";
    QTest::newRow("bad size") << 1 << "multiple of the 3073";
    QTest::newRow("bad label") << 2 << "label 10";
    QTest::newRow("empty") << 3 << "empty";
    QTest::newRow("directory") << 4 << "directory";
}

void TstCifar::badFiles() {
    QFETCH(int, kind);
    QFETCH(QString, word);
    const std::string good = path("good.bin");
    const std::string bad = path(QString("bad-%1.bin").arg(kind));
    QVERIFY(writeRaw(good, cifarBatch(2)));
    Bytes content = cifarBatch(3, 0, kind == 2 ? 1 : -1);
    if (kind == 1)
        content.resize(content.size() - 100);
    if (kind == 3)
        content.clear();
    if (kind == 4)
        QVERIFY(QDir().mkpath(QString::fromStdString(bad)));
    if (kind != 0 && kind != 4)
        QVERIFY(writeRaw(bad, content));
    try {
        readCifar10({good, bad});
        QFAIL("no DataError");
    } catch (const DataError& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(QString::fromStdString(bad)), qPrintable(msg));
        QVERIFY2(msg.contains(word, Qt::CaseInsensitive), qPrintable(msg));
    }
}

void TstCifar::loadDatasetFindsSubfolder_data() {
    QTest::addColumn<bool>("subfolder");
    QTest::newRow("files in dir") << false;
    QTest::newRow("dir/cifar-10-batches-bin") << true;
}

void TstCifar::loadDatasetFindsSubfolder() {
    QFETCH(bool, subfolder);
    QTemporaryDir root;
    const QString dir = subfolder ? root.filePath("cifar-10-batches-bin") : root.path();
    QVERIFY(writeCifarFolder(dir, 4, 5));
    DataOptions o;
    o.name = "cifar10";
    o.dir = root.path().toStdString();
    o.trainLimit = 18;
    const Dataset d = loadDataset(o);
    QCOMPARE(d.train.size(), std::int64_t(18));
    QCOMPARE(d.test.size(), std::int64_t(5));
    QCOMPARE(d.info.channels, 3);
    QCOMPARE(d.info.height, 32);
    QCOMPARE(d.info.numClasses, 10);
    QCOMPARE(d.info.classNames.at(0), std::string("airplane"));
    QCOMPARE(d.info.classNames.at(9), std::string("truck"));
    QCOMPARE(d.info.mean.size(), std::size_t(3));
    QCOMPARE(d.info.std.at(2), 0.2616f);
    // Train records run through the five files in order: sample 13 is record 1 of batch 4.
    QCOMPARE(d.train.labels[13].item<std::int64_t>(), std::int64_t(labelOf(13)));
    QCOMPARE(d.test.labels[0].item<std::int64_t>(), std::int64_t(labelOf(1000)));
}

void TstCifar::loadDatasetMissingBatch() {
    QTemporaryDir root;
    QVERIFY(writeCifarFolder(root.path(), 2, 2));
    const QString gone = root.filePath("data_batch_3.bin");
    QVERIFY(QFile::remove(gone));
    DataOptions o;
    o.name = "cifar10";
    o.dir = root.path().toStdString();
    try {
        loadDataset(o);
        QFAIL("no DataError");
    } catch (const DataError& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(gone) && msg.contains("not found") && msg.contains("--data-dir"),
                 qPrintable(msg));
    }
}

QTEST_GUILESS_MAIN(TstCifar)
#include "tst_cifar.moc"
