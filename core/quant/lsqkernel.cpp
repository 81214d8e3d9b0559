#include "quant/lsqkernel.h"

#include <cmath>
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
                o[i] = std::nearbyint(x) * step;  // round half to even, as torch::round
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
                double acc = 0;
                const std::int64_t end = std::min(n, (c + 1) * per);
                for (std::int64_t i = c * per; i < end; ++i) {
                    const float x = in[i] / step;
                    // Eq. 5's open interval: a value exactly on a clip point is clipped.
                    if (x <= lo) {
                        gvo[i] = 0.f;
                        acc += double(gi[i]) * lo;
                    } else if (x >= hi) {
                        gvo[i] = 0.f;
                        acc += double(gi[i]) * hi;
                    } else {
                        gvo[i] = gi[i];
                        acc += double(gi[i]) * double(std::nearbyint(x) - x);
                    }
                }
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
