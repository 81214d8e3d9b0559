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

std::string defaultRunDir(const RunConfig& c) {
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
    std::string name = std::string(stamp) + "-" + c.model + "-" + toString(c.method);
    if (c.method != Method::Float) {
        name += "-w" + std::to_string(c.wbits);
        if (c.abits < 32)
            name += "a" + std::to_string(c.abits);
    }
    return (std::filesystem::path("runs") / name).string();
}

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
    trainer.addObserver(&store);
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

int train(Invocation& inv) {
    RunConfig& c = inv.config;
    if (c.out.empty())
        c.out = defaultRunDir(c);
    std::string error;
    // Like mkdir -p for the folders above the run (runs/ on a fresh checkout); the run folder
    // itself must be new, which RunStore checks.
    if (const auto parent = std::filesystem::path(c.out).parent_path(); !parent.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec) {
            std::fprintf(stderr, "slb-train: cannot create %s: %s\n", parent.c_str(),
                         ec.message().c_str());
            return 1;
        }
    }
    auto store = RunStore::create(c.out, c.toJson(), &error);
    if (!store) {
        std::fprintf(stderr, "slb-train: %s\n", error.c_str());
        return 1;
    }
    Trainer trainer(c);
    return runTraining(inv, trainer, *store, c.out);
}

int resume(Invocation& inv) {
    if (inv.positional.size() != 1) {
        std::fprintf(stderr, "slb-train: resume takes one RUN_DIR\n");
        return 2;
    }
    const std::string runDir = inv.positional.front();
    RunConfig c;
    RunStatus lastStatus = RunStatus::Started;
    {
        std::string error;
        auto reader = RunReader::open(runDir, &error);
        if (!reader) {
            std::fprintf(stderr, "slb-train: %s\n", error.c_str());
            return 1;
        }
        lastStatus = reader->status();
        if (lastStatus == RunStatus::Finished) {
            std::fprintf(stderr, "slb-train: %s has finished; nothing to resume\n", runDir.c_str());
            return 1;
        }
        if (!RunConfig::fromJson(reader->configJson(), &c, &error)) {
            std::fprintf(stderr, "slb-train: %s: its config cannot be read: %s\n", runDir.c_str(),
                         error.c_str());
            return 1;
        }
    }
    c.out = runDir;
    // Device and threads may differ on the machine that resumes.
    for (const std::string& key : inv.givenKeys) {
        if (key != "threads" && key != "device" && key != "data_dir") {
            std::fprintf(stderr,
                         "slb-train: resume continues the recorded config; only --threads, "
                         "--device and --data-dir may change (not --%s)\n",
                         key.c_str());
            return 2;
        }
        const ConfigField* f = findConfigField(key);
        f->set(c, f->get(inv.config));
    }

    std::string error;
    auto store = RunStore::open(runDir, &error);
    if (!store) {
        std::fprintf(stderr, "slb-train: %s\n", error.c_str());
        return 1;
    }
    const std::string checkpoint =
        (std::filesystem::path(runDir) / "checkpoints" / "last.pt").string();
    Trainer trainer(c);
    std::int64_t steps = 0;
    if (std::filesystem::exists(checkpoint)) {
        int epoch = 0;
        if (!Trainer::checkpointPosition(checkpoint, &epoch, &steps, &error)) {
            std::fprintf(stderr, "slb-train: %s\n", error.c_str());
            return 1;
        }
        trainer.setResumeCheckpoint(checkpoint);
    } else if (!inv.quiet) {
        std::printf("no checkpoint in %s yet: starting the run over\n", runDir.c_str());
    }
    // A run whose process ended without a word (its last event says it was still going, and the
    // store's lock was free) gets that written into its history, where its records end.
    const bool diedSilently = lastStatus == RunStatus::Started ||
                              lastStatus == RunStatus::Resumed || lastStatus == RunStatus::Paused;
    if (diedSilently) {
        const ResumePoint at = store->resumePoint();
        LifecycleEvent e;
        e.status = RunStatus::Interrupted;
        e.step = at.lastStep + 1;
        e.epoch = std::max(at.lastStepEpoch, 0);
        e.message = "the process ended without a word after step " + std::to_string(e.step) +
                    " (killed or crashed); training goes on from step " + std::to_string(steps);
        store->onLifecycle(e);  // wallTime 0: the store stamps it now
    }
    // A killed run may have recorded steps after its last checkpoint: they are trained again.
    if (!store->truncateAfter(steps - 1)) {
        std::fprintf(stderr, "slb-train: %s\n", store->lastError().c_str());
        return 1;
    }
    return runTraining(inv, trainer, *store, runDir);
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
