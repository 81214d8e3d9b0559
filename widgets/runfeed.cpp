#include "runfeed.h"

#include "record/runlock.h"
#include "record/runreader.h"
#include "runmodel.h"

namespace slb {

namespace {

bool isOpenStatus(RunStatus s) {
    return s == RunStatus::Started || s == RunStatus::Resumed || s == RunStatus::Paused;
}

}  // namespace

RunStatus probedRunStatus(RunStatus recorded, const QString& runDir) {
    if (!isOpenStatus(recorded) && recorded != RunStatus::Interrupted)
        return recorded;
    return runWriterAlive(runDir.toStdString()) ? RunStatus::Started : RunStatus::Interrupted;
}

RunFeed::RunFeed(RunModel* model, QObject* parent) : QObject(parent), m_model(model) {
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &RunFeed::poll);
}

RunFeed::~RunFeed() = default;

bool RunFeed::open(const QString& runDir, QString* error) {
    std::string why;
    auto reader = RunReader::open(runDir.toStdString(), &why);
    // Every page is read once, so that a damaged file is refused here, with its path and the
    // fix, rather than shown in part as if it were the whole run.
    if (reader && !reader->checkIntegrity(&why))
        reader.reset();
    // Everything recorded so far, in the order a live session would have delivered it, read
    // before the model is touched: a run that fails half-way leaves the model as it was.
    RunPollResult all;
    if (reader &&
        !reader->forEachSnapshot([&](const SnapshotEvent& s) { all.snapshots.push_back(s); }, &why))
        reader.reset();
    if (!reader) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    close();
    m_reader = std::move(reader);
    m_runDir = QString::fromStdString(m_reader->runDir());
    m_rows = 0;
    m_model->clear();
    all.runStarts = m_reader->runStarts();
    all.steps = m_reader->steps();
    all.epochs = m_reader->epochs();
    all.lifecycle = m_reader->lifecycle();
    take(all);
    m_status = RunStatus::Started;
    updateStatus();
    if (m_status == RunStatus::Started)
        m_timer.start();
    return true;
}

void RunFeed::close() {
    m_timer.stop();
    m_reader.reset();
    m_runDir.clear();
}

void RunFeed::take(RunPollResult& r) {
    // The newest run start carries the layer list and length the panels draw with; a resumed
    // run lists the same layers, so the histories carry on.
    if (!r.runStarts.empty())
        m_model->setRunInfo(r.runStarts.back());
    if (!m_model->hasRun())
        return;  // the writer records its run start before any other row
    m_model->appendSteps(r.steps);
    for (const auto& e : r.epochs)
        m_model->appendEpoch(e);
    for (const auto& s : r.snapshots)
        m_model->appendSnapshot(s);
    for (const auto& l : r.lifecycle)
        m_model->appendLifecycle(l);
    m_rows +=
        std::int64_t(r.steps.size() + r.epochs.size() + r.snapshots.size() + r.lifecycle.size());
}

void RunFeed::poll() {
    if (!m_reader)
        return;
    RunPollResult r = m_reader->poll();
    if (!r.error.empty()) {
        Q_EMIT readFailed(QString::fromStdString(r.error));
        return;
    }
    take(r);
    updateStatus();
}

void RunFeed::updateStatus() {
    RunStatus s = probedRunStatus(m_reader->status(), m_runDir);
    if (s == RunStatus::Interrupted && isOpenStatus(m_reader->status())) {
        // The writer may have recorded its last rows (and how it ended) after the poll and
        // then let go of the lock: read once more before calling the run interrupted.
        RunPollResult last = m_reader->poll();
        if (last.error.empty())
            take(last);
        s = probedRunStatus(m_reader->status(), m_runDir);
    }
    if (s != RunStatus::Started)
        m_timer.stop();
    if (s == m_status)
        return;
    m_status = s;
    Q_EMIT statusChanged(s);
}

}  // namespace slb
