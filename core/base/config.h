#pragma once
// The configuration of a run: every field the trainer knows, with one registry that gives the CLI
// its flags, JSON its keys, the GUI its form and every error its field name. Torch-free.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/lrschedule.h"
#include "base/temperature.h"

namespace slb {

enum class Method { Float, Slb, Lsq };
enum class ActQuantKind { Auto, None, DoReFa, Pact, Lsq };
/** How a first/last layer is treated: auto = the method's default (README, "What is implemented"). */
enum class EdgeLayer { Auto, Float, EightBit, Quantized };
/** How state BN fills its discrete statistics (SLB §3.3.2). */
enum class StateBnMode { Calibration, Iteration };

/** Everything a run is made from. A run is reproducible from its config alone (on CPU). */
struct RunConfig {
    // model and quantization
    std::string model = "cnn";
    Method method = Method::Slb;
    int wbits = 2;
    int abits = 32;  ///< 32: activations stay float
    ActQuantKind actQuant = ActQuantKind::Auto;
    EdgeLayer firstLayer = EdgeLayer::Auto;
    EdgeLayer lastLayer = EdgeLayer::Auto;
    int edgeBits = 8;  ///< bits of first/last layers kept at "8 bit"
    StateBnMode bnMode = StateBnMode::Calibration;
    int calibBatches = 0;  ///< 0: as many batches as the test set has (authors' choice)
    double pactAlpha = 6.0;

    // data
    std::string dataset = "fashion-mnist";
    std::string dataDir;           ///< empty: the dataset's default folder
    std::int64_t trainLimit = 0;   ///< 0: the whole training set
    std::int64_t testLimit = 0;    ///< 0: the whole test set
    std::string augment = "auto";  ///< auto (crop+flip for cifar10 only), on, off

    // optimisation
    int epochs = 5;
    int batchSize = 128;
    int evalBatchSize = 500;
    std::string optimizer = "sgd";  ///< sgd or adam
    double momentum = 0.9;
    bool nesterov = false;
    double weightDecay = 5e-4;
    bool decayAux = false;    ///< weight decay on SLB's A (off: it fights sharpening)
    bool decayNorm = false;   ///< weight decay on BN γ/β and biases
    bool decaySteps = false;  ///< weight decay on LSQ steps and PACT α
    double labelSmoothing = 0.0;
    double adamBeta1 = 0.9, adamBeta2 = 0.999;
    LrSchedule lr;
    TemperatureSchedule temperature;

    // run
    std::uint64_t seed = 1;
    int threads = 0;              ///< 0: one per core
    std::string device = "auto";  ///< auto, cpu, cuda, cuda:N
    std::string out;              ///< run folder; empty: runs/<time>-<model>-<method>
    std::string initFrom;         ///< model file to start from (float weights)
    std::string teacher;          ///< float model for knowledge distillation
    double distillWeight = 1.0;   ///< loss = CE + weight·KL(teacher ‖ student) at temperature 1
    int snapshotEvery = 50;       ///< steps between layer snapshots
    bool channelsLast = true;     ///< NHWC memory format (oneDNN's fast path on CPU)

    RunConfig();

    /** Empty when valid, else "field: what is wrong" for the first invalid field. */
    std::string validate() const;
    /** The method's resolved defaults. */
    ActQuantKind resolvedActQuant() const;
    EdgeLayer resolvedFirstLayer() const;
    EdgeLayer resolvedLastLayer() const;
    bool resolvedAugment() const;
    std::string resolvedDataDir() const;

    /** JSON object with one key per field (see configFields()). */
    std::string toJson(int indent = 2) const;
    /** Applies the keys of a JSON object; unknown keys and bad values are errors. */
    bool applyJson(const std::string& json, std::string* error);
    static bool fromJson(const std::string& json, RunConfig* out, std::string* error);
};

/** One field of RunConfig, as the CLI, JSON and GUI see it. */
struct ConfigField {
    enum class Type { Int, Real, Bool, Text, Choice, List };
    std::string key;    ///< JSON key, snake_case; the CLI flag is --key with '-' for '_'
    std::string group;  ///< "model", "data", "optim", "temperature", "run"
    Type type;
    std::string help;
    std::vector<std::string> choices;  ///< for Choice
    std::function<std::string(const RunConfig&)> get;
    /// Sets from text; returns an empty string or what is wrong with the value.
    std::function<std::string(RunConfig&, const std::string&)> set;

    std::string flag() const;
};

const std::vector<ConfigField>& configFields();
const ConfigField* findConfigField(const std::string& keyOrFlag);

const char* toString(Method m);
const char* toString(ActQuantKind k);
const char* toString(EdgeLayer e);
const char* toString(StateBnMode m);
bool parseMethod(const std::string& s, Method* out);

/** Default folder of a dataset: fashion-mnist → /usr/share/datasets/fashion-mnist, etc. */
std::string defaultDataDir(const std::string& dataset);

}  // namespace slb
