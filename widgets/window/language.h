#pragma once
// The workbench's user-interface language: which one (--lang, else the choice saved by
// View ▸ Language, else the system locale), the translators that put it on screen, and the menu
// that saves a new choice for the next start.

#include <QString>
#include <QStringList>

class QMenu;
class QWidget;

namespace slb {

/** The codes --lang and the settings accept: "en" (the source language) and "zh_CN". */
QStringList languageCodes();

/**
 * `code` as one of languageCodes() ("zh-CN", "zh_cn", "zh" and "zh_Hans" give "zh_CN";
 * "en_US" gives "en"); empty when the workbench has no such language.
 */
QString normalizedLanguage(const QString& code);

/** The value of --lang in `arguments` (argv[0] included) as given, or empty. */
QString languageArgument(const QStringList& arguments);

/** The choice saved by View ▸ Language: a code, or empty for the system default. */
QString savedLanguage();
void saveLanguage(const QString& code);

/** The first language of the system's UI languages the workbench has; "en" when none. */
QString systemLanguage();

/** `requested` if it is a known code, else the saved choice, else the system language. */
QString chooseLanguage(const QString& requested);

/**
 * Installs Qt's own translation (qtbase, from Qt's translations folder, if present) and the
 * workbench's (built into the binary) for `code` on the application, replacing translators
 * this function installed before; "en" installs none. False when the workbench's own
 * translation could not be loaded. Call before any widget is made: texts are set once.
 */
bool installTranslators(const QString& code);

/** The language installTranslators() installed last ("en" before any call). */
QString installedLanguage();

/**
 * Appends View ▸ Language to `view`: System default, English, 中文 (简体). A choice is saved and
 * `window` tells the user it applies on the next start.
 */
void addLanguageMenu(QMenu* view, QWidget* window);

}  // namespace slb
