// LsqQuantizer against the LSQ paper (§2, Appendix B): clip levels, Eq. 1–2 forward, Eq. 3 step
// gradient times the gradient scale g, Eq. 5 straight-through mask, step init, positivity,
// snapshot and capture, and save/load. Every expected number is worked out by hand below.
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

LsqQuantizer weightQuantizer(int bits) {
    return LsqQuantizer(LsqQuantizerOptions(bits).isSigned(true).isActivation(false));
}

LsqQuantizer activationQuantizer(int bits) {
    return LsqQuantizer(LsqQuantizerOptions(bits).isSigned(false).isActivation(true));
}

/** A leaf tensor that collects its gradient. */
torch::Tensor leaf(const QList<double>& values) {
    return tensorOf(values).requires_grad_(true);
}

}  // namespace

class TstLsq : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fusedCpuPathMatchesCompositeForm_data();
    void fusedCpuPathMatchesCompositeForm();
    void clipLevels_data();
    void clipLevels();
    void invalidBits_data();
    void invalidBits();
    void forwardMatchesEq12_data();
    void forwardMatchesEq12();
    void roundsHalfToEven();
    void forwardIsExactlyCodesTimesStep();
    void stepGradientWeights();
    void stepGradientActivations();
    void inputGradientIsSteMask();
    void weightStepInit();
    void activationStepInitFromFirstTrainingBatch();
    void stepStaysPositive();
    void snapshotFields();
    void captureActivations();
    void saveLoadKeepsStepAndInitialized();
};

void TstLsq::clipLevels_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("isSigned");
    QTest::addColumn<double>("qn");
    QTest::addColumn<double>("qp");
    // Signed: Qn = 2^(b−1), Qp = 2^(b−1) − 1; unsigned: Qn = 0, Qp = 2^b − 1.
    QTest::newRow("w2") << 2 << true << 2.0 << 1.0;
    QTest::newRow("w3") << 3 << true << 4.0 << 3.0;
    QTest::newRow("w4") << 4 << true << 8.0 << 7.0;
    QTest::newRow("w5") << 5 << true << 16.0 << 15.0;
    QTest::newRow("w6") << 6 << true << 32.0 << 31.0;
    QTest::newRow("w7") << 7 << true << 64.0 << 63.0;
    QTest::newRow("w8") << 8 << true << 128.0 << 127.0;
    QTest::newRow("a2") << 2 << false << 0.0 << 3.0;
    QTest::newRow("a3") << 3 << false << 0.0 << 7.0;
    QTest::newRow("a4") << 4 << false << 0.0 << 15.0;
    QTest::newRow("a5") << 5 << false << 0.0 << 31.0;
    QTest::newRow("a6") << 6 << false << 0.0 << 63.0;
    QTest::newRow("a7") << 7 << false << 0.0 << 127.0;
    QTest::newRow("a8") << 8 << false << 0.0 << 255.0;
}

void TstLsq::clipLevels() {
    QFETCH(int, bits);
    QFETCH(bool, isSigned);
    QFETCH(double, qn);
    QFETCH(double, qp);
    LsqQuantizer q(LsqQuantizerOptions(bits).isSigned(isSigned));
    QCOMPARE(q->bits(), bits);
    QCOMPARE(q->qn(), qn);
    QCOMPARE(q->qp(), qp);
}

void TstLsq::invalidBits_data() {
    QTest::addColumn<int>("bits");
    QTest::newRow("0") << 0;
    QTest::newRow("1") << 1;
    QTest::newRow("9") << 9;
    QTest::newRow("32") << 32;
    QTest::newRow("-2") << -2;
}

void TstLsq::invalidBits() {
    QFETCH(int, bits);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LsqQuantizer(LsqQuantizerOptions(bits)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             LsqQuantizer(LsqQuantizerOptions(bits).isSigned(false)));
}

