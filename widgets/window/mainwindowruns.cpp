// MainWindow and recorded runs: replaying a run folder in every panel, following one that another
// process is writing, and continuing a stopped or interrupted run here.
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

#include "experimentpanel.h"
#include "mainwindow.h"
#include "runfeed.h"
#include "runlistmodel.h"
#include "runmodel.h"
#include "statusbarwidgets.h"

namespace slb {

QString MainWindow::currentRunDir() const {
    if (m_feed->isOpen())
        return m_feed->runDir();
    return m_session->runDir();
}

void MainWindow::openRunDialog() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open the run in folder"),
        currentRunDir().isEmpty() ? QStringLiteral("runs") : QFileInfo(currentRunDir()).path());
    if (dir.isEmpty())
        return;
    QString error;
    if (!openRun(dir, &error))
        showError(tr("Cannot open the run"), error);
}

bool MainWindow::openRun(const QString& dir, QString* error) {
    if (m_session->isActive()) {
        if (error)
            *error = tr("A run is training here: stop it before opening another one.");
        return false;
    }
    if (!m_feed->open(dir, error))
        return false;
    // The form shows the run's config: Launch trains it again, and a preview shows its schedule.
    if (m_model->hasRun())
        m_experiment->setConfig(m_model->config());
    showPanelFor(m_model->hasSlbLayers(), m_model->hasLsqLayers());
    if (m_model->hasRun()) {
        m_status->runStarted(m_model->info(), m_model->hasSlbLayers());
        if (!m_model->steps().empty())
            m_status->showStep(m_model->steps().back());
    }
    if (!m_feed->following())
        m_status->runEnded(RunListModel::statusText(m_feed->status()));
    setWindowTitle(tr("SLB Workbench — %1").arg(QDir(m_feed->runDir()).dirName()));
    if (m_feed->following())
        statusBar()->showMessage(
            tr("Following %1: another process is training it; the panels grow as it does.")
                .arg(m_feed->runDir()));
    else
        statusBar()->showMessage(
            tr("Replaying %1 (%2): drag the timeline to pick a step.")
                .arg(m_feed->runDir(), RunListModel::statusText(m_feed->status())));
    updateActions();
    return true;
}

void MainWindow::continueRun(const QString& dir) {
    // The panels keep what they show of this run: the resumed run carries on from its checkpoint.
    m_feed->close();
    QString error;
    m_session->setProcesses(m_experiment->processes());
    if (!m_session->resumeRun(dir, &error))
        showError(tr("Cannot continue the run"), error);
}

void MainWindow::onFeedStatus(RunStatus status) {
    const QString dir = m_feed->runDir();
    m_status->runEnded(RunListModel::statusText(status));
    switch (status) {
        case RunStatus::Interrupted: {
            const QString text =
                tr("The process training %1 is gone without finishing: the run was interrupted. "
                   "Its last checkpoint can be continued here.")
                    .arg(dir);
            statusBar()->showMessage(text);
            if (m_options.quitWhenDone)
                return;
            auto* box = new QMessageBox(QMessageBox::Question, tr("Run interrupted"), text,
                                        QMessageBox::NoButton, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            QPushButton* resume = box->addButton(tr("Continue it here"), QMessageBox::AcceptRole);
            box->addButton(tr("Not now"), QMessageBox::RejectRole);
            connect(box, &QMessageBox::finished, this, [this, box, resume, dir] {
                if (box->clickedButton() == static_cast<QAbstractButton*>(resume))
                    continueRun(dir);
            });
            box->open();
            break;
        }
        case RunStatus::Finished:
            statusBar()->showMessage(tr("%1 finished.").arg(dir), 15000);
            break;
        default:
            statusBar()->showMessage(tr("%1: %2").arg(dir, RunListModel::statusText(status)),
                                     15000);
            break;
    }
    updateActions();
}

}  // namespace slb
