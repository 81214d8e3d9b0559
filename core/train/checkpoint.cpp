// Checkpoints: everything needed to continue a run exactly — model, optimizer, schedule progress
// (epoch and step), running sums of the current epoch and the RNG state. Written to a temporary
// name and renamed, so a crash never leaves half a checkpoint.
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <type_traits>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/serialize.h>

#include "models/modelio.h"
#include "train/trainer_p.h"

namespace slb {

namespace {

void writeInt(torch::serialize::OutputArchive& a, const char* key, std::int64_t v) {
    a.write(key, c10::IValue(v));
}
void writeReal(torch::serialize::OutputArchive& a, const char* key, double v) {
    a.write(key, c10::IValue(v));
}

[[noreturn]] void badField(const std::string& path, const char* key, const std::string& expected,
                           const std::string& found) {
    throw std::runtime_error(path + ": checkpoint field '" + key + "': expected " + expected +
                             ", found " + found);
}

/// An integer field within [lo, hi].
std::int64_t readInt(torch::serialize::InputArchive& a, const char* key, const std::string& path,
                     std::int64_t lo, std::int64_t hi) {
    c10::IValue v;
    const std::string expected =
        "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (!a.try_read(key, v))
        badField(path, key, expected, "nothing");
    if (!v.isInt())
        badField(path, key, expected, std::string("a ") + v.tagKind());
    if (v.toInt() < lo || v.toInt() > hi)
        badField(path, key, expected, std::to_string(v.toInt()));
    return v.toInt();
}

/// A finite real field, at least `lo`.
double readReal(torch::serialize::InputArchive& a, const char* key, const std::string& path,
                double lo) {
    c10::IValue v;
    const std::string expected = "a finite number no smaller than " + c10::str(lo);
    if (!a.try_read(key, v))
        badField(path, key, expected, "nothing");
    if (!v.isDouble())
        badField(path, key, expected, std::string("a ") + v.tagKind());
    const double x = v.toDouble();
    if (!std::isfinite(x) || x < lo)
        badField(path, key, expected, c10::str(x));
    return x;
}

torch::serialize::InputArchive openArchive(const std::string& path, torch::Device device) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error(path + ": no such checkpoint");
    torch::serialize::InputArchive a;
    try {
        a.load_from(path, device);
    } catch (const std::exception&) {  // c10::Error, and the zip reader's own
        throw std::runtime_error(path +
                                 ": corrupt or not a checkpoint (cannot be read); "
                                 "start the run afresh or pick another checkpoint");
    }
    return a;
}

/// The header and the position; the archive must be a checkpoint, not a model file.
CheckpointContents readContents(torch::serialize::InputArchive& a, const std::string& path) {
    CheckpointContents c;
    c.info = readModelHeader(a, path);
    c10::IValue kind;
    if (!a.try_read("kind", kind) || !kind.isString() || kind.toStringRef() != "checkpoint")
        throw std::runtime_error(path + ": a model file, not a checkpoint");
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    RunPosition& p = c.position;
    p.epoch = int(readInt(a, "epoch", path, 0, std::numeric_limits<int>::max()));
    p.step = readInt(a, "step", path, 0, kMax);
    p.stepInEpoch = readInt(a, "step_in_epoch", path, 0, p.step);
    p.elapsed = readReal(a, "elapsed", path, 0);
    p.epochSeen = readInt(a, "epoch_seen", path, 0, kMax);
    p.epochLossSum = readReal(a, "epoch_loss_sum", path, 0);
    p.epochCorrect = readReal(a, "epoch_correct", path, 0);
    if (p.epochCorrect > double(p.epochSeen))
        badField(path, "epoch_correct", "at most epoch_seen (" + std::to_string(p.epochSeen) + ")",
                 c10::str(p.epochCorrect));
    return c;
}

/// The optimizer's state key for a parameter (LibTorch 1.x keys by the address as text, 2.x by
/// the address itself).
template <class Key>
Key stateKey(const torch::Tensor& p) {
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream s;
        s << p.unsafeGetTensorImpl();
        return s.str();
    } else {
        return Key(p.unsafeGetTensorImpl());
    }
}

void checkStateTensor(const torch::Tensor& state, const torch::Tensor& param,
                      const std::string& path, const std::string& what) {
    if (!state.defined())
        return;
    if (state.sizes() != param.sizes() || state.scalar_type() != param.scalar_type() ||
        state.device() != param.device())
        throw std::runtime_error(path + ": optimizer state '" + what + "' is " +
                                 c10::str(state.sizes(), " ", state.scalar_type()) +
                                 ", but its parameter is " +
                                 c10::str(param.sizes(), " ", param.scalar_type()));
    checkTensorInStorage(state, path, what);
}

