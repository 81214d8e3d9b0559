#include "export/packedmodel.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <zlib.h>
#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "models/modelio.h"
#include "quant/actquant.h"
#include "quant/lsq.h"
#include "quant/slblayers.h"
#include "quant/statebatchnorm.h"

namespace slb {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

/// A float32 constant as the shortest decimal that reads back to it (0.286, not 0.2860000133…).
double shortest(float v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::strtod(std::string(buf, res.ptr).c_str(), nullptr);
}

/// What an input image goes through before the network, as the run's batches did.
ordered_json preprocessing(const ModelFileInfo& info) {
    std::vector<float> mean, stdev;
    datasetNormalization(dataOptionsFrom(info.config), &mean, &stdev);
    ordered_json p;
    p["description"] =
        "x[c] = (pixel[c] * scale - mean[c]) / std[c] for 8-bit pixels in pixel_range, channel c";
    p["dataset"] = info.config.dataset;
    p["pixel_range"] = {0, 255};
    p["scale"] = 1.0 / 255.0;
    p["input_range"] = {0.0, 1.0};
    ordered_json m = ordered_json::array(), s = ordered_json::array();
    for (float v : mean)
        m.push_back(shortest(v));
    for (float v : stdev)
        s.push_back(shortest(v));
    p["mean"] = m;
    p["std"] = s;
    p["layout"] = "NCHW";
    p["input_shape"] = {-1, info.spec.inChannels, info.spec.inHeight, info.spec.inWidth};
    p["dtype"] = "float32";
    return p;
}

/// Accumulates the blob and the manifest's tensor table.
class BlobWriter {
public:
    void addFloat(const std::string& name, const torch::Tensor& t) {
        const auto c = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
        ordered_json e = entry(name, "float32", 32, c.sizes().vec());
        append(e, reinterpret_cast<const std::uint8_t*>(c.data_ptr<float>()),
               std::size_t(c.numel()) * 4);
    }
    void addCodes(const std::string& name, const std::string& encoding, int bits,
                  const std::vector<std::int64_t>& shape, const std::vector<std::uint32_t>& codes,
                  ordered_json extra) {
        ordered_json e = entry(name, encoding, bits, shape);
        for (auto it = extra.begin(); it != extra.end(); ++it)
            e[it.key()] = it.value();
        const auto packed = packCodes(codes, bits);
        quantizedWeights += std::int64_t(codes.size());
        quantizedBytes += std::int64_t(packed.size());
        append(e, packed.data(), packed.size());
    }

    std::vector<std::uint8_t> blob;
    ordered_json tensors = ordered_json::array();
    std::vector<PackedTensorInfo> infos;
    std::int64_t quantizedWeights = 0, quantizedBytes = 0, float32Bytes = 0;

private:
    ordered_json entry(const std::string& name, const std::string& encoding, int bits,
                       const std::vector<std::int64_t>& shape) {
        ordered_json e;
        e["name"] = name;
        e["encoding"] = encoding;
        if (encoding != "float32")
            e["bits"] = bits;
        e["shape"] = shape;
        std::int64_t n = 1;
        for (auto d : shape)
            n *= d;
        float32Bytes += 4 * n;
        infos.push_back({name, encoding, bits, shape, 0});
        return e;
    }
    void append(ordered_json& e, const std::uint8_t* data, std::size_t bytes) {
        // 4-byte alignment keeps every float32 array readable in place.
        while (blob.size() % 4)
            blob.push_back(0);
        e["offset"] = blob.size();
        e["bytes"] = bytes;
        blob.insert(blob.end(), data, data + bytes);
        infos.back().bytes = std::int64_t(bytes);
        tensors.push_back(e);
    }
};

std::vector<float> toFloats(const torch::Tensor& t) {
    const auto c = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

void writeAtomically(const fs::path& path, const void* data, std::size_t bytes) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::runtime_error(tmp.string() +
                                     ": cannot be written (check the folder's permissions)");
        out.write(static_cast<const char*>(data), std::streamsize(bytes));
        if (!out)
            throw std::runtime_error(tmp.string() + ": write failed (disk full?)");
    }
    fs::rename(tmp, path);
}

