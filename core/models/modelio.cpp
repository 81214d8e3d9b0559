#include "models/modelio.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/serialize.h>

#include "quant/lsq.h"
#include "quant/slblayers.h"
#include "quant/statebatchnorm.h"

namespace slb {

namespace {

constexpr const char* kFormat = "slb-workbench-model";
constexpr std::int64_t kVersion = 1;

void copyInto(const torch::Tensor& dst, const torch::Tensor& src, const std::string& what) {
    if (dst.sizes() != src.sizes())
        throw std::runtime_error(what + ": shape " + c10::str(src.sizes()) + " does not match " +
                                 c10::str(dst.sizes()));
    dst.copy_(src);
}

}  // namespace

void saveArchive(torch::serialize::OutputArchive& a, const std::string& path) {
    try {
        a.save_to(path);
    } catch (const c10::Error& e) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        throw std::runtime_error(path +
                                 ": cannot be written (disk full or folder not writable?): " +
                                 e.what_without_backtrace());
    }
}

void writeModelHeader(torch::serialize::OutputArchive& a, const RunConfig& config,
                      const ModelSpec& spec) {
    a.write("format", c10::IValue(std::string(kFormat)));
    a.write("version", c10::IValue(kVersion));
    a.write("config", c10::IValue(config.toJson(-1)));
    a.write("in_channels", c10::IValue(std::int64_t(spec.inChannels)));
    a.write("in_height", c10::IValue(std::int64_t(spec.inHeight)));
    a.write("in_width", c10::IValue(std::int64_t(spec.inWidth)));
    a.write("num_classes", c10::IValue(std::int64_t(spec.numClasses)));
}

ModelFileInfo readModelHeader(torch::serialize::InputArchive& a, const std::string& path) {
    c10::IValue v;
    if (!a.try_read("format", v) || !v.isString() || v.toStringRef() != kFormat)
        throw std::runtime_error(path + ": not a model or checkpoint of SLB Workbench");
    if (!a.try_read("version", v) || !v.isInt() || v.toInt() > kVersion)
        throw std::runtime_error(path + ": written by a newer SLB Workbench; update to read it");
    ModelFileInfo info;
    std::string error;
    if (!a.try_read("config", v) || !v.isString() ||
        !RunConfig::fromJson(v.toStringRef(), &info.config, &error))
        throw std::runtime_error(path + ": its config cannot be read: " + error);
    auto readInt = [&](const char* key) {
        c10::IValue x;
        if (!a.try_read(key, x) || !x.isInt())
            throw std::runtime_error(path + ": missing '" + key + "'");
        return int(x.toInt());
    };
    info.spec = modelSpecFrom(info.config, readInt("in_channels"), readInt("in_height"),
                              readInt("in_width"), readInt("num_classes"));
    return info;
}

void saveModelFile(const std::string& path, NetworkImpl& net, const RunConfig& config) {
    torch::serialize::OutputArchive a;
    writeModelHeader(a, config, net.spec());
    torch::serialize::OutputArchive m;
    net.save(m);
    a.write("model", m);
    const std::string tmp = path + ".tmp";
    saveArchive(a, tmp);
    std::filesystem::rename(tmp, path);
}

Network loadModelFile(const std::string& path, ModelFileInfo* infoOut) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error(path + ": no such file");
    torch::serialize::InputArchive a;
    try {
        a.load_from(path, torch::kCPU);
    } catch (const c10::Error&) {
        throw std::runtime_error(path +
                                 ": not a model file (cannot be read as a LibTorch archive)");
    }
    ModelFileInfo info = readModelHeader(a, path);
    Network net = buildModel(info.spec);
    torch::serialize::InputArchive m;
    try {
        a.read("model", m);
        net->load(m);
    } catch (const c10::Error& e) {
        throw std::runtime_error(path + ": its weights do not fit a " + info.spec.name +
                                 " network: " + e.what_without_backtrace());
    }
    if (infoOut)
        *infoOut = info;
    return net;
}

