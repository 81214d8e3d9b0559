#pragma once
// Metric exports of a run in long format (one row per step, epoch, series, value): what
// `slb-train export RUN_DIR --csv / --json` writes and what the GUI's export menu offers.
// Torch-free. Each function reads through the given RunReader, so it runs on the thread that
// owns that reader. Files are written to a temporary name and renamed: a reader of the export
// never sees half a file, and a failed export leaves an older export intact.
//
// Series: from every step  train/loss, train/accuracy, lr, temperature, hard_phase,
//   images_per_s, elapsed; from every epoch  epoch/train_loss, epoch/train_accuracy,
//   test/loss_soft, test/loss_hard, test/acc_soft, test/acc_hard, test/top5_soft,
//   test/top5_hard, epoch/temperature, epoch/lr, epoch/hard_phase, epoch/seconds,
//   epoch/images_per_s; from every snapshot  layer/<name>/<s> for each s of
//   RunReader::layerSeriesNames() the layer has. Rows are sorted by step (stable: step series,
//   then epoch series, then layer series). Numbers are written in the shortest form that reads
//   back to the same double; CSV writes non-finite values as nan, inf, -inf, JSON as null.

#include <cstdint>
#include <string>
#include <vector>

namespace slb {

class RunReader;

/** One row of the long format. */
struct MetricRow {
    std::int64_t step = 0;
    int epoch = 0;
    std::string series;
    double value = 0;
};

/** Every metric of the run as long-format rows, in export order. */
std::vector<MetricRow> metricRows(const RunReader& reader);

/** `s` as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
std::string csvField(const std::string& s);

/**
 * Writes csvPath (header step,epoch,series,value) and the full layer snapshots as JSON to
 * snapshotsPath (empty: "snapshots.json" in the CSV's folder). False and *error on failure.
 */
bool exportCsv(const RunReader& reader, const std::string& csvPath, std::string* error,
               const std::string& snapshotsPath = {});

/** Writes one JSON document: config, run starts, lifecycle, metrics (long format), snapshots. */
bool exportJson(const RunReader& reader, const std::string& jsonPath, std::string* error);

}  // namespace slb
