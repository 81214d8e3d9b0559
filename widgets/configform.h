#pragma once
// The experiment form, generated from the config registry (configFields()): one group box per
// group, one ConfigFieldEditor per field, in registry order. Nothing here lists fields by hand, so
// the form and slb-train always agree on names, defaults and ranges. Every edit goes through the
// field's own set() on a copy of the config: a refused value marks its editor with the registry's
// reason ("epochs: <reason>", what slb-train prints after "--epochs"), and RunConfig::validate()'s
// cross-field errors mark the field they name. GUI thread only; torch-free.

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "base/config.h"

class QGroupBox;
class QLabel;

namespace slb {

class ConfigFieldEditor;

class ConfigForm : public QWidget {
    Q_OBJECT
public:
    explicit ConfigForm(QWidget* parent = nullptr);

    /** The title of a registry group ("optim" → "Optimizer"), translated. */
    static QString groupTitle(const QString& group);

    /** The last valid config the form held (the one it shows when it is valid). */
    const RunConfig& config() const { return m_config; }
    /** The config with every accepted edit applied, valid or not (what the editors show). */
    const RunConfig& workingConfig() const { return m_working; }
    /** Shows `config` in every editor and forgets pending errors. */
    void setConfig(const RunConfig& config);
    /** Puts `text` into one editor and applies it as if the user had typed it. */
    void editField(const QString& key, const QString& text);

    bool isValid() const { return m_fieldErrors.isEmpty() && m_crossError.isEmpty(); }
    /** The first problem ("key: reason") in registry order: a refused value or validate()'s. */
    QString validationError() const;
    /** Every problem, one "key: reason" each, in registry order. */
    QStringList validationErrors() const;
    /** Problems slb-train would meet only when it loads data (a missing dataset folder). */
    QString warning() const { return m_warning; }

    /** Devices offered by the device editor ("auto", "cpu", "cuda:0", …). */
    void setDevices(const QStringList& devices);

    /** Which fields the user may change: all (empty set = none; see setAllEditable). */
    void setEditableKeys(const QSet<QString>& keys);
    void setAllEditable(bool editable);

    /** The editor row of a field (null for an unknown key). */
    ConfigFieldEditor* fieldEditor(const QString& key) const;
    const std::vector<ConfigFieldEditor*>& fieldEditors() const { return m_editors; }

Q_SIGNALS:
    /** The form holds a new valid config (every valid change; not when nothing changed). */
    void configChanged(const slb::RunConfig& config);
    /** Valid turned invalid or back. */
    void validityChanged(bool valid);
    /** The errors or warnings shown changed (for a banner). */
    void messagesChanged();

private:
    void onEdited(const QString& key, const QString& text);
    /** Re-runs validate(), updates every message, emits what changed. */
    void revalidate();

    std::vector<ConfigFieldEditor*> m_editors;
    QMap<QString, QGroupBox*> m_groups;
    RunConfig m_config;                    ///< last valid
    RunConfig m_working;                   ///< every accepted edit applied
    QMap<QString, QString> m_fieldErrors;  ///< key → "key: reason" of a refused text
    QString m_crossError;                  ///< validate() of m_working
    QString m_warning;
    QString m_lastMessages;  ///< to emit messagesChanged() only on change
    bool m_valid = true;
};

}  // namespace slb
