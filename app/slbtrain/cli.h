#pragma once
// slb-train's command line: parsing into a RunConfig, and the commands (train, resume, export,
// eval, inspect). Kept out of main() so that main stays a few lines and tests can drive it.

#include <string>
#include <vector>

#include "base/config.h"
#include "dist/distoptions.h"

namespace slb::cli {

/** What the command line asks for. */
struct Invocation {
    std::string command = "train";  ///< train, resume, export, eval, inspect, help, version
    RunConfig config;
    std::vector<std::string> positional;  ///< e.g. RUN_DIR
    std::vector<std::string> givenKeys;   ///< config keys set by flags (not by --config)
    std::string summaryPath;
    std::string configPath;
    bool quiet = false;
    // export
    bool exportCsv = false, exportJson = false, exportModel = false, exportTensorBoard = false;
    bool exportDistributions = false;
    std::string exportModelDir, exportTensorBoardDir, exportDistributionsFile;
    // data parallel (train and resume)
    int nproc = 0;           ///< --nproc: start this many local processes (0/1: train here)
    DistOptions dist;        ///< --rank, --world-size, --master, --dist-backend, --dist-timeout
    bool distGiven = false;  ///< any of the options above was given
    std::vector<std::string> args;  ///< the command line as given (the launcher passes it on)
};

/** Parses argv; on error returns false with a one-line reason in *error. */
bool parseArguments(const std::vector<std::string>& args, Invocation* out, std::string* error);

/** The --help text. */
std::string helpText();

/** `export RUN_DIR --csv | --json | --model [DIR] | --tensorboard [DIR] | --distributions
 *  [FILE]`. */
int exportRun(Invocation& inv);
/** `eval MODEL_DIR [--dataset ...]`. */
int evalPacked(Invocation& inv);
/** `inspect RUN_DIR`. */
int inspectRun(Invocation& inv);

/** `--nproc N`: starts N processes of this program as the ranks of one data-parallel job on this
 *  machine, serves their rendezvous, and ends the job (naming the rank) when one of them dies;
 *  returns rank 0's exit code, or 1 when the job failed. */
int launchLocalJob(Invocation& inv);

/** Runs a parsed invocation; returns the process exit code. */
int runInvocation(Invocation& inv);

}  // namespace slb::cli
