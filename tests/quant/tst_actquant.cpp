// Activation quantizers for SLB runs: DoReFa and PACT values and straight-through gradients on
// crafted inputs, PACT's α gradient and positivity, and the LSQ type delegating to LsqQuantizer.
#include <QtTest/QtTest>

#include <cmath>
#include <stdexcept>

#include <torch/torch.h>

#include "quant/actquant.h"
#include "quant/lsq.h"
#include "tensorexpect.h"

using namespace slb;
using slbtest::tensorOf;

Q_DECLARE_METATYPE(slb::ActQuantType)

namespace {

ActQuantizer pact(int bits, double alpha) {
    return ActQuantizer(ActQuantizerOptions(ActQuantType::Pact, bits).pactAlpha(alpha));
}

}  // namespace

class TstActQuant : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noneIsIdentity();
    void doReFaValues_data();
    void doReFaValues();
    void doReFaSteMask();
    void pactValues();
    void pactGradients();
    void pactAlphaStaysPositive();
    void lsqDelegates();
    void parameterNames();
    void invalidOptions_data();
    void invalidOptions();
};

void TstActQuant::noneIsIdentity() {
    ActQuantizer q;  // type None by default
    const torch::Tensor x = tensorOf({-2.5, 0.375, 7.0}).requires_grad_(true);
    const torch::Tensor y = q->forward(x);
    SLB_COMPARE_TENSOR(y, {-2.5, 0.375, 7.0}, 0.0);
    (y * tensorOf({1, 2, 3})).sum().backward();
    SLB_COMPARE_TENSOR(x.grad(), {1, 2, 3}, 0.0);
    QVERIFY(q->parameters().empty());
    QVERIFY(!q->lastSnapshot().valid);
    QCOMPARE(q->alpha(), 0.0);
}

void TstActQuant::doReFaValues_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<QList<double>>("input");
    QTest::addColumn<QList<double>>("expected");
    // n = 1: round(clamp(x, 0, 1)) → 0 below 0.5, 1 above.
    QTest::newRow("1 bit") << 1 << QList<double>{-0.5, 0.1, 0.4, 0.6, 0.9, 1.7}
                           << QList<double>{0, 0, 0, 1, 1, 1};
    // n = 3: 3·clamp = 0 0.3 0.6 1.2 1.8 2.7 3 → 0 0 1 1 2 3 3, over 3.
    QTest::newRow("2 bits") << 2 << QList<double>{-0.5, 0.1, 0.2, 0.4, 0.6, 0.9, 1.7}
                            << QList<double>{0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1, 1};
    // n = 15: 15·clamp = 0.75 7.8 14.55 15 0 → 1 8 15 15 0, over 15.
    QTest::newRow("4 bits") << 4 << QList<double>{0.05, 0.52, 0.97, 1.3, -2.0}
                            << QList<double>{1 / 15.0, 8 / 15.0, 1, 1, 0};
}

void TstActQuant::doReFaValues() {
    QFETCH(int, bits);
    QFETCH(QList<double>, input);
    QFETCH(QList<double>, expected);
    ActQuantizer q(ActQuantizerOptions(ActQuantType::DoReFa, bits));
    SLB_COMPARE_TENSOR(q->forward(tensorOf(input)), expected, 1e-6);
}

void TstActQuant::doReFaSteMask() {
    ActQuantizer q(ActQuantizerOptions(ActQuantType::DoReFa, 2));
    const torch::Tensor x = tensorOf({-0.5, 0.0, 0.3, 1.0, 1.5}).requires_grad_(true);
    (q->forward(x) * tensorOf({1, 2, 3, 4, 5})).sum().backward();
    // Gradient 1 on the closed [0, 1] (both ends included), 0 outside.
    SLB_COMPARE_TENSOR(x.grad(), {0, 2, 3, 4, 0}, 0.0);
}

