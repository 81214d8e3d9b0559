#include "models/modelio.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>
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

constexpr std::int64_t kMaxInputChannels = 16, kMaxInputSide = 512, kMaxClasses = 100000;

void copyInto(const torch::Tensor& dst, const torch::Tensor& src, const std::string& what) {
    if (dst.sizes() != src.sizes())
        throw std::runtime_error(what + ": shape " + c10::str(src.sizes()) + " does not match " +
                                 c10::str(dst.sizes()));
    dst.copy_(src);
}

/// A tensor's shape and element type, as a module was built with it.
struct TensorKind {
    std::vector<std::int64_t> sizes;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    bool operator==(const TensorKind& o) const { return sizes == o.sizes && dtype == o.dtype; }
};

std::string describe(const TensorKind& k) {
    return c10::str(c10::IntArrayRef(k.sizes), " ", c10::toString(k.dtype));
}

}  // namespace

void checkTensorInStorage(const torch::Tensor& t, const std::string& path,
                          const std::string& name) {
    if (!t.defined())
        return;
    if (t.layout() != torch::kStrided || t.is_quantized())
        throw std::runtime_error(path + ": tensor '" + name + "' is not a dense tensor");
    if (t.numel() == 0)
        return;
    // Elements from the storage offset to the farthest one the sizes and strides reach; every
    // quantity is checked before it is used so that nothing here can wrap.
    const std::int64_t offset = t.storage_offset();
    bool ok = offset >= 0;
    std::int64_t extent = 1;  // elements needed past the offset
    for (std::int64_t d = 0; ok && d < t.dim(); ++d) {
        const std::int64_t size = t.size(d), stride = t.stride(d);
        if (size < 0 || stride < 0) {
            ok = false;
        } else if (size > 1 && stride > 0) {
            const std::int64_t maxReach = std::numeric_limits<std::int64_t>::max() / 2;
            if (stride > maxReach / (size - 1))
                ok = false;
            else
                extent += (size - 1) * stride;
            ok = ok && extent <= maxReach;
        }
    }
    const std::int64_t item = std::int64_t(t.element_size());
    const std::int64_t bytes = std::int64_t(t.storage().nbytes());
    if (ok)
        ok = item > 0 && offset <= bytes / item && extent <= bytes / item - offset;
    if (!ok)
        throw std::runtime_error(path + ": tensor '" + name + "' (" + c10::str(t.sizes()) +
                                 ") reaches outside the " + std::to_string(bytes) +
                                 " bytes stored for it: the file is corrupt or crafted");
}

namespace {

/// Reads each of `module`'s tensors as the file holds it and checks it against the network's own
/// (LibTorch's Module::load would `set_` it into the parameter whatever its shape or type: a
/// float64 tensor became a float32 view of its bytes, a shorter one a view past its end).
void checkTensors(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                  const std::string& prefix, const std::string& path) {
    auto one = [&](const std::string& key, const torch::Tensor& target, bool buffer) {
        const std::string name = prefix + key;
        torch::Tensor t;
        bool found = false;
        try {
            found = archive.try_read(key, t, buffer);
        } catch (const c10::Error& e) {
            throw std::runtime_error(path + ": tensor '" + name +
                                     "' cannot be read: " + e.what_without_backtrace());
        }
        if (!found || !t.defined())
            throw std::runtime_error(path + ": tensor '" + name +
                                     "' is missing; the file does not belong to this model");
        TensorKind wanted{target.sizes().vec(), target.scalar_type()};
        TensorKind kind{t.sizes().vec(), t.scalar_type()};
        if (!(kind == wanted))
            throw std::runtime_error(path + ": tensor '" + name + "' is " + describe(kind) +
                                     ", but this network needs " + describe(wanted) +
                                     "; the file does not belong to this model");
        checkTensorInStorage(t, path, name);
    };
    for (const auto& p : module.named_parameters(false))
        if (p.value().defined())
            one(p.key(), p.value(), false);
    for (const auto& b : module.named_buffers(false))
        if (b.value().defined())
            one(b.key(), b.value(), true);
    for (const auto& child : module.named_children()) {
        if (!child.value()->is_serializable())
            continue;
        torch::serialize::InputArchive sub;
        bool found = false;
        try {
            found = archive.try_read(child.key(), sub);
        } catch (const c10::Error&) {
        }
        if (!found)
            throw std::runtime_error(path + ": layer '" + prefix + child.key() +
                                     "' is missing; the file does not belong to this model");
        checkTensors(*child.value(), sub, prefix + child.key() + ".", path);
    }
}

}  // namespace

