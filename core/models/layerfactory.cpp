#include "models/layerfactory.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "dist/syncbatchnorm.h"
#include "quant/actquant.h"
#include "quant/deploylayers.h"
#include "quant/lsq.h"
#include "quant/slblayers.h"
#include "quant/statebatchnorm.h"

namespace slb {

namespace {

ActQuantType actType(ActQuantKind k) {
    switch (k) {
        case ActQuantKind::DoReFa:
            return ActQuantType::DoReFa;
        case ActQuantKind::Pact:
            return ActQuantType::Pact;
        case ActQuantKind::Lsq:
            return ActQuantType::Lsq;
        case ActQuantKind::Auto:
        case ActQuantKind::None:
            break;
    }
    return ActQuantType::None;
}

}  // namespace

EdgeLayer LayerFactory::policy(LayerRole role) const {
    if (m_spec.method == Method::Float)
        return EdgeLayer::Float;
    switch (role) {
        case LayerRole::First:
            return m_spec.firstLayer;
        case LayerRole::Last:
            return m_spec.lastLayer;
        case LayerRole::Hidden:
            break;
    }
    return EdgeLayer::Quantized;
}

torch::nn::AnyModule LayerFactory::conv(std::int64_t in, std::int64_t out, std::int64_t k,
                                        std::int64_t stride, std::int64_t padding,
                                        LayerRole role) const {
    const EdgeLayer p = policy(role);
    if (p == EdgeLayer::Float) {
        return torch::nn::AnyModule(torch::nn::Conv2d(
            torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(padding).bias(false)));
    }
    const bool eight = p == EdgeLayer::EightBit;
    // The first layer sees normalised images, which are signed.
    const bool signedInput = role == LayerRole::First;
    if (m_spec.deploy) {
        return torch::nn::AnyModule(DeployConv2d(DeployConv2dOptions(in, out, k)
                                                     .stride(stride)
                                                     .padding(padding)
                                                     .act(inputQuantizer(role))));
    }
    if (m_spec.method == Method::Lsq) {
        const int wb = eight ? m_spec.edgeBits : m_spec.wbits;
        const int ab = eight ? m_spec.edgeBits : m_spec.abits;
        return torch::nn::AnyModule(LsqConv2d(LsqConv2dOptions(in, out, k)
                                                  .stride(stride)
                                                  .padding(padding)
                                                  .wbits(wb)
                                                  .abits(ab)
                                                  .actSigned(signedInput)));
    }
    // SLB: the input quantizer follows the run's activation bits; an 8-bit edge layer quantizes
    // its weights to 2^8 values and leaves the image input alone.
    SlbConv2dOptions o(in, out, k);
    o.stride(stride).padding(padding).bits(eight ? m_spec.edgeBits : m_spec.wbits);
    o.act(inputQuantizer(role));
    return torch::nn::AnyModule(SlbConv2d(o));
}

torch::nn::AnyModule LayerFactory::linear(std::int64_t in, std::int64_t out, LayerRole role) const {
    const EdgeLayer p = policy(role);
    if (p == EdgeLayer::Float)
        return torch::nn::AnyModule(torch::nn::Linear(torch::nn::LinearOptions(in, out)));
    const bool eight = p == EdgeLayer::EightBit;
    if (m_spec.deploy)
        return torch::nn::AnyModule(
            DeployLinear(DeployLinearOptions(in, out).act(inputQuantizer(role))));
    if (m_spec.method == Method::Lsq) {
        const int wb = eight ? m_spec.edgeBits : m_spec.wbits;
        const int ab = eight ? m_spec.edgeBits : m_spec.abits;
        return torch::nn::AnyModule(LsqLinear(LsqLinearOptions(in, out).wbits(wb).abits(ab)));
    }
    SlbLinearOptions o(in, out);
    o.bits(eight ? m_spec.edgeBits : m_spec.wbits);
    o.act(inputQuantizer(role));
    return torch::nn::AnyModule(SlbLinear(o));
}

ActQuantizerOptions LayerFactory::inputQuantizer(LayerRole role) const {
    const EdgeLayer p = policy(role);
    if (p == EdgeLayer::Float)
        return ActQuantizerOptions();
    const bool eight = p == EdgeLayer::EightBit;
    const bool signedInput = role == LayerRole::First;
    if (m_spec.method == Method::Lsq) {
        const int ab = eight ? m_spec.edgeBits : m_spec.abits;
        if (ab >= 32)
            return ActQuantizerOptions();
        return ActQuantizerOptions(ActQuantType::Lsq, ab).isSigned(signedInput);
    }
    if (signedInput || m_spec.abits >= 32 || m_spec.actQuant == ActQuantKind::None)
        return ActQuantizerOptions();
    return ActQuantizerOptions(actType(m_spec.actQuant), m_spec.abits).pactAlpha(m_spec.pactAlpha);
}

torch::nn::AnyModule LayerFactory::norm(std::int64_t features) const {
    if (m_spec.method == Method::Slb && !m_spec.deploy)
        return torch::nn::AnyModule(StateBatchNorm2d(features));
    return torch::nn::AnyModule(SyncedBatchNorm2d(features));
}

torch::nn::AnyModule LayerFactory::norm1d(std::int64_t features) const {
    if (m_spec.method == Method::Slb && !m_spec.deploy)
        return torch::nn::AnyModule(StateBatchNorm2d(features));
    return torch::nn::AnyModule(SyncedBatchNorm1d(features));
}

}  // namespace slb
