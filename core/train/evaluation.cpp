// Evaluation of the soft and the discrete network, and state-BN calibration.
#include <torch/nn/functional/loss.h>

#include "train/evaltally.h"
#include "train/runtimetuning.h"
#include "train/trainer_p.h"

namespace slb {

void EvalTally::add(const torch::Tensor& logits, const torch::Tensor& labels, bool top5) {
    namespace F = torch::nn::functional;
    lossSum += F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().reduction(torch::kSum))
                   .item<double>();
    correct += logits.argmax(1).eq(labels).sum().item<double>();
    if (top5)
        correct5 +=
            std::get<1>(logits.topk(5, 1)).eq(labels.unsqueeze(1)).any(1).sum().item<double>();
    count += labels.size(0);
}

EvalResult Trainer::Impl::evaluate(WeightMode mode) {
    torch::NoGradGuard noGrad;
    model->eval();
    quant.setMode(mode);
    const bool top5 = data.info.numClasses > 5;
    const int piece = evaluationPiece(device.is_cpu(), config.evalBatchSize, config.batchSize);
    EvalTally tally;
    testLoader->start(0);
    Batch batch;
    while (testLoader->next(&batch))
        tally.addBatch(batch, piece, device, top5,
                       [this](const torch::Tensor& x) { return model->forward(x); });
    quant.setMode(WeightMode::Auto);
    model->train();
    EvalResult r;
    r.count = tally.count;
    if (tally.count > 0) {
        r.loss = tally.lossSum / double(tally.count);
        r.accuracy = tally.correct / double(tally.count);
        r.top5 = top5 ? tally.correct5 / double(tally.count) : std::nan("");
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
