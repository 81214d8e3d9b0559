#pragma once
// Loading a named dataset (files or synthetic) into memory, with its DatasetInfo. Torch-facing.

#include <cstdint>
#include <string>
#include <vector>

#include "data/datasetinfo.h"
#include "data/readers.h"

namespace slb {

struct RunConfig;

/** Which dataset to load, from where, and how much of it. */
struct DataOptions {
    std::string name;             ///< "fashion-mnist", "mnist", "cifar10" or "synthetic"
    std::string dir;              ///< folder of the files; empty: defaultDataDir(name)
    std::int64_t trainLimit = 0;  ///< > 0: keep only the first trainLimit training samples
    std::int64_t testLimit = 0;   ///< > 0: keep only the first testLimit test samples
    std::uint64_t seed = 1;       ///< synthetic data only

    // synthetic only
    std::int64_t syntheticTrain = 2048;
    std::int64_t syntheticTest = 512;
    int syntheticChannels = 1;
    int syntheticSize = 16;  ///< height = width
    int syntheticClasses = 10;
};

/** A dataset in memory: its description and both splits as stored (uint8). */
struct Dataset {
    DatasetInfo info;
    ImageSet train;
    ImageSet test;
};

/** Loads the dataset; a missing, corrupt or inconsistent file, or an unknown name, throws
 *  DataError naming the file (or the name) and the fix. */
Dataset loadDataset(const DataOptions& options);

/**
 * The normalisation a network trained on the dataset expects: each channel c of an image gets
 * (pixel/255 − mean[c]) / std[c]. The published constants of the file datasets (no file is
 * read), the statistics of the training split for synthetic data. Throws DataError for an
 * unknown name.
 */
void datasetNormalization(const DataOptions& options, std::vector<float>* mean,
                          std::vector<float>* std);

/** The data part of a run's config (dataset, resolved data folder, limits, seed). */
DataOptions dataOptionsFrom(const RunConfig& config);

}  // namespace slb
