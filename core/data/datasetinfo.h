#pragma once
// What a dataset is, without its pixels: enough for the GUI, the run store and model building.
// Torch-free.

#include <cstdint>
#include <string>
#include <vector>

namespace slb {

/** Shape, classes, sizes and normalisation constants of a loaded dataset. */
struct DatasetInfo {
    std::string name;  ///< "fashion-mnist", "mnist", "cifar10", "synthetic"
    int channels = 0;
    int height = 0;
    int width = 0;
    int numClasses = 0;
    std::vector<std::string> classNames;  ///< numClasses entries
    std::int64_t trainSize = 0;           ///< samples loaded (after trainLimit)
    std::int64_t testSize = 0;            ///< samples loaded (after testLimit)
    std::vector<float> mean;              ///< per channel, of pixel/255
    std::vector<float> std;               ///< per channel, of pixel/255
};

}  // namespace slb