void TstLsq::forwardMatchesEq12_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("isSigned");
    QTest::addColumn<double>("step");
    QTest::addColumn<QList<double>>("input");
    QTest::addColumn<QList<double>>("expected");
    // v/s = −3.2 −1.4 0.2 0.7 1.8 −0.4 → clip to [−2, 1] → round → −2 −1 0 1 1 0, times 0.5.
    QTest::newRow("w2 s=0.5") << 2 << true << 0.5 << QList<double>{-1.6, -0.7, 0.1, 0.35, 0.9, -0.2}
                              << QList<double>{-1.0, -0.5, 0.0, 0.5, 0.5, 0.0};
    // v/s = −20 −8.1 −3.4 0 2.6 7.4 7.7 50 → [−8, 7] → −8 −8 −3 0 3 7 7 7, times 0.1.
    QTest::newRow("w4 s=0.1") << 4 << true << 0.1
                              << QList<double>{-2.0, -0.81, -0.34, 0.0, 0.26, 0.74, 0.77, 5.0}
                              << QList<double>{-0.8, -0.8, -0.3, 0.0, 0.3, 0.7, 0.7, 0.7};
    // v/s = −160 −127.6 126.4 132 → [−128, 127] → −128 −128 126 127, times 0.25.
    QTest::newRow("w8 s=0.25") << 8 << true << 0.25 << QList<double>{-40.0, -31.9, 31.6, 33.0}
                               << QList<double>{-32.0, -32.0, 31.5, 31.75};
    // v/s = −2 0.4 0.6 2.2 2.8 18 → [0, 3] → 0 0 1 2 3 3, times 0.5.
    QTest::newRow("a2 s=0.5") << 2 << false << 0.5 << QList<double>{-1.0, 0.2, 0.3, 1.1, 1.4, 9.0}
                              << QList<double>{0.0, 0.0, 0.5, 1.0, 1.5, 1.5};
    // v/s = 0.65 125 260 −15 → [0, 255] → 1 125 255 0, times 0.02.
    QTest::newRow("a8 s=0.02") << 8 << false << 0.02 << QList<double>{0.013, 2.5, 5.2, -0.3}
                               << QList<double>{0.02, 2.5, 5.1, 0.0};
}

void TstLsq::forwardMatchesEq12() {
    QFETCH(int, bits);
    QFETCH(bool, isSigned);
    QFETCH(double, step);
    QFETCH(QList<double>, input);
    QFETCH(QList<double>, expected);
    for (bool isActivation : {false, true}) {
        LsqQuantizer q(LsqQuantizerOptions(bits).isSigned(isSigned).isActivation(isActivation));
        q->setStep(step);
        const torch::Tensor v = tensorOf(input);
        SLB_COMPARE_TENSOR(q->forward(v), expected, 1e-6);
        SLB_COMPARE_TENSOR(q->quantize(v), expected, 1e-6);
        // The integer codes are v̂/s.
        QList<double> codes;
        for (double e : expected) {
            codes << std::round(e / step);
        }
        QCOMPARE(q->codes(v).scalar_type(), torch::kInt32);
        SLB_COMPARE_TENSOR(q->codes(v), codes, 0.0);
    }
}

void TstLsq::roundsHalfToEven() {
    // torch::round rounds halves to the even integer (like std::nearbyint), not away from zero;
    // the paper only says "nearest". Ties are rare in real data; this pins the convention.
    LsqQuantizer q = weightQuantizer(4);
    q->setStep(1.0);
    SLB_COMPARE_TENSOR(q->forward(tensorOf({0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5})),
                       {0.0, 2.0, 2.0, 4.0, 0.0, -2.0, -2.0}, 0.0);
}

