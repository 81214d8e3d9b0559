// The Chinese UI: the zh_CN translation built into the binary puts the main window's actions,
// menus, docks and tabs into Chinese, the language is chosen as --lang, View ▸ Language and the
// system locale say, and every .ts is complete: lupdate over the sources finds no string without
// a translation and no translation without its string.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolBar>
#include <QXmlStreamReader>
#include <QtTest>
#include <algorithm>

#include "base/config.h"
#include "language.h"
#include "mainwindow.h"
#include "presetlibrary.h"
#include "workbenchoptions.h"

using namespace slb;

namespace {

WorkbenchOptions fresh() {
    WorkbenchOptions o;
    o.fresh = true;
    return o;
}

QStringList split(const char* joined) {
    return QString::fromUtf8(joined).split(QLatin1Char('|'), Qt::SkipEmptyParts);
}

QStringList menuTitles(const MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles;
}

bool hasChinese(const QString& s) {
    return std::any_of(s.begin(), s.end(),
                       [](QChar c) { return c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff; });
}

/** One <message> of a .ts: what a translator sees, and what lupdate marked. */
struct TsMessage {
    QString context;
    QString source;
    QString type;              ///< "", "unfinished", "obsolete", "vanished"
    QStringList translations;  ///< one, or one per numerus form
};

QList<TsMessage> readTs(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return {};
    }
    QList<TsMessage> out;
    QXmlStreamReader xml(&f);
    QString context;
    TsMessage m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("context")) {
            context.clear();
        } else if (name == QLatin1String("name") && context.isEmpty()) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = TsMessage{context, {}, {}, {}};
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            // Plain text, or <numerusform> children: read whichever this one has.
            QString text;
            while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) &&
                   !xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters() && !xml.isWhitespace())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    m.translations << xml.readElementText();
            }
            if (m.translations.isEmpty())
                m.translations << text;
            out << m;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QStringList placeholders(const QString& s) {
    QStringList found;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (auto it = re.globalMatch(s); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

/** Whether `s` has a mnemonic: an & before a letter (&& is a literal ampersand). */
bool hasMnemonic(const QString& s) {
    for (int i = 0; i + 1 < s.size(); ++i) {
        if (s[i] != QLatin1Char('&'))
            continue;
        if (s[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (s[i + 1].isLetterOrNumber())
            return true;
    }
    return false;
}

}  // namespace

class TstTranslation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void mainWindowInChinese();
    void englishAgainAfterSwitchingBack();
    void languageComesFromArgumentThenSettingsThenSystem();
    void unknownLangIsRefusedInOneLine();
    void languageMenuSavesTheChoiceAndSaysWhenItApplies();
    void tsFilesAreComplete();
    void everyConfigFieldHelpIsTranslated();
    void everyPresetIsTranslated();

private:
    QTemporaryDir m_settings;
};

void TstTranslation::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settings.isValid());
    // QSettings() reads and writes nothing without these, as in the workbench's main().
    QCoreApplication::setOrganizationName(QStringLiteral("slb-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translation"));
    // A settings file of this test's own: the saved language must not leak into other tests.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QSettings().clear();
}

void TstTranslation::cleanup() {
    installTranslators(QStringLiteral("en"));
    QSettings().clear();
}