/// Loads the optimizer's state only: its options stay those the run's config gave it, and each
/// state tensor must match its parameter.
void loadOptimizer(torch::optim::Optimizer& opt, torch::serialize::InputArchive& a,
                   const std::string& path) {
    std::vector<std::unique_ptr<torch::optim::OptimizerOptions>> options;
    for (auto& g : opt.param_groups())
        options.push_back(g.options().clone());
    try {
        opt.load(a);
    } catch (const c10::Error& e) {
        throw std::runtime_error(
            path + ": its optimizer state cannot be read: " + e.what_without_backtrace());
    }
    using Key = std::decay_t<decltype(opt.state())>::key_type;
    for (std::size_t gi = 0; gi < opt.param_groups().size(); ++gi) {
        auto& group = opt.param_groups()[gi];
        group.set_options(std::move(options[gi]));
        for (std::size_t pi = 0; pi < group.params().size(); ++pi) {
            const torch::Tensor& param = group.params()[pi];
            const auto it = opt.state().find(stateKey<Key>(param));
            if (it == opt.state().end())
                continue;
            const std::string where =
                "group " + std::to_string(gi) + ", parameter " + std::to_string(pi);
            if (auto* sgd = dynamic_cast<torch::optim::SGDParamState*>(it->second.get())) {
                checkStateTensor(sgd->momentum_buffer(), param, path, "momentum of " + where);
            } else if (auto* adam = dynamic_cast<torch::optim::AdamParamState*>(it->second.get())) {
                if (adam->step() < 0)
                    throw std::runtime_error(path + ": optimizer state 'step of " + where +
                                             "' is negative");
                checkStateTensor(adam->exp_avg(), param, path, "exp_avg of " + where);
                checkStateTensor(adam->exp_avg_sq(), param, path, "exp_avg_sq of " + where);
                checkStateTensor(adam->max_exp_avg_sq(), param, path, "max_exp_avg_sq of " + where);
            } else {
                throw std::runtime_error(path + ": optimizer state of " + where +
                                         " is of an unknown kind");
            }
        }
    }
}

}  // namespace

CheckpointContents readCheckpointPosition(const std::string& path) {
    auto a = openArchive(path, torch::kCPU);
    return readContents(a, path);
}

CheckpointContents loadCheckpoint(const std::string& path, torch::Device device, NetworkImpl& model,
                                  torch::optim::Optimizer& optimizer) {
    auto a = openArchive(path, device);
    CheckpointContents c = readContents(a, path);
    if (c.info.spec.name != model.spec().name || c.info.spec.method != model.spec().method)
        throw std::runtime_error(path + ": checkpoint of a " + c.info.spec.name + "/" +
                                 toString(c.info.spec.method) + " run, not of this one");
    torch::serialize::InputArchive m, o;
    if (!a.try_read("model", m))
        throw std::runtime_error(path + ": checkpoint field 'model': missing");
    loadModuleChecked(model, m, path);
    if (!a.try_read("optimizer", o))
        throw std::runtime_error(path + ": checkpoint field 'optimizer': missing");
    loadOptimizer(optimizer, o, path);
    torch::Tensor rng;
    if (a.try_read("rng_cpu", rng)) {
        const auto wanted = at::globalContext().defaultGenerator(at::kCPU).get_state();
        if (rng.scalar_type() != wanted.scalar_type() || rng.dim() != 1 ||
            rng.numel() != wanted.numel())
            throw std::runtime_error(path + ": checkpoint field 'rng_cpu': expected " +
                                     c10::str(wanted.sizes(), " ", wanted.scalar_type()) +
                                     ", found " + c10::str(rng.sizes(), " ", rng.scalar_type()));
        checkTensorInStorage(rng, path, "rng_cpu");
        c.rngState = rng.to(torch::kCPU).contiguous();
        try {  // its contents too: the generator refuses some states
            at::make_generator<at::CPUGeneratorImpl>().set_state(c.rngState);
        } catch (const c10::Error&) {
            throw std::runtime_error(path + ": checkpoint field 'rng_cpu': not a generator state");
        }
    }
    return c;
}

void Trainer::Impl::saveCheckpoint(const std::string& name) {
    for (auto* o : observers)
        o->onCheckpoint(pos.step);
    std::filesystem::create_directories(checkpointDir);
    torch::serialize::OutputArchive a;
    writeModelHeader(a, config, model->spec());
    a.write("kind", c10::IValue(std::string("checkpoint")));
    torch::serialize::OutputArchive m, o;
    model->save(m);
    optimizer->save(o);
    a.write("model", m);
    a.write("optimizer", o);
    writeInt(a, "epoch", pos.epoch);
    writeInt(a, "step", pos.step);
    writeInt(a, "step_in_epoch", pos.stepInEpoch);
    writeReal(a, "elapsed", pos.elapsed);
    writeReal(a, "epoch_loss_sum", pos.epochLossSum);
    writeReal(a, "epoch_correct", pos.epochCorrect);
    writeInt(a, "epoch_seen", pos.epochSeen);
    {
        auto gen = at::globalContext().defaultGenerator(at::kCPU);
        std::lock_guard<std::mutex> lock(gen.mutex());
        a.write("rng_cpu", gen.get_state());
    }
    const auto path = std::filesystem::path(checkpointDir) / name;
    const auto tmp = path.string() + ".tmp";
    saveArchive(a, tmp);
    std::filesystem::rename(tmp, path);
}

bool Trainer::checkpointPosition(const std::string& path, int* epoch, std::int64_t* steps,
                                 std::string* error) {
    try {
        const CheckpointContents c = readCheckpointPosition(path);
        *epoch = c.position.epoch;
        *steps = c.position.step;
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = e.what();
        return false;
    }
}

void Trainer::Impl::restore(const std::string& path) {
    const CheckpointContents c = loadCheckpoint(path, device, *model, *optimizer);
    model->to(device);
    // The schedules as they were when the checkpoint was written: a run steered while paused
    // goes on with the learning rate and temperature it was given.
    config.lr = c.info.config.lr;
    config.temperature = c.info.config.temperature;
    {
        std::lock_guard<std::mutex> lock(controlMutex);
        steerConfig.lr = config.lr;
        steerConfig.temperature = config.temperature;
    }
    pos = c.position;
    if (c.rngState.defined()) {
        auto gen = at::globalContext().defaultGenerator(at::kCPU);
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(c.rngState);
    }
}

}  // namespace slb
