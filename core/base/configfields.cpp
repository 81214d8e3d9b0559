// The registry of RunConfig's fields: one entry per field gives the CLI its flag, JSON its key,
// the GUI its form and every validation message its field name.
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <type_traits>

#include "base/config.h"
#include "base/config_p.h"

namespace slb {

namespace {

using namespace configdetail;
using Field = ConfigField;
using T = ConfigField::Type;

template <class Get>
Field intField(std::string key, std::string group, std::string help, Get ref, long long lo,
               long long hi) {
    Field f{std::move(key), std::move(group), T::Int, std::move(help), {}, {}, {}};
    f.get = [ref](const RunConfig& c) { return std::to_string(ref(const_cast<RunConfig&>(c))); };
    f.set = [ref, lo, hi](RunConfig& c, const std::string& v) -> std::string {
        long long x;
        if (!parseInt(v, &x))
            return "'" + v + "' is not an integer";
        if (x < lo || x > hi)
            return "must lie in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v;
        ref(c) = std::remove_reference_t<decltype(ref(c))>(x);
        return {};
    };
    return f;
}

template <class Get>
Field realField(std::string key, std::string group, std::string help, Get ref, double lo,
                double hi) {
    Field f{std::move(key), std::move(group), T::Real, std::move(help), {}, {}, {}};
    f.get = [ref](const RunConfig& c) { return fmtReal(ref(const_cast<RunConfig&>(c))); };
    f.set = [ref, lo, hi](RunConfig& c, const std::string& v) -> std::string {
        double x;
        if (!parseReal(v, &x) || !std::isfinite(x))
            return "'" + v + "' is not a finite number";
        if (x < lo || x > hi)
            return "must lie in [" + fmtReal(lo) + ", " + fmtReal(hi) + "], got " + v;
        ref(c) = x;
        return {};
    };
    return f;
}

template <class Get>
Field boolField(std::string key, std::string group, std::string help, Get ref) {
    Field f{std::move(key), std::move(group), T::Bool, std::move(help), {"true", "false"}, {}, {}};
    f.get = [ref](const RunConfig& c) {
        return std::string(ref(const_cast<RunConfig&>(c)) ? "true" : "false");
    };
    f.set = [ref](RunConfig& c, const std::string& v) -> std::string {
        if (v == "true" || v == "1" || v == "on" || v == "yes") {
            ref(c) = true;
        } else if (v == "false" || v == "0" || v == "off" || v == "no") {
            ref(c) = false;
        } else {
            return "'" + v + "' is not true or false";
        }
        return {};
    };
    return f;
}

template <class Get>
Field textField(std::string key, std::string group, std::string help, Get ref,
                std::vector<std::string> choices = {}) {
    Field f{std::move(key),
            std::move(group),
            choices.empty() ? T::Text : T::Choice,
            std::move(help),
            choices,
            {},
            {}};
    f.get = [ref](const RunConfig& c) { return ref(const_cast<RunConfig&>(c)); };
    f.set = [ref, choices](RunConfig& c, const std::string& v) -> std::string {
        if (!choices.empty() && std::find(choices.begin(), choices.end(), v) == choices.end())
            return "'" + v + "' is not one of " + join(choices, ", ");
        ref(c) = v;
        return {};
    };
    return f;
}

/// A Choice field over an enum with toString/parse given as lambdas.
template <class E, class Get, class Str>
Field enumField(std::string key, std::string group, std::string help, Get ref, Str str,
                std::vector<E> values) {
    std::vector<std::string> names;
    for (E e : values)
        names.push_back(str(e));
    Field f{std::move(key), std::move(group), T::Choice, std::move(help), names, {}, {}};
    f.get = [ref, str](const RunConfig& c) {
        return std::string(str(ref(const_cast<RunConfig&>(c))));
    };
    f.set = [ref, str, values, names](RunConfig& c, const std::string& v) -> std::string {
        for (E e : values) {
            if (v == str(e)) {
                ref(c) = e;
                return {};
            }
        }
        return "'" + v + "' is not one of " + join(names, ", ");
    };
    return f;
}

std::vector<Field> buildFields() {
    const double inf = std::numeric_limits<double>::infinity();
    const long long big = std::numeric_limits<int>::max();
    std::vector<Field> f;
    // model and quantization
    f.push_back(textField(
        "model", "model", "network: cnn, lenet5, resnet20, vgg_small, resnet18",
        [](RunConfig& c) -> std::string& { return c.model; }, knownModels()));
    f.push_back(enumField<Method>(
        "method", "model", "fp (float), slb or lsq",
        [](RunConfig& c) -> Method& { return c.method; }, [](Method m) { return toString(m); },
        {Method::Float, Method::Slb, Method::Lsq}));
    f.push_back(intField(
        "wbits", "model", "weight bits (SLB: 1, 2, 3, 4, 8; LSQ: 2..8)",
        [](RunConfig& c) -> int& { return c.wbits; }, -big, big));
    f.push_back(intField(
        "abits", "model", "activation bits (32: float activations)",
        [](RunConfig& c) -> int& { return c.abits; }, -big, big));
    f.push_back(enumField<ActQuantKind>(
        "act_quant", "model",
        "activation quantizer: auto (SLB: dorefa, LSQ: lsq), none, dorefa, pact, lsq",
        [](RunConfig& c) -> ActQuantKind& { return c.actQuant; },
        [](ActQuantKind k) { return toString(k); },
        {ActQuantKind::Auto, ActQuantKind::None, ActQuantKind::DoReFa, ActQuantKind::Pact,
         ActQuantKind::Lsq}));
    const std::vector<EdgeLayer> edges = {EdgeLayer::Auto, EdgeLayer::Float, EdgeLayer::EightBit,
                                          EdgeLayer::Quantized};
    f.push_back(enumField<EdgeLayer>(
        "first_layer", "model", "first conv: auto (SLB: float, LSQ: 8bit), float, 8bit, quant",
        [](RunConfig& c) -> EdgeLayer& { return c.firstLayer; },
        [](EdgeLayer e) { return toString(e); }, edges));
    f.push_back(enumField<EdgeLayer>(
        "last_layer", "model", "classifier: auto (SLB: float, LSQ: 8bit), float, 8bit, quant",
        [](RunConfig& c) -> EdgeLayer& { return c.lastLayer; },
        [](EdgeLayer e) { return toString(e); }, edges));
    f.push_back(intField(
        "edge_bits", "model", "bits of first/last layers kept at 8bit",
        [](RunConfig& c) -> int& { return c.edgeBits; }, 2, 8));
    f.push_back(enumField<StateBnMode>(
        "bn_mode", "model",
        "state BN discrete statistics: calibration (after each epoch) or iteration",
        [](RunConfig& c) -> StateBnMode& { return c.bnMode; },
        [](StateBnMode m) { return toString(m); },
        {StateBnMode::Calibration, StateBnMode::Iteration}));
    f.push_back(intField(
        "calib_batches", "model", "batches of BN calibration (0: as many as the test set has)",
        [](RunConfig& c) -> int& { return c.calibBatches; }, 0, big));
    f.push_back(realField(
        "pact_alpha", "model", "initial clip value α of PACT",
        [](RunConfig& c) -> double& { return c.pactAlpha; }, 1e-3, 1e6));
    // data
    f.push_back(textField(
        "dataset", "data", "fashion-mnist, mnist, cifar10 or synthetic",
        [](RunConfig& c) -> std::string& { return c.dataset; }, knownDatasets()));
    f.push_back(textField("data_dir", "data", "dataset folder (default: the dataset's own)",
                          [](RunConfig& c) -> std::string& { return c.dataDir; }));
    f.push_back(intField(
        "train_limit", "data", "use only the first N training images (0: all)",
        [](RunConfig& c) -> std::int64_t& { return c.trainLimit; }, 0,
        std::numeric_limits<long long>::max()));
    f.push_back(intField(
        "test_limit", "data", "use only the first N test images (0: all)",
        [](RunConfig& c) -> std::int64_t& { return c.testLimit; }, 0,
        std::numeric_limits<long long>::max()));
    f.push_back(textField("augment", "data", "random crop + flip: auto (cifar10 only), on, off",
                          [](RunConfig& c) -> std::string& { return c.augment; },
                          {"auto", "on", "off"}));
    // optimisation
    f.push_back(intField(
        "epochs", "optim", "training epochs", [](RunConfig& c) -> int& { return c.epochs; }, -big,
        big));
    f.push_back(intField(
        "batch_size", "optim", "training batch size",
        [](RunConfig& c) -> int& { return c.batchSize; }, -big, big));
    f.push_back(intField(
        "eval_batch_size", "optim", "evaluation batch size",
        [](RunConfig& c) -> int& { return c.evalBatchSize; }, 1, 1 << 20));
    f.push_back(textField("optimizer", "optim", "sgd or adam",
                          [](RunConfig& c) -> std::string& { return c.optimizer; },
                          {"sgd", "adam"}));
    f.push_back(realField(
        "lr", "optim", "peak learning rate", [](RunConfig& c) -> double& { return c.lr.base; },
        -inf, inf));
    f.push_back(enumField<LrScheduleKind>(
        "lr_schedule", "optim", "cosine, step or constant",
        [](RunConfig& c) -> LrScheduleKind& { return c.lr.kind; },
        [](LrScheduleKind k) { return toString(k); },
        {LrScheduleKind::Cosine, LrScheduleKind::Step, LrScheduleKind::Constant}));
    f.push_back(enumField<ScheduleUnit>(
        "lr_unit", "optim", "learning rate changes every iteration or every epoch",
        [](RunConfig& c) -> ScheduleUnit& { return c.lr.unit; },
        [](ScheduleUnit u) { return toString(u); },
        {ScheduleUnit::Iteration, ScheduleUnit::Epoch}));
    f.push_back(realField(
        "lr_min", "optim", "cosine: final learning rate",
        [](RunConfig& c) -> double& { return c.lr.minLr; }, 0, inf));
    {
        Field m{"lr_milestones",
                "optim",
                T::List,
                "step: epochs (or fractions < 1 of the run) where lr is multiplied by lr_gamma",
                {},
                {},
                {}};
        m.get = [](const RunConfig& c) {
            std::vector<std::string> parts;
            for (double v : c.lr.milestones)
                parts.push_back(fmtReal(v));
            return join(parts, ",");
        };
        m.set = [](RunConfig& c, const std::string& v) -> std::string {
            std::vector<double> out;
            std::stringstream ss(v);
            std::string item;
            while (std::getline(ss, item, ',')) {
                if (item.empty())
                    continue;
                double x;
                if (!parseReal(item, &x) || !(x > 0))
                    return "'" + item + "' is not a positive number";
                out.push_back(x);
            }
            c.lr.milestones = out;
            return {};
        };
        f.push_back(m);
    }
    f.push_back(realField(
        "lr_gamma", "optim", "step: factor at each milestone",
        [](RunConfig& c) -> double& { return c.lr.gamma; }, 1e-9, 1e9));
    f.push_back(realField(
        "warmup_epochs", "optim", "linear learning-rate warm-up, in epochs",
        [](RunConfig& c) -> double& { return c.lr.warmupEpochs; }, 0, 1e6));
    f.push_back(realField(
        "momentum", "optim", "SGD momentum", [](RunConfig& c) -> double& { return c.momentum; }, 0,
        1));
    f.push_back(boolField("nesterov", "optim", "Nesterov momentum",
                          [](RunConfig& c) -> bool& { return c.nesterov; }));
    f.push_back(realField(
        "weight_decay", "optim", "L2 weight decay",
        [](RunConfig& c) -> double& { return c.weightDecay; }, 0, 1));
    f.push_back(boolField("decay_aux", "optim", "weight decay on SLB's auxiliary tensors A",
                          [](RunConfig& c) -> bool& { return c.decayAux; }));
    f.push_back(boolField("decay_norm", "optim", "weight decay on BN parameters and biases",
                          [](RunConfig& c) -> bool& { return c.decayNorm; }));
    f.push_back(boolField("decay_steps", "optim", "weight decay on LSQ step sizes and PACT α",
                          [](RunConfig& c) -> bool& { return c.decaySteps; }));
    f.push_back(realField(
        "label_smoothing", "optim", "label smoothing ε",
        [](RunConfig& c) -> double& { return c.labelSmoothing; }, 0, 0.999));
    f.push_back(realField(
        "adam_beta1", "optim", "Adam β1", [](RunConfig& c) -> double& { return c.adamBeta1; }, 0,
        0.999999));
    f.push_back(realField(
        "adam_beta2", "optim", "Adam β2", [](RunConfig& c) -> double& { return c.adamBeta2; }, 0,
        0.999999));
    // temperature
    f.push_back(enumField<TempScheduleKind>(
        "temp_schedule", "temperature",
        "SLB temperature schedule: exp, linear, sin, factor, constant",
        [](RunConfig& c) -> TempScheduleKind& { return c.temperature.kind; },
        [](TempScheduleKind k) { return toString(k); },
        {TempScheduleKind::Exp, TempScheduleKind::Linear, TempScheduleKind::Sin,
         TempScheduleKind::Factor, TempScheduleKind::Constant}));
    f.push_back(enumField<ScheduleUnit>(
        "temp_unit", "temperature", "temperature changes every iteration or every epoch",
        [](RunConfig& c) -> ScheduleUnit& { return c.temperature.unit; },
        [](ScheduleUnit u) { return toString(u); },
        {ScheduleUnit::Iteration, ScheduleUnit::Epoch}));
    f.push_back(realField(
        "t_start", "temperature", "exp/linear/sin: first inverse temperature Ts",
        [](RunConfig& c) -> double& { return c.temperature.tStart; }, -inf, inf));
    f.push_back(realField(
        "t_end", "temperature", "exp/linear/sin: last inverse temperature Te",
        [](RunConfig& c) -> double& { return c.temperature.tEnd; }, -inf, inf));
    f.push_back(realField(
        "hard_from", "temperature",
        "exp/linear/sin: fraction of epochs where the hard phase starts (<= 0: none)",
        [](RunConfig& c) -> double& { return c.temperature.hardFrom; }, -inf, inf));
    f.push_back(realField(
        "t0", "temperature", "factor: initial inverse temperature T0",
        [](RunConfig& c) -> double& { return c.temperature.t0; }, -inf, inf));
    f.push_back(realField(
        "t_factor", "temperature", "factor: growth per epoch f",
        [](RunConfig& c) -> double& { return c.temperature.factor; }, -inf, inf));
    f.push_back(realField(
        "t_start_frac", "temperature", "factor: T starts growing at ⌊E·this⌋",
        [](RunConfig& c) -> double& { return c.temperature.start; }, -inf, inf));
    f.push_back(realField(
        "t_end_frac", "temperature",
        "factor: T stops growing and the hard phase starts at ⌊E·this⌋",
        [](RunConfig& c) -> double& { return c.temperature.end; }, -inf, inf));
    f.push_back(boolField("hard_phase", "temperature", "factor: train with W_q from ⌊E·end⌋ on",
                          [](RunConfig& c) -> bool& { return c.temperature.factorHardPhase; }));
    // run
    {
        Field s{"seed", "run", T::Int, "random seed (weights, shuffling, augmentation)",
                {},     {},    {}};
        s.get = [](const RunConfig& c) { return std::to_string(c.seed); };
        s.set = [](RunConfig& c, const std::string& v) -> std::string {
            long long x;
            if (!parseInt(v, &x) || x < 0)
                return "'" + v + "' is not a non-negative integer";
            c.seed = std::uint64_t(x);
            return {};
        };
        f.push_back(s);
    }
    f.push_back(intField(
        "threads", "run", "CPU threads (0: one per core)",
        [](RunConfig& c) -> int& { return c.threads; }, 0, 1024));
    f.push_back(textField("device", "run", "auto, cpu, cuda or cuda:N",
                          [](RunConfig& c) -> std::string& { return c.device; }));
    f.push_back(textField("out", "run", "run folder (default: runs/<time>-<model>-<method>)",
                          [](RunConfig& c) -> std::string& { return c.out; }));
    f.push_back(textField("init_from", "run", "start from this model file's float weights",
                          [](RunConfig& c) -> std::string& { return c.initFrom; }));
    f.push_back(textField("teacher", "run", "float model file to distil from (LSQ §3.7)",
                          [](RunConfig& c) -> std::string& { return c.teacher; }));
    f.push_back(realField(
        "distill_weight", "run", "weight of the distillation term",
        [](RunConfig& c) -> double& { return c.distillWeight; }, 0, 1e6));
    f.push_back(intField(
        "snapshot_every", "run", "steps between layer snapshots",
        [](RunConfig& c) -> int& { return c.snapshotEvery; }, 1, big));
    f.push_back(boolField("channels_last", "run", "NHWC memory format for convolutions",
                          [](RunConfig& c) -> bool& { return c.channelsLast; }));
    return f;
}

}  // namespace

std::string ConfigField::flag() const {
    std::string s = "--" + key;
    std::replace(s.begin(), s.end(), '_', '-');
    return s;
}

const std::vector<ConfigField>& configFields() {
    static const std::vector<ConfigField> fields = buildFields();
    return fields;
}

const ConfigField* findConfigField(const std::string& keyOrFlag) {
    std::string key = keyOrFlag;
    if (key.rfind("--", 0) == 0)
        key = key.substr(2);
    std::replace(key.begin(), key.end(), '-', '_');
    for (const auto& f : configFields())
        if (f.key == key)
            return &f;
    return nullptr;
}

}  // namespace slb
