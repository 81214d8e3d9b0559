// A packed model's manifest read as untrusted input: every offset, size and count is checked
// without arithmetic that can wrap, and every wrong type names the file, the field and what was
// expected. Torch-free: the evaluator and the fuzz harness use exactly this parser.
#include <QtTest/QtTest>

#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "base/jsonvalue.h"
#include "record/packedmanifest.h"

using namespace slb;
using Json = nlohmann::ordered_json;

namespace {

const std::string kFile = "/models/m/manifest.json";

/// A small, valid model: fc.bias (float32 [2]) at 0, conv.weight (slb 2-bit [2, 2]) at 8,
/// act.step-coded tensor (lsq 2-bit [3]) at 12; blob of 16 bytes.
Json validManifest() {
    Json m;
    m["format"] = kPackedModelFormat;
    m["version"] = 1;
    m["blob"] = "model.bin";
    m["blob_bytes"] = 16;
    m["input"] = {{"channels", 1}, {"height", 28}, {"width", 28}};
    m["classes"] = 10;
    m["config"] = {{"model", "cnn"}};
    m["recorded"] = {{"test_acc_soft", 0.9}, {"test_acc_hard", 0.89}, {"epoch", 3}, {"step", 42}};
    Json t = Json::array();
    t.push_back({{"name", "fc.bias"},
                 {"encoding", "float32"},
                 {"shape", {2}},
                 {"offset", 0},
                 {"bytes", 8}});
    t.push_back({{"name", "conv.weight"},
                 {"encoding", "slb"},
                 {"bits", 2},
                 {"shape", {2, 2}},
                 {"codebook", {-1.0, -0.5, 0.5, 1.0}},
                 {"offset", 8},
                 {"bytes", 1}});
    t.push_back({{"name", "lin.weight"},
                 {"encoding", "lsq"},
                 {"bits", 2},
                 {"shape", {3}},
                 {"step", 0.25},
                 {"qn", 2},
                 {"offset", 12},
                 {"bytes", 1}});
    m["tensors"] = t;
    return m;
}

std::vector<std::uint8_t> validBlob() {
    std::vector<std::uint8_t> blob(16, 0);
    const float bias[2] = {1.5f, -2.0f};
    std::memcpy(blob.data(), bias, sizeof bias);
    blob[8] = packCodes({0, 1, 2, 3}, 2)[0];
    blob[12] = packCodes({0, 2, 3}, 2)[0];
    return blob;
}

/// The message parsePackedManifest throws for `m`, or "" when it accepts it.
std::string refusal(const Json& m) {
    try {
        parsePackedManifest(m.dump(), kFile);
    } catch (const FileFormatError& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

class TstPackedManifest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rangeChecksCannotWrap();
    void jsonValueChecksTypesAndRanges();
    void validManifestDecodes();
    void negativeOffsetIsRefused();
    void hugeOffsetsAndSizesAreRefused();
    void shapesThatOverflowAreRefused();
    void wrongTypesNameFileAndField_data();
    void wrongTypesNameFileAndField();
    void blobMustSitNextToTheManifest();
    void codesOutsideTheCodebookAreRefused();
    void blobSizeAndChecksumAreChecked();
    void notJsonNamesTheFile();
};

void TstPackedManifest::rangeChecksCannotWrap() {
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    QVERIFY(rangeFits(0, 16, 16));
    QVERIFY(rangeFits(16, 0, 16));
    QVERIFY(!rangeFits(17, 0, 16));
    QVERIFY(!rangeFits(8, 9, 16));
    // offset + bytes wraps around to 3 here, which a naive "offset + bytes <= size" accepts.
    QVERIFY(8 + (max - 4) <= 16);
    QVERIFY(!rangeFits(8, max - 4, 16));
    QVERIFY(!rangeFits(max - 7, 16, 16));  // the "-8" of a signed offset, seen as size_t
    std::uint64_t out = 0;
    QVERIFY(checkedMultiply(1u << 20, 1u << 20, std::uint64_t(1) << 40, &out));
    QCOMPARE(out, std::uint64_t(1) << 40);
    QVERIFY(!checkedMultiply(std::uint64_t(1) << 33, std::uint64_t(1) << 33, max, &out));
    QVERIFY(!checkedMultiply(3, 6, 17, &out));
    QVERIFY(checkedMultiply(0, max, 0, &out));
    QCOMPARE(out, std::uint64_t(0));
}

void TstPackedManifest::jsonValueChecksTypesAndRanges() {
    const Json doc = Json::parse(
        R"({"a": 3, "b": 3.0, "c": 3.5, "d": "3", "e": -1, "f": 18446744073709551615,
            "g": 9223372036854775808, "h": 1e300, "i": true, "j": [1, "x"], "k": null})");
    const JsonValue v(doc, "f.json");
    QCOMPARE(v["a"].integer(), std::int64_t(3));
    QCOMPARE(v["b"].integer(), std::int64_t(3));
    QCOMPARE(v["a"].count(), std::uint64_t(3));
    QCOMPARE(v["f"].count(), std::numeric_limits<std::uint64_t>::max());
    QCOMPARE(v["e"].integer(-5, 5), std::int64_t(-1));
    QCOMPARE(v["h"].number(), 1e300);
    QVERIFY(v["i"].boolean());
    QVERIFY(!v.has("k"));  // null counts as absent for optional fields
    QVERIFY(!v.has("zz"));
    QCOMPARE(v.integerOr("zz", 7, 0, 10), std::int64_t(7));
    auto message = [&](auto&& read) -> std::string {
        try {
            read();
        } catch (const FileFormatError& e) {
            return e.what();
        }
        return {};
    };
    QCOMPARE(message([&] { v["c"].integer(); }),
             std::string("f.json: field 'c': expected an integer from -9223372036854775808 to "
                         "9223372036854775807, found 3.5"));
    QCOMPARE(message([&] { v["e"].count(); }),
             std::string("f.json: field 'e': expected a non-negative integer, found -1"));
    QCOMPARE(message([&] { v["d"].count(); }),
             std::string("f.json: field 'd': expected a non-negative integer, found the string "
                         "\"3\""));
    QVERIFY(contains(message([&] { v["g"].integer(); }), "field 'g'"));
    QVERIFY(contains(message([&] { v["h"].integer(); }), "field 'h'"));
    QVERIFY(contains(message([&] { v["a"].integer(4, 8); }), "from 4 to 8, found 3"));
    QVERIFY(contains(message([&] { v["f"].count(10); }), "no larger than 10"));
    QCOMPARE(message([&] { v["j"].strings(); }),
             std::string("f.json: field 'j[0]': expected a string, found 1"));
    QCOMPARE(message([&] { v["i"].number(); }),
             std::string("f.json: field 'i': expected a number, found the boolean true"));
    QCOMPARE(message([&] { (void)v["zz"]; }), std::string("f.json: field 'zz' is missing"));
    QCOMPARE(message([&] { (void)v["a"]["x"]; }),
             std::string("f.json: field 'a': expected an object, found 3"));
    QCOMPARE(message([&] { (void)v["j"][5]; }), std::string("f.json: field 'j': has no element 5"));
}

void TstPackedManifest::validManifestDecodes() {
    const PackedManifest m = parsePackedManifest(validManifest().dump(), kFile);
    QCOMPARE(m.version, 1);
    QCOMPARE(m.blobBytes, std::uint64_t(16));
    QCOMPARE(m.channels, 1);
    QCOMPARE(m.classes, 10);
    QVERIFY(m.recorded.valid);
    QCOMPARE(m.recorded.step, std::int64_t(42));
    QCOMPARE(int(m.tensors.size()), 3);
    const auto blob = validBlob();
    QCOMPARE(decodePackedTensor(m.tensors[0], blob.data(), blob.size(), kFile),
             (std::vector<float>{1.5f, -2.0f}));
    QCOMPARE(decodePackedTensor(m.tensors[1], blob.data(), blob.size(), kFile),
             (std::vector<float>{-1.0f, -0.5f, 0.5f, 1.0f}));
    // LSQ: (code − qn)·s = (0−2, 2−2, 3−2)·0.25
    QCOMPARE(decodePackedTensor(m.tensors[2], blob.data(), blob.size(), kFile),
             (std::vector<float>{-0.5f, 0.0f, 0.25f}));
    QCOMPARE(m.tensors[1].elements, std::uint64_t(4));
    QCOMPARE(m.tensors[1].shape, (std::vector<std::int64_t>{2, 2}));
}

void TstPackedManifest::negativeOffsetIsRefused() {
    // The reported finding: "-8" became a huge size_t, and offset + bytes wrapped below the blob
    // size, so the weights were read from 8 bytes before the blob.
    Json m = validManifest();
    m["tensors"][0]["offset"] = -8;
    const std::string why = refusal(m);
    QVERIFY2(contains(why, kFile + ": field 'tensors[0].offset': expected a non-negative integer"),
             why.c_str());
    QVERIFY2(contains(why, "found -8"), why.c_str());
    m = validManifest();
    m["tensors"][1]["bytes"] = -1;
    QVERIFY(contains(refusal(m), "field 'tensors[1].bytes'"));
    m = validManifest();
    m["blob_bytes"] = -16;
    QVERIFY(contains(refusal(m), "field 'blob_bytes'"));
    m = validManifest();
    m["tensors"][2]["qn"] = -2;
    QVERIFY(contains(refusal(m), "field 'tensors[2].qn'"));
}

void TstPackedManifest::hugeOffsetsAndSizesAreRefused() {
    Json m = validManifest();
    m["tensors"][0]["offset"] = std::numeric_limits<std::uint64_t>::max() - 7;  // 2^64 − 8
    QVERIFY(contains(refusal(m), "field 'tensors[0].offset'"));
    m = validManifest();
    m["tensors"][0]["offset"] = 12;  // 12 + 8 > 16
    std::string why = refusal(m);
    QVERIFY2(contains(why, "lie outside the blob of 16 bytes"), why.c_str());
    m = validManifest();
    m["tensors"][2]["bytes"] = 5;  // 12 + 5 > 16
    QVERIFY(contains(refusal(m), "outside the blob"));
    m = validManifest();
    m["blob_bytes"] = std::uint64_t(1) << 50;
    QVERIFY(contains(refusal(m), "field 'blob_bytes'"));
    m = validManifest();
    m["tensors"][1]["bits"] = 40;
    QVERIFY(contains(refusal(m), "field 'tensors[1].bits': expected an integer from 1 to 16"));
    m = validManifest();
    m["tensors"][1]["codebook"] = Json::array({0, 1, 2, 3, 4});  // 5 values for 2-bit codes
    QVERIFY(contains(refusal(m), "field 'tensors[1].codebook': expected 1 to 4 values"));
    m = validManifest();
    m["tensors"][2]["step"] = 1e300;  // beyond float32
    QVERIFY(contains(refusal(m), "field 'tensors[2].step'"));
}

void TstPackedManifest::shapesThatOverflowAreRefused() {
    Json m = validManifest();
    // 2^31−1 cubed overflows int64; each factor is checked against what the bytes can hold.
    m["tensors"][0]["shape"] = {2147483647, 2147483647, 2147483647};
    std::string why = refusal(m);
    QVERIFY2(contains(why, "field 'tensors[0].shape': holds more elements than its 8 bytes"),
             why.c_str());
    m = validManifest();
    m["tensors"][0]["shape"] = {-2, -1};  // product 2, the right size, but no tensor has it
    QVERIFY(contains(refusal(m), "field 'tensors[0].shape[0]'"));
    m = validManifest();
    m["tensors"][0]["shape"] = {3};  // 12 bytes of float32 in 8
    why = refusal(m);
    QVERIFY2(contains(why, "field 'tensors[0].bytes': expected 12"), why.c_str());
    m = validManifest();
    m["tensors"][1]["shape"] = {2, 3};  // 6 codes of 2 bits in 1 byte
    QVERIFY(contains(refusal(m), "1 bytes cannot hold 6 codes of 2 bits"));
}

void TstPackedManifest::wrongTypesNameFileAndField_data() {
    QTest::addColumn<QString>("pointer");  // JSON pointer of the field to replace
    QTest::addColumn<QString>("value");    // JSON text to put there
    QTest::addColumn<QString>("field");    // the field the message must name
    QTest::addColumn<QString>("expected");
    QTest::newRow("offset string") << "/tensors/0/offset"
                                   << "\"8\""
                                   << "tensors[0].offset"
                                   << "found the string \"8\"";
    QTest::newRow("bits float") << "/tensors/1/bits"
                                << "2.5"
                                << "tensors[1].bits"
                                << "expected an integer";
    QTest::newRow("codebook string") << "/tensors/1/codebook"
                                     << "\"abc\""
                                     << "tensors[1].codebook"
                                     << "expected an array";
    QTest::newRow("codebook entry") << "/tensors/1/codebook/2"
                                    << "\"x\""
                                    << "tensors[1].codebook[2]"
                                    << "expected a number";
    QTest::newRow("step string") << "/tensors/2/step"
                                 << "\"0.25\""
                                 << "tensors[2].step"
                                 << "expected a number";
    QTest::newRow("shape object") << "/tensors/0/shape"
                                  << "{}"
                                  << "tensors[0].shape"
                                  << "expected an array";
    QTest::newRow("name number") << "/tensors/0/name"
                                 << "5"
                                 << "tensors[0].name"
                                 << "expected a string";
    QTest::newRow("encoding unknown") << "/tensors/0/encoding"
                                      << "\"float16\""
                                      << "tensors[0].encoding"
                                      << "expected \"float32\"";
    QTest::newRow("channels string") << "/input/channels"
                                     << "\"one\""
                                     << "input.channels"
                                     << "expected an integer from 1 to 4096";
    QTest::newRow("classes null") << "/classes"
                                  << "null"
                                  << "classes"
                                  << "found null";
    QTest::newRow("version string") << "/version"
                                    << "\"1\""
                                    << "version"
                                    << "expected an integer";
    QTest::newRow("tensors object") << "/tensors"
                                    << "{}"
                                    << "tensors"
                                    << "expected an array";
    QTest::newRow("tensor is number") << "/tensors/1"
                                      << "7"
                                      << "tensors[1]"
                                      << "expected an object";
    QTest::newRow("recorded step") << "/recorded/step"
                                   << "\"42\""
                                   << "recorded.step"
                                   << "expected an integer";
    QTest::newRow("config array") << "/config"
                                  << "[]"
                                  << "config"
                                  << "expected an object";
    QTest::newRow("crc negative") << "/blob_crc32"
                                  << "-1"
                                  << "blob_crc32"
                                  << "expected a non-negative integer";
}

void TstPackedManifest::wrongTypesNameFileAndField() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    Json m = validManifest();
    m[Json::json_pointer(pointer.toStdString())] = Json::parse(value.toStdString());
    const std::string why = refusal(m);
    QVERIFY2(contains(why, kFile + ": field '" + field.toStdString() + "'"), why.c_str());
    QVERIFY2(contains(why, expected.toStdString()), why.c_str());
    QVERIFY2(!contains(why, "json.exception"), why.c_str());
}

