// LsqConv2d and LsqLinear: output equals conv/linear with hand-quantized weights and inputs,
// initialisation, snapshots, integer codes, and a save/load round trip.
#include <QtTest/QtTest>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <torch/torch.h>

#include "quant/lsq.h"
#include "tensorexpect.h"

using namespace slb;
using slbtest::tensorOf;

namespace {

void setTensor(const torch::Tensor& target, const torch::Tensor& values) {
    torch::NoGradGuard noGrad;
    target.copy_(values.reshape(target.sizes()));
}

/** The 3→2 layer of linearMatchesHandQuantized: 3-bit weights, 2-bit inputs, with bias. */
LsqLinear craftedLinear() {
    LsqLinear fc(LsqLinearOptions(3, 2).wbits(3).abits(2));
    setTensor(fc->weight(), tensorOf({0.25, -1.3, 0.6, 0.9, 0.05, -0.4}));
    setTensor(fc->bias(), tensorOf({0.1, -0.2}));
    fc->weightQuantizer()->setStep(0.25);
    fc->activationQuantizer()->setStep(0.5);
    return fc;
}

}  // namespace

class TstLsqLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void convMatchesHandQuantized();
    void convChannelsLastMatchesContiguous();
    void linearMatchesHandQuantized();
    void defaultInit();
    void invalidOptions();
    void weightCodes();
    void layerSnapshot();
    void reinitSteps();
    void saveLoadRoundTrip();
};

void TstLsqLayers::convMatchesHandQuantized() {
    LsqConv2d conv(LsqConv2dOptions(1, 1, 2).wbits(2).abits(2));
    QVERIFY(!conv->bias().defined());
    // 2-bit weights (Qn = 2, Qp = 1), s = 0.5: w/s = 0.6 −1.4 0.2 2.4 → 1 −1 0 1 (clipped).
    setTensor(conv->weight(), tensorOf({0.3, -0.7, 0.1, 1.2}));
    conv->weightQuantizer()->setStep(0.5);
    SLB_COMPARE_TENSOR(conv->quantizedWeight(), {0.5, -0.5, 0.0, 0.5});
    // 2-bit inputs (Qn = 0, Qp = 3), s = 1: round(clip(x, 0, 3)).
    conv->activationQuantizer()->setStep(1.0);
    const torch::Tensor x =
        tensorOf({0.4, 1.6, 2.2, -1.0, 3.7, 0.9, 2.6, 0.2, 5.0}).reshape({1, 1, 3, 3});
    // x̂ = 0 2 2 / 0 3 1 / 3 0 3; cross-correlation with ŵ = [0.5 −0.5; 0 0.5]:
    //   (0,0): 0·.5 − 2·.5 + 0·0 + 3·.5 = 0.5     (0,1): 2·.5 − 2·.5 + 3·0 + 1·.5 = 0.5
    //   (1,0): 0·.5 − 3·.5 + 3·0 + 0·.5 = −1.5    (1,1): 3·.5 − 1·.5 + 0·0 + 3·.5 = 2.5
    const torch::Tensor y = conv->forward(x);
    QCOMPARE(y.sizes(), (torch::IntArrayRef{1, 1, 2, 2}));
    SLB_COMPARE_TENSOR(y, {0.5, 0.5, -1.5, 2.5});
}

void TstLsqLayers::convChannelsLastMatchesContiguous() {
    torch::manual_seed(3);
    LsqConv2d conv(LsqConv2dOptions(4, 6, 3).padding(1).stride(2).wbits(3).abits(4));
    const torch::Tensor x = torch::rand({2, 4, 7, 7});
    const torch::Tensor nchw = conv->forward(x);  // also initialises the activation step
    const torch::Tensor nhwc = conv->forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
    QCOMPARE(nhwc.sizes(), (torch::IntArrayRef{2, 6, 4, 4}));
    QVERIFY(torch::allclose(nchw, nhwc, 1e-5, 1e-6));
}

