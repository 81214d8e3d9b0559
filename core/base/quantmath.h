#pragma once
// SLB's and LSQ's formulas for one value at a time, in plain doubles: what the playgrounds draw
// before any training. The engine computes the same on tensors (core/quant); tst_quantmath checks
// that the two agree.

#include <cstdint>
#include <vector>

namespace slb::quantmath {

/** SLB's V with m values: linspace(−1, 1, m) (m = 2: {−1, +1}; 2^b values for b bits). */
std::vector<double> slbValues(int count);

/** softmax(A·T): the probabilities of one weight's values at inverse temperature T. */
std::vector<double> softmaxAt(const std::vector<double>& logits, double t);

/** W_c = Σ_i p_i v_i. */
double expectation(const std::vector<double>& probs, const std::vector<double>& values);

/** Index of the largest logit (the first of equals, as torch's argmax). */
int argmaxIndex(const std::vector<double>& logits);

/** LSQ's clip levels in units of s: signed Qn = 2^(b−1), Qp = 2^(b−1) − 1; unsigned 0, 2^b − 1. */
struct LsqLevels {
    double qn = 0, qp = 0;
};
LsqLevels lsqLevels(int bits, bool isSigned);

/** Eq. 1–2: v̂ = round(clip(v/s, −Qn, Qp))·s, ties to even as torch.round. */
double lsqQuantize(double v, double s, const LsqLevels& q);

/** Eq. 3: ∂v̂/∂s = −v/s + round(v/s) inside the range, −Qn below it, Qp above it. */
double lsqStepGradient(double v, double s, const LsqLevels& q);

/** §2.2: the step gradient's scale g = 1/√(N·Qp) for N values quantized by one step. */
double lsqGradScale(std::int64_t n, double qp);

}  // namespace slb::quantmath
