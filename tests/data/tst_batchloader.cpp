// BatchLoader: coverage, determinism, resuming, normalisation, augmentation, memory format,
// shutdown with a full queue, errors and speed.
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <numeric>
#include <set>

#include "data/batchloader.h"
#include "data/dataerror.h"
#include "data/dataset.h"
#include "datafiles.h"

using namespace slb;
using namespace slbtest;

namespace {

/** n images whose first two pixels encode the sample's index (see datafiles.h). */
ImageSet indexedSet(std::int64_t n, int channels = 1, int side = 8) {
    ImageSet s;
    s.images = torch::empty({n, channels, side, side}, torch::kUInt8);
    s.labels = torch::empty({n}, torch::kInt64);
    auto* px = s.images.data_ptr<std::uint8_t>();
    const std::int64_t per = std::int64_t(channels) * side * side;
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t p = 0; p < per; ++p)
            px[i * per + p] = pixelOf(i, p);
        s.labels[i] = labelOf(i);
    }
    return s;
}

/** Info whose normalisation is the identity on pixel/255, so that pixels can be read back. */
DatasetInfo plainInfo(int channels = 1, int side = 8) {
    DatasetInfo info;
    info.name = "test-set";
    info.channels = channels;
    info.height = info.width = side;
    info.numClasses = 10;
    info.mean.assign(channels, 0.0f);
    info.std.assign(channels, 1.0f);
    return info;
}

/** The sample index encoded in an image of a batch from indexedSet/plainInfo. */
std::int64_t decodeIndex(const torch::Tensor& image) {
    const auto flat = image.contiguous().flatten();
    const auto byte = [&](int p) { return std::lround(flat[p].item<float>() * 255.0f); };
    return byte(0) + 256 * byte(1);
}

std::vector<Batch> epoch(BatchLoader& loader, int e, std::int64_t skip = 0) {
    loader.start(e, skip);
    std::vector<Batch> out;
    Batch b;
    while (loader.next(&b))
        out.push_back(b);
    return out;
}

bool sameBatches(const std::vector<Batch>& a, const std::vector<Batch>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].index != b[i].index || !torch::equal(a[i].images, b[i].images) ||
            !torch::equal(a[i].labels, b[i].labels))
            return false;
    return true;
}

std::vector<std::int64_t> order(const std::vector<Batch>& batches) {
    std::vector<std::int64_t> ids;
    for (const auto& b : batches)
        for (std::int64_t i = 0; i < b.images.size(0); ++i)
            ids.push_back(decodeIndex(b.images[i]));
    return ids;
}

}  // namespace

class TstBatchLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coversEverySampleOnce_data();
    void coversEverySampleOnce();
    void sameSeedAndEpochBitIdentical();
    void otherEpochOtherOrder();
    void skipBatchesGivesTail();
    void shardsDisjointAndCoverTheEpoch_data();
    void shardsDisjointAndCoverTheEpoch();
    void shardsThatCannotBeCut();
    void normalisation();
    void augmentation();
    void channelsLast();
    void nextWithoutStart();
    void destroyWithFullQueue();
    void restartWithFullQueue();
    void producerErrorRethrown();
    void fileErrorIsException();
    void invalidArguments();
    void throughput();
};

void TstBatchLoader::coversEverySampleOnce_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("batch");
    QTest::addColumn<bool>("dropLast");
    QTest::addColumn<bool>("shuffle");
    QTest::newRow("partial last") << 100 << 32 << false << true;
    QTest::newRow("partial last, in order") << 100 << 32 << false << false;
    QTest::newRow("drop last") << 100 << 32 << true << true;
    QTest::newRow("exact") << 96 << 32 << false << true;
    QTest::newRow("exact, drop last") << 96 << 32 << true << true;
    QTest::newRow("one partial batch") << 5 << 8 << false << true;
    QTest::newRow("too small to drop") << 5 << 8 << true << true;
    QTest::newRow("batch of one") << 9 << 1 << false << true;
}

