#include "configfieldeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace slb {

namespace {

using Type = ConfigField::Type;

/** What the "…" button next to a text field chooses, keyed on the field (type and key). */
enum class Chooser { None, Folder, File };

Chooser chooserOf(const ConfigField& f) {
    if (f.type != Type::Text)
        return Chooser::None;
    if (f.key == "data_dir" || f.key == "out")
        return Chooser::Folder;
    if (f.key == "init_from" || f.key == "teacher")
        return Chooser::File;
    return Chooser::None;
}

/** `device` is free text to the registry, but a person picks from the devices present. */
bool isDeviceField(const ConfigField& f) {
    return f.type == Type::Text && f.key == "device";
}

const char* severityName(ConfigFieldEditor::Severity s) {
    switch (s) {
        case ConfigFieldEditor::Severity::Error:
            return "error";
        case ConfigFieldEditor::Severity::Warning:
            return "warning";
        case ConfigFieldEditor::Severity::None:
            break;
    }
    return "";
}

}  // namespace

ConfigFieldEditor::ConfigFieldEditor(const ConfigField& field, QWidget* parent)
    : QWidget(parent), m_field(field) {
    const QString key = QString::fromStdString(field.key);
    const QString help = QCoreApplication::translate("ConfigField", field.help.c_str());
    setObjectName(key + QStringLiteral("Row"));

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    QWidget* editor = nullptr;
    if (field.type == Type::Choice || isDeviceField(field)) {
        m_combo = new QComboBox(this);
        for (const std::string& c : field.choices)
            m_combo->addItem(QString::fromStdString(c));
        if (isDeviceField(field))
            m_combo->addItems({QStringLiteral("auto"), QStringLiteral("cpu")});
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(m_combo, &QComboBox::currentTextChanged, this, [this] { emitEdited(); });
        editor = m_combo;
        row->addWidget(m_combo);
        row->addStretch(1);
    } else if (field.type == Type::Bool) {
        m_check = new QCheckBox(this);
        connect(m_check, &QCheckBox::toggled, this, [this] { emitEdited(); });
        editor = m_check;
        row->addWidget(m_check);
        row->addStretch(1);
    } else {
        m_line = new QLineEdit(this);
        m_line->setClearButtonEnabled(field.type == Type::Text || field.type == Type::List);
        // Numbers are short: a narrow box reads as "a number goes here"; paths take the width.
        if (field.type == Type::Int || field.type == Type::Real)
            m_line->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 16);
        connect(m_line, &QLineEdit::textEdited, this, [this] { emitEdited(); });
        editor = m_line;
        row->addWidget(m_line, 1);
        if (chooserOf(field) != Chooser::None) {
            m_browse = new QToolButton(this);
            m_browse->setObjectName(key + QStringLiteral("Browse"));
            m_browse->setText(tr("…"));
            m_browse->setToolTip(chooserOf(field) == Chooser::Folder ? tr("Choose a folder")
                                                                     : tr("Choose a file"));
            connect(m_browse, &QToolButton::clicked, this, &ConfigFieldEditor::choose);
            row->addWidget(m_browse);
        }
        if (field.type == Type::Int || field.type == Type::Real)
            row->addStretch(1);
    }
    editor->setObjectName(key);
    const QString byDefault = QString::fromStdString(field.get(RunConfig{}));
    const QString flagHint = tr("slb-train flag: %1 (default: %2)")
                                 .arg(QString::fromStdString(field.flag()),
                                      byDefault.isEmpty() ? tr("none") : byDefault);
    editor->setToolTip(help + QStringLiteral("\n") + flagHint);

    m_hint = new QLabel(help, this);
    m_hint->setObjectName(key + QStringLiteral("Hint"));
    m_hint->setWordWrap(true);
    QFont small = m_hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.88);
    m_hint->setFont(small);
    // Greyed by the palette's placeholder colour, which follows the theme.
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    m_message = new QLabel(this);
    m_message->setObjectName(key + QStringLiteral("Error"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 2);
    column->setSpacing(1);
    column->addLayout(row);
    column->addWidget(m_message);
    column->addWidget(m_hint);
    setText(byDefault);
}

QString ConfigFieldEditor::readableName(const ConfigField& field) {
    QString name = QString::fromStdString(field.key);
    name.replace(QLatin1Char('_'), QLatin1Char(' '));
    return QCoreApplication::translate("ConfigField", name.toUtf8().constData());
}

QWidget* ConfigFieldEditor::editor() const {
    if (m_combo)
        return m_combo;
    if (m_check)
        return m_check;
    return m_line;
}

QString ConfigFieldEditor::text() const {
    if (m_combo)
        return m_combo->currentText();
    if (m_check)
        return m_check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    return m_line->text();
}

void ConfigFieldEditor::setText(const QString& text) {
    m_filling = true;
    if (m_combo) {
        // A value the combo does not offer (a cuda:3 from a saved config) is added rather than
        // silently replaced by another: the form must show the config as it is.
        if (m_combo->findText(text) < 0)
            m_combo->addItem(text);
        m_combo->setCurrentIndex(m_combo->findText(text));
    } else if (m_check) {
        m_check->setChecked(text == QLatin1String("true"));
    } else if (m_line->text() != text) {
        m_line->setText(text);
        m_line->setCursorPosition(0);
    }
    m_filling = false;
}

void ConfigFieldEditor::setChoices(const QStringList& choices) {
    if (!m_combo)
        return;
    const QString current = m_combo->currentText();
    m_filling = true;
    m_combo->clear();
    m_combo->addItems(choices);
    m_filling = false;
    setText(current);
}

void ConfigFieldEditor::setMessage(const QString& message, Severity severity) {
    if (message.isEmpty())
        severity = Severity::None;
    if (m_message->text() == message && m_severity == severity)
        return;
    m_severity = severity;
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
    QPalette p = m_message->palette();
    // Contrast > 4.5:1 against the window, light or dark, and still clearly red/amber.
    const bool dark = p.color(QPalette::Window).lightness() < 128;
    p.setColor(QPalette::WindowText,
               severity == Severity::Warning
                   ? (dark ? QColor(0xf0, 0xb4, 0x29) : QColor(0x8a, 0x5a, 0x00))
                   : (dark ? QColor(0xff, 0x8a, 0x65) : QColor(0xb0, 0x30, 0x00)));
    m_message->setPalette(p);
    // The border comes from the form's style sheet, selected by this property.
    QWidget* e = editor();
    e->setProperty("severity", QString::fromLatin1(severityName(severity)));
    e->style()->unpolish(e);
    e->style()->polish(e);
    e->update();
}

QString ConfigFieldEditor::message() const {
    return m_message->text();
}

void ConfigFieldEditor::setEditable(bool editable) {
    m_editable = editable;
    editor()->setEnabled(editable);
    if (m_browse)
        m_browse->setEnabled(editable);
}

void ConfigFieldEditor::choose() {
    const QString current = text();
    QString picked;
    if (chooserOf(m_field) == Chooser::Folder) {
        picked = QFileDialog::getExistingDirectory(
            this, tr("Choose the folder for %1").arg(readableName(m_field)), current);
    } else {
        picked = QFileDialog::getOpenFileName(
            this, tr("Choose the file for %1").arg(readableName(m_field)),
            current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
            tr("Models (*.pt);;All files (*)"));
    }
    if (picked.isEmpty())
        return;  // cancelled: the value stays
    setText(picked);
    emitEdited();
}

void ConfigFieldEditor::emitEdited() {
    if (!m_filling)
        Q_EMIT edited(key(), text());
}

}  // namespace slb
