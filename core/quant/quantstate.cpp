#include "quant/quantstate.h"

#include "quant/actquant.h"
#include "quant/lsq.h"
#include "quant/slblayers.h"

namespace slb {

QuantControl::QuantControl(torch::nn::Module& root) {
    for (const auto& item : root.named_modules("", /*include_self=*/false)) {
        const std::string& name = item.key();
        const auto& mod = item.value();
        if (auto c = std::dynamic_pointer_cast<SlbConv2dImpl>(mod)) {
            m_layers.push_back({name, mod});
            m_slb.emplace_back(name, c->weight.ptr());
        } else if (auto l = std::dynamic_pointer_cast<SlbLinearImpl>(mod)) {
            m_layers.push_back({name, mod});
            m_slb.emplace_back(name, l->weight.ptr());
        } else if (std::dynamic_pointer_cast<LsqConv2dImpl>(mod) ||
                   std::dynamic_pointer_cast<LsqLinearImpl>(mod)) {
            m_layers.push_back({name, mod});
        } else if (auto bn = std::dynamic_pointer_cast<StateBatchNorm2dImpl>(mod)) {
            m_bn.push_back(bn);
        } else if (auto q = std::dynamic_pointer_cast<LsqQuantizerImpl>(mod)) {
            m_lsq.push_back(q);
        } else if (auto a = std::dynamic_pointer_cast<ActQuantizerImpl>(mod)) {
            m_act.push_back(a);
        }
    }
}

void QuantControl::setTemperature(double t) {
    for (auto& [name, w] : m_slb)
        w->setTemperature(t);
}

void QuantControl::setMode(WeightMode m) {
    for (auto& [name, w] : m_slb)
        w->setMode(m);
    for (auto& bn : m_bn)
        bn->setMode(m);
}

void QuantControl::setHard(bool hard) {
    for (auto& [name, w] : m_slb)
        w->setHard(hard);
    for (auto& bn : m_bn)
        bn->setHard(hard);
}

void QuantControl::beginCalibration(StatSet set) {
    for (auto& bn : m_bn)
        bn->beginCalibration(set);
}

void QuantControl::endCalibration() {
    for (auto& bn : m_bn)
        bn->endCalibration();
}

void QuantControl::constrain() {
    for (auto& q : m_lsq)
        q->constrain();
    for (auto& a : m_act)
        a->constrain();
}

void QuantControl::setCapture(bool on) {
    for (auto& q : m_lsq)
        if (q->options().isActivation())
            q->setCapture(on);
}

std::vector<LayerSnapshot> QuantControl::snapshots() const {
    std::vector<LayerSnapshot> out;
    out.reserve(m_layers.size());
    for (const auto& l : m_layers) {
        LayerSnapshot s;
        if (auto c = std::dynamic_pointer_cast<SlbConv2dImpl>(l.module)) {
            s = c->snapshot();
        } else if (auto lin = std::dynamic_pointer_cast<SlbLinearImpl>(l.module)) {
            s = lin->snapshot();
        } else if (auto lc = std::dynamic_pointer_cast<LsqConv2dImpl>(l.module)) {
            s = lc->snapshot();
        } else if (auto ll = std::dynamic_pointer_cast<LsqLinearImpl>(l.module)) {
            s = ll->snapshot();
        }
        s.layer = l.name;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<LayerInfo> QuantControl::layerInfos() const {
    std::vector<LayerInfo> out;
    for (const auto& l : m_layers) {
        LayerInfo info;
        info.name = l.name;
        torch::Tensor w;
        if (auto c = std::dynamic_pointer_cast<SlbConv2dImpl>(l.module)) {
            info.kind = "slb";
            info.weightBits = c->options.bits();
            info.actBits = c->act ? c->act->bits() : 32;
            info.shape = c->weight->weightShape();
        } else if (auto lin = std::dynamic_pointer_cast<SlbLinearImpl>(l.module)) {
            info.kind = "slb";
            info.weightBits = lin->options.bits();
            info.actBits = lin->act ? lin->act->bits() : 32;
            info.shape = lin->weight->weightShape();
        } else if (auto lc = std::dynamic_pointer_cast<LsqConv2dImpl>(l.module)) {
            info.kind = "lsq";
            info.weightBits = lc->options().wbits();
            info.actBits = lc->options().abits();
            info.shape = lc->weight().sizes().vec();
        } else if (auto ll = std::dynamic_pointer_cast<LsqLinearImpl>(l.module)) {
            info.kind = "lsq";
            info.weightBits = ll->options().wbits();
            info.actBits = ll->options().abits();
            info.shape = ll->weight().sizes().vec();
        }
        info.numWeights = 1;
        for (auto d : info.shape)
            info.numWeights *= d;
        out.push_back(std::move(info));
    }
    return out;
}

std::vector<std::string> QuantControl::layerNames() const {
    std::vector<std::string> n;
    for (const auto& l : m_layers)
        n.push_back(l.name);
    return n;
}

}  // namespace slb