void TstBatchLoader::coversEverySampleOnce() {
    QFETCH(int, n);
    QFETCH(int, batch);
    QFETCH(bool, dropLast);
    QFETCH(bool, shuffle);
    LoaderOptions o;
    o.batchSize = batch;
    o.dropLast = dropLast;
    o.shuffle = shuffle;
    o.prefetch = 2;
    BatchLoader loader(indexedSet(n), plainInfo(), o);
    const std::int64_t full = n / batch,
                       expectedBatches = dropLast ? full : (n + batch - 1) / batch;
    QCOMPARE(loader.size(), std::int64_t(n));
    QCOMPARE(loader.batchesPerEpoch(), expectedBatches);

    const auto batches = epoch(loader, 0);
    QCOMPARE(std::int64_t(batches.size()), expectedBatches);
    std::set<std::int64_t> seen;
    for (std::size_t k = 0; k < batches.size(); ++k) {
        const Batch& b = batches[k];
        QCOMPARE(b.index, std::int64_t(k));
        const std::int64_t rows = b.images.size(0);
        const bool last = std::int64_t(k) == expectedBatches - 1;
        QCOMPARE(rows,
                 last && !dropLast && n % batch ? std::int64_t(n % batch) : std::int64_t(batch));
        QCOMPARE(b.labels.size(0), rows);
        QCOMPARE(b.images.scalar_type(), torch::kFloat32);
        for (std::int64_t i = 0; i < rows; ++i) {
            const std::int64_t id = decodeIndex(b.images[i]);
            QVERIFY2(id >= 0 && id < n, qPrintable(QString::number(id)));
            QVERIFY2(seen.insert(id).second, qPrintable(QString("sample %1 twice").arg(id)));
            QCOMPARE(b.labels[i].item<std::int64_t>(), std::int64_t(labelOf(id)));
        }
    }
    QCOMPARE(std::int64_t(seen.size()), dropLast ? full * batch : std::int64_t(n));
    const auto ids = order(batches);
    std::vector<std::int64_t> identity(ids.size());
    std::iota(identity.begin(), identity.end(), 0);
    if (shuffle && n > 8)
        QVERIFY(ids != identity);
    else if (!shuffle)
        QCOMPARE(ids, identity);
    Batch extra;
    QVERIFY(!loader.next(&extra));  // stays at the end
}

void TstBatchLoader::sameSeedAndEpochBitIdentical() {
    const ImageSet set = indexedSet(300);
    LoaderOptions o;
    o.batchSize = 32;
    o.augment = true;
    o.seed = 42;
    BatchLoader a(set, plainInfo(), o);
    o.prefetch = 1;
    BatchLoader b(set, plainInfo(), o);
    const auto first = epoch(a, 3);
    QVERIFY(sameBatches(first, epoch(a, 3)));  // run twice
    QVERIFY(sameBatches(first, epoch(b, 3)));  // other queue depth
    o.seed = 43;
    BatchLoader c(set, plainInfo(), o);
    QVERIFY(!sameBatches(first, epoch(c, 3)));  // the seed matters
}

void TstBatchLoader::otherEpochOtherOrder() {
    LoaderOptions o;
    o.batchSize = 50;
    BatchLoader loader(indexedSet(200), plainInfo(), o);
    const auto e0 = order(epoch(loader, 0));
    const auto e1 = order(epoch(loader, 1));
    QCOMPARE(e0.size(), e1.size());
    QVERIFY(e0 != e1);
    QCOMPARE(std::set<std::int64_t>(e0.begin(), e0.end()),
             std::set<std::int64_t>(e1.begin(), e1.end()));
}

void TstBatchLoader::skipBatchesGivesTail() {
    LoaderOptions o;
    o.batchSize = 16;
    o.augment = true;
    BatchLoader loader(indexedSet(150), plainInfo(), o);
    const auto full = epoch(loader, 2);
    QCOMPARE(full.size(), std::size_t(10));
    for (std::int64_t skip : {1, 4, 9}) {
        const auto tail = epoch(loader, 2, skip);
        QVERIFY(sameBatches(tail, std::vector<Batch>(full.begin() + skip, full.end())));
    }
    QVERIFY(epoch(loader, 2, 10).empty());
    QVERIFY(epoch(loader, 2, 99).empty());
}

