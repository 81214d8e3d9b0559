#include "mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "captionbar.h"
#include "curvespanel.h"
#include "distributionspanel.h"
#include "experimentpanel.h"
#include "framemonitor.h"
#include "runbrowser.h"
#include "runfeed.h"
#include "runmodel.h"
#include "softmaxplayground.h"
#include "statusbarwidgets.h"
#include "stepsizepanel.h"
#include "stepsizeplayground.h"
#include "temperaturepanel.h"

namespace slb {

MainWindow::MainWindow(const WorkbenchOptions& options, QWidget* parent)
    : QMainWindow(parent),
      m_options(options),
      m_session(new TrainingSession(this)),
      m_model(new RunModel(this)),
      m_feed(new RunFeed(m_model, this)) {
    setWindowTitle(tr("SLB Workbench"));
    setObjectName(QStringLiteral("mainWindow"));
    m_frames = new FrameMonitor(this);
    setThemeChoice(startTheme(), false);  // before the widgets are polished
    buildLayout();
    buildActions();
    buildDemoAndTheme();
    connectSession();
    restoreSettings();
    if (m_options.autostart)
        m_rightTabs->installEventFilter(this);

    if (!m_options.preset.isEmpty())
        m_experiment->applyPreset(m_options.preset);
    if (m_options.processes > 0)
        m_experiment->setProcesses(m_options.processes);
    if (!m_options.overrides.isEmpty()) {
        RunConfig c = m_experiment->config();
        for (const QString& kv : m_options.overrides) {
            const QString key = kv.section(QLatin1Char('='), 0, 0).trimmed();
            const QString value = kv.section(QLatin1Char('='), 1);
            const ConfigField* f = findConfigField(key.toStdString());
            const std::string why =
                f ? f->set(c, value.toStdString()) : tr("unknown config field").toStdString();
            if (!why.empty())
                statusBar()->showMessage(tr("--set %1: %2").arg(kv, QString::fromStdString(why)),
                                         10000);
        }
        m_experiment->setConfig(c);
    }
    m_model->setConfig(m_experiment->config());
    m_softmaxPlayground->setConfig(m_experiment->config());
    updateActions();
    if (m_options.guidedDemo)
        QTimer::singleShot(0, this, [this] { startGuidedDemo(); });
    if (!m_options.openRun.isEmpty())
        QTimer::singleShot(0, this, [this] {
            QString error;
            if (!openRun(m_options.openRun, &error))
                showError(tr("Cannot open the run"), error);
        });
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
    m_experiment = new ExperimentPanel(this);
    m_experiment->setDevices(TrainingSession::availableDevices());
    m_experimentDock = new QDockWidget(tr("Experiment"), this);
    m_experimentDock->setObjectName(QStringLiteral("experimentDock"));
    m_experimentDock->setWidget(m_experiment);
    m_experimentDock->setFeatures(QDockWidget::DockWidgetMovable |
                                  QDockWidget::DockWidgetFloatable |
                                  QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, m_experimentDock);

    m_browser = new RunBrowser(this);
    m_runsDock = new QDockWidget(tr("Runs"), this);
    m_runsDock->setObjectName(QStringLiteral("runsDock"));
    m_runsDock->setWidget(m_browser);
    m_runsDock->setFeatures(m_experimentDock->features());
    addDockWidget(Qt::LeftDockWidgetArea, m_runsDock);
    tabifyDockWidget(m_experimentDock, m_runsDock);
    m_experimentDock->raise();
    connect(m_browser, &RunBrowser::openRequested, this, [this](const QString& dir) {
        QString error;
        if (!openRun(dir, &error))
            showError(tr("Cannot open the run"), error);
    });

    connect(m_browser, &RunBrowser::continueRequested, this, &MainWindow::continueRun);
    m_curves = new CurvesPanel(m_model, this);
    // Ticked runs are overlaid in Curves; one that cannot be read is named in the status bar.
    connect(m_browser, &RunBrowser::checkedRunsChanged, this, [this] {
        const QStringList errors = m_curves->setOverlayRuns(m_browser->overlaySpecs());
        if (!errors.isEmpty())
            statusBar()->showMessage(errors.join(QStringLiteral("; ")), 15000);
    });
    m_temperature = new TemperaturePanel(m_model, this);
    m_distributions = new DistributionsPanel(m_model, this);
    m_stepSizes = new StepSizePanel(m_model, this);

    m_leftSplitter = new QSplitter(Qt::Vertical, this);
    m_leftSplitter->setObjectName(QStringLiteral("curvesSplitter"));
    m_leftSplitter->addWidget(m_curves);
    m_leftSplitter->addWidget(m_temperature);
    m_leftSplitter->setStretchFactor(0, 3);
    m_leftSplitter->setStretchFactor(1, 2);
    // Below these heights tick labels run into each other: the splitter stops there.
    m_curves->setMinimumHeight(240);
    m_temperature->setMinimumHeight(360);
    m_leftSplitter->setChildrenCollapsible(false);

    m_rightTabs = new QTabWidget(this);
    m_rightTabs->setObjectName(QStringLiteral("panelTabs"));
    m_rightTabs->addTab(m_distributions, tr("Distributions (SLB)"));
    m_rightTabs->addTab(m_stepSizes, tr("Step sizes (LSQ)"));
    // What T and s do, before any training: the sweep follows the experiment panel's schedule.
    m_softmaxPlayground = new SoftmaxPlayground(this);
    m_stepSizePlayground = new StepSizePlayground(this);
    // In scroll areas: their plots' minimum heights must not set the window's (a projector's
    // 768 lines, the guided demo's captions above the panels).
    auto scrolled = [this](QWidget* w) {
        auto* area = new QScrollArea(this);
        area->setObjectName(w->objectName() + QStringLiteral("Tab"));
        area->setWidget(w);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        return area;
    };
    m_rightTabs->addTab(scrolled(m_softmaxPlayground), tr("Temperature playground"));
    m_rightTabs->addTab(scrolled(m_stepSizePlayground), tr("LSQ playground"));

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_rightTabs);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 1);
    // The guided demo's captions sit above the panels, hidden until a demo runs.
    m_captions = new CaptionBar(this);
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(4);
    column->addWidget(m_captions);
    column->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);

    m_status = new StatusBarWidgets(this);
    statusBar()->addPermanentWidget(m_status, 1);

    connect(m_experiment, &ExperimentPanel::configChanged, this, [this](const RunConfig& c) {
        if (!m_session->isActive() && !m_model->hasRun()) {
            m_model->setConfig(c);
            // The panel that applies comes to the front now, not in the middle of the run.
            showPanelFor(c.method == Method::Slb, c.method == Method::Lsq);
        }
        updateActions();
    });
    connect(m_experiment, &ExperimentPanel::configChanged, m_softmaxPlayground,
            &SoftmaxPlayground::setConfig);
    connect(m_experiment, &ExperimentPanel::validityChanged, this, [this] { updateActions(); });
    connect(m_experiment, &ExperimentPanel::steerRequested, this, &MainWindow::onSteerRequested);
}

