#include "dist/syncbatchnorm.h"

#include <torch/autograd.h>

#include "dist/communicator.h"

// Debian's libtorch_cpu exports no symbol of BatchNormImplBase<D, ...>: its classes' vtables live
// in the library, but a class derived from them needs the base's pretty_print for its own
// construction vtables. Define it here (LibTorch's text).
namespace torch::nn {
template <>
void BatchNormImplBase<1, BatchNorm1dImpl>::pretty_print(std::ostream& stream) const {
    stream << "torch::nn::BatchNorm1d(" << options.num_features() << ", eps=" << options.eps()
           << ")";
}
template <>
void BatchNormImplBase<2, BatchNorm2dImpl>::pretty_print(std::ostream& stream) const {
    stream << "torch::nn::BatchNorm2d(" << options.num_features() << ", eps=" << options.eps()
           << ")";
}
}  // namespace torch::nn

namespace slb {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/** Every dimension but the channels (1). */
std::vector<std::int64_t> reduceDims(const torch::Tensor& x) {
    std::vector<std::int64_t> dims{0};
    for (std::int64_t i = 2; i < x.dim(); ++i)
        dims.push_back(i);
    return dims;
}

/** The shape that broadcasts a per-channel vector over x. */
std::vector<std::int64_t> channelShape(const torch::Tensor& x) {
    std::vector<std::int64_t> shape(std::size_t(x.dim()), 1);
    shape[1] = x.size(1);
    return shape;
}

class SyncBatchNormFn : public torch::autograd::Function<SyncBatchNormFn> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x,
                                 const torch::Tensor& weight, const torch::Tensor& bias,
                                 torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps, std::int64_t commAddress) {
        auto* comm = reinterpret_cast<Communicator*>(commAddress);
        const auto dims = reduceDims(x);
        const auto shape = channelShape(x);
        const std::int64_t C = x.size(1);
        const double n = double(x.numel() / std::max<std::int64_t>(C, 1));

        // Local count, mean and centred sum of squares in double, gathered as one row per rank.
        const auto xd = x.to(torch::kDouble);
        const auto mean = xd.mean(dims);
        const auto m2 = (xd - mean.view(shape)).square().sum(dims);
        auto table = torch::zeros({comm->worldSize(), 2 * C + 1}, xd.options());
        table[comm->rank()].narrow(0, 0, C).copy_(mean);
        table[comm->rank()].narrow(0, C, C).copy_(m2);
        table[comm->rank()][2 * C] = n;
        comm->allreduceSum({table});
        const auto counts = table.select(1, 2 * C).unsqueeze(1);  // [W, 1]
        const auto means = table.narrow(1, 0, C);                 // [W, C]
        const auto total = counts.sum();
        const auto globalMean = (means * counts).sum(0) / total;  // [C]
        const auto globalM2 =
            (table.narrow(1, C, C) + counts * (means - globalMean).square()).sum(0);
        const auto var = globalM2 / total;
        const double N = total.item<double>();

        if (runningMean.defined()) {
            torch::NoGradGuard noGrad;
            runningMean.mul_(1 - momentum).add_(globalMean.to(runningMean.scalar_type()), momentum);
            const auto unbiased = N > 1 ? globalM2 / (N - 1) : var;
            runningVar.mul_(1 - momentum).add_(unbiased.to(runningVar.scalar_type()), momentum);
        }
        const auto invstd = (var + eps).rsqrt().to(x.scalar_type());
        const auto meanF = globalMean.to(x.scalar_type());
        const auto scale = weight.defined() ? weight * invstd : invstd;
        const auto shift = bias.defined() ? bias - meanF * scale : -meanF * scale;
        const auto y = x * scale.view(shape) + shift.view(shape);

        ctx->save_for_backward({x, weight, meanF, invstd});
        ctx->saved_data["comm"] = commAddress;
        ctx->saved_data["count"] = N;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& x = saved[0];
        const auto& weight = saved[1];
        const auto& mean = saved[2];
        const auto& invstd = saved[3];
        auto* comm = reinterpret_cast<Communicator*>(ctx->saved_data["comm"].toInt());
        const double N = ctx->saved_data["count"].toDouble();
        const auto dy = grads[0];
        const auto dims = reduceDims(x);
        const auto shape = channelShape(x);
        const std::int64_t C = x.size(1);

        const auto xhat = (x - mean.view(shape)) * invstd.view(shape);
        const auto sumDy = dy.sum(dims);
        const auto sumDyXhat = (dy * xhat).sum(dims);
        // The input's gradient needs the sums over the global batch; γ's and β's stay local, as
        // every other parameter's gradient does until the gradient allreduce averages them.
        auto both = torch::cat({sumDy, sumDyXhat}).to(torch::kDouble);
        comm->allreduceSum({both});
        const auto gSumDy = both.narrow(0, 0, C).to(x.scalar_type());
        const auto gSumDyXhat = both.narrow(0, C, C).to(x.scalar_type());
        const auto gain = weight.defined() ? weight * invstd : invstd;
        const auto dx =
            gain.view(shape) * (dy - gSumDy.view(shape) / N - xhat * (gSumDyXhat.view(shape) / N));
        torch::Tensor dWeight, dBias;
        if (weight.defined()) {
            dWeight = sumDyXhat;
            dBias = sumDy;
        }
        return {dx,
                dWeight,
                dBias,
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor()};
    }
};

}  // namespace

