#pragma once
// LSQ, Learned Step Size Quantization (Esser et al., ICLR 2020; README, "What is implemented"):
//   v̄ = round(clip(v/s, −Qn, Qp)),  v̂ = v̄·s                                    (Eq. 1–2)
// with the step s learned through the straight-through estimator (Eq. 3, Eq. 5) and its gradient
// scaled by g = 1/√(N·Qp) (§2.2), written with the paper's gradscale/roundpass (Appendix B).
//
// Torch-facing header: include it only from code that links LibTorch (not from widgets/).

#include <cstdint>

#include <torch/arg.h>
#include <torch/expanding_array.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "base/snapshot.h"

namespace slb {

/** Hyper-parameters of one LSQ quantizer. */
struct LsqQuantizerOptions {
    /** A quantizer of `bits` bits; signed weights by default. */
    LsqQuantizerOptions(int bits = 4) : bits_(bits) {}  // NOLINT: implicit like torch's options
    /// 2..8; anything else throws std::invalid_argument at construction.
    TORCH_ARG(int, bits);
    /// Signed: Qn = 2^(b−1), Qp = 2^(b−1) − 1. Unsigned: Qn = 0, Qp = 2^b − 1.
    TORCH_ARG(bool, isSigned) = true;
    /// Activations: g uses the features per sample, and the step is initialised from the first
    /// training batch. Weights: g uses the number of elements.
    TORCH_ARG(bool, isActivation) = false;
};

/**
 * One learned step size s (an fp32 parameter named `step`) quantizing a weight tensor or the
 * activations entering a layer.
 *
 * Step initialisation (paper §2.1): s = 2·⟨|v|⟩/√Qp, from the initial weights (layers call
 * initStep() from their constructor) or from the first training batch (activations). Whether
 * this happened is kept in the bool buffer `initialized`, so that a saved and loaded module
 * remembers it. The forward pass trusts a host-side copy of that flag (reading a CUDA buffer
 * every step would synchronise the device); Module::load() refreshes the copy, so
 * torch::load() is safe, but code that copies into the buffer by hand must call
 * markUninitialized() or initStep() afterwards.
 *
 * s stays positive: the forward pass uses max(s, kMinStep), and constrain(), which the trainer
 * calls after every optimizer step, clamps the parameter itself. Public LSQ code lets s go
 * negative under a large gradient, which flips the sign of the quantized tensor.
 *
 * Threads: a module belongs to the thread that trains it; nothing here locks.
 */
class LsqQuantizerImpl : public torch::nn::Module {
public:
    /// Smallest step the forward pass uses and constrain() keeps. Far below any useful step
    /// (weights ~1e-3, activations ~1e-1) yet v/s stays finite for every fp32 v.
    static constexpr double kMinStep = 1e-8;

    /** Registers `step` (1 element, 1.0 until initialised) and `initialized` (false). */
    explicit LsqQuantizerImpl(const LsqQuantizerOptions& options = {});

    /** v̂ = round(clip(v/s, −Qn, Qp))·s with the LSQ gradients; initialises s first if needed. */
    torch::Tensor forward(const torch::Tensor& v);

    /** Bits of precision b. */
    int bits() const { return m_options.bits(); }
    /** Negative clip level in units of s (0 for unsigned data). */
    double qn() const { return m_qn; }
    /** Positive clip level in units of s. */
    double qp() const { return m_qp; }
    /** The options this quantizer was built with. */
    const LsqQuantizerOptions& options() const { return m_options; }

    /** Sets s = 2·mean(|v|)/√Qp (at least kMinStep) without autograd, and marks it initialised. */
    void initStep(const torch::Tensor& v);
    /** Sets s to `step` (at least kMinStep) and marks it initialised; for loaders and tests. */
    void setStep(double step);
    /** Forgets the initialisation: the next training forward re-initialises s from its input. */
    void markUninitialized();
    /** True once s has been initialised (by initStep, setStep, a training batch or a load). */
    bool isInitialized() const { return m_initialized; }
    /** The step parameter itself (1 element). */
    const torch::Tensor& step() const { return m_step; }
    /** Current step as a number (synchronises the device). */
    double stepValue() const;
    /** Clamps s to at least kMinStep in place; call after every optimizer step. */
    void constrain();

