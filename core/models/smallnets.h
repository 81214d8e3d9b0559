#pragma once
// Small networks for 28×28 / 32×32 inputs: cnn and lenet5.

#include <torch/nn/modules/container/any.h>

#include "models/layerfactory.h"
#include "models/network.h"

namespace slb {

/** conv32-pool-conv64-pool-conv128-gap-fc: ~0.1 M weights, fast enough for live demos on 2 cores.
 */
class CnnImpl : public NetworkImpl {
public:
    explicit CnnImpl(const ModelSpec& spec);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::AnyModule conv1, bn1, conv2, bn2, conv3, bn3, fc;
};

/** LeNet-5 (6-16 convs 5×5, fc 120-84) with batch norm after every hidden layer. */
class LeNet5Impl : public NetworkImpl {
public:
    explicit LeNet5Impl(const ModelSpec& spec);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::AnyModule conv1, bn1, conv2, bn2, fc1, bn3, fc2, bn4, fc3;
};

}  // namespace slb
