#include "quant/statebatchnorm.h"

#include "dist/syncbatchnorm.h"

namespace slb {

StateBatchNorm2dImpl::StateBatchNorm2dImpl(const StateBatchNormOptions& o) : options(o) {
    const auto n = o.num_features();
    weight = register_parameter("weight", torch::ones({n}));
    bias = register_parameter("bias", torch::zeros({n}));
    meanC = register_buffer("running_mean", torch::zeros({n}));
    varC = register_buffer("running_var", torch::ones({n}));
    meanD = register_buffer("running_mean_q", torch::zeros({n}));
    varD = register_buffer("running_var_q", torch::ones({n}));
}

StatSet StateBatchNorm2dImpl::activeSet() const {
    switch (m_mode) {
        case WeightMode::Continuous:
            return StatSet::Continuous;
        case WeightMode::Discrete:
            return StatSet::Discrete;
        case WeightMode::Auto:
            break;
    }
    if (!is_training())
        return StatSet::Discrete;
    return m_hard ? StatSet::Discrete : StatSet::Continuous;
}

void StateBatchNorm2dImpl::beginCalibration(StatSet set) {
    torch::NoGradGuard noGrad;
    runningMean(set).zero_();
    runningVar(set).fill_(1);
    m_calibrating = true;
    m_calibSet = set;
    m_calibCount = 0;
}

std::int64_t StateBatchNorm2dImpl::endCalibration() {
    m_calibrating = false;
    return m_calibCount;
}

torch::Tensor StateBatchNorm2dImpl::forward(const torch::Tensor& x) {
    const StatSet set = activeSet();
    double momentum = options.momentum();
    if (is_training() && m_calibrating) {
        if (set != m_calibSet) {
            // Calibrating the other set: normalise with batch statistics, leave ours untouched.
            return batchNorm(x, weight, bias, torch::Tensor(), torch::Tensor(), true, 0.0,
                             options.eps());
        }
        // Cumulative average: the k-th batch enters with weight 1/k.
        momentum = 1.0 / double(++m_calibCount);
    }
    return batchNorm(x, weight, bias, runningMean(set), runningVar(set), is_training(), momentum,
                     options.eps());
}

}  // namespace slb
