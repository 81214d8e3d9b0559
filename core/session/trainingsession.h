#pragma once
// TrainingSession: runs one recorded training run at a time on a worker thread and turns the
// trainer's events into Qt signals for a GUI. QtCore only; torch-free header.
//
// Threads. Every public method belongs to the thread the session lives in (the GUI thread) and may
// be called at any moment, in any order, any number of times. The worker thread runs
// Trainer::run(); control reaches it through the trainer's atomics and condition variable, never
// through queued slots (a training loop does not spin its thread's event loop).
//
// Back-pressure. The trainer never waits for the GUI. Its events are copied into one inbox
// (m_inbox, guarded by m_inboxMutex) and at most one drain is queued to the GUI thread at a time:
// steps are batched, epochs and lifecycle events are kept in order, and of the layer snapshots
// only the latest not yet delivered is kept (the run store records every one of them). So what the
// GUI has not drawn yet is coalesced, never queued without bound.

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "base/config.h"
#include "base/events.h"
#include "session/sessiontypes.h"

namespace slb {

struct RecordedRun;

class RendezvousServer;
class WorkerRanks;

class TrainingSession : public QObject {
    Q_OBJECT
public:
    /** What the session is doing, as the GUI's controls see it. */
    enum class State { Idle, Running, Paused, Stopping };
    Q_ENUM(State)

    explicit TrainingSession(QObject* parent = nullptr);
    /** Stops a run in progress (it keeps a checkpoint and stays resumable) and waits for it. */
    ~TrainingSession() override;

    /**
     * Starts a new run of `config`, recorded into config.out (runs/<time>-… when empty). False
     * and *error when a run is already going or the run folder cannot be made.
     */
    bool start(const RunConfig& config, QString* error = nullptr);
    /** Continues a stopped or interrupted run folder from its last checkpoint (slb-train resume).
     */
    bool resumeRun(const QString& runDir, QString* error = nullptr);
    /**
     * Local data-parallel training: how many processes the next start() or resumeRun() trains
     * with (1, the default: this process alone). Rank 0 trains on this session's thread and
     * records the run as always; ranks 1 … n-1 are slb-train processes (workerProgram()) that
     * join it over a loopback rendezvous. Pause, steering and stop act on every rank; a rank that
     * ends early fails the run with a message naming it. Clamped to 1 … 64.
     */
    void setProcesses(int n);
    int processes() const { return m_processes; }
    /** The slb-train the other ranks run; by default the one beside this program, else PATH's. */
    void setWorkerProgram(const QString& path) { m_workerProgram = path; }
    QString workerProgram() const;

    /** Holds training before the next batch; no-op unless running. */
    void pause();
    /** Continues after pause(); no-op unless paused. */
    void resume();
    /** Ends the run before the next batch; a checkpoint is kept. No-op when idle. */
    void stop();
    /**
     * While paused: changes the learning rate / temperature fields from the next step on (see
     * Trainer::steer). False and *error ("key: reason") when refused.
     */
    bool steer(const std::vector<std::pair<std::string, std::string>>& changes,
               QString* error = nullptr);

    State state() const { return m_state; }
    /** True from start() until finished() has been emitted. */
    bool isActive() const { return m_state != State::Idle; }
    /** The run folder of the current (or last) run. */
    QString runDir() const { return m_runDir; }
    /** The config of the current (or last) run, as steered so far. */
    const RunConfig& config() const { return m_config; }
    /** Snapshots the GUI never saw because a newer one replaced them (they are in the store). */
    std::int64_t coalescedSnapshots() const { return m_coalescedSnapshots; }

    /** Devices this build can train on here: "cpu", and "cuda:N" for every GPU it sees. */
    static QStringList availableDevices();

Q_SIGNALS:
    /** The run is about to train (or continue): model, layers, data sizes, the full config. */
    void runStarted(const slb::RunStartedEvent& info);
    /** Steps since the last delivery, in order. */
    void stepsReady(const std::vector<slb::StepEvent>& steps);
    void epochFinished(const slb::EpochEvent& epoch);
    /** The latest layer snapshot. */
    void snapshotReady(const slb::SnapshotEvent& snapshot);
    void lifecycleChanged(const slb::LifecycleEvent& event);
    void stateChanged(slb::TrainingSession::State state);
    /** The worker thread has ended and the run is recorded; the session is idle again. */
    void finished(slb::RunStatus status, const QString& message);

private:
    class Inbox;
    void launch(std::unique_ptr<RecordedRun> run);
    /** False and *error when the other ranks' program cannot be found. */
    bool canStartWorkers(QString* error) const;
    /** Threads per process when `m_processes` share this machine's cores. */
    int threadsPerProcess() const;
    /** Serves the rendezvous of `run`, starts ranks 1 … n-1 and makes its trainer rank 0; false
     *  and *error (also recorded into the run) when they cannot be started. */
    bool startWorkers(RecordedRun& run, int threads, QString* error);
    /** Waits briefly for the other ranks to end with rank 0, then ends those still going. */
    void endWorkers();
    void setState(State s);
    /** GUI thread: delivers what the inbox holds. */
    Q_INVOKABLE void drain();
    /** GUI thread, queued by the training thread as its last act: joins it, reports the end. */
    Q_INVOKABLE void onThreadFinished();

    std::unique_ptr<Inbox> m_inbox;
    std::unique_ptr<RecordedRun> m_run;
    /// The training thread. A std::thread, joined before anything it touched is freed, so that
    /// ThreadSanitizer sees the hand-over (QThread::wait() synchronises through Qt's own futexes,
    /// which it cannot see).
    std::thread m_thread;
    std::atomic<int> m_result{int(RunStatus::Failed)};
    State m_state = State::Idle;
    QString m_runDir;
    RunConfig m_config;
    std::int64_t m_coalescedSnapshots = 0;
    int m_processes = 1;
    QString m_workerProgram;
    std::unique_ptr<RendezvousServer> m_rendezvous;  ///< the job's store, while ranks run
    std::unique_ptr<WorkerRanks> m_workers;
};

}  // namespace slb
