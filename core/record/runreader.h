#pragma once
// RunReader: reads a run folder written by RunStore, finished or still being written. The GUI
// replays runs and follows live ones (a headless slb-train on another machine, through a shared
// folder) with it; the exports read through it. Torch-free and SQLite-free in its interface.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/events.h"

namespace slb {

/** What poll() found that the reader had not seen before. */
struct RunPollResult {
    std::vector<RunStartedEvent> runStarts;
    std::vector<StepEvent> steps;
    std::vector<EpochEvent> epochs;
    /// One event per recorded snapshot step, its layers in the order they were recorded.
    std::vector<SnapshotEvent> snapshots;
    std::vector<LifecycleEvent> lifecycle;
    /// Set when the writer cut the run (resume): cached rows with step > this were dropped.
    std::optional<std::int64_t> truncatedAfter;
    /// Non-empty when the poll failed; nothing was taken in, the next poll tries again.
    std::string error;

    /** True when nothing new arrived. */
    bool empty() const {
        return runStarts.empty() && steps.empty() && epochs.empty() && snapshots.empty() &&
               lifecycle.empty() && !truncatedAfter;
    }
};

/** Why RunReader::open() refused a path. */
enum class RunFileProblem {
    None,
    NotARun,  ///< no run.sqlite, or a file that is no run of ours (not SQLite, another program's)
    Newer,    ///< a run written by a newer SLB Workbench (a newer schema version)
    Damaged,  ///< a run file that is truncated or corrupt
    Unreadable,  ///< the file cannot be read now (permissions, I/O errors, a read-only disk)
};

/** One point of a per-layer time series. */
struct SeriesPoint {
    std::int64_t step = 0;
    int epoch = 0;
    double value = 0;
};

/**
 * Read-only view of one run. open() loads everything recorded so far into memory, except the
 * full layer snapshots, which stay in the file and are read on demand; poll() takes in only the
 * rows written since, so that a follower sees every row exactly once.
 *
 * Threads: not thread-safe. One thread at a time uses a reader (the GUI thread, typically);
 * another thread that wants to read opens its own. Reading never blocks the writer (WAL).
 * Steps, epochs and run starts come back sorted by step / epoch / record order; a step the
 * writer recorded twice (e.g. after a resume) appears once, with its latest values.
 * Values come back exactly as recorded, with two exceptions in the scalar columns that SQLite
 * imposes: NaN is stored as NULL (read back as NaN, without its payload) and -0.0 as 0.0. Full
 * snapshots keep every bit.
 */
class RunReader {
public:
    /**
     * Opens a run folder or its run.sqlite; null and *error with the path and the fix, and
     * *problem (when given) saying what kind of refusal it was. Never writes to run.sqlite. In
     * a folder where SQLite cannot create its run.sqlite-shm (a read-only disk, no write
     * permission) the file is read as it is, without locks (see readOnlyFolder()).
     */
    static std::unique_ptr<RunReader> open(const std::string& path, std::string* error,
                                           RunFileProblem* problem = nullptr);
    ~RunReader();
    RunReader(const RunReader&) = delete;
    RunReader& operator=(const RunReader&) = delete;

    /** The run folder. */
    const std::string& runDir() const;
    /** The path of run.sqlite. */
    const std::string& databasePath() const;
    /**
     * True when the run lies in a folder SQLite cannot write its lock files into and was opened
     * as an immutable file: what it held then is what the reader shows (nobody can write there).
     */
    bool readOnlyFolder() const;
    /**
     * Reads every page of the file (PRAGMA quick_check): false and *error naming the file and
     * the fix when it is damaged, also where the rows read so far were intact. Costs a read of
     * the whole file: for opening a run once, not for every poll.
     */
    bool checkIntegrity(std::string* error) const;
    /** The config the run was created with, exactly as given to RunStore::create(). */
    const std::string& configJson() const;
    /** The most recent run start (a resumed run has several); nullopt before the first. */
    std::optional<RunStartedEvent> runInfo() const;
    /** Every run start, oldest first. */
    const std::vector<RunStartedEvent>& runStarts() const;
    /** Every lifecycle event, in the order recorded. */
    const std::vector<LifecycleEvent>& lifecycle() const;
    /** The status of the last lifecycle event; Started when none was recorded yet. */
    RunStatus status() const;
    /** Every recorded step, sorted by step. */
    const std::vector<StepEvent>& steps() const;
    /** Every recorded epoch, sorted by epoch. */
    const std::vector<EpochEvent>& epochs() const;
    /** Quantized layer names, in the order the run first listed them. */
    std::vector<std::string> layerNames() const;
    /** Steps at which any layer snapshot was recorded, ascending. */
    std::vector<std::int64_t> snapshotSteps() const;
    /** The snapshot of `layer` at the greatest recorded step ≤ step; nullopt when none. */
    std::optional<LayerSnapshot> snapshot(const std::string& layer, std::int64_t step) const;
    /**
     * A scalar of one layer over time, one point per snapshot that has it (see
     * layerSeriesNames()); empty for an unknown layer or series.
     */
    std::vector<SeriesPoint> layerSeries(const std::string& layer, const std::string& series) const;
    /** mean_entropy, sharp_share, gap, temperature (SLB); step, clipped_share (LSQ weights);
     *  act_step, act_clipped_share (LSQ activations). */
    static const std::vector<std::string>& layerSeriesNames();
    /**
     * Calls fn for every recorded snapshot step known to this reader, in step order, reading
     * the full snapshots from the file. False and *error if a row cannot be read.
     */
    bool forEachSnapshot(const std::function<void(const SnapshotEvent&)>& fn,
                         std::string* error) const;

    /** Takes in the rows recorded since the last poll (or open) and returns them. */
    RunPollResult poll();
    /** The last read error (snapshot(), forEachSnapshot(), poll()), empty if none. */
    std::string lastError() const;

private:
    struct Impl;
    explicit RunReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

}  // namespace slb
