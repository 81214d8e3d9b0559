#include "progress.h"

#include <cmath>

namespace slb::cli {

std::string formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        return "?";
    const long s = long(std::lround(seconds));
    char buf[32];
    if (s >= 3600) {
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    }
    return buf;
}

ProgressPrinter::ProgressPrinter(std::FILE* out, bool tty, bool quiet)
    : m_out(out), m_tty(tty), m_quiet(quiet) {}

void ProgressPrinter::onRunStarted(const RunStartedEvent& e) {
    m_totalEpochs = std::max(1, e.totalEpochs);
    m_itersPerEpoch = std::max<std::int64_t>(1, e.itersPerEpoch);
    m_startStep = e.startStep;
    m_start = std::chrono::steady_clock::now();
    m_slb = false;
    for (const auto& l : e.layers)
        m_slb = m_slb || l.kind == "slb";
    if (m_quiet)
        return;
    std::fprintf(m_out,
                 "%s, %lld parameters, %zu quantized layers; %lld train / %lld test images; "
                 "%s, %d threads\n",
                 e.modelName.c_str(), static_cast<long long>(e.numParameters), e.layers.size(),
                 static_cast<long long>(e.trainSize), static_cast<long long>(e.testSize),
                 e.device.c_str(), e.threads);
    if (e.startStep > 0)
        std::fprintf(m_out, "resuming at epoch %d, step %lld\n", e.startEpoch + 1,
                     static_cast<long long>(e.startStep));
    std::fflush(m_out);
}

void ProgressPrinter::clearBar() {
    if (m_barShown) {
        std::fprintf(m_out, "\r\033[K");
        m_barShown = false;
    }
}

void ProgressPrinter::onStep(const StepEvent& e) {
    if (m_quiet)
        return;
    const std::int64_t inEpoch = e.step - std::int64_t(e.epoch) * m_itersPerEpoch + 1;
    const double epochFrac = double(inEpoch) / double(m_itersPerEpoch);
    const std::int64_t total = std::int64_t(m_totalEpochs) * m_itersPerEpoch;
    const std::int64_t doneHere = e.step + 1 - m_startStep;
    const double perStep =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count() /
        double(std::max<std::int64_t>(1, doneHere));
    const double eta = perStep * double(total - e.step - 1);
    char temp[48] = "";
    if (m_slb)
        std::snprintf(temp, sizeof temp, "  T %.4g%s", e.temperature, e.hardPhase ? " hard" : "");

    if (m_tty) {
        const auto now = std::chrono::steady_clock::now();
        if (inEpoch != m_itersPerEpoch && now - m_lastDraw < std::chrono::milliseconds(100))
            return;
        m_lastDraw = now;
        const int width = 24;
        const int filled = int(std::round(epochFrac * width));
        std::string bar(filled, '#');
        bar += std::string(width - filled, '-');
        std::fprintf(m_out,
                     "\r\033[Kepoch %d/%d [%s] %3.0f%%  loss %.4f  acc %5.1f%%%s  lr %.3g  %.0f "
                     "img/s  ETA %s",
                     e.epoch + 1, m_totalEpochs, bar.c_str(), epochFrac * 100, e.loss,
                     e.accuracy * 100, temp, e.lr, e.imagesPerSec, formatDuration(eta).c_str());
        m_barShown = true;
        std::fflush(m_out);
        return;
    }
    const std::int64_t tenth = std::int64_t(epochFrac * 10);
    const std::int64_t key = std::int64_t(e.epoch) * 11 + tenth;
    if (tenth == 0 || key == m_lastPlainTenth || inEpoch == m_itersPerEpoch)
        return;
    m_lastPlainTenth = key;
    std::fprintf(
        m_out,
        "epoch %d/%d %3.0f%%  step %lld  loss %.4f  acc %5.1f%%%s  lr %.3g  %.0f img/s  ETA %s\n",
        e.epoch + 1, m_totalEpochs, epochFrac * 100, static_cast<long long>(e.step + 1), e.loss,
        e.accuracy * 100, temp, e.lr, e.imagesPerSec, formatDuration(eta).c_str());
    std::fflush(m_out);
}

void ProgressPrinter::onEpoch(const EpochEvent& e) {
    if (m_quiet)
        return;
    clearBar();
    char temp[48] = "";
    if (m_slb)
        std::snprintf(temp, sizeof temp, "  T %.4g%s", e.temperature, e.hardPhase ? " (hard)" : "");
    std::fprintf(m_out,
                 "epoch %d/%d  train loss %.4f  acc %.2f%%  |  test acc W_c %.2f%%  W_q %.2f%%%s  "
                 "|  %.0f img/s  %.1f s\n",
                 e.epoch + 1, m_totalEpochs, e.trainLoss, e.trainAccuracy * 100,
                 e.testAccSoft * 100, e.testAccHard * 100, temp, e.imagesPerSec, e.seconds);
    std::fflush(m_out);
}

void ProgressPrinter::onLifecycle(const LifecycleEvent& e) {
    if (m_quiet && e.status != RunStatus::Failed && e.status != RunStatus::Diverged)
        return;
    switch (e.status) {
        case RunStatus::Started:
        case RunStatus::Resumed:
        case RunStatus::Paused:
        case RunStatus::Interrupted:
            return;
        case RunStatus::Steered:
            clearBar();
            std::fprintf(m_out, "steered at step %lld: %s\n", static_cast<long long>(e.step),
                         e.message.c_str());
            break;
        case RunStatus::Finished:
            clearBar();
            std::fprintf(m_out, "%s\n", e.message.c_str());
            break;
        case RunStatus::Stopped:
            clearBar();
            std::fprintf(m_out, "%s\n", e.message.c_str());
            break;
        case RunStatus::Diverged:
        case RunStatus::Failed:
            clearBar();
            break;  // the caller prints the one-line reason
    }
    std::fflush(m_out);
}

}  // namespace slb::cli
