// What recording costs: ns per RunStore callback on the calling (training) thread, with
// realistic snapshots (10 layers, 8 tracked weights), the writer thread's sustained rows/s and
// its CPU time per event, which competes with training for the same cores.
//   bench_runstore [STEPS [SNAPSHOTS]]     (defaults 200000 and 20000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/runstore.h"
#include "recordfixtures.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fx = slb::fixtures;

double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

/// CPU seconds of the whole process (all threads).
double processCpu() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/// CPU seconds of the calling thread.
double threadCpu() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

struct CallStats {
    double meanNs = 0, p50Ns = 0, p99Ns = 0, maxNs = 0;
};

CallStats stats(std::vector<double>& ns) {
    std::sort(ns.begin(), ns.end());
    CallStats s;
    double sum = 0;
    for (double v : ns)
        sum += v;
    s.meanNs = sum / double(ns.size());
    s.p50Ns = ns[ns.size() / 2];
    s.p99Ns = ns[ns.size() * 99 / 100];
    s.maxNs = ns.back();
    return s;
}

std::unique_ptr<slb::RunStore> freshStore(const std::string& base, const char* name) {
    std::string err;
    auto store = slb::RunStore::create(base + "/" + name, slb::RunConfig().toJson(), &err);
    if (!store) {
        std::fprintf(stderr, "%s\n", err.c_str());
        std::exit(1);
    }
    store->onRunStarted(fx::runStarted(10));
    store->flush();
    return store;
}

