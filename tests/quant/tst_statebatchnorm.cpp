// State BN (SLB §3.3.2): two statistic sets sharing γ/β, the right one in eval, and calibration
// giving the statistics of the discrete network.
#include <QtTest/QtTest>

#include <torch/torch.h>

#include "quant/quantstate.h"
#include "quant/slblayers.h"
#include "quant/statebatchnorm.h"

using namespace slb;

namespace {
double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

/// conv (SLB) → state BN, the unit the paper's SBN acts in.
struct Block : torch::nn::Module {
    Block() {
        conv = register_module("conv", SlbConv2d(SlbConv2dOptions(2, 3, 3).bits(1)));
        bn = register_module("bn", StateBatchNorm2d(3));
    }
    torch::Tensor forward(const torch::Tensor& x) { return bn->forward(conv->forward(x)); }
    SlbConv2d conv{nullptr};
    StateBatchNorm2d bn{nullptr};
};
}  // namespace

class TstStateBatchNorm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(3); }
    void keepsTwoStatisticSets();
    void evalUsesMatchingSet();
    void calibrationGivesDiscreteStatistics();
    void calibrationOfOneSetLeavesTheOther();
    void hardPhaseTrainsDiscreteSet();
};

void TstStateBatchNorm::keepsTwoStatisticSets() {
    Block b;
    QuantControl q(b);
    b.conv->weight->setTemperature(0.5);  // soft: W_c far from W_q
    b.train();
    const auto x = torch::randn({16, 2, 6, 6}) + 1.0;
    q.setMode(WeightMode::Continuous);
    {
        torch::NoGradGuard g;
        b.forward(x);
    }
    QVERIFY(b.bn->meanC.abs().sum().item<double>() > 0);
    QCOMPARE(b.bn->meanD.abs().sum().item<double>(), 0.0);  // untouched
    q.setMode(WeightMode::Discrete);
    {
        torch::NoGradGuard g;
        b.forward(x);
    }
    QVERIFY(b.bn->meanD.abs().sum().item<double>() > 0);
    // One momentum step from zero: each set holds 0.1 × the batch mean of its own conv output.
    const auto yc = torch::conv2d(x, b.conv->weight->softWeight().detach());
    const auto yq = torch::conv2d(x, b.conv->weight->hardWeight());
    QVERIFY(maxAbsDiff(b.bn->meanC, 0.1 * yc.mean({0, 2, 3})) < 1e-5);
    QVERIFY(maxAbsDiff(b.bn->meanD, 0.1 * yq.mean({0, 2, 3})) < 1e-5);
    QVERIFY(maxAbsDiff(b.bn->meanC, b.bn->meanD) > 1e-3);
}

void TstStateBatchNorm::evalUsesMatchingSet() {
    StateBatchNorm2d bn(4);
    {
        torch::NoGradGuard g;
        bn->meanC.copy_(torch::tensor({1.f, 2.f, 3.f, 4.f}));
        bn->varC.copy_(torch::tensor({4.f, 4.f, 4.f, 4.f}));
        bn->meanD.copy_(torch::tensor({-1.f, 0.f, 1.f, 2.f}));
        bn->varD.copy_(torch::tensor({1.f, 1.f, 1.f, 1.f}));
        bn->weight.fill_(2.0);
        bn->bias.fill_(0.5);
    }
    bn->eval();
    const auto x = torch::randn({2, 4, 3, 3});
    const auto view = [](const torch::Tensor& t) { return t.view({1, 4, 1, 1}); };
    const auto expectD = (x - view(bn->meanD)) / torch::sqrt(view(bn->varD) + 1e-5) * 2 + 0.5;
    const auto expectC = (x - view(bn->meanC)) / torch::sqrt(view(bn->varC) + 1e-5) * 2 + 0.5;
    QCOMPARE(bn->activeSet(), StatSet::Discrete);  // eval with W_q is the default
    QVERIFY(maxAbsDiff(bn->forward(x), expectD) < 1e-5);
    bn->setMode(WeightMode::Continuous);
    QVERIFY(maxAbsDiff(bn->forward(x), expectC) < 1e-5);
    bn->setMode(WeightMode::Discrete);
    QVERIFY(maxAbsDiff(bn->forward(x), expectD) < 1e-5);
    // Eval never changes the statistics.
    QCOMPARE(bn->meanD[0].item<float>(), -1.f);
}

