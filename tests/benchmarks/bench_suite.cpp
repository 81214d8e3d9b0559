// The C++ side of the benchmark suite (tests/benchmarks/run_benchmarks.py runs it and the
// PyTorch twin, alternating, and prints the tables). Each invocation measures one thing in its
// own process, so that its peak RSS is that thing's alone, and prints one line of JSON:
//   bench_suite train   --model M --config C [--batch 128] [--threads 2] [--warmup 10]
//                       [--window 20] [--windows 5]
//       the trainer's images/s in timed windows of steps after a warm-up, as slb-train trains
//       (data loader, snapshots every 50 steps, loss.item(), argmax accuracy and all)
//   bench_suite epoch   --model M --config C [--train-limit N] [--threads 2]
//       one whole epoch: its wall time, and the part spent after the last step (BN calibration,
//       evaluation of W_c and of W_q)
//   bench_suite profile --model M --config C [--warmup 10] [--window 20] [--threads 2]
//       where a training window's time goes: LibTorch's profiler over `window` steps after the
//       warm-up, summed by the trainer's phases (data, forward, loss, backward, optimizer,
//       snapshot, ...) and by op (self time), per step
//   bench_suite ceiling [--threads 2]
//       the machine's float32 rates: GEMM and convolutions through each backend LibTorch has,
//       and a peak-FMA microkernel (ceiling.cpp)
// Configs: fp32, slb-w1, slb-w2, slb-w4, lsq-w2a2. Never part of ctest: timings are not
// assertions.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>
#include <nlohmann/json.hpp>

#include "ceiling.h"
#include "train/trainer.h"

using namespace slb;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string mode, model = "cnn", config = "fp32";
    int batch = 128, threads = 2, warmup = 10, window = 20, windows = 5;
    std::int64_t trainLimit = 0;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(
        stderr,
        "bench_suite: %s\nusage: bench_suite train|epoch|profile|ceiling [--model cnn|resnet20] "
        "[--config fp32|slb-w1|slb-w2|slb-w4|lsq-w2a2] [--batch N] [--threads N] "
        "[--warmup STEPS] [--window STEPS] [--windows N] [--train-limit IMAGES]\n",
        why.c_str());
    std::exit(2);
}

Options parse(int argc, char** argv) {
    if (argc < 2)
        usage("no mode given");
    Options o;
    o.mode = argv[1];
    if (o.mode != "train" && o.mode != "epoch" && o.mode != "profile" && o.mode != "ceiling")
        usage("unknown mode '" + o.mode + "'");
    for (int i = 2; i < argc; ++i) {
        const std::string key = argv[i];
        if (i + 1 >= argc)
            usage(key + " needs a value");
        const std::string value = argv[++i];
        auto number = [&] {
            char* end = nullptr;
            const long long v = std::strtoll(value.c_str(), &end, 10);
            if (*end != '\0' || v < 0)
                usage(key + ": expected a non-negative integer, found '" + value + "'");
            return v;
        };
        if (key == "--model")
            o.model = value;
        else if (key == "--config")
            o.config = value;
        else if (key == "--batch")
            o.batch = int(number());
        else if (key == "--threads")
            o.threads = int(number());
        else if (key == "--warmup")
            o.warmup = int(number());
        else if (key == "--window")
            o.window = int(number());
        else if (key == "--windows")
            o.windows = int(number());
        else if (key == "--train-limit")
            o.trainLimit = number();
        else
            usage("unknown option " + key);
    }
    if (o.batch < 1 || o.window < 1 || o.windows < 1 || o.threads < 1)
        usage("--batch, --window, --windows and --threads must be at least 1");
    return o;
}

/** The run config of a benchmark configuration; everything else is slb-train's default. */
RunConfig configFor(const Options& o) {
    RunConfig c;
    c.model = o.model;
    c.dataset = "fashion-mnist";
    c.device = "cpu";
    c.threads = o.threads;
    c.batchSize = o.batch;
    c.epochs = 1;
    if (o.config == "fp32") {
        c.method = Method::Float;
    } else if (o.config == "slb-w1" || o.config == "slb-w2" || o.config == "slb-w4") {
        c.method = Method::Slb;
        c.wbits = o.config.back() - '0';
    } else if (o.config == "lsq-w2a2") {
        c.method = Method::Lsq;
        c.wbits = 2;
        c.abits = 2;
    } else {
        usage("unknown config '" + o.config + "'");
    }
    return c;
}

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