void initFromFloat(NetworkImpl& target, NetworkImpl& source) {
    torch::NoGradGuard noGrad;
    std::map<std::string, std::shared_ptr<torch::nn::Module>> src;
    for (const auto& item : source.named_modules("", false))
        src[item.key()] = item.value();

    for (const auto& item : target.named_modules("", false)) {
        const std::string& name = item.key();
        const auto& mod = item.value();
        auto it = src.find(name);
        const auto conv = it == src.end()
                              ? nullptr
                              : std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(it->second);
        const auto lin = it == src.end()
                             ? nullptr
                             : std::dynamic_pointer_cast<torch::nn::LinearImpl>(it->second);
        const auto bn2 = it == src.end()
                             ? nullptr
                             : std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(it->second);
        const auto bn1 = it == src.end()
                             ? nullptr
                             : std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(it->second);
        auto needs = [&](bool ok, const char* kind) {
            if (!ok)
                throw std::runtime_error("init-from: layer '" + name + "' is not a float " + kind +
                                         " in the source model");
        };
        if (auto t = std::dynamic_pointer_cast<SlbConv2dImpl>(mod)) {
            needs(conv != nullptr, "conv");
            t->initFromFloat(conv->weight);
        } else if (auto t = std::dynamic_pointer_cast<SlbLinearImpl>(mod)) {
            needs(lin != nullptr, "linear");
            t->initFromFloat(lin->weight);
            if (t->bias.defined() && lin->bias.defined())
                copyInto(t->bias, lin->bias, name + ".bias");
        } else if (auto t = std::dynamic_pointer_cast<LsqConv2dImpl>(mod)) {
            needs(conv != nullptr, "conv");
            copyInto(t->weight(), conv->weight, name + ".weight");
            t->reinitSteps();
        } else if (auto t = std::dynamic_pointer_cast<LsqLinearImpl>(mod)) {
            needs(lin != nullptr, "linear");
            copyInto(t->weight(), lin->weight, name + ".weight");
            if (t->bias().defined() && lin->bias.defined())
                copyInto(t->bias(), lin->bias, name + ".bias");
            t->reinitSteps();
        } else if (auto t = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(mod)) {
            needs(conv != nullptr, "conv");
            copyInto(t->weight, conv->weight, name + ".weight");
        } else if (auto t = std::dynamic_pointer_cast<torch::nn::LinearImpl>(mod)) {
            needs(lin != nullptr, "linear");
            copyInto(t->weight, lin->weight, name + ".weight");
            if (t->bias.defined() && lin->bias.defined())
                copyInto(t->bias, lin->bias, name + ".bias");
        } else if (auto t = std::dynamic_pointer_cast<StateBatchNorm2dImpl>(mod)) {
            const torch::nn::Module* s =
                bn2 ? static_cast<torch::nn::Module*>(bn2.get()) : bn1.get();
            needs(s != nullptr, "batch norm");
            const auto& w = bn2 ? bn2->weight : bn1->weight;
            const auto& b = bn2 ? bn2->bias : bn1->bias;
            const auto& m = bn2 ? bn2->running_mean : bn1->running_mean;
            const auto& v = bn2 ? bn2->running_var : bn1->running_var;
            copyInto(t->weight, w, name + ".weight");
            copyInto(t->bias, b, name + ".bias");
            for (StatSet set : {StatSet::Continuous, StatSet::Discrete}) {
                copyInto(t->runningMean(set), m, name + ".running_mean");
                copyInto(t->runningVar(set), v, name + ".running_var");
            }
        } else if (auto t = std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(mod)) {
            needs(bn2 != nullptr, "batch norm");
            copyInto(t->weight, bn2->weight, name + ".weight");
            copyInto(t->bias, bn2->bias, name + ".bias");
            copyInto(t->running_mean, bn2->running_mean, name + ".running_mean");
            copyInto(t->running_var, bn2->running_var, name + ".running_var");
        } else if (auto t = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(mod)) {
            needs(bn1 != nullptr, "batch norm");
            copyInto(t->weight, bn1->weight, name + ".weight");
            copyInto(t->bias, bn1->bias, name + ".bias");
            copyInto(t->running_mean, bn1->running_mean, name + ".running_mean");
            copyInto(t->running_var, bn1->running_var, name + ".running_var");
        }
    }
}

}  // namespace slb
