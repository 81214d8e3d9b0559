#pragma once
// The other ranks of a data-parallel run that the workbench trains as rank 0: slb-train
// processes that join the run over its rendezvous, started, watched and ended here. QtCore only;
// torch-free.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <vector>

class QProcess;

namespace slb {

class WorkerRanks : public QObject {
    Q_OBJECT
public:
    /** What every rank is started with. */
    struct Job {
        QString program;  ///< slb-train
        QString runDir;   ///< the run rank 0 records: its config and last checkpoint
        int worldSize = 2;
        QString master;  ///< "127.0.0.1:PORT" of the rendezvous
        int threads = 1;
        int timeoutSeconds = 120;
    };

    explicit WorkerRanks(QObject* parent = nullptr);
    /** Ends the ranks still running (SIGKILL). */
    ~WorkerRanks() override;

    /**
     * Starts ranks 1 … worldSize-1 as `program resume RUN_DIR --rank R …`. False and *error
     * (naming the program) when one cannot be started; those already started are ended again.
     */
    bool start(const Job& job, QString* error);
    /** Waits up to `waitMs` for the ranks to end by themselves, then kills the others. */
    void finish(int waitMs);
    /** How many ranks are still running. */
    int running() const;

Q_SIGNALS:
    /** A rank ended with a failure before finish() (`why` names it and says what it said). */
    void rankFailed(const QString& why);

private:
    struct Rank {
        int rank = 0;
        QProcess* process = nullptr;
        qint64 pid = 0;
        QByteArray stderrTail;  ///< the last lines it wrote to stderr
    };
    void onFinished(Rank& r, int exitCode, bool crashed);
    std::vector<Rank> m_ranks;
    bool m_finishing = false;
};

}  // namespace slb
