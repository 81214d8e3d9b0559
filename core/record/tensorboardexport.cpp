#include "record/tensorboardexport.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>

#include <unistd.h>

#include "record/exportfile.h"
#include "record/proto/tbevent.pb.h"
#include "record/runfolder.h"
#include "record/runreader.h"
#include "record/runschema.h"
#include "record/tfrecord.h"

namespace slb {

namespace {

namespace fs = std::filesystem;
namespace pb = tbproto;

constexpr const char* kFileVersion = "brain.Event:2";

/// Clock times of steps, rebuilt from the recorded starts and resumes (see the header).
class WallClock {
public:
    explicit WallClock(const RunReader& reader) : m_steps(reader.steps()) {
        for (const LifecycleEvent& e : reader.lifecycle())
            if (e.status == RunStatus::Started || e.status == RunStatus::Resumed)
                m_anchors.push_back({e.step, e.wallTime, elapsedThrough(e.step - 1)});
        if (m_anchors.empty())
            m_anchors.push_back({0, wallClockNow(), 0});
    }

    /** When the run started: the first recorded start. */
    double start() const { return m_anchors.front().wall; }

    /** The wall time of `step`. */
    double at(std::int64_t step) const {
        // The anchor recorded last among those at or before the step: after a resume from an
        // older checkpoint, the killed segment's later anchors no longer apply.
        const Anchor* a = &m_anchors.front();
        for (auto it = m_anchors.rbegin(); it != m_anchors.rend(); ++it) {
            if (it->step <= step) {
                a = &*it;
                break;
            }
        }
        const double since = elapsedThrough(step) - a->elapsed;
        return a->wall + (std::isfinite(since) && since > 0 ? since : 0.0);
    }

private:
    struct Anchor {
        std::int64_t step;
        double wall;
        double elapsed;  ///< training seconds before the anchor's step
    };

    /// Training seconds at the end of the last recorded step ≤ step (0 before the first).
    double elapsedThrough(std::int64_t step) const {
        const auto it =
            std::upper_bound(m_steps.begin(), m_steps.end(), step,
                             [](std::int64_t s, const StepEvent& e) { return s < e.step; });
        return it == m_steps.begin() ? 0.0 : std::prev(it)->elapsed;
    }

    const std::vector<StepEvent>& m_steps;
    std::vector<Anchor> m_anchors;
};

/// Shares × total as whole counts that sum to round(Σ shares × total) (largest remainder).
std::vector<double> countsFromShares(const std::vector<float>& shares, double total) {
    const std::size_t n = shares.size();
    std::vector<double> exact(n), counts(n);
    double sumExact = 0, sumCounts = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double s = shares[i];
        exact[i] = std::isfinite(s) && s > 0 ? s * total : 0.0;
        counts[i] = std::floor(exact[i]);
        sumExact += exact[i];
        sumCounts += counts[i];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return exact[a] - counts[a] > exact[b] - counts[b];
    });
    const double target = std::round(sumExact);
    for (std::size_t k = 0; k < n && sumCounts < target; ++k, sumCounts += 1)
        counts[order[k]] += 1;
    return counts;
}

/**
 * A recorded histogram (n bins over [low, high]) as a HistogramProto (see the header); total
 * is the number of values it describes, 0 to keep the shares. False when it is empty.
 */
bool toHistogram(const std::vector<float>& shares, double low, double high, double total,
                 pb::HistogramProto* h) {
    const std::size_t n = shares.size();
    if (n == 0 || !(high > low))
        return false;
    std::vector<double> counts;
    if (total > 0) {
        counts = countsFromShares(shares, total);
    } else {
        for (float s : shares)
            counts.push_back(std::isfinite(s) && s > 0 ? double(s) : 0.0);
    }
    std::size_t first = 0;
    while (first < n && !(counts[first] > 0))
        ++first;
    if (first == n)
        return false;
    std::size_t last = n - 1;
    while (!(counts[last] > 0))
        --last;
    const double width = (high - low) / double(n);
    auto edge = [&](std::size_t i) { return i == n ? high : low + double(i) * width; };
    double num = 0, sum = 0, sumSquares = 0;
    for (std::size_t i = first; i <= last; ++i) {
        const double centre = low + (double(i) + 0.5) * width;
        h->add_bucket_limit(edge(i + 1));
        h->add_bucket(counts[i]);
        num += counts[i];
        sum += counts[i] * centre;
        sumSquares += counts[i] * centre * centre;
    }
    h->set_min(edge(first));
    h->set_max(edge(last + 1));
    h->set_num(num);
    h->set_sum(sum);
    h->set_sum_squares(sumSquares);
    return true;
}

