// SLB weights against the paper: V per bit-width, W_c = Σ P_i v_i with P = softmax(A·T) (Eq. 5-6),
// W_q = v[argmax] (Eq. 7), Theorem 1 (the gap vanishes as T grows), and where gradients flow.
#include <QtTest/QtTest>

#include <cmath>

#include <torch/torch.h>

#include "quant/slbweight.h"

using namespace slb;

namespace {
double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}
}  // namespace

class TstSlbWeight : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }
    void valuesPerBitWidth_data();
    void valuesPerBitWidth();
    void expectationByHand();
    void binaryIsTanhOfDifference();
    void gradientByHand();
    void fusedBackwardMatchesAutograd_data();
    void fusedBackwardMatchesAutograd();
    void floatKernelMatchesReference_data();
    void floatKernelMatchesReference();
    void theoremOneGapVanishes_data();
    void theoremOneGapVanishes();
    void evalAndHardPhaseUseArgmax();
    void gradientsReachAOnlyInSoftPhase();
    void heInitUsesGoldenStickFan();
    void initFromFloatPeaksAtNearestValue();
    void snapshotFields();
};

void TstSlbWeight::valuesPerBitWidth_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<QVector<float>>("expected");
    QTest::newRow("1") << 1 << QVector<float>{-1, 1};
    QTest::newRow("2") << 2 << QVector<float>{-1, -1.f / 3, 1.f / 3, 1};
    QTest::newRow("3") << 3 << QVector<float>{-1,      -5.f / 7, -3.f / 7, -1.f / 7,
                                              1.f / 7, 3.f / 7,  5.f / 7,  1};
    QVector<float> v4;
    for (int i = 0; i < 16; ++i)
        v4.push_back(-1.f + 2.f * i / 15);
    QTest::newRow("4") << 4 << v4;
    QVector<float> v8;
    for (int i = 0; i < 256; ++i)
        v8.push_back(-1.f + 2.f * i / 255);
    QTest::newRow("8") << 8 << v8;
}

void TstSlbWeight::valuesPerBitWidth() {
    QFETCH(int, bits);
    QFETCH(QVector<float>, expected);
    const auto v = slbValues(bits);
    QCOMPARE(int(v.size()), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY(std::abs(v[i] - expected[i]) < 1e-6);
    SlbWeight w(std::vector<std::int64_t>{3, 2}, bits, 12);
    QCOMPARE(w->A.sizes().vec(), (std::vector<std::int64_t>{3, 2, 1 << bits}));
    QVERIFY_EXCEPTION_THROWN(slbValues(0), std::invalid_argument);
    QVERIFY_EXCEPTION_THROWN(slbValues(9), std::invalid_argument);
}

void TstSlbWeight::expectationByHand() {
    // 2 bits, T = 2, A·T = [0, 0, ln 2, ln 4] → P = [1/8, 1/8, 1/4, 1/2]
    // W_c = −1/8 − 1/24 + 1/12 + 1/2 = 5/12.
    SlbWeight w(std::vector<std::int64_t>{1}, 2, 4);
    {
        torch::NoGradGuard g;
        w->A.copy_(torch::tensor({0.0, 0.0, std::log(2.0) / 2, std::log(4.0) / 2}).view({1, 4}));
    }
    w->setTemperature(2.0);
    w->train();
    QVERIFY(std::abs(w->weight().item<double>() - 5.0 / 12) < 1e-6);
    // 1 bit, T = 1, A = [0, ln 3]: P = [1/4, 3/4] → W_c = 0.5
    SlbWeight b(std::vector<std::int64_t>{1}, 1, 2);
    {
        torch::NoGradGuard g;
        b->A.copy_(torch::tensor({0.0, std::log(3.0)}).view({1, 2}));
    }
    b->train();
    QVERIFY(std::abs(b->weight().item<double>() - 0.5) < 1e-6);
}

void TstSlbWeight::binaryIsTanhOfDifference() {
    const auto a = torch::randn({5, 7, 2});
    const auto v = torch::tensor({-1.f, 1.f});
    for (double t : {0.5, 1.0, 7.0}) {
        const auto viaTanh = slbExpectation(a, v, t, true);
        const auto viaSoftmax = slbExpectation(a, v, t, false);
        QVERIFY(maxAbsDiff(viaTanh, viaSoftmax) < 1e-6);
    }
}

void TstSlbWeight::gradientByHand() {
    // Same A as expectationByHand: dW_c/dA_i = T·P_i·(v_i − W_c)
    //   = [−17/48, −9/48, −1/24, 7/12].
    auto a = torch::tensor({0.0f, 0.0f, float(std::log(2.0) / 2), float(std::log(4.0) / 2)})
                 .view({1, 4})
                 .requires_grad_(true);
    const auto v = torch::tensor(slbValues(2));
    slbExpectation(a, v, 2.0, false).sum().backward();
    const auto expected = torch::tensor({-17.0 / 48, -9.0 / 48, -1.0 / 24, 7.0 / 12}).view({1, 4});
    QVERIFY2(maxAbsDiff(a.grad().to(torch::kDouble), expected) < 1e-6,
             qPrintable(QString::number(maxAbsDiff(a.grad().to(torch::kDouble), expected))));
}

void TstSlbWeight::fusedBackwardMatchesAutograd_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<double>("t");
    for (int b : {1, 2, 3, 4})
        for (double t : {0.3, 1.0, 12.0})
            QTest::newRow(qPrintable(QString("b%1 T%2").arg(b).arg(t))) << b << t;
}

