#pragma once
// The workbench's main window: the experiment form on the left, the live panels in the middle, the
// controls in the toolbar (Launch Ctrl+R, Pause/Resume Space, Stop Ctrl+., Export Ctrl+E) and the
// run's progress in the status bar. It owns the TrainingSession and the RunModel that every panel
// draws from; it never sees a tensor.

#include <QMainWindow>
#include <memory>

#include "base/events.h"
#include "plottheme.h"
#include "session/trainingsession.h"
#include "workbenchoptions.h"

class QAction;
class QSplitter;
class QTabWidget;
class QLabel;
class QDockWidget;

namespace slb {

class RunModel;
class ExperimentPanel;
class CurvesPanel;
class TemperaturePanel;
class DistributionsPanel;
class StepSizePanel;
class SoftmaxPlayground;
class StepSizePlayground;
class StatusBarWidgets;
class FrameMonitor;
class RunFeed;
class RunBrowser;
class CaptionBar;
class DemoNarrator;
struct ExportChoices;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const WorkbenchOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    TrainingSession* session() const { return m_session; }
    RunModel* model() const { return m_model; }
    ExperimentPanel* experiment() const { return m_experiment; }
    CurvesPanel* curves() const { return m_curves; }
    TemperaturePanel* temperature() const { return m_temperature; }
    DistributionsPanel* distributions() const { return m_distributions; }
    StepSizePanel* stepSizes() const { return m_stepSizes; }
    SoftmaxPlayground* softmaxPlayground() const { return m_softmaxPlayground; }
    StepSizePlayground* stepSizePlayground() const { return m_stepSizePlayground; }
    StatusBarWidgets* statusWidgets() const { return m_status; }
    FrameMonitor* frameMonitor() const { return m_frames; }
    QAction* launchAction() const { return m_launch; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stopAction() const { return m_stop; }
    QAction* exportAction() const { return m_export; }
    QAction* guidedDemoAction() const { return m_guidedDemo; }
    CaptionBar* captionBar() const { return m_captions; }
    DemoNarrator* narrator() const { return m_narrator; }

    /**
     * Replays the recorded run in `dir` in every panel, and follows it while another process
     * writes it. False and *error when it cannot be read or a run is training here.
     */
    bool openRun(const QString& dir, QString* error);
    RunFeed* feed() const { return m_feed; }
    RunBrowser* runBrowser() const { return m_browser; }
    /** The run the panels show: the one training here, or the one replayed. */
    QString currentRunDir() const;

    /** Launches a run of the experiment panel's config; false (and a message box) if refused. */
    bool launch();
    /** Loads the "guided-demo" preset and launches it with captions (Run ▸ Guided demo). */
    bool startGuidedDemo();
    /** Light or dark for the whole window, plots included; `remember`: for the next start. */
    void setThemeChoice(Theme theme, bool remember);
    /** Whether `config` is the guided demo's (where it is recorded aside). */
    static bool isGuidedDemoConfig(const RunConfig& config);
    /** Pause when running, resume when paused. */
    void togglePause();
    void stopRun();
    /** Saves the window and every panel as PNG into dir, named <prefix>-<what>.png. */
    bool saveScreenshots(const QString& dir, const QString& prefix, QString* error);
    /**
     * Exports the current run as `choices` say (what Run ▸ Export… does once its dialog is
     * accepted; images: the current tab's panel, or every panel and the window). False and
     * *error when it fails or is cancelled (*cancelled); *written lists the files written.
     */
    bool exportCurrentRun(const ExportChoices& choices, QStringList* written, QString* error,
                          bool* cancelled = nullptr);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildActions();
    void buildLayout();
    void buildDemoAndTheme();
    /** The theme to open in: --theme, else the saved choice, else light. */
    Theme startTheme() const;
    /** Shows the demo's captions when `config` is the guided demo's. */
    void narrateIfGuidedDemo(const RunConfig& config);
    void endGuidedDemo();
    void fitPanelsUnderCaptions();
    void connectSession();
    void restoreSettings();
    void saveSettings() const;
    void updateActions();
    void onRunStarted(const RunStartedEvent& info);
    void onSteps(const std::vector<StepEvent>& steps);
    void onLifecycle(const LifecycleEvent& e);
    void onFinished(RunStatus status, const QString& message);
    void onSteerRequested(const std::vector<std::pair<std::string, std::string>>& changes);
    void showPanelFor(bool slb, bool lsq);
    void exportDialog();
    void writeStats(RunStatus status) const;
    void showError(const QString& title, const QString& text);
    void onFeedStatus(RunStatus status);
    void openRunDialog();
    /** Continues the stopped or interrupted run in `dir` here (Run ▸ Continue). */
    void continueRun(const QString& dir);

    WorkbenchOptions m_options;
    TrainingSession* m_session;
    RunModel* m_model;
    RunFeed* m_feed;
    ExperimentPanel* m_experiment = nullptr;
    CurvesPanel* m_curves = nullptr;
    TemperaturePanel* m_temperature = nullptr;
    DistributionsPanel* m_distributions = nullptr;
    StepSizePanel* m_stepSizes = nullptr;
    SoftmaxPlayground* m_softmaxPlayground = nullptr;
    StepSizePlayground* m_stepSizePlayground = nullptr;
    StatusBarWidgets* m_status = nullptr;
    FrameMonitor* m_frames = nullptr;
    QDockWidget* m_experimentDock = nullptr;
    QDockWidget* m_runsDock = nullptr;
    RunBrowser* m_browser = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_leftSplitter = nullptr;
    QTabWidget* m_rightTabs = nullptr;
    QAction* m_launch = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_export = nullptr;
    QAction* m_guidedDemo = nullptr;
    CaptionBar* m_captions = nullptr;
    DemoNarrator* m_narrator = nullptr;
    bool m_demoActive = false;
    bool m_closeWhenIdle = false;
    bool m_capturedMidRun = false;
    bool m_autostarted = false;
    std::vector<double> m_epochRates;
};

}  // namespace slb
