#include "train/recordedrun.h"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "record/runreader.h"
#include "record/runstore.h"

namespace slb {

RecordedRun::RecordedRun() = default;
RecordedRun::~RecordedRun() = default;
RecordedRun::RecordedRun(RecordedRun&&) noexcept = default;
RecordedRun& RecordedRun::operator=(RecordedRun&&) noexcept = default;

std::string defaultRunDir(const RunConfig& c) {
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    std::string name = std::string(stamp) + "-" + c.model + "-" + toString(c.method);
    if (c.method != Method::Float) {
        name += "-w" + std::to_string(c.wbits);
        if (c.abits < 32)
            name += "a" + std::to_string(c.abits);
    }
    return (std::filesystem::path("runs") / name).string();
}

bool prepareNewRun(RunConfig c, RecordedRun* out, std::string* error) {
    if (c.out.empty())
        c.out = defaultRunDir(c);
    // Like mkdir -p for the folders above the run; the run folder itself must be new, which
    // RunStore checks.
    if (const auto parent = std::filesystem::path(c.out).parent_path(); !parent.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec) {
            *error = "cannot create " + parent.string() + ": " + ec.message();
            return false;
        }
    }
    auto store = RunStore::create(c.out, c.toJson(), error);
    if (!store)
        return false;
    out->runDir = c.out;
    out->store = std::move(store);
    out->trainer = std::make_unique<Trainer>(c);
    out->trainer->addObserver(out->store.get());
    out->note.clear();
    return true;
}

bool isResumeOverridable(const std::string& key) {
    return key == "threads" || key == "device" || key == "data_dir";
}

bool prepareResume(const std::string& runDir, const ConfigChanges& overrides, RecordedRun* out,
                   std::string* error) {
    RunConfig c;
    RunStatus lastStatus = RunStatus::Started;
    {
        auto reader = RunReader::open(runDir, error);
        if (!reader)
            return false;
        lastStatus = reader->status();
        if (lastStatus == RunStatus::Finished) {
            *error = runDir + " has finished; nothing to resume";
            return false;
        }
        std::string why;
        if (!RunConfig::fromJson(reader->configJson(), &c, &why)) {
            *error = runDir + ": its config cannot be read: " + why;
            return false;
        }
    }
    c.out = runDir;
    for (const auto& [key, value] : overrides) {
        if (!isResumeOverridable(key)) {
            *error =
                "resume continues the recorded config; only --threads, --device and "
                "--data-dir may change (not --" +
                key + ")";
            return false;
        }
        if (std::string why = findConfigField(key)->set(c, value); !why.empty()) {
            *error = key + ": " + why;
            return false;
        }
    }

    auto store = RunStore::open(runDir, error);
    if (!store)
        return false;
    const std::string checkpoint =
        (std::filesystem::path(runDir) / "checkpoints" / "last.pt").string();
    auto trainer = std::make_unique<Trainer>(c);
    std::int64_t steps = 0;
    out->note.clear();
    if (std::filesystem::exists(checkpoint)) {
        int epoch = 0;
        if (!Trainer::checkpointPosition(checkpoint, &epoch, &steps, error))
            return false;
        trainer->setResumeCheckpoint(checkpoint);
    } else {
        out->note = "no checkpoint in " + runDir + " yet: starting the run over";
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
        *error = store->lastError();
        return false;
    }
    out->runDir = runDir;
    out->store = std::move(store);
    out->trainer = std::move(trainer);
    out->trainer->addObserver(out->store.get());
    return true;
}

}  // namespace slb
