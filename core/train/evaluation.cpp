// Evaluation of the soft and the discrete network, and state-BN calibration.
#include <torch/nn/functional/loss.h>

#include "train/runtimetuning.h"
#include "train/trainer_p.h"

namespace slb {

EvalResult Trainer::Impl::evaluate(WeightMode mode) {
    torch::NoGradGuard noGrad;
    model->eval();
    quant.setMode(mode);
    const bool top5 = data.info.numClasses > 5;
    double lossSum = 0, correct = 0, correct5 = 0;
    std::int64_t n = 0;
    const int piece = evaluationPiece(device.is_cpu(), config.evalBatchSize, config.batchSize);
    testLoader->start(0);
    Batch batch;
    while (testLoader->next(&batch)) {
        const auto xs = batch.images.split(piece);
        const auto ys = batch.labels.split(piece);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const auto x = xs[i].to(device, true);
            const auto y = ys[i].to(device, true);
            const auto logits = model->forward(x);
            lossSum += torch::nn::functional::cross_entropy(
                           logits, y,
                           torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                           .item<double>();
            correct += logits.argmax(1).eq(y).sum().item<double>();
            if (top5) {
                const auto top = std::get<1>(logits.topk(5, 1));
                correct5 += top.eq(y.unsqueeze(1)).any(1).sum().item<double>();
            }
            n += y.size(0);
        }
    }
    quant.setMode(WeightMode::Auto);
    model->train();
    EvalResult r;
    r.count = n;
    if (n > 0) {
        r.loss = lossSum / double(n);
        r.accuracy = correct / double(n);
        r.top5 = top5 ? correct5 / double(n) : std::nan("");
    }
    return r;
}

void Trainer::Impl::calibrate() {
    // The authors' faster variant of state BN: after each epoch, reset the statistics of the
    // network that did not train and average them over N batches (N = test batches by default).
    torch::NoGradGuard noGrad;
    const StatSet set = hard ? StatSet::Continuous : StatSet::Discrete;
    const std::int64_t wanted =
        config.calibBatches > 0
            ? config.calibBatches
            : (testLoader->size() + config.batchSize - 1) / std::max(1, config.batchSize);
    model->train();
    quant.setMode(set == StatSet::Discrete ? WeightMode::Discrete : WeightMode::Continuous);
    quant.beginCalibration(set);
    calibLoader->start(pos.epoch);
    Batch batch;
    for (std::int64_t i = 0; i < wanted && !stopRequested && calibLoader->next(&batch); ++i)
        model->forward(batch.images.to(device, true));
    calibLoader->stop();
    quant.endCalibration();
    quant.setMode(WeightMode::Auto);
}

}  // namespace slb