nlohmann::json header(const Options& o, const char* what) {
    return {{"side", "cpp"},          {"what", what},     {"model", o.model},
            {"config", o.config},     {"batch", o.batch}, {"threads", o.threads},
            {"data", "fashion-mnist"}};
}

/** Wall time at every step's end; stops the trainer once it has seen `stopAfter` steps. */
class StepClock : public TrainObserver {
public:
    StepClock(Trainer& t, std::int64_t stopAfter) : m_trainer(t), m_stopAfter(stopAfter) {}
    void onStep(const StepEvent& e) override {
        ends.push_back(Clock::now());
        lastLoss = e.loss;
        if (m_stopAfter > 0 && std::int64_t(ends.size()) >= m_stopAfter)
            m_trainer.requestStop();
    }
    void onEpoch(const EpochEvent& e) override {
        epochEnd = Clock::now();
        epoch = e;
    }
    std::vector<Clock::time_point> ends;
    Clock::time_point epochEnd;
    EpochEvent epoch;
    double lastLoss = 0;

private:
    Trainer& m_trainer;
    std::int64_t m_stopAfter;
};

double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

int train(const Options& o) {
    RunConfig c = configFor(o);
    const std::int64_t steps = std::int64_t(o.warmup) + std::int64_t(o.window) * o.windows;
    c.trainLimit = (steps + 1) * o.batch;
    c.testLimit = 500;
    Trainer trainer(c);
    StepClock clock(trainer, steps);
    trainer.addObserver(&clock);
    const RunStatus status = trainer.run();
    if (std::int64_t(clock.ends.size()) < steps) {
        std::fprintf(stderr, "bench_suite: the run ended after %zu of %lld steps: %s\n",
                     clock.ends.size(), static_cast<long long>(steps),
                     trainer.summary().message.c_str());
        return 1;
    }
    (void)status;
    std::vector<double> rates;
    for (int w = 0; w < o.windows; ++w) {
        // Window w spans the steps ending at ends[first + 1 .. first + window].
        const std::size_t first = std::size_t(o.warmup) + std::size_t(w) * o.window - 1;
        const double s = seconds(clock.ends[first], clock.ends[first + o.window]);
        rates.push_back(double(o.window) * o.batch / s);
    }
    nlohmann::json j = header(o, "train");
    j["window_ips"] = rates;
    j["median_ips"] = median(rates);
    j["peak_rss_mib"] = peakRssMiB();
    j["final_loss"] = clock.lastLoss;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

/** Turns LibTorch's (legacy, CPU) profiler on at the end of step `from` and off at the end of
 *  step `to`, from the trainer's own thread, where the profiler's state lives. */
class ProfileWindow : public TrainObserver {
public:
    ProfileWindow(Trainer& t, std::int64_t from, std::int64_t to)
        : m_trainer(t), m_from(from), m_to(to) {}
    void onStep(const StepEvent&) override {
        ++m_steps;
        if (m_steps == m_from) {
            namespace prof = torch::autograd::profiler;
            prof::enableProfilerLegacy(prof::ProfilerConfig(prof::ProfilerState::CPU));
            start = Clock::now();
        } else if (m_steps == m_to) {
            end = Clock::now();
            events = torch::autograd::profiler::disableProfilerLegacy();
            m_trainer.requestStop();
        }
    }
    torch::autograd::profiler::thread_event_lists events;
    Clock::time_point start, end;

private:
    Trainer& m_trainer;
    std::int64_t m_from, m_to, m_steps = 0;
};

struct OpTime {
    double selfUs = 0, totalUs = 0;
    std::int64_t calls = 0;
};

/** Self and total time per event name. Ranges nest on each thread; a range whose other end lies
 *  outside the profiled window (the observer's own phase) is dropped. */
std::map<std::string, OpTime> aggregate(
    const torch::autograd::profiler::thread_event_lists& lists) {
    using torch::autograd::profiler::EventKind;
    using torch::autograd::profiler::LegacyEvent;
    struct Open {
        const LegacyEvent* push;
        double childUs;
    };
    std::map<std::string, OpTime> byName;
    for (const auto& list : lists) {
        std::vector<Open> stack;
        for (const auto& e : list) {
            if (e.kind() == EventKind::PushRange) {
                stack.push_back({&e, 0.0});
            } else if (e.kind() == EventKind::PopRange && !stack.empty()) {
                const Open open = stack.back();
                stack.pop_back();
                const double total = open.push->cpuElapsedUs(e);
                OpTime& t = byName[open.push->name()];
                t.totalUs += total;
                t.selfUs += total - open.childUs;
                ++t.calls;
                if (!stack.empty())
                    stack.back().childUs += total;
            }
        }
    }
    return byName;
}

int profile(const Options& o) {
    RunConfig c = configFor(o);
    const std::int64_t steps = std::int64_t(o.warmup) + o.window;
    c.trainLimit = (steps + 1) * o.batch;
    c.testLimit = 500;
    Trainer trainer(c);
    ProfileWindow window(trainer, o.warmup, steps);
    trainer.addObserver(&window);
    trainer.run();
    if (window.events.empty()) {
        std::fprintf(stderr, "bench_suite: the run ended before the profiled window: %s\n",
                     trainer.summary().message.c_str());
        return 1;
    }
    const double stepMs = seconds(window.start, window.end) * 1e3 / o.window;
    nlohmann::json phases = nlohmann::json::object(), ops = nlohmann::json::array();
    std::vector<std::pair<std::string, OpTime>> opList;
    for (const auto& [name, t] : aggregate(window.events)) {
        if (name.rfind("slb.", 0) == 0)
            phases[name.substr(4)] = t.totalUs / 1e3 / o.window;
        else
            opList.emplace_back(name, t);
    }
    std::sort(opList.begin(), opList.end(),
              [](const auto& a, const auto& b) { return a.second.selfUs > b.second.selfUs; });
    for (const auto& [name, t] : opList) {
        if (ops.size() == 15)
            break;
        ops.push_back({{"op", name},
                       {"self_ms_per_step", t.selfUs / 1e3 / o.window},
                       {"calls_per_step", double(t.calls) / o.window}});
    }
    nlohmann::json j = header(o, "profile");
    j["steps"] = o.window;
    j["step_ms"] = stepMs;  // wall time per step with the profiler on
    j["phases_ms_per_step"] = phases;
    j["top_ops"] = ops;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

int epoch(const Options& o) {
    RunConfig c = configFor(o);
    c.trainLimit = o.trainLimit;  // 0: all 60,000 images
    c.testLimit = 0;              // all 10,000
    Trainer trainer(c);
    StepClock clock(trainer, 0);
    trainer.addObserver(&clock);
    const RunStatus status = trainer.run();
    if (status != RunStatus::Finished || clock.ends.empty()) {
        std::fprintf(stderr, "bench_suite: the epoch did not finish: %s\n",
                     trainer.summary().message.c_str());
        return 1;
    }
    const double wall = clock.epoch.seconds;
    const double afterSteps = seconds(clock.ends.back(), clock.epochEnd);
    nlohmann::json j = header(o, "epoch");
    j["train_images"] = o.trainLimit > 0 ? o.trainLimit : 60000;
    j["epoch_seconds"] = wall;
    j["train_ips"] = clock.epoch.imagesPerSec;
    j["eval_calib_seconds"] = afterSteps;
    j["eval_calib_share"] = afterSteps / wall;
    j["test_acc_soft"] = clock.epoch.testAccSoft;
    j["test_acc_hard"] = clock.epoch.testAccHard;
    j["peak_rss_mib"] = peakRssMiB();
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    if (o.mode == "train")
        return train(o);
    if (o.mode == "epoch")
        return epoch(o);
    if (o.mode == "profile")
        return profile(o);
    nlohmann::json j = bench::measureCeiling(o.threads);
    j["side"] = "cpp";
    j["what"] = "ceiling";
    j["threads"] = o.threads;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
