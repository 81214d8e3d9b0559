#pragma once
// A fused CPU op for LSQ's quantizer (internal to core/quant).

#include <torch/types.h>

namespace slb {

/**
 * v̂ = round(clamp(v/s, −qn, qp))·s in one pass, with LSQ's gradients (Eq. 3 and 5; clamp's
 * closed interval at the clip points, like the composite form): dv̂/dv = 1 inside [−qn, qp],
 * dv̂/ds = g·(round(v/s) − v/s) inside and g·clip value outside. `s` is a one-element tensor.
 * Returns an undefined tensor when v is not a dense float32 CPU tensor (the caller then uses the
 * composite form). The forward value is bit-identical to the composite form.
 */
torch::Tensor lsqQuantizeFused(const torch::Tensor& v, const torch::Tensor& s, double g, double qn,
                               double qp);

}  // namespace slb