void TstBatchLoader::shardsDisjointAndCoverTheEpoch_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("ranks");
    QTest::newRow("2 ranks, partial last batch") << 150 << 32 << 2;
    QTest::newRow("3 ranks, uneven shards") << 100 << 16 << 3;
    QTest::newRow("4 ranks, exact") << 128 << 32 << 4;
}

void TstBatchLoader::shardsDisjointAndCoverTheEpoch() {
    QFETCH(int, n);
    QFETCH(int, batch);
    QFETCH(int, ranks);
    const ImageSet set = indexedSet(n);
    LoaderOptions o;
    o.batchSize = batch;
    o.seed = 7;
    // Without augmentation the images name their samples; with it, the shards must still be
    // the one-process batch, crops and flips included.
    for (const bool augment : {false, true})
        for (int e : {0, 3}) {
            o.augment = augment;
            BatchLoader whole(set, plainInfo(), o);
            const auto single = epoch(whole, e);
            std::vector<std::vector<Batch>> shards;
            for (int r = 0; r < ranks; ++r) {
                LoaderOptions so = o;
                so.shardRank = r;
                so.shardCount = ranks;
                BatchLoader part(set, plainInfo(), so);
                QCOMPARE(part.batchesPerEpoch(), whole.batchesPerEpoch());
                shards.push_back(epoch(part, e));
                QCOMPARE(shards.back().size(), single.size());
            }
            std::set<std::int64_t> seen;
            for (std::size_t k = 0; k < single.size(); ++k) {
                // The ranks' parts of batch k, in rank order, are the one-process batch k: the same
                // samples, augmented the same way.
                std::vector<torch::Tensor> images, labels;
                std::int64_t smallest = batch, largest = 0;
                for (int r = 0; r < ranks; ++r) {
                    const Batch& b = shards[std::size_t(r)][k];
                    QCOMPARE(b.index, std::int64_t(k));
                    QCOMPARE(b.globalCount, single[k].images.size(0));
                    images.push_back(b.images);
                    labels.push_back(b.labels);
                    smallest = std::min(smallest, b.images.size(0));
                    largest = std::max(largest, b.images.size(0));
                    for (std::int64_t i = 0; !augment && i < b.images.size(0); ++i)
                        QVERIFY2(seen.insert(decodeIndex(b.images[i])).second, "a sample twice");
                }
                QVERIFY(largest - smallest <= 1);  // shares differ by one image at most
                QVERIFY(torch::equal(torch::cat(images), single[k].images));
                QVERIFY(torch::equal(torch::cat(labels), single[k].labels));
            }
            if (!augment)
                QCOMPARE(std::int64_t(seen.size()), std::int64_t(n));  // disjoint and covering
        }
}

void TstBatchLoader::shardsThatCannotBeCut() {
    LoaderOptions o;
    o.batchSize = 32;
    o.shardCount = 2;
    o.shardRank = 2;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BatchLoader(indexedSet(64), plainInfo(), o));
    // 65 images: a last batch of 1 cannot feed 2 ranks; the message says what to change.
    o.shardRank = 1;
    try {
        BatchLoader loader(indexedSet(65), plainInfo(), o);
        QFAIL("expected a refusal");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString(e.what()).contains("change the batch size"), e.what());
    }
    o.dropLast = true;
    BatchLoader dropped(indexedSet(65), plainInfo(), o);
    QCOMPARE(dropped.batchesPerEpoch(), std::int64_t(2));
}

