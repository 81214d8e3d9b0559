#include "record/eventjson.h"

#include <nlohmann/json.hpp>

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
    try {
        const Json j = Json::parse(json);
        RunStartedEvent e;
        j.at("config_json").get_to(e.configJson);
        j.at("device").get_to(e.device);
        j.at("threads").get_to(e.threads);
        j.at("model").get_to(e.modelName);
        j.at("num_parameters").get_to(e.numParameters);
        j.at("num_classes").get_to(e.numClasses);
        j.at("class_names").get_to(e.classNames);
        j.at("train_size").get_to(e.trainSize);
        j.at("test_size").get_to(e.testSize);
        j.at("iters_per_epoch").get_to(e.itersPerEpoch);
        j.at("total_epochs").get_to(e.totalEpochs);
        j.at("start_epoch").get_to(e.startEpoch);
        j.at("start_step").get_to(e.startStep);
        for (const Json& l : j.at("layers")) {
            LayerInfo info;
            l.at("name").get_to(info.name);
            l.at("kind").get_to(info.kind);
            l.at("weight_bits").get_to(info.weightBits);
            l.at("act_bits").get_to(info.actBits);
            l.at("num_weights").get_to(info.numWeights);
            l.at("shape").get_to(info.shape);
            e.layers.push_back(std::move(info));
        }
        *out = std::move(e);
        return true;
    } catch (const std::exception& ex) {
        if (error)
            *error = std::string("run info: ") + ex.what();
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
