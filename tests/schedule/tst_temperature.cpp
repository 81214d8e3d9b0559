// Temperature schedules against the formulas of SLB §4.1 and Golden Stick's factor schedule.
#include <QtTest/QtTest>

#include <cmath>

#include "base/temperature.h"

using namespace slb;

namespace {
TrainProgress layout(int epochs, std::int64_t itersPerEpoch) {
    TrainProgress p;
    p.totalEpochs = epochs;
    p.itersPerEpoch = itersPerEpoch;
    return p;
}
constexpr double kPi = 3.14159265358979323846;
}  // namespace

class TstTemperature : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paperSchedules_data();
    void paperSchedules();
    void perEpochHoldsWithinEpoch();
    void factorEdges_data();
    void factorEdges();
    void factorPerIterationIsContinuous();
    void hardPhaseOfOtherSchedules();
    void plannedCurveCoversRun();
    void validation();
};

void TstTemperature::paperSchedules_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("i");
    QTest::addColumn<double>("expected");
    // Ts = 0.01, Te = 10 as in the paper's Figure 1; I = 99 (100 steps, i = 0..99).
    const double ts = 0.01, te = 10, I = 99;
    for (qint64 i : {0, 1, 33, 50, 98, 99}) {
        const double r = double(i) / I;
        QTest::newRow(qPrintable(QString("exp-%1").arg(i)))
            << int(TempScheduleKind::Exp) << i << ts * std::pow(te / ts, r);
        QTest::newRow(qPrintable(QString("linear-%1").arg(i)))
            << int(TempScheduleKind::Linear) << i << ts + r * (te - ts);
        QTest::newRow(qPrintable(QString("sin-%1").arg(i)))
            << int(TempScheduleKind::Sin) << i << ts + std::sin(i * kPi / (2 * I)) * (te - ts);
    }
}

void TstTemperature::paperSchedules() {
    QFETCH(int, kind);
    QFETCH(qint64, i);
    QFETCH(double, expected);
    TemperatureSchedule s;
    s.kind = TempScheduleKind(kind);
    s.unit = ScheduleUnit::Iteration;
    s.tStart = 0.01;
    s.tEnd = 10;
    const TrainProgress p = layout(4, 25).atIteration(i);  // 100 steps
    QVERIFY2(std::abs(s.temperature(p) - expected) < 1e-9 * std::max(1.0, expected),
             qPrintable(QString("T=%1 expected %2").arg(s.temperature(p)).arg(expected)));
    QVERIFY(!s.hardPhase(p));
}

void TstTemperature::perEpochHoldsWithinEpoch() {
    TemperatureSchedule s;
    s.kind = TempScheduleKind::Exp;
    s.unit = ScheduleUnit::Epoch;
    s.tStart = 1;
    s.tEnd = 1000;
    const TrainProgress l = layout(4, 10);
    // epoch e (0-based) of E = 4: T = Ts (Te/Ts)^(e/3)
    for (int e = 0; e < 4; ++e) {
        const double expected = std::pow(1000.0, e / 3.0);
        for (int k : {0, 5, 9})
            QCOMPARE(s.temperature(l.atIteration(e * 10 + k)), expected);
    }
}

void TstTemperature::factorEdges_data() {
    QTest::addColumn<int>("epochs");
    QTest::addColumn<int>("epoch1");  // 1-based epoch number
    QTest::addColumn<double>("expected");
    QTest::addColumn<bool>("hard");
    // E = 10, start 0.2, end 0.6: Es = 2, Ee = 6; T0 = 1, f = 1.2.
    QTest::newRow("e1") << 10 << 1 << 1.0 << false;
    QTest::newRow("e2=Es") << 10 << 2 << 1.0 << false;
    QTest::newRow("e3") << 10 << 3 << 1.2 << false;
    QTest::newRow("e5") << 10 << 5 << std::pow(1.2, 3) << false;
    QTest::newRow("e6=Ee hard starts") << 10 << 6 << std::pow(1.2, 4) << true;
    QTest::newRow("e7 held") << 10 << 7 << std::pow(1.2, 4) << true;
    QTest::newRow("e10") << 10 << 10 << std::pow(1.2, 4) << true;
    // E = 7: Es = ⌊1.4⌋ = 1, Ee = ⌊4.2⌋ = 4.
    QTest::newRow("E7 e1") << 7 << 1 << 1.0 << false;
    QTest::newRow("E7 e2") << 7 << 2 << 1.2 << false;
    QTest::newRow("E7 e3") << 7 << 3 << 1.44 << false;
    QTest::newRow("E7 e4") << 7 << 4 << std::pow(1.2, 3) << true;
    QTest::newRow("E7 e7") << 7 << 7 << std::pow(1.2, 3) << true;
}

