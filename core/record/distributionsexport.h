#pragma once
// The layer distributions of a recorded run as one CSV in long format: what `slb-train export
// RUN_DIR --distributions [FILE]` writes and what the workbench's export offers. Torch-free and
// Qt-free; reads through a RunReader, so it runs on the thread that owns that reader.
//
// Header: layer,step,epoch,kind,bin,lower,upper,value — one row per (layer, snapshot step,
// kind, bin), in step order, then the layers in their recorded order, then the kinds below, then
// bin. Kinds:
//   max_prob      (SLB) share of the layer's weights whose max_i P_i lies in [lower, upper): the
//                 kMaxProbBins bins spanning [1/m, 1] (m = |V|); the shares sum to 1.
//   mean_prob     (SLB) mean of P_i over the layer's weights for value i of V; bin = i and
//                 lower = upper = v_i.
//   argmax_share  (SLB) share of the weights whose argmax is v_i; bin = i, lower = upper = v_i.
//   v_over_s_w    (LSQ weights, once initialised) share of the weights with v/s in [lower, upper):
//                 kHistBins bins spanning the recorded [histLow, histHigh].
//   v_over_s_a    (LSQ input activations, once they have seen data) the same for v/s of the
//                 activations.
// Values are the recorded float32 shares and probabilities, written in the shortest form that
// reads back to the same float; edges are doubles, shortest round-trip form. Non-finite values
// are written nan, inf, -inf.
//
// The file is written under a temporary name in its folder and renamed when complete: a failed
// or cancelled export leaves no partial file (and an older export intact).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/events.h"

namespace slb {

class RunReader;

/** One row of the distributions CSV. */
struct DistributionRow {
    std::string layer;
    std::int64_t step = 0;
    int epoch = 0;
    std::string kind;  ///< max_prob, mean_prob, argmax_share, v_over_s_w or v_over_s_a
    int bin = 0;
    double lower = 0, upper = 0;
    float value = 0;
};

/** The CSV's header line (without the newline). */
const char* distributionsCsvHeader();

/** The rows of one snapshot step, in export order. */
std::vector<DistributionRow> distributionRows(const SnapshotEvent& snapshot);

/** Where the export goes by default: <runDir>/exports/distributions.csv. */
std::string defaultDistributionsPath(const std::string& runDir);

/**
 * Writes the distributions of every recorded snapshot of `reader`'s run to csvPath (empty:
 * defaultDistributionsPath(); its folder is created). progress, if given, is called with the
 * fraction done (0..1) now and then; returning false cancels: false, *error says so, no file is
 * left. False and *error naming the path and the fix on any failure.
 */
bool exportDistributionsCsv(const RunReader& reader, const std::string& csvPath, std::string* error,
                            const std::function<bool(double)>& progress = {});

/** The same for the run folder runDir, through a reader of its own. */
bool exportDistributionsCsv(const std::string& runDir, const std::string& csvPath,
                            std::string* error, const std::function<bool(double)>& progress = {});

}  // namespace slb
