// Optimizer construction with weight-decay groups, and device selection.
#include <stdexcept>

#include <torch/cuda.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>

#include "train/trainer_p.h"

namespace slb {

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(torch::nn::Module& model,
                                                       const RunConfig& c) {
    // Four groups so that each kind of parameter gets its own weight decay: SLB's A (decay fights
    // sharpening), norms and biases, LSQ steps / PACT clips, and ordinary weights.
    std::vector<torch::Tensor> aux, norm, steps, weights;
    for (const auto& item : model.named_parameters(true)) {
        const std::string& name = item.key();
        const torch::Tensor& p = item.value();
        if (endsWith(name, ".A")) {
            aux.push_back(p);
        } else if (endsWith(name, ".step") || endsWith(name, ".alpha")) {
            steps.push_back(p);
        } else if (p.dim() <= 1) {
            norm.push_back(p);
        } else {
            weights.push_back(p);
        }
    }
    const double wd = c.weightDecay;
    const std::pair<std::vector<torch::Tensor>*, double> groups[] = {
        {&weights, wd},
        {&aux, c.decayAux ? wd : 0.0},
        {&norm, c.decayNorm ? wd : 0.0},
        {&steps, c.decaySteps ? wd : 0.0},
    };
    if (c.optimizer == "adam") {
        std::vector<torch::optim::OptimizerParamGroup> pg;
        for (const auto& [params, decay] : groups) {
            if (params->empty())
                continue;
            auto o = std::make_unique<torch::optim::AdamOptions>(c.lr.base);
            o->betas({c.adamBeta1, c.adamBeta2}).weight_decay(decay);
            pg.emplace_back(*params, std::move(o));
        }
        return std::make_unique<torch::optim::Adam>(pg, torch::optim::AdamOptions(c.lr.base));
    }
    std::vector<torch::optim::OptimizerParamGroup> pg;
    for (const auto& [params, decay] : groups) {
        if (params->empty())
            continue;
        auto o = std::make_unique<torch::optim::SGDOptions>(c.lr.base);
        o->momentum(c.momentum).nesterov(c.nesterov && c.momentum > 0).weight_decay(decay);
        pg.emplace_back(*params, std::move(o));
    }
    return std::make_unique<torch::optim::SGD>(pg, torch::optim::SGDOptions(c.lr.base));
}

void setLearningRate(torch::optim::Optimizer& opt, double lr) {
    for (auto& g : opt.param_groups()) {
        if (auto* sgd = dynamic_cast<torch::optim::SGDOptions*>(&g.options())) {
            sgd->lr(lr);
        } else if (auto* adam = dynamic_cast<torch::optim::AdamOptions*>(&g.options())) {
            adam->lr(lr);
        }
    }
}

void clearGradients(torch::optim::Optimizer& opt) {
    for (auto& g : opt.param_groups())
        for (auto& p : g.params())
            if (p.grad().defined())
                p.mutable_grad() = torch::Tensor();
}

torch::Device pickDevice(const std::string& wanted, std::string* name) {
    const bool cuda = torch::cuda::is_available();
    if (wanted == "cpu" || (wanted == "auto" && !cuda)) {
        *name = "cpu";
        return torch::Device(torch::kCPU);
    }
    if (!cuda)
        throw std::runtime_error("device: '" + wanted +
                                 "' asked for, but this LibTorch has no CUDA or no GPU is present; "
                                 "use --device cpu");
    int index = 0;
    if (wanted.rfind("cuda:", 0) == 0) {
        try {
            index = std::stoi(wanted.substr(5));
        } catch (...) {
            throw std::runtime_error("device: '" + wanted + "' is not cuda:N");
        }
    }
    if (index < 0 || index >= int(torch::cuda::device_count()))
        throw std::runtime_error("device: " + wanted + " does not exist (" +
                                 std::to_string(torch::cuda::device_count()) + " GPUs)");
    *name = "cuda:" + std::to_string(index);
    return torch::Device(torch::kCUDA, index);
}

}  // namespace slb
