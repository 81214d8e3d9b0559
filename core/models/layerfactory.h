#pragma once
// Makes the conv / linear / norm layers of a model as its ModelSpec says: float, SLB or LSQ, with
// the first and last layers treated as the spec's edge policy.

#include <cstdint>

#include <torch/nn/modules/container/any.h>

#include "models/modelspec.h"
#include "quant/actquant.h"

namespace slb {

/** Where a layer sits: edge layers follow the spec's first/last policy. */
enum class LayerRole { First, Hidden, Last };

class LayerFactory {
public:
    explicit LayerFactory(const ModelSpec& spec) : m_spec(spec) {}

    /** A k×k convolution without bias (a norm layer follows). */
    torch::nn::AnyModule conv(std::int64_t in, std::int64_t out, std::int64_t k,
                              std::int64_t stride, std::int64_t padding,
                              LayerRole role = LayerRole::Hidden) const;
    /** A fully connected layer with bias. */
    torch::nn::AnyModule linear(std::int64_t in, std::int64_t out,
                                LayerRole role = LayerRole::Last) const;
    /** Batch norm after a conv (state BN for SLB models); works on [B, C] and [B, C, H, W]. */
    torch::nn::AnyModule norm(std::int64_t features) const;
    /** Batch norm after a hidden linear layer. */
    torch::nn::AnyModule norm1d(std::int64_t features) const;

private:
    EdgeLayer policy(LayerRole role) const;
    /** The quantizer of a quantized layer's input activations (type None: float input). */
    ActQuantizerOptions inputQuantizer(LayerRole role) const;
    ModelSpec m_spec;
};

}  // namespace slb