    /** Integer codes v̄ = round(clip(v/s, −Qn, Qp)) as int32, without autograd. */
    torch::Tensor codes(const torch::Tensor& v) const;
    /** v̂ = v̄·s in v's dtype, without autograd. */
    torch::Tensor quantize(const torch::Tensor& v) const;

    /**
     * Summary of quantizing v with the current step, without autograd: s, Qn, Qp, the share of
     * values clipped (v/s strictly outside [−Qn, Qp]) and a histogram of v/s over kHistBins bins
     * spanning [−Qn−2, Qp+2] (values beyond go to the edge bins). valid == isInitialized().
     */
    LsqSnapshot snapshot(const torch::Tensor& v) const;

    /** While on, every forward also summarises its input into lastActivationSnapshot(). */
    void setCapture(bool on) { m_capture = on; }
    /** Whether forward currently captures a summary. */
    bool capture() const { return m_capture; }
    /** Summary of the last input seen while capture was on; valid == false before any. */
    LsqSnapshot lastActivationSnapshot() const { return m_lastSnapshot; }

    /** Loads parameters and buffers, then refreshes the host copy of `initialized`. */
    void load(torch::serialize::InputArchive& archive) override;

private:
    /** s = 2·mean(|v|)/√Qp, at least kMinStep, as a 1-element tensor on v's device. */
    torch::Tensor stepFrom(const torch::Tensor& v) const;
    /** Quantizes v with step tensor s (positive) and records the summary when capturing. */
    torch::Tensor quantizeWith(const torch::Tensor& v, const torch::Tensor& s);
    LsqSnapshot summarize(const torch::Tensor& v, const torch::Tensor& s, bool valid) const;
    void setInitialized(bool on);

    LsqQuantizerOptions m_options;
    double m_qn = 0;
    double m_qp = 0;
    torch::Tensor m_step;
    torch::Tensor m_initializedBuffer;
    bool m_initialized = false;
    bool m_capture = false;
    LsqSnapshot m_lastSnapshot;
};
TORCH_MODULE(LsqQuantizer);

/** Hyper-parameters of an LSQ convolution (torch::nn::Conv2dOptions plus bits). */
struct LsqConv2dOptions {
    /** A conv from `in` to `out` channels with a kernel of `kernel`. */
    LsqConv2dOptions(std::int64_t in, std::int64_t out, torch::ExpandingArray<2> kernel)
        : inChannels_(in), outChannels_(out), kernelSize_(kernel) {}
    TORCH_ARG(std::int64_t, inChannels);
    TORCH_ARG(std::int64_t, outChannels);
    TORCH_ARG(torch::ExpandingArray<2>, kernelSize);
    TORCH_ARG(torch::ExpandingArray<2>, stride) = 1;
    TORCH_ARG(torch::ExpandingArray<2>, padding) = 0;
    TORCH_ARG(torch::ExpandingArray<2>, dilation) = 1;
    TORCH_ARG(std::int64_t, groups) = 1;
    /// Off by default: a BatchNorm follows every quantized conv.
    TORCH_ARG(bool, bias) = false;
    /// Weight bits, 2..8 (signed).
    TORCH_ARG(int, wbits) = 4;
    /// Input-activation bits, 2..8; 32 = the input stays float (no activation quantizer).
    TORCH_ARG(int, abits) = 32;
    /// Signed input activations, for a first layer fed normalised images with negative values.
    TORCH_ARG(bool, actSigned) = false;
};

/** Hyper-parameters of an LSQ fully connected layer (torch::nn::LinearOptions plus bits). */
struct LsqLinearOptions {
    /** A layer from `in` to `out` features. */
    LsqLinearOptions(std::int64_t in, std::int64_t out) : inFeatures_(in), outFeatures_(out) {}
    TORCH_ARG(std::int64_t, inFeatures);
    TORCH_ARG(std::int64_t, outFeatures);
    TORCH_ARG(bool, bias) = true;
    /// Weight bits, 2..8 (signed).
    TORCH_ARG(int, wbits) = 4;
    /// Input-activation bits, 2..8; 32 = the input stays float (no activation quantizer).
    TORCH_ARG(int, abits) = 32;
    /// Signed input activations (inputs with negative values).
    TORCH_ARG(bool, actSigned) = false;
};

/**
 * Convolution with LSQ-quantized weights (submodule `wq`) and, when abits < 32, LSQ-quantized
 * input activations (submodule `aq`). The float `weight` is what the optimizer updates; the
 * convolution always sees v̂. Weights start as torch::nn::Conv2d's (Kaiming uniform, a = √5).
 */
class LsqConv2dImpl : public torch::nn::Module {
public:
    /** Registers weight (and bias), wq initialised from the weight, and aq if abits < 32. */
    explicit LsqConv2dImpl(const LsqConv2dOptions& options);