/// Adds an activation quantizer's learned value under the name the deploy network uses.
void addActivation(BlobWriter& w, const std::string& layer, const ActQuantizer& act) {
    if (!act)
        return;
    if (act->type() == ActQuantType::Pact)
        w.addFloat(layer + ".act.alpha", act->named_parameters()["alpha"]);
    if (act->type() == ActQuantType::Lsq)
        w.addFloat(layer + ".act.lsq.step", act->lsq()->named_parameters()["step"]);
}

}  // namespace

double PackedExport::weightCompression() const {
    return quantizedBytes > 0 ? double(quantizedWeights) * 4.0 / double(quantizedBytes) : 1.0;
}

double PackedExport::totalCompression() const {
    return blobBytes > 0 ? double(float32Bytes) / double(blobBytes) : 1.0;
}

PackedExport exportPackedModel(const std::string& modelFile, const std::string& outDir,
                               const RecordedAccuracy& recorded) {
    ModelFileInfo info;
    Network net = loadModelFile(modelFile, &info);
    torch::NoGradGuard noGrad;
    net->eval();
    BlobWriter w;
    std::set<std::string> special;  // modules whose tensors were written in their own encoding
    for (const auto& item : net->named_modules("", false)) {
        const std::string& name = item.key();
        const auto& mod = item.value();
        auto slbWeight = [&](SlbWeightImpl& sw) {
            const auto idx = sw.argmaxIndices();
            const auto* p = idx.data_ptr<std::uint8_t>();
            std::vector<std::uint32_t> codes(p, p + idx.numel());
            ordered_json extra;
            extra["codebook"] = toFloats(sw.values);
            w.addCodes(name + ".weight", "slb", sw.bits(), sw.weightShape(), codes, extra);
        };
        auto lsqWeight = [&](LsqQuantizer q, const torch::Tensor& codesT,
                             const std::vector<std::int64_t>& shape) {
            const auto c = codesT.to(torch::kCPU, torch::kInt).contiguous();
            const int qn = int(q->qn());
            std::vector<std::uint32_t> codes(std::size_t(c.numel()));
            for (std::int64_t i = 0; i < c.numel(); ++i)
                codes[std::size_t(i)] = std::uint32_t(c.data_ptr<int>()[i] + qn);
            ordered_json extra;
            extra["step"] = toFloats(q->named_parameters()["step"]).front();
            extra["qn"] = qn;
            extra["qp"] = int(q->qp());
            w.addCodes(name + ".weight", "lsq", q->bits(), shape, codes, extra);
        };
        if (auto c = std::dynamic_pointer_cast<SlbConv2dImpl>(mod)) {
            special.insert(name);
            slbWeight(*c->weight);
            if (c->bias.defined())
                w.addFloat(name + ".bias", c->bias);
            addActivation(w, name, c->act);
        } else if (auto l = std::dynamic_pointer_cast<SlbLinearImpl>(mod)) {
            special.insert(name);
            slbWeight(*l->weight);
            if (l->bias.defined())
                w.addFloat(name + ".bias", l->bias);
            addActivation(w, name, l->act);
        } else if (auto lc = std::dynamic_pointer_cast<LsqConv2dImpl>(mod)) {
            special.insert(name);
            lsqWeight(lc->weightQuantizer(), lc->weightCodes(), lc->weight().sizes().vec());
            if (lc->bias().defined())
                w.addFloat(name + ".bias", lc->bias());
            if (auto aq = lc->activationQuantizer())
                w.addFloat(name + ".act.lsq.step", aq->named_parameters()["step"]);
        } else if (auto ll = std::dynamic_pointer_cast<LsqLinearImpl>(mod)) {
            special.insert(name);
            lsqWeight(ll->weightQuantizer(), ll->weightCodes(), ll->weight().sizes().vec());
            if (ll->bias().defined())
                w.addFloat(name + ".bias", ll->bias());
            if (auto aq = ll->activationQuantizer())
                w.addFloat(name + ".act.lsq.step", aq->named_parameters()["step"]);
        } else if (auto bn = std::dynamic_pointer_cast<StateBatchNorm2dImpl>(mod)) {
            // The discrete network's statistics: the ones that go with W_q.
            special.insert(name);
            w.addFloat(name + ".weight", bn->weight);
            w.addFloat(name + ".bias", bn->bias);
            w.addFloat(name + ".running_mean", bn->runningMean(StatSet::Discrete));
            w.addFloat(name + ".running_var", bn->runningVar(StatSet::Discrete));
        }
    }
    auto isSpecial = [&](const std::string& key) {
        for (const auto& s : special)
            if (key.rfind(s + ".", 0) == 0)
                return true;
        return false;
    };
    for (const auto& p : net->named_parameters())
        if (!isSpecial(p.key()))
            w.addFloat(p.key(), p.value());
    for (const auto& b : net->named_buffers())
        if (!isSpecial(b.key()) && b.key().find("num_batches_tracked") == std::string::npos)
            w.addFloat(b.key(), b.value());

    ordered_json m;
    m["format"] = kPackedModelFormat;
    m["version"] = kPackedModelVersion;
    m["blob"] = "model.bin";
    m["blob_bytes"] = w.blob.size();
    m["blob_crc32"] = crc32(0L, w.blob.data(), uInt(w.blob.size()));
    m["byte_order"] = "little";
    m["code_packing"] = "lsb-first";
    m["model"] = info.spec.name;
    m["method"] = toString(info.spec.method);
    m["input"] = {{"channels", info.spec.inChannels},
                  {"height", info.spec.inHeight},
                  {"width", info.spec.inWidth}};
    m["preprocessing"] = preprocessing(info);
    m["classes"] = info.spec.numClasses;
    m["config"] = ordered_json::parse(info.config.toJson());
    if (recorded.valid) {
        m["recorded"] = {{"test_acc_soft", recorded.testAccSoft},
                         {"test_acc_hard", recorded.testAccHard},
                         {"epoch", recorded.epoch},
                         {"step", recorded.step}};
    }
    m["tensors"] = w.tensors;

    const fs::path dir(outDir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error(outDir + ": cannot create the folder: " + ec.message());
    writeAtomically(dir / "model.bin", w.blob.data(), w.blob.size());
    const std::string text = m.dump(1);
    writeAtomically(dir / "manifest.json", text.data(), text.size());

    PackedExport r;
    r.manifestPath = (dir / "manifest.json").string();
    r.blobPath = (dir / "model.bin").string();
    r.blobBytes = std::int64_t(w.blob.size());
    r.float32Bytes = w.float32Bytes;
    r.quantizedWeights = w.quantizedWeights;
    r.quantizedBytes = w.quantizedBytes;
    r.tensors = w.infos;
    return r;
}

RunConfig packedModelConfig(const std::string& dir) {
    const PackedManifest m = readPackedManifest(dir);
    RunConfig c;
    std::string err;
    if (!RunConfig::fromJson(m.configJson, &c, &err)) {
        // applyJson says "KEY: what"; name the field by its path in the manifest.
        const auto colon = err.find(": ");
        const std::string field =
            colon == std::string::npos ? "config" : "config." + err.substr(0, colon);
        throw FileFormatError((fs::path(dir) / "manifest.json").string() + ": field '" + field +
                              "': " + (colon == std::string::npos ? err : err.substr(colon + 2)) +
                              " (the run's config is damaged; export the model again)");
    }
    return c;
}

}  // namespace slb
