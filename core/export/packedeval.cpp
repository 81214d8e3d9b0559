// Loading a packed model into a plain float network and evaluating it.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include "data/batchloader.h"
#include "data/dataset.h"
#include "export/packedmodel.h"
#include "models/network.h"
#include "quant/actquant.h"
#include "record/packedmanifest.h"
#include "train/evaltally.h"
#include "train/runtimetuning.h"
#include "train/trainer_p.h"

namespace slb {

namespace fs = std::filesystem;

namespace {

std::map<std::string, torch::Tensor> decodeTensors(const PackedManifest& m,
                                                   const std::vector<std::uint8_t>& blob,
                                                   const std::string& where) {
    std::map<std::string, torch::Tensor> out;
    for (const PackedTensorEntry& e : m.tensors) {
        std::vector<float> values = decodePackedTensor(e, blob.data(), blob.size(), where);
        auto t = torch::empty({std::int64_t(values.size())}, torch::kFloat);
        if (!values.empty())
            std::memcpy(t.data_ptr<float>(), values.data(), values.size() * sizeof(float));
        out[e.name] = t.reshape(e.shape);
    }
    return out;
}

}  // namespace

PackedEvaluation evaluatePackedModel(const std::string& dir, const RunConfig& data) {
    const fs::path manifestPath = fs::path(dir) / "manifest.json";
    tuneRuntimeForTraining();
    const RunConfig trained = packedModelConfig(dir);
    const PackedManifest m = readPackedManifest(dir);
    // parsePackedManifest allows only a plain file name here: the blob cannot point elsewhere.
    const fs::path blobPath = fs::path(dir) / m.blobName;
    std::error_code ec;
    const std::uintmax_t onDisk = fs::file_size(blobPath, ec);
    if (ec)
        throw std::runtime_error(blobPath.string() + ": not found; export the model again");
    if (onDisk != m.blobBytes)  // refused before a damaged size is read into memory
        checkPackedBlob(m, nullptr, std::size_t(onDisk), blobPath.string());
    std::vector<std::uint8_t> blob;
    {
        std::ifstream in(blobPath, std::ios::binary);
        if (!in)
            throw std::runtime_error(blobPath.string() + ": not found; export the model again");
        blob.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    checkPackedBlob(m, blob.data(), blob.size(), blobPath.string());

    ModelSpec spec = modelSpecFrom(trained, m.channels, m.height, m.width, m.classes);
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
    const bool top5 = spec.numClasses > 5;
    torch::NoGradGuard noGrad;
    Batch batch;
    const int piece = evaluationPiece(device.is_cpu(), data.evalBatchSize, trained.batchSize);
    EvalTally tally;
    while (loader.next(&batch))
        tally.addBatch(batch, piece, device, top5,
                       [&net](const torch::Tensor& x) { return net->forward(x); });
    r.count = tally.count;
    if (tally.count > 0) {
        r.accuracy = tally.correct / double(tally.count);
        r.loss = tally.lossSum / double(tally.count);
        r.top5 = top5 ? tally.correct5 / double(tally.count) : std::nan("");
    }
    r.recorded = m.recorded;
    return r;
}

}  // namespace slb
