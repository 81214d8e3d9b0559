// Packed low-bit models: the b-bit code layout, what an export holds, and that loading the codes
// into a plain float network reproduces the run's discrete accuracy exactly.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "../train/trainerfixture.h"
#include "data/dataset.h"
#include "export/packedmodel.h"
#include "models/modelio.h"
#include "quant/quantstate.h"
#include "quant/slbweight.h"
#include "train/trainer.h"

using namespace slb;
namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

/// Trains a short run into `dir` and returns its final summary.
TrainSummary trainInto(RunConfig c, const QString& dir) {
    c.out = dir.toStdString();
    Trainer t(c);
    t.run();
    return t.summary();
}

RecordedAccuracy recordedFrom(const TrainSummary& s) {
    RecordedAccuracy r;
    r.valid = true;
    r.testAccSoft = s.testAccSoft;
    r.testAccHard = s.testAccHard;
    return r;
}

}  // namespace

class TstPackedModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void codeLayoutIsLsbFirst();
    void packRoundTrip_data();
    void packRoundTrip();
    void slbExportReproducesAccuracy_data();
    void slbExportReproducesAccuracy();
    void lsqExportReproducesAccuracy();
    void damagedModelsAreRefused();
};

void TstPackedModel::codeLayoutIsLsbFirst() {
    // 3-bit codes 1, 2, 3 → stream bits 100 010 110 → byte 0 = 0b11010001, byte 1 = 0.
    const auto packed = packCodes({1, 2, 3}, 3);
    QCOMPARE(int(packed.size()), 2);
    QCOMPARE(int(packed[0]), 0xD1);
    QCOMPARE(int(packed[1]), 0x00);
    // 1-bit: eight codes fill one byte, first code in bit 0.
    QCOMPARE(int(packCodes({1, 0, 0, 0, 0, 0, 0, 1}, 1)[0]), 0x81);
    // 2-bit: codes 3, 0, 1, 2 → 11 00 10 01 → 0b10010011.
    QCOMPARE(int(packCodes({3, 0, 1, 2}, 2)[0]), 0x93);
}

void TstPackedModel::packRoundTrip_data() {
    QTest::addColumn<int>("bits");
    for (int b = 1; b <= 8; ++b)
        QTest::newRow(qPrintable(QString("b%1").arg(b))) << b;
}

void TstPackedModel::packRoundTrip() {
    QFETCH(int, bits);
    std::vector<std::uint32_t> codes(1001);
    for (std::size_t i = 0; i < codes.size(); ++i)
        codes[i] = std::uint32_t((i * 2654435761u) >> 7) % (1u << bits);
    const auto packed = packCodes(codes, bits);
    QCOMPARE(packed.size(), (codes.size() * std::size_t(bits) + 7) / 8);
    QCOMPARE(unpackCodes(packed.data(), packed.size(), std::int64_t(codes.size()), bits), codes);
    QVERIFY_EXCEPTION_THROWN(
        unpackCodes(packed.data(), packed.size() - 1, std::int64_t(codes.size()) + 8, bits),
        std::runtime_error);
}

void TstPackedModel::slbExportReproducesAccuracy_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("abits");
    QTest::newRow("W1") << 1 << 32;
    QTest::newRow("W2A4 dorefa") << 2 << 4;
}

void TstPackedModel::slbExportReproducesAccuracy() {
    QFETCH(int, bits);
    QFETCH(int, abits);
    QTemporaryDir dir;
    RunConfig c = slb::test::quickConfig();
    c.wbits = bits;
    c.abits = abits;
    const TrainSummary s = trainInto(c, dir.path());
    QCOMPARE(s.status, RunStatus::Finished);
    const std::string modelFile = dir.filePath("model.pt").toStdString();
    const std::string out = dir.filePath("packed").toStdString();
    const PackedExport e = exportPackedModel(modelFile, out, recordedFrom(s));

    // Indices in range, codebook = V, and the same argmax as the trained A.
    const auto m = readJson(e.manifestPath);
    Network net = loadModelFile(modelFile);
    QuantControl q(*net);
    std::ifstream blobIn(e.blobPath, std::ios::binary);
    const std::vector<std::uint8_t> blob((std::istreambuf_iterator<char>(blobIn)),
                                         std::istreambuf_iterator<char>());
    QCOMPARE(std::int64_t(blob.size()), e.blobBytes);
    int slbTensors = 0;
    for (const auto& t : m["tensors"]) {
        if (t["encoding"] != "slb")
            continue;
        ++slbTensors;
        const std::string name = t["name"];
        QCOMPARE(t["bits"].get<int>(), bits);
        const auto book = t["codebook"].get<std::vector<float>>();
        QCOMPARE(book, slbValues(bits));
        std::int64_t n = 1;
        for (auto d : t["shape"].get<std::vector<std::int64_t>>())
            n *= d;
        const auto codes =
            unpackCodes(blob.data() + t["offset"].get<std::size_t>(), t["bytes"], n, bits);
        for (auto code : codes)
            QVERIFY(code < (1u << bits));
        const auto layer = name.substr(0, name.rfind(".weight"));
        for (const auto& [lname, w] : q.slbWeights()) {
            if (lname != layer)
                continue;
            const auto idx = w->argmaxIndices();
            for (std::int64_t i = 0; i < n; ++i)
                QCOMPARE(codes[std::size_t(i)], std::uint32_t(idx[i].item<int>()));
        }
    }
    QCOMPARE(slbTensors, 2);  // conv2, conv3

    // The preprocessing is the one the run's batches had: (pixel/255 - mean) / std per channel.
    const auto& pre = m["preprocessing"];
    QCOMPARE(pre["scale"].get<double>(), 1.0 / 255.0);
    QCOMPARE(pre["input_range"].get<std::vector<double>>(), (std::vector<double>{0.0, 1.0}));
    QCOMPARE(pre["pixel_range"].get<std::vector<int>>(), (std::vector<int>{0, 255}));
    QCOMPARE(pre["layout"].get<std::string>(), std::string("NCHW"));
    const Dataset data0 = loadDataset(dataOptionsFrom(c));
    QCOMPARE(pre["input_shape"].get<std::vector<int>>(),
             (std::vector<int>{-1, data0.info.channels, data0.info.height, data0.info.width}));
    QCOMPARE(pre["mean"].get<std::vector<float>>(), data0.info.mean);
    QCOMPARE(pre["std"].get<std::vector<float>>(), data0.info.std);
    QVERIFY(data0.info.mean.front() > 0 && data0.info.std.front() > 0);
    std::vector<float> mean, stdev;
    DataOptions fashion;
    fashion.name = "fashion-mnist";
    datasetNormalization(fashion, &mean, &stdev);  // published constants: no file is read
    QCOMPARE(mean, std::vector<float>{0.2860f});
    QCOMPARE(stdev, std::vector<float>{0.3530f});
    // Weights at b bits: float32 / packed = 32 / b.
    QVERIFY(std::abs(e.weightCompression() - 32.0 / bits) < 0.01);
    QVERIFY(e.totalCompression() > 1.0);

    RunConfig data = c;
    const PackedEvaluation r = evaluatePackedModel(out, data);
    QCOMPARE(r.count, std::int64_t(512));
    QCOMPARE(r.accuracy, s.testAccHard);  // exactly
    QVERIFY(r.recorded.valid);
    QCOMPARE(r.recorded.testAccHard, s.testAccHard);
}

