#pragma once
// ResNet-20 (the SLB paper's CIFAR network, He et al. 2016 §4.2) and ResNet-18 (Golden Stick's,
// ImageNet stem), built from BasicBlocks whose convs follow the ModelSpec.

#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/container/sequential.h>

#include "models/layerfactory.h"
#include "models/network.h"

namespace slb {

/** conv3×3-bn-relu-conv3×3-bn plus a shortcut (1×1 conv + bn when the shape changes), relu. */
class BasicBlockImpl : public torch::nn::Module {
public:
    BasicBlockImpl(const LayerFactory& f, std::int64_t in, std::int64_t out, std::int64_t stride);
    torch::Tensor forward(torch::Tensor x);

private:
    torch::nn::AnyModule conv1, bn1, conv2, bn2, downConv, downBn;
    bool m_hasDown = false;
};
TORCH_MODULE(BasicBlock);

/** ResNet for small images: 3 stages of 3 blocks (16, 32, 64 channels). */
class ResNet20Impl : public NetworkImpl {
public:
    explicit ResNet20Impl(const ModelSpec& spec);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::AnyModule conv1, bn1, fc;
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr};
};

/** ResNet-18: 7×7/2 stem and max-pool, 4 stages of 2 blocks (64 … 512 channels). */
class ResNet18Impl : public NetworkImpl {
public:
    explicit ResNet18Impl(const ModelSpec& spec);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::AnyModule conv1, bn1, fc;
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
};

/** VGG-Small (LQ-Net / SLB CIFAR): 128-128-M-256-256-M-512-512-M, fc. */
class VggSmallImpl : public NetworkImpl {
public:
    explicit VggSmallImpl(const ModelSpec& spec);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::AnyModule conv[6], bn[6], fc;
};

}  // namespace slb
