// A disk that fills up during a run. The limit is RLIMIT_FSIZE, set in this process (no
// privileges, no tmpfs needed) with SIGXFSZ ignored, so a write past it fails with EFBIG as a
// write to a full disk fails with ENOSPC. LibTorch's own file writer used to throw from a
// destructor there and end the process; the run must instead stop with a message naming the
// file, keep what it recorded and its last checkpoint, and resume once space is back.
#include <QtTest/QtTest>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include <torch/torch.h>

#include "models/modelio.h"
#include "record/runreader.h"
#include "record/runstore.h"
#include "train/recordedrun.h"
#include "train/trainer.h"
#include "trainerfixture.h"

using namespace slb;
using namespace slb::test;
namespace fs = std::filesystem;

namespace {

/// Lowers the soft file-size limit of this process until destroyed; SIGXFSZ is ignored meanwhile
/// so that a write past the limit fails (EFBIG) instead of killing the process.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    ~FileSizeLimit() { lift(); }
    void lift() {
        if (m_lifted)
            return;
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_oldHandler);
        m_lifted = true;
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    void (*m_oldHandler)(int) = SIG_DFL;
    bool m_ok = false;
    bool m_lifted = false;
};

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

class TstDiskFull : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void failedArchiveWriteIsAnErrorNotACrash();
    void runStopsKeepsItsRecordAndResumes();
};

void TstDiskFull::failedArchiveWriteIsAnErrorNotACrash() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("big.pt").toStdString();
    torch::serialize::OutputArchive a;
    a.write("w", torch::ones({1 << 20}));  // 4 MiB
    FileSizeLimit limit(1 << 20);
    QVERIFY(limit.ok());
    try {
        saveArchive(a, path);
        QFAIL("a 4 MiB archive was written under a 1 MiB limit");
    } catch (const std::runtime_error& e) {
        QVERIFY2(contains(e.what(), path + ": cannot be written: File too large"), e.what());
        QVERIFY2(contains(e.what(), "the disk is full"), e.what());
    }
    QVERIFY(!fs::exists(path));  // no half file left to take the space that is left
    limit.lift();
    saveArchive(a, path);  // space is back
    QVERIFY(fs::file_size(path) > (4u << 20));
}

void TstDiskFull::runStopsKeepsItsRecordAndResumes() {
    QTemporaryDir dir;
    RunConfig c = quickConfig();
    c.epochs = 3;
    c.out = dir.filePath("run").toStdString();
    std::string error;
    RecordedRun run;
    QVERIFY2(prepareNewRun(c, &run, &error), error.c_str());
    const fs::path last = fs::path(run.runDir) / "checkpoints" / "last.pt";
    std::int64_t perEpoch = 0;
    std::unique_ptr<FileSizeLimit> limit;
    Recorder rec;
    rec.onStepHook = [&](const StepEvent& e) {
        // In the second epoch, once epoch 1's checkpoint is on disk, the disk "fills up": no
        // file may grow to a checkpoint's size, which run.sqlite and its WAL normally stay
        // below (when they do not, recording stops first; the promises below hold either way).
        if (!limit && e.epoch == 1 && fs::exists(last))
            limit = std::make_unique<FileSizeLimit>(rlim_t(fs::file_size(last) - 1));
        if (e.epoch == 0)
            perEpoch = e.step + 1;
    };
    run.trainer->addObserver(&rec);
    QCOMPARE(run.trainer->run(), RunStatus::Failed);
    QVERIFY(limit && limit->ok());
    const std::string message = run.trainer->summary().message;
    QVERIFY2(contains(message, (last.string() + ".tmp: cannot be written: File too large")),
             message.c_str());
    const bool recordedToTheEnd = run.store->flush();
    const std::string storeError = run.store->lastError();
    run = RecordedRun();
    limit->lift();

    // What was recorded is readable and says why the run stopped; the last checkpoint loads.
    QVERIFY(!fs::exists(last.string() + ".tmp"));
    int epoch = 0;
    std::int64_t steps = 0;
    QVERIFY2(Trainer::checkpointPosition(last.string(), &epoch, &steps, &error), error.c_str());
    QCOMPARE(steps, perEpoch);
    {
        auto reader = RunReader::open(c.out, &error);
        QVERIFY2(reader, error.c_str());
        const auto& recorded = reader->steps();
        for (std::size_t i = 0; i < recorded.size(); ++i)
            QCOMPARE(recorded[i].step, std::int64_t(i));  // a prefix of the run, no holes
        if (recordedToTheEnd) {
            QCOMPARE(reader->status(), RunStatus::Failed);
            QVERIFY(contains(reader->lifecycle().back().message, "cannot be written"));
            QCOMPARE(std::int64_t(recorded.size()), 2 * perEpoch);
            QCOMPARE(int(reader->epochs().size()), 2);
        } else {
            // The store hit the limit first and said so; its rows up to then are intact.
            QVERIFY2(contains(storeError, "run.sqlite"), storeError.c_str());
            QVERIFY(std::int64_t(recorded.size()) >= perEpoch);
        }
    }

    // Space is back: slb-train resume's path finishes the run with every step recorded once.
    RecordedRun again;
    QVERIFY2(prepareResume(c.out, {}, &again, &error), error.c_str());
    QCOMPARE(again.trainer->run(), RunStatus::Finished);
    QVERIFY(again.store->flush());
    again = RecordedRun();
    auto reader = RunReader::open(c.out, &error);
    QVERIFY2(reader, error.c_str());
    QCOMPARE(reader->status(), RunStatus::Finished);
    const auto& recorded = reader->steps();
    QCOMPARE(std::int64_t(recorded.size()), 3 * perEpoch);
    for (std::size_t i = 0; i < recorded.size(); ++i)
        QCOMPARE(recorded[i].step, std::int64_t(i));
}

QTEST_GUILESS_MAIN(TstDiskFull)
#include "tst_diskfull.moc"
