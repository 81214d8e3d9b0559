// The binary form of layer snapshots in run.sqlite: bit-exact round trips, and damaged blobs
// refused instead of misread.
#include <QtTest/QtTest>

#include <limits>

#include "record/snapshotcodec.h"
#include "recordfixtures.h"

using namespace slb;
namespace fx = slb::fixtures;

namespace {

LayerSnapshot specialValues() {
    LayerSnapshot s = fx::layerSnapshot(0, 7);
    s.layer = "blocks.0.conv\xC2\xB5";  // non-ASCII bytes pass through untouched
    const float fnan = std::numeric_limits<float>::quiet_NaN();
    s.slb.meanProb = {-0.0f, fnan, std::numeric_limits<float>::infinity(),
                      std::numeric_limits<float>::denorm_min()};
    s.slb.gap = -0.0;
    s.slb.meanEntropy = std::numeric_limits<double>::quiet_NaN();
    s.slb.sharpShare = -std::numeric_limits<double>::infinity();
    s.slb.trackedIndex = {0, std::numeric_limits<std::int64_t>::max(), -1};
    s.numWeights = std::numeric_limits<std::int64_t>::min();
    return s;
}

LayerSnapshot makeCase(int which) {
    switch (which) {
        case 0:
            return fx::layerSnapshot(0, 1234);  // SLB, 8 tracked weights
        case 1: {
            LayerSnapshot s = fx::layerSnapshot(2, 5, 0);  // SLB, nothing tracked, 1 bit
            s.slb.bits = 1;
            s.slb.values = {-1.0f, 1.0f};
            s.slb.meanProb.resize(2);
            s.slb.argmaxShare.resize(2);
            return s;
        }
        case 2:
            return fx::layerSnapshot(1, 999);  // LSQ with LSQ activations
        case 3:
            return LayerSnapshot{};  // defaults, empty vectors
        default:
            return specialValues();
    }
}

}  // namespace

class TstSnapshotCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsBitExact_data();
    void roundTripIsBitExact();
    void damagedBlobsAreRefused();
};

void TstSnapshotCodec::roundTripIsBitExact_data() {
    QTest::addColumn<int>("which");
    QTest::newRow("slb 2-bit, tracked weights") << 0;
    QTest::newRow("slb 1-bit, none tracked") << 1;
    QTest::newRow("lsq weight and activation") << 2;
    QTest::newRow("default-constructed") << 3;
    QTest::newRow("NaN, -0, inf, denormals") << 4;
}

void TstSnapshotCodec::roundTripIsBitExact() {
    QFETCH(int, which);
    const LayerSnapshot s = makeCase(which);
    const std::vector<unsigned char> blob = encodeLayerSnapshot(s);
    LayerSnapshot back;
    std::string err;
    QVERIFY2(decodeLayerSnapshot(blob.data(), blob.size(), &back, &err), err.c_str());
    const std::string d = fx::diffSnapshot(back, s);
    QVERIFY2(d.empty(), d.c_str());
    // Bit for bit, NaN payloads and signed zeros included: encoding again gives the same bytes.
    QVERIFY(encodeLayerSnapshot(back) == blob);
}

void TstSnapshotCodec::damagedBlobsAreRefused() {
    const std::vector<unsigned char> blob = encodeLayerSnapshot(fx::layerSnapshot(0, 50));
    LayerSnapshot out;
    std::string err;
    for (size_t n = 0; n < blob.size(); ++n)
        QVERIFY2(!decodeLayerSnapshot(blob.data(), n, &out, &err),
                 qPrintable(
                     QString("a blob cut at %1 of %2 bytes was accepted").arg(n).arg(blob.size())));

    std::vector<unsigned char> longer = blob;
    longer.push_back(0);
    QVERIFY(!decodeLayerSnapshot(longer.data(), longer.size(), &out, &err));
    QVERIFY2(err.find("trailing") != std::string::npos, err.c_str());

    std::vector<unsigned char> newer = blob;
    newer[0] = 2;
    QVERIFY(!decodeLayerSnapshot(newer.data(), newer.size(), &out, &err));
    QVERIFY2(err.find("version") != std::string::npos, err.c_str());

    // A damaged length must be refused before it turns into a huge allocation.
    std::vector<unsigned char> huge = blob;
    huge[1] = huge[2] = huge[3] = huge[4] = 0xff;  // the layer name's byte count
    QVERIFY(!decodeLayerSnapshot(huge.data(), huge.size(), &out, &err));
}

QTEST_GUILESS_MAIN(TstSnapshotCodec)
#include "tst_snapshotcodec.moc"
