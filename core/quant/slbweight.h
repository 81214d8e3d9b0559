#pragma once
// SLB's searchable low-bit weights (paper §3.2): every weight is a softmax over the discrete set V,
// learned through an auxiliary tensor A. Shared by SlbConv2d and SlbLinear.

#include <cstdint>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "base/snapshot.h"

namespace slb {

/**
 * Which weights a quantized network computes with. Auto: W_c while training (W_q in the hard
 * phase), W_q in eval. Continuous / Discrete force W_c / W_q (used to evaluate both networks
 * and to fill state BN's two sets of statistics).
 */
enum class WeightMode { Auto, Continuous, Discrete };

/** V for b bits: b = 1 → {−1, +1}; otherwise linspace(−1, 1, 2^b) (README, "What is implemented"). */
std::vector<float> slbValues(int bits);

/**
 * W_c = Σ_i softmax(A·T)_i v_i over the last dim of A, with a fused hand-written backward;
 * `binary` (V = {−1, +1}) takes the tanh form.
 */
torch::Tensor slbExpectation(const torch::Tensor& a, const torch::Tensor& values, double t,
                             bool binary);

/** The discrete weights W_q = v[argmax A] (no autograd). */
torch::Tensor slbArgmaxWeight(const torch::Tensor& a, const torch::Tensor& values);

/** Owns A (shape = weight shape + [2^bits]) and turns it into the weights a layer uses. */
class SlbWeightImpl : public torch::nn::Module {
public:
    /** `shape` is the weight's shape; `fan` the He-init fan (Golden Stick: Cout·kh·kw·m). */
    SlbWeightImpl(std::vector<std::int64_t> shape, int bits, std::int64_t fan);

    /** The weights for this forward: W_c or W_q by mode, training state and hard phase. */
    torch::Tensor weight();
    /** W_c with autograd to A. */
    torch::Tensor softWeight();
    /** W_q, no autograd. */
    torch::Tensor hardWeight() const;
    /** True when weight() returns W_q now. */
    bool usesDiscrete() const;

    void setTemperature(double t) { m_temperature = t; }
    double temperature() const { return m_temperature; }
    void setMode(WeightMode m) { m_mode = m; }
    WeightMode mode() const { return m_mode; }
    /**
     * Hard phase: training uses W_q and A stops learning (requires_grad off, its grad dropped so
     * momentum and weight decay cannot move it either).
     */
    void setHard(bool hard);
    bool hard() const { return m_hard; }

    /** Re-initialises A peaked at the value of V nearest to w/scale (per-layer scale). */
    void initFromFloat(const torch::Tensor& w);
    /** He-normal init of A with the constructor's fan. */
    void resetParameters();

    /** Layer statistics at the current temperature (no autograd; a few ms for big layers). */
    SlbSnapshot snapshot() const;
    /** Indices into V of W_q, flat, as uint8 (for the packed export). */
    torch::Tensor argmaxIndices() const;

    int bits() const { return m_bits; }
    const std::vector<std::int64_t>& weightShape() const { return m_shape; }
    std::int64_t numWeights() const;

    torch::Tensor A;       ///< auxiliary tensor, [..weight shape.., m]
    torch::Tensor values;  ///< V as a buffer, [m]

    static constexpr int kTracked = 8;

private:
    std::vector<std::int64_t> m_shape;
    int m_bits;
    std::int64_t m_fan;
    double m_temperature = 1.0;
    WeightMode m_mode = WeightMode::Auto;
    bool m_hard = false;
    std::vector<std::int64_t> m_tracked;  // flat indices of the tracked weights
};
TORCH_MODULE(SlbWeight);

}  // namespace slb
