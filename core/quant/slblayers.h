#pragma once
// SLB convolution and linear layers: weights searched over V (SlbWeight), an optional quantizer
// on the input activations (for W/A runs).

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "quant/actquant.h"
#include "quant/slbweight.h"
#include "base/snapshot.h"

namespace slb {

/** Hyper-parameters of SlbConv2d. */
struct SlbConv2dOptions {
    SlbConv2dOptions(std::int64_t in, std::int64_t out, std::int64_t kernel)
        : in_channels_(in), out_channels_(out), kernel_size_(kernel) {}
    TORCH_ARG(std::int64_t, in_channels);
    TORCH_ARG(std::int64_t, out_channels);
    TORCH_ARG(std::int64_t, kernel_size);
    TORCH_ARG(std::int64_t, stride) = 1;
    TORCH_ARG(std::int64_t, padding) = 0;
    TORCH_ARG(std::int64_t, dilation) = 1;
    TORCH_ARG(std::int64_t, groups) = 1;
    TORCH_ARG(bool, bias) = false;
    TORCH_ARG(int, bits) = 1;
    /// Quantizer of the input activations (W/A runs); type None leaves them float.
    TORCH_ARG(ActQuantizerOptions, act) = ActQuantizerOptions();
};

/** Conv2d whose weights are W_c = E_P[V] in training and W_q = v[argmax] in eval (SLB §3.2). */
class SlbConv2dImpl : public torch::nn::Module {
public:
    explicit SlbConv2dImpl(const SlbConv2dOptions& o);
    torch::Tensor forward(const torch::Tensor& x);

    /** Starts from a float conv weight (A peaked at the nearest value of V). */
    void initFromFloat(const torch::Tensor& w) { weight->initFromFloat(w); }
    LayerSnapshot snapshot() const;

    SlbConv2dOptions options;
    SlbWeight weight{nullptr};
    ActQuantizer act{nullptr};  ///< null when the input stays float
    torch::Tensor bias;
};
TORCH_MODULE(SlbConv2d);

/** Hyper-parameters of SlbLinear. */
struct SlbLinearOptions {
    SlbLinearOptions(std::int64_t in, std::int64_t out) : in_features_(in), out_features_(out) {}
    TORCH_ARG(std::int64_t, in_features);
    TORCH_ARG(std::int64_t, out_features);
    TORCH_ARG(bool, bias) = true;
    TORCH_ARG(int, bits) = 1;
    /// Quantizer of the input activations (W/A runs); type None leaves them float.
    TORCH_ARG(ActQuantizerOptions, act) = ActQuantizerOptions();
};

/** Linear layer with SLB weights, A of shape [out, in, 2^b]. */
class SlbLinearImpl : public torch::nn::Module {
public:
    explicit SlbLinearImpl(const SlbLinearOptions& o);
    torch::Tensor forward(const torch::Tensor& x);

    void initFromFloat(const torch::Tensor& w) { weight->initFromFloat(w); }
    LayerSnapshot snapshot() const;

    SlbLinearOptions options;
    SlbWeight weight{nullptr};
    ActQuantizer act{nullptr};  ///< null when the input stays float
    torch::Tensor bias;
};
TORCH_MODULE(SlbLinear);

}  // namespace slb
