#pragma once
// Checkpoint files read back. A checkpoint may come from another machine or another person, so
// every value in it is checked before the training code sees it: tensors must have the shape
// and type the run's network and optimizer were built with and lie inside their storage, the
// run's position must be in range, and the RNG state must be one. LibTorch's own loaders accept
// a tensor of any shape in place of a parameter and let later code read past its end.

#include <cstdint>
#include <string>

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include "models/modelio.h"
#include "models/network.h"

namespace slb {

/** Where a run stands; what a checkpoint must hold to continue it exactly. */
struct RunPosition {
    int epoch = 0;          ///< current epoch (0-based)
    std::int64_t step = 0;  ///< global steps done
    std::int64_t stepInEpoch = 0;
    double elapsed = 0;                         ///< training seconds so far
    double epochLossSum = 0, epochCorrect = 0;  ///< running sums of the current epoch
    std::int64_t epochSeen = 0;
};

/** What a checkpoint holds besides the weights it loads into a network and an optimizer. */
struct CheckpointContents {
    ModelFileInfo info;      ///< the config (with its schedules as steered) and the model spec
    RunPosition position;    ///< where to continue
    torch::Tensor rngState;  ///< the CPU generator's state; undefined when the file has none
};

/** Reads a checkpoint's header and position only. Throws std::runtime_error naming `path`. */
CheckpointContents readCheckpointPosition(const std::string& path);

/**
 * Loads the checkpoint at `path` into `model` and `optimizer`, which must be built for the run
 * the checkpoint belongs to (same model and method). The optimizer keeps its own options (the
 * run's config sets them); only its state (momentum, Adam moments) comes from the file.
 * Throws std::runtime_error naming `path` and the field or tensor at fault; after a throw the
 * model and optimizer are in an unspecified state and must not be trained further.
 */
CheckpointContents loadCheckpoint(const std::string& path, torch::Device device, NetworkImpl& model,
                                  torch::optim::Optimizer& optimizer);

}  // namespace slb
