#pragma once
// State batch normalisation (SLB §3.3.2): one γ/β, two sets of running statistics — one for the
// continuous network (W_c), one for the discrete network (W_q).

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "quant/slbweight.h"

namespace slb {

/** Which set of running statistics. */
enum class StatSet { Continuous, Discrete };

/** Hyper-parameters of StateBatchNorm2d. */
struct StateBatchNormOptions {
    /* implicit */ StateBatchNormOptions(std::int64_t features) : num_features_(features) {}
    TORCH_ARG(std::int64_t, num_features);
    TORCH_ARG(double, eps) = 1e-5;
    TORCH_ARG(double, momentum) = 0.1;
};

/**
 * BatchNorm2d with two sets of statistics sharing γ and β. The set in use follows the weights in
 * use: the layer's mode (WeightMode, as for SLB layers) picks it; Auto means the continuous set
 * while training (the discrete one in the hard phase) and the discrete set in eval.
 *
 * The discrete set is filled either per iteration (an extra no-grad forward in Discrete mode,
 * Algorithm 1) or by calibration: beginCalibration() resets a set and every training-mode
 * forward until endCalibration() adds its batch statistics to a cumulative average.
 */
class StateBatchNorm2dImpl : public torch::nn::Module {
public:
    explicit StateBatchNorm2dImpl(const StateBatchNormOptions& o);
    torch::Tensor forward(const torch::Tensor& x);

    void setMode(WeightMode m) { m_mode = m; }
    void setHard(bool hard) { m_hard = hard; }
    /** The set the next forward uses. */
    StatSet activeSet() const;

    /** Resets `set` and averages the statistics of the following training-mode forwards into it. */
    void beginCalibration(StatSet set);
    /** Ends calibration; returns how many batches were averaged. */
    std::int64_t endCalibration();
    bool calibrating() const { return m_calibrating; }

    torch::Tensor runningMean(StatSet s) const { return s == StatSet::Continuous ? meanC : meanD; }
    torch::Tensor runningVar(StatSet s) const { return s == StatSet::Continuous ? varC : varD; }

    StateBatchNormOptions options;
    torch::Tensor weight, bias;  ///< γ, β (shared)
    torch::Tensor meanC, varC;   ///< continuous-path statistics
    torch::Tensor meanD, varD;   ///< discrete-path statistics

private:
    WeightMode m_mode = WeightMode::Auto;
    bool m_hard = false;
    bool m_calibrating = false;
    StatSet m_calibSet = StatSet::Discrete;
    std::int64_t m_calibCount = 0;
};
TORCH_MODULE(StateBatchNorm2d);

}  // namespace slb
