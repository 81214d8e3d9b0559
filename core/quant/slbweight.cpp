#include "quant/slbweight.h"

#include "quant/slbkernels.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>

#include <ATen/Parallel.h>
#include <torch/autograd.h>
#include <torch/nn/init.h>

namespace slb {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

/// Rows per task when the CPU kernels are split over threads.
constexpr std::int64_t kGrain = 2048;

/// The CPU kernels cover float32 on the CPU with up to 256 values (8 bits); anything else takes
/// the generic softmax path (CUDA, double in tests).
bool useCpuKernel(const torch::Tensor& a, const torch::Tensor& values) {
    return a.device().is_cpu() && a.scalar_type() == torch::kFloat &&
           values.scalar_type() == torch::kFloat && a.size(-1) <= 256;
}

/// Softmax expectation with its gradient written out: dW_c/dA_i = T·P_i·(v_i − W_c).
/// Saves W_c only; P is recomputed from A in backward.
struct SlbExpectationFn : public torch::autograd::Function<SlbExpectationFn> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& a,
                                 const torch::Tensor& values, double t) {
        torch::Tensor wc;
        if (useCpuKernel(a, values)) {
            const auto ac = a.contiguous();
            const auto vc = values.contiguous();
            wc = torch::empty(a.sizes().slice(0, a.dim() - 1), a.options());
            const float* ap = ac.data_ptr<float>();
            const float* vp = vc.data_ptr<float>();
            float* out = wc.data_ptr<float>();
            const std::int64_t m = a.size(-1);
            at::parallel_for(0, wc.numel(), kGrain, [&](std::int64_t b, std::int64_t e) {
                kernels::expectationRows(ap, vp, b, e, m, float(t), out);
            });
        } else {
            wc = torch::matmul(torch::softmax(a * t, -1), values);
        }
        ctx->save_for_backward({a, values, wc});
        ctx->saved_data["t"] = t;
        return wc;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& a = saved[0];
        const auto& values = saved[1];
        const auto& wc = saved[2];
        const double t = ctx->saved_data["t"].toDouble();
        torch::Tensor ga;
        if (useCpuKernel(a, values) && grads[0].scalar_type() == torch::kFloat) {
            const auto ac = a.contiguous();
            const auto vc = values.contiguous();
            const auto g = grads[0].contiguous();
            ga = torch::empty_like(ac);
            const float* ap = ac.data_ptr<float>();
            const float* vp = vc.data_ptr<float>();
            const float* wp = wc.data_ptr<float>();
            const float* gp = g.data_ptr<float>();
            float* out = ga.data_ptr<float>();
            const std::int64_t m = a.size(-1);
            at::parallel_for(0, wc.numel(), kGrain, [&](std::int64_t b, std::int64_t e) {
                kernels::expectationGradRows(ap, vp, wp, gp, b, e, m, float(t), out);
            });
        } else {
            const auto p = torch::softmax(a * t, -1);
            ga = p * (values - wc.unsqueeze(-1)) * (grads[0].unsqueeze(-1) * t);
        }
        return {ga, torch::Tensor(), torch::Tensor()};
    }
};

/// b = 1: W_c = P_+ − P_− = tanh(T·(A_+ − A_−)/2); a single tanh, forward and backward.
struct SlbBinaryFn : public torch::autograd::Function<SlbBinaryFn> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& a, double t) {
        const auto d = a.select(-1, 1) - a.select(-1, 0);
        auto wc = torch::tanh(d * (0.5 * t));
        ctx->save_for_backward({wc});
        ctx->saved_data["t"] = t;
        return wc;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto wc = ctx->get_saved_variables()[0];
        const double t = ctx->saved_data["t"].toDouble();
        const auto gd = grads[0] * (1 - wc * wc) * (0.5 * t);
        return {torch::stack({-gd, gd}, -1), torch::Tensor()};
    }
};

}  // namespace

std::vector<float> slbValues(int bits) {
    if (bits < 1 || bits > 8)
        throw std::invalid_argument("SLB supports 1 to 8 bits");
    if (bits == 1)
        return {-1.f, 1.f};
    const int m = 1 << bits;
    std::vector<float> v(m);
    for (int i = 0; i < m; ++i)
        v[i] = float(-1.0 + 2.0 * i / (m - 1));
    return v;
}

torch::Tensor slbExpectation(const torch::Tensor& a, const torch::Tensor& values, double t,
                             bool binary) {
    if (binary)
        return SlbBinaryFn::apply(a, t);
    return SlbExpectationFn::apply(a, values, t);
}

torch::Tensor slbArgmaxWeight(const torch::Tensor& a, const torch::Tensor& values) {
    torch::NoGradGuard noGrad;
    return values.index({a.argmax(-1)});
}

