#pragma once
// Crafted checkpoints for the tests and the checkpoint fuzzer: the same archive layout as
// Trainer's checkpoints, with any field, tensor or optimizer state replaced or left out.

#include <map>
#include <optional>
#include <set>
#include <string>

#include <ATen/Context.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize.h>

#include "models/modelio.h"
#include "models/network.h"
#include "train/trainer_p.h"

namespace slb::test {

/** A checkpoint's parts; change them, then write(). */
struct CheckpointCraft {
    /// The header and position fields by key (format, version, config, in_*, kind, epoch, ...).
    std::map<std::string, c10::IValue> fields;
    /// Model tensors by dotted name replacing the network's own; names in `dropped` are left out.
    std::map<std::string, torch::Tensor> tensors;
    std::set<std::string> dropped;
    std::optional<torch::Tensor> rng;  ///< the CPU generator's state unless set
    bool withRng = true, withModel = true, withOptimizer = true;

    /** The fields a Trainer writes for `net` built from `config`, at a plausible position. */
    static CheckpointCraft of(const RunConfig& config, NetworkImpl& net) {
        CheckpointCraft c;
        c.fields["format"] = c10::IValue(std::string(kModelFileFormat));
        c.fields["version"] = c10::IValue(kModelFileVersion);
        c.fields["config"] = c10::IValue(config.toJson(-1));
        c.fields["in_channels"] = c10::IValue(std::int64_t(net.spec().inChannels));
        c.fields["in_height"] = c10::IValue(std::int64_t(net.spec().inHeight));
        c.fields["in_width"] = c10::IValue(std::int64_t(net.spec().inWidth));
        c.fields["num_classes"] = c10::IValue(std::int64_t(net.spec().numClasses));
        c.fields["kind"] = c10::IValue(std::string("checkpoint"));
        c.fields["epoch"] = c10::IValue(std::int64_t(1));
        c.fields["step"] = c10::IValue(std::int64_t(12));
        c.fields["step_in_epoch"] = c10::IValue(std::int64_t(4));
        c.fields["elapsed"] = c10::IValue(2.5);
        c.fields["epoch_loss_sum"] = c10::IValue(100.0);
        c.fields["epoch_correct"] = c10::IValue(200.0);
        c.fields["epoch_seen"] = c10::IValue(std::int64_t(256));
        return c;
    }

    /** Writes the checkpoint of `net` and `opt` with the changes above to `path`. */
    void write(const std::string& path, torch::nn::Module& net,
               torch::optim::Optimizer& opt) const {
        torch::serialize::OutputArchive a;
        for (const auto& [key, value] : fields)
            a.write(key, value);
        if (withModel) {
            torch::serialize::OutputArchive m(a.compilation_unit());
            writeModule(m, net, "");
            a.write("model", m);
        }
        if (withOptimizer) {
            torch::serialize::OutputArchive o(a.compilation_unit());
            opt.save(o);
            a.write("optimizer", o);
        }
        if (withRng)
            a.write("rng_cpu",
                    rng ? *rng : at::globalContext().defaultGenerator(at::kCPU).get_state());
        a.save_to(path);
    }

private:
    void writeModule(torch::serialize::OutputArchive& a, torch::nn::Module& m,
                     const std::string& prefix) const {
        auto put = [&](const std::string& key, const torch::Tensor& t, bool buffer) {
            const std::string name = prefix + key;
            if (dropped.count(name))
                return;
            const auto it = tensors.find(name);
            a.write(key, it == tensors.end() ? t : it->second, buffer);
        };
        for (const auto& p : m.named_parameters(false))
            put(p.key(), p.value(), false);
        for (const auto& b : m.named_buffers(false))
            put(b.key(), b.value(), true);
        for (const auto& child : m.named_children()) {
            if (!child.value()->is_serializable())
                continue;
            torch::serialize::OutputArchive c(a.compilation_unit());
            writeModule(c, *child.value(), prefix + child.key() + ".");
            a.write(child.key(), c);
        }
    }
};

}  // namespace slb::test