void addScalar(pb::Summary* s, const std::string& tag, double value) {
    pb::Summary::Value* v = s->add_value();
    v->set_tag(tag);
    v->set_simple_value(float(value));
}

void addHistogram(pb::Summary* s, const std::string& tag, const std::vector<float>& shares,
                  double low, double high, double total) {
    pb::HistogramProto h;
    if (!toHistogram(shares, low, high, total, &h))
        return;
    pb::Summary::Value* v = s->add_value();
    v->set_tag(tag);
    *v->mutable_histo() = std::move(h);
}

/// Calls the caller's progress now and then; remembers a cancel.
/// The events of one run, written as TFRecords to one stream.
class EventWriter {
public:
    explicit EventWriter(std::ofstream& out) : m_out(out) {}
    /** Writes e unless it is an empty summary; false when the stream failed. */
    bool write(const pb::Event& e) {
        if (e.has_summary() && e.summary().value_size() == 0)
            return m_out.good();
        m_payload.clear();
        m_record.clear();
        e.SerializeToString(&m_payload);
        appendTfRecord(m_payload, &m_record);
        m_out.write(m_record.data(), std::streamsize(m_record.size()));
        return m_out.good();
    }

private:
    std::ofstream& m_out;
    std::string m_payload, m_record;
};

pb::Event stepEvent(const StepEvent& e, bool slb, double wall) {
    pb::Event ev;
    ev.set_wall_time(wall);
    ev.set_step(e.step);
    pb::Summary* s = ev.mutable_summary();
    addScalar(s, "train/loss", e.loss);
    addScalar(s, "train/accuracy", e.accuracy);
    addScalar(s, "train/lr", e.lr);
    addScalar(s, "train/images_per_s", e.imagesPerSec);
    if (slb) {
        addScalar(s, "slb/T", e.temperature);
        addScalar(s, "slb/hard_phase", e.hardPhase ? 1.0 : 0.0);
    }
    return ev;
}

pb::Event epochEvent(const EpochEvent& e, double wall) {
    pb::Event ev;
    ev.set_wall_time(wall);
    ev.set_step(e.step);
    pb::Summary* s = ev.mutable_summary();
    addScalar(s, "epoch/train_loss", e.trainLoss);
    addScalar(s, "epoch/train_accuracy", e.trainAccuracy);
    addScalar(s, "test/loss_Wc", e.testLossSoft);
    addScalar(s, "test/loss_Wq", e.testLossHard);
    addScalar(s, "test/accuracy_Wc", e.testAccSoft);
    addScalar(s, "test/accuracy_Wq", e.testAccHard);
    if (std::isfinite(e.testTop5Soft))
        addScalar(s, "test/top5_Wc", e.testTop5Soft);
    if (std::isfinite(e.testTop5Hard))
        addScalar(s, "test/top5_Wq", e.testTop5Hard);
    return ev;
}

pb::Event snapshotEvent(const SnapshotEvent& e, double wall) {
    pb::Event ev;
    ev.set_wall_time(wall);
    ev.set_step(e.step);
    pb::Summary* s = ev.mutable_summary();
    for (const LayerSnapshot& l : e.layers) {
        const double weights = double(l.numWeights);
        if (l.kind == LayerSnapshot::Kind::Slb) {
            const std::string p = "layer/" + l.layer + "/";
            addScalar(s, p + "gap", l.slb.gap);
            addScalar(s, p + "entropy", l.slb.meanEntropy);
            addScalar(s, p + "committed", l.slb.sharpShare);
            addHistogram(s, p + "max_prob", l.slb.maxProbHist, l.slb.maxProbLow(), 1.0, weights);
        }
        const std::string p = "lsq/" + l.layer + "/";
        if (l.kind == LayerSnapshot::Kind::Lsq && l.lsqWeight.valid) {
            const LsqSnapshot& q = l.lsqWeight;
            addScalar(s, p + "s_w", q.step);
            addScalar(s, p + "clipped_w", q.clippedShare);
            addHistogram(s, p + "v_over_s_w", q.hist, q.histLow, q.histHigh, weights);
        }
        if (l.activation.valid) {
            const LsqSnapshot& q = l.activation;
            addScalar(s, p + "s_a", q.step);
            addScalar(s, p + "clipped_a", q.clippedShare);
            addHistogram(s, p + "v_over_s_a", q.hist, q.histLow, q.histHigh, 0.0);
        }
    }
    return ev;
}

