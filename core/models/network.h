#pragma once
// The model zoo: cnn, lenet5, resnet20, vgg_small, resnet18, each built from a ModelSpec so that
// the same architecture comes as float, SLB or LSQ with the same module names (init-from and
// teachers rely on that).

#include <memory>
#include <string>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "models/modelspec.h"

namespace slb {

/** A classifier: images [B, C, H, W] → logits [B, classes]. */
class NetworkImpl : public torch::nn::Module {
public:
    explicit NetworkImpl(ModelSpec spec) : m_spec(std::move(spec)) {}
    virtual torch::Tensor forward(torch::Tensor x) = 0;
    const ModelSpec& spec() const { return m_spec; }

private:
    ModelSpec m_spec;
};
using Network = std::shared_ptr<NetworkImpl>;

/** Builds a model; throws std::invalid_argument for an unknown name or an impossible shape. */
Network buildModel(const ModelSpec& spec);

/** Number of learnable parameters. */
std::int64_t parameterCount(const torch::nn::Module& m);

}  // namespace slb
