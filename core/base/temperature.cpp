#include "base/temperature.h"

#include <algorithm>
#include <cmath>

namespace slb {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Progress in [0, 1]: 0 at the first unit (step or epoch) of the run, 1 at its last.
double unitProgress(ScheduleUnit unit, const TrainProgress& p) {
    double k, last;
    if (unit == ScheduleUnit::Iteration) {
        k = double(p.iteration);
        last = double(p.totalIterations() - 1);
    } else {
        k = double(p.epoch);
        last = double(p.totalEpochs - 1);
    }
    if (last <= 0)
        return 1.0;
    return std::clamp(k / last, 0.0, 1.0);
}

}  // namespace

int TemperatureSchedule::factorStartEpoch(int totalEpochs) const {
    return int(std::floor(totalEpochs * start));
}

int TemperatureSchedule::factorEndEpoch(int totalEpochs) const {
    return int(std::floor(totalEpochs * end));
}

double TemperatureSchedule::temperature(const TrainProgress& p) const {
    switch (kind) {
        case TempScheduleKind::Constant:
            return tStart;
        case TempScheduleKind::Linear:
            return tStart + unitProgress(unit, p) * (tEnd - tStart);
        case TempScheduleKind::Sin:
            return tStart + std::sin(unitProgress(unit, p) * kPi / 2.0) * (tEnd - tStart);
        case TempScheduleKind::Exp:
            return tStart * std::pow(tEnd / tStart, unitProgress(unit, p));
        case TempScheduleKind::Factor: {
            const double es = factorStartEpoch(p.totalEpochs);
            const double ee = factorEndEpoch(p.totalEpochs);
            // Golden Stick counts epochs from 1; per iteration the epoch number runs continuously
            // and equals the per-epoch value at every epoch start.
            const double e =
                unit == ScheduleUnit::Epoch ? double(p.epoch + 1) : 1.0 + p.fractionalEpoch();
            if (e <= es)
                return t0;
            return t0 * std::pow(factor, std::max(0.0, std::min(e, ee) - es));
        }
    }
    return tStart;
}

int TemperatureSchedule::hardPhaseStartEpoch(int totalEpochs) const {
    if (kind == TempScheduleKind::Factor)
        return factorHardPhase ? std::max(1, factorEndEpoch(totalEpochs)) : 0;
    if (hardFrom <= 0)
        return 0;
    return std::max(1, int(std::floor(totalEpochs * hardFrom)));
}

bool TemperatureSchedule::hardPhase(const TrainProgress& p) const {
    const int from = hardPhaseStartEpoch(p.totalEpochs);
    return from > 0 && p.epoch + 1 >= from;
}

std::string TemperatureSchedule::validate() const {
    auto finitePositive = [](double v) { return std::isfinite(v) && v > 0; };
    switch (kind) {
        case TempScheduleKind::Exp:
            if (!finitePositive(tStart))
                return "t_start: must be > 0 for exp";
            if (!finitePositive(tEnd))
                return "t_end: must be > 0 for exp";
            break;
        case TempScheduleKind::Linear:
        case TempScheduleKind::Sin:
        case TempScheduleKind::Constant:
            if (!finitePositive(tStart))
                return "t_start: must be > 0";
            if (kind != TempScheduleKind::Constant && !finitePositive(tEnd))
                return "t_end: must be > 0";
            break;
        case TempScheduleKind::Factor:
            if (!finitePositive(t0))
                return "t0: must be > 0";
            if (!finitePositive(factor))
                return "t_factor: must be > 0";
            if (!(start >= 0 && start <= 1))
                return "t_start_frac: must lie in [0, 1]";
            if (!(end >= 0 && end <= 1))
                return "t_end_frac: must lie in [0, 1]";
            if (end < start)
                return "t_end_frac: must not be below t_start_frac";
            break;
    }
    if (!std::isfinite(hardFrom) || hardFrom > 1)
        return "hard_from: must be <= 1 (or <= 0 for no hard phase)";
    return {};
}

std::vector<CurvePoint> plannedTemperature(const TemperatureSchedule& s, TrainProgress layout,
                                           int maxPoints) {
    std::vector<CurvePoint> out;
    const std::int64_t total = layout.totalIterations();
    if (total <= 0 || maxPoints < 2)
        return out;
    if (s.unit == ScheduleUnit::Epoch) {
        // A staircase: one value per epoch, drawn from its start to its end.
        for (int e = 0; e < layout.totalEpochs; ++e) {
            const double t =
                s.temperature(layout.atIteration(std::int64_t(e) * layout.itersPerEpoch));
            out.push_back({double(e), t});
            out.push_back({double(e + 1), t});
        }
        return out;
    }
    const std::int64_t stride = std::max<std::int64_t>(1, total / maxPoints);
    for (std::int64_t it = 0; it < total; it += stride)
        out.push_back(
            {layout.atIteration(it).fractionalEpoch(), s.temperature(layout.atIteration(it))});
    const TrainProgress last = layout.atIteration(total - 1);
    out.push_back({double(layout.totalEpochs), s.temperature(last)});
    return out;
}

const char* toString(TempScheduleKind k) {
    switch (k) {
        case TempScheduleKind::Exp:
            return "exp";
        case TempScheduleKind::Linear:
            return "linear";
        case TempScheduleKind::Sin:
            return "sin";
        case TempScheduleKind::Factor:
            return "factor";
        case TempScheduleKind::Constant:
            return "constant";
    }
    return "factor";
}

bool parseTempScheduleKind(const std::string& s, TempScheduleKind* out) {
    for (auto k : {TempScheduleKind::Exp, TempScheduleKind::Linear, TempScheduleKind::Sin,
                   TempScheduleKind::Factor, TempScheduleKind::Constant}) {
        if (s == toString(k)) {
            *out = k;
            return true;
        }
    }
    return false;
}

const char* toString(ScheduleUnit u) {
    return u == ScheduleUnit::Epoch ? "epoch" : "iteration";
}

bool parseScheduleUnit(const std::string& s, ScheduleUnit* out) {
    if (s == "epoch") {
        *out = ScheduleUnit::Epoch;
    } else if (s == "iteration" || s == "step") {
        *out = ScheduleUnit::Iteration;
    } else {
        return false;
    }
    return true;
}

}  // namespace slb