void TstLsq::forwardIsExactlyCodesTimesStep() {
    // The packed export stores v̄ and s; an evaluator multiplying them must reproduce the training
    // forward bit for bit. The paper's gradscale, detach(s − s·g) + s·g, is off by an ulp for
    // some s and g, so check many steps rather than one lucky value.
    const torch::Tensor v = torch::linspace(-1.3, 1.1, 37);
    LsqQuantizer q = weightQuantizer(3);
    for (int k = 1; k <= 200; ++k) {
        q->setStep(0.0137 * k);
        const torch::Tensor expected = q->codes(v).to(torch::kFloat32) * q->step().detach();
        QVERIFY2(torch::equal(q->forward(v).detach(), expected), qPrintable(QString::number(k)));
    }
}

void TstLsq::stepGradientWeights() {
    // 2-bit weights: Qn = 2, Qp = 1; s = 0.5; N = 6 weights, so g = 1/√(6·1).
    LsqQuantizer q = weightQuantizer(2);
    q->setStep(0.5);
    const torch::Tensor v = leaf({-1.6, -0.7, 0.1, 0.35, 0.9, -0.2});
    const torch::Tensor upstream = tensorOf({1, 2, 3, 4, 5, 6});
    (q->forward(v) * upstream).sum().backward();
    // Eq. 3 per element, v/s = −3.2 −1.4 0.2 0.7 1.8 −0.4:
    //   −Qn = −2 | 1.4 − 1 = 0.4 | −0.2 + 0 = −0.2 | −0.7 + 1 = 0.3 | Qp = 1 | 0.4 + 0 = 0.4
    // weighted by the upstream gradient: −2 + 0.8 − 0.6 + 1.2 + 5 + 2.4 = 6.8.
    const double expected = 6.8 / std::sqrt(6.0);
    QVERIFY(q->step().grad().defined());
    QVERIFY2(std::abs(q->step().grad().item<double>() - expected) < 1e-5,
             qPrintable(QString::number(q->step().grad().item<double>())));
    // Eq. 5: the upstream gradient passes where −2 < v/s < 1 only.
    SLB_COMPARE_TENSOR(v.grad(), {0, 2, 3, 4, 0, 6}, 0.0);
}

void TstLsq::stepGradientActivations() {
    // 2-bit unsigned activations: Qn = 0, Qp = 3; s = 0.5; a batch of 2 samples of 3 features,
    // so g = 1/√(N_F·Qp) = 1/√(3·3) = 1/3 (not 1/√(6·3): N_F counts features per sample).
    LsqQuantizer q = activationQuantizer(2);
    q->setStep(0.5);
    const torch::Tensor x =
        tensorOf({0.2, 1.3, 4.0, -0.5, 0.55, 2.2}).reshape({2, 3}).requires_grad_(true);
    const torch::Tensor upstream = tensorOf({1, 2, 3, 4, 5, 6}).reshape({2, 3});
    (q->forward(x) * upstream).sum().backward();
    // x/s = 0.4 2.6 8 | −1 1.1 4.4; Eq. 3:
    //   −0.4 + 0 = −0.4 | −2.6 + 3 = 0.4 | Qp = 3 | −Qn = 0 | −1.1 + 1 = −0.1 | Qp = 3
    // weighted: −0.4 + 0.8 + 9 + 0 − 0.5 + 18 = 26.9; times g = 1/3.
    const double expected = 26.9 / 3.0;
    QVERIFY2(std::abs(q->step().grad().item<double>() - expected) < 1e-5,
             qPrintable(QString::number(q->step().grad().item<double>())));
    SLB_COMPARE_TENSOR(x.grad(), {1, 2, 0, 0, 5, 0}, 0.0);
}