void TstPackedManifest::blobMustSitNextToTheManifest() {
    for (const char* name : {"../model.bin", "/etc/passwd", "sub/model.bin", "..", "", "a\\b"}) {
        Json m = validManifest();
        m["blob"] = name;
        const std::string why = refusal(m);
        QVERIFY2(contains(why, "field 'blob': expected a file name next to the manifest"), name);
    }
    Json m = validManifest();
    m["blob"] = "weights.bin";
    QCOMPARE(parsePackedManifest(m.dump(), kFile).blobName, std::string("weights.bin"));
}

void TstPackedManifest::codesOutsideTheCodebookAreRefused() {
    Json m = validManifest();
    m["tensors"][1]["codebook"] = {-1.0, 0.0, 1.0};  // 3 values: code 3 has none
    const PackedManifest pm = parsePackedManifest(m.dump(), kFile);
    const auto blob = validBlob();
    try {
        decodePackedTensor(pm.tensors[1], blob.data(), blob.size(), kFile);
        QFAIL("code 3 was decoded");
    } catch (const FileFormatError& e) {
        QVERIFY2(contains(e.what(), "'conv.weight' has code 3 outside its codebook of 3 values"),
                 e.what());
    }
    // A blob shorter than the manifest said: the decoder checks the range again.
    QVERIFY_EXCEPTION_THROWN(decodePackedTensor(pm.tensors[2], blob.data(), 12, kFile),
                             FileFormatError);
    QVERIFY_EXCEPTION_THROWN(unpackCodes(blob.data(), 1, 5, 2), std::runtime_error);
    QVERIFY_EXCEPTION_THROWN(unpackCodes(blob.data(), 1, -1, 2), std::runtime_error);
}

