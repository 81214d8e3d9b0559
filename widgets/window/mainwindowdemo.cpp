// MainWindow's guided demo (Run ▸ Guided demo, --demo: the "guided-demo" preset with captions
// across the top of the window) and its colour theme (View ▸ Theme, --theme, remembered).
#include <qcustomplot.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>

#include "captionbar.h"
#include "curvespanel.h"
#include "demonarrator.h"
#include "experimentpanel.h"
#include "mainwindow.h"
#include "plottheme.h"
#include "presetlibrary.h"
#include "temperaturepanel.h"

namespace slb {

namespace {

const char* kGuidedDemoPreset = "guided-demo";
const char* kThemeKey = "view/theme";
const char* kCaptionPauseKey = "demo/pauseOnCaptions";
const char* kCaptionLargeKey = "demo/largeText";

}  // namespace

void MainWindow::buildDemoAndTheme() {
    m_narrator = new DemoNarrator(this);
    m_captions->hide();
    connect(m_narrator, &DemoNarrator::captionChanged, this,
            [this](const QString& title, const QString& text, const QString& values, bool isNew) {
                m_captions->setCaption(title, text, values);
                const auto phase = m_narrator->phase();
                // A new phase is the moment to explain it: the run waits there if asked to.
                if (isNew && m_captions->pausesOnCaptions() &&
                    phase != DemoNarrator::Phase::Intro && phase < DemoNarrator::Phase::Final &&
                    m_session->state() == TrainingSession::State::Running)
                    m_session->pause();
            });
    connect(m_captions, &CaptionBar::closeRequested, this, &MainWindow::endGuidedDemo);
    connect(m_session, &TrainingSession::runStarted, this, [this](const RunStartedEvent& info) {
        if (m_demoActive)
            m_narrator->runStarted(info);
    });
    connect(m_session, &TrainingSession::stepsReady, this,
            [this](const std::vector<StepEvent>& steps) {
                if (m_demoActive)
                    m_narrator->steps(steps);
            });
    connect(m_session, &TrainingSession::snapshotReady, this, [this](const SnapshotEvent& s) {
        if (m_demoActive)
            m_narrator->snapshot(s);
    });
    connect(m_session, &TrainingSession::epochFinished, this, [this](const EpochEvent& e) {
        if (m_demoActive)
            m_narrator->epochFinished(e);
    });
    connect(m_session, &TrainingSession::finished, this,
            [this](RunStatus status, const QString& message) {
                if (m_demoActive)
                    m_narrator->finished(status, message);
                m_captions->setPausedHint(false);
            });
    connect(m_session, &TrainingSession::stateChanged, this, [this](TrainingSession::State s) {
        m_captions->setPausedHint(m_demoActive && s == TrainingSession::State::Paused);
    });

    QSettings settings;
    if (!m_options.fresh) {
        m_captions->setPausesOnCaptions(settings.value(kCaptionPauseKey, false).toBool());
        m_captions->setLargeText(settings.value(kCaptionLargeKey, false).toBool());
    }
    connect(m_captions, &CaptionBar::pausesOnCaptionsChanged, this,
            [](bool pause) { QSettings().setValue(kCaptionPauseKey, pause); });
    connect(m_captions, &CaptionBar::largeTextChanged, this,
            [](bool large) { QSettings().setValue(kCaptionLargeKey, large); });

    auto* demo = new QAction(tr("&Guided demo"), this);
    demo->setObjectName(QStringLiteral("guidedDemoAction"));
    demo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    demo->setToolTip(tr("A short SLB run with captions that explain each phase (Ctrl+D)"));
    connect(demo, &QAction::triggered, this, [this] { startGuidedDemo(); });
    m_guidedDemo = demo;
    if (QMenu* run = findChild<QMenu*>(QStringLiteral("runMenu")))
        run->insertAction(run->actions().value(3), demo);  // after Launch, Pause, Stop

    const Theme theme = currentTheme();
    QMenu* themes = new QMenu(tr("&Theme"), this);
    themes->setObjectName(QStringLiteral("themeMenu"));
    auto* group = new QActionGroup(this);
    for (const auto& [t, name] :
         {std::pair{Theme::Light, tr("&Light")}, std::pair{Theme::Dark, tr("&Dark")}}) {
        QAction* a = themes->addAction(name);
        a->setCheckable(true);
        a->setChecked(t == theme);
        a->setData(int(t));
        a->setObjectName(t == Theme::Dark ? QStringLiteral("darkThemeAction")
                                          : QStringLiteral("lightThemeAction"));
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, t = t] { setThemeChoice(t, true); });
    }
    if (QMenu* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) {
        view->addSeparator();
        view->addMenu(themes);
    }
}

Theme MainWindow::startTheme() const {
    // --theme, else the saved choice, else light.
    const QString saved = m_options.fresh ? QString() : QSettings().value(kThemeKey).toString();
    return themeFromName(m_options.theme, themeFromName(saved));
}

void MainWindow::setThemeChoice(Theme theme, bool remember) {
    setTheme(qobject_cast<QApplication*>(QCoreApplication::instance()), theme);
    // A widget with a style sheet keeps the palette it was polished with until it is polished
    // again.
    for (QWidget* w : findChildren<QWidget*>())
        if (!w->styleSheet().isEmpty())
            w->setStyleSheet(w->styleSheet());
    if (remember)
        QSettings().setValue(kThemeKey, themeName(theme));
    for (QAction* a : findChildren<QAction*>())
        if (a->isCheckable() && a->actionGroup() && a->data().isValid() &&
            a->objectName().endsWith(QLatin1String("ThemeAction")))
            a->setChecked(a->data().toInt() == int(theme));
    // Plots map their colours before each replot: one replot each shows the theme at once.
    for (QCustomPlot* plot : findChildren<QCustomPlot*>())
        plot->replot(QCustomPlot::rpQueuedReplot);
}

bool MainWindow::isGuidedDemoConfig(const RunConfig& config) {
    const Preset* preset = PresetLibrary::builtIn().find(QString::fromLatin1(kGuidedDemoPreset));
    RunConfig demo;
    if (!preset || !PresetLibrary::configOf(*preset, &demo))
        return false;
    // Where the run is recorded and how the data is read do not change what it shows.
    demo.out = config.out;
    demo.dataDir = config.dataDir;
    demo.device = config.device;
    demo.threads = config.threads;
    return demo.toJson(-1) == config.toJson(-1);
}

bool MainWindow::startGuidedDemo() {
    if (m_session->isActive())
        return false;
    m_experiment->applyPreset(QString::fromLatin1(kGuidedDemoPreset));
    return launch();  // which starts the captions: the config is the guided demo's
}

void MainWindow::narrateIfGuidedDemo(const RunConfig& config) {
    if (!isGuidedDemoConfig(config))
        return;
    m_demoActive = true;
    m_captions->show();
    fitPanelsUnderCaptions();
    m_narrator->begin(config);
}

void MainWindow::endGuidedDemo() {
    m_demoActive = false;
    m_captions->hide();
    fitPanelsUnderCaptions();
}

void MainWindow::fitPanelsUnderCaptions() {
    // Large captions on a 1000-pixel screen leave the panels less height than they ask for
    // without them: they give some up rather than push the status bar off the screen.
    const bool captions = m_captions->isVisible();
    m_curves->setMinimumHeight(captions ? 200 : 240);
    m_temperature->setMinimumHeight(captions ? 280 : 360);
}

}  // namespace slb
