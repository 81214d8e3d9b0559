#include "quant/actquant.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <torch/torch.h>

namespace slb {

namespace {

/** Forward `value`, backward dL/dy into `through`: the straight-through estimator. The detached
 *  term comes first so the forward is exactly `value` (no rounding error from value − through). */
torch::Tensor straightThrough(const torch::Tensor& value, const torch::Tensor& through) {
    return value.detach() + (through - through.detach());
}

}  // namespace

ActQuantizerImpl::ActQuantizerImpl(const ActQuantizerOptions& options) : m_options(options) {
    const ActQuantType type = options.type();
    const int bits = options.bits();
    if (type == ActQuantType::DoReFa || type == ActQuantType::Pact) {
        if (bits < 1 || bits > 8) {
            throw std::invalid_argument("bits: DoReFa and PACT support 1 to 8 bits, got " +
                                        std::to_string(bits));
        }
        if (options.isSigned()) {
            throw std::invalid_argument("isSigned: DoReFa and PACT quantize unsigned values");
        }
        m_levels = std::ldexp(1.0, bits) - 1.0;
    }
    if (type == ActQuantType::Pact) {
        if (!(options.pactAlpha() >= kMinAlpha)) {
            throw std::invalid_argument("pactAlpha: must be at least " + std::to_string(kMinAlpha));
        }
        m_alpha = register_parameter("alpha", torch::full({1}, options.pactAlpha()));
    }
    if (type == ActQuantType::Lsq) {
        // LsqQuantizer validates the bits (2..8) itself.
        m_lsq = register_module(
            "lsq", LsqQuantizer(
                       LsqQuantizerOptions(bits).isSigned(options.isSigned()).isActivation(true)));
    }
}

torch::Tensor ActQuantizerImpl::forward(const torch::Tensor& x) {
    switch (m_options.type()) {
        case ActQuantType::None:
            return x;
        case ActQuantType::DoReFa:
            return doReFa(x);
        case ActQuantType::Pact:
            return pact(x);
        case ActQuantType::Lsq:
            return m_lsq->forward(x);
    }
    return x;
}

torch::Tensor ActQuantizerImpl::doReFa(const torch::Tensor& x) const {
    // clamp passes the gradient on the closed [0, 1], which is DoReFa's STE mask.
    const torch::Tensor y = torch::clamp(x, 0.0, 1.0);
    return straightThrough((y * m_levels).round() / m_levels, y);
}

torch::Tensor ActQuantizerImpl::pact(const torch::Tensor& x) const {
    // The floor keeps the forward finite even before constrain() repairs an α that an optimizer
    // step pushed below it.
    const torch::Tensor alpha = m_alpha.clamp_min(kMinAlpha).to(x.scalar_type());
    // where() routes the gradient of every x ≥ α to α and of the others to x, which is the PACT
    // gradient including x == α; clamp_min then gives x < 0 no gradient and x == 0 gradient 1.
    const torch::Tensor y = torch::where(x >= alpha, alpha, x).clamp_min(0.0);
    const torch::Tensor q = (y * (m_levels / alpha)).round() * (alpha / m_levels);
    return straightThrough(q, y);
}

void ActQuantizerImpl::constrain() {
    if (m_options.type() == ActQuantType::Pact) {
        torch::NoGradGuard noGrad;
        m_alpha.clamp_min_(kMinAlpha);
    } else if (m_options.type() == ActQuantType::Lsq) {
        m_lsq->constrain();
    }
}

void ActQuantizerImpl::setCapture(bool on) {
    if (!m_lsq.is_empty()) {
        m_lsq->setCapture(on);
    }
}

LsqSnapshot ActQuantizerImpl::lastSnapshot() const {
    return m_lsq.is_empty() ? LsqSnapshot{} : m_lsq->lastActivationSnapshot();
}

double ActQuantizerImpl::alpha() const {
    return m_alpha.defined() ? m_alpha.item<double>() : 0.0;
}

}  // namespace slb
