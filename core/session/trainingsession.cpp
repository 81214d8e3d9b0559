#include "session/trainingsession.h"

#include <pthread.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>
#include <thread>

#include "dist/distoptions.h"
#include "record/runstore.h"
#include "session/workerranks.h"
#include "train/recordedrun.h"
#include "train/trainer.h"

namespace slb {

/**
 * The session's observer of its trainer. Its callbacks run on the training thread: they copy the
 * event into the inbox under m_mutex and queue one drain to the GUI thread unless one is already
 * queued (m_posted). take() runs on the GUI thread.
 */
class TrainingSession::Inbox : public TrainObserver {
public:
    struct Batch {
        std::optional<RunStartedEvent> started;
        std::vector<StepEvent> steps;
        std::vector<EpochEvent> epochs;
        std::optional<SnapshotEvent> snapshot;
        std::int64_t coalescedSnapshots = 0;
        std::vector<LifecycleEvent> lifecycle;
    };

    explicit Inbox(TrainingSession* owner) : m_owner(owner) {}

    void onRunStarted(const RunStartedEvent& e) override {
        post([&] { m_batch.started = e; });
    }
    void onStep(const StepEvent& e) override {
        post([&] { m_batch.steps.push_back(e); });
    }
    void onEpoch(const EpochEvent& e) override {
        post([&] { m_batch.epochs.push_back(e); });
    }
    void onSnapshot(const SnapshotEvent& e) override {
        post([&] {
            // Latest wins: the GUI draws the newest state; the store keeps every snapshot.
            if (m_batch.snapshot)
                ++m_batch.coalescedSnapshots;
            m_batch.snapshot = e;
        });
    }
    void onLifecycle(const LifecycleEvent& e) override {
        post([&] { m_batch.lifecycle.push_back(e); });
    }

    /** GUI thread: everything received since the last take(). */
    Batch take() {
        m_posted.store(false, std::memory_order_release);
        Batch b;
        std::lock_guard<std::mutex> lock(m_mutex);
        std::swap(b, m_batch);
        return b;
    }

private:
    template <class Fill>
    void post(Fill fill) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            fill();
        }
        // By name, not with a functor: nothing allocated here is freed by the other thread.
        if (!m_posted.exchange(true, std::memory_order_acq_rel))
            QMetaObject::invokeMethod(m_owner, "drain", Qt::QueuedConnection);
    }

    TrainingSession* const m_owner;
    std::mutex m_mutex;  // guards m_batch
    Batch m_batch;
    std::atomic<bool> m_posted{false};  ///< a drain is queued and has not started taking yet
};

TrainingSession::TrainingSession(QObject* parent)
    : QObject(parent), m_inbox(std::make_unique<Inbox>(this)) {
    registerSessionTypes();
}

TrainingSession::~TrainingSession() {
    if (!m_thread.joinable())
        return;
    m_run->trainer->requestStop();
    m_thread.join();
    endWorkers();
    // No signals from a dying session: the run is recorded by its store, which closes here; the
    // finish the thread queued is dropped with this object's other posted events.
    m_run.reset();
}

QStringList TrainingSession::availableDevices() {
    QStringList list;
    for (const std::string& d : slb::availableDevices())
        list << QString::fromStdString(d);
    return list;
}

