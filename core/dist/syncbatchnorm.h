#pragma once
// Batch normalisation that agrees across the ranks of a data-parallel job (SyncBN). Torch-facing.
//
// In training mode under a CommunicatorScope with more than one rank, the batch statistics are
// those of the whole global batch: each rank's count, mean and centred sum of squares are
// combined (Chan et al.'s parallel formula) with one allreduce per layer, and the backward pass
// sums its two per-channel reductions over the ranks likewise. A 2-process step on two halves of
// a batch therefore computes what a 1-process step on the whole batch computes, up to summation
// order, and every rank keeps the same running statistics. Elsewhere it is torch::batch_norm.

#include <torch/types.h>

namespace slb {

/** torch::batch_norm (cudnn off), synchronised over the current communicator's ranks when
 *  training. `runningMean`/`runningVar` may be undefined (batch statistics only). */
torch::Tensor batchNorm(const torch::Tensor& x, const torch::Tensor& weight,
                        const torch::Tensor& bias, const torch::Tensor& runningMean,
                        const torch::Tensor& runningVar, bool training, double momentum,
                        double eps);

}  // namespace slb

#include <torch/nn/modules/batchnorm.h>

namespace slb {

/** torch::nn::BatchNorm2d whose training-mode forward goes through batchNorm() above: the same
 *  module, parameters and buffers (loaders and exporters see a BatchNorm2dImpl). */
class SyncedBatchNorm2dImpl : public torch::nn::BatchNorm2dImpl {
public:
    using torch::nn::BatchNorm2dImpl::BatchNorm2dImpl;
    torch::Tensor forward(const torch::Tensor& x);
    /// (Debian's LibTorch does not export the base template's.)
    void pretty_print(std::ostream& stream) const override;
};
TORCH_MODULE(SyncedBatchNorm2d);

/** The same for torch::nn::BatchNorm1d. */
class SyncedBatchNorm1dImpl : public torch::nn::BatchNorm1dImpl {
public:
    using torch::nn::BatchNorm1dImpl::BatchNorm1dImpl;
    torch::Tensor forward(const torch::Tensor& x);
    /// (Debian's LibTorch does not export the base template's.)
    void pretty_print(std::ostream& stream) const override;
};
TORCH_MODULE(SyncedBatchNorm1d);

}  // namespace slb
