// SLB layers compute exactly a conv / linear with W_c in training and W_q in eval.
#include <QtTest/QtTest>

#include <torch/torch.h>

#include "quant/quantstate.h"
#include "quant/slblayers.h"

using namespace slb;

namespace {
double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}
}  // namespace

class TstSlbLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(11); }
    void convUsesSoftThenHardWeights();
    void convChannelsLastMatches();
    void convGroupsStridePadding();
    void linearUsesSoftThenHardWeights();
    void initFromFloatConv();
    void quantControlFindsLayersInOrder();
    void inputActivationsAreQuantized();
};

void TstSlbLayers::inputActivationsAreQuantized() {
    // W/A runs: the conv sees DoReFa-quantized inputs, clip [0, 1] at 2 bits → {0, 1/3, 2/3, 1}.
    SlbConv2d conv(
        SlbConv2dOptions(2, 3, 1).bits(1).act(ActQuantizerOptions(ActQuantType::DoReFa, 2)));
    QVERIFY(!conv->act.is_empty());
    conv->eval();
    const auto x =
        torch::tensor({-0.5f, 0.1f, 0.2f, 0.5f, 0.9f, 1.7f, 0.34f, 0.66f}).view({1, 2, 2, 2});
    const auto xq =
        torch::tensor({0.f, 0.f, 1.f / 3, 2.f / 3, 1.f, 1.f, 1.f / 3, 2.f / 3}).view({1, 2, 2, 2});
    QVERIFY(maxAbsDiff(conv->forward(x), torch::conv2d(xq, conv->weight->hardWeight())) < 1e-6);
    SlbLinear lin(SlbLinearOptions(4, 2).bits(2).act(ActQuantizerOptions(ActQuantType::Pact, 3)));
    QVERIFY(!lin->act.is_empty());
    SlbConv2d plain(SlbConv2dOptions(2, 3, 1).bits(1));
    QVERIFY(plain->act.is_empty());
}

void TstSlbLayers::convUsesSoftThenHardWeights() {
    SlbConv2d conv(SlbConv2dOptions(3, 8, 3).padding(1).bits(2));
    conv->weight->setTemperature(3.0);
    const auto x = torch::randn({2, 3, 9, 9});
    const auto v = torch::tensor(slbValues(2));
    const auto a = conv->weight->A.detach();
    const auto wc = torch::matmul(torch::softmax(a * 3.0, -1), v);
    const auto wq = v.index({a.argmax(-1)});

    conv->train();
    QVERIFY(maxAbsDiff(conv->forward(x).detach(), torch::conv2d(x, wc, {}, 1, 1)) < 1e-5);
    conv->eval();
    QVERIFY(maxAbsDiff(conv->forward(x), torch::conv2d(x, wq, {}, 1, 1)) < 1e-5);
    QVERIFY(maxAbsDiff(conv->forward(x), torch::conv2d(x, wc, {}, 1, 1)) > 1e-2);
}

void TstSlbLayers::convChannelsLastMatches() {
    SlbConv2d conv(SlbConv2dOptions(4, 6, 3).bits(1));
    conv->train();
    const auto x = torch::randn({3, 4, 8, 8});
    const auto ref = conv->forward(x);
    const auto out = conv->forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
    QVERIFY(maxAbsDiff(ref, out) < 1e-5);
    // Gradients arrive at A on the channels-last path too.
    out.sum().backward();
    QVERIFY(conv->weight->A.grad().defined());
}

void TstSlbLayers::convGroupsStridePadding() {
    SlbConv2d conv(SlbConv2dOptions(4, 8, 3).stride(2).padding(1).groups(2).bits(3).bias(true));
    QCOMPARE(conv->weight->A.sizes().vec(), (std::vector<std::int64_t>{8, 2, 3, 3, 8}));
    QVERIFY(conv->bias.defined());
    const auto y = conv->forward(torch::randn({1, 4, 10, 10}));
    QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{1, 8, 5, 5}));
}

void TstSlbLayers::linearUsesSoftThenHardWeights() {
    SlbLinear lin(SlbLinearOptions(5, 3).bits(1));
    QCOMPARE(lin->weight->A.sizes().vec(), (std::vector<std::int64_t>{3, 5, 2}));
    const auto x = torch::randn({4, 5});
    const auto a = lin->weight->A.detach();
    const auto wc = torch::tanh(a.select(-1, 1) - a.select(-1, 0)).mul(1.0);  // T = 2 → tanh(d)
    lin->weight->setTemperature(2.0);
    lin->train();
    QVERIFY(maxAbsDiff(lin->forward(x).detach(), x.matmul(wc.t()) + lin->bias.detach()) < 1e-5);
    lin->eval();
    const auto wq = torch::where(a.select(-1, 1) > a.select(-1, 0), 1.0f, -1.0f);
    QVERIFY(maxAbsDiff(lin->forward(x), x.matmul(wq.t()) + lin->bias.detach()) < 1e-5);
}

void TstSlbLayers::initFromFloatConv() {
    torch::nn::Conv2d ref(torch::nn::Conv2dOptions(3, 16, 3).bias(false));
    SlbConv2d conv(SlbConv2dOptions(3, 16, 3).bits(1));
    conv->initFromFloat(ref->weight);
    conv->eval();
    // Binary: W_q is the sign of the float weight.
    const auto wq = conv->weight->hardWeight();
    QVERIFY(torch::equal(wq, torch::sign(ref->weight.detach())));
    SlbConv2d bad(SlbConv2dOptions(3, 8, 3).bits(1));
    QVERIFY_EXCEPTION_THROWN(bad->initFromFloat(ref->weight), c10::Error);
}

void TstSlbLayers::quantControlFindsLayersInOrder() {
    struct Net : torch::nn::Module {
        Net() {
            c1 = register_module("c1", SlbConv2d(SlbConv2dOptions(1, 4, 3).bits(2)));
            b1 = register_module("b1", StateBatchNorm2d(4));
            c2 = register_module("c2", SlbConv2d(SlbConv2dOptions(4, 4, 3).bits(2)));
            fc = register_module("fc", SlbLinear(SlbLinearOptions(4, 2).bits(1)));
        }
        SlbConv2d c1{nullptr}, c2{nullptr};
        StateBatchNorm2d b1{nullptr};
        SlbLinear fc{nullptr};
    } net;
    QuantControl q(net);
    QCOMPARE(q.layerNames(), (std::vector<std::string>{"c1", "c2", "fc"}));
    QVERIFY(q.hasSlb());
    QVERIFY(q.hasStateBn());
    q.setTemperature(5.0);
    QCOMPARE(net.c2->weight->temperature(), 5.0);
    q.setHard(true);
    QVERIFY(net.fc->weight->hard());
    QVERIFY(!net.c1->weight->A.requires_grad());
    q.setMode(WeightMode::Continuous);
    QCOMPARE(net.b1->activeSet(), StatSet::Continuous);
    const auto snaps = q.snapshots();
    QCOMPARE(int(snaps.size()), 3);
    QCOMPARE(snaps[2].layer, std::string("fc"));
    QCOMPARE(snaps[2].numWeights, std::int64_t(8));
    QCOMPARE(snaps[0].slb.temperature, 5.0);
}

QTEST_GUILESS_MAIN(TstSlbLayers)
#include "tst_slblayers.moc"
