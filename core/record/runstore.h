#pragma once
// RunStore: the writer of a run folder. Every run, from the CLI or the GUI, records through one
// RunStore: config, run info, every step and epoch, every layer snapshot and the lifecycle go to
// <run>/run.sqlite (SQLite, WAL mode) without ever making the training thread wait for a disk.
// Torch-free. The schema is described in runschema.cpp; RunReader reads it back.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "base/events.h"

namespace slb {

class RunLock;
class SqliteDb;

/** Where a run's recorded series end, as found when the store was opened. -1: nothing yet. */
struct ResumePoint {
    std::int64_t lastStep = -1;       ///< greatest recorded step
    int lastStepEpoch = -1;           ///< the epoch of that step
    int lastEpoch = -1;               ///< greatest recorded (completed) epoch
    std::int64_t lastEpochStep = -1;  ///< global steps done at the end of that epoch
    std::int64_t lastSnapshotStep = -1;
};

/**
 * Records one run into <runDir>/run.sqlite.
 *
 * Threads: the TrainObserver callbacks are called on the training thread (one thread, in
 * order); they copy the event into a queue and return. One writer thread, owned by the store,
 * drains the queue and commits it in batched transactions: everything pending, at the latest
 * kMaxLatencyMs after the first pending event, at once when kBatchItems pile up, and at once for
 * run starts, lifecycle events, flush() and truncateAfter(). flush(), truncateAfter(),
 * lastError() and failed() may be called from any thread. create/open and the destructor
 * belong to the owner, who must have stopped the training thread's calls before destroying.
 *
 * Two processes never write one run: the store holds flock(<runDir>/run.lock) for its lifetime.
 * A write failure (disk full, I/O error) stops recording, never the trainer: the writer keeps
 * the rows already committed, records the reason in lastError() and drops later events.
 */
class RunStore : public TrainObserver {
public:
    /** A batch is committed at the latest this long after its first event arrived. */
    static constexpr int kMaxLatencyMs = 100;
    /** A batch is committed at once when this many events are pending. */
    static constexpr std::size_t kBatchItems = 2048;

    /**
     * Starts a new run in runDir (created if missing; its parent must exist). Refuses a folder
     * that already holds a run. Null and *error with the path and the fix on failure.
     */
    static std::unique_ptr<RunStore> create(const std::string& runDir,
                                            const std::string& configJson, std::string* error);
    /** Opens an existing run of ours to append to it (resume). Null and *error on failure. */
    static std::unique_ptr<RunStore> open(const std::string& runDir, std::string* error);

    /** Commits everything queued, stops the writer thread and releases the lock. Owner thread. */
    ~RunStore() override;
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    /** Queues the run info (also its layers); committed at once. Training thread. */
    void onRunStarted(const RunStartedEvent& e) override;
    /** Queues one step. Training thread; never blocks on I/O. */
    void onStep(const StepEvent& e) override;
    /** Queues one epoch. Training thread; never blocks on I/O. */
    void onEpoch(const EpochEvent& e) override;
    /** Queues every layer's snapshot at one step. Training thread; never blocks on I/O. */
    void onSnapshot(const SnapshotEvent& e) override;
    /** Queues a lifecycle event (wallTime 0 means now); committed at once. Training thread. */
    void onLifecycle(const LifecycleEvent& e) override;
    /**
     * Waits until everything queued is committed (flush()): the rows before a checkpoint must
     * not be lost with a process killed after it. Training thread, once per epoch.
     */
    void onCheckpoint(std::int64_t steps) override;

    /** Blocks until everything queued before the call is committed; false if recording failed. */
    bool flush();
    /**
     * Deletes recorded steps, epochs and snapshots with step > `step` (lifecycle events stay:
     * they are the run's history) and marks the cut for followers; blocks until committed.
     * For resume: a killed run may have recorded steps after its last checkpoint. Any thread.
     */
    bool truncateAfter(std::int64_t step);

    /** Where the recorded series ended when the store was opened (all -1 for create()). */
    ResumePoint resumePoint() const { return m_resume; }
    /** True once a write failed; recording has then stopped. Any thread. */
    bool failed() const { return m_failed.load(std::memory_order_acquire); }
    /** Why recording stopped, with the path; empty while all is well. Any thread. */
    std::string lastError() const;
    /** The run folder. */
    const std::string& runDir() const { return m_runDir; }
    /** <runDir>/run.sqlite. */
    std::string databasePath() const;

private:
    struct Truncate {
        std::int64_t step = 0;
    };
    // The rare, large run info goes by pointer so that every queued step stays small.
    using Item = std::variant<StepEvent, EpochEvent, SnapshotEvent, LifecycleEvent,
                              std::unique_ptr<RunStartedEvent>, Truncate>;
    struct Statements;

    RunStore(std::string runDir, std::unique_ptr<RunLock> lock, std::unique_ptr<SqliteDb> db);
    static std::unique_ptr<RunStore> start(std::string runDir, std::unique_ptr<RunLock> lock,
                                           std::unique_ptr<SqliteDb> db, const char* mode,
                                           std::string* error);
    void enqueue(Item&& item, bool urgent);
    void writerLoop();
    // Writer thread only (or the owner before the thread starts):
    bool prepareStatements(std::string* error);
    bool writeBatch(const std::vector<Item>& items, std::string* error);
    bool writeItem(const Item& item);
    std::int64_t layerId(const std::string& name, const std::string& kind);
    void setFailed(const std::string& message);

    const std::string m_runDir;
    std::unique_ptr<RunLock> m_lock;
    ResumePoint m_resume;

    // Touched only by the writer thread once it runs (by the owner before it starts).
    std::unique_ptr<SqliteDb> m_db;
    std::unique_ptr<Statements> m_stmts;
    std::unordered_map<std::string, std::int64_t> m_layerIds;
    std::int64_t m_committedStep = -1;  ///< greatest step committed, for the failure message

    // m_mutex protects m_pending, m_enqueued, m_processed, m_urgent, m_stop and m_error; it is
    // held only to push one event or to swap the pending vector, never during I/O.
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;  ///< writer waits: events, urgency or stop
    std::condition_variable m_done;  ///< flush() waits: m_processed advanced
    std::vector<Item> m_pending;
    std::uint64_t m_enqueued = 0;   ///< events queued so far
    std::uint64_t m_processed = 0;  ///< events committed (or dropped after a failure)
    bool m_urgent = false;          ///< commit what is pending without waiting for a batch
    bool m_stop = false;            ///< destructor: drain and exit
    std::string m_error;
    /// Read lock-free by the callbacks so that a failed store costs the trainer nothing.
    std::atomic<bool> m_failed{false};

    std::thread m_thread;  ///< the writer; last member, started last
};

}  // namespace slb