void TstLsqLayers::linearMatchesHandQuantized() {
    LsqLinear fc = craftedLinear();
    // 3-bit weights (Qn = 4, Qp = 3), s = 0.25: w/s = 1 −5.2 2.4 | 3.6 0.2 −1.6
    //   → 1 −4 2 | 3 0 −2 → ŵ = 0.25 −1 0.5 | 0.75 0 −0.5.
    SLB_COMPARE_TENSOR(fc->quantizedWeight(), {0.25, -1.0, 0.5, 0.75, 0.0, -0.5});
    // 2-bit inputs, s = 0.5: x/s = 0.6 2.4 4 | −0.8 1.6 1.2 → 1 2 3 | 0 2 1
    //   → x̂ = 0.5 1 1.5 | 0 1 0.5.
    const torch::Tensor x = tensorOf({0.3, 1.2, 2.0, -0.4, 0.8, 0.6}).reshape({2, 3});
    // y = x̂ ŵᵀ + b:
    //   row 0: 0.125 − 1 + 0.75 + 0.1 = −0.025,   0.375 + 0 − 0.75 − 0.2 = −0.575
    //   row 1: 0 − 1 + 0.25 + 0.1 = −0.65,         0 + 0 − 0.25 − 0.2 = −0.45
    SLB_COMPARE_TENSOR(fc->forward(x), {-0.025, -0.575, -0.65, -0.45});
}

void TstLsqLayers::defaultInit() {
    torch::manual_seed(7);
    LsqConv2d conv(LsqConv2dOptions(8, 16, 3).wbits(4));
    // torch::nn::Conv2d's Kaiming uniform with a = √5 draws from ±1/√fan_in, fan_in = 8·3·3.
    const double bound = 1.0 / std::sqrt(72.0);
    const double maxAbs = conv->weight().abs().max().item<double>();
    QVERIFY(maxAbs <= bound);
    QVERIFY(maxAbs > 0.9 * bound);  // 1152 uniform draws reach near the bound
    // The weight step is initialised at construction: 2·mean|W|/√Qp with Qp = 7.
    const double expected = 2.0 * conv->weight().abs().mean().item<double>() / std::sqrt(7.0);
    QVERIFY(conv->weightQuantizer()->isInitialized());
    QVERIFY(std::abs(conv->weightQuantizer()->stepValue() - expected) < 1e-6);
    // abits = 32 (the default): no activation quantizer at all.
    QVERIFY(conv->activationQuantizer().is_empty());
    QVERIFY(!conv->named_parameters().contains("aq.step"));
    QVERIFY(conv->named_parameters().contains("wq.step"));
    QVERIFY(!conv->named_parameters().contains("bias"));

    LsqLinear fc(LsqLinearOptions(10, 4).abits(8).actSigned(true));
    QVERIFY(fc->named_parameters().contains("bias"));
    QVERIFY(fc->named_parameters().contains("aq.step"));
    QCOMPARE(fc->activationQuantizer()->qn(), 128.0);  // signed 8-bit input
    QCOMPARE(fc->activationQuantizer()->qp(), 127.0);
    QVERIFY(!fc->activationQuantizer()->isInitialized());  // waits for a training batch
    QVERIFY(fc->bias().abs().max().item<double>() <= 1.0 / std::sqrt(10.0));
}