void MainWindow::connectSession() {
    connect(m_session, &TrainingSession::runStarted, this, &MainWindow::onRunStarted);
    connect(m_session, &TrainingSession::stepsReady, this, &MainWindow::onSteps);
    connect(m_session, &TrainingSession::epochFinished, this, [this](const EpochEvent& e) {
        m_epochRates.push_back(e.imagesPerSec);
        m_model->appendEpoch(e);
        statusBar()->showMessage(tr("epoch %1: test accuracy W_c %2 %, W_q %3 %")
                                     .arg(e.epoch + 1)
                                     .arg(e.testAccSoft * 100, 0, 'f', 2)
                                     .arg(e.testAccHard * 100, 0, 'f', 2),
                                 15000);
    });
    connect(m_session, &TrainingSession::snapshotReady, m_model, &RunModel::appendSnapshot);
    connect(m_session, &TrainingSession::lifecycleChanged, this, &MainWindow::onLifecycle);
    connect(m_session, &TrainingSession::stateChanged, this, [this] { updateActions(); });
    connect(m_session, &TrainingSession::finished, this, &MainWindow::onFinished);
    connect(m_feed, &RunFeed::statusChanged, this, &MainWindow::onFeedStatus);
    connect(m_model, &RunModel::stepsAppended, this, [this] {
        if (m_feed->isOpen() && !m_model->steps().empty())
            m_status->showStep(m_model->steps().back());  // a followed run's progress
    });
    connect(m_feed, &RunFeed::readFailed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 15000); });
}

