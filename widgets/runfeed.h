#pragma once
// RunFeed: feeds a RunModel from a run folder instead of a live session, so that every panel
// replays a recorded run exactly as it drew it live. A run another process is still writing
// (slb-train in a terminal, a run on a shared disk) is followed: RunReader::poll() takes in what
// was written since, every kPollMs, and the panels grow with it; when the writer is gone without
// an end the feed says the run was interrupted. GUI thread only; torch-free.

#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>

#include "base/events.h"

namespace slb {

class RunModel;
class RunReader;
struct RunPollResult;

class RunFeed : public QObject {
    Q_OBJECT
public:
    static constexpr int kPollMs = 500;

    explicit RunFeed(RunModel* model, QObject* parent = nullptr);
    ~RunFeed() override;

    /**
     * Opens the run in `runDir` and puts everything it has recorded into the model (which is
     * cleared first). Follows it when a writer is still recording. False and *error (naming the
     * file and the fix) when it cannot be read: not a run, a newer schema, a damaged (truncated
     * or corrupt) file; the model is then left as it was. Never writes to the run; a run on a
     * read-only disk is replayed as it is.
     */
    bool open(const QString& runDir, QString* error);
    /** Stops feeding; the model keeps what it has. */
    void close();

    bool isOpen() const { return m_reader != nullptr; }
    QString runDir() const { return m_runDir; }
    /** True while the run's writer is alive and the feed polls it. */
    bool following() const { return m_timer.isActive(); }
    /** The run's status as slb-train inspect gives it (Interrupted once its writer is gone). */
    RunStatus status() const { return m_status; }
    /** Rows taken in since open(): steps, epochs, snapshots, lifecycle events. */
    std::int64_t rowsTaken() const { return m_rows; }

Q_SIGNALS:
    /** The run's status changed (a followed run finished, stopped or was interrupted). */
    void statusChanged(RunStatus status);
    /** Polling failed (the file is unreadable now); the message names the file. */
    void readFailed(const QString& message);

private:
    void poll();
    void take(RunPollResult& r);
    void updateStatus();

    RunModel* m_model;
    std::unique_ptr<RunReader> m_reader;
    QString m_runDir;
    QTimer m_timer;
    RunStatus m_status = RunStatus::Started;
    std::int64_t m_rows = 0;
};

/**
 * A run's status as slb-train inspect says it: a run whose last recorded status leaves it open
 * (started, resumed, paused) is Started ("running") while its writer lives and Interrupted when
 * the writer is gone.
 */
RunStatus probedRunStatus(RunStatus recorded, const QString& runDir);

}  // namespace slb
