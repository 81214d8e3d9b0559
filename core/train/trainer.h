#pragma once
// The training engine: one run of one config, on the calling (training) thread, reporting events
// to observers. Torch-free header: the CLI, the GUI session and the tests drive the same Trainer.

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/config.h"
#include "base/events.h"
#include "dist/distoptions.h"

namespace slb {

/** Final figures of a run (what `slb-train --summary` writes). Accuracies in [0, 1]. */
struct TrainSummary {
    RunStatus status = RunStatus::Failed;
    std::string message;
    double testAccSoft = 0, testAccHard = 0;
    double testTop5Soft = 0, testTop5Hard = 0;
    double trainLoss = 0;
    double imagesPerSec = 0;
    int epochs = 0;  ///< completed epochs
    std::int64_t steps = 0;
    double seconds = 0;
    std::string device;
    int worldSize = 1;
    std::vector<double> rankImagesPerSec;  ///< each rank's own training throughput, last epoch
};

/** Config changes as (JSON key, value as text) pairs, applied in order through the registry. */
using ConfigChanges = std::vector<std::pair<std::string, std::string>>;

/** Devices this build can train on here: "cpu", and "cuda:N" for every GPU a CUDA build sees. */
std::vector<std::string> availableDevices();

class Trainer {
public:
    /** A trainer for `config`; nothing is loaded until run(). */
    explicit Trainer(RunConfig config);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    /** Adds an observer (not owned; must outlive run()). Call before run(). */
    void addObserver(TrainObserver* observer);
    /** Continue from this checkpoint file instead of starting afresh. Call before run(). */
    void setResumeCheckpoint(const std::string& path);
    /** Folder for epoch-end and stop checkpoints; empty: none are written. Call before run(). */
    void setCheckpointDir(const std::string& dir);
    /**
     * Trains as rank `o.rank` of a data-parallel job of `o.worldSize` processes (c10d, Gloo):
     * each rank trains on its shard of every batch, gradients are averaged after backward, batch
     * norm is synchronised (SyncBN), and the weights start from rank 0's. Rank 0 alone evaluates,
     * writes checkpoints and the model and should carry the recording observers; the others
     * report only failures. Rank 0's pause() holds every rank after the same step, and what it
     * is steered to while paused reaches them all. A world size of 1 trains alone. Call before
     * run().
     */
    void setDistributed(const DistOptions& o);

    /**
     * Loads data, builds the model and trains until finished, stopped, diverged or failed, on the
     * calling thread (which becomes the training thread). Never throws: failures end as a
     * Failed event and status.
     */
    RunStatus run();

    /** Any thread: hold training before the next batch. */
    void pause();
    /** Any thread: continue after pause(). */
    void resume();
    /** Any thread: end the run before the next batch (a checkpoint is written if enabled). */
    void requestStop();
    /** Any thread. */
    bool isPaused() const;

    /**
     * Any thread, while paused (or about to pause): changes the learning rate and the temperature
     * schedule from the next step on. The changes are checked now against the run's config (false
     * and *error "key: reason" when a value is refused or a key is not steerable); the training
     * thread applies them, records them as a Steered event (message "key=value; ...") and keeps
     * them in later checkpoints, so a resumed run goes on with them.
     */
    bool steer(const ConfigChanges& changes, std::string* error);
    /** True for the keys steer() accepts: the learning-rate and temperature fields. */
    static bool isSteerable(const std::string& key);

    /** Reads where a checkpoint stands (epoch to continue with, steps done); false + *error if
     *  it cannot be read. */
    static bool checkpointPosition(const std::string& path, int* epoch, std::int64_t* steps,
                                   std::string* error);

    /** After run(): the final figures. */
    TrainSummary summary() const;
    /** After run(): path of the saved final model (empty if none was written). */
    std::string finalModelPath() const;

    struct Impl;

private:
    std::unique_ptr<Impl> d;
};

}  // namespace slb
