#include "framemonitor.h"

#include <QThread>
#include <algorithm>
#include <chrono>
#include <cstdint>

namespace slb {

namespace {
FrameMonitor* g_listening = nullptr;  // GUI thread only
}

FrameMonitor::FrameMonitor(QObject* parent) : QObject(parent) {}

FrameMonitor::~FrameMonitor() {
    if (g_listening == this)
        g_listening = nullptr;
}

FrameMonitor* FrameMonitor::listening() {
    return g_listening;
}

void FrameMonitor::start() {
    m_frames.clear();
    m_frames.reserve(1 << 16);
    m_worst = 0;
    m_worstAt = 0;
    m_busyMs = 0;
    m_measuredMs = 0;
    m_suspended = false;
    m_running = true;
    ++m_generation;
    m_sinceStart.start();
    g_listening = this;
}

void FrameMonitor::stop() {
    if (m_running && !m_suspended)
        m_measuredMs += double(m_sinceStart.nsecsElapsed()) / 1e6;
    m_running = false;
    m_suspended = false;
    ++m_generation;
    if (g_listening == this)
        g_listening = nullptr;
}

void FrameMonitor::suspend() {
    if (!m_running || m_suspended)
        return;
    m_suspended = true;
    ++m_generation;
    m_measuredMs += double(m_sinceStart.nsecsElapsed()) / 1e6;
    if (g_listening == this)
        g_listening = nullptr;
}

void FrameMonitor::continueMeasuring() {
    if (!m_suspended)
        return;
    m_suspended = false;
    ++m_generation;
    m_sinceStart.start();
    g_listening = this;
}

void FrameMonitor::addFrame(double ms) {
    const auto f = float(ms);
    m_frames.push_back(f);
    m_busyMs += ms;
    if (f > m_worst) {
        m_worst = f;
        m_worstAt = (m_measuredMs + double(m_sinceStart.nsecsElapsed()) / 1e6) / 1000.0;
    }
}

double FrameMonitor::busyShare() const {
    const double wall =
        m_measuredMs +
        (m_running && !m_suspended ? double(m_sinceStart.nsecsElapsed()) / 1e6 : 0.0);
    return wall > 0 ? std::min(1.0, m_busyMs / wall) : 0.0;
}

std::size_t FrameMonitor::countOver(double ms) const {
    return std::size_t(
        std::count_if(m_frames.begin(), m_frames.end(), [ms](float f) { return f > ms; }));
}

double FrameMonitor::percentileMs(double p) const {
    if (m_frames.empty())
        return 0;
    std::vector<float> sorted = m_frames;
    const auto k = std::size_t(std::clamp(p, 0.0, 1.0) * double(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(k), sorted.end());
    return sorted[k];
}

double FrameMonitor::medianMs() const {
    return percentileMs(0.5);
}

double FrameMonitor::worstMs() const {
    return m_frames.empty() ? 0 : *std::max_element(m_frames.begin(), m_frames.end());
}

bool TimedApplication::notify(QObject* receiver, QEvent* event) {
    if (QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    using Clock = std::chrono::steady_clock;
    // Only the outermost event is a frame; what it sends on is part of it.
    FrameMonitor* const timing = m_depth == 0 ? FrameMonitor::listening() : nullptr;
    const std::uint64_t generation = timing ? timing->generation() : 0;
    const auto t0 = timing ? Clock::now() : Clock::time_point();
    ++m_depth;
    const bool handled = QApplication::notify(receiver, event);
    --m_depth;
    // A frame in which measuring stopped, was suspended or restarted (a run ending, screenshots
    // being taken) is left out.
    if (timing && FrameMonitor::listening() == timing && timing->generation() == generation)
        timing->addFrame(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    return handled;
}

}  // namespace slb
