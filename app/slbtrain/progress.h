#pragma once
// Terminal progress for slb-train: a live bar with ETA on a terminal, plain lines otherwise, and
// one line per epoch. An observer: runs on the training thread and only formats and writes.

#include <chrono>
#include <cstdio>
#include <string>

#include "base/events.h"

namespace slb::cli {

class ProgressPrinter : public TrainObserver {
public:
    /** Writes to `out`; `tty` selects the live bar (else a plain line every ~10 % of an epoch). */
    ProgressPrinter(std::FILE* out, bool tty, bool quiet);

    void onRunStarted(const RunStartedEvent& e) override;
    void onStep(const StepEvent& e) override;
    void onEpoch(const EpochEvent& e) override;
    void onLifecycle(const LifecycleEvent& e) override;

private:
    void clearBar();
    std::FILE* m_out;
    bool m_tty, m_quiet;
    bool m_slb = false;
    bool m_barShown = false;
    int m_totalEpochs = 1;
    std::int64_t m_itersPerEpoch = 1;
    std::int64_t m_startStep = 0;
    std::chrono::steady_clock::time_point m_lastDraw{}, m_start{};
    std::int64_t m_lastPlainTenth = -1;
};

/** "1:05:03" / "4:07" for a number of seconds. */
std::string formatDuration(double seconds);

}  // namespace slb::cli