void TstPackedModel::lsqExportReproducesAccuracy() {
    QTemporaryDir dir;
    RunConfig c = slb::test::quickConfig();
    c.method = Method::Lsq;
    c.wbits = 2;
    c.abits = 2;
    c.lr.base = 0.02;
    const TrainSummary s = trainInto(c, dir.path());
    QCOMPARE(s.status, RunStatus::Finished);
    const std::string out = dir.filePath("packed").toStdString();
    const PackedExport e =
        exportPackedModel(dir.filePath("model.pt").toStdString(), out, recordedFrom(s));
    const auto m = readJson(e.manifestPath);
    int lsq = 0;
    for (const auto& t : m["tensors"]) {
        if (t["encoding"] != "lsq")
            continue;
        ++lsq;
        QVERIFY(t["step"].get<double>() > 0);
        const int b = t["bits"];
        QCOMPARE(t["qn"].get<int>(), 1 << (b - 1));
    }
    QCOMPARE(lsq, 4);  // conv1 and fc at 8 bits, conv2 and conv3 at 2
    const PackedEvaluation r = evaluatePackedModel(out, c);
    QCOMPARE(r.accuracy, s.testAccHard);
}

void TstPackedModel::damagedModelsAreRefused() {
    QTemporaryDir dir;
    RunConfig c = slb::test::quickConfig();
    c.epochs = 1;
    trainInto(c, dir.path());
    const std::string out = dir.filePath("packed").toStdString();
    exportPackedModel(dir.filePath("model.pt").toStdString(), out);
    const fs::path blob = fs::path(out) / "model.bin";
    auto expectError = [&](const char* word) {
        try {
            evaluatePackedModel(out, c);
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            QVERIFY2(std::string(e.what()).find(word) != std::string::npos, e.what());
        }
    };
    {  // Crafted manifests, as a user tried them: each names the file and the field, and the
       // weights are never read from outside the blob.
        const fs::path manifest = fs::path(out) / "manifest.json";
        const std::string original = [&] {
            std::ifstream in(manifest);
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        auto craft = [&](const char* pointer, const nlohmann::json& value) {
            auto m = nlohmann::ordered_json::parse(original);
            m[nlohmann::ordered_json::json_pointer(pointer)] = value;
            std::ofstream(manifest, std::ios::trunc) << m.dump(1);
        };
        craft("/tensors/0/offset", -8);
        expectError("manifest.json: field 'tensors[0].offset': expected a non-negative integer");
        craft("/tensors/1/offset", "8");
        expectError("manifest.json: field 'tensors[1].offset'");
        craft("/tensors/0/bytes", 18446744073709551615ull);
        expectError("field 'tensors[0].bytes'");
        craft("/input/channels", "one");
        expectError("manifest.json: field 'input.channels': expected an integer");
        craft("/blob", "../../model.pt");
        expectError("field 'blob': expected a file name next to the manifest");
        craft("/config/lr", "fast");
        expectError("manifest.json: field 'config.lr'");
        std::ofstream(manifest, std::ios::trunc) << original;
        evaluatePackedModel(out, c);  // the untouched manifest still evaluates
    }
    {  // one flipped byte
        std::fstream f(blob, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(100);
        char ch = 0;
        f.read(&ch, 1);
        f.seekp(100);
        ch = char(ch ^ 0x5a);
        f.write(&ch, 1);
    }
    expectError("checksum");
    fs::resize_file(blob, fs::file_size(blob) / 2);
    expectError("truncated");
    std::ofstream(fs::path(out) / "manifest.json") << "{\"format\": \"something-else\"}";
    expectError("not a packed model");
    fs::remove(fs::path(out) / "manifest.json");
    expectError("not found");
    QVERIFY_EXCEPTION_THROWN(exportPackedModel(dir.filePath("missing.pt").toStdString(), out),
                             std::runtime_error);
}

QTEST_GUILESS_MAIN(TstPackedModel)
#include "tst_packedmodel.moc"