void MainWindow::restoreSettings() {
    QSettings s;
    if (m_options.fresh ||
        !restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        resize(std::min(1600, screen.width()), std::min(1000, screen.height()));
    }
    m_browser->setFolder(
        m_options.fresh
            ? QStringLiteral("runs")
            : s.value(QStringLiteral("runs/folder"), QStringLiteral("runs")).toString());
    if (m_options.fresh)
        return;
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplitter->restoreState(s.value(QStringLiteral("window/mainSplitter")).toByteArray());
    m_leftSplitter->restoreState(s.value(QStringLiteral("window/curvesSplitter")).toByteArray());
    const QString config = s.value(QStringLiteral("experiment/config")).toString();
    if (config.isEmpty() || !m_experiment->restoreJson(config))
        m_experiment->applyPreset(QStringLiteral("demo"));
    m_experiment->setProcesses(s.value(QStringLiteral("experiment/processes"), 1).toInt());
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    s.setValue(QStringLiteral("window/curvesSplitter"), m_leftSplitter->saveState());
    s.setValue(QStringLiteral("experiment/config"), m_experiment->toJson());
    s.setValue(QStringLiteral("experiment/processes"), m_experiment->processes());
    s.setValue(QStringLiteral("runs/folder"), m_browser->folder());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    // --start launches once the window has been painted, as a user's click on Launch would: the
    // window's first paint is not a frame of training.
    if (watched == m_rightTabs && event->type() == QEvent::Paint && m_options.autostart &&
        !m_autostarted) {
        m_autostarted = true;
        m_rightTabs->removeEventFilter(this);
        QTimer::singleShot(0, this, [this] {
            if (!launch() && m_options.quitWhenDone)
                QApplication::exit(1);
        });
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::onRunStarted(const RunStartedEvent& info) {
    const bool resumed = info.startStep > 0 && m_model->hasRun();
    if (!resumed)
        m_model->clear();
    m_model->setRunInfo(info);
    bool slb = false;
    for (const auto& l : info.layers)
        slb = slb || l.kind == "slb";
    m_status->runStarted(info, slb);
    showPanelFor(m_model->hasSlbLayers(), m_model->hasLsqLayers());
}

void MainWindow::showPanelFor(bool slb, bool lsq) {
    if (lsq && !slb)
        m_rightTabs->setCurrentWidget(m_stepSizes);
    else if (slb)
        m_rightTabs->setCurrentWidget(m_distributions);
}

void MainWindow::onSteps(const std::vector<StepEvent>& steps) {
    m_model->appendSteps(steps);
    if (steps.empty())
        return;
    m_status->showStep(steps.back());
    if (!m_options.captureDir.isEmpty() && !m_capturedMidRun && m_model->totalSteps() > 0 &&
        double(steps.back().step + 1) >= m_options.captureAt * double(m_model->totalSteps())) {
        m_capturedMidRun = true;
        // After the panels have drawn what just arrived.
        QTimer::singleShot(200, this, [this] {
            QString error;
            if (!saveScreenshots(m_options.captureDir, m_options.capturePrefix + "-mid", &error))
                statusBar()->showMessage(error, 10000);
        });
    }
}

void MainWindow::onLifecycle(const LifecycleEvent& e) {
    m_model->appendLifecycle(e);
    switch (e.status) {
        case RunStatus::Paused:
            // "Hold T" offers the temperature the run has now.
            if (!m_model->steps().empty() && m_model->steps().back().temperature > 0)
                m_experiment->setHoldTemperature(m_model->steps().back().temperature);
            statusBar()->showMessage(
                tr("Paused at step %1: the learning rate and the temperature can be changed "
                   "in the experiment panel.")
                    .arg(e.step));
            break;
        case RunStatus::Steered:
            statusBar()->showMessage(
                tr("Steered at step %1: %2").arg(e.step).arg(QString::fromStdString(e.message)),
                15000);
            break;
        default:
            break;
    }
}

void MainWindow::onSteerRequested(const std::vector<std::pair<std::string, std::string>>& changes) {
    QString error;
    if (!m_session->steer(changes, &error)) {
        showError(tr("Cannot change the run"), error);
        return;
    }
    // The planned curves redraw at once; the run records the change when it takes it.
    m_model->setConfig(m_session->config());
    m_experiment->setConfig(m_session->config());
}

void MainWindow::showError(const QString& title, const QString& text) {
    if (m_options.autostart && m_options.quitWhenDone) {
        qWarning("%s: %s", qPrintable(title), qPrintable(text));
        return;
    }
    QMessageBox::warning(this, title, text);
}

}  // namespace slb