void TstLsqLayers::invalidOptions() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LsqConv2d(LsqConv2dOptions(4, 4, 3).wbits(1)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LsqConv2d(LsqConv2dOptions(4, 4, 3).abits(9)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LsqConv2d(LsqConv2dOptions(4, 6, 3).groups(4)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LsqLinear(LsqLinearOptions(0, 4)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LsqLinear(LsqLinearOptions(4, 4).abits(1)));
}

void TstLsqLayers::weightCodes() {
    // The crafted layer's codes, worked out in linearMatchesHandQuantized.
    LsqLinear fc = craftedLinear();
    const torch::Tensor crafted = fc->weightCodes();
    QCOMPARE(crafted.scalar_type(), torch::kInt32);
    SLB_COMPARE_TENSOR(crafted, {1, -4, 2, 3, 0, -2}, 0.0);

    // A randomly initialised 3-bit conv: codes in [−4, 3], and codes·s is exactly v̂, both as
    // computed without autograd and as the training forward computes it.
    torch::manual_seed(11);
    LsqConv2d conv(LsqConv2dOptions(3, 8, 3).wbits(3));
    const torch::Tensor codes = conv->weightCodes();
    QCOMPARE(codes.sizes(), conv->weight().sizes());
    QVERIFY(codes.min().item<int>() >= -4);
    QVERIFY(codes.max().item<int>() <= 3);
    QVERIFY(codes.min().item<int>() < 0 && codes.max().item<int>() > 0);
    const torch::Tensor fromCodes = codes.to(torch::kFloat32) * conv->weightQuantizer()->step();
    QVERIFY(torch::equal(fromCodes, conv->quantizedWeight()));
    QVERIFY(torch::equal(fromCodes, conv->weightQuantizer()->forward(conv->weight()).detach()));
}

void TstLsqLayers::layerSnapshot() {
    LsqLinear fc(LsqLinearOptions(4, 1).wbits(2).abits(2).bias(false));
    setTensor(fc->weight(), tensorOf({-3.0, 0.1, 0.25, 2.0}));
    fc->weightQuantizer()->setStep(0.5);
    // w/s = −6 0.2 0.5 4; outside [−2, 1]: −6 and 4 → half the weights are clipped.
    const LayerSnapshot before = fc->snapshot();
    QVERIFY(before.kind == LayerSnapshot::Kind::Lsq);
    QCOMPARE(before.numWeights, std::int64_t(4));
    QVERIFY(before.lsqWeight.valid);
    QCOMPARE(before.lsqWeight.step, 0.5);
    QCOMPARE(before.lsqWeight.clippedShare, 0.5);
    double sum = 0;
    for (float h : before.lsqWeight.hist) {
        sum += h;
    }
    QVERIFY(std::abs(sum - 1.0) < 1e-6);
    QVERIFY(!before.activation.valid);  // nothing captured yet

    fc->activationQuantizer()->setStep(0.25);
    fc->activationQuantizer()->setCapture(true);
    // x/s = 0.4 2 12 −2, outside [0, 3]: 12 and −2 → 0.5.
    fc->forward(tensorOf({0.1, 0.5, 3.0, -0.5}).reshape({1, 4}));
    const LayerSnapshot after = fc->snapshot();
    QVERIFY(after.activation.valid);
    QCOMPARE(after.activation.step, 0.25);
    QCOMPARE(after.activation.clippedShare, 0.5);

    // A layer without activation quantizer reports it as invalid.
    LsqLinear plain(LsqLinearOptions(4, 1));
    QVERIFY(!plain->snapshot().activation.valid);
}

void TstLsqLayers::reinitSteps() {
    LsqConv2d conv(LsqConv2dOptions(1, 2, 1).wbits(2).abits(4));
    conv->forward(torch::rand({2, 1, 3, 3}));
    QVERIFY(conv->activationQuantizer()->isInitialized());
    // "Loaded" float weights with mean|w| = (0.5 + 1.5)/2 = 1; 2-bit: Qp = 1, so s = 2.
    setTensor(conv->weight(), tensorOf({0.5, -1.5}));
    conv->reinitSteps();
    QVERIFY(std::abs(conv->weightQuantizer()->stepValue() - 2.0) < 1e-6);
    QVERIFY(!conv->activationQuantizer()->isInitialized());
}

void TstLsqLayers::saveLoadRoundTrip() {
    torch::manual_seed(5);
    LsqConv2d saved(LsqConv2dOptions(2, 3, 3).wbits(3).abits(3));
    saved->forward(torch::rand({4, 2, 5, 5}));  // a training batch initialises aq
    saved->weightQuantizer()->setStep(0.125);
    const double aqStep = saved->activationQuantizer()->stepValue();
    std::stringstream stream;
    torch::save(saved, stream);

    torch::manual_seed(6);
    LsqConv2d loaded(LsqConv2dOptions(2, 3, 3).wbits(3).abits(3));
    QVERIFY(!loaded->activationQuantizer()->isInitialized());
    torch::load(loaded, stream);
    QVERIFY(torch::equal(loaded->weight(), saved->weight()));
    QCOMPARE(loaded->weightQuantizer()->stepValue(), 0.125);
    QVERIFY(loaded->weightQuantizer()->isInitialized());
    QVERIFY(loaded->activationQuantizer()->isInitialized());
    QCOMPARE(loaded->activationQuantizer()->stepValue(), aqStep);
    // The loaded activation step survives the next training batch.
    loaded->forward(10.0 * torch::rand({4, 2, 5, 5}));
    QCOMPARE(loaded->activationQuantizer()->stepValue(), aqStep);
}

QTEST_GUILESS_MAIN(TstLsqLayers)
#include "tst_lsqlayers.moc"
