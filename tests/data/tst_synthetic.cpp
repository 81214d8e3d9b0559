// The synthetic dataset: deterministic from its seed, balanced, and learnable.
#include <QtTest/QtTest>

#include <torch/torch.h>

#include "data/dataerror.h"
#include "data/dataset.h"
#include "data/synthetic.h"

using namespace slb;

namespace {
DataOptions synthetic(std::uint64_t seed) {
    DataOptions o;
    o.name = "synthetic";
    o.seed = seed;
    return o;
}

/** Accuracy on `test` of assigning each image to the class whose mean train image is nearest. */
double nearestMeanAccuracy(const ImageSet& train, const ImageSet& test, int classes) {
    const auto x = train.images.flatten(1).to(torch::kFloat32);
    const auto means = torch::zeros({classes, x.size(1)});
    for (int k = 0; k < classes; ++k)
        means[k] = x.index({train.labels == k}).mean(0);
    const auto t = test.images.flatten(1).to(torch::kFloat32);
    const auto predicted = torch::cdist(t, means).argmin(1);
    return predicted.eq(test.labels).to(torch::kFloat64).mean().item<double>();
}
}  // namespace

class TstSynthetic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameData();
    void otherSeedOtherData();
    void shapes_data();
    void shapes();
    void everyClassPresent();
    void limitsAndSizesIndependent();
    void learnableButNotTrivial();
    void normalisationFromTrainSet();
};

void TstSynthetic::sameSeedSameData() {
    const Dataset a = loadDataset(synthetic(7));
    const Dataset b = loadDataset(synthetic(7));
    QVERIFY(torch::equal(a.train.images, b.train.images));
    QVERIFY(torch::equal(a.train.labels, b.train.labels));
    QVERIFY(torch::equal(a.test.images, b.test.images));
    QCOMPARE(a.info.mean, b.info.mean);
}

void TstSynthetic::otherSeedOtherData() {
    const Dataset a = loadDataset(synthetic(7));
    const Dataset b = loadDataset(synthetic(8));
    QVERIFY(!torch::equal(a.train.images, b.train.images));
    QVERIFY(!torch::equal(a.test.images, b.test.images));
    // Train and test are different draws, not copies.
    QVERIFY(!torch::equal(a.train.images.slice(0, 0, 512), a.test.images));
}

void TstSynthetic::shapes_data() {
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("classes");
    QTest::newRow("default") << 1 << 16 << 10;
    QTest::newRow("rgb 32") << 3 << 32 << 10;
    QTest::newRow("two classes") << 1 << 8 << 2;
}

void TstSynthetic::shapes() {
    QFETCH(int, channels);
    QFETCH(int, size);
    QFETCH(int, classes);
    DataOptions o = synthetic(1);
    o.syntheticChannels = channels;
    o.syntheticSize = size;
    o.syntheticClasses = classes;
    o.syntheticTrain = 100;
    o.syntheticTest = 30;
    const Dataset d = loadDataset(o);
    QCOMPARE(d.train.images.sizes().vec(), (std::vector<std::int64_t>{100, channels, size, size}));
    QCOMPARE(d.test.images.sizes().vec(), (std::vector<std::int64_t>{30, channels, size, size}));
    QCOMPARE(d.train.images.scalar_type(), torch::kUInt8);
    QCOMPARE(d.train.labels.scalar_type(), torch::kInt64);
    QCOMPARE(d.info.channels, channels);
    QCOMPARE(d.info.height, size);
    QCOMPARE(d.info.width, size);
    QCOMPARE(d.info.numClasses, classes);
    QCOMPARE(int(d.info.classNames.size()), classes);
    QCOMPARE(int(d.info.mean.size()), channels);
    QCOMPARE(d.info.trainSize, std::int64_t(100));
    QCOMPARE(d.info.testSize, std::int64_t(30));
}

void TstSynthetic::everyClassPresent() {
    const Dataset d = loadDataset(synthetic(3));
    QCOMPARE(d.train.size(), std::int64_t(2048));
    QCOMPARE(d.test.size(), std::int64_t(512));
    for (const ImageSet* s : {&d.train, &d.test}) {
        const auto counts = torch::bincount(s->labels, {}, 10);
        QCOMPARE(counts.size(0), std::int64_t(10));
        QVERIFY(counts.min().item<std::int64_t>() >= s->size() / 10);
    }
    // Images use the value range, not a constant.
    QVERIFY(d.train.images.min().item<int>() < 20);
    QVERIFY(d.train.images.max().item<int>() > 235);
}

void TstSynthetic::limitsAndSizesIndependent() {
    DataOptions o = synthetic(5);
    const Dataset full = loadDataset(o);
    o.trainLimit = 100;
    o.testLimit = 50;
    const Dataset limited = loadDataset(o);
    QCOMPARE(limited.train.size(), std::int64_t(100));
    QCOMPARE(limited.test.size(), std::int64_t(50));
    QVERIFY(torch::equal(limited.train.images, full.train.images.slice(0, 0, 100)));
    // A smaller train set leaves the test set (its own random stream) unchanged.
    QVERIFY(torch::equal(limited.test.images, full.test.images.slice(0, 0, 50)));
}

void TstSynthetic::learnableButNotTrivial() {
    const Dataset d = loadDataset(synthetic(11));
    const double acc = nearestMeanAccuracy(d.train, d.test, 10);
    qInfo("nearest-class-mean accuracy on raw pixels: %.3f", acc);
    QVERIFY2(acc > 0.4, qPrintable(QString::number(acc)));   // chance is 0.1
    QVERIFY2(acc < 0.98, qPrintable(QString::number(acc)));  // noise and distractors matter
}

void TstSynthetic::normalisationFromTrainSet() {
    const Dataset d = loadDataset(synthetic(2));
    const auto x = d.train.images.to(torch::kFloat64) / 255.0;
    QVERIFY(std::abs(d.info.mean[0] - x.mean().item<double>()) < 1e-5);
    QVERIFY(std::abs(d.info.std[0] - x.std(/*unbiased=*/false).item<double>()) < 1e-4);
}

QTEST_GUILESS_MAIN(TstSynthetic)
#include "tst_synthetic.moc"
