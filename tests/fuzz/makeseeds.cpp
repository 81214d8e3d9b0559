// Writes the fuzzers' seed corpora from the data the tests already make: a small recorded run,
// its run info and snapshot blobs, a packed model, configs and the shipped presets, IDX (raw and
// gzip) and CIFAR-10 files. Usage: fuzz_makeseeds OUT_DIR PRESETS_JSON
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "../data/datafiles.h"
#include "../record/recordfixtures.h"
#include "base/config.h"
#include "record/eventjson.h"
#include "record/packedmanifest.h"
#include "record/runstore.h"
#include "record/snapshotcodec.h"

namespace fs = std::filesystem;
namespace fx = slb::fixtures;

namespace {

void put(const fs::path& dir, const std::string& name, const std::string& bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

std::string str(const std::vector<unsigned char>& b) {
    return std::string(b.begin(), b.end());
}

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void packedModel(const fs::path& out) {
    using Json = nlohmann::ordered_json;
    std::vector<unsigned char> blob(16, 0);
    const float bias[2] = {1.5f, -2.0f};
    std::memcpy(blob.data(), bias, sizeof bias);
    blob[8] = slb::packCodes({0, 1, 2, 3}, 2)[0];
    blob[12] = slb::packCodes({0, 2, 3}, 2)[0];
    Json m;
    m["format"] = slb::kPackedModelFormat;
    m["version"] = 1;
    m["blob"] = "model.bin";
    m["blob_bytes"] = blob.size();
    m["input"] = {{"channels", 1}, {"height", 28}, {"width", 28}};
    m["classes"] = 10;
    m["config"] = Json::parse(slb::RunConfig().toJson());
    m["recorded"] = {{"test_acc_soft", 0.9}, {"test_acc_hard", 0.89}, {"epoch", 3}, {"step", 42}};
    m["tensors"] = Json::array({{{"name", "fc.bias"},
                                 {"encoding", "float32"},
                                 {"shape", {2}},
                                 {"offset", 0},
                                 {"bytes", 8}},
                                {{"name", "conv.weight"},
                                 {"encoding", "slb"},
                                 {"bits", 2},
                                 {"shape", {2, 2}},
                                 {"codebook", {-1.0, -0.5, 0.5, 1.0}},
                                 {"offset", 8},
                                 {"bytes", 1}},
                                {{"name", "lin.weight"},
                                 {"encoding", "lsq"},
                                 {"bits", 2},
                                 {"shape", {3}},
                                 {"step", 0.25},
                                 {"qn", 2},
                                 {"offset", 12},
                                 {"bytes", 1}}});
    put(out, "packed-model", m.dump(1) + std::string(1, '\0') + str(blob));
}

void configs(const fs::path& out, const std::string& presets) {
    put(out, "defaults.json", slb::RunConfig().toJson());
    const auto list = nlohmann::json::parse(presets);
    for (const auto& p : list)
        put(out, p.at("id").get<std::string>() + ".json", p.at("config").dump(1));
}

void recorded(const fs::path& out) {
    put(out, "run-info", "\x01" + slb::runStartedToJson(fx::runStarted(4)));
    for (int i = 0; i < 4; ++i)
        put(out, "snapshot-" + std::to_string(i),
            std::string(1, '\0') + str(slb::encodeLayerSnapshot(fx::layerSnapshot(i, 7))));
}

bool runSqlite(const fs::path& out) {
    const fs::path dir = fs::temp_directory_path() / "slb-fuzz-seed-run";
    fs::remove_all(dir);
    std::string err;
    {
        auto store = slb::RunStore::create(dir.string(), slb::RunConfig().toJson(), &err);
        if (!store) {
            std::fprintf(stderr, "makeseeds: %s\n", err.c_str());
            return false;
        }
        store->onRunStarted(fx::runStarted(3));
        for (std::int64_t s = 0; s < 12; ++s) {
            store->onStep(fx::step(s, 6));
            if (s % 4 == 3)
                store->onSnapshot(fx::snapshot(s, 3, 2));
            if (s % 6 == 5)
                store->onEpoch(fx::epoch(int(s / 6), 6));
        }
        slb::LifecycleEvent done;
        done.status = slb::RunStatus::Finished;
        done.step = 11;
        store->onLifecycle(done);
    }
    put(out, "run.sqlite", readAll(dir / "run.sqlite"));
    fs::remove_all(dir);
    return true;
}

/// Mode byte: bit 0 picks the reader (0 IDX, 1 CIFAR), bits 1..6 the sample limit.
void datasets(const fs::path& out) {
    using slbtest::Bytes;
    const std::string scratch = (fs::temp_directory_path() / "slb-fuzz-seed.gz").string();
    const auto idx = [&](const Bytes& labels, const Bytes& images, int limit) {
        return std::string(1, char(limit << 1)) + str(labels) + "\n--\n" + str(images);
    };
    put(out, "idx-raw", idx(slbtest::idxLabels(6), slbtest::idxImages(6, 4, 3), 0));
    put(out, "idx-raw-limit", idx(slbtest::idxLabels(6), slbtest::idxImages(6, 4, 3), 2));
    put(out, "idx-gzip",
        idx(slbtest::gzipped(scratch, slbtest::idxLabels(5)),
            slbtest::gzipped(scratch, slbtest::idxImages(5, 3, 3)), 0));
    put(out, "cifar", std::string(1, '\x01') + str(slbtest::cifarBatch(2)));
    put(out, "cifar-limit", std::string(1, char(1 | (1 << 1))) + str(slbtest::cifarBatch(3)));
    fs::remove(scratch);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s OUT_DIR PRESETS_JSON\n", argv[0]);
        return 2;
    }
    const fs::path out = argv[1];
    packedModel(out / "packedmodel");
    configs(out / "configjson", readAll(argv[2]));
    recorded(out / "recordedjson");
    put(out / "presets", "presets.json", readAll(argv[2]));
    if (!runSqlite(out / "runsqlite"))
        return 1;
    datasets(out / "datasets");
    return 0;
}
