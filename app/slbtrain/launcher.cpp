// slb-train --nproc N: the ranks of a data-parallel job on this machine, as child processes of
// this one, which serves their rendezvous and watches them. A rank that dies ends the whole job
// within a grace period, with a message naming it, never a silent hang.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "cli.h"
#include "dist/distoptions.h"
#include "record/runstore.h"
#include "train/recordedrun.h"

namespace slb::cli {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<int> g_signal{0};

void remember(int sig) {
    g_signal.store(sig);
}

struct Rank {
    int rank = 0;
    pid_t pid = -1;
    bool running = false;
    int status = 0;
};

/** Exit statuses that are not a fault of the job: finished or stopped (0), diverged (4). */
bool endedWell(int status) {
    return WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 4);
}

std::string describeEnd(const Rank& r) {
    const std::string who =
        "rank " + std::to_string(r.rank) + " (pid " + std::to_string(r.pid) + ")";
    if (WIFSIGNALED(r.status))
        return who + " was killed by signal " + std::to_string(WTERMSIG(r.status)) + " (" +
               strsignal(WTERMSIG(r.status)) + ")";
    return who + " exited with status " + std::to_string(WEXITSTATUS(r.status));
}

/** The command line without --nproc, as every rank gets it. */
std::vector<std::string> rankArguments(const Invocation& inv) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < inv.args.size(); ++i) {
        if (inv.args[i] == "--nproc") {
            ++i;
            continue;
        }
        if (inv.args[i].rfind("--nproc=", 0) == 0)
            continue;
        out.push_back(inv.args[i]);
    }
    return out;
}

/** Rank 0 is gone without recording why: write it into the run's history. */
void recordLostLeader(const std::string& runDir, const std::string& why) {
    std::string error;
    auto store = RunStore::open(runDir, &error);
    if (!store)
        return;  // e.g. it died before creating the run
    const ResumePoint at = store->resumePoint();
    if (at.lastStep < 0)
        return;
    LifecycleEvent e;
    e.status = RunStatus::Failed;
    e.step = at.lastStep + 1;
    e.epoch = std::max(at.lastStepEpoch, 0);
    e.message = why + " after step " + std::to_string(e.step) +
                "; slb-train resume continues the run from its last checkpoint";
    store->onLifecycle(e);
    store->flush();
}

}  // namespace

int launchLocalJob(Invocation& inv) {
    const int n = inv.nproc;
    std::vector<std::string> base = rankArguments(inv);
    std::string runDir;
    if (inv.command == "train") {
        // Decided here, so that the launcher knows where rank 0 records.
        runDir = inv.config.out.empty() ? defaultRunDir(inv.config) : inv.config.out;
        if (inv.config.out.empty()) {
            base.push_back("--out");
            base.push_back(runDir);
        }
    } else if (!inv.positional.empty()) {
        runDir = inv.positional.front();
    }
    bool threadsGiven = false;
    for (const auto& k : inv.givenKeys)
        threadsGiven = threadsGiven || k == "threads";
    if (!threadsGiven) {
        // The cores shared out: N processes of all-core thread pools would fight each other.
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        base.push_back("--threads");
        base.push_back(std::to_string(std::max(1u, cores / unsigned(n))));
    }

    std::unique_ptr<RendezvousServer> server;
    try {
        server = std::make_unique<RendezvousServer>(inv.dist.timeout);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "slb-train: %s\n", e.what());
        return 1;
    }
    if (!inv.quiet)
        std::printf("data-parallel job: %d processes on this machine, rendezvous at %s\n", n,
                    server->address().c_str());
    std::fflush(stdout);

    std::vector<Rank> ranks(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
        std::vector<std::string> args = base;
        for (const std::string& a :
             {std::string("--rank"), std::to_string(r), std::string("--world-size"),
              std::to_string(n), std::string("--master"), server->address(),
              std::string("--store-external")})
            args.push_back(a);
        if (r > 0 && !inv.quiet)
            args.push_back("--quiet");
        std::vector<char*> argv;
        std::string self = "/proc/self/exe";
        argv.push_back(self.data());
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const pid_t pid = fork();
        if (pid < 0) {
            std::perror("slb-train: fork");
            for (auto& k : ranks)
                if (k.running)
                    kill(k.pid, SIGKILL);
            return 1;
        }
        if (pid == 0) {
            // Its own process group: a Ctrl-C reaches the launcher, which passes it on once.
            setpgid(0, 0);
            execv("/proc/self/exe", argv.data());
            std::perror("slb-train: exec");
            _exit(127);
        }
        ranks[std::size_t(r)] = Rank{r, pid, true, 0};
    }

    struct sigaction sa {};
    sa.sa_handler = remember;
    sigemptyset(&sa.sa_mask);
    struct sigaction oldInt {
    }, oldTerm{};
    sigaction(SIGINT, &sa, &oldInt);
    sigaction(SIGTERM, &sa, &oldTerm);

    const auto grace = std::chrono::seconds(10);
    bool failed = false;
    Clock::time_point failedAt;
    int termSent = 0;  // 0: none, 1: SIGTERM, 2: SIGKILL
    int running = n;
    while (running > 0) {
        if (const int sig = g_signal.exchange(0); sig != 0)
            for (auto& k : ranks)
                if (k.running)
                    kill(k.pid, sig);
        int status = 0;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            for (auto& k : ranks) {
                if (k.pid != pid || !k.running)
                    continue;
                k.running = false;
                k.status = status;
                --running;
                if (!endedWell(status) && !failed && termSent == 0) {
                    failed = true;
                    failedAt = Clock::now();
                    const std::string why = describeEnd(k);
                    server->announceFailure(why);
                    std::fprintf(stderr, "slb-train: %s; ending the job\n", why.c_str());
                    if (k.rank == 0 && WIFSIGNALED(status) && !runDir.empty())
                        recordLostLeader(runDir, why);
                }
            }
        }
        if (failed && running > 0) {
            // Once rank 0, which records the run, has ended, the others have nothing left to
            // say: end them at once rather than after the grace period.
            const auto since =
                Clock::now() - failedAt + (ranks.front().running ? std::chrono::seconds(0) : grace);
            if (termSent == 0 && since > grace) {
                for (auto& k : ranks)
                    if (k.running) {
                        std::fprintf(stderr,
                                     "slb-train: rank %d (pid %d) did not end: stopping it\n",
                                     k.rank, int(k.pid));
                        kill(k.pid, SIGTERM);
                    }
                termSent = 1;
            } else if (termSent == 1 && since > grace + std::chrono::seconds(3)) {
                for (auto& k : ranks)
                    if (k.running)
                        kill(k.pid, SIGKILL);  // also ends a stopped (SIGSTOP) process
                termSent = 2;
            }
        }
        if (running > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    if (failed)
        return 1;
    const int s0 = ranks.front().status;
    return WIFEXITED(s0) ? WEXITSTATUS(s0) : 1;
}

}  // namespace slb::cli
