#pragma once
// Activation quantizers for SLB runs (README, "What is implemented"):
// none (A32), DoReFa-style uniform on clip[0, 1], PACT with a learnable clip α, and LSQ.
//
// Torch-facing header: include it only from code that links LibTorch (not from widgets/).

#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "quant/lsq.h"
#include "base/snapshot.h"

namespace slb {

/** Which activation quantizer an ActQuantizer applies. */
enum class ActQuantType { None, DoReFa, Pact, Lsq };

/** Hyper-parameters of an activation quantizer. */
struct ActQuantizerOptions {
    /** A quantizer of `type` with `bits` bits. */
    ActQuantizerOptions(ActQuantType type = ActQuantType::None, int bits = 4)  // NOLINT: implicit
        : type_(type), bits_(bits) {}
    TORCH_ARG(ActQuantType, type);
    /// 1..8 for DoReFa and PACT, 2..8 for LSQ; ignored by None. Else std::invalid_argument.
    TORCH_ARG(int, bits);
    /// Initial PACT clip α; 6 is ReLU6's clip and RunConfig::pactAlpha's default.
    TORCH_ARG(double, pactAlpha) = 6.0;
    /// Signed LSQ activations; DoReFa and PACT are unsigned by definition and throw if set.
    TORCH_ARG(bool, isSigned) = false;
};

/**
 * Quantizes the activations entering a layer. With n = 2^bits − 1 levels:
 *  - None: identity.
 *  - DoReFa (Zhou et al. 2016): q = round(n·clamp(x, 0, 1))/n; straight-through gradient, 1 for
 *    0 ≤ x ≤ 1 and 0 outside.
 *  - PACT (Choi et al. 2018): y = clamp(x, 0, α) with a learned α (parameter `alpha`),
 *    q = round(y·n/α)·α/n; straight-through the rounding only, so dq/dx = 1 on [0, α),
 *    dq/dα = 1 where x ≥ α and 0 elsewhere (the PACT paper's gradient).
 *  - Lsq: an LsqQuantizer for activations (submodule `lsq`).
 *
 * Threads: a module belongs to the thread that trains it; nothing here locks.
 */
class ActQuantizerImpl : public torch::nn::Module {
public:
    /// Floor of PACT's α in forward and constrain(): keeps n/α finite and q non-degenerate.
    static constexpr double kMinAlpha = 1e-3;

    /** Registers `alpha` for PACT or `lsq` for LSQ; validates bits and sign. */
    explicit ActQuantizerImpl(const ActQuantizerOptions& options = {});

    /** The quantized activations, same shape, dtype and device as x. */
    torch::Tensor forward(const torch::Tensor& x);

    /** Keeps α ≥ kMinAlpha (PACT) or s ≥ kMinStep (LSQ); call after every optimizer step. */
    void constrain();
    /** Forwarded to the LSQ quantizer; other types have nothing to capture. */
    void setCapture(bool on);
    /** The LSQ quantizer's last captured summary; valid == false for other types. */
    LsqSnapshot lastSnapshot() const;
    /** PACT's current α (synchronises the device); 0 for the other types. */
    double alpha() const;

    /** The type applied. */
    ActQuantType type() const { return m_options.type(); }
    /** Bits of precision (meaningless for None). */
    int bits() const { return m_options.bits(); }
    /** The options this quantizer was built with. */
    const ActQuantizerOptions& options() const { return m_options; }
    /** The LSQ quantizer; empty unless type() == Lsq. */
    LsqQuantizer lsq() const { return m_lsq; }

private:
    torch::Tensor doReFa(const torch::Tensor& x) const;
    torch::Tensor pact(const torch::Tensor& x) const;

    ActQuantizerOptions m_options;
    double m_levels = 1.0;  ///< n = 2^bits − 1
    torch::Tensor m_alpha;
    LsqQuantizer m_lsq{nullptr};
};
TORCH_MODULE(ActQuantizer);

}  // namespace slb
