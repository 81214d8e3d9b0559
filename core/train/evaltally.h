#pragma once
// What an evaluation sums over a test set: the loss, top-1 and top-5 hits. Shared by the
// trainer's evaluation of W_c / W_q and by the packed model's evaluation, which must agree.
#include <cstdint>

#include <torch/types.h>

#include "data/batchloader.h"

namespace slb {

struct EvalTally {
    double lossSum = 0, correct = 0, correct5 = 0;
    std::int64_t count = 0;

    /** Adds one piece: `logits` [n, classes] against `labels` [n]. */
    void add(const torch::Tensor& logits, const torch::Tensor& labels, bool top5);

    /** Forwards `batch` through `forward` in pieces of at most `piece` images (evaluationPiece,
     *  runtimetuning.h) on `device`, adding each. */
    template <class Forward>
    void addBatch(const Batch& batch, int piece, const torch::Device& device, bool top5,
                  Forward&& forward) {
        const auto xs = batch.images.split(piece);
        const auto ys = batch.labels.split(piece);
        for (std::size_t i = 0; i < xs.size(); ++i)
            add(forward(xs[i].to(device, true)), ys[i].to(device, true), top5);
    }
};

}  // namespace slb