void TstSlbWeight::fusedBackwardMatchesAutograd() {
    QFETCH(int, bits);
    QFETCH(double, t);
    const int m = 1 << bits;
    const auto v = torch::tensor(slbValues(bits), torch::kDouble);
    const auto a0 = torch::randn({4, 3, m}, torch::kDouble);
    const auto upstream = torch::randn({4, 3}, torch::kDouble);

    auto a1 = a0.clone().requires_grad_(true);
    (slbExpectation(a1, v, t, bits == 1) * upstream).sum().backward();
    auto a2 = a0.clone().requires_grad_(true);
    (torch::matmul(torch::softmax(a2 * t, -1), v) * upstream).sum().backward();
    QVERIFY(maxAbsDiff(a1.grad(), a2.grad()) < 1e-10);
}

void TstSlbWeight::floatKernelMatchesReference_data() {
    // float32 on the CPU takes the blocked kernel: partial blocks, every bit-width, large T.
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("rows");
    QTest::addColumn<double>("t");
    for (int b : {1, 2, 3, 4, 8})
        for (int n : {1, 63, 64, 65, 5000})
            QTest::newRow(qPrintable(QString("b%1 n%2").arg(b).arg(n)))
                << b << n << (n == 65 ? 300.0 : 2.5);
}

void TstSlbWeight::floatKernelMatchesReference() {
    QFETCH(int, bits);
    QFETCH(int, rows);
    QFETCH(double, t);
    const int m = 1 << bits;
    const auto v = torch::tensor(slbValues(bits));
    // Each row draws its own data: at T = 300 a float32 softmax is near its precision, and an
    // unseeded draw missed the gradient bound once in a few hundred runs (4.7e-5).
    torch::manual_seed(1000 * bits + rows);
    const auto a0 = torch::randn({rows, m}) * 0.5;
    const auto upstream = torch::randn({rows});
    auto a = a0.clone().requires_grad_(true);
    const auto wc = slbExpectation(a, v, t, false);  // the softmax form, not the b = 1 tanh
    (wc * upstream).sum().backward();
    auto ad = a0.to(torch::kDouble).requires_grad_(true);
    const auto ref = torch::matmul(torch::softmax(ad * t, -1), v.to(torch::kDouble));
    (ref * upstream.to(torch::kDouble)).sum().backward();
    QVERIFY2(maxAbsDiff(wc.detach().to(torch::kDouble), ref.detach()) < 1e-5,
             qPrintable(QString::number(maxAbsDiff(wc.detach().to(torch::kDouble), ref.detach()))));
    const double scale = std::max(1.0, ad.grad().abs().max().item<double>());
    QVERIFY2(maxAbsDiff(a.grad().to(torch::kDouble), ad.grad()) < 2e-5 * scale,
             qPrintable(QString::number(maxAbsDiff(a.grad().to(torch::kDouble), ad.grad()))));
}

void TstSlbWeight::theoremOneGapVanishes_data() {
    QTest::addColumn<int>("bits");
    for (int b : {1, 2, 4})
        QTest::newRow(qPrintable(QString("b%1").arg(b))) << b;
}

