// Learning-rate schedules: cosine, step and linear warm-up against their formulas.
#include <QtTest/QtTest>

#include <cmath>

#include "base/lrschedule.h"

using namespace slb;

namespace {
TrainProgress layout(int epochs, std::int64_t itersPerEpoch) {
    TrainProgress p;
    p.totalEpochs = epochs;
    p.itersPerEpoch = itersPerEpoch;
    return p;
}
constexpr double kPi = 3.14159265358979323846;
bool near(double a, double b) {
    return std::abs(a - b) < 1e-12;
}
}  // namespace

class TstLrSchedule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cosinePerIteration();
    void cosinePerEpoch();
    void stepMilestones();
    void warmupThenCosine();
    void validation();
};

void TstLrSchedule::cosinePerIteration() {
    LrSchedule s;
    s.base = 0.1;
    s.minLr = 0.001;
    const TrainProgress l = layout(4, 50);  // 200 steps
    for (int it : {0, 1, 50, 100, 150, 199}) {
        const double q = it / 200.0;
        const double expected = 0.001 + (0.1 - 0.001) * 0.5 * (1 + std::cos(kPi * q));
        QVERIFY(near(s.lr(l.atIteration(it)), expected));
    }
    QVERIFY(near(s.lr(l.atIteration(100)), 0.0505));
}

void TstLrSchedule::cosinePerEpoch() {
    LrSchedule s;
    s.unit = ScheduleUnit::Epoch;
    s.base = 1.0;
    const TrainProgress l = layout(4, 10);
    QVERIFY(near(s.lr(l.atIteration(0)), 1.0));
    QVERIFY(near(s.lr(l.atIteration(9)), 1.0));  // held within the epoch
    QVERIFY(near(s.lr(l.atIteration(20)), 0.5));
    QVERIFY(near(s.lr(l.atIteration(39)), 0.5 * (1 + std::cos(kPi * 0.75))));
}

void TstLrSchedule::stepMilestones() {
    LrSchedule s;
    s.kind = LrScheduleKind::Step;
    s.base = 0.02;
    s.gamma = 0.1;
    s.milestones = {350, 440, 475};  // SLB's CIFAR recipe, in epochs
    const TrainProgress l = layout(500, 2);
    QVERIFY(near(s.lr(l.atIteration(349 * 2 + 1)), 0.02));
    QVERIFY(near(s.lr(l.atIteration(350 * 2)), 0.002));
    QVERIFY(near(s.lr(l.atIteration(440 * 2)), 0.0002));
    QVERIFY(std::abs(s.lr(l.atIteration(499 * 2)) - 0.00002) < 1e-15);
    s.milestones = {0.5};  // a fraction of the run
    QVERIFY(near(s.lr(l.atIteration(249 * 2 + 1)), 0.02));
    QVERIFY(near(s.lr(l.atIteration(250 * 2)), 0.002));
}

void TstLrSchedule::warmupThenCosine() {
    LrSchedule s;
    s.base = 0.1;
    s.warmupEpochs = 1;
    s.warmupStartFactor = 0.0;
    const TrainProgress l = layout(5, 10);
    QVERIFY(near(s.lr(l.atIteration(0)), 0.0));
    QVERIFY(near(s.lr(l.atIteration(5)), 0.05));
    QVERIFY(near(s.lr(l.atIteration(10)), 0.1));  // cosine starts at the peak
    // Cosine spans the 4 epochs after the warm-up: epoch 3.0 is half-way.
    QVERIFY(near(s.lr(l.atIteration(30)), 0.05));
}

void TstLrSchedule::validation() {
    LrSchedule s;
    QVERIFY(s.validate().empty());
    s.base = -0.1;
    QVERIFY(s.validate().find("lr") != std::string::npos);
    s = {};
    s.base = std::nan("");
    QVERIFY(!s.validate().empty());
    s = {};
    s.warmupEpochs = -1;
    QVERIFY(s.validate().find("warmup") != std::string::npos);
}

QTEST_GUILESS_MAIN(TstLrSchedule)
#include "tst_lrschedule.moc"