torch::Tensor batchNorm(const torch::Tensor& x, const torch::Tensor& weight,
                        const torch::Tensor& bias, const torch::Tensor& runningMean,
                        const torch::Tensor& runningVar, bool training, double momentum,
                        double eps) {
    Communicator* comm = currentCommunicator();
    if (!training || !comm || comm->worldSize() < 2)
        return torch::batch_norm(x, weight, bias, runningMean, runningVar, training, momentum, eps,
                                 false);
    return SyncBatchNormFn::apply(x, weight, bias, runningMean, runningVar, momentum, eps,
                                  reinterpret_cast<std::int64_t>(comm));
}

}  // namespace slb

namespace slb {

namespace {

/** BatchNormImplBase::forward's bookkeeping, then the synchronised normalisation. */
template <typename Impl>
torch::Tensor syncedForward(Impl& m, const torch::Tensor& x) {
    const auto& o = m.options;
    double momentum = o.momentum().value_or(0.0);
    if (m.is_training() && o.track_running_stats()) {
        torch::NoGradGuard noGrad;
        m.num_batches_tracked.add_(1);
        if (!o.momentum().has_value())  // cumulative moving average
            momentum = 1.0 / m.num_batches_tracked.template item<double>();
    }
    return batchNorm(x, m.weight, m.bias, m.running_mean, m.running_var,
                     m.is_training() || !o.track_running_stats(), momentum, o.eps());
}

bool synchronised(bool training) {
    const Communicator* c = currentCommunicator();
    return training && c && c->worldSize() > 1;
}

}  // namespace

void SyncedBatchNorm2dImpl::pretty_print(std::ostream& stream) const {
    stream << "slb::SyncedBatchNorm2d(" << options.num_features() << ", eps=" << options.eps()
           << ")";
}

void SyncedBatchNorm1dImpl::pretty_print(std::ostream& stream) const {
    stream << "slb::SyncedBatchNorm1d(" << options.num_features() << ", eps=" << options.eps()
           << ")";
}

torch::Tensor SyncedBatchNorm2dImpl::forward(const torch::Tensor& x) {
    if (!synchronised(is_training()))
        return torch::nn::BatchNorm2dImpl::forward(x);
    return syncedForward(*this, x);
}

torch::Tensor SyncedBatchNorm1dImpl::forward(const torch::Tensor& x) {
    if (!synchronised(is_training()))
        return torch::nn::BatchNorm1dImpl::forward(x);
    return syncedForward(*this, x);
}

}  // namespace slb
