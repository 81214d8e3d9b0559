// slb-train's commands. Training runs on the main thread; Ctrl-C asks the trainer to stop at the
// next batch (a checkpoint is kept), a second Ctrl-C exits at once.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "progress.h"
#include "record/runreader.h"
#include "record/runstore.h"
#include "train/recordedrun.h"
#include "train/trainer.h"

namespace slb::cli {

namespace {

std::atomic<int> g_interrupts{0};

void onSigint(int) {
    if (g_interrupts.fetch_add(1) >= 1)
        std::_Exit(130);
}

/// Turns a Ctrl-C into a stop request, from the training thread (safe to lock there).
class InterruptWatch : public TrainObserver {
public:
    explicit InterruptWatch(Trainer& t) : m_trainer(t) {}
    void onStep(const StepEvent&) override {
        if (g_interrupts.load() > 0 && !m_asked) {
            m_asked = true;
            m_trainer.requestStop();
        }
    }

private:
    Trainer& m_trainer;
    bool m_asked = false;
};

bool writeSummary(const std::string& path, const TrainSummary& s) {
    nlohmann::ordered_json j;
    auto num = [](double v) {
        return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
    };
    j["status"] = toString(s.status);
    j["test_acc_soft"] = num(s.testAccSoft);
    j["test_acc_hard"] = num(s.testAccHard);
    j["test_top5_soft"] = num(s.testTop5Soft);
    j["test_top5_hard"] = num(s.testTop5Hard);
    j["train_loss"] = num(s.trainLoss);
    j["images_per_s"] = num(s.imagesPerSec);
    j["epochs"] = s.epochs;
    j["steps"] = s.steps;
    j["seconds"] = num(s.seconds);
    j["device"] = s.device;
    j["message"] = s.message;
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    return bool(out);
}

int exitCode(RunStatus s) {
    switch (s) {
        case RunStatus::Finished:
        case RunStatus::Stopped:
            return 0;
        case RunStatus::Diverged:
            return 4;
        default:
            return 1;
    }
}

/// Trains with `trainer` recording into `store`; prints, writes the summary, returns the exit code.
int runTraining(Invocation& inv, Trainer& trainer, RunStore& store, const std::string& runDir) {
    ProgressPrinter printer(stdout, isatty(fileno(stdout)) != 0, inv.quiet);
    InterruptWatch watch(trainer);
    trainer.addObserver(&printer);
    trainer.addObserver(&watch);
    std::signal(SIGINT, onSigint);
    const RunStatus status = trainer.run();
    std::signal(SIGINT, SIG_DFL);
    store.flush();
    const TrainSummary s = trainer.summary();
    if (status == RunStatus::Failed || status == RunStatus::Diverged)
        std::fprintf(stderr, "slb-train: %s\n", s.message.c_str());
    if (store.failed())
        std::fprintf(stderr, "slb-train: recording stopped: %s\n", store.lastError().c_str());
    if (!inv.quiet)
        std::printf("run folder: %s\n", runDir.c_str());
    if (status == RunStatus::Stopped && !inv.quiet)
        std::printf("continue it with: slb-train resume %s\n", runDir.c_str());
    if (!inv.summaryPath.empty() && !writeSummary(inv.summaryPath, s)) {
        std::fprintf(stderr, "slb-train: cannot write the summary to %s\n",
                     inv.summaryPath.c_str());
        return 1;
    }
    return exitCode(status);
}

/// A rank other than 0 of a data-parallel job: trains its shards, records nothing, says only
/// why it failed (rank 0 records the run).
int runWorker(Invocation& inv, Trainer& trainer) {
    trainer.setDistributed(inv.dist);
    std::signal(SIGINT, onSigint);  // rank 0's stop reaches every rank through the job
    const RunStatus status = trainer.run();
    std::signal(SIGINT, SIG_DFL);
    if (status == RunStatus::Failed || status == RunStatus::Diverged)
        std::fprintf(stderr, "slb-train: rank %d: %s\n", inv.dist.rank,
                     trainer.summary().message.c_str());
    return exitCode(status);
}

int train(Invocation& inv) {
    if (inv.nproc > 1)
        return launchLocalJob(inv);
    if (inv.dist.worldSize > 1 && inv.dist.rank != 0) {
        Trainer trainer(inv.config);
        return runWorker(inv, trainer);
    }
    RecordedRun run;
    std::string error;
    if (!prepareNewRun(inv.config, &run, &error)) {
        std::fprintf(stderr, "slb-train: %s\n", error.c_str());
        return 1;
    }
    if (inv.dist.worldSize > 1)
        run.trainer->setDistributed(inv.dist);
    return runTraining(inv, *run.trainer, *run.store, run.runDir);
}

/// resume on a rank other than 0: the recorded config and checkpoint, read only.
int resumeWorker(Invocation& inv, const ConfigChanges& overrides) {
    const std::string runDir = inv.positional.front();
    std::string error;
    RunConfig c;
    {
        auto reader = RunReader::open(runDir, &error);
        if (!reader || !RunConfig::fromJson(reader->configJson(), &c, &error)) {
            std::fprintf(stderr, "slb-train: rank %d: %s\n", inv.dist.rank, error.c_str());
            return 1;
        }
    }
    for (const auto& [key, value] : overrides)
        findConfigField(key)->set(c, value);
    c.out.clear();
    Trainer trainer(c);
    const auto checkpoint = std::filesystem::path(runDir) / "checkpoints" / "last.pt";
    if (std::filesystem::exists(checkpoint))
        trainer.setResumeCheckpoint(checkpoint.string());
    return runWorker(inv, trainer);
}

int resume(Invocation& inv) {
    if (inv.positional.size() != 1) {
        std::fprintf(stderr, "slb-train: resume takes one RUN_DIR\n");
        return 2;
    }
    // Device and threads may differ on the machine that resumes.
    ConfigChanges overrides;
    for (const std::string& key : inv.givenKeys) {
        if (!isResumeOverridable(key)) {
            std::fprintf(stderr,
                         "slb-train: resume continues the recorded config; only --threads, "
                         "--device and --data-dir may change (not --%s)\n",
                         key.c_str());
            return 2;
        }
        overrides.emplace_back(key, findConfigField(key)->get(inv.config));
    }
    if (inv.nproc > 1)
        return launchLocalJob(inv);
    if (inv.dist.worldSize > 1 && inv.dist.rank != 0)
        return resumeWorker(inv, overrides);
    RecordedRun run;
    std::string error;
    if (!prepareResume(inv.positional.front(), overrides, &run, &error)) {
        std::fprintf(stderr, "slb-train: %s\n", error.c_str());
        return 1;
    }
    if (!run.note.empty() && !inv.quiet)
        std::printf("%s\n", run.note.c_str());
    if (inv.dist.worldSize > 1)
        run.trainer->setDistributed(inv.dist);
    return runTraining(inv, *run.trainer, *run.store, run.runDir);
}

}  // namespace

int runInvocation(Invocation& inv) {
    if (inv.command == "help") {
        std::fputs(helpText().c_str(), stdout);
        return 0;
    }
    if (inv.command == "version") {
        std::printf("slb-train %s\n", SLB_VERSION);
        return 0;
    }
    if (inv.command == "resume")
        return resume(inv);
    if (inv.command == "export")
        return exportRun(inv);
    if (inv.command == "eval")
        return evalPacked(inv);
    if (inv.command == "inspect")
        return inspectRun(inv);
    return train(inv);
}

}  // namespace slb::cli
