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
// compiler does not vectorise a sum on its own without -ffast-math, and the sum here must not
// depend on how it was split. Products are summed in float within blocks of kBlock elements (four
// lanes), each block's lanes then in double, all in a fixed order.
using F4 = float __attribute__((vector_size(16)));
constexpr std::int64_t kBlock = 256;

/// One element of the backward: writes dL/dv (passed on the open interval only, Eq. 5) and
/// returns dL/dy · dv̂/ds's factor (Eq. 3): −Qn below, Qp above, round(x) − x inside. A value
/// exactly on a clip point is clipped; NaN is neither below nor above and takes the inside branch,
/// as the straight-through form does.
inline float lsqGradScalar(float v, float gradOut, float step, float lo, float hi, float* gv) {
    const float x = v / step;
    const bool below = x <= lo;
    const bool above = x >= hi;
    *gv = (below || above) ? 0.f : gradOut;
    const float term = below ? lo : (above ? hi : roundEven(x) - x);
    return gradOut * term;
}

/// The same for four elements; returns the four products.
inline F4 lsqGrad4(const float* v, const float* gradOut, F4 step, F4 lo, F4 hi, float* gv) {
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
    return g * term;
}

/// Sum of the products over [begin, end), writing dL/dv there.
double lsqGradRange(const float* in, const float* gi, float* gvo, std::int64_t begin,
                    std::int64_t end, float step, float lo, float hi) {
    const F4 step4 = {step, step, step, step};
    const F4 lo4 = {lo, lo, lo, lo};
    const F4 hi4 = {hi, hi, hi, hi};
    double acc = 0;
    std::int64_t i = begin;
    while (i + 4 <= end) {
        const std::int64_t blockEnd = std::min(end, i + kBlock);
        F4 a = {}, b = {};  // two chains, so that the additions overlap
        for (; i + 8 <= blockEnd; i += 8) {
            a += lsqGrad4(in + i, gi + i, step4, lo4, hi4, gvo + i);
            b += lsqGrad4(in + i + 4, gi + i + 4, step4, lo4, hi4, gvo + i + 4);
        }
        for (; i + 4 <= blockEnd; i += 4)
            a += lsqGrad4(in + i, gi + i, step4, lo4, hi4, gvo + i);
        a += b;
        acc += (double(a[0]) + double(a[1])) + (double(a[2]) + double(a[3]));
    }
    for (; i < end; ++i)
        acc += double(lsqGradScalar(in[i], gi[i], step, lo, hi, gvo + i));
    return acc;
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
        at::parallel_for(0, kChunks, 1, [&](std::int64_t cb, std::int64_t ce) {
            for (std::int64_t c = cb; c < ce; ++c) {
                const std::int64_t begin = std::min(n, c * per);
                const std::int64_t end = std::min(n, (c + 1) * per);
                const double acc = lsqGradRange(in, gi, gvo, begin, end, step, lo, hi);
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