void TstSlbWeight::theoremOneGapVanishes() {
    QFETCH(int, bits);
    SlbWeight w(std::vector<std::int64_t>{16, 8, 3, 3}, bits, 16 * 9 * (1 << bits));
    double prevGap = 1e9, prevSharp = -1;
    for (double t : {1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}) {
        w->setTemperature(t);
        const SlbSnapshot s = w->snapshot();
        QVERIFY2(s.gap <= prevGap + 1e-9, qPrintable(QString("gap rose at T=%1").arg(t)));
        QVERIFY(s.sharpShare >= prevSharp - 1e-9);
        prevGap = s.gap;
        prevSharp = s.sharpShare;
    }
    // At T = 1e8 every weight of a He-init A (spacings ~1e-2, float32) is one-hot: gap ≈ 0.
    QVERIFY2(prevGap < 1e-3, qPrintable(QString::number(prevGap)));
    QVERIFY(prevSharp > 0.999);
    w->setTemperature(1.0);
    const SlbSnapshot soft = w->snapshot();
    QVERIFY(soft.gap > 0.5);  // near-uniform P at T = 1: W_c ≈ 0 while |W_q| = 1
    QVERIFY(soft.sharpShare < 0.01);
}

void TstSlbWeight::evalAndHardPhaseUseArgmax() {
    SlbWeight w(std::vector<std::int64_t>{6, 5}, 2, 24);
    w->setTemperature(1.0);
    const auto v = torch::tensor(slbValues(2));
    const auto expectedQ = v.index({w->A.argmax(-1)});
    const auto expectedC = torch::matmul(torch::softmax(w->A.detach(), -1), v);

    w->train();
    QVERIFY(!w->usesDiscrete());
    QVERIFY(maxAbsDiff(w->weight().detach(), expectedC) < 1e-6);
    w->eval();
    QVERIFY(w->usesDiscrete());
    QCOMPARE(maxAbsDiff(w->weight(), expectedQ), 0.0);
    w->setMode(WeightMode::Continuous);  // evaluating the soft network
    QVERIFY(maxAbsDiff(w->weight().detach(), expectedC) < 1e-6);
    w->setMode(WeightMode::Auto);
    w->train();
    w->setHard(true);
    QVERIFY(w->usesDiscrete());
    QCOMPARE(maxAbsDiff(w->weight(), expectedQ), 0.0);
    // Every W_q entry is a value of V.
    const auto wq = w->hardWeight();
    QVERIFY((std::get<0>((wq.unsqueeze(-1) - v).abs().min(-1)) < 1e-7).all().item<bool>());
}

void TstSlbWeight::gradientsReachAOnlyInSoftPhase() {
    SlbWeight w(std::vector<std::int64_t>{4, 3}, 1, 8);
    w->train();
    w->weight().pow(2).sum().backward();
    QVERIFY(w->A.grad().defined());
    QVERIFY(w->A.grad().abs().sum().item<double>() > 0);

    w->setHard(true);
    QVERIFY(!w->A.grad().defined());  // dropped: momentum cannot move A any more
    const auto out = w->weight();
    QVERIFY(!out.requires_grad());
    // A downstream float parameter still learns through W_q.
    auto scale = torch::ones({1}, torch::requires_grad());
    (out * scale).sum().backward();
    QVERIFY(scale.grad().defined());
    QVERIFY(!w->A.grad().defined());

    w->setHard(false);
    w->weight().sum().backward();
    QVERIFY(w->A.grad().defined());
}

void TstSlbWeight::heInitUsesGoldenStickFan() {
    // fan = Cout·kh·kw·m = 64·3·3·4 = 2304 → std = sqrt(2/2304) ≈ 0.0295
    SlbWeight w(std::vector<std::int64_t>{64, 64, 3, 3}, 2, 64 * 3 * 3 * 4);
    const double sd = w->A.std().item<double>();
    QVERIFY2(std::abs(sd - std::sqrt(2.0 / 2304)) < 0.02 * std::sqrt(2.0 / 2304),
             qPrintable(QString::number(sd)));
    QVERIFY(std::abs(w->A.mean().item<double>()) < 1e-3);
}