void TstStateBatchNorm::calibrationGivesDiscreteStatistics() {
    Block b;
    QuantControl q(b);
    b.train();
    std::vector<torch::Tensor> batches;
    for (int i = 0; i < 5; ++i)
        batches.push_back(torch::randn({8, 2, 7, 7}) * (1 + 0.3 * i) + i);
    q.setMode(WeightMode::Discrete);
    q.beginCalibration(StatSet::Discrete);
    {
        torch::NoGradGuard g;
        for (const auto& x : batches)
            b.forward(x);
    }
    q.endCalibration();
    // Cumulative average over the batches of the discrete conv output's batch statistics.
    const auto wq = b.conv->weight->hardWeight();
    auto mean = torch::zeros({3}), var = torch::zeros({3});
    for (const auto& x : batches) {
        const auto y = torch::conv2d(x, wq);
        mean += y.mean({0, 2, 3});
        var += y.transpose(0, 1).reshape({3, -1}).var(1, /*unbiased=*/true);
    }
    mean /= 5.0;
    var /= 5.0;
    QVERIFY2(maxAbsDiff(b.bn->meanD, mean) < 1e-4,
             qPrintable(QString::number(maxAbsDiff(b.bn->meanD, mean))));
    QVERIFY(maxAbsDiff(b.bn->varD, var) < 1e-3 * var.max().item<double>());
    QVERIFY(!b.bn->calibrating());
    // And the discrete network in eval now normalises with exactly these statistics.
    b.eval();
    q.setMode(WeightMode::Auto);
    const auto x = batches[0];
    const auto y = torch::conv2d(x, wq);
    const auto expect = (y - mean.view({1, 3, 1, 1})) / torch::sqrt(var.view({1, 3, 1, 1}) + 1e-5);
    QVERIFY(maxAbsDiff(b.forward(x), expect) < 1e-3);
}

void TstStateBatchNorm::calibrationOfOneSetLeavesTheOther() {
    Block b;
    QuantControl q(b);
    b.train();
    {
        torch::NoGradGuard g;
        b.bn->meanC.fill_(7.0);
    }
    q.setMode(WeightMode::Continuous);  // forwards of the other network during calibration
    q.beginCalibration(StatSet::Discrete);
    {
        torch::NoGradGuard g;
        b.forward(torch::randn({4, 2, 5, 5}));
    }
    q.endCalibration();
    QCOMPARE(b.bn->meanC[0].item<float>(), 7.f);
    QCOMPARE(b.bn->meanD.abs().sum().item<double>(), 0.0);  // reset, nothing averaged in
    QCOMPARE(b.bn->varD[0].item<float>(), 1.f);
}

void TstStateBatchNorm::hardPhaseTrainsDiscreteSet() {
    Block b;
    QuantControl q(b);
    b.train();
    q.setHard(true);
    QCOMPARE(b.bn->activeSet(), StatSet::Discrete);
    b.forward(torch::randn({4, 2, 5, 5}) + 3).sum().backward();
    QVERIFY(b.bn->meanD.abs().sum().item<double>() > 0);
    QCOMPARE(b.bn->meanC.abs().sum().item<double>(), 0.0);
    QVERIFY(b.bn->weight.grad().defined());  // γ keeps learning in the hard phase
    QVERIFY(!b.conv->weight->A.grad().defined());
}

QTEST_GUILESS_MAIN(TstStateBatchNorm)
#include "tst_statebatchnorm.moc"
