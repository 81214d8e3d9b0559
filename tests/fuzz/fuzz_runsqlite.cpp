// A run folder copied from somewhere else: the input is its run.sqlite, opened through RunReader
// and read the way replay and follow read it (every series, every snapshot, a poll).
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzzinput.h"
#include "record/runreader.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path dir = slb::fuzz::scratchDir() / "run";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    slb::fuzz::writeFile("run/run.sqlite", std::string(reinterpret_cast<const char*>(data), size));
    std::string why;
    auto reader = slb::RunReader::open(dir.string(), &why);
    if (!reader) {
        if (why.empty())
            slb::fuzz::broken("a run was refused without a reason");
        return 0;
    }
    (void)reader->status();
    (void)reader->runInfo();
    for (const std::string& layer : reader->layerNames()) {
        for (const std::string& series : slb::RunReader::layerSeriesNames())
            (void)reader->layerSeries(layer, series);
        for (std::int64_t step : reader->snapshotSteps())
            (void)reader->snapshot(layer, step);
    }
    reader->forEachSnapshot([](const slb::SnapshotEvent&) {}, &why);
    (void)reader->poll();
    (void)reader->checkIntegrity(&why);
    return 0;
}