void TstTemperature::factorEdges() {
    QFETCH(int, epochs);
    QFETCH(int, epoch1);
    QFETCH(double, expected);
    QFETCH(bool, hard);
    TemperatureSchedule s;  // defaults: factor, per epoch, T0 1, f 1.2, 0.2 .. 0.6
    const TrainProgress l = layout(epochs, 5);
    const int es = s.factorStartEpoch(epochs), ee = s.factorEndEpoch(epochs);
    QCOMPARE(es, int(std::floor(epochs * 0.2)));
    QCOMPARE(ee, int(std::floor(epochs * 0.6)));
    for (int k = 0; k < 5; ++k) {
        const TrainProgress p = l.atIteration((epoch1 - 1) * 5 + k);
        QCOMPARE(p.epoch, epoch1 - 1);
        QVERIFY(std::abs(s.temperature(p) - expected) < 1e-12);
        QCOMPARE(s.hardPhase(p), hard);
    }
    QCOMPARE(s.hardPhaseStartEpoch(epochs), ee);
    s.factorHardPhase = false;
    QVERIFY(!s.hardPhase(l.atIteration((epoch1 - 1) * 5)));
}

void TstTemperature::factorPerIterationIsContinuous() {
    TemperatureSchedule s;
    s.unit = ScheduleUnit::Iteration;
    const TrainProgress l = layout(10, 4);  // Es = 2, Ee = 6
    // At each epoch start it equals the per-epoch value; in between it grows smoothly.
    TemperatureSchedule perEpoch;
    for (int e = 0; e < 10; ++e)
        QVERIFY(std::abs(s.temperature(l.atIteration(e * 4)) -
                         perEpoch.temperature(l.atIteration(e * 4))) < 1e-12);
    // Half-way through the 3rd epoch (e = 3.5): 1.2^1.5.
    QVERIFY(std::abs(s.temperature(l.atIteration(2 * 4 + 2)) - std::pow(1.2, 1.5)) < 1e-12);
    double prev = 0;
    for (int it = 0; it < 40; ++it) {
        const double t = s.temperature(l.atIteration(it));
        QVERIFY(t >= prev);
        prev = t;
    }
    QCOMPARE(s.hardPhase(l.atIteration(4 * 5 - 1)), false);
    QCOMPARE(s.hardPhase(l.atIteration(4 * 5)), true);  // first step of epoch 6
}

void TstTemperature::hardPhaseOfOtherSchedules() {
    TemperatureSchedule s;
    s.kind = TempScheduleKind::Exp;
    const TrainProgress l = layout(10, 3);
    QCOMPARE(s.hardPhaseStartEpoch(10), 0);
    QVERIFY(!s.hardPhase(l.atIteration(29)));
    s.hardFrom = 0.8;  // from epoch ⌊8⌋ = 8 (1-based)
    QCOMPARE(s.hardPhaseStartEpoch(10), 8);
    QVERIFY(!s.hardPhase(l.atIteration(6 * 3 + 2)));
    QVERIFY(s.hardPhase(l.atIteration(7 * 3)));
}

void TstTemperature::plannedCurveCoversRun() {
    TemperatureSchedule s;
    s.kind = TempScheduleKind::Exp;
    s.unit = ScheduleUnit::Iteration;
    s.tStart = 1;
    s.tEnd = 100;
    const auto curve = plannedTemperature(s, layout(5, 1000), 200);
    QVERIFY(curve.size() >= 200 && curve.size() <= 202);
    QCOMPARE(curve.front().epoch, 0.0);
    QCOMPARE(curve.front().value, 1.0);
    QCOMPARE(curve.back().epoch, 5.0);
    QVERIFY(std::abs(curve.back().value - 100.0) < 1e-9);
    s.unit = ScheduleUnit::Epoch;
    const auto stairs = plannedTemperature(s, layout(5, 1000));
    QCOMPARE(int(stairs.size()), 10);
    QCOMPARE(stairs[2].value, stairs[3].value);
}

void TstTemperature::validation() {
    TemperatureSchedule s;
    QVERIFY(s.validate().empty());
    s.factor = 0;
    QVERIFY(s.validate().find("factor") != std::string::npos);
    s = {};
    s.end = 0.1;
    QVERIFY(s.validate().find("end") != std::string::npos);
    s = {};
    s.kind = TempScheduleKind::Exp;
    s.tStart = 0;
    QVERIFY(s.validate().find("t_start") != std::string::npos);
    TempScheduleKind k;
    QVERIFY(parseTempScheduleKind("sin", &k) && k == TempScheduleKind::Sin);
    QVERIFY(!parseTempScheduleKind("cosine", &k));
}

QTEST_GUILESS_MAIN(TstTemperature)
#include "tst_temperature.moc"
