// The guided demo and the themes in the real window (issue 10): Run ▸ Guided demo loads its
// preset and trains it on Fashion-MNIST with captions above the panels, pausing on a new caption
// when asked; View ▸ Theme switches every widget and plot and is remembered.
#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "captionbar.h"
#include "demonarrator.h"
#include "experimentpanel.h"
#include "mainwindow.h"
#include "plottheme.h"
#include "presetlibrary.h"

using namespace slb;

class TstDemoWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void guidedDemoConfigIsRecognised();
    void guidedDemoTrainsWithCaptionsAndPausesOnOne();
    void themeSwitchesEverythingAndIsRemembered();

private:
    QTemporaryDir m_home;
};

void TstDemoWindow::initTestCase() {
    QVERIFY(m_home.isValid());
    // Settings and the demo's run folder (runs/, relative) go to a folder of the test's own.
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("slb-workbench-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_demowindow"));
    QVERIFY(QDir::setCurrent(m_home.path()));
}

void TstDemoWindow::guidedDemoConfigIsRecognised() {
    const Preset* preset = PresetLibrary::builtIn().find(QStringLiteral("guided-demo"));
    QVERIFY(preset);
    RunConfig c;
    QString error;
    QVERIFY2(PresetLibrary::configOf(*preset, &c, &error), qPrintable(error));
    QCOMPARE(c.method, Method::Slb);
    QVERIFY2(c.temperature.hardPhaseStartEpoch(c.epochs) == c.epochs,
             "the demo's last epoch is its hard phase");
    QVERIFY(MainWindow::isGuidedDemoConfig(c));
    c.out = "elsewhere";  // where it is recorded does not matter
    QVERIFY(MainWindow::isGuidedDemoConfig(c));
    c.wbits = 1;  // another recipe is not the demo
    QVERIFY(!MainWindow::isGuidedDemoConfig(c));
}

void TstDemoWindow::guidedDemoTrainsWithCaptionsAndPausesOnOne() {
    WorkbenchOptions o;
    o.fresh = true;
    MainWindow w(o);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.captionBar()->isVisible());
    w.captionBar()->setPausesOnCaptions(true);
    QVERIFY(w.guidedDemoAction());
    QCOMPARE(w.guidedDemoAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    w.guidedDemoAction()->trigger();
    QVERIFY(MainWindow::isGuidedDemoConfig(w.experiment()->config()));
    QVERIFY(w.session()->isActive());
    QVERIFY(w.captionBar()->isVisible());
    QVERIFY(w.captionBar()->title().contains(QStringLiteral("Guided demo")));
    // The first steps start the soft search: a new caption, so the run waits on it.
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->state(), TrainingSession::State::Paused, 60000);
    QCOMPARE(w.narrator()->phase(), DemoNarrator::Phase::SoftSearch);
    QCOMPARE(w.captionBar()->title(), w.narrator()->title());
    QVERIFY(w.captionBar()->findChild<QWidget*>(QStringLiteral("captionPaused"))->isVisible());
    w.stopRun();
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isActive(), 60000);
    QCOMPARE(w.narrator()->phase(), DemoNarrator::Phase::Ended);
    QVERIFY(w.captionBar()->title().contains(QStringLiteral("ended early")));
    QVERIFY(!w.captionBar()->findChild<QWidget*>(QStringLiteral("captionPaused"))->isVisible());
    // Closing the captions ends the demo's narration.
    w.captionBar()->findChild<QPushButton*>(QStringLiteral("captionClose"))->click();
    QVERIFY(!w.captionBar()->isVisible());
    QVERIFY(QSettings().value(QStringLiteral("demo/pauseOnCaptions")).toBool());
}

void TstDemoWindow::themeSwitchesEverythingAndIsRemembered() {
    {
        WorkbenchOptions o;
        o.fresh = true;
        MainWindow w(o);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(currentTheme(), Theme::Light);
        auto* dark = w.findChild<QAction*>(QStringLiteral("darkThemeAction"));
        QVERIFY(dark);
        dark->trigger();
        QCOMPARE(currentTheme(), Theme::Dark);
        QVERIFY(dark->isChecked());
        QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 80);
        const auto plots = w.findChildren<QCustomPlot*>();
        QVERIFY(plots.size() >= 4);
        for (QCustomPlot* p : plots) {  // each redrawn dark, axes light
            QTRY_VERIFY(p->xAxis == nullptr || p->xAxis->basePen().color().lightness() > 180);
        }
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(),
                 QStringLiteral("dark"));
    }
    {
        MainWindow again;  // not fresh: opens in the remembered theme
        QCOMPARE(currentTheme(), Theme::Dark);
        QVERIFY(again.findChild<QAction*>(QStringLiteral("darkThemeAction"))->isChecked());
    }
    {
        WorkbenchOptions o;
        o.theme = QStringLiteral("light");  // --theme wins over the saved choice
        MainWindow lit(o);
        QCOMPARE(currentTheme(), Theme::Light);
        QVERIFY(lit.findChild<QAction*>(QStringLiteral("lightThemeAction"))->isChecked());
    }
    WorkbenchOptions bad;
    QString error;
    QVERIFY(!bad.parse(
        {QStringLiteral("slb-workbench"), QStringLiteral("--theme"), QStringLiteral("sepia")},
        &error));
    QVERIFY2(error.contains(QStringLiteral("--theme")) && error.contains(QStringLiteral("sepia")),
             qPrintable(error));
}

QTEST_MAIN(TstDemoWindow)
#include "tst_demowindow.moc"