    /** conv2d(aq(x), wq(weight)); a channels-last input gets a channels-last weight. */
    torch::Tensor forward(const torch::Tensor& x);

    /** Re-initialises the weight step from the current weight (after loading float weights)
     *  and lets the activation step re-initialise on the next training batch. */
    void reinitSteps();
    /** Weight and last captured activation summaries; the caller fills layer and step. */
    LayerSnapshot snapshot() const;
    /** v̂ of the weight, without autograd. */
    torch::Tensor quantizedWeight() const;
    /** v̄ of the weight as int32 codes in [−Qn, Qp], without autograd (for the packed export). */
    torch::Tensor weightCodes() const;

    /** The options this layer was built with. */
    const LsqConv2dOptions& options() const { return m_options; }
    /** The float weight [out, in/groups, kh, kw]. */
    const torch::Tensor& weight() const { return m_weight; }
    /** The bias, undefined when options().bias() is false. */
    const torch::Tensor& bias() const { return m_bias; }
    /** The weight quantizer. */
    LsqQuantizer weightQuantizer() const { return m_wq; }
    /** The input-activation quantizer; empty (is_empty()) when abits == 32. */
    LsqQuantizer activationQuantizer() const { return m_aq; }

private:
    LsqConv2dOptions m_options;
    torch::Tensor m_weight;
    torch::Tensor m_bias;
    LsqQuantizer m_wq{nullptr};
    LsqQuantizer m_aq{nullptr};
};
TORCH_MODULE(LsqConv2d);

/**
 * Fully connected layer with LSQ-quantized weights (`wq`) and optionally inputs (`aq`); the
 * counterpart of LsqConv2d. Weights start as torch::nn::Linear's (Kaiming uniform, a = √5).
 */
class LsqLinearImpl : public torch::nn::Module {
public:
    /** Registers weight (and bias), wq initialised from the weight, and aq if abits < 32. */
    explicit LsqLinearImpl(const LsqLinearOptions& options);

    /** linear(aq(x), wq(weight), bias). */
    torch::Tensor forward(const torch::Tensor& x);

    /** Re-initialises the weight step from the current weight (after loading float weights)
     *  and lets the activation step re-initialise on the next training batch. */
    void reinitSteps();
    /** Weight and last captured activation summaries; the caller fills layer and step. */
    LayerSnapshot snapshot() const;
    /** v̂ of the weight, without autograd. */
    torch::Tensor quantizedWeight() const;
    /** v̄ of the weight as int32 codes in [−Qn, Qp], without autograd (for the packed export). */
    torch::Tensor weightCodes() const;

    /** The options this layer was built with. */
    const LsqLinearOptions& options() const { return m_options; }
    /** The float weight [out, in]. */
    const torch::Tensor& weight() const { return m_weight; }
    /** The bias, undefined when options().bias() is false. */
    const torch::Tensor& bias() const { return m_bias; }
    /** The weight quantizer. */
    LsqQuantizer weightQuantizer() const { return m_wq; }
    /** The input-activation quantizer; empty (is_empty()) when abits == 32. */
    LsqQuantizer activationQuantizer() const { return m_aq; }

private:
    LsqLinearOptions m_options;
    torch::Tensor m_weight;
    torch::Tensor m_bias;
    LsqQuantizer m_wq{nullptr};
    LsqQuantizer m_aq{nullptr};
};
TORCH_MODULE(LsqLinear);

}  // namespace slb
