#include "quant/lsq.h"

#include "dist/communicator.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <torch/torch.h>

#include "quant/lsqkernel.h"

namespace slb {

namespace {

void checkBits(int bits, const char* field) {
    if (bits < 2 || bits > 8) {
        throw std::invalid_argument(std::string(field) + ": LSQ supports 2 to 8 bits, got " +
                                    std::to_string(bits));
    }
}

// Both helpers put the detached term first, so the forward value is exactly x (resp. round(x))
// plus an exact zero. The paper's detach(x − x·g) + x·g can be off by one ulp of s, and then v̂
// differs from codes·s, which the packed export and its evaluator rely on. (For roundpass the
// paper's form happens to be exact too; the same shape keeps the two easy to compare.)

/** Forward x, backward g·dL/dy (paper Function 1). */
torch::Tensor gradScale(const torch::Tensor& x, double g) {
    const torch::Tensor scaled = x * g;
    return x.detach() + (scaled - scaled.detach());
}

/** Forward round(x), backward dL/dy: the straight-through estimator (paper Function 2). */
torch::Tensor roundPass(const torch::Tensor& x) {
    return x.round().detach() + (x - x.detach());
}

/** Features per sample for activations (N_F), elements for weights (N_W). */
double gradScaleCount(const torch::Tensor& v, bool isActivation) {
    if (isActivation && v.dim() > 0 && v.size(0) > 0) {
        return double(v.numel() / v.size(0));
    }
    return double(std::max<std::int64_t>(v.numel(), 1));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// LsqQuantizerImpl

LsqQuantizerImpl::LsqQuantizerImpl(const LsqQuantizerOptions& options) : m_options(options) {
    checkBits(options.bits(), "bits");
    const int b = options.bits();
    if (options.isSigned()) {
        m_qn = std::ldexp(1.0, b - 1);
        m_qp = std::ldexp(1.0, b - 1) - 1.0;
    } else {
        m_qn = 0.0;
        m_qp = std::ldexp(1.0, b) - 1.0;
    }
    m_step = register_parameter("step", torch::ones({1}, torch::kFloat32));
    m_initializedBuffer = register_buffer("initialized", torch::zeros({1}, torch::kBool));
}

torch::Tensor LsqQuantizerImpl::stepFrom(const torch::Tensor& v) const {
    torch::NoGradGuard noGrad;
    torch::Tensor meanAbs = v.detach().abs().mean().to(torch::kFloat32);
    if (Communicator* comm = currentCommunicator();
        comm && comm->worldSize() > 1 && is_training()) {
        // Data-parallel: the first batch is the global one, so the mean over every rank's part.
        auto sumAndCount = torch::stack({v.detach().abs().sum().to(torch::kDouble),
                                         torch::tensor(double(v.numel()), torch::kDouble)});
        comm->allreduceSum({sumAndCount});
        meanAbs = (sumAndCount[0] / sumAndCount[1]).to(torch::kFloat32);
    }
    return (meanAbs * (2.0 / std::sqrt(m_qp))).clamp_min(kMinStep).reshape({1});
}

void LsqQuantizerImpl::initStep(const torch::Tensor& v) {
    torch::NoGradGuard noGrad;
    m_step.copy_(stepFrom(v));
    setInitialized(true);
}

void LsqQuantizerImpl::setStep(double step) {
    torch::NoGradGuard noGrad;
    m_step.fill_(std::max(step, kMinStep));
    setInitialized(true);
}

void LsqQuantizerImpl::markUninitialized() {
    setInitialized(false);
}

void LsqQuantizerImpl::setInitialized(bool on) {
    torch::NoGradGuard noGrad;
    m_initializedBuffer.fill_(on);
    m_initialized = on;
}

double LsqQuantizerImpl::stepValue() const {
    return m_step.item<double>();
}

void LsqQuantizerImpl::constrain() {
    torch::NoGradGuard noGrad;
    m_step.clamp_min_(kMinStep);
}

void LsqQuantizerImpl::load(torch::serialize::InputArchive& archive) {
    torch::nn::Module::load(archive);
    m_initialized = m_initializedBuffer.item<double>() != 0.0;
}

torch::Tensor LsqQuantizerImpl::forward(const torch::Tensor& v) {
    if (!m_initialized) {
        if (!m_options.isActivation() || is_training()) {
            initStep(v);
        } else {
            // An evaluation before the first training batch (e.g. the epoch-0 test accuracy)
            // must not consume the paper's "first batch" init, yet a step of 1.0 would be
            // meaningless: quantize with a step from this batch and store nothing.
            return quantizeWith(v, stepFrom(v));
        }
    }
    const double g = 1.0 / std::sqrt(gradScaleCount(v, m_options.isActivation()) * m_qp);
    const torch::Tensor step = m_step.clamp_min(kMinStep);
    // One fused pass on the CPU (float32, dense); the composite form elsewhere. Both give the
    // same forward values and the gradients of Eq. 3 and 5.
    if (!m_capture) {
        if (torch::Tensor out = lsqQuantizeFused(v, step, g, m_qn, m_qp); out.defined())
            return out;
    }
    return quantizeWith(v, gradScale(step, g));
}

torch::Tensor LsqQuantizerImpl::quantizeWith(const torch::Tensor& v, const torch::Tensor& s) {
    // Eq. 5 passes the gradient on the open interval −Qn < v/s < Qp only, and Eq. 3 gives
    // dv̂/ds = −Qn or Qp on and beyond the clip points. torch::clamp alone would pass it on the
    // closed interval, so the clipped values take a constant branch. The forward value is
    // round(clamp(v/s)) either way.
    const torch::Tensor x = v / s;
    const torch::Tensor inside = (x > -m_qn) & (x < m_qp);
    const torch::Tensor vbar =
        torch::where(inside, roundPass(x), torch::clamp(x.detach(), -m_qn, m_qp).round());
    if (m_capture) {
        m_lastSnapshot = summarize(v, s, true);
    }
    return vbar * s;
}

torch::Tensor LsqQuantizerImpl::codes(const torch::Tensor& v) const {
    torch::NoGradGuard noGrad;
    const torch::Tensor s = m_step.clamp_min(kMinStep);
    return torch::clamp(v.detach() / s, -m_qn, m_qp).round().to(torch::kInt32);
}

torch::Tensor LsqQuantizerImpl::quantize(const torch::Tensor& v) const {
    torch::NoGradGuard noGrad;
    const torch::Tensor s = m_step.clamp_min(kMinStep);
    return (torch::clamp(v.detach() / s, -m_qn, m_qp).round() * s).to(v.scalar_type());
}

LsqSnapshot LsqQuantizerImpl::snapshot(const torch::Tensor& v) const {
    return summarize(v, m_step.clamp_min(kMinStep), m_initialized);
}

LsqSnapshot LsqQuantizerImpl::summarize(const torch::Tensor& v, const torch::Tensor& s,
                                        bool valid) const {
    torch::NoGradGuard noGrad;
    constexpr int kBins = LsqSnapshot::kHistBins;
    const double low = -m_qn - 2.0;
    const double high = m_qp + 2.0;

    const torch::Tensor r = (v.detach() / s.detach()).to(torch::kFloat32).reshape({-1});
    const torch::Tensor clipped = ((r < -m_qn) | (r > m_qp)).sum();
    // Bin index computed by hand rather than with histc, which drops values outside the span;
    // clamping the index sends them to the edge bins.
    // nan_to_num: a diverged run (NaN weights) must still give a snapshot, not a bincount error.
    const torch::Tensor index = ((r.nan_to_num(0.0) - low) * (kBins / (high - low)))
                                    .floor()
                                    .clamp(0, kBins - 1)
                                    .to(torch::kLong);
    const torch::Tensor counts = torch::bincount(index, {}, kBins);
    // One device-to-host copy for everything the snapshot needs.
    const torch::Tensor packed =
        torch::cat({counts.to(torch::kDouble), clipped.to(torch::kDouble).reshape({1}),
                    s.detach().to(torch::kDouble).reshape({1})})
            .cpu();
    const double* p = packed.data_ptr<double>();
    const double n = double(std::max<std::int64_t>(r.numel(), 1));

    LsqSnapshot snap;
    snap.bits = m_options.bits();
    snap.isSigned = m_options.isSigned();
    snap.step = p[kBins + 1];
    snap.qn = m_qn;
    snap.qp = m_qp;
    snap.clippedShare = p[kBins] / n;
    snap.hist.resize(kBins);
    for (int i = 0; i < kBins; ++i) {
        snap.hist[i] = float(p[i] / n);
    }
    snap.histLow = low;
    snap.histHigh = high;
    snap.valid = valid && r.numel() > 0;
    return snap;
}

// ---------------------------------------------------------------------------------------------
// Layers

namespace {

LsqQuantizer makeWeightQuantizer(int wbits) {
    checkBits(wbits, "wbits");
    return LsqQuantizer(LsqQuantizerOptions(wbits).isSigned(true).isActivation(false));
}

LsqQuantizer makeActivationQuantizer(int abits, bool actSigned) {
    if (abits == 32) {
        return LsqQuantizer(nullptr);
    }
    checkBits(abits, "abits");
    return LsqQuantizer(LsqQuantizerOptions(abits).isSigned(actSigned).isActivation(true));
}

/** torch::nn::Conv2d/Linear's reset_parameters(): Kaiming uniform with a = √5, then the bias
 *  uniform in ±1/√fan_in, drawn in the same order, so a seeded run starts from the weights a
 *  torch::nn layer of the same shape would have, without building one to borrow them. */
void initLikeTorch(torch::Tensor& weight, torch::Tensor& bias) {
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    if (bias.defined()) {
        const std::int64_t fanIn = weight.numel() / weight.size(0);
        const double bound = fanIn > 0 ? 1.0 / std::sqrt(double(fanIn)) : 0.0;
        bias.uniform_(-bound, bound);
    }
}

LayerSnapshot layerSnapshot(const LsqQuantizer& wq, const LsqQuantizer& aq,
                            const torch::Tensor& weight) {
    LayerSnapshot snap;
    snap.kind = LayerSnapshot::Kind::Lsq;
    snap.numWeights = weight.numel();
    snap.lsqWeight = wq->snapshot(weight);
    if (!aq.is_empty()) {
        snap.activation = aq->lastActivationSnapshot();
    }
    return snap;
}

void reinit(LsqQuantizer wq, LsqQuantizer aq, const torch::Tensor& weight) {
    wq->initStep(weight);
    if (!aq.is_empty()) {
        aq->markUninitialized();
    }
}

}  // namespace

LsqConv2dImpl::LsqConv2dImpl(const LsqConv2dOptions& options) : m_options(options) {
    const auto& o = m_options;
    if (o.inChannels() <= 0 || o.outChannels() <= 0 || o.groups() <= 0 ||
        o.inChannels() % o.groups() != 0 || o.outChannels() % o.groups() != 0) {
        throw std::invalid_argument("LsqConv2d: channels must be positive and divisible by groups");
    }
    const auto& k = *o.kernelSize();
    m_weight = register_parameter(
        "weight", torch::empty({o.outChannels(), o.inChannels() / o.groups(), k[0], k[1]}));
    if (o.bias()) {
        m_bias = register_parameter("bias", torch::empty({o.outChannels()}));
    }
    initLikeTorch(m_weight, m_bias);
    m_wq = register_module("wq", makeWeightQuantizer(o.wbits()));
    m_wq->initStep(m_weight);
    if (o.abits() != 32) {
        m_aq = register_module("aq", makeActivationQuantizer(o.abits(), o.actSigned()));
    }
}

torch::Tensor LsqConv2dImpl::forward(const torch::Tensor& x) {
    const torch::Tensor xq = m_aq.is_empty() ? x : m_aq->forward(x);
    torch::Tensor w = m_wq->forward(m_weight);
    // oneDNN takes its fast path only when input and weight share the channels-last format;
    // suggest_memory_format() is the test convolution itself applies to the input.
    if (x.dim() == 4 && x.suggest_memory_format() == torch::MemoryFormat::ChannelsLast) {
        w = w.contiguous(torch::MemoryFormat::ChannelsLast);
    }
    return torch::conv2d(xq, w, m_bias, *m_options.stride(), *m_options.padding(),
                         *m_options.dilation(), m_options.groups());
}

void LsqConv2dImpl::reinitSteps() {
    reinit(m_wq, m_aq, m_weight);
}

LayerSnapshot LsqConv2dImpl::snapshot() const {
    return layerSnapshot(m_wq, m_aq, m_weight);
}

torch::Tensor LsqConv2dImpl::quantizedWeight() const {
    return m_wq->quantize(m_weight);
}

torch::Tensor LsqConv2dImpl::weightCodes() const {
    return m_wq->codes(m_weight);
}

LsqLinearImpl::LsqLinearImpl(const LsqLinearOptions& options) : m_options(options) {
    const auto& o = m_options;
    if (o.inFeatures() <= 0 || o.outFeatures() <= 0) {
        throw std::invalid_argument("LsqLinear: features must be positive");
    }
    m_weight = register_parameter("weight", torch::empty({o.outFeatures(), o.inFeatures()}));
    if (o.bias()) {
        m_bias = register_parameter("bias", torch::empty({o.outFeatures()}));
    }
    initLikeTorch(m_weight, m_bias);
    m_wq = register_module("wq", makeWeightQuantizer(o.wbits()));
    m_wq->initStep(m_weight);
    if (o.abits() != 32) {
        m_aq = register_module("aq", makeActivationQuantizer(o.abits(), o.actSigned()));
    }
}

torch::Tensor LsqLinearImpl::forward(const torch::Tensor& x) {
    const torch::Tensor xq = m_aq.is_empty() ? x : m_aq->forward(x);
    return torch::linear(xq, m_wq->forward(m_weight), m_bias);
}

void LsqLinearImpl::reinitSteps() {
    reinit(m_wq, m_aq, m_weight);
}

LayerSnapshot LsqLinearImpl::snapshot() const {
    return layerSnapshot(m_wq, m_aq, m_weight);
}

torch::Tensor LsqLinearImpl::quantizedWeight() const {
    return m_wq->quantize(m_weight);
}

torch::Tensor LsqLinearImpl::weightCodes() const {
    return m_wq->codes(m_weight);
}

}  // namespace slb
