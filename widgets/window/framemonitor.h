#pragma once
// Measures how responsive the GUI thread is while it trains: a heartbeat timer asks to run every
// kTickMs, and the time between two ticks is one "frame" of the GUI thread. A redraw, a drain of
// the session's inbox or anything else that holds the thread shows up as a long frame.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace slb {

class FrameMonitor : public QObject {
    Q_OBJECT
public:
    static constexpr int kTickMs = 10;

    explicit FrameMonitor(QObject* parent = nullptr);
    /** Starts (or restarts) measuring; earlier frames are forgotten. */
    void start();
    void stop();
    /** Leaves a stretch out of the measurement (e.g. screenshots, a modal dialog); measuring
     *  goes on from continueMeasuring() with the frames so far kept. */
    void suspend();
    void continueMeasuring();
    bool running() const { return m_timer.isActive(); }

    /** Frames measured so far. */
    std::size_t count() const { return m_frames.size(); }
    /** Median, 99th percentile and worst frame in milliseconds (0 when none). */
    double medianMs() const;
    double percentileMs(double p) const;
    double worstMs() const;
    /** Seconds since start() at which the worst frame ended. */
    double worstAtSeconds() const { return m_worstAt; }
    /** Frames longer than `ms`. */
    std::size_t countOver(double ms) const;

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    QElapsedTimer m_sinceStart;
    double m_worstAt = 0;
    float m_worst = 0;
    std::vector<float> m_frames;  ///< ms between consecutive ticks
    bool m_suspended = false;
};

}  // namespace slb