void TstPackedManifest::blobSizeAndChecksumAreChecked() {
    Json m = validManifest();
    auto blob = validBlob();
    m["blob_crc32"] = 12345;
    const PackedManifest pm = parsePackedManifest(m.dump(), kFile);
    try {
        checkPackedBlob(pm, blob.data(), blob.size(), "/models/m/model.bin");
        QFAIL("wrong checksum accepted");
    } catch (const FileFormatError& e) {
        QVERIFY2(contains(e.what(), "/models/m/model.bin: checksum mismatch"), e.what());
    }
    try {
        checkPackedBlob(pm, blob.data(), 15, "/models/m/model.bin");
        QFAIL("short blob accepted");
    } catch (const FileFormatError& e) {
        QVERIFY2(contains(e.what(), "15 bytes, the manifest says 16"), e.what());
    }
    const PackedManifest noCrc = parsePackedManifest(validManifest().dump(), kFile);
    checkPackedBlob(noCrc, blob.data(), blob.size(), "model.bin");  // no checksum: size only
}

void TstPackedManifest::notJsonNamesTheFile() {
    for (const std::string text : {"", "{", "{\"format\": ", "\x01\x02", "[1, 2]", "{}", "null"}) {
        try {
            parsePackedManifest(text, kFile);
            QFAIL("accepted");
        } catch (const FileFormatError& e) {
            QVERIFY2(std::string(e.what()).rfind(kFile + ": ", 0) == 0, e.what());
            QVERIFY2(!contains(e.what(), "json.exception"), e.what());
        }
    }
    // A number beyond double's range is an out_of_range error in nlohmann-json, not a
    // parse_error; it escaped the first JsonValue::parse (found by fuzz_recordedjson).
    try {
        JsonValue::Json doc;
        JsonValue::parse(R"({"threads": 6666e666})", "info.json", &doc);
        QFAIL("accepted");
    } catch (const FileFormatError& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("info.json: not valid JSON (a number too large to read); restore "
                             "the file or write it again"));
    }
    Json m = validManifest();
    m["version"] = 2;
    QVERIFY(contains(refusal(m), "written by a newer SLB Workbench"));
}

QTEST_GUILESS_MAIN(TstPackedManifest)
#include "tst_packedmanifest.moc"
