#include "session/workerranks.h"

#include <sys/prctl.h>
#include <QDeadlineTimer>
#include <QProcess>
#include <algorithm>
#include <csignal>

namespace slb {

namespace {

/** The last non-empty line of what a rank wrote to stderr, without "slb-train: ". */
QString lastLine(const QByteArray& text) {
    const QList<QByteArray> lines = text.split('\n');
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        QString line = QString::fromLocal8Bit(*it).trimmed();
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("slb-train: ")))
            line = line.mid(11);
        return line;
    }
    return {};
}

}  // namespace

WorkerRanks::WorkerRanks(QObject* parent) : QObject(parent) {}

WorkerRanks::~WorkerRanks() {
    m_finishing = true;
    for (Rank& r : m_ranks) {
        if (r.process->state() != QProcess::NotRunning) {
            r.process->kill();
            r.process->waitForFinished(2000);
        }
    }
}

bool WorkerRanks::start(const Job& job, QString* error) {
    m_ranks.reserve(std::size_t(job.worldSize));
    for (int rank = 1; rank < job.worldSize; ++rank) {
        auto* p = new QProcess(this);
        p->setProgram(job.program);
        p->setArguments({QStringLiteral("resume"), job.runDir, QStringLiteral("--rank"),
                         QString::number(rank), QStringLiteral("--world-size"),
                         QString::number(job.worldSize), QStringLiteral("--master"), job.master,
                         QStringLiteral("--store-external"), QStringLiteral("--threads"),
                         QString::number(job.threads), QStringLiteral("--dist-timeout"),
                         QString::number(job.timeoutSeconds), QStringLiteral("--quiet")});
        p->setStandardOutputFile(QProcess::nullDevice());
        // A rank must not outlive the workbench that trains rank 0 (a crash, a kill -9).
        p->setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_ranks.push_back(Rank{rank, p, {}});
        const std::size_t index = m_ranks.size() - 1;
        connect(p, &QProcess::readyReadStandardError, this, [this, index] {
            Rank& r = m_ranks[index];
            r.stderrTail += r.process->readAllStandardError();
            if (r.stderrTail.size() > 4096)
                r.stderrTail = r.stderrTail.right(4096);
        });
        connect(p, &QProcess::finished, this, [this, index](int code, QProcess::ExitStatus st) {
            onFinished(m_ranks[index], code, st == QProcess::CrashExit);
        });
        p->start();
        if (!p->waitForStarted(10000)) {
            if (error)
                *error = tr("Cannot start rank %1 of the data-parallel run (%2): %3")
                             .arg(rank)
                             .arg(job.program, p->errorString());
            finish(0);
            return false;
        }
        m_ranks.back().pid = p->processId();
    }
    return true;
}

void WorkerRanks::onFinished(Rank& r, int exitCode, bool crashed) {
    r.stderrTail += r.process->readAllStandardError();
    // 0: finished or stopped with the run; 4: diverged with it (rank 0 reports both).
    if (m_finishing || (!crashed && (exitCode == 0 || exitCode == 4)))
        return;
    // English, like every engine message: it goes into the run's recorded history.
    QString why = crashed ? QStringLiteral("rank %1 (pid %2) was killed").arg(r.rank).arg(r.pid)
                          : QStringLiteral("rank %1 (pid %2) exited with status %3")
                                .arg(r.rank)
                                .arg(r.pid)
                                .arg(exitCode);
    if (const QString said = lastLine(r.stderrTail); !said.isEmpty())
        why += QStringLiteral(" (") + said + QStringLiteral(")");
    Q_EMIT rankFailed(why);
}

void WorkerRanks::finish(int waitMs) {
    m_finishing = true;
    const QDeadlineTimer deadline(waitMs);
    for (Rank& r : m_ranks)
        if (r.process->state() != QProcess::NotRunning)
            r.process->waitForFinished(int(std::max<qint64>(0, deadline.remainingTime())));
    for (Rank& r : m_ranks) {
        if (r.process->state() != QProcess::NotRunning) {
            r.process->kill();  // also ends a stopped (SIGSTOP) process
            r.process->waitForFinished(2000);
        }
    }
}

int WorkerRanks::running() const {
    int n = 0;
    for (const Rank& r : m_ranks)
        n += r.process->state() != QProcess::NotRunning ? 1 : 0;
    return n;
}

}  // namespace slb