/// Size of a run's database once its writer has closed it (WAL checkpointed into the file).
double fileMiB(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? double(st.st_size) / (1024.0 * 1024.0) : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
    const int steps = argc > 1 ? std::atoi(argv[1]) : 200000;
    const int snapshots = argc > 2 ? std::atoi(argv[2]) : 20000;
    char tmpl[] = "/tmp/bench_runstore-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string base = tmpl;
    std::printf("run folders under %s\n", base.c_str());

    // Events are made before timing: the trainer has them anyway.
    std::vector<slb::StepEvent> stepEvents;
    for (int i = 0; i < steps; ++i)
        stepEvents.push_back(fx::step(i));
    std::vector<slb::SnapshotEvent> snapEvents;
    for (int i = 0; i < std::min(snapshots, 1000); ++i)
        snapEvents.push_back(fx::snapshot(i));
    const std::size_t snapBytes = [&] {
        std::size_t b = 0;
        for (const auto& l : snapEvents[0].layers)
            b += 4 * (l.slb.values.size() * 3 + l.slb.maxProbHist.size() +
                      l.slb.trackedProbs.size() + l.lsqWeight.hist.size() +
                      l.activation.hist.size()) +
                 8 * l.slb.trackedIndex.size();
        return b;
    }();

    // 1. Cost per onStep on the calling thread, writer committing concurrently.
    {
        auto store = freshStore(base, "steps");
        std::vector<double> ns(std::size_t(steps), 0.0);
        const double cpu0 = processCpu(), main0 = threadCpu();
        const auto t0 = Clock::now();
        for (int i = 0; i < steps; ++i) {
            const auto a = Clock::now();
            store->onStep(stepEvents[std::size_t(i)]);
            ns[std::size_t(i)] = double((Clock::now() - a).count());
        }
        const auto t1 = Clock::now();
        store->flush();
        const auto t2 = Clock::now();
        const double writerCpu = (processCpu() - cpu0) - (threadCpu() - main0);
        const CallStats s = stats(ns);
        std::printf(
            "onStep     : mean %.0f ns, p50 %.0f, p99 %.0f, max %.0f ns per call (%d calls)\n",
            s.meanNs, s.p50Ns, s.p99Ns, s.maxNs, steps);
        std::printf(
            "  writer   : %d step rows committed %.3f s after the first call: %.0f rows/s;"
            " writer CPU %.2f us per row\n",
            steps, seconds(t0, t2), steps / seconds(t0, t2), 1e6 * writerCpu / steps);
        std::printf("  enqueue  : %d calls took %.3f s on the calling thread\n", steps,
                    seconds(t0, t1));
    }

    // 2. Cost per onSnapshot (10 layers, 8 tracked weights each SLB layer).
    {
        auto store = freshStore(base, "snapshots");
        std::vector<double> ns(std::size_t(snapshots), 0.0);
        const double cpu0 = processCpu(), main0 = threadCpu();
        const auto t0 = Clock::now();
        for (int i = 0; i < snapshots; ++i) {
            slb::SnapshotEvent& e = snapEvents[std::size_t(i) % snapEvents.size()];
            e.step = i;  // unique (layer, step) rows, as in a run
            const auto a = Clock::now();
            store->onSnapshot(e);
            ns[std::size_t(i)] = double((Clock::now() - a).count());
        }
        store->flush();
        const auto t2 = Clock::now();
        const double writerCpu = (processCpu() - cpu0) - (threadCpu() - main0);
        const CallStats s = stats(ns);
        const double rows = double(snapshots) * 10;
        std::printf(
            "onSnapshot : mean %.0f ns, p50 %.0f, p99 %.0f, max %.0f ns per call"
            " (%d calls, 10 layers, ~%zu payload bytes)\n",
            s.meanNs, s.p50Ns, s.p99Ns, s.maxNs, snapshots, snapBytes);
        std::printf(
            "  writer   : %.0f layer-snapshot rows in %.3f s: %.0f rows/s;"
            " writer CPU %.1f us per snapshot event\n",
            rows, seconds(t0, t2), rows / seconds(t0, t2), 1e6 * writerCpu / snapshots);
        store.reset();
        const double mib = fileMiB(base + "/snapshots/run.sqlite");
        std::printf("  on disk  : %.1f MiB, %.2f KiB per snapshot event\n", mib,
                    1024.0 * mib / snapshots);
    }

    // 3. A training-like mix: one step per call, a snapshot every 50 steps, an epoch every 469.
    {
        auto store = freshStore(base, "mixed");
        const int n = std::min(steps, 50000);
        const double cpu0 = processCpu(), main0 = threadCpu();
        const auto t0 = Clock::now();
        double callNs = 0;
        for (int i = 0; i < n; ++i) {
            const auto a = Clock::now();
            store->onStep(stepEvents[std::size_t(i)]);
            if (i % 50 == 0) {
                slb::SnapshotEvent& e = snapEvents[std::size_t(i / 50) % snapEvents.size()];
                e.step = i;
                store->onSnapshot(e);
            }
            if (i % 469 == 468)
                store->onEpoch(fx::epoch(i / 469, 469));
            callNs += double((Clock::now() - a).count());
        }
        store->flush();
        const auto t2 = Clock::now();
        const double writerCpu = (processCpu() - cpu0) - (threadCpu() - main0);
        std::printf(
            "mixed      : %.0f ns on the training thread and %.1f us of writer CPU per"
            " training step (snapshot every 50 steps); %d steps recorded in %.3f s\n",
            callNs / n, 1e6 * writerCpu / n, n, seconds(t0, t2));
        // At 500 images/s and batch 128 a step takes 256 ms.
        std::printf("  share of a 256 ms training step: calling thread %.5f%%, writer CPU %.4f%%\n",
                    100 * callNs / n / 256e6, 100 * writerCpu / n / 0.256);
    }
    // 4. Tail latency at a steady rate: 10,000 steps/s (far above the 2–4 steps/s of training on
    // this machine, about a GPU's rate), snapshot every 50 steps. The bursts above overfill the
    // queue on purpose; here it stays within its reserved capacity, as in a real run.
    {
        auto store = freshStore(base, "paced");
        const int n = std::min(steps, 20000);
        std::vector<double> ns(std::size_t(n), 0.0);
        const auto period = std::chrono::microseconds(100);
        auto next = Clock::now();
        for (int i = 0; i < n; ++i) {
            next += period;
            while (Clock::now() < next) {
            }  // busy-wait: sleeping would blur the rate
            const auto a = Clock::now();
            store->onStep(stepEvents[std::size_t(i)]);
            if (i % 50 == 0) {
                slb::SnapshotEvent& e = snapEvents[std::size_t(i / 50) % snapEvents.size()];
                e.step = i;
                store->onSnapshot(e);
            }
            ns[std::size_t(i)] = double((Clock::now() - a).count());
        }
        store->flush();
        const CallStats s = stats(ns);
        std::printf(
            "paced      : 10k steps/s, per step (incl. snapshots): mean %.0f ns, p50 %.0f,"
            " p99 %.0f, p99.9 %.0f, max %.0f ns\n",
            s.meanNs, s.p50Ns, s.p99Ns, ns[ns.size() * 999 / 1000], s.maxNs);
    }
    const std::string cleanup = "rm -rf '" + base + "'";
    return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
