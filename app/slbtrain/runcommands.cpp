// slb-train's commands on finished or running runs: export, eval (of a packed model), inspect.
#include <fcntl.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli.h"
#include "export/packedmodel.h"
#include "progress.h"
#include "record/distributionsexport.h"
#include "record/metricsexport.h"
#include "record/runlock.h"
#include "record/runreader.h"
#include "record/tensorboardexport.h"
#include "train/trainer.h"

namespace slb::cli {

namespace fs = std::filesystem;

namespace {

std::unique_ptr<RunReader> openRun(const Invocation& inv, const char* command, std::string* dir) {
    if (inv.positional.size() != 1) {
        std::fprintf(stderr, "slb-train: %s takes one RUN_DIR\n", command);
        return nullptr;
    }
    *dir = inv.positional.front();
    std::string error;
    auto reader = RunReader::open(*dir, &error);
    // Every page is read once: a damaged file is refused here rather than half-exported or
    // summarised as if it were whole.
    if (reader && !reader->checkIntegrity(&error))
        reader.reset();
    if (!reader)
        std::fprintf(stderr, "slb-train: %s\n", error.c_str());
    return reader;
}

std::string humanBytes(double b) {
    char buf[32];
    if (b >= 1 << 20)
        std::snprintf(buf, sizeof buf, "%.2f MiB", b / (1 << 20));
    else if (b >= 1 << 10)
        std::snprintf(buf, sizeof buf, "%.1f KiB", b / (1 << 10));
    else
        std::snprintf(buf, sizeof buf, "%.0f B", b);
    return buf;
}

int exportModel(const Invocation& inv, const RunReader& reader, const std::string& runDir) {
    const fs::path finalModel = fs::path(runDir) / "model.pt";
    const fs::path checkpoint = fs::path(runDir) / "checkpoints" / "last.pt";
    std::string source;
    RecordedAccuracy rec;
    const auto& epochs = reader.epochs();
    if (fs::exists(finalModel)) {
        source = finalModel.string();
        if (!epochs.empty())
            rec.valid = true;
    } else if (fs::exists(checkpoint)) {
        source = checkpoint.string();
        int epoch = 0;
        std::int64_t steps = 0;
        std::string error;
        // The recorded accuracy belongs to these weights only if the checkpoint is an epoch end.
        if (Trainer::checkpointPosition(source, &epoch, &steps, &error) && !epochs.empty() &&
            epochs.back().step == steps - 1)
            rec.valid = true;
    } else {
        std::fprintf(stderr, "slb-train: %s has no model.pt and no checkpoint to export\n",
                     runDir.c_str());
        return 1;
    }
    if (rec.valid) {
        rec.testAccSoft = epochs.back().testAccSoft;
        rec.testAccHard = epochs.back().testAccHard;
        rec.epoch = epochs.back().epoch;
        rec.step = epochs.back().step;
    }
    const std::string out = inv.exportModelDir.empty()
                                ? (fs::path(runDir) / "exports" / "model").string()
                                : inv.exportModelDir;
    const PackedExport r = exportPackedModel(source, out, rec);
    std::printf("packed model: %s (+ model.bin)\n", r.manifestPath.c_str());
    std::printf("  blob %s; the same network in float32 %s (x%.1f); %s on disk as a checkpoint\n",
                humanBytes(double(r.blobBytes)).c_str(), humanBytes(double(r.float32Bytes)).c_str(),
                r.totalCompression(), humanBytes(double(fs::file_size(source))).c_str());
    if (r.quantizedWeights > 0)
        std::printf("  %lld quantized weights in %s: x%.1f against float32\n",
                    static_cast<long long>(r.quantizedWeights),
                    humanBytes(double(r.quantizedBytes)).c_str(), r.weightCompression());
    return 0;
}

}  // namespace

int exportRun(Invocation& inv) {
    std::string runDir;
    auto reader = openRun(inv, "export", &runDir);
    if (!reader)
        return 1;
    if (!inv.exportCsv && !inv.exportJson && !inv.exportModel && !inv.exportTensorBoard &&
        !inv.exportDistributions) {
        std::fprintf(stderr,
                     "slb-train: export needs --csv, --json, --model [DIR], --tensorboard [DIR] "
                     "or --distributions [FILE]\n");
        return 2;
    }
    const fs::path exports = fs::path(runDir) / "exports";
    std::error_code ec;
    fs::create_directories(exports, ec);
    std::string error;
    if (inv.exportCsv) {
        const std::string path = (exports / "metrics.csv").string();
        if (!exportCsv(*reader, path, &error)) {
            std::fprintf(stderr, "slb-train: %s\n", error.c_str());
            return 1;
        }
        std::printf("metrics: %s (snapshots: %s)\n", path.c_str(),
                    (exports / "snapshots.json").c_str());
    }
    if (inv.exportJson) {
        const std::string path = (exports / "metrics.json").string();
        if (!exportJson(*reader, path, &error)) {
            std::fprintf(stderr, "slb-train: %s\n", error.c_str());
            return 1;
        }
        std::printf("metrics: %s\n", path.c_str());
    }
    if (inv.exportTensorBoard) {
        std::string path;
        if (!exportTensorBoard(*reader, inv.exportTensorBoardDir, &path, &error)) {
            std::fprintf(stderr, "slb-train: %s\n", error.c_str());
            return 1;
        }
        std::printf("tensorboard: %s\n  view it with: tensorboard --logdir %s\n", path.c_str(),
                    fs::path(path).parent_path().c_str());
    }
    if (inv.exportDistributions) {
        const std::string path = inv.exportDistributionsFile.empty()
                                     ? defaultDistributionsPath(runDir)
                                     : inv.exportDistributionsFile;
        if (!exportDistributionsCsv(*reader, path, &error)) {
            std::fprintf(stderr, "slb-train: %s\n", error.c_str());
            return 1;
        }
        std::printf("distributions: %s\n", path.c_str());
    }
    if (inv.exportModel) {
        try {
            return exportModel(inv, *reader, runDir);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "slb-train: %s\n", e.what());
            return 1;
        }
    }
    return 0;
}

