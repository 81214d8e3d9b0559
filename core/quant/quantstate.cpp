#include "quant/quantstate.h"

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
        } else if (auto bn = std::dynamic_pointer_cast<StateBatchNorm2dImpl>(mod)) {
            m_bn.push_back(bn);
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

void QuantControl::constrain() {}

void QuantControl::setCapture(bool) {}

std::vector<LayerSnapshot> QuantControl::snapshots() const {
    std::vector<LayerSnapshot> out;
    out.reserve(m_layers.size());
    for (const auto& l : m_layers) {
        LayerSnapshot s;
        if (auto c = std::dynamic_pointer_cast<SlbConv2dImpl>(l.module)) {
            s = c->snapshot();
        } else if (auto lin = std::dynamic_pointer_cast<SlbLinearImpl>(l.module)) {
            s = lin->snapshot();
        }
        s.layer = l.name;
        out.push_back(std::move(s));
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
