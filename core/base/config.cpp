#include "base/config.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "base/config_p.h"

namespace slb {

namespace {
using namespace configdetail;
using T = ConfigField::Type;
}  // namespace

RunConfig::RunConfig() {
    lr.base = 0.1;
    lr.kind = LrScheduleKind::Cosine;
    // The paper's choice (§4.1: "we adopt the exp scheduler"), per iteration: T from 1 to 1000
    // sharpens every layer's distributions to one-hot within a short run, so W_c meets W_q
    // without a hard phase. Golden Stick's factor schedule keeps its own defaults (T0 1, f 1.2,
    // 0.2 .. 0.6) for when it is picked.
    temperature.kind = TempScheduleKind::Exp;
    temperature.unit = ScheduleUnit::Iteration;
    temperature.tStart = 1.0;
    temperature.tEnd = 1000.0;
}

ActQuantKind RunConfig::resolvedActQuant() const {
    if (abits >= 32 || method == Method::Float)
        return ActQuantKind::None;
    if (actQuant != ActQuantKind::Auto)
        return actQuant;
    return method == Method::Lsq ? ActQuantKind::Lsq : ActQuantKind::DoReFa;
}

EdgeLayer RunConfig::resolvedFirstLayer() const {
    if (method == Method::Float)
        return EdgeLayer::Float;
    if (firstLayer != EdgeLayer::Auto)
        return firstLayer;
    return method == Method::Lsq ? EdgeLayer::EightBit : EdgeLayer::Float;
}

EdgeLayer RunConfig::resolvedLastLayer() const {
    if (method == Method::Float)
        return EdgeLayer::Float;
    if (lastLayer != EdgeLayer::Auto)
        return lastLayer;
    return method == Method::Lsq ? EdgeLayer::EightBit : EdgeLayer::Float;
}

bool RunConfig::resolvedAugment() const {
    if (augment == "on")
        return true;
    if (augment == "off")
        return false;
    return dataset == "cifar10";
}

std::string RunConfig::resolvedDataDir() const {
    return dataDir.empty() ? defaultDataDir(dataset) : dataDir;
}

std::string RunConfig::validate() const {
    if (std::find(knownModels().begin(), knownModels().end(), model) == knownModels().end())
        return "model: unknown model '" + model + "' (one of " + join(knownModels(), ", ") + ")";
    if (std::find(knownDatasets().begin(), knownDatasets().end(), dataset) == knownDatasets().end())
        return "dataset: unknown dataset '" + dataset + "' (one of " + join(knownDatasets(), ", ") +
               ")";
    if (method == Method::Slb) {
        if (!(wbits == 1 || wbits == 2 || wbits == 3 || wbits == 4 || wbits == 8))
            return "wbits: SLB supports 1, 2, 3, 4 or 8 bits, got " + std::to_string(wbits);
    } else if (method == Method::Lsq) {
        if (wbits < 2 || wbits > 8)
            return "wbits: LSQ supports 2 to 8 bits, got " + std::to_string(wbits);
    }
    if (method != Method::Float && abits != 32) {
        const int lo = resolvedActQuant() == ActQuantKind::Lsq ? 2 : 1;
        if (abits < lo || abits > 8)
            return "abits: activations take " + std::to_string(lo) +
                   " to 8 bits, or 32 for float; got " + std::to_string(abits);
    }
    if (method == Method::Float && abits != 32 && abits != 0)
        return "abits: fp runs keep float activations; use 32";
    if (method == Method::Slb && actQuant == ActQuantKind::Lsq && abits == 32)
        return "act_quant: lsq activations need abits between 2 and 8";
    if (epochs < 1)
        return "epochs: must be at least 1, got " + std::to_string(epochs);
    if (batchSize < 1)
        return "batch_size: must be at least 1, got " + std::to_string(batchSize);
    if (std::string e = lr.validate(); !e.empty())
        return e;
    if (method == Method::Slb)
        if (std::string e = temperature.validate(); !e.empty())
            return e;
    if (optimizer == "adam" && (adamBeta1 >= 1 || adamBeta2 >= 1))
        return "adam_beta1: Adam betas must be below 1";
    if (!teacher.empty() && teacher == initFrom && method == Method::Float)
        return "teacher: a float run distilling from its own init makes no sense";
    if (device != "auto" && device != "cpu" && device.rfind("cuda", 0) != 0)
        return "device: '" + device + "' is not auto, cpu, cuda or cuda:N";
    return {};
}

std::string RunConfig::toJson(int indent) const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& f : configFields()) {
        const std::string v = f.get(*this);
        switch (f.type) {
            case T::Int:
                j[f.key] = std::stoll(v);
                break;
            case T::Real:
                j[f.key] = std::stod(v);
                break;
            case T::Bool:
                j[f.key] = v == "true";
                break;
            case T::List: {
                auto arr = nlohmann::ordered_json::array();
                std::stringstream ss(v);
                std::string item;
                while (std::getline(ss, item, ','))
                    if (!item.empty())
                        arr.push_back(std::stod(item));
                j[f.key] = arr;
                break;
            }
            default:
                j[f.key] = v;
        }
    }
    return j.dump(indent);
}