bool hasSlbLayers(const RunReader& reader) {
    for (const RunStartedEvent& r : reader.runStarts())
        for (const LayerInfo& l : r.layers)
            if (l.kind == "slb")
                return true;
    for (const StepEvent& e : reader.steps())
        if (e.temperature != 0)
            return true;
    return false;
}

/// Every event of the run in step order; false on a write failure, a read error or a cancel.
bool writeRun(const RunReader& reader, const WallClock& clock, EventWriter& out,
              ExportProgress& progress, std::string* readError) {
    const bool slb = hasSlbLayers(reader);
    const std::vector<StepEvent>& steps = reader.steps();
    const std::vector<EpochEvent>& epochs = reader.epochs();
    std::size_t si = 0, ei = 0;
    // Steps and epochs up to and including `step`, a step before the epoch it ends.
    auto writeThrough = [&](std::int64_t step) {
        while (true) {
            const bool stepNext = si < steps.size() && steps[si].step <= step &&
                                  (ei == epochs.size() || steps[si].step <= epochs[ei].step);
            const bool epochNext = !stepNext && ei < epochs.size() && epochs[ei].step <= step;
            if (!stepNext && !epochNext)
                return true;
            bool ok;
            if (stepNext) {
                ok = out.write(stepEvent(steps[si], slb, clock.at(steps[si].step)));
                ++si;
            } else {
                ok = out.write(epochEvent(epochs[ei], clock.at(epochs[ei].step)));
                ++ei;
            }
            if (!ok || !progress.advance())
                return false;
        }
    };
    bool ok = true;
    const bool read = reader.forEachSnapshot(
        [&](const SnapshotEvent& e) {
            // A cancel or a failure cannot stop the reader; the rest is skipped.
            ok = ok && writeThrough(e.step) && out.write(snapshotEvent(e, clock.at(e.step))) &&
                 progress.advance();
        },
        readError);
    return ok && read && writeThrough(std::numeric_limits<std::int64_t>::max());
}

std::string fileSafe(std::string s) {
    for (char& c : s)
        if (c == '/' || static_cast<unsigned char>(c) < 0x20)
            c = '_';
    return s.empty() ? "unknown" : s;
}

}  // namespace

std::string defaultTensorBoardDir(const std::string& runDir) {
    return (fs::path(trimTrailingSlashes(runDir)) / "exports" / "tensorboard").string();
}

bool exportTensorBoard(const RunReader& reader, const std::string& outDir, std::string* writtenFile,
                       std::string* error, const std::function<bool(double)>& progress) {
    const std::string dir =
        outDir.empty() ? defaultTensorBoardDir(reader.runDir()) : trimTrailingSlashes(outDir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !isDirectory(dir)) {
        *error = "cannot create the folder '" + dir + "' for the TensorBoard export: " +
                 (ec ? ec.message() : std::string("a file of that name is in the way")) +
                 "; pick a folder that can be written";
        return false;
    }
    const WallClock clock(reader);
    const std::string path = dir + "/events.out.tfevents." +
                             std::to_string(static_cast<long long>(std::floor(clock.start()))) +
                             "." + fileSafe(hostName());
    const std::string tmp = dir + "/.slb-tensorboard-export.tmp-" + std::to_string(::getpid());
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file.is_open()) {
        *error = "cannot write in '" + dir + "': " + std::strerror(errno) +
                 "; pick a folder that can be written";
        return false;
    }
    const std::size_t units =
        reader.steps().size() + reader.epochs().size() + reader.snapshotSteps().size();
    ExportProgress prog(progress, units);
    EventWriter out(file);
    pb::Event header;
    header.set_wall_time(clock.start());
    header.set_file_version(kFileVersion);
    std::string readError;
    const bool ok = out.write(header) && writeRun(reader, clock, out, prog, &readError);
    if (!finishExportFile(file, ok, tmp, path, prog, readError, "TensorBoard export", error))
        return false;
    prog.finish();
    if (writtenFile)
        *writtenFile = path;
    return true;
}

bool exportTensorBoard(const std::string& runDir, const std::string& outDir,
                       std::string* writtenFile, std::string* error,
                       const std::function<bool(double)>& progress) {
    const auto reader = RunReader::open(runDir, error);
    return reader && exportTensorBoard(*reader, outDir, writtenFile, error, progress);
}

}  // namespace slb
