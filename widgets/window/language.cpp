#include "language.h"

#include <QAction>
#include <QActionGroup>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace slb {

namespace {

const char* kLanguageKey = "view/language";
const char* kEnglish = "en";
const char* kChinese = "zh_CN";

// Parented to the application, so they go with it; QPointer notices when they have.
QPointer<QTranslator> g_qtTranslator;
QPointer<QTranslator> g_ownTranslator;
QString g_installed = QString::fromLatin1(kEnglish);

/** A language's own name: a reader finds their language by it whatever the UI is in. */
QString nativeName(const QString& code) {
    if (code == QLatin1String(kChinese))
        return QStringLiteral("中文 (简体)");
    return QStringLiteral("English");
}

void removeTranslator(QPointer<QTranslator>& t) {
    if (t) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

}  // namespace

QStringList languageCodes() {
    return {QString::fromLatin1(kEnglish), QString::fromLatin1(kChinese)};
}

QString normalizedLanguage(const QString& code) {
    if (code.trimmed().isEmpty())
        return {};
    const QLocale l(code.trimmed());
    // QLocale falls back to C for a name it cannot read: "xx" is no language, not English.
    if (l.language() == QLocale::English)
        return QString::fromLatin1(kEnglish);
    // Simplified Chinese only: zh_TW and zh_HK readers expect traditional characters.
    if (l.language() == QLocale::Chinese && l.script() == QLocale::SimplifiedHanScript)
        return QString::fromLatin1(kChinese);
    return {};
}

QString languageArgument(const QStringList& arguments) {
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--"))
            break;
        if (a == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments[i + 1];
        if (a.startsWith(QLatin1String("--lang=")))
            return a.mid(7);
    }
    return {};
}

QString savedLanguage() {
    return normalizedLanguage(QSettings().value(QString::fromLatin1(kLanguageKey)).toString());
}

void saveLanguage(const QString& code) {
    QSettings().setValue(QString::fromLatin1(kLanguageKey), normalizedLanguage(code));
}

QString systemLanguage() {
    for (const QString& ui : QLocale::system().uiLanguages()) {
        const QString code = normalizedLanguage(ui);
        if (!code.isEmpty())
            return code;
    }
    return QString::fromLatin1(kEnglish);
}

QString chooseLanguage(const QString& requested) {
    QString code = normalizedLanguage(requested);
    if (code.isEmpty())
        code = savedLanguage();
    if (code.isEmpty())
        code = systemLanguage();
    return code;
}

bool installTranslators(const QString& code) {
    removeTranslator(g_qtTranslator);
    removeTranslator(g_ownTranslator);
    g_installed = QString::fromLatin1(kEnglish);
    const QString language = normalizedLanguage(code);
    if (language.isEmpty() || language == QLatin1String(kEnglish))
        return !language.isEmpty();
    QCoreApplication* app = QCoreApplication::instance();
    // Qt's own texts (standard buttons, file dialogs): optional, qt6-translations-l10n has them.
    auto* qt = new QTranslator(app);
    if (qt->load(QStringLiteral("qtbase_") + language,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qtTranslator = qt;
    } else {
        delete qt;
    }
    // Installed last, so it is asked first: the workbench's words win over Qt's.
    auto* own = new QTranslator(app);
    if (!own->load(QStringLiteral("slb_workbench_") + language, QStringLiteral(":/translations"))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    g_ownTranslator = own;
    g_installed = language;
    return true;
}

QString installedLanguage() {
    return g_ownTranslator ? g_installed : QString::fromLatin1(kEnglish);
}

void addLanguageMenu(QMenu* view, QWidget* window) {
    auto* menu = new QMenu(QCoreApplication::translate("Language", "&Language"), view);
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(menu);
    const QString saved = savedLanguage();
    const QList<QPair<QString, QString>> choices = {
        {QString(), QCoreApplication::translate("Language", "&System default (%1)")
                        .arg(nativeName(systemLanguage()))},
        {QString::fromLatin1(kEnglish), nativeName(QString::fromLatin1(kEnglish))},
        {QString::fromLatin1(kChinese), nativeName(QString::fromLatin1(kChinese))}};
    for (const auto& [code, name] : choices) {
        QAction* a = menu->addAction(name);
        a->setObjectName(code.isEmpty() ? QStringLiteral("systemLanguageAction")
                                        : code + QStringLiteral("LanguageAction"));
        a->setCheckable(true);
        a->setChecked(code == saved);
        a->setData(code);
        group->addAction(a);
        QObject::connect(a, &QAction::triggered, menu, [window, code = code] {
            saveLanguage(code);
            if (chooseLanguage(QString()) == installedLanguage())
                return;  // already on screen: nothing to wait for
            QMessageBox::information(
                window, QCoreApplication::translate("Language", "Language"),
                QCoreApplication::translate(
                    "Language",
                    "SLB Workbench will use the new language the next time it starts."));
        });
    }
    view->addSeparator();
    view->addMenu(menu);
}

}  // namespace slb
