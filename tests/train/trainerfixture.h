#pragma once
// Helpers for trainer tests: a small synthetic-data config and an observer that records events.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "models/modelio.h"

#include "base/config.h"
#include "base/events.h"

namespace slb::test {

/** A quick run: cnn on the synthetic set (1×16×16, 10 classes), CPU, 2 threads. */
inline RunConfig quickConfig() {
    RunConfig c;
    c.dataset = "synthetic";
    c.model = "cnn";
    c.method = Method::Slb;
    c.wbits = 1;
    c.epochs = 2;
    c.batchSize = 64;
    c.lr.base = 0.1;
    c.threads = 2;
    c.device = "cpu";
    c.seed = 5;
    c.snapshotEvery = 8;
    return c;
}

/** Parameters and buffers of a saved model, by name. */
inline std::map<std::string, torch::Tensor> weightsOf(const std::string& path) {
    Network net = loadModelFile(path);
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : net->named_parameters())
        out[p.key()] = p.value().clone();
    for (const auto& b : net->named_buffers())
        out[b.key()] = b.value().clone();
    return out;
}

/** Records every event; `onStepHook` runs on the training thread after each step. */
class Recorder : public TrainObserver {
public:
    void onRunStarted(const RunStartedEvent& e) override { started.push_back(e); }
    void onStep(const StepEvent& e) override {
        steps.push_back(e);
        if (onStepHook)
            onStepHook(e);
    }
    void onEpoch(const EpochEvent& e) override { epochs.push_back(e); }
    void onSnapshot(const SnapshotEvent& e) override { snapshots.push_back(e); }
    void onLifecycle(const LifecycleEvent& e) override {
        std::lock_guard<std::mutex> lock(mutex);
        lifecycle.push_back(e);
    }
    std::vector<RunStatus> statuses() {
        std::lock_guard<std::mutex> lock(mutex);
        std::vector<RunStatus> s;
        for (const auto& e : lifecycle)
            s.push_back(e.status);
        return s;
    }

    std::function<void(const StepEvent&)> onStepHook;
    std::vector<RunStartedEvent> started;
    std::vector<StepEvent> steps;
    std::vector<EpochEvent> epochs;
    std::vector<SnapshotEvent> snapshots;
    std::mutex mutex;  // guards lifecycle, read from the test thread while training runs
    std::vector<LifecycleEvent> lifecycle;
};

}  // namespace slb::test
