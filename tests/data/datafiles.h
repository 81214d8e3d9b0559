#pragma once
// Writers of small IDX and CIFAR-10 files for the data tests, so that no test needs a download.
// Images encode their index (pixel 0 = i % 256, pixel 1 = i / 256 % 256) so that a test can tell
// which sample it got.

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace slbtest {

using Bytes = std::vector<unsigned char>;

inline void putBigEndian32(Bytes* b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        b->push_back(static_cast<unsigned char>(v >> shift));
}

/** The pixel value of sample i at pixel p in the generated files. */
inline unsigned char pixelOf(std::int64_t i, std::int64_t p) {
    if (p == 0)
        return static_cast<unsigned char>(i % 256);
    if (p == 1)
        return static_cast<unsigned char>(i / 256 % 256);
    return static_cast<unsigned char>((i * 7 + p * 13) % 251);
}

/** The label of sample i in the generated files. */
inline int labelOf(std::int64_t i, int classes = 10) {
    return int((i * 3 + 1) % classes);
}

/** An IDX image file: magic 0x00000803, count, rows, cols, then pixels. */
inline Bytes idxImages(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                       std::uint32_t magic = 0x00000803) {
    Bytes b;
    putBigEndian32(&b, magic);
    putBigEndian32(&b, count);
    putBigEndian32(&b, rows);
    putBigEndian32(&b, cols);
    for (std::uint32_t i = 0; i < count; ++i)
        for (std::uint32_t p = 0; p < rows * cols; ++p)
            b.push_back(pixelOf(i, p));
    return b;
}

/** An IDX label file: magic 0x00000801, count, then labels. */
inline Bytes idxLabels(std::uint32_t count, std::uint32_t magic = 0x00000801, int classes = 10) {
    Bytes b;
    putBigEndian32(&b, magic);
    putBigEndian32(&b, count);
    for (std::uint32_t i = 0; i < count; ++i)
        b.push_back(static_cast<unsigned char>(labelOf(i, classes)));
    return b;
}

/** A CIFAR-10 binary batch: per record the label, then R, G, B planes of 32x32; pixel value
 *  (first + r) * 31 + c * 7 + y * 3 + x, modulo 256, so that planes and rows can be told apart. */
inline Bytes cifarBatch(int records, int first = 0, int badLabelAt = -1) {
    Bytes b;
    for (int r = 0; r < records; ++r) {
        b.push_back(static_cast<unsigned char>(r == badLabelAt ? 10 : labelOf(first + r)));
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x)
                    b.push_back(
                        static_cast<unsigned char>(((first + r) * 31 + c * 7 + y * 3 + x) % 256));
    }
    return b;
}

inline bool writeRaw(const std::string& path, const Bytes& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return bool(f);
}

inline bool writeGzip(const std::string& path, const Bytes& bytes) {
    gzFile f = gzopen(path.c_str(), "wb");
    if (!f)
        return false;
    const int n = gzwrite(f, bytes.data(), unsigned(bytes.size()));
    return gzclose(f) == Z_OK && n == int(bytes.size());
}

/** The gzip-compressed form of bytes, in memory. */
inline Bytes gzipped(const std::string& scratchPath, const Bytes& bytes) {
    writeGzip(scratchPath, bytes);
    std::ifstream f(scratchPath, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(f), {});
}

/** Writes a complete IDX dataset folder (train and t10k files). */
inline bool writeIdxDataset(const std::string& dir, std::uint32_t train, std::uint32_t test,
                            bool gz, std::uint32_t side = 28) {
    const auto write = [&](const std::string& base, const Bytes& b) {
        return gz ? writeGzip(dir + "/" + base + ".gz", b) : writeRaw(dir + "/" + base, b);
    };
    return write("train-images-idx3-ubyte", idxImages(train, side, side)) &&
           write("train-labels-idx1-ubyte", idxLabels(train)) &&
           write("t10k-images-idx3-ubyte", idxImages(test, side, side)) &&
           write("t10k-labels-idx1-ubyte", idxLabels(test));
}

}  // namespace slbtest
