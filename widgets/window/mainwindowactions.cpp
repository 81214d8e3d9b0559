// MainWindow's controls: the actions of the toolbar and menus, what happens when a run ends or the
// window closes, export, screenshots and the timing figures of a scripted run.
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <algorithm>
#include <numeric>

#include "curvespanel.h"
#include "distributionspanel.h"
#include "experimentpanel.h"
#include "exportdialog.h"
#include "framemonitor.h"
#include "language.h"
#include "mainwindow.h"
#include "runexporter.h"
#include "runfeed.h"
#include "runmodel.h"
#include "statusbarwidgets.h"
#include "stepsizepanel.h"
#include "temperaturepanel.h"

namespace slb {

void MainWindow::buildActions() {
    m_launch = new QAction(tr("&Launch"), this);
    m_launch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_launch->setToolTip(tr("Train the experiment panel's config (Ctrl+R)"));
    connect(m_launch, &QAction::triggered, this, [this] { launch(); });

    m_pause = new QAction(tr("&Pause"), this);
    m_pause->setShortcut(QKeySequence(Qt::Key_Space));
    m_pause->setToolTip(tr("Pause or resume training (Space)"));
    connect(m_pause, &QAction::triggered, this, &MainWindow::togglePause);

    m_stop = new QAction(tr("&Stop"), this);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stop->setToolTip(tr("Stop training; the run keeps a checkpoint and can be resumed (Ctrl+.)"));
    connect(m_stop, &QAction::triggered, this, &MainWindow::stopRun);

    m_export = new QAction(tr("&Export…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(tr("Export plots, metrics or the packed model (Ctrl+E)"));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportDialog);

    auto* resumeRun = new QAction(tr("&Continue a stopped run…"), this);
    connect(resumeRun, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Continue the run in folder"),
            m_feed->isOpen() ? m_feed->runDir() : QStringLiteral("runs"));
        if (dir.isEmpty())
            return;
        continueRun(dir);
    });

    auto* open = new QAction(tr("&Open a run…"), this);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Replay a recorded run, or follow one that is being written (Ctrl+O)"));
    connect(open, &QAction::triggered, this, &MainWindow::openRunDialog);

    auto* quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction* a : {m_launch, m_pause, m_stop, m_export})
        toolbar->addAction(a);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->setObjectName(QStringLiteral("runMenu"));
    run->addActions({m_launch, m_pause, m_stop});
    run->addSeparator();
    run->addAction(open);
    run->addAction(resumeRun);
    run->addAction(m_export);
    run->addSeparator();
    run->addAction(quit);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    QAction* form = m_experimentDock->toggleViewAction();
    form->setText(tr("&Experiment panel"));
    form->setShortcut(QKeySequence(Qt::Key_F9));
    view->addAction(form);
    QAction* runs = m_runsDock->toggleViewAction();
    runs->setText(tr("&Runs"));
    runs->setShortcut(QKeySequence(Qt::Key_F8));
    view->addAction(runs);
    addLanguageMenu(view, this);  // View ▸ Language (translations, language.cpp)
}

void MainWindow::updateActions() {
    const auto state = m_session->state();
    const bool idle = state == TrainingSession::State::Idle;
    m_launch->setEnabled(idle && m_experiment->isValid());
    m_pause->setEnabled(state == TrainingSession::State::Running ||
                        state == TrainingSession::State::Paused);
    m_pause->setText(state == TrainingSession::State::Paused ? tr("&Resume") : tr("&Pause"));
    m_stop->setEnabled(state == TrainingSession::State::Running ||
                       state == TrainingSession::State::Paused);
    m_export->setEnabled(!currentRunDir().isEmpty());
    switch (state) {
        case TrainingSession::State::Idle:
            m_experiment->setMode(ExperimentPanel::Mode::Edit);
            break;
        case TrainingSession::State::Paused:
            m_experiment->setMode(ExperimentPanel::Mode::Paused);
            break;
        default:
            m_experiment->setMode(ExperimentPanel::Mode::Running);
            break;
    }
    if (!idle)
        setWindowTitle(tr("SLB Workbench — %1").arg(QDir(m_session->runDir()).dirName()));
}

