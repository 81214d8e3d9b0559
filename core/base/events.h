#pragma once
// What the trainer reports, as plain values: the one vocabulary shared by the trainer, the run
// store, the CLI and the GUI session. Torch-free; cheap to copy across threads.

#include <cstdint>
#include <string>
#include <vector>

#include "base/snapshot.h"

namespace slb {

/** A quantized layer as the model lists it, in forward order. */
struct LayerInfo {
    std::string name;  ///< e.g. "features.3"
    std::string kind;  ///< "slb", "lsq"
    int weightBits = 0;
    int actBits = 32;  ///< 32: activations not quantized
    std::int64_t numWeights = 0;
    std::vector<std::int64_t> shape;  ///< weight shape (out, in, kh, kw) or (out, in)
};

/** Sent once, when training is about to start (or resume). */
struct RunStartedEvent {
    std::string configJson;  ///< the full, validated config
    std::string device;      ///< "cpu" or "cuda:0 (name)"
    int threads = 1;
    int worldSize = 1;    ///< processes of a data-parallel run
    std::string backend;  ///< their c10d backend ("gloo"); empty for one process
    std::string modelName;
    std::int64_t numParameters = 0;
    int numClasses = 0;
    std::vector<std::string> classNames;
    std::int64_t trainSize = 0, testSize = 0;
    std::int64_t itersPerEpoch = 0;
    int totalEpochs = 0;
    int startEpoch = 0;          ///< > 0 when resuming
    std::int64_t startStep = 0;  ///< > 0 when resuming
    std::vector<LayerInfo> layers;
};

/** One optimisation step. */
struct StepEvent {
    std::int64_t step = 0;  ///< 0-based global step
    int epoch = 0;          ///< 0-based epoch
    double loss = 0;
    double accuracy = 0;  ///< on this batch, in [0, 1]
    double lr = 0;
    double temperature = 0;  ///< inverse temperature T (SLB), 0 otherwise
    bool hardPhase = false;
    double imagesPerSec = 0;  ///< smoothed training throughput
    double elapsed = 0;       ///< seconds of training so far (pauses excluded)
};

/** End of an epoch, after evaluation. Accuracies in [0, 1]; NaN when not measured. */
struct EpochEvent {
    int epoch = 0;
    std::int64_t step = 0;  ///< index of the epoch's last step (0-based, global)
    double trainLoss = 0;
    double trainAccuracy = 0;
    double testLossSoft = 0, testLossHard = 0;
    double testAccSoft = 0;  ///< with W_c (SLB); the network as trained otherwise
    double testAccHard = 0;  ///< with W_q (SLB); equal to testAccSoft for fp and LSQ
    double testTop5Soft = 0, testTop5Hard = 0;  ///< NaN when there are ≤ 5 classes
    double temperature = 0;
    double lr = 0;
    bool hardPhase = false;
    double seconds = 0;       ///< wall time of this epoch, evaluation included
    double imagesPerSec = 0;  ///< training images per second over the epoch
    /// Data-parallel runs: each rank's own training images per second over the epoch.
    std::vector<double> rankImagesPerSec;
};

/** Every quantized layer's state at one step (every `snapshot_every` steps). */
struct SnapshotEvent {
    std::int64_t step = 0;
    int epoch = 0;
    std::vector<LayerSnapshot> layers;
};

/**
 * Lifecycle of a run. `Interrupted` is never emitted by a Trainer: `resume` records it for a run
 * whose process ended without a word (killed, crashed, power lost), at the last recorded step.
 * `Steered` records a change of the learning rate or temperature made while paused (its message
 * lists the changed config fields as `key=value; ...`); it says nothing about the run's state,
 * so a run's status is that of its last lifecycle event that is not `Steered`.
 */
enum class RunStatus {
    Started,
    Paused,
    Resumed,
    Stopped,
    Finished,
    Diverged,
    Failed,
    Interrupted,
    Steered
};

struct LifecycleEvent {
    RunStatus status = RunStatus::Started;
    std::int64_t step = 0;
    int epoch = 0;
    std::string message;  ///< why, for stopped / diverged / failed
    double wallTime = 0;  ///< seconds since the Unix epoch
};

const char* toString(RunStatus s);
/** False for Steered: an event that does not change what state a run is in. */
inline bool isStateChange(RunStatus s) {
    return s != RunStatus::Steered;
}
bool parseRunStatus(const std::string& s, RunStatus* out);

/**
 * Receives a run's events. Every method is called on the training thread, in order; an
 * implementation must return quickly (copy, enqueue, return) and never block, except in
 * onCheckpoint.
 */
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual void onRunStarted(const RunStartedEvent&) {}
    virtual void onStep(const StepEvent&) {}
    virtual void onEpoch(const EpochEvent&) {}
    virtual void onSnapshot(const SnapshotEvent&) {}
    virtual void onLifecycle(const LifecycleEvent&) {}
    /**
     * A checkpoint after `steps` steps is about to be written (at an epoch end or on stop). The
     * one call that may wait: a recorder makes everything it was given durable here, so that a
     * checkpoint is never ahead of the record and a resume from it leaves no gap.
     */
    virtual void onCheckpoint(std::int64_t /*steps*/) {}
};

}  // namespace slb