void TstActQuant::pactValues() {
    // α = 2, 2 bits: n = 3 levels of α/n = 2/3. y = clamp(x, 0, 2);
    // y·n/α = 0 0.45 0.75 1.8 2.85 3 3 → 0 0 1 2 3 3 3, times 2/3.
    ActQuantizer q = pact(2, 2.0);
    QCOMPARE(q->alpha(), 2.0);
    SLB_COMPARE_TENSOR(q->forward(tensorOf({-1.0, 0.3, 0.5, 1.2, 1.9, 2.0, 3.5})),
                       {0, 0, 2 / 3.0, 4 / 3.0, 2, 2, 2}, 1e-6);
}

void TstActQuant::pactGradients() {
    ActQuantizer q = pact(2, 2.0);
    const torch::Tensor x = tensorOf({-1.0, 0.0, 0.5, 1.2, 2.0, 3.5, 5.0}).requires_grad_(true);
    (q->forward(x) * tensorOf({1, 2, 3, 4, 5, 6, 7})).sum().backward();
    // dq/dα = 1 where x ≥ α (x = 2, 3.5, 5): the upstream gradients there sum to 5 + 6 + 7.
    const torch::Tensor alphaGrad = q->named_parameters()["alpha"].grad();
    QVERIFY(alphaGrad.defined());
    QCOMPARE(alphaGrad.item<double>(), 18.0);
    // dq/dx = 1 on [0, α) only: not below 0, not from α on.
    SLB_COMPARE_TENSOR(x.grad(), {0, 2, 3, 4, 0, 0, 0}, 0.0);

    // With a unit upstream gradient, dL/dα counts the values at or above α.
    ActQuantizer counted = pact(3, 1.0);
    counted->forward(tensorOf({0.2, 0.9, 1.0, 1.1, 4.0, -3.0})).sum().backward();
    QCOMPARE(counted->named_parameters()["alpha"].grad().item<double>(), 3.0);
}

void TstActQuant::pactAlphaStaysPositive() {
    // All inputs above α: dL/dα = 3 for L = Σq; SGD with lr = 1 takes α from 0.5 to −2.5.
    ActQuantizer q = pact(2, 0.5);
    torch::optim::SGD sgd(q->parameters(), torch::optim::SGDOptions(1.0));
    const torch::Tensor x = tensorOf({4.0, 5.0, 6.0});
    q->forward(x).sum().backward();
    sgd.step();
    QVERIFY2(q->alpha() < -2.0, qPrintable(QString::number(q->alpha())));
    // The forward already uses the floor: finite, every value at the clip kMinAlpha.
    const torch::Tensor out = q->forward(x);
    QVERIFY(torch::isfinite(out).all().item<bool>());
    QVERIFY((out - ActQuantizerImpl::kMinAlpha).abs().max().item<double>() < 1e-9);
    q->constrain();
    QVERIFY(q->alpha() > 0.0);
    QVERIFY(std::abs(q->alpha() - ActQuantizerImpl::kMinAlpha) < 1e-9);
}

void TstActQuant::lsqDelegates() {
    const torch::Tensor x = tensorOf({-1, 0, 1, 2, 3, -2, 0.5, 1.5}).reshape({2, 4});
    ActQuantizer act(ActQuantizerOptions(ActQuantType::Lsq, 3));
    LsqQuantizer bare(LsqQuantizerOptions(3).isSigned(false).isActivation(true));
    QVERIFY(!act->lsq().is_empty());
    QCOMPARE(act->lsq()->qp(), 7.0);
    QCOMPARE(act->lsq()->qn(), 0.0);

    act->setCapture(true);
    const torch::Tensor fromAct = act->forward(x);
    const torch::Tensor fromBare = bare->forward(x);
    QVERIFY(torch::equal(fromAct, fromBare));
    QCOMPARE(act->lsq()->stepValue(), bare->stepValue());
    // The first training batch initialised the step: 2·mean|x|/√7 with mean|x| = 11/8.
    QVERIFY(std::abs(act->lsq()->stepValue() - 2.0 * (11.0 / 8.0) / std::sqrt(7.0)) < 1e-6);
    QVERIFY(act->lastSnapshot().valid);
    QCOMPARE(act->lastSnapshot().step, act->lsq()->stepValue());

    ActQuantizer doReFa(ActQuantizerOptions(ActQuantType::DoReFa, 3));
    doReFa->setCapture(true);
    doReFa->forward(x);
    QVERIFY(!doReFa->lastSnapshot().valid);

    // Signed LSQ activations for inputs with negative values.
    ActQuantizer signedAct(ActQuantizerOptions(ActQuantType::Lsq, 4).isSigned(true));
    QCOMPARE(signedAct->lsq()->qn(), 8.0);
    QCOMPARE(signedAct->lsq()->qp(), 7.0);
}

