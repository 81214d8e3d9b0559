#include "record/metricsexport.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <locale>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "record/eventjson.h"
#include "record/runreader.h"

namespace slb {

namespace {

/// Shortest text that reads back to the same double (std::to_chars' guarantee).
std::string number(double v) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

std::string jsonNumber(double v) {
    return std::isfinite(v) ? number(v) : "null";
}

std::string jsonString(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}


std::string folderOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

/// Writes through a temporary sibling file and renames it over `path` when all went well.
class AtomicFile {
public:
    explicit AtomicFile(std::string path)
        : m_path(std::move(path)), m_tmp(m_path + ".tmp-" + std::to_string(::getpid())) {
        m_out.imbue(std::locale::classic());  // no digit grouping whatever the global locale
        m_out.open(m_tmp, std::ios::binary | std::ios::trunc);
        if (!m_out.is_open())
            m_openErrno = errno;
    }
    ~AtomicFile() {
        if (!m_committed) {
            m_out.close();
            std::remove(m_tmp.c_str());
        }
    }
    std::ofstream& out() { return m_out; }
    bool commit(std::string* error) {
        if (!m_out.is_open()) {
            *error = "cannot write '" + m_path + "': " + std::strerror(m_openErrno) +
                     "; check that its folder exists and is writable";
            return false;
        }
        m_out.flush();
        const bool good = m_out.good();
        m_out.close();
        if (!good || m_out.fail()) {
            *error = "writing '" + m_path + "' failed (disk full?); nothing was replaced";
            return false;
        }
        if (std::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
            *error = "cannot rename '" + m_tmp + "' to '" + m_path + "': " + std::strerror(errno);
            return false;
        }
        m_committed = true;
        return true;
    }

private:
    std::string m_path, m_tmp;
    std::ofstream m_out;
    bool m_committed = false;
    int m_openErrno = 0;
};

/// The "snapshots" array: one object per snapshot step with every layer's full snapshot.
bool writeSnapshots(const RunReader& reader, std::ostream& out, std::string* error) {
    out << '[';
    bool first = true;
    const bool ok = reader.forEachSnapshot(
        [&](const SnapshotEvent& e) {
            out << (first ? "\n" : ",\n") << "{\"step\":" << e.step << ",\"epoch\":" << e.epoch
                << ",\"layers\":[";
            for (size_t i = 0; i < e.layers.size(); ++i)
                out << (i ? "," : "") << layerSnapshotToJson(e.layers[i]);
            out << "]}";
            first = false;
        },
        error);
    out << "\n]";
    return ok;
}

}  // namespace

std::vector<MetricRow> metricRows(const RunReader& reader) {
    std::vector<MetricRow> rows;
    rows.reserve(reader.steps().size() * 7 + reader.epochs().size() * 13);
    for (const StepEvent& e : reader.steps()) {
        const std::pair<const char*, double> values[] = {{"train/loss", e.loss},
                                                         {"train/accuracy", e.accuracy},
                                                         {"lr", e.lr},
                                                         {"temperature", e.temperature},
                                                         {"hard_phase", e.hardPhase ? 1.0 : 0.0},
                                                         {"images_per_s", e.imagesPerSec},
                                                         {"elapsed", e.elapsed}};
        for (const auto& [name, v] : values)
            rows.push_back({e.step, e.epoch, name, v});
    }
    for (const EpochEvent& e : reader.epochs()) {
        const std::pair<const char*, double> values[] = {
            {"epoch/train_loss", e.trainLoss},
            {"epoch/train_accuracy", e.trainAccuracy},
            {"test/loss_soft", e.testLossSoft},
            {"test/loss_hard", e.testLossHard},
            {"test/acc_soft", e.testAccSoft},
            {"test/acc_hard", e.testAccHard},
            {"test/top5_soft", e.testTop5Soft},
            {"test/top5_hard", e.testTop5Hard},
            {"epoch/temperature", e.temperature},
            {"epoch/lr", e.lr},
            {"epoch/hard_phase", e.hardPhase ? 1.0 : 0.0},
            {"epoch/seconds", e.seconds},
            {"epoch/images_per_s", e.imagesPerSec}};
        for (const auto& [name, v] : values)
            rows.push_back({e.step, e.epoch, name, v});
    }
    for (const std::string& layer : reader.layerNames())
        for (const std::string& series : RunReader::layerSeriesNames())
            for (const SeriesPoint& p : reader.layerSeries(layer, series))
                rows.push_back({p.step, p.epoch, "layer/" + layer + "/" + series, p.value});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const MetricRow& a, const MetricRow& b) { return a.step < b.step; });
    return rows;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + "\"";
}

bool exportCsv(const RunReader& reader, const std::string& csvPath, std::string* error,
               const std::string& snapshotsPath) {
    {
        AtomicFile file(csvPath);
        std::ofstream& out = file.out();
        out << "step,epoch,series,value\n";
        for (const MetricRow& r : metricRows(reader))
            out << r.step << ',' << r.epoch << ',' << csvField(r.series) << ',' << number(r.value)
                << '\n';
        if (!file.commit(error))
            return false;
    }
    const std::string snapPath =
        snapshotsPath.empty() ? folderOf(csvPath) + "/snapshots.json" : snapshotsPath;
    AtomicFile file(snapPath);
    std::ofstream& out = file.out();
    out << "{\"format\":\"slb-workbench-snapshots\",\"version\":1,\"snapshots\":";
    if (!writeSnapshots(reader, out, error))
        return false;
    out << "}\n";
    return file.commit(error);
}

bool exportJson(const RunReader& reader, const std::string& jsonPath, std::string* error) {
    AtomicFile file(jsonPath);
    std::ofstream& out = file.out();
    const std::string& config = reader.configJson();
    // The config goes in verbatim (numbers exactly as recorded) when it is JSON, as it should be.
    out << "{\"format\":\"slb-workbench-metrics\",\"version\":1,\n\"run_dir\":"
        << jsonString(reader.runDir())
        << ",\n\"config\":" << (nlohmann::json::accept(config) ? config : jsonString(config))
        << ",\n\"status\":\"" << toString(reader.status()) << "\",\n\"run_starts\":[";
    for (size_t i = 0; i < reader.runStarts().size(); ++i)
        out << (i ? "," : "") << runStartedToJson(reader.runStarts()[i]);
    out << "],\n\"lifecycle\":[";
    for (size_t i = 0; i < reader.lifecycle().size(); ++i)
        out << (i ? "," : "") << lifecycleToJson(reader.lifecycle()[i]);
    out << "],\n\"columns\":[\"step\",\"epoch\",\"series\",\"value\"],\n\"metrics\":[";
    bool first = true;
    for (const MetricRow& r : metricRows(reader)) {
        out << (first ? "\n" : ",\n") << "{\"step\":" << r.step << ",\"epoch\":" << r.epoch
            << ",\"series\":" << jsonString(r.series) << ",\"value\":" << jsonNumber(r.value)
            << '}';
        first = false;
    }
    out << "\n],\n\"snapshots\":";
    if (!writeSnapshots(reader, out, error))
        return false;
    out << "}\n";
    return file.commit(error);
}

}  // namespace slb