void TstBatchLoader::normalisation() {
    // Two channels with their own constants; pixels 0 and 255 at known places.
    ImageSet set;
    set.images = torch::zeros({1, 2, 4, 4}, torch::kUInt8);
    set.images[0][0][1][2] = 255;
    set.images[0][1][3][0] = 255;
    set.images[0][1][0][0] = 51;
    set.labels = torch::zeros({1}, torch::kInt64);
    DatasetInfo info = plainInfo(2, 4);
    info.mean = {0.5f, 0.2860f};
    info.std = {0.25f, 0.3530f};
    LoaderOptions o;
    o.shuffle = false;
    BatchLoader loader(set, info, o);
    loader.start(0);
    Batch b;
    QVERIFY(loader.next(&b));
    const auto x = b.images[0];
    QCOMPARE(x[0][1][2].item<float>(), 2.0f);   // (1 - 0.5) / 0.25
    QCOMPARE(x[0][0][0].item<float>(), -2.0f);  // (0 - 0.5) / 0.25
    QVERIFY(std::abs(x[1][3][0].item<float>() - (1 - 0.2860f) / 0.3530f) < 1e-6f);
    QVERIFY(std::abs(x[1][0][0].item<float>() - (0.2f - 0.2860f) / 0.3530f) < 1e-6f);
    QVERIFY(std::abs(x[1][2][2].item<float>() - (0 - 0.2860f) / 0.3530f) < 1e-6f);
}

void TstBatchLoader::augmentation() {
    const int n = 64, side = 8, pad = 4;
    const ImageSet set = indexedSet(n, 1, side);
    LoaderOptions o;
    o.batchSize = n;
    o.shuffle = false;
    o.augment = true;
    BatchLoader loader(set, plainInfo(1, side), o);
    const auto batches = epoch(loader, 0);
    QCOMPARE(batches.size(), std::size_t(1));
    const auto images = batches[0].images;
    QCOMPARE(images.sizes().vec(), (std::vector<std::int64_t>{n, 1, side, side}));
    QVERIFY(torch::equal(images, epoch(loader, 0)[0].images));  // deterministic

    // Every output is a crop of the zero-padded original, maybe mirrored; find which.
    const auto original = set.images.to(torch::kFloat32) / 255.0f;
    const auto padded = torch::constant_pad_nd(original, {pad, pad, pad, pad}, 0.0);
    int changed = 0, flipped = 0, shifted = 0;
    for (int i = 0; i < n; ++i) {
        bool found = false;
        for (int flip = 0; flip < 2 && !found; ++flip)
            for (int y = 0; y <= 2 * pad && !found; ++y)
                for (int x = 0; x <= 2 * pad && !found; ++x) {
                    auto crop = padded[i].slice(1, y, y + side).slice(2, x, x + side);
                    if (flip)
                        crop = crop.flip({2});
                    if (torch::equal(crop, images[i])) {
                        found = true;
                        flipped += flip;
                        shifted += (y != pad || x != pad);
                    }
                }
        QVERIFY2(found, qPrintable(QString("image %1 is no crop/flip of its original").arg(i)));
        changed += !torch::equal(images[i], original[i]);
    }
    QVERIFY2(changed > n / 2, qPrintable(QString::number(changed)));
    QVERIFY2(flipped > n / 5 && flipped < n - n / 5, qPrintable(QString::number(flipped)));
    QVERIFY2(shifted > n / 2, qPrintable(QString::number(shifted)));
    // Another epoch augments differently.
    QVERIFY(!torch::equal(images, epoch(loader, 1)[0].images));
}

void TstBatchLoader::channelsLast() {
    const ImageSet set = indexedSet(40, 3, 6);
    LoaderOptions o;
    o.batchSize = 16;
    o.augment = true;
    BatchLoader nchw(set, plainInfo(3, 6), o);
    o.channelsLast = true;
    BatchLoader nhwc(set, plainInfo(3, 6), o);
    const auto a = epoch(nchw, 0), b = epoch(nhwc, 0);
    QCOMPARE(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
        QVERIFY(a[k].images.is_contiguous());
        QVERIFY(b[k].images.is_contiguous(torch::MemoryFormat::ChannelsLast));
        QVERIFY(!b[k].images.is_contiguous());
        QVERIFY(torch::equal(a[k].images, b[k].images));  // same values, other layout
    }
}

void TstBatchLoader::nextWithoutStart() {
    BatchLoader loader(indexedSet(10), plainInfo(), LoaderOptions{});
    Batch b;
    QVERIFY(!loader.next(&b));
    loader.start(0);
    loader.stop();
    QVERIFY(!loader.next(&b));
}

