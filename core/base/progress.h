#pragma once
// Where a run is: the one input of every schedule. Torch-free.

#include <cstdint>

namespace slb {

/** Position of the next optimisation step within a run of totalEpochs × itersPerEpoch steps. */
struct TrainProgress {
    int epoch = 0;               ///< 0-based index of the current epoch
    std::int64_t iteration = 0;  ///< 0-based global step index (epoch * itersPerEpoch + step)
    int totalEpochs = 1;
    std::int64_t itersPerEpoch = 1;

    std::int64_t totalIterations() const { return std::int64_t(totalEpochs) * itersPerEpoch; }
    /** Progress in epochs as a real number: 2.5 = half-way through the third epoch. */
    double fractionalEpoch() const {
        return itersPerEpoch > 0 ? double(iteration) / double(itersPerEpoch) : double(epoch);
    }
    /** The progress at global step `it` of the same run. */
    TrainProgress atIteration(std::int64_t it) const {
        TrainProgress p = *this;
        p.iteration = it;
        p.epoch = itersPerEpoch > 0 ? int(it / itersPerEpoch) : 0;
        return p;
    }
};

/** Whether a schedule moves at every step or only at epoch boundaries. */
enum class ScheduleUnit { Iteration, Epoch };

}  // namespace slb
