// Checkpoint and model files from anywhere, read as `slb-train resume`, the workbench's Resume,
// --init-from and --teacher read them. The first byte picks the network (bit 1: an SLB W2 lenet5
// with SGD, or an LSQ W2A2 one with Adam) and the mode (bit 0):
//  - raw: the rest is the file;
//  - crafted: the rest is a list of changes to a valid checkpoint of that network (a field's
//    value or type, a tensor's shape, type or storage, an optimizer state, the RNG state, parts
//    left out), so that the values behind LibTorch's zip and pickle layers are reached at all.
// Every refusal must be a std::runtime_error naming the file; a file that loads must train one
// step, and its RNG state must be settable, without an error.
// With SLB_FUZZ_SEED_DIR set, the harness writes its seed corpus there and exits.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <c10/util/Logging.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/torch.h>

#include "../train/checkpointcraft.h"
#include "fuzzinput.h"
#include "models/modelio.h"
#include "train/checkpointio.h"
#include "train/trainer.h"

using namespace slb;

namespace {

constexpr int kSide = 12;  // lenet5's smallest input: files of a few hundred KiB

struct Setup {
    RunConfig config;
    Network net;
    std::unique_ptr<torch::optim::Optimizer> opt;
    std::vector<std::string> names;  ///< every parameter and buffer, dotted
    std::vector<torch::Tensor> tensors;
    std::vector<std::intptr_t> stateTensors;

    explicit Setup(bool lsq) {
        config.model = "lenet5";
        config.dataset = "synthetic";
        config.device = "cpu";
        config.method = lsq ? Method::Lsq : Method::Slb;
        config.wbits = 2;
        config.abits = lsq ? 2 : 32;
        config.optimizer = lsq ? "adam" : "sgd";
        net = buildModel(spec());
        opt = makeOptimizer(*net, config);
        torch::manual_seed(3);
        step(*net, *opt);
        for (const auto& p : net->named_parameters())
            names.push_back(p.key()), tensors.push_back(p.value());
        for (const auto& b : net->named_buffers())
            names.push_back(b.key()), tensors.push_back(b.value());
        stateTensors = optimizerTensors();
    }
    /// The optimizer's state (which tensors, and Adam's step counts): what an input may change
    /// and the harness must put back, or the next input would start from the last one's changes
    /// and grow them run by run.
    std::vector<std::intptr_t> optimizerTensors() const {
        std::vector<std::intptr_t> all;
        auto id = [](const torch::Tensor& t) {
            return reinterpret_cast<std::intptr_t>(t.unsafeGetTensorImpl());
        };
        for (const auto& [key, state] : opt->state()) {
            if (const auto* sgd = dynamic_cast<const torch::optim::SGDParamState*>(state.get()))
                all.push_back(id(sgd->momentum_buffer()));
            else if (const auto* adam =
                         dynamic_cast<const torch::optim::AdamParamState*>(state.get()))
                all.insert(all.end(), {id(adam->exp_avg()), id(adam->exp_avg_sq()),
                                       std::intptr_t(adam->step())});
        }
        std::sort(all.begin(), all.end());
        return all;
    }
    ModelSpec spec() const { return modelSpecFrom(config, 1, kSide, kSide, 10); }
    static void step(NetworkImpl& n, torch::optim::Optimizer& o) {
        n.train();
        auto loss = torch::nn::functional::cross_entropy(
            n.forward(torch::randn({4, 1, kSide, kSide})), torch::randint(0, 10, {4}));
        o.zero_grad();
        loss.backward();
        o.step();
    }
};

Setup& setup(bool lsq) {
    static Setup slbSetup(false), lsqSetup(true);
    return lsq ? lsqSetup : slbSetup;
}

/// Reads the input from the front.
struct Bytes {
    const std::uint8_t* p;
    std::size_t n;
    bool empty() const { return n == 0; }
    std::uint8_t byte() {
        if (n == 0)
            return 0;
        --n;
        return *p++;
    }
    template <class T>
    T value() {
        T v{};
        const std::size_t k = std::min(sizeof v, n);
        std::memcpy(&v, p, k);
        p += k, n -= k;
        return v;
    }
    std::string text() {
        const std::size_t k = std::min<std::size_t>(byte() % 24, n);
        std::string s(reinterpret_cast<const char*>(p), k);
        p += k, n -= k;
        return s;
    }
};

const char* const kFields[] = {"format",         "version",       "config",        "in_channels",
                               "in_height",      "in_width",      "num_classes",   "kind",
                               "epoch",          "step",          "step_in_epoch", "elapsed",
                               "epoch_loss_sum", "epoch_correct", "epoch_seen"};

c10::IValue craftedValue(Bytes& in) {
    switch (in.byte() % 5) {
        case 0:
            return c10::IValue(in.value<std::int64_t>());
        case 1:
            return c10::IValue(in.value<double>());
        case 2:
            return c10::IValue(in.text());
        case 3:
            return c10::IValue(bool(in.byte() & 1));
        default:
            return c10::IValue(std::int64_t(in.byte()) - 8);  // small numbers, near limits
    }
}

torch::Tensor craftedTensor(Bytes& in, const torch::Tensor& like) {
    static const torch::ScalarType kTypes[] = {torch::kFloat, torch::kDouble, torch::kLong,
                                               torch::kByte, torch::kBool};
    const std::uint8_t how = in.byte();
    std::vector<std::int64_t> sizes = like.sizes().vec();
    if (how & 1) {  // another shape: up to 5 dimensions of up to 15
        sizes.resize(in.byte() % 6);
        for (auto& s : sizes)
            s = in.byte() % 16;
    } else if (!sizes.empty() && (how & 2)) {  // one dimension changed
        sizes[in.byte() % sizes.size()] = in.byte() % 16;
    }
    torch::Tensor t = torch::zeros(sizes, torch::TensorOptions(kTypes[(how >> 2) % 5]));
    if ((how & 0x20) && t.numel() > 0) {  // sizes or an offset reaching past the storage
        auto* impl = t.unsafeGetTensorImpl();
        sizes.push_back(1 + in.byte() % 8);
        if (how & 0x40)
            impl->set_storage_offset(in.byte());
        else
            impl->set_sizes_contiguous(sizes);
    }
    return t;
}

/// Applies the changes the input lists; puts back the optimizer states it replaced on return.
struct Crafted {
    Setup& s;
    test::CheckpointCraft craft;
    std::vector<std::pair<torch::optim::OptimizerParamState*,
                          std::unique_ptr<torch::optim::OptimizerParamState>>>
        saved;