void TstBatchLoader::destroyWithFullQueue() {
    LoaderOptions o;
    o.batchSize = 4;
    o.prefetch = 3;
    QElapsedTimer timer;
    {
        BatchLoader loader(indexedSet(400), plainInfo(), o);
        loader.start(0);
        QTRY_COMPARE(loader.queued(), 3);  // the producer is now blocked on the full queue
        timer.start();
    }  // destructor: must wake and join the producer
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

void TstBatchLoader::restartWithFullQueue() {
    LoaderOptions o;
    o.batchSize = 4;
    o.prefetch = 2;
    BatchLoader loader(indexedSet(400), plainInfo(), o);
    const auto reference = epoch(loader, 1);
    loader.start(0);
    QTRY_COMPARE(loader.queued(), 2);
    const auto again = epoch(loader, 1);  // start() ends the blocked producer first
    QVERIFY(sameBatches(reference, again));
}

void TstBatchLoader::producerErrorRethrown() {
    ImageSet set = indexedSet(40);
    set.labels[25] = 12;  // beyond numClasses: found by the producer in batch 2
    LoaderOptions o;
    o.batchSize = 10;
    o.shuffle = false;
    BatchLoader loader(set, plainInfo(), o);
    loader.start(0);
    Batch b;
    QVERIFY(loader.next(&b));
    QVERIFY(loader.next(&b));
    QCOMPARE(b.index, std::int64_t(1));
    try {
        loader.next(&b);
        QFAIL("no DataError");
    } catch (const DataError& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains("test-set") && msg.contains("label 12") && msg.contains("25"),
                 qPrintable(msg));
    }
    QVERIFY(!loader.next(&b));  // the epoch is over
    o.shuffle = true;
    set.labels[25] = 1;
    BatchLoader fixed(set, plainInfo(), o);
    QCOMPARE(epoch(fixed, 0).size(), std::size_t(4));
}

void TstBatchLoader::fileErrorIsException() {
    QTemporaryDir dir;
    QVERIFY(writeIdxDataset(dir.path().toStdString(), 30, 10, true, 8));
    // Cut the compressed train images in half: found while loading, reported, no crash.
    const QString images = dir.filePath("train-images-idx3-ubyte.gz");
    QFile f(images);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.resize(f.size() / 2));
    f.close();
    DataOptions d;
    d.name = "fashion-mnist";
    d.dir = dir.path().toStdString();
    try {
        loadDataset(d);
        QFAIL("no DataError");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains(images) && QString(e.what()).contains("truncated"),
                 e.what());
    }
}

void TstBatchLoader::invalidArguments() {
    const ImageSet set = indexedSet(10);
    LoaderOptions o;
    o.batchSize = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BatchLoader(set, plainInfo(), o));
    o = LoaderOptions{};
    o.prefetch = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BatchLoader(set, plainInfo(), o));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             BatchLoader(set, plainInfo(3), LoaderOptions{}));  // channels
    ImageSet floats{set.images.to(torch::kFloat32), set.labels};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             BatchLoader(floats, plainInfo(), LoaderOptions{}));
    BatchLoader loader(set, plainInfo(), LoaderOptions{});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loader.start(0, -1));
}

void TstBatchLoader::throughput() {
    // Fashion-MNIST-sized images, augmented, channels-last: a whole epoch arrives. The rate is
    // printed for the record only: speed is the benchmarks' business (a time limit here failed
    // under ThreadSanitizer, which makes the loader's thread several times slower).
    const ImageSet set = indexedSet(20000, 1, 28);
    DatasetInfo info = plainInfo(1, 28);
    info.mean = {0.2860f};
    info.std = {0.3530f};
    LoaderOptions o;
    o.augment = true;
    o.channelsLast = true;
    BatchLoader loader(set, info, o);
    QElapsedTimer timer;
    timer.start();
    std::int64_t images = 0;
    loader.start(0);
    Batch b;
    while (loader.next(&b))
        images += b.images.size(0);
    const double seconds = std::max(timer.nsecsElapsed() * 1e-9, 1e-6);
    qInfo("BatchLoader: %.0f images/s (28x28, batch 128, augmented)", images / seconds);
    QCOMPARE(images, std::int64_t(20000));
}

QTEST_GUILESS_MAIN(TstBatchLoader)
#include "tst_batchloader.moc"
