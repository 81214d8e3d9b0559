#pragma once
// Range arithmetic for autoscaling curves: extremes, outlier-robust ranges, margins. A range
// with lower > upper means "no values". Torch-free, GUI-free.

#include <vector>

class QCPRange;

namespace slb {

/** A range with lower > upper, meaning "no values" (QCPRange's constructor would swap them). */
QCPRange noRange();

/** Extremes of the finite values (positive only when `logScale`); noRange() when none. */
QCPRange extremes(const std::vector<double>& values, bool logScale);

/** See CurvesPanel::robustRange(): chunked far-out fences, on log10 with `logScale`. */
QCPRange robustRange(const std::vector<double>& values, bool logScale);

/** `r` widened by `fraction` of its span on each side (multiplicatively on a log axis). */
QCPRange withMargin(QCPRange r, bool logScale, double fraction);

/** The smallest range holding both; a "no values" range adds nothing. */
QCPRange unite(QCPRange a, const QCPRange& b);

}  // namespace slb
