#include "autoscale.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace slb {

namespace {

constexpr std::size_t kMinChunk = 64;  ///< robustRange(): points per chunk, at least

/** Linear-interpolated quantile of sorted values. */
double quantile(const std::vector<double>& sorted, double q) {
    const double pos = q * double(sorted.size() - 1);
    const auto i = std::size_t(pos);
    if (i + 1 >= sorted.size())
        return sorted.back();
    return sorted[i] + (pos - double(i)) * (sorted[i + 1] - sorted[i]);
}

}  // namespace

QCPRange noRange() {
    QCPRange r;
    r.lower = std::numeric_limits<double>::max();
    r.upper = std::numeric_limits<double>::lowest();
    return r;
}

QCPRange extremes(const std::vector<double>& values, bool logScale) {
    QCPRange r = noRange();
    for (double v : values)
        if (std::isfinite(v) && (!logScale || v > 0)) {
            r.lower = std::min(r.lower, v);
            r.upper = std::max(r.upper, v);
        }
    return r;
}

QCPRange robustRange(const std::vector<double>& values, bool logScale) {
    std::vector<double> kept;
    kept.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v) && (!logScale || v > 0))
            kept.push_back(logScale ? std::log10(v) : v);
    QCPRange r = noRange();
    if (kept.empty())
        return r;
    // Chunks of consecutive points: the fences follow the trend of the curve, so a descent that
    // lasts (the first steps) stays in range while a lone spike does not.
    const std::size_t chunk = std::max(kMinChunk, kept.size() / 256);
    std::vector<double> sorted;
    for (std::size_t begin = 0; begin < kept.size(); begin += chunk) {
        const std::size_t end = std::min(kept.size(), begin + chunk);
        sorted.assign(kept.begin() + std::ptrdiff_t(begin), kept.begin() + std::ptrdiff_t(end));
        std::sort(sorted.begin(), sorted.end());
        const double q1 = quantile(sorted, 0.25), q3 = quantile(sorted, 0.75);
        const double lo = q1 - 3 * (q3 - q1), hi = q3 + 3 * (q3 - q1);
        for (double v : sorted)
            if (v >= lo && v <= hi) {
                r.lower = std::min(r.lower, v);
                r.upper = std::max(r.upper, v);
            }
    }
    if (logScale)
        r = QCPRange(std::pow(10.0, r.lower), std::pow(10.0, r.upper));
    return r;
}

QCPRange withMargin(QCPRange r, bool logScale, double fraction) {
    if (logScale) {
        const double span = std::log10(r.upper / r.lower);
        const double f = std::pow(10.0, span > 0 ? span * fraction : 0.15);
        return QCPRange(r.lower / f, r.upper * f);
    }
    const double span = r.upper - r.lower;
    const double m = span > 0 ? span * fraction : std::max(std::abs(r.upper) * 0.1, 0.05);
    return QCPRange(r.lower - m, r.upper + m);
}

QCPRange unite(QCPRange a, const QCPRange& b) {
    if (b.lower > b.upper)
        return a;
    if (a.lower > a.upper)
        return b;
    return QCPRange(std::min(a.lower, b.lower), std::max(a.upper, b.upper));
}

}  // namespace slb
