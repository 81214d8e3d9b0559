#include "quantmath.h"

#include <algorithm>
#include <cmath>

namespace slb::quantmath {

std::vector<double> slbValues(int count) {
    count = std::max(2, count);
    std::vector<double> v(std::size_t(count), 0.0);
    for (int i = 0; i < count; ++i)
        v[std::size_t(i)] = -1.0 + 2.0 * double(i) / double(count - 1);
    return v;
}

std::vector<double> softmaxAt(const std::vector<double>& logits, double t) {
    std::vector<double> p(logits.size(), 0.0);
    if (logits.empty())
        return p;
    // Shifted by the largest A·T, so that a large T does not overflow exp.
    double top = logits[0] * t;
    for (double a : logits)
        top = std::max(top, a * t);
    double sum = 0;
    for (std::size_t i = 0; i < logits.size(); ++i)
        sum += p[i] = std::exp(logits[i] * t - top);
    for (double& x : p)
        x /= sum;
    return p;
}

double expectation(const std::vector<double>& probs, const std::vector<double>& values) {
    double w = 0;
    for (std::size_t i = 0; i < std::min(probs.size(), values.size()); ++i)
        w += probs[i] * values[i];
    return w;
}

int argmaxIndex(const std::vector<double>& logits) {
    return logits.empty() ? -1
                          : int(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

LsqLevels lsqLevels(int bits, bool isSigned) {
    const double half = std::ldexp(1.0, bits - 1);
    return isSigned ? LsqLevels{half, half - 1} : LsqLevels{0, std::ldexp(1.0, bits) - 1};
}

double lsqQuantize(double v, double s, const LsqLevels& q) {
    return std::nearbyint(std::clamp(v / s, -q.qn, q.qp)) * s;
}

double lsqStepGradient(double v, double s, const LsqLevels& q) {
    const double x = v / s;
    if (x <= -q.qn)
        return -q.qn;
    if (x >= q.qp)
        return q.qp;
    return -x + std::nearbyint(x);
}

double lsqGradScale(std::int64_t n, double qp) {
    return 1.0 / std::sqrt(double(std::max<std::int64_t>(1, n)) * std::max(qp, 1e-12));
}

}  // namespace slb::quantmath
