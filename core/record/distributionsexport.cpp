#include "record/distributionsexport.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "record/exportfile.h"
#include "record/metricsexport.h"
#include "record/runfolder.h"
#include "record/runreader.h"

namespace slb {

namespace {

namespace fs = std::filesystem;

template <typename T>
std::string number(T v) {
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

/// n equal bins over [low, high]: a row per bin, the last upper edge exactly `high`.
void addHistogram(std::vector<DistributionRow>* rows, const DistributionRow& base,
                  const std::vector<float>& shares, double low, double high) {
    const std::size_t n = shares.size();
    const double width = n ? (high - low) / double(n) : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        DistributionRow r = base;
        r.bin = int(i);
        r.lower = low + double(i) * width;
        r.upper = i + 1 == n ? high : low + double(i + 1) * width;
        r.value = shares[i];
        rows->push_back(std::move(r));
    }
}

/// One row per value of V: lower = upper = v_i.
void addPerValue(std::vector<DistributionRow>* rows, const DistributionRow& base,
                 const std::vector<float>& values, const std::vector<float>& perValue) {
    for (std::size_t i = 0; i < perValue.size(); ++i) {
        DistributionRow r = base;
        r.bin = int(i);
        r.lower = r.upper = i < values.size() ? double(values[i]) : std::nan("");
        r.value = perValue[i];
        rows->push_back(std::move(r));
    }
}

/// Calls the caller's progress now and then; remembers a cancel.
}  // namespace

const char* distributionsCsvHeader() {
    return "layer,step,epoch,kind,bin,lower,upper,value";
}

std::vector<DistributionRow> distributionRows(const SnapshotEvent& e) {
    std::vector<DistributionRow> rows;
    for (const LayerSnapshot& l : e.layers) {
        DistributionRow base;
        base.layer = l.layer;
        base.step = e.step;
        base.epoch = e.epoch;
        if (l.kind == LayerSnapshot::Kind::Slb) {
            const SlbSnapshot& s = l.slb;
            base.kind = "max_prob";
            addHistogram(&rows, base, s.maxProbHist, s.maxProbLow(), 1.0);
            base.kind = "mean_prob";
            addPerValue(&rows, base, s.values, s.meanProb);
            base.kind = "argmax_share";
            addPerValue(&rows, base, s.values, s.argmaxShare);
        } else if (l.lsqWeight.valid) {
            base.kind = "v_over_s_w";
            addHistogram(&rows, base, l.lsqWeight.hist, l.lsqWeight.histLow, l.lsqWeight.histHigh);
        }
        if (l.activation.valid) {
            base.kind = "v_over_s_a";
            addHistogram(&rows, base, l.activation.hist, l.activation.histLow,
                         l.activation.histHigh);
        }
    }
    return rows;
}

std::string defaultDistributionsPath(const std::string& runDir) {
    return (fs::path(trimTrailingSlashes(runDir)) / "exports" / "distributions.csv").string();
}

bool exportDistributionsCsv(const RunReader& reader, const std::string& csvPath, std::string* error,
                            const std::function<bool(double)>& progress) {
    const std::string path = csvPath.empty() ? defaultDistributionsPath(reader.runDir()) : csvPath;
    const fs::path folder = fs::path(path).parent_path();
    if (!folder.empty()) {
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec || !isDirectory(folder.string())) {
            *error = "cannot create the folder '" + folder.string() + "' for '" + path + "': " +
                     (ec ? ec.message() : std::string("a file of that name is in the way")) +
                     "; choose another folder or make it writable";
            return false;
        }
    }
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out.is_open()) {
        *error = "cannot write '" + path + "': " + std::strerror(errno) +
                 "; choose another folder or make it writable";
        return false;
    }
    out << distributionsCsvHeader() << '\n';
    ExportProgress prog(progress, reader.snapshotSteps().size());
    std::string readError;
    bool ok = true;
    std::string line;
    const bool read = reader.forEachSnapshot(
        [&](const SnapshotEvent& e) {
            if (!ok)
                return;  // a cancel or a failure cannot stop the reader; the rest is skipped
            for (const DistributionRow& r : distributionRows(e)) {
                line.clear();
                line += csvField(r.layer);
                line += ',' + std::to_string(r.step) + ',' + std::to_string(r.epoch) + ',';
                line += r.kind + ',' + std::to_string(r.bin) + ',';
                line += number(r.lower) + ',' + number(r.upper) + ',' + number(r.value) + '\n';
                out << line;
            }
            ok = out.good() && prog.advance();
        },
        &readError);
    if (!finishExportFile(out, ok && read, tmp, path, prog, readError, "distributions export",
                          error))
        return false;
    prog.finish();
    return true;
}

bool exportDistributionsCsv(const std::string& runDir, const std::string& csvPath,
                            std::string* error, const std::function<bool(double)>& progress) {
    const auto reader = RunReader::open(runDir, error);
    return reader && exportDistributionsCsv(*reader, csvPath, error, progress);
}

}  // namespace slb
