#pragma once
// Temperature schedules of SLB (paper §4.1; Golden Stick's `factor`). Pure functions of progress,
// so a GUI can draw the whole planned curve before training starts. Torch-free.
//
// T is the *inverse* temperature (T = 1/τ): P = softmax(A·T). Larger T, sharper distributions.

#include <string>
#include <vector>

#include "base/progress.h"

namespace slb {

enum class TempScheduleKind { Exp, Linear, Sin, Factor, Constant };

/** Parameters of a temperature schedule; defaults are Golden Stick's `factor` schedule. */
struct TemperatureSchedule {
    TempScheduleKind kind = TempScheduleKind::Factor;
    ScheduleUnit unit = ScheduleUnit::Epoch;

    // exp / linear / sin: T goes from tStart at the first unit to tEnd at the last.
    double tStart = 1.0;
    double tEnd = 100.0;
    /// Fraction of the epochs after which exp/linear/sin enter the hard phase; <= 0: never.
    double hardFrom = -1.0;

    // factor: with E epochs, Es = ⌊E·start⌋, Ee = ⌊E·end⌋, and e the 1-based epoch number,
    // T = t0·factor^(min(e, Ee) − Es) for e > Es, else t0; the hard phase runs from epoch Ee on.
    double t0 = 1.0;
    double factor = 1.2;
    double start = 0.2;
    double end = 0.6;
    bool factorHardPhase = true;

    /** Inverse temperature T for the step at `p`. */
    double temperature(const TrainProgress& p) const;
    /** True when the step at `p` trains with the discrete weights W_q (A no longer learns). */
    bool hardPhase(const TrainProgress& p) const;
    /** 1-based epoch from which the hard phase runs, or 0 when the schedule has none. */
    int hardPhaseStartEpoch(int totalEpochs) const;
    /** Es and Ee of the factor schedule for E epochs. */
    int factorStartEpoch(int totalEpochs) const;
    int factorEndEpoch(int totalEpochs) const;

    /** Empty when valid, else a message naming the offending field. */
    std::string validate() const;
};

/** A sampled point of a planned curve: x in (fractional) epochs from the start of training. */
struct CurvePoint {
    double epoch;
    double value;
};

/** The whole planned temperature curve of a run, at most maxPoints samples (plus edges). */
std::vector<CurvePoint> plannedTemperature(const TemperatureSchedule& s, TrainProgress layout,
                                           int maxPoints = 512);

const char* toString(TempScheduleKind k);
bool parseTempScheduleKind(const std::string& s, TempScheduleKind* out);
const char* toString(ScheduleUnit u);
bool parseScheduleUnit(const std::string& s, ScheduleUnit* out);

}  // namespace slb
