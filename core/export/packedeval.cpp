// Loading a packed model into a plain float network and evaluating it.
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include <torch/nn/functional/loss.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include "data/batchloader.h"
#include "data/dataset.h"
#include "export/packedmodel.h"
#include "models/network.h"
#include "quant/actquant.h"
#include "train/runtimetuning.h"
#include "train/trainer_p.h"

namespace slb {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

std::map<std::string, torch::Tensor> decodeTensors(const ordered_json& m,
                                                   const std::vector<std::uint8_t>& blob,
                                                   const std::string& where) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& e : m.at("tensors")) {
        const std::string name = e.at("name");
        const std::string enc = e.at("encoding");
        const auto shape = e.at("shape").get<std::vector<std::int64_t>>();
        const std::size_t offset = e.at("offset"), bytes = e.at("bytes");
        if (offset + bytes > blob.size())
            throw std::runtime_error(where + ": tensor '" + name +
                                     "' lies beyond the end of model.bin (truncated?)");
        std::int64_t n = 1;
        for (auto d : shape)
            n *= d;
        const std::uint8_t* p = blob.data() + offset;
        torch::Tensor t;
        if (enc == "float32") {
            if (std::size_t(n) * 4 != bytes)
                throw std::runtime_error(where + ": tensor '" + name + "' has the wrong size");
            t = torch::empty(shape, torch::kFloat);
            std::memcpy(t.data_ptr<float>(), p, bytes);
        } else if (enc == "slb" || enc == "lsq") {
            const int bits = e.at("bits");
            const auto codes = unpackCodes(p, bytes, n, bits);
            t = torch::empty({n}, torch::kFloat);
            float* dst = t.data_ptr<float>();
            if (enc == "slb") {
                const auto book = e.at("codebook").get<std::vector<float>>();
                for (std::int64_t i = 0; i < n; ++i) {
                    if (codes[std::size_t(i)] >= book.size())
                        throw std::runtime_error(where + ": '" + name +
                                                 "' has a code outside its codebook");
                    dst[i] = book[codes[std::size_t(i)]];
                }
            } else {
                // v̂ = v̄·s in float32, exactly as the LSQ layer computed it.
                const float step = e.at("step").get<float>();
                const int qn = e.at("qn");
                const auto stepT = torch::full({1}, step);
                auto vbar = torch::empty({n}, torch::kFloat);
                float* vb = vbar.data_ptr<float>();
                for (std::int64_t i = 0; i < n; ++i)
                    vb[i] = float(int(codes[std::size_t(i)]) - qn);
                t = vbar * stepT;
            }
            t = t.reshape(shape);
        } else {
            throw std::runtime_error(where + ": tensor '" + name + "' has an unknown encoding '" +
                                     enc + "'");
        }
        out[name] = t;
    }
    return out;
}

}  // namespace

PackedEvaluation evaluatePackedModel(const std::string& dir, const RunConfig& data) {
    const fs::path manifestPath = fs::path(dir) / "manifest.json";
    tuneRuntimeForTraining();
    const RunConfig trained = packedModelConfig(dir);
    ordered_json m;
    {
        std::ifstream in(manifestPath);
        in >> m;
    }
    const fs::path blobPath = fs::path(dir) / m.value("blob", "model.bin");
    std::vector<std::uint8_t> blob;
    {
        std::ifstream in(blobPath, std::ios::binary);
        if (!in)
            throw std::runtime_error(blobPath.string() + ": not found");
        blob.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (blob.size() != m.value("blob_bytes", std::size_t(0)))
        throw std::runtime_error(
            blobPath.string() + ": " + std::to_string(blob.size()) + " bytes, the manifest says " +
            std::to_string(m.value("blob_bytes", 0)) + " (truncated or replaced)");
    if (m.contains("blob_crc32") &&
        crc32(0L, blob.data(), uInt(blob.size())) != m["blob_crc32"].get<unsigned long>())
        throw std::runtime_error(blobPath.string() + ": checksum mismatch (the file is corrupt)");

    ModelSpec spec = modelSpecFrom(trained, m["input"]["channels"], m["input"]["height"],
                                   m["input"]["width"], m["classes"]);
    spec.deploy = true;
    Network net = buildModel(spec);
    const auto tensors = decodeTensors(m, blob, manifestPath.string());
    {
        torch::NoGradGuard noGrad;
        auto assign = [&](const std::string& key, torch::Tensor& dst) {
            if (key.find("num_batches_tracked") != std::string::npos ||
                key.find(".initialized") != std::string::npos)
                return;
            const auto it = tensors.find(key);
            if (it == tensors.end())
                throw std::runtime_error(manifestPath.string() + ": no tensor '" + key + "'");
            if (it->second.sizes() != dst.sizes())
                throw std::runtime_error(manifestPath.string() + ": tensor '" + key +
                                         "' has the wrong shape");
            dst.copy_(it->second);
        };
        for (auto& p : net->named_parameters())
            assign(p.key(), p.value());
        for (auto& b : net->named_buffers())
            assign(b.key(), b.value());
        for (const auto& mod : net->modules(false))
            if (auto a = std::dynamic_pointer_cast<ActQuantizerImpl>(mod);
                a && a->type() == ActQuantType::Lsq)
                a->lsq()->setStep(a->lsq()->stepValue());  // marks the step as learned
    }

    const int threads =
        data.threads > 0 ? data.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    std::string deviceName;
    const torch::Device device = pickDevice(data.device, &deviceName);
    net->to(device);
    net->eval();

    const Dataset ds = loadDataset(dataOptionsFrom(data));
    if (ds.info.numClasses != spec.numClasses || ds.info.channels != spec.inChannels ||
        ds.info.height != spec.inHeight || ds.info.width != spec.inWidth)
        throw std::runtime_error("eval: the data (" + ds.info.name +
                                 ") does not fit this model's input and classes");
    LoaderOptions lo;
    lo.batchSize = data.evalBatchSize;
    lo.shuffle = false;
    lo.channelsLast = trained.channelsLast;
    BatchLoader loader(ds.test, ds.info, lo);
    loader.start(0);
    PackedEvaluation r;
    r.dataset = ds.info.name;
    double lossSum = 0, correct = 0, correct5 = 0;
    const bool top5 = spec.numClasses > 5;
    torch::NoGradGuard noGrad;
    Batch batch;
    while (loader.next(&batch)) {
        const auto x = batch.images.to(device);
        const auto y = batch.labels.to(device);
        const auto logits = net->forward(x);
        lossSum +=
            torch::nn::functional::cross_entropy(
                logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                .item<double>();
        correct += logits.argmax(1).eq(y).sum().item<double>();
        if (top5)
            correct5 +=
                std::get<1>(logits.topk(5, 1)).eq(y.unsqueeze(1)).any(1).sum().item<double>();
        r.count += y.size(0);
    }
    if (r.count > 0) {
        r.accuracy = correct / double(r.count);
        r.loss = lossSum / double(r.count);
        r.top5 = top5 ? correct5 / double(r.count) : std::nan("");
    }
    if (m.contains("recorded")) {
        const auto& rec = m["recorded"];
        r.recorded.valid = true;
        r.recorded.testAccSoft = rec.value("test_acc_soft", 0.0);
        r.recorded.testAccHard = rec.value("test_acc_hard", 0.0);
        r.recorded.epoch = rec.value("epoch", 0);
        r.recorded.step = rec.value("step", std::int64_t(0));
    }
    return r;
}

}  // namespace slb