void TstLsq::inputGradientIsSteMask() {
    // 3-bit weights: Qn = 4, Qp = 3; s = 0.25, so the clip points are v = −1 and v = 0.75.
    LsqQuantizer q = weightQuantizer(3);
    q->setStep(0.25);
    const torch::Tensor v = leaf({-3.0, -1.01, -0.99, -0.1, 0.0, 0.3, 0.74, 0.76, 2.0});
    q->forward(v).sum().backward();
    SLB_COMPARE_TENSOR(v.grad(), {0, 0, 1, 1, 1, 1, 1, 0, 0}, 0.0);

    // Exactly on a clip point (v/s = −Qn or Qp) Eq. 5's open interval gives 0, and Eq. 3 gives
    // the clip value: dL/ds = g·(−Qn + Qp) = (−4 + 3)/√(2·3). The same in the fused op and in
    // the composite form (used while capturing a snapshot, and off the CPU).
    for (bool composite : {false, true}) {
        LsqQuantizer edgeQ = weightQuantizer(3);
        edgeQ->setStep(0.25);
        edgeQ->setCapture(composite);
        const torch::Tensor edge = leaf({-1.0, 0.75});
        const torch::Tensor out = edgeQ->forward(edge);
        out.sum().backward();
        SLB_COMPARE_TENSOR(out.detach(), {-1.0, 0.75}, 0.0);
        SLB_COMPARE_TENSOR(edge.grad(), {0, 0}, 0.0);
        const double expected = -1.0 / std::sqrt(6.0);
        QVERIFY2(std::abs(edgeQ->step().grad().item<double>() - expected) < 1e-6,
                 qPrintable(QString("composite %1: %2")
                                .arg(composite)
                                .arg(edgeQ->step().grad().item<double>())));
    }
}

void TstLsq::weightStepInit() {
    // 3-bit weights: Qp = 3. mean|v| = (1 + 2 + 3 + 6)/4 = 3, so s = 2·3/√3 = 2√3.
    const double expected = 2.0 * std::sqrt(3.0);
    LsqQuantizer q = weightQuantizer(3);
    QVERIFY(!q->isInitialized());
    q->initStep(tensorOf({1, -2, 3, -6}));
    QVERIFY(q->isInitialized());
    QVERIFY(std::abs(q->stepValue() - expected) < 1e-5);

    // A weight quantizer that was never initialised does it on its first forward, in eval too
    // (the weights are the same in either mode).
    LsqQuantizer lazy = weightQuantizer(3);
    lazy->eval();
    lazy->forward(tensorOf({1, -2, 3, -6}));
    QVERIFY(lazy->isInitialized());
    QVERIFY(std::abs(lazy->stepValue() - expected) < 1e-5);
}

void TstLsq::activationStepInitFromFirstTrainingBatch() {
    // 2-bit unsigned: Qp = 3. The first batch has mean|x| = (1 + 3 + 2 + 6)/4 = 3: s = 2√3.
    const double expected = 2.0 * std::sqrt(3.0);
    const torch::Tensor first = tensorOf({1, -3, 2, 6}).reshape({2, 2});
    LsqQuantizer q = activationQuantizer(2);
    QVERIFY(!q->isInitialized());

    // An evaluation before training quantizes with that batch's step but stores nothing:
    // x/s = 0.289 −0.866 0.577 1.732 → 0 0 1 2 (clip at 0 for the negative value).
    q->eval();
    SLB_COMPARE_TENSOR(q->forward(first), {0, 0, expected, 2 * expected}, 1e-5);
    QVERIFY(!q->isInitialized());
    QCOMPARE(q->stepValue(), 1.0);

    q->train();
    q->forward(first);
    QVERIFY(q->isInitialized());
    QVERIFY(std::abs(q->stepValue() - expected) < 1e-5);

    // A second batch with a very different magnitude does not re-initialise.
    q->forward(tensorOf({10, 20, 30, 40}).reshape({2, 2}));
    QVERIFY(std::abs(q->stepValue() - expected) < 1e-5);

    // markUninitialized() makes the next training batch initialise again: mean|x| = 25.
    q->markUninitialized();
    q->forward(tensorOf({10, 20, 30, 40}).reshape({2, 2}));
    QVERIFY(std::abs(q->stepValue() - 2.0 * 25.0 / std::sqrt(3.0)) < 1e-4);
}

