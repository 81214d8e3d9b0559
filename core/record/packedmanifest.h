#pragma once
// Reading a packed model (manifest.json + model.bin) without trusting it. Every field the
// evaluator uses is checked for its type and range here, and every tensor's byte range against
// the blob with arithmetic that cannot wrap, so a crafted manifest is refused with a message
// naming the file and the field instead of reading outside the blob. Torch-free: the fuzz harness
// and the evaluator share exactly this code.

#include <cstdint>
#include <string>
#include <vector>

#include "base/jsonvalue.h"

namespace slb {

/// The manifest's "format" and the newest "version" this build reads and writes.
inline constexpr const char* kPackedModelFormat = "slb-workbench-packed-model";
inline constexpr int kPackedModelVersion = 1;

/** Accuracies the run recorded for the exported weights, kept in the manifest. */
struct RecordedAccuracy {
    bool valid = false;
    double testAccSoft = 0, testAccHard = 0;
    int epoch = 0;
    std::int64_t step = 0;
};

/** One tensor of a packed model, as its manifest describes it, checked. */
struct PackedTensorEntry {
    std::string name;
    std::string encoding;  ///< "float32", "slb" or "lsq"
    int bits = 32;
    std::vector<std::int64_t> shape;
    std::uint64_t elements = 0;  ///< product of shape, known not to overflow
    std::uint64_t offset = 0, bytes = 0;
    std::vector<float> codebook;  ///< slb: the value of each code
    float step = 0;               ///< lsq: the step size s
    int qn = 0;                   ///< lsq: code c stands for (c − qn)·s
};

/** A packed model's manifest, every field checked. */
struct PackedManifest {
    int version = 0;
    std::string blobName = "model.bin";  ///< a plain file name next to the manifest
    std::uint64_t blobBytes = 0;
    bool hasCrc = false;
    std::uint32_t blobCrc32 = 0;
    int channels = 0, height = 0, width = 0, classes = 0;
    std::string configJson;  ///< the run's config, as JSON text
    RecordedAccuracy recorded;
    std::vector<PackedTensorEntry> tensors;
};

/** Parses and checks a manifest; throws FileFormatError naming `file` and the field. Tensor byte
 *  ranges are checked against the manifest's blob_bytes. */
PackedManifest parsePackedManifest(const std::string& text, const std::string& file);

/** Reads DIR/manifest.json; a missing file says how to make one. */
PackedManifest readPackedManifest(const std::string& dir);

/** Checks a blob's size and checksum against its manifest; throws naming `blobFile`. */
void checkPackedBlob(const PackedManifest& m, const std::uint8_t* blob, std::size_t size,
                     const std::string& blobFile);

/** The float values of one tensor (in the order of its shape), decoded from its codes. Throws
 *  FileFormatError naming `file` when the tensor does not fit the blob or a code lies outside its
 *  codebook. */
std::vector<float> decodePackedTensor(const PackedTensorEntry& t, const std::uint8_t* blob,
                                      std::size_t blobSize, const std::string& file);

/** Packs codes of `bits` bits each, LSB first, into bytes (the blob's code layout). */
std::vector<std::uint8_t> packCodes(const std::vector<std::uint32_t>& codes, int bits);
/** The inverse of packCodes; throws std::runtime_error when `bytes` cannot hold `count` codes. */
std::vector<std::uint32_t> unpackCodes(const std::uint8_t* data, std::size_t bytes,
                                       std::int64_t count, int bits);

}  // namespace slb