void TstActQuant::parameterNames() {
    QCOMPARE(pact(4, 6.0)->named_parameters().keys(), (std::vector<std::string>{"alpha"}));
    QCOMPARE(ActQuantizer(ActQuantizerOptions(ActQuantType::Lsq, 4))->named_parameters().keys(),
             (std::vector<std::string>{"lsq.step"}));
    QVERIFY(ActQuantizer(ActQuantizerOptions(ActQuantType::DoReFa, 4))->parameters().empty());
    QCOMPARE(ActQuantizerOptions().pactAlpha(), 6.0);
    QCOMPARE(pact(4, ActQuantizerOptions().pactAlpha())->alpha(), 6.0);
}

void TstActQuant::invalidOptions_data() {
    QTest::addColumn<ActQuantType>("type");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("isSigned");
    QTest::addColumn<double>("alpha");
    QTest::addColumn<bool>("valid");
    QTest::newRow("none ignores bits") << ActQuantType::None << 0 << false << 6.0 << true;
    QTest::newRow("dorefa 1") << ActQuantType::DoReFa << 1 << false << 6.0 << true;
    QTest::newRow("dorefa 8") << ActQuantType::DoReFa << 8 << false << 6.0 << true;
    QTest::newRow("dorefa 0") << ActQuantType::DoReFa << 0 << false << 6.0 << false;
    QTest::newRow("dorefa 9") << ActQuantType::DoReFa << 9 << false << 6.0 << false;
    QTest::newRow("dorefa signed") << ActQuantType::DoReFa << 4 << true << 6.0 << false;
    QTest::newRow("pact 1") << ActQuantType::Pact << 1 << false << 6.0 << true;
    QTest::newRow("pact 9") << ActQuantType::Pact << 9 << false << 6.0 << false;
    QTest::newRow("pact alpha 0") << ActQuantType::Pact << 4 << false << 0.0 << false;
    QTest::newRow("pact alpha -1") << ActQuantType::Pact << 4 << false << -1.0 << false;
    QTest::newRow("pact signed") << ActQuantType::Pact << 4 << true << 6.0 << false;
    QTest::newRow("lsq 2") << ActQuantType::Lsq << 2 << false << 6.0 << true;
    QTest::newRow("lsq 1") << ActQuantType::Lsq << 1 << false << 6.0 << false;
    QTest::newRow("lsq 9") << ActQuantType::Lsq << 9 << true << 6.0 << false;
}

void TstActQuant::invalidOptions() {
    QFETCH(ActQuantType, type);
    QFETCH(int, bits);
    QFETCH(bool, isSigned);
    QFETCH(double, alpha);
    QFETCH(bool, valid);
    const auto options = ActQuantizerOptions(type, bits).isSigned(isSigned).pactAlpha(alpha);
    if (valid) {
        ActQuantizer q(options);
        QCOMPARE(q->type(), type);
    } else {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ActQuantizer{options});
    }
}

QTEST_GUILESS_MAIN(TstActQuant)
#include "tst_actquant.moc"
