#pragma once
// Learning-rate schedules: cosine (LSQ's choice), step (SLB's CIFAR recipe), constant, each
// with an optional linear warm-up. Pure functions of progress. Torch-free.

#include <string>
#include <vector>

#include "base/progress.h"
#include "base/temperature.h"

namespace slb {

enum class LrScheduleKind { Constant, Cosine, Step };

/** Parameters of a learning-rate schedule. */
struct LrSchedule {
    LrScheduleKind kind = LrScheduleKind::Cosine;
    ScheduleUnit unit = ScheduleUnit::Iteration;
    double base = 0.1;   ///< peak learning rate
    double minLr = 0.0;  ///< cosine: value at the very end
    /// step: epochs at which lr is multiplied by gamma; a value < 1 is a fraction of the epochs.
    std::vector<double> milestones = {0.5, 0.75};
    double gamma = 0.1;
    double warmupEpochs = 0.0;       ///< linear warm-up length (may be fractional)
    double warmupStartFactor = 0.1;  ///< warm-up starts at base × this

    /** Learning rate for the step at `p`. */
    double lr(const TrainProgress& p) const;
    /** Empty when valid, else a message naming the offending field. */
    std::string validate() const;
};

/** The whole planned learning-rate curve (x in epochs). */
std::vector<CurvePoint> plannedLearningRate(const LrSchedule& s, TrainProgress layout,
                                            int maxPoints = 512);

const char* toString(LrScheduleKind k);
bool parseLrScheduleKind(const std::string& s, LrScheduleKind* out);

}  // namespace slb
