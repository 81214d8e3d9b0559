#pragma once
// One handle on every quantization-aware part of a model: sets temperature, weight mode and hard
// phase, runs BN calibration, keeps learned steps positive and gathers layer snapshots.
// Built once per model, so per-step calls cost a loop over a few pointers.

#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>

#include "quant/slbweight.h"
#include "base/snapshot.h"
#include "quant/statebatchnorm.h"
#include "base/events.h"

namespace slb {

class LsqQuantizerImpl;
class ActQuantizerImpl;

/** Pointers into a model's quantization-aware modules; valid while the model lives. */
class QuantControl {
public:
    QuantControl() = default;
    /** Walks `root` (in registration order, i.e. forward order for our models). */
    explicit QuantControl(torch::nn::Module& root);

    void setTemperature(double t);
    void setMode(WeightMode m);
    void setHard(bool hard);
    bool hasSlb() const { return !m_slb.empty(); }
    bool hasStateBn() const { return !m_bn.empty(); }

    void beginCalibration(StatSet set);
    void endCalibration();

    /** Keeps LSQ steps and PACT clips positive; call after every optimizer step. */
    void constrain();
    /** Turns on/off capture of activation statistics for the next forward. */
    void setCapture(bool on);

    /** Every quantized layer's snapshot, in forward order. */
    std::vector<LayerSnapshot> snapshots() const;
    /** The quantized layers as the run describes them (name, kind, bits, shape). */
    std::vector<LayerInfo> layerInfos() const;
    /** Names of the quantized layers, in forward order. */
    std::vector<std::string> layerNames() const;
    std::size_t layerCount() const { return m_layers.size(); }

    /** The SLB weights, by layer name (for export and tests). */
    const std::vector<std::pair<std::string, std::shared_ptr<SlbWeightImpl>>>& slbWeights() const {
        return m_slb;
    }

private:
    struct Layer {
        std::string name;
        std::shared_ptr<torch::nn::Module> module;
    };
    std::vector<Layer> m_layers;
    std::vector<std::pair<std::string, std::shared_ptr<SlbWeightImpl>>> m_slb;
    std::vector<std::shared_ptr<StateBatchNorm2dImpl>> m_bn;
    std::vector<std::shared_ptr<LsqQuantizerImpl>> m_lsq;
    std::vector<std::shared_ptr<ActQuantizerImpl>> m_act;
};

}  // namespace slb