void loadModuleChecked(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                       const std::string& path) {
    checkTensors(module, archive, "", path);
    try {  // then LibTorch's own load, with the layers' overrides (LSQ refreshes its flag)
        module.load(archive);
    } catch (const c10::Error& e) {
        throw std::runtime_error(path +
                                 ": its weights cannot be read: " + e.what_without_backtrace());
    }
}

void saveArchive(torch::serialize::OutputArchive& a, const std::string& path) {
    // LibTorch's own file writer checks the file position in a destructor and throws from there
    // when the disk fills up, which ends the process (std::terminate). So the archive is built in
    // memory, and written here, where a failed write is an error like any other.
    std::ostringstream buffer;
    try {
        a.save_to(buffer);
    } catch (const c10::Error& e) {
        throw std::runtime_error(path + ": cannot be serialised: " + e.what_without_backtrace());
    }
    const std::string bytes = std::move(buffer).str();
    auto fail = [&](int err) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);  // never leave half a file behind
        std::string why = std::string(": cannot be written: ") + std::strerror(err);
        if (err == ENOSPC || err == EDQUOT || err == EFBIG)
            why +=
                " (the disk is full: free some space; `slb-train resume` continues the run "
                "from its last checkpoint)";
        else if (err == EACCES || err == EROFS || err == EPERM)
            why += " (the folder is not writable: check its permissions or the disk)";
        throw std::runtime_error(path + why);
    };
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        fail(errno);
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : ENOSPC;
            ::close(fd);
            fail(err);
        }
        done += std::size_t(n);
    }
    // fsync: the caller renames this file over the previous checkpoint next, and the rename must
    // never land before the bytes (a power cut would leave an empty checkpoint).
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        fail(err);
    }
    if (::close(fd) != 0)
        fail(errno);
}

void writeModelHeader(torch::serialize::OutputArchive& a, const RunConfig& config,
                      const ModelSpec& spec) {
    a.write("format", c10::IValue(std::string(kModelFileFormat)));
    a.write("version", c10::IValue(kModelFileVersion));
    a.write("config", c10::IValue(config.toJson(-1)));
    a.write("in_channels", c10::IValue(std::int64_t(spec.inChannels)));
    a.write("in_height", c10::IValue(std::int64_t(spec.inHeight)));
    a.write("in_width", c10::IValue(std::int64_t(spec.inWidth)));
    a.write("num_classes", c10::IValue(std::int64_t(spec.numClasses)));
}

ModelFileInfo readModelHeader(torch::serialize::InputArchive& a, const std::string& path) {
    c10::IValue v;
    if (!a.try_read("format", v) || !v.isString() || v.toStringRef() != kModelFileFormat)
        throw std::runtime_error(path + ": not a model or checkpoint of SLB Workbench");
    if (!a.try_read("version", v) || !v.isInt() || v.toInt() > kModelFileVersion)
        throw std::runtime_error(path + ": written by a newer SLB Workbench; update to read it");
    ModelFileInfo info;
    std::string error;
    if (!a.try_read("config", v) || !v.isString() ||
        !RunConfig::fromJson(v.toStringRef(), &info.config, &error))
        throw std::runtime_error(path + ": its config cannot be read: " + error);
    // Bounds that every data set the engine reads stays within, so that a crafted header cannot
    // make the loader build a network of many gigabytes before its weights are compared.
    auto readInt = [&](const char* key, std::int64_t hi) {
        c10::IValue x;
        const std::string expected =
            std::string("field '") + key + "': expected an integer from 1 to " + std::to_string(hi);
        if (!a.try_read(key, x))
            throw std::runtime_error(path + ": " + expected + ", found nothing");
        if (!x.isInt())
            throw std::runtime_error(path + ": " + expected + ", found a " + x.tagKind());
        if (x.toInt() < 1 || x.toInt() > hi)
            throw std::runtime_error(path + ": " + expected + ", found " +
                                     std::to_string(x.toInt()));
        return int(x.toInt());
    };
    const int channels = readInt("in_channels", kMaxInputChannels);
    const int height = readInt("in_height", kMaxInputSide);
    const int width = readInt("in_width", kMaxInputSide);
    const int classes = readInt("num_classes", kMaxClasses);
    info.spec = modelSpecFrom(info.config, channels, height, width, classes);
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
    } catch (const std::exception&) {  // c10::Error, and the TorchScript parser's own errors
        throw std::runtime_error(path +
                                 ": not a model file (cannot be read as a LibTorch archive)");
    }
    ModelFileInfo info = readModelHeader(a, path);
    Network net;
    try {
        net = buildModel(info.spec);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(
            path + ": its header describes no network that can be built: " + e.what());
    }
    torch::serialize::InputArchive m;
    try {
        a.read("model", m);
    } catch (const c10::Error&) {
        throw std::runtime_error(path + ": it holds no weights ('model' is missing)");
    }
    loadModuleChecked(*net, m, path);
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
