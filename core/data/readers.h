#pragma once
// Readers of the on-disk image formats: IDX (MNIST, Fashion-MNIST; gzip or raw) and the binary
// version of CIFAR-10. Torch-facing; every failure is a DataError naming the file.

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace slb {

/** Images and their labels, as stored: no normalisation, no augmentation. */
struct ImageSet {
    torch::Tensor images;  ///< uint8 [N, C, H, W], contiguous
    torch::Tensor labels;  ///< int64 [N]

    /** Number of samples (0 when empty). */
    std::int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
};

/** Reads an IDX image file (magic 0x00000803) and its label file (magic 0x00000801).
 *  Each file may be gzip-compressed or raw, told apart by its first bytes, not its name.
 *  limit > 0 keeps (and decodes) only the first `limit` samples; labels must be < numClasses. */
ImageSet readIdx(const std::string& imagesPath, const std::string& labelsPath,
                 std::int64_t limit = 0, int numClasses = 10);

/** Reads CIFAR-10 binary batch files (data_batch_N.bin, test_batch.bin) in the given order:
 *  records of one label byte and 3072 pixel bytes (32x32 R plane, G plane, B plane).
 *  limit > 0 keeps only the first `limit` records of all files together. */
ImageSet readCifar10(const std::vector<std::string>& batchFiles, std::int64_t limit = 0);

}  // namespace slb
