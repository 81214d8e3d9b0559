#include "base/lrschedule.h"

#include <algorithm>
#include <cmath>

namespace slb {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

double LrSchedule::lr(const TrainProgress& p) const {
    // Position in epochs: continuous per iteration, whole epochs per epoch.
    const double x = unit == ScheduleUnit::Iteration ? p.fractionalEpoch() : double(p.epoch);
    const double total = std::max(1, p.totalEpochs);
    if (warmupEpochs > 0 && x < warmupEpochs) {
        const double f = warmupStartFactor + (1.0 - warmupStartFactor) * (x / warmupEpochs);
        return base * f;
    }
    switch (kind) {
        case LrScheduleKind::Constant:
            return base;
        case LrScheduleKind::Cosine: {
            // Cosine over what follows the warm-up: base at its start, minLr at the end.
            const double span = std::max(1e-12, total - warmupEpochs);
            const double q = std::clamp((x - warmupEpochs) / span, 0.0, 1.0);
            return minLr + (base - minLr) * 0.5 * (1.0 + std::cos(kPi * q));
        }
        case LrScheduleKind::Step: {
            double v = base;
            for (double m : milestones) {
                const double at = m < 1.0 ? m * total : m;
                if (x >= at)
                    v *= gamma;
            }
            return v;
        }
    }
    return base;
}

std::string LrSchedule::validate() const {
    if (!std::isfinite(base) || base <= 0)
        return "lr: must be > 0";
    if (!std::isfinite(minLr) || minLr < 0 || minLr > base)
        return "lr_min: must lie in [0, lr]";
    if (!std::isfinite(gamma) || gamma <= 0)
        return "lr_gamma: must be > 0";
    for (double m : milestones)
        if (!std::isfinite(m) || m <= 0)
            return "lr_milestones: must be > 0";
    if (!std::isfinite(warmupEpochs) || warmupEpochs < 0)
        return "warmup_epochs: must be >= 0";
    if (!std::isfinite(warmupStartFactor) || warmupStartFactor < 0 || warmupStartFactor > 1)
        return "warmup_start_factor: must lie in [0, 1]";
    return {};
}

std::vector<CurvePoint> plannedLearningRate(const LrSchedule& s, TrainProgress layout,
                                            int maxPoints) {
    std::vector<CurvePoint> out;
    const std::int64_t total = layout.totalIterations();
    if (total <= 0 || maxPoints < 2)
        return out;
    const std::int64_t stride = std::max<std::int64_t>(1, total / maxPoints);
    for (std::int64_t it = 0; it < total; it += stride) {
        const TrainProgress p = layout.atIteration(it);
        out.push_back({p.fractionalEpoch(), s.lr(p)});
    }
    out.push_back({double(layout.totalEpochs), s.lr(layout.atIteration(total - 1))});
    return out;
}

const char* toString(LrScheduleKind k) {
    switch (k) {
        case LrScheduleKind::Constant:
            return "constant";
        case LrScheduleKind::Cosine:
            return "cosine";
        case LrScheduleKind::Step:
            return "step";
    }
    return "cosine";
}

bool parseLrScheduleKind(const std::string& s, LrScheduleKind* out) {
    for (auto k : {LrScheduleKind::Constant, LrScheduleKind::Cosine, LrScheduleKind::Step}) {
        if (s == toString(k)) {
            *out = k;
            return true;
        }
    }
    return false;
}

}  // namespace slb
