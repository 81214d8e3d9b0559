#pragma once
// The status bar of the workbench: progress with ETA, images/s, device, the current inverse
// temperature T and τ = 1/T, and the phase of an SLB run (soft search or hard phase).

#include <QWidget>

#include <optional>

#include "base/events.h"
#include "redrawscheduler.h"

class QLabel;
class QProgressBar;

namespace slb {

class StatusBarWidgets : public QWidget {
    Q_OBJECT
public:
    explicit StatusBarWidgets(QWidget* parent = nullptr);

    /** A run starts: its device, length and whether it has a temperature (SLB). */
    void runStarted(const RunStartedEvent& info, bool hasTemperature);
    /** The newest step; shown at the pace of live redraws (the labels cost a repaint each). */
    void showStep(const StepEvent& step);
    /** Idle again; `text` says how the run ended. */
    void runEnded(const QString& text);

    QString progressText() const;
    QString temperatureText() const;
    QString phaseText() const;

private:
    void draw(const StepEvent& step);

    RedrawScheduler m_redraw;
    std::optional<StepEvent> m_pending;
    QProgressBar* m_progress;
    QLabel* m_eta;
    QLabel* m_speed;
    QLabel* m_device;
    QLabel* m_temperature;
    QLabel* m_phase;
    std::int64_t m_totalSteps = 0;
    std::int64_t m_startStep = 0;
    double m_startElapsed = -1;
    int m_worldSize = 1;  ///< processes of a data-parallel run
    bool m_hasTemperature = false;
};

/** "1 h 02 min", "3 min 05 s", "42 s". */
QString formatDuration(double seconds);

}  // namespace slb
