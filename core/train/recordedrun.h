#pragma once
// Starting and continuing a recorded run: the run folder, its RunStore and a Trainer wired to it.
// slb-train and the workbench's TrainingSession both go through here, so every run either front
// end makes is a run folder the other accepts. Torch-free header.

#include <memory>
#include <string>

#include "base/config.h"
#include "train/trainer.h"

namespace slb {

class RunStore;

/** A run folder ready to train: its store records every event of its trainer. */
struct RecordedRun {
    RecordedRun();
    ~RecordedRun();
    RecordedRun(RecordedRun&&) noexcept;
    RecordedRun& operator=(RecordedRun&&) noexcept;

    std::string runDir;
    std::unique_ptr<RunStore> store;  ///< destroy after the trainer's run() has returned
    std::unique_ptr<Trainer> trainer;
    /// For the user, when continuing: e.g. "no checkpoint in DIR yet: starting the run over".
    std::string note;
};

/** runs/<time>-<model>-<method>[-w<bits>[a<bits>]] under the current folder. */
std::string defaultRunDir(const RunConfig& config);

/**
 * A new run: creates the folders above config.out (runs/ on a fresh checkout), the run folder and
 * its store, and a trainer recording into it. An empty config.out gets defaultRunDir(). False and
 * *error (naming the folder and the fix) on failure.
 */
bool prepareNewRun(RunConfig config, RecordedRun* out, std::string* error);

/**
 * Continues the run in runDir from its last checkpoint (from the start when it has none), with
 * the recorded config; `overrides` may change only device, threads and data_dir. Writes an
 * `interrupted` event into the history of a run whose process ended without a word, and cuts
 * what it recorded after the checkpoint. False and *error on failure.
 */
bool prepareResume(const std::string& runDir, const ConfigChanges& overrides, RecordedRun* out,
                   std::string* error);

/** True for the keys prepareResume() lets a resumed run change: device, threads, data_dir. */
bool isResumeOverridable(const std::string& key);

}  // namespace slb