bool RunConfig::applyJson(const std::string& json, std::string* error) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::parse_error& e) {
        // The library's own text ("[json.exception.parse_error.101] ...") means nothing to a
        // user; where the parser stopped does.
        if (error)
            *error = "not valid JSON (at byte " + std::to_string(e.byte) + ")";
        return false;
    } catch (const std::exception&) {
        if (error)  // out_of_range: a number beyond double's range, such as 1e999
            *error = "not valid JSON (a number too large to read)";
        return false;
    }
    if (!j.is_object()) {
        if (error)
            *error = "the config must be a JSON object";
        return false;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
        const ConfigField* f = findConfigField(it.key());
        if (!f || f->key != it.key()) {
            if (error)
                *error = it.key() + ": unknown config field";
            return false;
        }
        std::string text;
        const auto& v = it.value();
        if (v.is_string()) {
            text = v.get<std::string>();
        } else if (v.is_boolean()) {
            text = v.get<bool>() ? "true" : "false";
        } else if (v.is_number_integer()) {
            text = std::to_string(v.get<long long>());
        } else if (v.is_number()) {
            text = fmtReal(v.get<double>());
        } else if (v.is_array()) {
            std::vector<std::string> parts;
            for (const auto& x : v)
                parts.push_back(x.is_number() ? fmtReal(x.get<double>()) : x.dump());
            text = join(parts, ",");
        } else if (v.is_null()) {
            text = "";
        } else {
            if (error)
                *error = it.key() + ": unsupported value " + v.dump();
            return false;
        }
        if (f->type == T::Real && v.is_number_integer())
            text = fmtReal(v.get<double>());
        if (std::string e = f->set(*this, text); !e.empty()) {
            if (error)
                *error = it.key() + ": " + e;
            return false;
        }
    }
    return true;
}

bool RunConfig::fromJson(const std::string& json, RunConfig* out, std::string* error) {
    RunConfig c;
    if (!c.applyJson(json, error))
        return false;
    *out = c;
    return true;
}

const char* toString(Method m) {
    switch (m) {
        case Method::Float:
            return "fp";
        case Method::Slb:
            return "slb";
        case Method::Lsq:
            return "lsq";
    }
    return "slb";
}

bool parseMethod(const std::string& s, Method* out) {
    for (auto m : {Method::Float, Method::Slb, Method::Lsq}) {
        if (s == toString(m)) {
            *out = m;
            return true;
        }
    }
    return false;
}

const char* toString(ActQuantKind k) {
    switch (k) {
        case ActQuantKind::Auto:
            return "auto";
        case ActQuantKind::None:
            return "none";
        case ActQuantKind::DoReFa:
            return "dorefa";
        case ActQuantKind::Pact:
            return "pact";
        case ActQuantKind::Lsq:
            return "lsq";
    }
    return "auto";
}

const char* toString(EdgeLayer e) {
    switch (e) {
        case EdgeLayer::Auto:
            return "auto";
        case EdgeLayer::Float:
            return "float";
        case EdgeLayer::EightBit:
            return "8bit";
        case EdgeLayer::Quantized:
            return "quant";
    }
    return "auto";
}

const char* toString(StateBnMode m) {
    return m == StateBnMode::Calibration ? "calibration" : "iteration";
}

std::string defaultDataDir(const std::string& dataset) {
    if (dataset == "fashion-mnist")
        return "/usr/share/datasets/fashion-mnist";
    if (dataset == "mnist")
        return "/usr/share/datasets/mnist";
    if (dataset == "cifar10")
        return "/usr/share/datasets/cifar10";
    return {};
}

}  // namespace slb