void TstTranslation::mainWindowInChinese() {
    QVERIFY(installTranslators(QStringLiteral("zh_CN")));
    QCOMPARE(installedLanguage(), QStringLiteral("zh_CN"));
    MainWindow w(fresh());

    QCOMPARE(w.launchAction()->text(), QStringLiteral("启动(&L)"));
    QCOMPARE(w.pauseAction()->text(), QStringLiteral("暂停(&P)"));
    QCOMPARE(w.stopAction()->text(), QStringLiteral("停止(&S)"));
    QCOMPARE(w.exportAction()->text(), QStringLiteral("导出(&E)…"));
    QCOMPARE(w.launchAction()->toolTip(), QStringLiteral("用实验面板中的配置开始训练 (Ctrl+R)"));

    const QStringList menus = menuTitles(w);
    QVERIFY2(menus.contains(QStringLiteral("运行(&R)")), qPrintable(menus.join(QLatin1Char(' '))));
    QVERIFY2(menus.contains(QStringLiteral("视图(&V)")), qPrintable(menus.join(QLatin1Char(' '))));
    auto* language = w.findChild<QMenu*>(QStringLiteral("languageMenu"));
    QVERIFY(language);
    QCOMPARE(language->title(), QStringLiteral("语言(&L)"));

    auto* experiment = w.findChild<QDockWidget*>(QStringLiteral("experimentDock"));
    auto* runs = w.findChild<QDockWidget*>(QStringLiteral("runsDock"));
    QVERIFY(experiment && runs);
    QCOMPARE(experiment->windowTitle(), QStringLiteral("实验"));
    QCOMPARE(runs->windowTitle(), QStringLiteral("运行记录"));

    auto* tabs = w.findChild<QTabWidget*>(QStringLiteral("panelTabs"));
    QVERIFY(tabs);
    QVERIFY(tabs->count() >= 2);
    QCOMPARE(tabs->tabText(0), QStringLiteral("概率分布 (SLB)"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("步长 (LSQ)"));
    // Every tab and menu that comes later is in Chinese too.
    for (int i = 0; i < tabs->count(); ++i)
        QVERIFY2(hasChinese(tabs->tabText(i)), qPrintable(tabs->tabText(i)));
    for (const QString& title : menus)
        QVERIFY2(hasChinese(title), qPrintable(title));
    QCOMPARE(w.windowTitle(), QStringLiteral("SLB Workbench"));
}

void TstTranslation::englishAgainAfterSwitchingBack() {
    QVERIFY(installTranslators(QStringLiteral("zh_CN")));
    QVERIFY(installTranslators(QStringLiteral("en")));
    QCOMPARE(installedLanguage(), QStringLiteral("en"));
    MainWindow w(fresh());
    QCOMPARE(w.launchAction()->text(), QStringLiteral("&Launch"));
    auto* tabs = w.findChild<QTabWidget*>(QStringLiteral("panelTabs"));
    QVERIFY(tabs);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Distributions (SLB)"));
}

void TstTranslation::languageComesFromArgumentThenSettingsThenSystem() {
    QCOMPARE(normalizedLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(normalizedLanguage(QStringLiteral("zh-cn")), QStringLiteral("zh_CN"));
    QCOMPARE(normalizedLanguage(QStringLiteral("zh")), QStringLiteral("zh_CN"));
    QCOMPARE(normalizedLanguage(QStringLiteral("en_GB")), QStringLiteral("en"));
    QCOMPARE(normalizedLanguage(QStringLiteral("zh_TW")), QString());  // traditional script
    QCOMPARE(normalizedLanguage(QStringLiteral("xx")), QString());

    const QStringList args = {QStringLiteral("slb-workbench"), QStringLiteral("--fresh"),
                              QStringLiteral("--lang"), QStringLiteral("zh_CN")};
    QCOMPARE(languageArgument(args), QStringLiteral("zh_CN"));
    QCOMPARE(languageArgument({QStringLiteral("w"), QStringLiteral("--lang=en")}),
             QStringLiteral("en"));
    QCOMPARE(languageArgument({QStringLiteral("w"), QStringLiteral("--start")}), QString());

    QCOMPARE(savedLanguage(), QString());
    QCOMPARE(chooseLanguage(QString()), systemLanguage());
    saveLanguage(QStringLiteral("zh_CN"));
    QCOMPARE(savedLanguage(), QStringLiteral("zh_CN"));
    QCOMPARE(chooseLanguage(QString()), QStringLiteral("zh_CN"));
    QCOMPARE(chooseLanguage(QStringLiteral("en")), QStringLiteral("en"));
    // An unknown --lang (refused by the options) does not hide the saved choice.
    QCOMPARE(chooseLanguage(QStringLiteral("xx")), QStringLiteral("zh_CN"));

    WorkbenchOptions o;
    QString error;
    QVERIFY2(o.parse(args, &error), qPrintable(error));
    QCOMPARE(o.language, QStringLiteral("zh_CN"));
}

void TstTranslation::unknownLangIsRefusedInOneLine() {
    WorkbenchOptions o;
    QString error;
    QVERIFY(!o.parse(
        {QStringLiteral("slb-workbench"), QStringLiteral("--lang"), QStringLiteral("klingon")},
        &error));
    QVERIFY2(error.contains(QStringLiteral("klingon")) && error.contains(QStringLiteral("zh_CN")),
             qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
}

void TstTranslation::languageMenuSavesTheChoiceAndSaysWhenItApplies() {
    QVERIFY(installTranslators(QStringLiteral("zh_CN")));
    MainWindow w(fresh());
    auto* menu = w.findChild<QMenu*>(QStringLiteral("languageMenu"));
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 3);
    auto* system = w.findChild<QAction*>(QStringLiteral("systemLanguageAction"));
    auto* english = w.findChild<QAction*>(QStringLiteral("enLanguageAction"));
    auto* chinese = w.findChild<QAction*>(QStringLiteral("zh_CNLanguageAction"));
    QVERIFY(system && english && chinese);
    QVERIFY(system->isChecked());  // nothing saved yet
    QVERIFY(system->text().startsWith(QStringLiteral("跟随系统(&S)")));
    QCOMPARE(chinese->text(), QStringLiteral("中文 (简体)"));

    // The language on screen: saved, and nothing to wait for.
    chinese->trigger();
    QCOMPARE(savedLanguage(), QStringLiteral("zh_CN"));
    QVERIFY(chinese->isChecked());

    // Another language: saved, and the user is told (in the language on screen) when.
    QString said;
    QTimer::singleShot(0, this, [&said] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            said = box->text();
            box->accept();
        }
    });
    english->trigger();
    QCOMPARE(savedLanguage(), QStringLiteral("en"));
    QCOMPARE(said, QStringLiteral("SLB Workbench 将在下次启动时使用新的语言。"));
}