bool TrainingSession::start(const RunConfig& config, QString* error) {
    if (isActive()) {
        if (error)
            *error = tr("A run is already going: stop it first.");
        return false;
    }
    RunConfig c = config;
    if (m_processes > 1) {
        if (!canStartWorkers(error))
            return false;
        if (c.threads <= 0)
            c.threads = threadsPerProcess();  // the cores shared out, as slb-train --nproc does
    }
    auto run = std::make_unique<RecordedRun>();
    std::string why;
    if (!prepareNewRun(c, run.get(), &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    if (m_processes > 1 && !startWorkers(*run, c.threads, error))
        return false;
    m_config = c;
    m_config.out = run->runDir;
    launch(std::move(run));
    return true;
}

bool TrainingSession::resumeRun(const QString& runDir, QString* error) {
    if (isActive()) {
        if (error)
            *error = tr("A run is already going: stop it first.");
        return false;
    }
    ConfigChanges overrides;
    if (m_processes > 1) {
        if (!canStartWorkers(error))
            return false;
        overrides.emplace_back("threads", std::to_string(threadsPerProcess()));
    }
    auto run = std::make_unique<RecordedRun>();
    std::string why;
    if (!prepareResume(runDir.toStdString(), overrides, run.get(), &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    if (m_processes > 1 && !startWorkers(*run, threadsPerProcess(), error))
        return false;
    launch(std::move(run));
    return true;
}

bool TrainingSession::canStartWorkers(QString* error) const {
    if (!workerProgram().isEmpty())
        return true;
    if (error)
        *error = tr("Training with %1 processes needs slb-train beside the workbench or on PATH, "
                    "and there is none: install it, or train with 1 process.")
                     .arg(m_processes);
    return false;
}

void TrainingSession::setProcesses(int n) {
    m_processes = std::clamp(n, 1, 64);
}

QString TrainingSession::workerProgram() const {
    if (!m_workerProgram.isEmpty())
        return m_workerProgram;
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/slb-train");
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("slb-train"));
}

int TrainingSession::threadsPerProcess() const {
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, cores / m_processes);
}

bool TrainingSession::startWorkers(RecordedRun& run, int threads, QString* error) {
    DistOptions o;
    o.rank = 0;
    o.worldSize = m_processes;
    o.storeIsExternal = true;
    auto fail = [&](const QString& why) {
        // The run folder exists already: say in its history why it never trained.
        LifecycleEvent e;
        e.status = RunStatus::Failed;
        e.message = why.toStdString();
        run.store->onLifecycle(e);
        run.store->flush();
        if (error)
            *error = why;
        m_workers.reset();
        m_rendezvous.reset();
        return false;
    };
    try {
        m_rendezvous = std::make_unique<RendezvousServer>(o.timeout);
    } catch (const std::exception& e) {
        return fail(tr("Cannot serve the rendezvous of a data-parallel run: %1")
                        .arg(QString::fromStdString(e.what())));
    }
    o.master = m_rendezvous->address();
    m_workers = std::make_unique<WorkerRanks>();
    connect(m_workers.get(), &WorkerRanks::rankFailed, this, [this](const QString& why) {
        // Rank 0's next collective fails; its message then names the rank and why.
        if (m_rendezvous)
            m_rendezvous->announceFailure(why.toStdString());
    });
    WorkerRanks::Job job;
    job.program = workerProgram();
    job.runDir = QString::fromStdString(run.runDir);
    job.worldSize = m_processes;
    job.master = QString::fromStdString(o.master);
    job.threads = threads;
    job.timeoutSeconds = int(std::chrono::duration_cast<std::chrono::seconds>(o.timeout).count());
    QString why;
    if (!m_workers->start(job, &why))
        return fail(why);
    run.trainer->setDistributed(o);
    return true;
}

void TrainingSession::endWorkers() {
    if (m_workers) {
        // They end with rank 0 (after its last collective); a failed job's may hang or be
        // stopped: those are killed.
        m_workers->finish(5000);
        m_workers.reset();
    }
    m_rendezvous.reset();
}

void TrainingSession::launch(std::unique_ptr<RecordedRun> run) {
    m_run = std::move(run);
    m_runDir = QString::fromStdString(m_run->runDir);
    m_coalescedSnapshots = 0;
    m_inbox->take();  // nothing of an earlier run may leak into this one
    Trainer* trainer = m_run->trainer.get();
    trainer->addObserver(m_inbox.get());
    m_thread = std::thread([this, trainer] {
        pthread_setname_np(pthread_self(), "slb-trainer");
        m_result.store(int(trainer->run()));
        // By name, as the inbox queues its drains: the queued call is then built inside Qt, whose
        // hand-over to the GUI thread ThreadSanitizer cannot see (a functor's slot object,
        // allocated here in instrumented code, was reported as a race).
        QMetaObject::invokeMethod(this, "onThreadFinished", Qt::QueuedConnection);
    });
    setState(State::Running);
}

void TrainingSession::pause() {
    if (m_state != State::Running)
        return;
    m_run->trainer->pause();
    setState(State::Paused);
}

void TrainingSession::resume() {
    if (m_state != State::Paused)
        return;
    m_run->trainer->resume();
    setState(State::Running);
}

void TrainingSession::stop() {
    if (m_state != State::Running && m_state != State::Paused)
        return;
    m_run->trainer->requestStop();
    setState(State::Stopping);
}

bool TrainingSession::steer(const std::vector<std::pair<std::string, std::string>>& changes,
                            QString* error) {
    if (m_state != State::Paused) {
        if (error)
            *error = tr("Pause the run before changing its learning rate or temperature.");
        return false;
    }
    std::string why;
    if (!m_run->trainer->steer(changes, &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    for (const auto& [key, value] : changes)
        findConfigField(key)->set(m_config, value);
    return true;
}

void TrainingSession::setState(State s) {
    if (s == m_state)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void TrainingSession::drain() {
    Inbox::Batch b = m_inbox->take();
    if (b.started) {
        RunConfig c;
        std::string ignored;
        if (RunConfig::fromJson(b.started->configJson, &c, &ignored))
            m_config = c;
        Q_EMIT runStarted(*b.started);
    }
    if (!b.steps.empty())
        Q_EMIT stepsReady(b.steps);
    for (const EpochEvent& e : b.epochs)
        Q_EMIT epochFinished(e);
    m_coalescedSnapshots += b.coalescedSnapshots;
    if (b.snapshot)
        Q_EMIT snapshotReady(*b.snapshot);
    for (const LifecycleEvent& e : b.lifecycle)
        Q_EMIT lifecycleChanged(e);
}

void TrainingSession::onThreadFinished() {
    m_thread.join();
    endWorkers();
    drain();
    QString message = QString::fromStdString(m_run->trainer->summary().message);
    if (!m_run->store->flush() || m_run->store->failed())
        message +=
            tr(" (recording stopped: %1)").arg(QString::fromStdString(m_run->store->lastError()));
    const auto status = RunStatus(m_result.load());
    m_run.reset();
#if defined(__GLIBC__)
    // The run's model, optimizer and batches are freed now, but glibc keeps what the training
    // thread's arena held (and, once big blocks have been freed, serves the next run's tensors
    // from the heap instead of mmap), so a session of many runs grew by hundreds of MiB that
    // were free all along (bench_session: 403 -> 981 MiB in 18 short runs; flat with one arena).
    // Handing the free pages back after each run keeps the workbench's footprint that of one run.
    malloc_trim(0);
#endif
    setState(State::Idle);
    Q_EMIT finished(status, message);
}

}  // namespace slb