    Crafted(Setup& setup, Bytes& in)
        : s(setup), craft(test::CheckpointCraft::of(s.config, *s.net)) {
        for (int changes = 0; changes < 6 && !in.empty(); ++changes) {
            const std::uint8_t op = in.byte();
            switch (op % 7) {
                case 0:
                    craft.fields[kFields[in.byte() % std::size(kFields)]] = craftedValue(in);
                    break;
                case 1:
                    craft.fields.erase(kFields[in.byte() % std::size(kFields)]);
                    break;
                case 2: {
                    const std::size_t i = in.byte() % s.names.size();
                    craft.tensors[s.names[i]] = craftedTensor(in, s.tensors[i]);
                    break;
                }
                case 3:
                    craft.dropped.insert(s.names[in.byte() % s.names.size()]);
                    break;
                case 4:
                    craft.rng = craftedTensor(in, torch::zeros({5056}, torch::kByte));
                    break;
                case 5: {
                    const std::uint8_t parts = in.byte();
                    craft.withModel = parts & 1, craft.withOptimizer = parts & 2,
                    craft.withRng = parts & 4;
                    break;
                }
                default:
                    replaceState(in);
            }
        }
    }
    void replaceState(Bytes& in) {
        auto& state = s.opt->state();
        if (state.empty())
            return;
        auto it = state.begin();
        std::advance(it, in.byte() % state.size());
        auto* raw = it->second.get();
        saved.emplace_back(raw, raw->clone());
        if (auto* sgd = dynamic_cast<torch::optim::SGDParamState*>(raw)) {
            sgd->momentum_buffer(craftedTensor(in, sgd->momentum_buffer()));
        } else if (auto* adam = dynamic_cast<torch::optim::AdamParamState*>(raw)) {
            if (in.byte() & 1)
                adam->step(in.value<std::int64_t>());
            else if (in.byte() & 1)
                adam->exp_avg(craftedTensor(in, adam->exp_avg()));
            else
                adam->exp_avg_sq(craftedTensor(in, adam->exp_avg_sq()));
        }
    }
    ~Crafted() {
        // Newest first: a state replaced twice must end as it was before the first change.
        for (auto i = saved.rbegin(); i != saved.rend(); ++i) {
            auto& [raw, copy] = *i;
            if (auto* sgd = dynamic_cast<torch::optim::SGDParamState*>(raw)) {
                sgd->momentum_buffer(
                    dynamic_cast<torch::optim::SGDParamState&>(*copy).momentum_buffer());
            } else if (auto* adam = dynamic_cast<torch::optim::AdamParamState*>(raw)) {
                auto& c = dynamic_cast<torch::optim::AdamParamState&>(*copy);
                adam->step(c.step()).exp_avg(c.exp_avg()).exp_avg_sq(c.exp_avg_sq());
            }
        }
    }
};

bool names(const std::string& message, const std::string& path) {
    return message.compare(0, path.size() + 2, path + ": ") == 0;
}

/// Reads the file every way the programs do; every refusal must name it.
void readAllWays(Setup& s, const std::string& path) {
    int epoch = 0;
    std::int64_t steps = 0;
    std::string error;
    if (!Trainer::checkpointPosition(path, &epoch, &steps, &error) && !names(error, path))
        fuzz::broken("checkpointPosition: a message that does not name the file");
    try {
        Network net = buildModel(s.spec());
        auto opt = makeOptimizer(*net, s.config);
        const CheckpointContents c = loadCheckpoint(path, torch::kCPU, *net, *opt);
        if (c.position.epoch < 0 || c.position.step < 0 || c.position.stepInEpoch < 0 ||
            c.position.epochSeen < 0 || !std::isfinite(c.position.elapsed))
            fuzz::broken("loadCheckpoint: a position out of range");
        // What the trainer does next: set the RNG, train a step.
        if (c.rngState.defined()) {
            auto gen = at::make_generator<at::CPUGeneratorImpl>();
            gen.set_state(c.rngState);
        }
        Setup::step(*net, *opt);
    } catch (const std::runtime_error& e) {
        if (!names(e.what(), path)) {
            std::fprintf(stderr, "loadCheckpoint: %s\n", e.what());
            fuzz::broken("loadCheckpoint: a message that does not name the file");
        }
    }
    try {
        Network net = loadModelFile(path);
        net->eval();
        torch::NoGradGuard noGrad;
        net->forward(
            torch::zeros({1, net->spec().inChannels, net->spec().inHeight, net->spec().inWidth}));
    } catch (const std::runtime_error& e) {
        if (!names(e.what(), path)) {
            std::fprintf(stderr, "loadModelFile: %s\n", e.what());
            fuzz::broken("loadModelFile: a message that does not name the file");
        }
    }
}

void writeSeeds(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    auto put = [&](const std::string& name, const std::string& bytes) {
        std::ofstream(dir / name, std::ios::binary)
            .write(bytes.data(), std::streamsize(bytes.size()));
    };
    auto fileBytes = [](const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    for (int lsq = 0; lsq < 2; ++lsq) {
        Setup& s = setup(lsq);
        const std::string path = (dir / "tmp.pt").string();
        test::CheckpointCraft::of(s.config, *s.net).write(path, *s.net, *s.opt);
        put("raw-checkpoint-" + std::to_string(lsq),
            std::string(1, char(lsq << 1)) + fileBytes(path));
        saveModelFile(path, *s.net, s.config);
        put("raw-model-" + std::to_string(lsq), std::string(1, char(lsq << 1)) + fileBytes(path));
        std::filesystem::remove(path);
        const std::uint8_t mode = std::uint8_t((lsq << 1) | 1);
        put("crafted-none-" + std::to_string(lsq), std::string(1, char(mode)));
        put("crafted-epoch-" + std::to_string(lsq), std::string{char(mode), 0, 8, 4, 20});
        put("crafted-tensor-" + std::to_string(lsq), std::string{char(mode), 2, 5, 2, 0});
        put("crafted-state-" + std::to_string(lsq), std::string{char(mode), 6, 0, 3, 1});
        put("crafted-rng-" + std::to_string(lsq), std::string{char(mode), 4, 1, 1, 7});
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    torch::set_num_threads(1);
    // Most inputs end in a c10::Error inside LibTorch's reader; capturing a backtrace for each
    // (dladdr and demangling per frame) took more time than the reading itself.
    c10::SetStackTraceFetcher([] { return std::string(); });
    if (const char* dir = std::getenv("SLB_FUZZ_SEED_DIR")) {
        writeSeeds(dir);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const bool initialized = (LLVMFuzzerInitialize(nullptr, nullptr), true);
    (void)initialized;
    Setup& s = setup(data[0] & 2);
    Bytes in{data + 1, size - 1};
    const std::string path = (fuzz::scratchDir() / "checkpoint.pt").string();
    if (data[0] & 1) {
        bool written = true;
        {
            Crafted crafted(s, in);
            try {
                crafted.craft.write(path, *s.net, *s.opt);
            } catch (const c10::Error&) {
                written = false;  // LibTorch would not write it: nothing to read
            }
        }
        if (s.optimizerTensors() != s.stateTensors)
            fuzz::broken("harness: the optimizer state was not put back");
        if (!written)
            return 0;
    } else {
        fuzz::writeFile("checkpoint.pt", std::string(reinterpret_cast<const char*>(in.p), in.n));
    }
    readAllWays(s, path);
    return 0;
}