SlbWeightImpl::SlbWeightImpl(std::vector<std::int64_t> shape, int bits, std::int64_t fan)
    : m_shape(std::move(shape)), m_bits(bits), m_fan(fan) {
    const auto v = slbValues(bits);
    std::vector<std::int64_t> aShape = m_shape;
    aShape.push_back(std::int64_t(v.size()));
    A = register_parameter("A", torch::empty(aShape));
    values = register_buffer("values", torch::tensor(v));
    resetParameters();

    // A fixed handful of weights to watch, the same for every run of this layer shape.
    const std::int64_t n = numWeights();
    std::mt19937_64 rng(0x5eed + std::uint64_t(n) * 31 + std::uint64_t(bits));
    std::uniform_int_distribution<std::int64_t> pick(0, n - 1);
    std::set<std::int64_t> chosen;
    while (std::int64_t(chosen.size()) < std::min<std::int64_t>(kTracked, n))
        chosen.insert(pick(rng));
    m_tracked.assign(chosen.begin(), chosen.end());
}

std::int64_t SlbWeightImpl::numWeights() const {
    std::int64_t n = 1;
    for (auto d : m_shape)
        n *= d;
    return n;
}

void SlbWeightImpl::resetParameters() {
    torch::NoGradGuard noGrad;
    A.normal_(0.0, std::sqrt(2.0 / double(std::max<std::int64_t>(1, m_fan))));
}

void SlbWeightImpl::initFromFloat(const torch::Tensor& w) {
    TORCH_CHECK(w.sizes().vec() == m_shape, "initFromFloat: weight shape ", w.sizes(),
                " does not match the layer's ", torch::IntArrayRef(m_shape));
    torch::NoGradGuard noGrad;
    auto wf = w.detach().to(A.device(), torch::kFloat);
    // Per-layer scale: the largest magnitude, capped at 3σ so a few outliers do not squeeze
    // everything else onto the middle values of V.
    double scale = std::min(wf.abs().max().item<double>(), 3.0 * wf.std().item<double>());
    if (!(scale > 0) || !std::isfinite(scale))
        scale = 1.0;
    const auto q = (wf / scale).clamp(-1, 1);
    const auto nearest = (q.unsqueeze(-1) - values).abs().argmin(-1);
    const int m = int(values.numel());
    // Peak of 2·ln m: P ≈ m²/(m² + m − 1) at T = 1 — clearly chosen, not yet saturated.
    const double peak = 2.0 * std::log(double(m));
    resetParameters();
    A.add_(torch::one_hot(nearest, m).to(A.dtype()) * peak);
}

void SlbWeightImpl::setHard(bool hard) {
    m_hard = hard;
    A.set_requires_grad(!hard);
    if (hard)
        A.mutable_grad() = torch::Tensor();
}

bool SlbWeightImpl::usesDiscrete() const {
    switch (m_mode) {
        case WeightMode::Continuous:
            return false;
        case WeightMode::Discrete:
            return true;
        case WeightMode::Auto:
            break;
    }
    return is_training() ? m_hard : true;
}

torch::Tensor SlbWeightImpl::softWeight() {
    return slbExpectation(A, values, m_temperature, m_bits == 1);
}

torch::Tensor SlbWeightImpl::hardWeight() const {
    return slbArgmaxWeight(A, values);
}

torch::Tensor SlbWeightImpl::weight() {
    return usesDiscrete() ? hardWeight() : softWeight();
}

torch::Tensor SlbWeightImpl::argmaxIndices() const {
    torch::NoGradGuard noGrad;
    return A.argmax(-1).reshape({-1}).to(torch::kUInt8);
}

SlbSnapshot SlbWeightImpl::snapshot() const {
    torch::NoGradGuard noGrad;
    const int m = int(values.numel());
    SlbSnapshot s;
    s.bits = m_bits;
    s.temperature = m_temperature;
    s.values = slbValues(m_bits);

    const auto a = A.detach().reshape({-1, m}).to(torch::kFloat);
    const auto p = torch::softmax(a * m_temperature, -1);
    const auto n = double(a.size(0));
    auto [maxP, idx] = p.max(-1);
    // max P ≥ 1/m in exact arithmetic; rounding may put it a hair below, and histc drops what
    // lies outside its range.
    maxP = maxP.clamp(1.0 / m, 1.0);

    auto toVec = [](const torch::Tensor& t) {
        const auto c = t.to(torch::kCPU, torch::kFloat).contiguous();
        return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    };
    s.meanProb = toVec(p.mean(0));
    s.argmaxShare = toVec(torch::bincount(idx, {}, m).to(torch::kFloat) / n);
    const double lo = 1.0 / m;
    // histc's top bin is closed, so max P = 1 lands in the last bin.
    s.maxProbHist = toVec(torch::histc(maxP, SlbSnapshot::kMaxProbBins, lo, 1.0) / n);
    s.meanEntropy = (-(p * torch::log(p.clamp_min(1e-30))).sum(-1)).mean().item<double>();
    s.sharpShare = (maxP > 0.999).to(torch::kFloat).mean().item<double>();

    const auto v = values.to(p.device(), torch::kFloat);
    const auto wc = torch::matmul(p, v);
    const auto wq = v.index({idx});
    const double nq = wq.norm().item<double>();
    s.gap = nq > 0 ? (wq - wc).norm().item<double>() / nq : 0.0;

    s.trackedIndex = m_tracked;
    const auto ti =
        torch::tensor(m_tracked, torch::TensorOptions().dtype(torch::kLong).device(p.device()));
    s.trackedProbs = toVec(p.index_select(0, ti));
    return s;
}

}  // namespace slb