void TstLsq::stepStaysPositive() {
    // 2-bit weights (Qp = 1), every value clipped at Qp: dL/ds = 3·Qp·g = 3/√3 = √3 for
    // L = Σ v̂. One SGD step with lr = 1 moves s from 0.01 to 0.01 − √3 < 0.
    LsqQuantizer q = weightQuantizer(2);
    q->setStep(0.01);
    torch::optim::SGD sgd(q->parameters(), torch::optim::SGDOptions(1.0));
    const torch::Tensor v = tensorOf({5, 6, 7});
    q->forward(v).sum().backward();
    sgd.step();
    QVERIFY2(q->stepValue() < -1.0, qPrintable(QString::number(q->stepValue())));

    // Before constrain(), the forward already uses max(s, kMinStep): finite, not sign-flipped.
    const torch::Tensor out = q->forward(v);
    QVERIFY(torch::isfinite(out).all().item<bool>());
    // Every value clipped at Qp = 1: v̂ = 1·kMinStep.
    QVERIFY((out - LsqQuantizerImpl::kMinStep).abs().max().item<double>() < 1e-14);

    q->constrain();
    QVERIFY(q->stepValue() > 0.0);
    QVERIFY(std::abs(q->stepValue() - LsqQuantizerImpl::kMinStep) < 1e-12);
}

void TstLsq::snapshotFields() {
    // 2-bit weights, s = 0.5: Qn = 2, Qp = 1; histogram over [−4, 3] in 64 bins of 7/64.
    LsqQuantizer q = weightQuantizer(2);
    q->setStep(0.5);
    const torch::Tensor v = tensorOf({-3.0, -1.1, -1.0, 0.1, 0.25, 0.5, 0.6, 2.0});
    // v/s = −6 −2.2 −2 0.2 0.5 1 1.2 4; strictly outside [−2, 1]: −6 −2.2 1.2 4 → 4 of 8.
    const LsqSnapshot s = q->snapshot(v);
    QVERIFY(s.valid);
    QCOMPARE(s.bits, 2);
    QCOMPARE(s.isSigned, true);
    QCOMPARE(s.step, 0.5);
    QCOMPARE(s.qn, 2.0);
    QCOMPARE(s.qp, 1.0);
    QCOMPARE(s.clippedShare, 0.5);
    QCOMPARE(s.histLow, -4.0);
    QCOMPARE(s.histHigh, 3.0);
    QCOMPARE(int(s.hist.size()), LsqSnapshot::kHistBins);
    // Bin = ⌊(v/s + 4)·64/7⌋: −6 → below the span → 0; −2.2 → 16.5 → 16; −2 → 18.3 → 18;
    // 0.2 → 38.4 → 38; 0.5 → 41.1 → 41; 1 → 45.7 → 45; 1.2 → 47.5 → 47; 4 → 73 → last, 63.
    QList<double> expected(LsqSnapshot::kHistBins, 0.0);
    for (int bin : {0, 16, 18, 38, 41, 45, 47, 63}) {
        expected[bin] = 0.125;
    }
    SLB_COMPARE_TENSOR(torch::tensor(s.hist), expected, 1e-7);
    double sum = 0;
    for (float h : s.hist) {
        sum += h;
    }
    QVERIFY(std::abs(sum - 1.0) < 1e-6);

    // An activation quantizer that has not seen a training batch has no meaningful step.
    QVERIFY(!activationQuantizer(2)->snapshot(v).valid);
}