void TstTranslation::tsFilesAreComplete() {
    const QString lupdate = QString::fromUtf8(SLB_LUPDATE);
    QVERIFY2(QFileInfo(lupdate).isExecutable(), qPrintable(lupdate + " is not executable"));
    const QStringList tsFiles = split(SLB_TRANSLATION_FILES);
    QVERIFY(!tsFiles.isEmpty());
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    QStringList problems;
    for (const QString& ts : tsFiles) {
        const QString copy = tmp.filePath(QFileInfo(ts).fileName());
        QVERIFY(QFile::copy(ts, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        // As update_translations runs it, but keeping what vanished so that it can be named.
        QStringList args;
        for (const QString& inc : split(SLB_LUPDATE_INCLUDES))
            args << QStringLiteral("-I") << inc;
        args << QStringLiteral("-extensions") << QStringLiteral("cpp,h")
             << QStringLiteral("-locations") << QStringLiteral("none");
        args << split(SLB_TRANSLATED_DIRS);
        args << QStringLiteral("-ts") << copy;
        QProcess p;
        p.setWorkingDirectory(QString::fromUtf8(SLB_SOURCE_DIR));
        p.start(lupdate, args);
        QVERIFY2(p.waitForFinished(120000), qPrintable(p.errorString()));
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(p.readAllStandardError())));

        QString error;
        const QList<TsMessage> messages = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(ts + ": " + error));
        QVERIFY2(!messages.isEmpty(), qPrintable(ts + ": no messages"));
        const QString name = QFileInfo(ts).fileName();
        for (const TsMessage& m : messages) {
            const QString where = QStringLiteral("%1: [%2] \"%3\"").arg(name, m.context, m.source);
            if (m.type == QLatin1String("unfinished")) {
                problems << where + QStringLiteral(": unfinished (no translation yet)");
                continue;
            }
            if (m.type == QLatin1String("obsolete") || m.type == QLatin1String("vanished")) {
                problems << where +
                                QStringLiteral(": %1 (no such string in the sources)").arg(m.type);
                continue;
            }
            for (const QString& t : m.translations) {
                if (t.trimmed().isEmpty())
                    problems << where + QStringLiteral(": empty translation");
                else if (placeholders(t) != placeholders(m.source))
                    problems << where + QStringLiteral(": placeholders differ in \"%1\"").arg(t);
                else if (hasMnemonic(m.source) && !hasMnemonic(t))
                    problems << where + QStringLiteral(": the & shortcut is lost in \"%1\"").arg(t);
            }
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 problem(s):\n").arg(problems.size()) +
                        problems.join(QLatin1Char('\n'))));
}

/**
 * Texts that lupdate cannot read in the sources (the config registry's help, the presets' JSON)
 * reach the .ts files through a list in translations/: what in `context` differs from `texts`.
 */
static QStringList listDiffers(const QString& context, const QStringList& texts,
                               const QString& list) {
    QStringList problems;
    for (const QString& ts : split(SLB_TRANSLATION_FILES)) {
        QString error;
        const QList<TsMessage> messages = readTs(ts, &error);
        if (!error.isEmpty())
            return {ts + QStringLiteral(": ") + error};
        QSet<QString> listed;
        for (const TsMessage& m : messages)
            if (m.context == context)
                listed.insert(m.source);
        const QString name = QFileInfo(ts).fileName();
        for (const QString& t : texts)
            if (!listed.contains(t))
                problems << QStringLiteral(
                                "%1: new text: add QT_TRANSLATE_NOOP(\"%2\", \"%3\") to "
                                "%4, run update_translations and translate it")
                                .arg(name, context, t, list);
        for (const QString& t : listed)
            if (!texts.contains(t))
                problems
                    << QStringLiteral("%1: \"%2\" is gone: remove it from %3").arg(name, t, list);
    }
    return problems;
}

void TstTranslation::everyConfigFieldHelpIsTranslated() {
    QStringList helps;
    for (const ConfigField& f : configFields())
        helps << QString::fromStdString(f.help);
    const QStringList problems = listDiffers(QStringLiteral("ConfigField"), helps,
                                             QStringLiteral("translations/configfieldhelp.h"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    // What the form shows: the translation the application finds.
    QVERIFY(installTranslators(QStringLiteral("zh_CN")));
    QCOMPARE(QCoreApplication::translate("ConfigField", "fp (float), slb or lsq"),
             QStringLiteral("fp（浮点）、slb 或 lsq"));
}

void TstTranslation::everyPresetIsTranslated() {
    QStringList texts;
    for (const Preset& p : PresetLibrary::builtIn().presets())
        texts << p.name << p.description;
    QVERIFY(!texts.isEmpty());
    const QStringList problems =
        listDiffers(QStringLiteral("Preset"), texts, QStringLiteral("translations/presettexts.h"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(installTranslators(QStringLiteral("zh_CN")));
    const Preset* demo = PresetLibrary::builtIn().find(QStringLiteral("demo"));
    QVERIFY(demo);
    QCOMPARE(PresetLibrary::displayName(*demo), QStringLiteral("一分钟演示"));
}

QTEST_MAIN(TstTranslation)
#include "tst_translation.moc"
