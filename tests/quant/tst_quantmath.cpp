// The playgrounds' formulas (core/base/quantmath, plain doubles) against the engine's tensors:
// SLB's V, softmax(A·T), W_c and W_q, and LSQ's v̂, step gradient and gradient scale, on random
// inputs — what a student sees before training is what training computes.
#include <QtTest/QtTest>

#include <cmath>
#include <random>

#include <torch/torch.h>

#include "base/quantmath.h"
#include "quant/lsq.h"
#include "quant/slbweight.h"

using namespace slb;
namespace qm = slb::quantmath;

class TstQuantMath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void slbValuesMatchTheEngine();
    void softmaxAndWeightsMatchTheEngine_data();
    void softmaxAndWeightsMatchTheEngine();
    void lsqMatchesTheEngine_data();
    void lsqMatchesTheEngine();
};

void TstQuantMath::slbValuesMatchTheEngine() {
    for (int bits = 1; bits <= 4; ++bits) {
        const std::vector<float> engine = slbValues(bits);
        const std::vector<double> mine = qm::slbValues(1 << bits);
        QCOMPARE(mine.size(), engine.size());
        for (std::size_t i = 0; i < mine.size(); ++i)
            QVERIFY(std::abs(mine[i] - double(engine[i])) < 1e-7);
    }
}

void TstQuantMath::softmaxAndWeightsMatchTheEngine_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<double>("t");
    for (int bits : {1, 2, 3, 4})
        for (double t : {0.3, 1.0, 25.0, 900.0})
            QTest::addRow("W%d T=%g", bits, t) << bits << t;
}

void TstQuantMath::softmaxAndWeightsMatchTheEngine() {
    QFETCH(int, bits);
    QFETCH(double, t);
    const int m = 1 << bits;
    torch::manual_seed(7);
    const auto a = torch::randn({64, m}, torch::kDouble);
    const std::vector<float> vf = slbValues(bits);
    const auto values = torch::tensor(std::vector<double>(vf.begin(), vf.end()), torch::kDouble);
    const auto probs = torch::softmax(a * t, -1);
    const auto wc = slbExpectation(a.to(torch::kFloat), values.to(torch::kFloat), t, bits == 1);
    const auto wq = slbArgmaxWeight(a, values);
    const std::vector<double> v = qm::slbValues(m);
    for (int w = 0; w < 64; ++w) {
        std::vector<double> logits(static_cast<std::size_t>(m), 0.0);
        for (int i = 0; i < m; ++i)
            logits[std::size_t(i)] = a[w][i].item<double>();
        const auto p = qm::softmaxAt(logits, t);
        for (int i = 0; i < m; ++i)
            QVERIFY(std::abs(p[std::size_t(i)] - probs[w][i].item<double>()) < 1e-12);
        // The engine computes W_c in float: agreement to float precision.
        QVERIFY2(
            std::abs(qm::expectation(p, v) - wc[w].item<double>()) < 1e-5,
            qPrintable(
                QStringLiteral("%1 vs %2").arg(qm::expectation(p, v)).arg(wc[w].item<double>())));
        // V in float there: the same value to float precision.
        QVERIFY(std::abs(v[std::size_t(qm::argmaxIndex(logits))] - wq[w].item<double>()) < 1e-7);
    }
}

void TstQuantMath::lsqMatchesTheEngine_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("isSigned");
    for (int bits : {2, 3, 4, 8}) {
        QTest::addRow("signed %d bits", bits) << bits << true;
        QTest::addRow("unsigned %d bits", bits) << bits << false;
    }
}

void TstQuantMath::lsqMatchesTheEngine() {
    QFETCH(int, bits);
    QFETCH(bool, isSigned);
    const double s = 0.37;
    const qm::LsqLevels q = qm::lsqLevels(bits, isSigned);
    LsqQuantizer engine(LsqQuantizerOptions(bits).isSigned(isSigned).isActivation(false));
    QCOMPARE(q.qn, engine->qn());
    QCOMPARE(q.qp, engine->qp());
    engine->setStep(s);
    // Values across the whole range and beyond both clip points.
    std::mt19937 gen(3);
    std::uniform_real_distribution<double> u(-(q.qn + 3) * s, (q.qp + 3) * s);
    std::vector<float> vs(500);
    // Not within float precision of a rounding tie (v/s = k + ½), where float and double may
    // round apart: ties are tst_lsq's roundsHalfToEven.
    auto nearTie = [s](float v) {
        const double x = double(v) / s;
        return std::abs(x - std::floor(x) - 0.5) < 1e-4;
    };
    for (float& v : vs)
        do
            v = float(u(gen));
        while (nearTie(v));
    const auto v = torch::tensor(vs).requires_grad_(true);
    const auto out = engine->forward(v);
    out.sum().backward();
    double gradSum = 0;
    for (std::size_t i = 0; i < vs.size(); ++i) {
        // In float, as the engine: v/s of a float v by a float s.
        const double vi = double(vs[i]);
        QVERIFY2(std::abs(qm::lsqQuantize(vi, s, q) - out[std::int64_t(i)].item<double>()) < 1e-5,
                 qPrintable(QString::number(vi)));
        gradSum += qm::lsqStepGradient(vi, s, q);
    }
    // The engine's step gradient is g·Σ ∂v̂/∂s with g = 1/√(N·Qp).
    const double expected = qm::lsqGradScale(std::int64_t(vs.size()), q.qp) * gradSum;
    const double got = engine->step().grad().item<double>();
    QVERIFY2(std::abs(got - expected) < 1e-4 * std::max(1.0, std::abs(expected)),
             qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(expected)));
}

QTEST_GUILESS_MAIN(TstQuantMath)
#include "tst_quantmath.moc"
