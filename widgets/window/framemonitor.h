#pragma once
// Measures how long the GUI thread is held while it trains: every event the thread handles at
// the outermost level (a redraw, a drain of the session's inbox, a timer, an X event) is one
// "frame", timed from its start to its end. A long frame is a stretch in which a click or a key
// would have waited. Nothing here wakes the thread: the times come from the application's own
// event delivery (TimedApplication), so measuring costs the trainer nothing. (A heartbeat timer
// did this before at 100 wake-ups a second, about a sixth of what the window cost the trainer.)

#include <QApplication>
#include <QElapsedTimer>
#include <QObject>
#include <cstdint>
#include <vector>

namespace slb {

class FrameMonitor : public QObject {
    Q_OBJECT
public:
    explicit FrameMonitor(QObject* parent = nullptr);
    ~FrameMonitor() override;
    /** Starts (or restarts) measuring; earlier frames are forgotten. Measures nothing unless the
     *  application is a TimedApplication (the workbench's). */
    void start();
    void stop();
    /** Leaves a stretch out of the measurement (e.g. screenshots, a modal dialog); measuring
     *  goes on from continueMeasuring() with the frames so far kept. */
    void suspend();
    void continueMeasuring();
    bool running() const { return m_running; }

    /** Frames measured so far. */
    std::size_t count() const { return m_frames.size(); }
    /** Median, percentile p (0..1) and worst frame in milliseconds (0 when none). */
    double medianMs() const;
    double percentileMs(double p) const;
    double worstMs() const;
    /** Seconds since start() at which the worst frame ended. */
    double worstAtSeconds() const { return m_worstAt; }
    /** Frames longer than `ms`. */
    std::size_t countOver(double ms) const;
    /** Share of the measured wall time the GUI thread spent handling events (0..1). */
    double busyShare() const;

    /** TimedApplication: the GUI thread handled one outermost event in `ms`. */
    void addFrame(double ms);
    /** Changes whenever measuring starts, stops, is suspended or goes on. */
    std::uint64_t generation() const { return m_generation; }
    /** The monitor measuring now, or null. GUI thread only. */
    static FrameMonitor* listening();

private:
    QElapsedTimer m_sinceStart;
    double m_measuredMs = 0;  ///< wall time measured before the last continueMeasuring()
    double m_busyMs = 0;
    double m_worstAt = 0;
    float m_worst = 0;
    std::vector<float> m_frames;  ///< ms per outermost event
    bool m_running = false;
    bool m_suspended = false;
    std::uint64_t m_generation = 0;
};

/**
 * The workbench's application object: a QApplication that times each event it delivers on the
 * GUI thread at the outermost level, for the FrameMonitor listening (if any). Two clock reads
 * per event; nothing else.
 */
class TimedApplication : public QApplication {
    Q_OBJECT
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override;

private:
    int m_depth = 0;  ///< nesting of notify() on the GUI thread
};

}  // namespace slb
