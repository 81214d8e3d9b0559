#pragma once
// Plain float layers that a packed low-bit model is loaded into: the weights are the dequantized
// codes (v[index] for SLB, code·s for LSQ), the input-activation quantizer is kept, so the network
// computes exactly what the trained network computed with its discrete weights.

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "quant/actquant.h"

namespace slb {

/** Options of a deployed conv: geometry plus the input quantizer. */
struct DeployConv2dOptions {
    DeployConv2dOptions(std::int64_t in, std::int64_t out, std::int64_t kernel)
        : in_channels_(in), out_channels_(out), kernel_size_(kernel) {}
    TORCH_ARG(std::int64_t, in_channels);
    TORCH_ARG(std::int64_t, out_channels);
    TORCH_ARG(std::int64_t, kernel_size);
    TORCH_ARG(std::int64_t, stride) = 1;
    TORCH_ARG(std::int64_t, padding) = 0;
    TORCH_ARG(bool, bias) = false;
    TORCH_ARG(ActQuantizerOptions, act) = ActQuantizerOptions();
};

/** conv2d(act(x), W) with a float W; W is channels-last when x is, as in the trained layers. */
class DeployConv2dImpl : public torch::nn::Module {
public:
    explicit DeployConv2dImpl(const DeployConv2dOptions& o);
    torch::Tensor forward(const torch::Tensor& x);

    DeployConv2dOptions options;
    torch::Tensor weight, bias;
    ActQuantizer act{nullptr};
};
TORCH_MODULE(DeployConv2d);

/** Options of a deployed linear layer. */
struct DeployLinearOptions {
    DeployLinearOptions(std::int64_t in, std::int64_t out) : in_features_(in), out_features_(out) {}
    TORCH_ARG(std::int64_t, in_features);
    TORCH_ARG(std::int64_t, out_features);
    TORCH_ARG(bool, bias) = true;
    TORCH_ARG(ActQuantizerOptions, act) = ActQuantizerOptions();
};

/** linear(act(x), W, b) with a float W. */
class DeployLinearImpl : public torch::nn::Module {
public:
    explicit DeployLinearImpl(const DeployLinearOptions& o);
    torch::Tensor forward(const torch::Tensor& x);

    DeployLinearOptions options;
    torch::Tensor weight, bias;
    ActQuantizer act{nullptr};
};
TORCH_MODULE(DeployLinear);

}  // namespace slb
