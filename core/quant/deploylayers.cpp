#include "quant/deploylayers.h"

#include <torch/nn/functional/linear.h>

namespace slb {

namespace {

ActQuantizer registerAct(torch::nn::Module& self, const ActQuantizerOptions& o) {
    if (o.type() == ActQuantType::None)
        return ActQuantizer(nullptr);
    return self.register_module("act", ActQuantizer(o));
}

}  // namespace

DeployConv2dImpl::DeployConv2dImpl(const DeployConv2dOptions& o) : options(o) {
    weight = register_parameter("weight", torch::zeros({o.out_channels(), o.in_channels(),
                                                        o.kernel_size(), o.kernel_size()}));
    if (o.bias())
        bias = register_parameter("bias", torch::zeros({o.out_channels()}));
    act = registerAct(*this, o.act());
}

torch::Tensor DeployConv2dImpl::forward(const torch::Tensor& input) {
    const auto x = act ? act->forward(input) : input;
    auto w = weight;
    if (x.dim() == 4 && x.suggest_memory_format() == torch::MemoryFormat::ChannelsLast)
        w = w.contiguous(torch::MemoryFormat::ChannelsLast);
    return torch::conv2d(x, w, bias, options.stride(), options.padding());
}

DeployLinearImpl::DeployLinearImpl(const DeployLinearOptions& o) : options(o) {
    weight = register_parameter("weight", torch::zeros({o.out_features(), o.in_features()}));
    if (o.bias())
        bias = register_parameter("bias", torch::zeros({o.out_features()}));
    act = registerAct(*this, o.act());
}

torch::Tensor DeployLinearImpl::forward(const torch::Tensor& input) {
    const auto x = act ? act->forward(input) : input;
    return torch::nn::functional::linear(x, weight, bias);
}

}  // namespace slb
