#pragma once
// A fused CPU op for LSQ's quantizer (internal to core/quant).

#include <torch/types.h>

namespace slb {

/**
 * v̂ = round(clamp(v/s, −qn, qp))·s in one pass, with LSQ's gradients exactly as Eq. 3 and 5:
 * dv̂/dv = 1 for −qn < v/s < qp and 0 elsewhere, dv̂/ds = g·(round(v/s) − v/s) inside and
 * g·(−qn or qp) on or beyond the clip points. `s` is a one-element tensor.
 * Returns an undefined tensor when v is not a dense float32 CPU tensor (the caller then uses the
 * composite form). The forward value is bit-identical to the composite form.
 */
torch::Tensor lsqQuantizeFused(const torch::Tensor& v, const torch::Tensor& s, double g, double qn,
                               double qp);

}  // namespace slb
