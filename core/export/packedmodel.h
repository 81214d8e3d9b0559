#pragma once
// Packed low-bit models: a JSON manifest and one binary blob holding, per quantized layer, its
// codebook (SLB) or step (LSQ) and the codes packed at b bits, and float32 for everything else.
// The format is documented in the README ("Packed model format"). Torch-free header.

#include <cstdint>
#include <string>
#include <vector>

#include "base/config.h"
#include "record/packedmanifest.h"

namespace slb {

/** One tensor of a packed model, as the manifest lists it. */
struct PackedTensorInfo {
    std::string name;
    std::string encoding;  ///< "float32", "slb" or "lsq"
    int bits = 32;
    std::vector<std::int64_t> shape;
    std::int64_t bytes = 0;
};

/** What an export wrote. */
struct PackedExport {
    std::string manifestPath, blobPath;
    std::int64_t blobBytes = 0;
    std::int64_t float32Bytes = 0;      ///< the same network with every tensor in float32
    std::int64_t quantizedWeights = 0;  ///< weights stored as codes
    std::int64_t quantizedBytes = 0;    ///< bytes of those codes (+ codebooks / steps)
    std::vector<PackedTensorInfo> tensors;

    /** float32 size of the quantized layers' weights over their packed size (≈ 32/b). */
    double weightCompression() const;
    /** float32 size of the whole network over the blob. */
    double totalCompression() const;
};

/**
 * Packs the model file `modelFile` (a run's model.pt or a checkpoint) into `outDir`
 * (manifest.json + model.bin). Throws std::runtime_error naming the file on failure.
 */
PackedExport exportPackedModel(const std::string& modelFile, const std::string& outDir,
                               const RecordedAccuracy& recorded = {});

/** Accuracy of a packed model on a test set. */
struct PackedEvaluation {
    double accuracy = 0, top5 = 0, loss = 0;
    std::int64_t count = 0;
    std::string dataset;
    RecordedAccuracy recorded;  ///< what the manifest says the run measured
};

/**
 * Loads the packed model in `dir` into a plain float network (weights decoded from the codes) and
 * evaluates it on the test set of `data` (dataset, data_dir, test_limit, eval_batch_size, threads
 * and device are used). Throws std::runtime_error naming the file on a bad or foreign model.
 */
PackedEvaluation evaluatePackedModel(const std::string& dir, const RunConfig& data);

/** The config stored in a packed model's manifest. */
RunConfig packedModelConfig(const std::string& dir);

}  // namespace slb
