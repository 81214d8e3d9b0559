// A writer in its own process for tst_runfollowprocess: records a deterministic run (see
// recordfixtures.h) into a new run folder, and at step PAUSE_AT commits, prints "waiting" and
// waits for "go" on stdin, so the parent can check the lock, follow, or kill it mid-run.
//   slb_run_writer_child RUN_DIR STEPS PAUSE_AT
#include <cstdio>
#include <iostream>
#include <string>

#include "record/runstore.h"
#include "recordfixtures.h"

int main(int argc, char** argv) {
    namespace fx = slb::fixtures;
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s RUN_DIR STEPS PAUSE_AT\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const int steps = std::stoi(argv[2]);
    const int pauseAt = std::stoi(argv[3]);
    constexpr int kLayers = 6;
    std::string err;
    auto store = slb::RunStore::create(dir, slb::RunConfig().toJson(), &err);
    if (!store) {
        std::fprintf(stderr, "%s\n", err.c_str());
        return 1;
    }
    store->onRunStarted(fx::runStarted(kLayers));
    store->onLifecycle({slb::RunStatus::Started, 0, 0, "", 0});
    for (int i = 0; i < steps; ++i) {
        if (i == pauseAt) {
            store->flush();
            std::printf("waiting\n");
            std::fflush(stdout);
            std::string line;
            if (!std::getline(std::cin, line) || line != "go")
                return 3;
        }
        store->onStep(fx::step(i));
        if (i % 20 == 0)
            store->onSnapshot(fx::snapshot(i, kLayers));
        if (i % 500 == 499)
            store->onEpoch(fx::epoch(i / 500, 500));
    }
    store->onLifecycle({slb::RunStatus::Finished, steps - 1, (steps - 1) / 500, "", 0});
    if (!store->flush()) {
        std::fprintf(stderr, "%s\n", store->lastError().c_str());
        return 1;
    }
    store.reset();
    std::printf("done\n");
    return 0;
}
