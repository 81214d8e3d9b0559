#include "record/packedmanifest.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace slb {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxCodeBits = 16;
/// No real model comes near this; it only keeps a crafted count from reaching the allocator.
constexpr std::uint64_t kMaxBlobBytes = std::uint64_t(1) << 40;
constexpr std::int64_t kMaxDim = std::numeric_limits<std::int32_t>::max();

float toFloat(const JsonValue& v) {
    const double d = v.number();
    if (std::fabs(d) > double(std::numeric_limits<float>::max()))
        v.fail("expected a number within float32's range, found " + describeJson(v.raw()));
    return float(d);
}

PackedTensorEntry parseTensor(const JsonValue& e, std::uint64_t blobBytes) {
    PackedTensorEntry t;
    t.name = e["name"].string();
    if (t.name.empty())
        e["name"].fail("expected a tensor name, found an empty string");
    t.encoding = e["encoding"].string();
    if (t.encoding != "float32" && t.encoding != "slb" && t.encoding != "lsq")
        e["encoding"].fail("expected \"float32\", \"slb\" or \"lsq\", found " +
                           describeJson(e["encoding"].raw()));
    t.shape = e["shape"].integers(0, kMaxDim);
    if (t.shape.size() > 8)
        e["shape"].fail("expected at most 8 dimensions, found " + std::to_string(t.shape.size()));
    t.offset = e["offset"].count(kMaxBlobBytes);
    t.bytes = e["bytes"].count(kMaxBlobBytes);
    if (!rangeFits(t.offset, t.bytes, blobBytes))
        e["bytes"].fail("bytes " + std::to_string(t.offset) + " to " +
                        std::to_string(t.offset + t.bytes) + " lie outside the blob of " +
                        std::to_string(blobBytes) + " bytes");
    // The element count may not exceed what the tensor's bytes can hold even at one bit each;
    // checking against that bound on every factor keeps the product from overflowing.
    const std::uint64_t maxElements = t.bytes * 8;
    std::uint64_t n = 1;
    for (std::int64_t d : t.shape)
        if (!checkedMultiply(n, std::uint64_t(d), maxElements, &n))
            e["shape"].fail("holds more elements than its " + std::to_string(t.bytes) +
                            " bytes can store");
    t.elements = n;
    if (t.encoding == "float32") {
        if (t.bytes != 4 * n)
            e["bytes"].fail("expected " + std::to_string(4 * n) + " (4 bytes for each of " +
                            std::to_string(n) + " elements), found " + std::to_string(t.bytes));
        return t;
    }
    t.bits = int(e["bits"].integer(1, kMaxCodeBits));
    if (n * std::uint64_t(t.bits) > t.bytes * 8)
        e["bytes"].fail(std::to_string(t.bytes) + " bytes cannot hold " + std::to_string(n) +
                        " codes of " + std::to_string(t.bits) + " bits");
    const std::uint64_t levels = std::uint64_t(1) << t.bits;
    if (t.encoding == "slb") {
        const JsonValue book = e["codebook"];
        if (book.size() == 0 || book.size() > levels)
            book.fail("expected 1 to " + std::to_string(levels) + " values for " +
                      std::to_string(t.bits) + "-bit codes, found " + std::to_string(book.size()));
        for (std::size_t i = 0; i < book.size(); ++i)
            t.codebook.push_back(toFloat(book[i]));
    } else {
        t.step = toFloat(e["step"]);
        t.qn = int(e["qn"].integer(0, std::int64_t(levels)));
    }
    return t;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileFormatError(
            path.string() +
            ": not found — export a packed model first (slb-train export RUN_DIR --model)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

PackedManifest parsePackedManifest(const std::string& text, const std::string& file) {
    JsonValue::Json doc;
    JsonValue::parse(text, file, &doc);
    const JsonValue root(doc, file);
    if (!root.isObject() || !root.has("format") || !root["format"].isString() ||
        root["format"].string() != kPackedModelFormat)
        throw FileFormatError(file + ": not a packed model of SLB Workbench (no \"format\": \"" +
                              kPackedModelFormat + "\")");
    PackedManifest m;
    m.version = int(root["version"].integer(1, std::numeric_limits<int>::max()));
    if (m.version > kPackedModelVersion)
        throw FileFormatError(file + ": written by a newer SLB Workbench (format version " +
                              std::to_string(m.version) + "); update to read it");
    m.blobName = root.stringOr("blob", "model.bin");
    if (m.blobName.empty() || m.blobName == "." || m.blobName == ".." ||
        m.blobName.find_first_of("/\\") != std::string::npos)
        root["blob"].fail("expected a file name next to the manifest, found " +
                          describeJson(root["blob"].raw()));
    m.blobBytes = root["blob_bytes"].count(kMaxBlobBytes);
    if (root.has("blob_crc32")) {
        m.hasCrc = true;
        m.blobCrc32 = std::uint32_t(root["blob_crc32"].count(0xffffffffu));
    }
    const JsonValue input = root["input"];
    m.channels = int(input["channels"].integer(1, 4096));
    m.height = int(input["height"].integer(1, 65536));
    m.width = int(input["width"].integer(1, 65536));
    m.classes = int(root["classes"].integer(1, 1 << 20));
    const JsonValue config = root["config"];
    if (!config.isObject())
        config.fail("expected an object, found " + describeJson(config.raw()));
    m.configJson = config.raw().dump();
    if (root.has("recorded")) {
        const JsonValue rec = root["recorded"];
        m.recorded.valid = true;
        m.recorded.testAccSoft = rec.numberOr("test_acc_soft", 0.0);
        m.recorded.testAccHard = rec.numberOr("test_acc_hard", 0.0);
        m.recorded.epoch = int(rec.integerOr("epoch", 0, 0, std::numeric_limits<int>::max()));
        m.recorded.step = rec.integerOr("step", 0, 0, std::numeric_limits<std::int64_t>::max());
    }
    const JsonValue tensors = root["tensors"];
    for (std::size_t i = 0; i < tensors.size(); ++i)
        m.tensors.push_back(parseTensor(tensors[i], m.blobBytes));
    return m;
}

PackedManifest readPackedManifest(const std::string& dir) {
    const fs::path path = fs::path(dir) / "manifest.json";
    return parsePackedManifest(readText(path), path.string());
}

void checkPackedBlob(const PackedManifest& m, const std::uint8_t* blob, std::size_t size,
                     const std::string& blobFile) {
    if (size != m.blobBytes)
        throw FileFormatError(blobFile + ": " + std::to_string(size) +
                              " bytes, the manifest says " + std::to_string(m.blobBytes) +
                              " (truncated or replaced); export the model again");
    // zlib's crc32 takes at most 4 GiB per call; feed it in pieces.
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::size_t done = 0; done < size;) {
        const std::size_t piece = std::min<std::size_t>(size - done, 1u << 30);
        crc = crc32(crc, blob + done, uInt(piece));
        done += piece;
    }
    if (m.hasCrc && std::uint32_t(crc) != m.blobCrc32)
        throw FileFormatError(blobFile +
                              ": checksum mismatch (the file is corrupt); export the model again");
}

std::vector<float> decodePackedTensor(const PackedTensorEntry& t, const std::uint8_t* blob,
                                      std::size_t blobSize, const std::string& file) {
    if (!rangeFits(t.offset, t.bytes, blobSize))
        throw FileFormatError(file + ": tensor '" + t.name +
                              "' lies beyond the end of the blob (truncated?)");
    const std::uint8_t* p = blob + t.offset;
    std::vector<float> out(t.elements);
    if (t.encoding == "float32") {
        if (t.bytes != 4 * t.elements)
            throw FileFormatError(file + ": tensor '" + t.name + "' has the wrong size");
        if (t.bytes > 0)
            std::memcpy(out.data(), p, t.bytes);
        return out;
    }
    const auto codes = unpackCodes(p, t.bytes, std::int64_t(t.elements), t.bits);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (t.encoding == "slb") {
            if (codes[i] >= t.codebook.size())
                throw FileFormatError(file + ": tensor '" + t.name + "' has code " +
                                      std::to_string(codes[i]) + " outside its codebook of " +
                                      std::to_string(t.codebook.size()) + " values");
            out[i] = t.codebook[codes[i]];
        } else {
            // v̂ = v̄·s in float32, exactly as the LSQ layer computed it.
            out[i] = float(std::int64_t(codes[i]) - t.qn) * t.step;
        }
    }
    return out;
}

std::vector<std::uint8_t> packCodes(const std::vector<std::uint32_t>& codes, int bits) {
    std::vector<std::uint8_t> out((codes.size() * std::size_t(bits) + 7) / 8, 0);
    std::size_t bit = 0;
    for (std::uint32_t c : codes) {
        for (int b = 0; b < bits; ++b, ++bit)
            if ((c >> b) & 1u)
                out[bit / 8] |= std::uint8_t(1u << (bit % 8));
    }
    return out;
}

std::vector<std::uint32_t> unpackCodes(const std::uint8_t* data, std::size_t bytes,
                                       std::int64_t count, int bits) {
    if (count < 0 || bits < 1 || bits > 32 ||
        std::uint64_t(count) > std::uint64_t(bytes) * 8 / std::uint64_t(bits))
        throw std::runtime_error("packed codes are shorter than their shape says");
    std::vector<std::uint32_t> out(std::size_t(count), 0);
    std::size_t bit = 0;
    for (auto& c : out)
        for (int b = 0; b < bits; ++b, ++bit)
            if ((data[bit / 8] >> (bit % 8)) & 1u)
                c |= 1u << b;
    return out;
}

}  // namespace slb
