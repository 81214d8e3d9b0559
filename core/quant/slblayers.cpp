#include "quant/slblayers.h"

#include <cmath>

#include <torch/nn/functional/conv.h>
#include <torch/nn/functional/linear.h>
#include <torch/nn/init.h>

namespace slb {

namespace {

/// Golden Stick's He-init fan for A: Cout·kh·kw·m.
std::int64_t convFan(const SlbConv2dOptions& o) {
    return o.out_channels() * o.kernel_size() * o.kernel_size() * (std::int64_t(1) << o.bits());
}

LayerSnapshot slbLayerSnapshot(const SlbWeightImpl& w, const ActQuantizer& act) {
    LayerSnapshot s;
    s.kind = LayerSnapshot::Kind::Slb;
    s.numWeights = w.numWeights();
    s.slb = w.snapshot();
    if (act)
        s.activation = act->lastSnapshot();
    return s;
}

ActQuantizer makeAct(torch::nn::Module& self, const ActQuantizerOptions& o) {
    if (o.type() == ActQuantType::None)
        return ActQuantizer(nullptr);
    return self.register_module("act", ActQuantizer(o));
}

}  // namespace

SlbConv2dImpl::SlbConv2dImpl(const SlbConv2dOptions& o) : options(o) {
    TORCH_CHECK(o.in_channels() % o.groups() == 0, "in_channels must be divisible by groups");
    weight = register_module(
        "weight",
        SlbWeight(std::vector<std::int64_t>{o.out_channels(), o.in_channels() / o.groups(),
                                            o.kernel_size(), o.kernel_size()},
                  o.bits(), convFan(o)));
    if (o.bias())
        bias = register_parameter("bias", torch::zeros({o.out_channels()}));
    act = makeAct(*this, o.act());
}

torch::Tensor SlbConv2dImpl::forward(const torch::Tensor& input) {
    const auto x = act ? act->forward(input) : input;
    auto w = weight->weight();
    // oneDNN's fast path wants weights and input in the same (channels-last) layout.
    if (x.dim() == 4 && x.suggest_memory_format() == torch::MemoryFormat::ChannelsLast)
        w = w.contiguous(torch::MemoryFormat::ChannelsLast);
    return torch::conv2d(x, w, bias, options.stride(), options.padding(), options.dilation(),
                         options.groups());
}

LayerSnapshot SlbConv2dImpl::snapshot() const {
    return slbLayerSnapshot(*weight, act);
}

SlbLinearImpl::SlbLinearImpl(const SlbLinearOptions& o) : options(o) {
    const std::int64_t fan = o.out_features() * (std::int64_t(1) << o.bits());
    weight = register_module(
        "weight",
        SlbWeight(std::vector<std::int64_t>{o.out_features(), o.in_features()}, o.bits(), fan));
    if (o.bias()) {
        bias = register_parameter("bias", torch::empty({o.out_features()}));
        const double bound = 1.0 / std::sqrt(double(o.in_features()));
        torch::NoGradGuard noGrad;
        bias.uniform_(-bound, bound);
    }
    act = makeAct(*this, o.act());
}

torch::Tensor SlbLinearImpl::forward(const torch::Tensor& input) {
    const auto x = act ? act->forward(input) : input;
    return torch::nn::functional::linear(x, weight->weight(), bias);
}

LayerSnapshot SlbLinearImpl::snapshot() const {
    return slbLayerSnapshot(*weight, act);
}

}  // namespace slb