int evalPacked(Invocation& inv) {
    if (inv.positional.size() != 1) {
        std::fprintf(stderr, "slb-train: eval takes one MODEL_DIR (a packed model's folder)\n");
        return 2;
    }
    const std::string dir = inv.positional.front();
    try {
        RunConfig c = packedModelConfig(dir);
        for (const std::string& key : inv.givenKeys) {
            const ConfigField* f = findConfigField(key);
            f->set(c, f->get(inv.config));
        }
        if (std::find(inv.givenKeys.begin(), inv.givenKeys.end(), "dataset") !=
                inv.givenKeys.end() &&
            std::find(inv.givenKeys.begin(), inv.givenKeys.end(), "data_dir") ==
                inv.givenKeys.end())
            c.dataDir.clear();  // another dataset: its own default folder
        const PackedEvaluation r = evaluatePackedModel(dir, c);
        std::printf("%s: test accuracy %.2f%%", r.dataset.c_str(), r.accuracy * 100);
        if (std::isfinite(r.top5))
            std::printf(" (top-5 %.2f%%)", r.top5 * 100);
        std::printf(", loss %.4f, on %lld images\n", r.loss, static_cast<long long>(r.count));
        if (r.recorded.valid) {
            const bool same = r.recorded.testAccHard == r.accuracy;
            std::printf("the run recorded W_q %.2f%% at epoch %d: %s\n",
                        r.recorded.testAccHard * 100, r.recorded.epoch + 1,
                        same ? "identical" : "different");
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "slb-train: %s\n", e.what());
        return 1;
    }
}

int inspectRun(Invocation& inv) {
    std::string runDir;
    auto reader = openRun(inv, "inspect", &runDir);
    if (!reader)
        return 1;
    RunConfig c;
    std::string error;
    RunConfig::fromJson(reader->configJson(), &c, &error);
    std::printf("run:      %s\n", runDir.c_str());
    std::printf("model:    %s, %s", c.model.c_str(), toString(c.method));
    if (c.method != Method::Float)
        std::printf(" W%d/A%d", c.wbits, c.abits);
    std::printf(", %s, %d epochs, batch %d, lr %g (%s), seed %llu\n", c.dataset.c_str(), c.epochs,
                c.batchSize, c.lr.base, toString(c.lr.kind),
                static_cast<unsigned long long>(c.seed));
    if (c.method == Method::Slb)
        std::printf("schedule: T %s per %s\n", toString(c.temperature.kind),
                    toString(c.temperature.unit));
    if (const auto info = reader->runInfo()) {
        if (info->worldSize > 1)
            std::printf(
                "device:   %s, %d processes x %d threads (%s, data parallel); %lld "
                "parameters\n",
                info->device.c_str(), info->worldSize, info->threads, info->backend.c_str(),
                static_cast<long long>(info->numParameters));
        else
            std::printf("device:   %s, %d threads; %lld parameters\n", info->device.c_str(),
                        info->threads, static_cast<long long>(info->numParameters));
    }

    RunStatus status = reader->status();
    std::string statusText = toString(status);
    const bool open =
        status == RunStatus::Started || status == RunStatus::Resumed || status == RunStatus::Paused;
    if (open || status == RunStatus::Interrupted)
        statusText = !runWriterAlive(runDir)
                         ? "interrupted (the process is gone; continue it with slb-train resume)"
                         : "running";
    std::printf("status:   %s\n", statusText.c_str());
    const auto& lc = reader->lifecycle();
    if (!lc.empty() && !lc.back().message.empty())
        std::printf("          %s\n", lc.back().message.c_str());
    const auto& steps = reader->steps();
    if (!steps.empty())
        std::printf("progress: step %lld, epoch %d of %d, %s of training\n",
                    static_cast<long long>(steps.back().step + 1), steps.back().epoch + 1, c.epochs,
                    formatDuration(steps.back().elapsed).c_str());
    const auto& epochs = reader->epochs();
    if (!epochs.empty()) {
        const EpochEvent* best = &epochs.front();
        for (const auto& e : epochs)
            if (e.testAccHard > best->testAccHard)
                best = &e;
        const auto& last = epochs.back();
        std::printf(
            "final:    epoch %d: test acc W_c %.2f%%, W_q %.2f%%; train loss %.4f; %.0f img/s\n",
            last.epoch + 1, last.testAccSoft * 100, last.testAccHard * 100, last.trainLoss,
            last.imagesPerSec);
        std::printf("best:     epoch %d: test acc W_q %.2f%% (W_c %.2f%%)\n", best->epoch + 1,
                    best->testAccHard * 100, best->testAccSoft * 100);
    }
    const fs::path ckpt = fs::path(runDir) / "checkpoints" / "last.pt";
    if (fs::exists(ckpt)) {
        int epoch = 0;
        std::int64_t done = 0;
        if (Trainer::checkpointPosition(ckpt.string(), &epoch, &done, &error))
            std::printf("checkpoint: %s (step %lld, continues with epoch %d)\n", ckpt.c_str(),
                        static_cast<long long>(done), epoch + 1);
        else
            std::printf("checkpoint: %s is unreadable: %s\n", ckpt.c_str(), error.c_str());
    }
    if (fs::exists(fs::path(runDir) / "model.pt"))
        std::printf("model:    %s\n", (fs::path(runDir) / "model.pt").c_str());
    return 0;
}

}  // namespace slb::cli
