#pragma once
// One row of the experiment form, generated from a config registry field: the editor its type
// asks for (Choice: combo box, Bool: check box, Int/Real/Text/List: line edit; folder and file
// fields get a "…" chooser, `device` a combo of the devices present), the field's help as a grey
// hint, and a message line for what is wrong with the value. It edits text only: whether the text
// is a valid value is the registry's call (ConfigForm). GUI thread only; torch-free.

#include <QString>
#include <QStringList>
#include <QWidget>

#include "base/config.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace slb {

class ConfigFieldEditor : public QWidget {
    Q_OBJECT
public:
    /** How the message under the editor reads: nothing, a problem to fix, or a heads-up. */
    enum class Severity { None, Error, Warning };

    /** The editor of `field` (which must outlive it: registry fields live for the program). */
    explicit ConfigFieldEditor(const ConfigField& field, QWidget* parent = nullptr);

    const ConfigField& field() const { return m_field; }
    QString key() const { return QString::fromStdString(m_field.key); }
    /** The label for the form: the key made readable ("t_start" → "t start"), translated. */
    static QString readableName(const ConfigField& field);

    /** The editor widget itself (objectName = the field's key). */
    QWidget* editor() const;
    /** The value as the editor shows it, in the registry's text form. */
    QString text() const;
    /** Shows a value without emitting edited(). */
    void setText(const QString& text);
    /** For a combo box whose choices come from outside (device): the values offered. */
    void setChoices(const QStringList& choices);

    /** Shows `message` under the editor and marks the editor; an empty message clears both. */
    void setMessage(const QString& message, Severity severity);
    QString message() const;
    Severity severity() const { return m_severity; }

    /** Lets the user change the value (or not); the value stays readable either way. */
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }

Q_SIGNALS:
    /** The user changed the value to `text` (every keystroke of a line edit). */
    void edited(const QString& key, const QString& text);

private:
    void choose();
    void emitEdited();

    const ConfigField& m_field;
    QLineEdit* m_line = nullptr;
    QComboBox* m_combo = nullptr;
    QCheckBox* m_check = nullptr;
    QToolButton* m_browse = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_message = nullptr;
    Severity m_severity = Severity::None;
    bool m_editable = true;
    bool m_filling = false;  ///< true while setText() fills the editor: not the user's edit
};

}  // namespace slb
