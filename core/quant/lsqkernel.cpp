#include "quant/lsqkernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

namespace slb {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

/// Work split into a fixed number of chunks whatever the thread count, so that the step
/// gradient, a sum, comes out the same on every run.
constexpr std::int64_t kChunks = 64;

/// Round half to even, as std::nearbyint in the default rounding mode (and torch::round), for
/// |x| <= 2^22: adding 1.5·2^23 leaves no fraction bits, so the addition itself rounds. Every
/// caller has clamped x to the quantizer's code range (at most 2^8) first. Unlike nearbyint,
/// which is a libm call here, it is two additions that vectorise. NaN stays NaN.
constexpr float kRoundMagic = 12582912.0f;  // 1.5 · 2^23

inline float roundEven(float x) {
    return (x + kRoundMagic) - kRoundMagic;
}

// The backward in explicit 4-wide vectors (GCC and Clang vector extensions, SSE2 and up): the
// compiler does not vectorise a sum of doubles on its own without -ffast-math, and the sum here
// must not depend on how it was split. Each chunk keeps four double lanes, added in a fixed order.
using F4 = float __attribute__((vector_size(16)));
using D2 = double __attribute__((vector_size(16)));

/// One element of the backward: writes dL/dv (passed on the open interval only, Eq. 5) and
/// returns dL/dy · dv̂/ds's factor (Eq. 3): −Qn below, Qp above, round(x) − x inside. A value
/// exactly on a clip point is clipped; NaN is neither below nor above and takes the inside branch,
/// as the straight-through form does.
inline double lsqGradScalar(float v, float gradOut, float step, float lo, float hi, float* gv) {
    const float x = v / step;
    const bool below = x <= lo;
    const bool above = x >= hi;
    *gv = (below || above) ? 0.f : gradOut;
    const float term = below ? lo : (above ? hi : roundEven(x) - x);
    return double(gradOut) * double(term);
}

/// The same for four elements; adds the four products into acc (two lanes each).
inline void lsqGrad4(const float* v, const float* gradOut, F4 step, F4 lo, F4 hi, float* gv,
                     D2& accLow, D2& accHigh) {
    F4 x, g;
    std::memcpy(&x, v, sizeof x);
    std::memcpy(&g, gradOut, sizeof g);
    x = x / step;
    const auto below = x <= lo;
    const auto above = x >= hi;
    const F4 zero = {};
    const F4 clamped = below ? lo : (above ? hi : x);
    const F4 inside = ((clamped + kRoundMagic) - kRoundMagic) - x;
    const F4 term = below ? lo : (above ? hi : inside);
    const F4 out = (below | above) ? zero : g;
    std::memcpy(gv, &out, sizeof out);
    const D2 gLow = __builtin_convertvector(__builtin_shufflevector(g, g, 0, 1), D2);
    const D2 gHigh = __builtin_convertvector(__builtin_shufflevector(g, g, 2, 3), D2);
    const D2 tLow = __builtin_convertvector(__builtin_shufflevector(term, term, 0, 1), D2);
    const D2 tHigh = __builtin_convertvector(__builtin_shufflevector(term, term, 2, 3), D2);
    accLow += gLow * tLow;
    accHigh += gHigh * tHigh;
}

bool denseFloatCpu(const torch::Tensor& v) {
    return v.device().is_cpu() && v.scalar_type() == torch::kFloat &&
           (v.is_contiguous() || v.is_contiguous(torch::MemoryFormat::ChannelsLast));
}

struct LsqFn : public torch::autograd::Function<LsqFn> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& v,
                                 const torch::Tensor& s, double g, double qn, double qp) {
        // empty_like keeps v's memory format, so element i of the output is element i of v.
        auto out = torch::empty_like(v);
        const float step = s.item<float>();
        const float lo = float(-qn), hi = float(qp);
        const float* in = v.data_ptr<float>();
        float* o = out.data_ptr<float>();
        at::parallel_for(0, v.numel(), 4096, [&](std::int64_t b, std::int64_t e) {
            for (std::int64_t i = b; i < e; ++i) {
                const float x = std::min(std::max(in[i] / step, lo), hi);
                o[i] = roundEven(x) * step;
            }
        });
        ctx->save_for_backward({v, s});
        ctx->saved_data["g"] = g;
        ctx->saved_data["qn"] = qn;
        ctx->saved_data["qp"] = qp;
        return out;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& v = saved[0];
        const auto& s = saved[1];
        const double g = ctx->saved_data["g"].toDouble();
        const float lo = float(-ctx->saved_data["qn"].toDouble());
        const float hi = float(ctx->saved_data["qp"].toDouble());
        const float step = s.item<float>();
        // The upstream gradient in v's layout, so that indices line up.
        const auto go = grads[0].contiguous(v.suggest_memory_format());
        auto gv = torch::empty_like(v);
        const float* in = v.data_ptr<float>();
        const float* gi = go.data_ptr<float>();
        float* gvo = gv.data_ptr<float>();
        const std::int64_t n = v.numel();
        std::vector<double> partial(kChunks, 0.0);
        const std::int64_t per = (n + kChunks - 1) / kChunks;
        const F4 step4 = {step, step, step, step};
        const F4 lo4 = {lo, lo, lo, lo};
        const F4 hi4 = {hi, hi, hi, hi};
        at::parallel_for(0, kChunks, 1, [&](std::int64_t cb, std::int64_t ce) {
            for (std::int64_t c = cb; c < ce; ++c) {
                const std::int64_t begin = std::min(n, c * per);
                const std::int64_t end = std::min(n, (c + 1) * per);
                D2 accLow = {}, accHigh = {};
                std::int64_t i = begin;
                for (; i + 4 <= end; i += 4)
                    lsqGrad4(in + i, gi + i, step4, lo4, hi4, gvo + i, accLow, accHigh);
                double tail = 0;
                for (; i < end; ++i)
                    tail += lsqGradScalar(in[i], gi[i], step, lo, hi, gvo + i);
                const double acc = ((accLow[0] + accLow[1]) + (accHigh[0] + accHigh[1])) + tail;
                partial[std::size_t(c)] = acc;
            }
        });
        double sum = 0;
        for (double p : partial)
            sum += p;
        auto gs = torch::full_like(s, sum * g);
        return {gv, gs, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor lsqQuantizeFused(const torch::Tensor& v, const torch::Tensor& s, double g, double qn,
                               double qp) {
    if (!denseFloatCpu(v) || !s.device().is_cpu() || s.scalar_type() != torch::kFloat ||
        s.numel() != 1)
        return {};
    return LsqFn::apply(v, s, g, qn, qp);
}

}  // namespace slb
