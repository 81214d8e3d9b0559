// Checkpoints: everything needed to continue a run exactly — model, optimizer, schedule progress
// (epoch and step), running sums of the current epoch and the RNG state. Written to a temporary
// name and renamed, so a crash never leaves half a checkpoint.
#include <filesystem>

#include <ATen/Context.h>
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

std::int64_t readInt(torch::serialize::InputArchive& a, const char* key, const std::string& path) {
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isInt())
        throw std::runtime_error(path + ": checkpoint is missing '" + key + "'");
    return v.toInt();
}
double readReal(torch::serialize::InputArchive& a, const char* key, const std::string& path) {
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isDouble())
        throw std::runtime_error(path + ": checkpoint is missing '" + key + "'");
    return v.toDouble();
}

}  // namespace

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
        if (!std::filesystem::exists(path))
            throw std::runtime_error(path + ": no such checkpoint");
        torch::serialize::InputArchive a;
        try {
            a.load_from(path, torch::kCPU);
        } catch (const c10::Error&) {
            throw std::runtime_error(path + ": corrupt or not a checkpoint (cannot be read)");
        }
        readModelHeader(a, path);
        *epoch = int(readInt(a, "epoch", path));
        *steps = readInt(a, "step", path);
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = e.what();
        return false;
    }
}

void Trainer::Impl::restore(const std::string& path) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error(path + ": no such checkpoint");
    torch::serialize::InputArchive a;
    try {
        a.load_from(path, device);
    } catch (const c10::Error&) {
        throw std::runtime_error(path +
                                 ": corrupt or not a checkpoint (cannot be read); "
                                 "start the run afresh or pick another checkpoint");
    }
    const ModelFileInfo info = readModelHeader(a, path);
    c10::IValue kind;
    if (!a.try_read("kind", kind) || !kind.isString() || kind.toStringRef() != "checkpoint")
        throw std::runtime_error(path + ": a model file, not a checkpoint");
    if (info.spec.name != model->spec().name || info.spec.method != model->spec().method)
        throw std::runtime_error(path + ": checkpoint of a " + info.spec.name + "/" +
                                 toString(info.spec.method) + " run, not of this one");
    try {
        torch::serialize::InputArchive m, o;
        a.read("model", m);
        model->load(m);
        a.read("optimizer", o);
        optimizer->load(o);
    } catch (const c10::Error& e) {
        throw std::runtime_error(
            path + ": checkpoint does not fit this run: " + e.what_without_backtrace());
    }
    model->to(device);
    // The schedules as they were when the checkpoint was written: a run steered while paused
    // goes on with the learning rate and temperature it was given.
    config.lr = info.config.lr;
    config.temperature = info.config.temperature;
    {
        std::lock_guard<std::mutex> lock(controlMutex);
        steerConfig.lr = config.lr;
        steerConfig.temperature = config.temperature;
    }
    pos.epoch = int(readInt(a, "epoch", path));
    pos.step = readInt(a, "step", path);
    pos.stepInEpoch = readInt(a, "step_in_epoch", path);
    pos.elapsed = readReal(a, "elapsed", path);
    pos.epochLossSum = readReal(a, "epoch_loss_sum", path);
    pos.epochCorrect = readReal(a, "epoch_correct", path);
    pos.epochSeen = readInt(a, "epoch_seen", path);
    torch::Tensor rng;
    if (a.try_read("rng_cpu", rng)) {
        auto gen = at::globalContext().defaultGenerator(at::kCPU);
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(rng.to(torch::kCPU));
    }
}

}  // namespace slb
