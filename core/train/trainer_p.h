#pragma once
// Trainer internals (torch-facing). Only the training thread touches the members below, except the
// control block, which any thread may use.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include "base/progress.h"
#include "data/batchloader.h"
#include "data/dataset.h"
#include "dist/communicator.h"
#include "dist/gradientsync.h"
#include "models/network.h"
#include "quant/quantstate.h"
#include "train/checkpointio.h"
#include "train/trainer.h"

namespace slb {

/** Loss, accuracy and top-5 over a data set. */
struct EvalResult {
    double loss = 0, accuracy = 0, top5 = 0;
    std::int64_t count = 0;
};

struct Trainer::Impl {
    explicit Impl(RunConfig c) : steerConfig(c), config(std::move(c)) {}

    // --- control: any thread ---
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> pauseRequested{false};
    mutable std::mutex controlMutex;  // guards the wait below, steerConfig and pendingSteers
    std::condition_variable controlCv;
    RunConfig steerConfig;                     ///< the config as steered so far, for checking
    std::vector<ConfigChanges> pendingSteers;  ///< accepted, not yet applied by the training thread

    // --- training thread ---
    RunConfig config;
    std::vector<TrainObserver*> observers;
    std::string resumePath, checkpointDir;
    torch::Device device{torch::kCPU};
    std::string deviceName;
    Dataset data;
    Network model, teacher;
    QuantControl quant;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::unique_ptr<BatchLoader> trainLoader, testLoader, calibLoader;
    TrainProgress layout;
    RunPosition pos;
    bool hard = false;
    TrainSummary result;
    std::string finalModel;
    double ipsEma = 0;

    // --- data-parallel (world size > 1) ---
    DistOptions dist;
    std::unique_ptr<Communicator> comm;
    std::unique_ptr<GradientSync> gradSync;
    std::int64_t localSeen = 0;  ///< images this rank trained on in the epoch under way
    bool globalStop = false;     ///< a rank asked to stop: every rank ends after the same step
    bool globalPause = false;    ///< rank 0 was asked to pause: every rank holds after this step
    bool distributed() const { return comm && comm->worldSize() > 1; }
    bool leader() const { return !comm || comm->rank() == 0; }
    /// Joins the job, shards the loaders' batches and starts every rank from rank 0's weights.
    void setupDistributed();
    /// Rank 0's parameters, buffers and optimizer state into every rank.
    void broadcastState();
    /// checkControl() of a data-parallel run: every rank stops, or holds while rank 0 is paused
    /// and then takes over what rank 0 was steered to. False when the job is to stop.
    bool holdTogether();

    void setup();
    void restore(const std::string& path);
    RunStatus loop();
    /// One epoch of training from pos; false when stopped (or diverged: see `diverged`).
    bool trainEpoch();
    /// Waits while paused; false when a stop was requested.
    bool checkControl();
    /// Applies the steering accepted since the last call and records it (training thread); the
    /// changes applied are appended to *applied when given.
    void applySteering(ConfigChanges* applied = nullptr);
    /// Waits while paused, applying steers as they come (into *applied); false when stopped.
    bool waitWhilePaused(ConfigChanges* applied);
    void calibrate();
    EvalResult evaluate(WeightMode mode);
    void applySchedules(const TrainProgress& p, double* lr, double* t);
    torch::Tensor lossFor(const torch::Tensor& logits, const torch::Tensor& labels,
                          const torch::Tensor& images);
    void saveCheckpoint(const std::string& name);
    /// Every quantized layer's snapshot after the last step taken.
    void emitSnapshot();
    void emitLifecycle(RunStatus s, const std::string& message);
    std::optional<std::string> diverged;
};

/** Builds the optimizer with weight-decay groups (A, norms/biases, steps, weights). */
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(torch::nn::Module& model,
                                                       const RunConfig& c);
/** Sets the learning rate of every group. */
void setLearningRate(torch::optim::Optimizer& opt, double lr);
/** Drops every gradient (set to none): frozen tensors then get no momentum or decay update. */
void clearGradients(torch::optim::Optimizer& opt);

/** The device for "auto", "cpu", "cuda", "cuda:N"; throws std::runtime_error when unavailable. */
torch::Device pickDevice(const std::string& wanted, std::string* name);

}  // namespace slb
