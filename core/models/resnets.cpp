#include "models/resnets.h"

#include <torch/nn/functional/pooling.h>

namespace slb {

namespace F = torch::nn::functional;

BasicBlockImpl::BasicBlockImpl(const LayerFactory& f, std::int64_t in, std::int64_t out,
                               std::int64_t stride) {
    conv1 = f.conv(in, out, 3, stride, 1);
    bn1 = f.norm(out);
    conv2 = f.conv(out, out, 3, 1, 1);
    bn2 = f.norm(out);
    register_module("conv1", conv1.ptr());
    register_module("bn1", bn1.ptr());
    register_module("conv2", conv2.ptr());
    register_module("bn2", bn2.ptr());
    if (stride != 1 || in != out) {
        m_hasDown = true;
        downConv = f.conv(in, out, 1, stride, 0);
        downBn = f.norm(out);
        register_module("down_conv", downConv.ptr());
        register_module("down_bn", downBn.ptr());
    }
}

torch::Tensor BasicBlockImpl::forward(torch::Tensor x) {
    auto y = torch::relu(bn1.forward(conv1.forward(x)));
    y = bn2.forward(conv2.forward(y));
    const auto shortcut = m_hasDown ? downBn.forward(downConv.forward(x)) : x;
    return torch::relu(y + shortcut);
}

namespace {

torch::nn::Sequential stage(const LayerFactory& f, std::int64_t in, std::int64_t out,
                            std::int64_t stride, int blocks) {
    torch::nn::Sequential s;
    for (int i = 0; i < blocks; ++i)
        s->push_back(BasicBlock(f, i == 0 ? in : out, out, i == 0 ? stride : 1));
    return s;
}

}  // namespace

ResNet20Impl::ResNet20Impl(const ModelSpec& spec) : NetworkImpl(spec) {
    LayerFactory f(spec);
    conv1 = f.conv(spec.inChannels, 16, 3, 1, 1, LayerRole::First);
    bn1 = f.norm(16);
    register_module("conv1", conv1.ptr());
    register_module("bn1", bn1.ptr());
    layer1 = register_module("layer1", stage(f, 16, 16, 1, 3));
    layer2 = register_module("layer2", stage(f, 16, 32, 2, 3));
    layer3 = register_module("layer3", stage(f, 32, 64, 2, 3));
    fc = f.linear(64, spec.numClasses, LayerRole::Last);
    register_module("fc", fc.ptr());
}

torch::Tensor ResNet20Impl::forward(torch::Tensor x) {
    x = torch::relu(bn1.forward(conv1.forward(x)));
    x = layer3->forward(layer2->forward(layer1->forward(x)));
    return fc.forward(x.mean({2, 3}));
}

ResNet18Impl::ResNet18Impl(const ModelSpec& spec) : NetworkImpl(spec) {
    LayerFactory f(spec);
    conv1 = f.conv(spec.inChannels, 64, 7, 2, 3, LayerRole::First);
    bn1 = f.norm(64);
    register_module("conv1", conv1.ptr());
    register_module("bn1", bn1.ptr());
    layer1 = register_module("layer1", stage(f, 64, 64, 1, 2));
    layer2 = register_module("layer2", stage(f, 64, 128, 2, 2));
    layer3 = register_module("layer3", stage(f, 128, 256, 2, 2));
    layer4 = register_module("layer4", stage(f, 256, 512, 2, 2));
    fc = f.linear(512, spec.numClasses, LayerRole::Last);
    register_module("fc", fc.ptr());
}

torch::Tensor ResNet18Impl::forward(torch::Tensor x) {
    x = torch::relu(bn1.forward(conv1.forward(x)));
    x = F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
    x = layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
    return fc.forward(x.mean({2, 3}));
}

VggSmallImpl::VggSmallImpl(const ModelSpec& spec) : NetworkImpl(spec) {
    LayerFactory f(spec);
    const std::int64_t widths[6] = {128, 128, 256, 256, 512, 512};
    std::int64_t in = spec.inChannels;
    for (int i = 0; i < 6; ++i) {
        conv[i] = f.conv(in, widths[i], 3, 1, 1, i == 0 ? LayerRole::First : LayerRole::Hidden);
        bn[i] = f.norm(widths[i]);
        register_module("conv" + std::to_string(i), conv[i].ptr());
        register_module("bn" + std::to_string(i), bn[i].ptr());
        in = widths[i];
    }
    const std::int64_t h = spec.inHeight / 8, w = spec.inWidth / 8;
    if (h < 1 || w < 1)
        throw std::invalid_argument("vgg_small needs inputs of at least 8×8");
    fc = f.linear(512 * h * w, spec.numClasses, LayerRole::Last);
    register_module("fc", fc.ptr());
}

torch::Tensor VggSmallImpl::forward(torch::Tensor x) {
    for (int i = 0; i < 6; ++i) {
        x = conv[i].forward(x);
        if (i % 2 == 1)
            x = F::max_pool2d(x, F::MaxPool2dFuncOptions(2));  // pool, then BN
        x = torch::relu(bn[i].forward(x));
    }
    return fc.forward(x.flatten(1));
}

}  // namespace slb