void TstSlbWeight::initFromFloatPeaksAtNearestValue() {
    // A large fan keeps the He noise (σ ≈ 0.014) far below the peak.
    SlbWeight w(std::vector<std::int64_t>{2, 3}, 2, 10000);  // V = {−1, −1/3, 1/3, 1}
    // Scale: min(max|w| = 0.9, 3σ) — craft w so that max|w| < 3σ and scale = 0.9.
    const auto f = torch::tensor({-0.9f, -0.3f, 0.0f, 0.35f, 0.9f, 0.62f}).view({2, 3});
    w->initFromFloat(f);
    // w/0.9 = [−1, −1/3, 0, 0.389, 1, 0.689] → nearest: [0, 1, 1 or 2, 2, 3, 3]
    const auto idx = w->A.argmax(-1).flatten();
    QCOMPARE(idx[0].item<long>(), 0L);
    QCOMPARE(idx[1].item<long>(), 1L);
    QVERIFY(idx[2].item<long>() == 1 || idx[2].item<long>() == 2);
    QCOMPARE(idx[3].item<long>(), 2L);
    QCOMPARE(idx[4].item<long>(), 3L);
    QCOMPARE(idx[5].item<long>(), 3L);
    w->setTemperature(1.0);
    const auto s = w->snapshot();
    // Peaked (max P well above uniform) but not saturated, so A still learns.
    const auto p = std::get<0>(torch::softmax(w->A.detach(), -1).max(-1));
    QVERIFY(p.min().item<double>() > 0.6);
    QVERIFY(p.max().item<double>() < 0.99);
    QVERIFY(s.gap < 0.5);
}

void TstSlbWeight::snapshotFields() {
    SlbWeight w(std::vector<std::int64_t>{3, 4}, 2, 12);  // 12 weights, m = 4
    {
        torch::NoGradGuard g;
        w->A.zero_();
        // Weights 0..5 certain of v_3 (index 3); weights 6..11 uniform.
        w->A.view({12, 4}).slice(0, 0, 6).select(1, 3).fill_(100.0);
    }
    w->setTemperature(1.0);
    const SlbSnapshot s = w->snapshot();
    QCOMPARE(s.bits, 2);
    QCOMPARE(int(s.values.size()), 4);
    // mean P: half the weights one-hot at index 3, half uniform.
    QVERIFY(std::abs(s.meanProb[3] - (0.5 + 0.5 * 0.25)) < 1e-5);
    QVERIFY(std::abs(s.meanProb[0] - 0.125) < 1e-5);
    QVERIFY(std::abs(s.sharpShare - 0.5) < 1e-9);
    QVERIFY(std::abs(s.meanEntropy - 0.5 * std::log(4.0)) < 1e-5);
    // Histogram of max P over [1/4, 1]: 6 in the first bin (0.25), 6 in the last (1.0).
    QCOMPARE(int(s.maxProbHist.size()), SlbSnapshot::kMaxProbBins);
    QVERIFY(std::abs(s.maxProbHist.front() - 0.5) < 1e-6);
    QVERIFY(std::abs(s.maxProbHist.back() - 0.5) < 1e-6);
    double total = 0;
    for (float h : s.maxProbHist)
        total += h;
    QVERIFY(std::abs(total - 1.0) < 1e-6);
    QCOMPARE(s.maxProbLow(), 0.25);
    // Gap: W_q = 1 for the sharp half and v[argmax of a tie] for the rest; W_c = 1 and 0.
    const auto wq = w->hardWeight().flatten();
    const auto wc = w->softWeight().detach().flatten();
    const double gap = ((wq - wc).norm() / wq.norm()).item<double>();
    QVERIFY(std::abs(s.gap - gap) < 1e-6);
    QVERIFY(s.gap > 0.1);
    // Tracked weights: a fixed, in-range set with their P vectors.
    QCOMPARE(int(s.trackedIndex.size()), SlbWeightImpl::kTracked);
    QCOMPARE(s.trackedProbs.size(), s.trackedIndex.size() * 4);
    for (auto i : s.trackedIndex)
        QVERIFY(i >= 0 && i < 12);
    SlbWeight again(std::vector<std::int64_t>{3, 4}, 2, 12);
    QCOMPARE(again->snapshot().trackedIndex, s.trackedIndex);
    for (std::size_t k = 0; k < s.trackedIndex.size(); ++k) {
        const float expectedTop = s.trackedIndex[k] < 6 ? 1.0f : 0.25f;
        QVERIFY(std::abs(s.trackedProbs[k * 4 + 3] - expectedTop) < 1e-5);
    }
    // argmax share: half at index 3; the uniform half's argmax is the first index (0).
    QVERIFY(std::abs(s.argmaxShare[3] - 0.5) < 1e-6);
}

QTEST_GUILESS_MAIN(TstSlbWeight)
#include "tst_slbweight.moc"
