#pragma once
// What the TrainingSession tests share: a quick synthetic run and a collector of what a session
// delivers, as a panel model would see it.
#include <QObject>
#include <QSignalSpy>
#include <QString>
#include <vector>

#include "session/trainingsession.h"

namespace slbtest {

/** cnn on the synthetic set (1×16×16, 2048 training images): 32 steps of 64 per epoch. */
inline slb::RunConfig quickConfig(const QString& out, int epochs = 2, unsigned seed = 3) {
    using namespace slb;
    RunConfig c;
    c.dataset = "synthetic";
    c.model = "cnn";
    c.method = Method::Slb;
    c.wbits = 2;
    c.epochs = epochs;
    c.batchSize = 64;
    c.threads = 1;
    c.device = "cpu";
    c.seed = seed;
    c.snapshotEvery = 8;
    c.temperature.kind = TempScheduleKind::Exp;
    c.temperature.unit = ScheduleUnit::Iteration;
    c.temperature.tStart = 1;
    c.temperature.tEnd = 1000;
    c.out = out.toStdString();
    return c;
}

/** Collects what a session delivers, as a panel model would. */
struct Collector {
    explicit Collector(slb::TrainingSession& s) {
        using namespace slb;
        QObject::connect(&s, &TrainingSession::stepsReady, [this](const std::vector<StepEvent>& v) {
            steps.insert(steps.end(), v.begin(), v.end());
        });
        QObject::connect(&s, &TrainingSession::epochFinished,
                         [this](const EpochEvent& e) { epochs.push_back(e); });
        QObject::connect(&s, &TrainingSession::snapshotReady,
                         [this](const SnapshotEvent& e) { snapshots.push_back(e); });
        QObject::connect(&s, &TrainingSession::lifecycleChanged,
                         [this](const LifecycleEvent& e) { lifecycle.push_back(e); });
        QObject::connect(&s, &TrainingSession::runStarted,
                         [this](const RunStartedEvent& e) { starts.push_back(e); });
    }
    bool saw(slb::RunStatus s) const {
        for (const auto& e : lifecycle)
            if (e.status == s)
                return true;
        return false;
    }
    std::int64_t lastStep() const { return steps.empty() ? -1 : steps.back().step; }

    std::vector<slb::RunStartedEvent> starts;
    std::vector<slb::StepEvent> steps;
    std::vector<slb::EpochEvent> epochs;
    std::vector<slb::SnapshotEvent> snapshots;
    std::vector<slb::LifecycleEvent> lifecycle;
};

/** The status and the message of the last finished() a spy caught. */
inline slb::RunStatus finishedStatus(const QSignalSpy& spy) {
    return spy.last().at(0).value<slb::RunStatus>();
}
inline QString finishedMessage(const QSignalSpy& spy) {
    return spy.last().at(1).toString();
}

}  // namespace slbtest
