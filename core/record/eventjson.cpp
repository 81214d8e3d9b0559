#include "record/eventjson.h"

#include <limits>

#include <nlohmann/json.hpp>

#include "base/jsonvalue.h"

namespace slb {

namespace {

using Json = nlohmann::ordered_json;

Json lsqJson(const LsqSnapshot& q) {
    return Json{{"bits", q.bits},
                {"signed", q.isSigned},
                {"step", q.step},
                {"qn", q.qn},
                {"qp", q.qp},
                {"clipped_share", q.clippedShare},
                {"hist", q.hist},
                {"hist_low", q.histLow},
                {"hist_high", q.histHigh},
                {"valid", q.valid}};
}

}  // namespace

std::string runStartedToJson(const RunStartedEvent& e) {
    Json layers = Json::array();
    for (const LayerInfo& l : e.layers)
        layers.push_back(Json{{"name", l.name},
                              {"kind", l.kind},
                              {"weight_bits", l.weightBits},
                              {"act_bits", l.actBits},
                              {"num_weights", l.numWeights},
                              {"shape", l.shape}});
    const Json j{{"config_json", e.configJson},
                 {"device", e.device},
                 {"threads", e.threads},
                 {"world_size", e.worldSize},
                 {"backend", e.backend},
                 {"model", e.modelName},
                 {"num_parameters", e.numParameters},
                 {"num_classes", e.numClasses},
                 {"class_names", e.classNames},
                 {"train_size", e.trainSize},
                 {"test_size", e.testSize},
                 {"iters_per_epoch", e.itersPerEpoch},
                 {"total_epochs", e.totalEpochs},
                 {"start_epoch", e.startEpoch},
                 {"start_step", e.startStep},
                 {"layers", layers}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool runStartedFromJson(const std::string& json, RunStartedEvent* out, std::string* error) {
    // Written by this program, but read back from a file that may come from anywhere: every field
    // is checked, and an error names it.
    constexpr std::int64_t kBig = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kInt = std::numeric_limits<int>::max();
    try {
        Json doc;
        JsonValue::parse(json, "run info", &doc);
        const JsonValue j(doc, "run info");
        RunStartedEvent e;
        e.configJson = j["config_json"].string();
        e.device = j["device"].string();
        e.threads = int(j["threads"].integer(0, kInt));
        e.worldSize = int(j.integerOr("world_size", 1, 1, kInt));
        e.backend = j.stringOr("backend", "");
        e.modelName = j["model"].string();
        e.numParameters = j["num_parameters"].integer(0, kBig);
        e.numClasses = int(j["num_classes"].integer(0, kInt));
        e.classNames = j["class_names"].strings();
        e.trainSize = j["train_size"].integer(0, kBig);
        e.testSize = j["test_size"].integer(0, kBig);
        e.itersPerEpoch = j["iters_per_epoch"].integer(0, kBig);
        e.totalEpochs = int(j["total_epochs"].integer(0, kInt));
        e.startEpoch = int(j["start_epoch"].integer(0, kInt));
        e.startStep = j["start_step"].integer(0, kBig);
        const JsonValue layers = j["layers"];
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const JsonValue l = layers[i];
            LayerInfo info;
            info.name = l["name"].string();
            info.kind = l["kind"].string();
            info.weightBits = int(l["weight_bits"].integer(0, 64));
            info.actBits = int(l["act_bits"].integer(0, 64));
            info.numWeights = l["num_weights"].integer(0, kBig);
            info.shape = l["shape"].integers(0, kBig);
            e.layers.push_back(std::move(info));
        }
        *out = std::move(e);
        return true;
    } catch (const FileFormatError& ex) {
        if (error)
            *error = ex.what();
        return false;
    }
}

std::string layerSnapshotToJson(const LayerSnapshot& s) {
    const SlbSnapshot& b = s.slb;
    const Json slb{{"bits", b.bits},
                   {"temperature", b.temperature},
                   {"values", b.values},
                   {"mean_prob", b.meanProb},
                   {"argmax_share", b.argmaxShare},
                   {"max_prob_hist", b.maxProbHist},
                   {"mean_entropy", b.meanEntropy},
                   {"sharp_share", b.sharpShare},
                   {"gap", b.gap},
                   {"tracked_index", b.trackedIndex},
                   {"tracked_probs", b.trackedProbs}};
    const Json j{{"layer", s.layer},
                 {"kind", s.kind == LayerSnapshot::Kind::Slb ? "slb" : "lsq"},
                 {"step", s.step},
                 {"num_weights", s.numWeights},
                 {"slb", slb},
                 {"lsq_weight", lsqJson(s.lsqWeight)},
                 {"activation", lsqJson(s.activation)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string lifecycleToJson(const LifecycleEvent& e) {
    const Json j{{"status", toString(e.status)},
                 {"step", e.step},
                 {"epoch", e.epoch},
                 {"message", e.message},
                 {"wall_time", e.wallTime}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace slb
