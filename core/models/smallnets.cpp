// cnn (a small, fast convnet for demos and tests) and lenet5 (with batch norm, which low-bit
// weights need: there is no per-layer scale, the norm absorbs magnitude).
#include "models/smallnets.h"

#include <torch/nn/functional/pooling.h>

namespace slb {

namespace F = torch::nn::functional;

CnnImpl::CnnImpl(const ModelSpec& spec) : NetworkImpl(spec) {
    LayerFactory f(spec);
    const std::int64_t w[3] = {32, 64, 128};
    conv1 = f.conv(spec.inChannels, w[0], 3, 1, 1, LayerRole::First);
    bn1 = f.norm(w[0]);
    conv2 = f.conv(w[0], w[1], 3, 1, 1);
    bn2 = f.norm(w[1]);
    conv3 = f.conv(w[1], w[2], 3, 1, 1);
    bn3 = f.norm(w[2]);
    fc = f.linear(w[2], spec.numClasses, LayerRole::Last);
    register_module("conv1", conv1.ptr());
    register_module("bn1", bn1.ptr());
    register_module("conv2", conv2.ptr());
    register_module("bn2", bn2.ptr());
    register_module("conv3", conv3.ptr());
    register_module("bn3", bn3.ptr());
    register_module("fc", fc.ptr());
}

torch::Tensor CnnImpl::forward(torch::Tensor x) {
    x = F::max_pool2d(torch::relu(bn1.forward(conv1.forward(x))), F::MaxPool2dFuncOptions(2));
    x = F::max_pool2d(torch::relu(bn2.forward(conv2.forward(x))), F::MaxPool2dFuncOptions(2));
    x = torch::relu(bn3.forward(conv3.forward(x)));
    x = x.mean({2, 3});
    return fc.forward(x);
}

LeNet5Impl::LeNet5Impl(const ModelSpec& spec) : NetworkImpl(spec) {
    LayerFactory f(spec);
    // conv 5×5 (padding 2) → pool → conv 5×5 → pool: 28 → 14 → 10 → 5, 32 → 16 → 12 → 6.
    const std::int64_t h = (spec.inHeight / 2 - 4) / 2, w = (spec.inWidth / 2 - 4) / 2;
    if (h < 1 || w < 1)
        throw std::invalid_argument("lenet5 needs inputs of at least 12×12");
    conv1 = f.conv(spec.inChannels, 6, 5, 1, 2, LayerRole::First);
    bn1 = f.norm(6);
    conv2 = f.conv(6, 16, 5, 1, 0);
    bn2 = f.norm(16);
    fc1 = f.linear(16 * h * w, 120, LayerRole::Hidden);
    bn3 = f.norm1d(120);
    fc2 = f.linear(120, 84, LayerRole::Hidden);
    bn4 = f.norm1d(84);
    fc3 = f.linear(84, spec.numClasses, LayerRole::Last);
    register_module("conv1", conv1.ptr());
    register_module("bn1", bn1.ptr());
    register_module("conv2", conv2.ptr());
    register_module("bn2", bn2.ptr());
    register_module("fc1", fc1.ptr());
    register_module("bn3", bn3.ptr());
    register_module("fc2", fc2.ptr());
    register_module("bn4", bn4.ptr());
    register_module("fc3", fc3.ptr());
}

torch::Tensor LeNet5Impl::forward(torch::Tensor x) {
    x = F::max_pool2d(torch::relu(bn1.forward(conv1.forward(x))), F::MaxPool2dFuncOptions(2));
    x = F::max_pool2d(torch::relu(bn2.forward(conv2.forward(x))), F::MaxPool2dFuncOptions(2));
    x = x.flatten(1);
    x = torch::relu(bn3.forward(fc1.forward(x)));
    x = torch::relu(bn4.forward(fc2.forward(x)));
    return fc3.forward(x);
}

}  // namespace slb