void TstLsq::captureActivations() {
    LsqQuantizer q = activationQuantizer(2);
    q->setStep(0.5);
    const torch::Tensor x = tensorOf({0.2, 1.3, 4.0, -0.5, 0.55, 2.2}).reshape({2, 3});
    QVERIFY(!q->capture());
    q->forward(x);
    QVERIFY(!q->lastActivationSnapshot().valid);  // capture is off by default

    q->setCapture(true);
    q->forward(x);
    // x/s = 0.4 2.6 8 −1 1.1 4.4; outside [0, 3]: 8, −1, 4.4 → 3 of 6.
    const LsqSnapshot s = q->lastActivationSnapshot();
    QVERIFY(s.valid);
    QCOMPARE(s.step, 0.5);
    QCOMPARE(s.qn, 0.0);
    QCOMPARE(s.qp, 3.0);
    QCOMPARE(s.isSigned, false);
    QCOMPARE(s.clippedShare, 0.5);

    // With capture off again, later batches leave the captured summary alone.
    q->setCapture(false);
    q->forward(torch::zeros({2, 3}));
    QCOMPARE(q->lastActivationSnapshot().clippedShare, 0.5);
}

void TstLsq::saveLoadKeepsStepAndInitialized() {
    LsqQuantizer trained = activationQuantizer(4);
    trained->setStep(0.375);
    std::stringstream stream;
    torch::save(trained, stream);

    LsqQuantizer fresh = activationQuantizer(4);
    QVERIFY(!fresh->isInitialized());
    torch::load(fresh, stream);
    QVERIFY(fresh->isInitialized());
    QCOMPARE(fresh->stepValue(), 0.375);
    // Loaded as initialised: a training batch does not re-initialise the step.
    fresh->forward(torch::full({2, 3}, 100.0));
    QCOMPARE(fresh->stepValue(), 0.375);

    // And the other way: an uninitialised state loaded over an initialised module.
    std::stringstream blank;
    torch::save(activationQuantizer(4), blank);
    torch::load(fresh, blank);
    QVERIFY(!fresh->isInitialized());
}

void TstLsq::fusedCpuPathMatchesCompositeForm_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("isSigned");
    QTest::addColumn<bool>("channelsLast");
    QTest::newRow("a2 nchw") << 2 << false << false;
    QTest::newRow("a4 channels-last") << 4 << false << true;
    QTest::newRow("w3 signed") << 3 << true << false;
}

void TstLsq::fusedCpuPathMatchesCompositeForm() {
    // float32 on the CPU takes one fused pass; with capture on the quantizer takes the composite
    // gradscale/roundpass form. Same forward bit for bit, same gradients.
    QFETCH(int, bits);
    QFETCH(bool, isSigned);
    QFETCH(bool, channelsLast);
    torch::manual_seed(3);
    auto x0 = torch::randn({4, 6, 5, 5}) * 1.5;
    if (channelsLast)
        x0 = x0.contiguous(torch::MemoryFormat::ChannelsLast);
    const auto upstream = torch::randn({4, 6, 5, 5});
    auto run = [&](bool composite, torch::Tensor* xGrad, double* stepGrad) {
        LsqQuantizer q(LsqQuantizerOptions(bits).isSigned(isSigned).isActivation(true));
        q->setStep(0.37);
        q->setCapture(composite);
        auto x = x0.clone().requires_grad_(true);
        const auto y = q->forward(x);
        (y * upstream).sum().backward();
        *xGrad = x.grad();
        *stepGrad = q->step().grad().item<double>();
        return y.detach();
    };
    torch::Tensor gFused, gComposite;
    double sFused = 0, sComposite = 0;
    const auto yFused = run(false, &gFused, &sFused);
    const auto yComposite = run(true, &gComposite, &sComposite);
    QVERIFY(torch::equal(yFused, yComposite));
    // The composite form gives g·s/s, one rounding away from the exact STE value g.
    QVERIFY(torch::allclose(gFused, gComposite, 1e-6, 1e-7));
    QVERIFY(torch::equal(gFused == 0, gComposite == 0));  // the same clipped elements
    QVERIFY2(std::abs(sFused - sComposite) < 1e-4 * std::max(1.0, std::abs(sComposite)),
             qPrintable(QString("%1 vs %2").arg(sFused).arg(sComposite)));
    QVERIFY(std::abs(sFused) > 1e-3);  // a real gradient, not two zeros
}

QTEST_GUILESS_MAIN(TstLsq)
#include "tst_lsq.moc"