bool MainWindow::launch() {
    if (m_session->isActive())
        return false;
    if (!m_experiment->isValid()) {
        showError(tr("The config is not valid"), m_experiment->validationError());
        return false;
    }
    const RunConfig config = m_experiment->config();
    m_feed->close();
    m_model->clear();
    m_model->setConfig(config);
    m_epochRates.clear();
    m_capturedMidRun = false;
    QString error;
    m_session->setProcesses(m_experiment->processes());
    if (!m_session->start(config, &error)) {
        showError(tr("Cannot launch the run"), error);
        return false;
    }
    m_frames->start();
    statusBar()->showMessage(tr("Recording into %1").arg(m_session->runDir()), 10000);
    narrateIfGuidedDemo(config);
    return true;
}

void MainWindow::togglePause() {
    if (m_session->state() == TrainingSession::State::Paused)
        m_session->resume();
    else
        m_session->pause();
}

void MainWindow::stopRun() {
    m_session->stop();
}

void MainWindow::onFinished(RunStatus status, const QString& message) {
    m_frames->stop();
    const QString dir = m_session->runDir();
    QString text;
    switch (status) {
        case RunStatus::Finished:
            text = tr("finished");
            break;
        case RunStatus::Stopped:
            text = tr("stopped: continue with Run ▸ Continue, or slb-train resume %1").arg(dir);
            break;
        case RunStatus::Diverged:
            text = tr("diverged");
            break;
        default:
            text = tr("failed");
            break;
    }
    m_status->runEnded(text);
    statusBar()->showMessage(tr("Run %1 %2. %3").arg(dir, text, message));
    if (status == RunStatus::Failed || status == RunStatus::Diverged)
        showError(tr("The run %1").arg(text), message);
    updateActions();
    if (!m_options.statsPath.isEmpty())
        writeStats(status);
    if (!m_options.captureDir.isEmpty()) {
        QString error;
        if (!saveScreenshots(m_options.captureDir, m_options.capturePrefix + "-end", &error))
            qWarning("%s", qPrintable(error));
    }
    if (m_closeWhenIdle || m_options.quitWhenDone) {
        if (m_options.quitWhenDone)
            QApplication::exit(status == RunStatus::Finished ? 0 : 1);
        close();
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_session->isActive()) {
        if (!m_closeWhenIdle) {
            const auto answer = QMessageBox::question(
                this, tr("A run is training"),
                tr("Stop the run and quit? It keeps a checkpoint: continue it later with Run ▸ "
                   "Continue a stopped run, or slb-train resume %1")
                    .arg(m_session->runDir()),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
            m_closeWhenIdle = true;
            m_session->stop();
            statusBar()->showMessage(tr("Stopping the run: the window closes when it is saved."));
        }
        event->ignore();  // closes from onFinished, once the run is recorded
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::exportDialog() {
    const QString dir = currentRunDir();
    if (dir.isEmpty())
        return;
    ExportDialog dialog(dir, m_rightTabs->tabText(m_rightTabs->currentIndex()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportChoices choices = dialog.choices();
    QStringList written;
    QString error;
    bool cancelled = false;
    if (!exportCurrentRun(choices, &written, &error, &cancelled)) {
        if (cancelled)
            statusBar()->showMessage(tr("Export cancelled: %1").arg(error), 15000);
        else
            showError(tr("Export failed"), error);
        return;
    }
    QString message = tr("Exported %n file(s) into %1", nullptr, int(written.size()))
                          .arg(QDir::toNativeSeparators(choices.folder));
    if (choices.tensorBoard)
        message += tr("; view the event file with tensorboard --logdir %1")
                       .arg(QDir(choices.folder).filePath(QStringLiteral("tensorboard")));
    statusBar()->showMessage(message, 20000);
}

bool MainWindow::exportCurrentRun(const ExportChoices& choices, QStringList* written,
                                  QString* error, bool* cancelled) {
    QList<ExportPanel> panels;
    if (choices.allPanels) {
        panels = {{QStringLiteral("curves"), m_curves},
                  {QStringLiteral("temperature"), m_temperature},
                  {QStringLiteral("distributions"), m_distributions, m_rightTabs},
                  {QStringLiteral("stepsizes"), m_stepSizes, m_rightTabs},
                  {QStringLiteral("window"), this}};
    } else {
        QWidget* current = m_rightTabs->currentWidget();
        const QString tab = current->objectName();
        const QString name = current == m_stepSizes ? QStringLiteral("stepsizes")
                             : tab == QLatin1String("softmaxPlaygroundTab")
                                 ? QStringLiteral("temperature-playground")
                             : tab == QLatin1String("stepSizePlaygroundTab")
                                 ? QStringLiteral("lsq-playground")
                                 : QStringLiteral("distributions");
        panels = {{name, current, m_rightTabs}};
    }
    // Drawing the panels holds the GUI thread for a while: not a frame of training.
    m_frames->suspend();
    const bool done = exportRun(currentRunDir(), choices, panels, this, written, error, cancelled);
    m_frames->continueMeasuring();
    return done;
}

bool MainWindow::saveScreenshots(const QString& dir, const QString& prefix, QString* error) {
    if (!QDir().mkpath(dir)) {
        *error = tr("cannot create %1").arg(dir);
        return false;
    }
    // Grabbing every panel holds the GUI thread for a while: not a frame of training.
    m_frames->suspend();
    struct Resume {
        FrameMonitor* frames;
        ~Resume() { frames->continueMeasuring(); }
    } resume{m_frames};
    const QList<QPair<QString, QWidget*>> shots = {
        {QStringLiteral("window"), this},
        {QStringLiteral("curves"), m_curves},
        {QStringLiteral("temperature"), m_temperature},
        {QStringLiteral("distributions"), m_distributions},
        {QStringLiteral("stepsizes"), m_stepSizes},
        {QStringLiteral("experiment"), m_experiment}};
    for (const auto& [name, widget] : shots) {
        QWidget* w = widget;
        QTabWidget* tabs = m_rightTabs;
        const bool inTabs = w == m_distributions || w == m_stepSizes;
        if (!inTabs && w != this && !w->isVisible())
            continue;  // closed by the user
        QWidget* previous = tabs->currentWidget();
        if (inTabs)
            tabs->setCurrentWidget(w);
        QApplication::processEvents();
        const QString path = QDir(dir).filePath(prefix + "-" + name + ".png");
        const bool saved = w->grab().save(path);
        if (inTabs)
            tabs->setCurrentWidget(previous);
        if (!saved) {
            *error = tr("cannot write %1").arg(path);
            return false;
        }
    }
    return true;
}

void MainWindow::writeStats(RunStatus status) const {
    QJsonObject o;
    o[QStringLiteral("status")] = QString::fromLatin1(toString(status));
    o[QStringLiteral("run_dir")] = m_session->runDir();
    QJsonArray rates;
    for (double r : m_epochRates)
        rates.append(r);
    o[QStringLiteral("epoch_images_per_s")] = rates;
    if (!m_model->epochs().empty()) {
        o[QStringLiteral("test_acc_soft")] = m_model->epochs().back().testAccSoft;
        o[QStringLiteral("test_acc_hard")] = m_model->epochs().back().testAccHard;
    }
    o[QStringLiteral("frames")] = double(m_frames->count());
    o[QStringLiteral("frame_median_ms")] = m_frames->medianMs();
    o[QStringLiteral("frame_p99_ms")] = m_frames->percentileMs(0.99);
    o[QStringLiteral("frame_worst_ms")] = m_frames->worstMs();
    o[QStringLiteral("frame_worst_at_s")] = m_frames->worstAtSeconds();
    o[QStringLiteral("frames_over_50ms")] = double(m_frames->countOver(50));
    o[QStringLiteral("gui_busy_share")] = m_frames->busyShare();
    o[QStringLiteral("coalesced_snapshots")] = double(m_session->coalescedSnapshots());
    QFile f(m_options.statsPath);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(QJsonDocument(o).toJson());
}

}  // namespace slb
