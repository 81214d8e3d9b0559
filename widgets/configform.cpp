#include "configform.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

#include "configfieldeditor.h"

namespace slb {

namespace {

/** The first training file the engine opens for a dataset (core/data/dataset.cpp). */
bool hasDataFiles(const QString& dir, const QString& dataset) {
    const QDir d(dir);
    if (dataset == QLatin1String("cifar10"))
        return QFileInfo(d.filePath(QStringLiteral("data_batch_1.bin"))).isFile() ||
               QFileInfo(d.filePath(QStringLiteral("cifar-10-batches-bin/data_batch_1.bin")))
                   .isFile();
    return QFileInfo(d.filePath(QStringLiteral("train-images-idx3-ubyte"))).isFile() ||
           QFileInfo(d.filePath(QStringLiteral("train-images-idx3-ubyte.gz"))).isFile();
}

/**
 * What slb-train would refuse only when it opens the data: checked here so that a person hears it
 * while choosing, not minutes later. Not an error: the folder may be mounted by launch time.
 */
QString dataWarning(const RunConfig& c) {
    if (c.dataset == "synthetic")
        return {};
    const QString dataset = QString::fromStdString(c.dataset);
    const QString dir = QString::fromStdString(c.resolvedDataDir());
    if (dir.isEmpty() || hasDataFiles(dir, dataset))
        return {};
    const QString files =
        dataset == QLatin1String("cifar10")
            ? ConfigForm::tr("the CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin)")
            : ConfigForm::tr("the IDX files (train-images-idx3-ubyte.gz …)");
    if (c.dataDir.empty())
        return ConfigForm::tr(
                   "data_dir: %1 needs a folder: there is none at %2. Choose the "
                   "folder that holds %3.")
            .arg(dataset, dir, files);
    return ConfigForm::tr("data_dir: no %1 data in %2. Choose the folder that holds %3.")
        .arg(dataset, dir, files);
}

QString keyOfMessage(const QString& message) {
    return message.section(QLatin1Char(':'), 0, 0);
}

}  // namespace

ConfigForm::ConfigForm(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("configForm"));
    // A refused value gets a border in the colour of its message (Okabe–Ito vermillion/orange).
    // Locked editors (a run is training) stay readable: a teacher reads the config aloud.
    setStyleSheet(QStringLiteral(
        "QLineEdit:disabled, QComboBox:disabled, QCheckBox:disabled { color: palette(text); }"
        "QLineEdit[severity=\"error\"] { border: 2px solid #D55E00; border-radius: 3px; "
        "padding: 1px 2px; }"
        "QLineEdit[severity=\"warning\"] { border: 2px solid #E69F00; border-radius: 3px; "
        "padding: 1px 2px; }"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    QFormLayout* form = nullptr;
    std::string group;
    std::vector<QLabel*> labels;
    for (const ConfigField& f : configFields()) {
        if (f.group != group) {
            group = f.group;
            auto* box = new QGroupBox(groupTitle(QString::fromStdString(group)), this);
            box->setObjectName(QString::fromStdString(group) + QStringLiteral("Group"));
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            form->setRowWrapPolicy(QFormLayout::DontWrapRows);
            form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
            form->setVerticalSpacing(6);
            m_groups.insert(QString::fromStdString(group), box);
            layout->addWidget(box);
        }
        auto* editor = new ConfigFieldEditor(f, this);
        auto* label = new QLabel(ConfigFieldEditor::readableName(f), this);
        labels.push_back(label);
        label->setObjectName(QString::fromStdString(f.key) + QStringLiteral("Label"));
        label->setBuddy(editor->editor());
        // Aligned with the editor's text, not with the hint under it.
        label->setMinimumHeight(editor->editor()->sizeHint().height());
        form->addRow(label, editor);
        connect(editor, &ConfigFieldEditor::edited, this, &ConfigForm::onEdited);
        m_editors.push_back(editor);
    }
    layout->addStretch(1);
    // One label column width for every group, so that the editors line up down the whole form.
    int labelWidth = 0;
    for (QLabel* l : labels)
        labelWidth = std::max(labelWidth, l->sizeHint().width());
    for (QLabel* l : labels) {
        l->setMinimumWidth(labelWidth);
        l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    revalidate();
}

QString ConfigForm::groupTitle(const QString& group) {
    if (group == QLatin1String("model"))
        return tr("Model and quantization");
    if (group == QLatin1String("data"))
        return tr("Data");
    if (group == QLatin1String("optim"))
        return tr("Optimizer");
    if (group == QLatin1String("temperature"))
        return tr("SLB temperature");
    if (group == QLatin1String("run"))
        return tr("Run");
    return group;
}

void ConfigForm::setConfig(const RunConfig& config) {
    m_working = config;
    m_fieldErrors.clear();
    for (ConfigFieldEditor* e : m_editors)
        e->setText(QString::fromStdString(e->field().get(config)));
    revalidate();
}

void ConfigForm::editField(const QString& key, const QString& text) {
    if (ConfigFieldEditor* e = fieldEditor(key)) {
        e->setText(text);
        onEdited(key, text);
    }
}

QStringList ConfigForm::validationErrors() const {
    // In registry order, as a person reads the form; validate()'s error sits at the field it names.
    const QString crossKey = keyOfMessage(m_crossError);
    QStringList all;
    bool crossListed = m_crossError.isEmpty();
    for (ConfigFieldEditor* e : m_editors) {
        if (m_fieldErrors.contains(e->key())) {
            all << m_fieldErrors.value(e->key());
        } else if (!crossListed && e->key() == crossKey) {
            all << m_crossError;
            crossListed = true;
        }
    }
    if (!crossListed)
        all << m_crossError;
    return all;
}

QString ConfigForm::validationError() const {
    const QStringList all = validationErrors();
    return all.isEmpty() ? QString() : all.front();
}

void ConfigForm::setDevices(const QStringList& devices) {
    if (ConfigFieldEditor* e = fieldEditor(QStringLiteral("device")))
        e->setChoices(devices);
}

void ConfigForm::setEditableKeys(const QSet<QString>& keys) {
    for (ConfigFieldEditor* e : m_editors)
        e->setEditable(keys.contains(e->key()));
}

void ConfigForm::setAllEditable(bool editable) {
    for (ConfigFieldEditor* e : m_editors)
        e->setEditable(editable);
}

ConfigFieldEditor* ConfigForm::fieldEditor(const QString& key) const {
    for (ConfigFieldEditor* e : m_editors)
        if (e->key() == key)
            return e;
    return nullptr;
}

void ConfigForm::onEdited(const QString& key, const QString& text) {
    const ConfigField* f = findConfigField(key.toStdString());
    if (!f)
        return;
    // On a copy: a refused value must leave the config as it was.
    RunConfig next = m_working;
    const std::string why = f->set(next, text.toStdString());
    if (why.empty()) {
        m_fieldErrors.remove(key);
        m_working = next;
    } else {
        m_fieldErrors.insert(key, QString::fromStdString(f->key + ": " + why));
    }
    revalidate();
}

void ConfigForm::revalidate() {
    m_crossError = QString::fromStdString(m_working.validate());
    m_warning = dataWarning(m_working);
    const QString crossKey = keyOfMessage(m_crossError);
    const QString warningKey = keyOfMessage(m_warning);
    for (ConfigFieldEditor* e : m_editors) {
        const QString key = e->key();
        if (m_fieldErrors.contains(key))
            e->setMessage(m_fieldErrors.value(key), ConfigFieldEditor::Severity::Error);
        else if (!m_crossError.isEmpty() && key == crossKey)
            e->setMessage(m_crossError, ConfigFieldEditor::Severity::Error);
        else if (!m_warning.isEmpty() && key == warningKey)
            e->setMessage(m_warning, ConfigFieldEditor::Severity::Warning);
        else
            e->setMessage({}, ConfigFieldEditor::Severity::None);
    }
    const bool valid = isValid();
    // Compared as the registry's JSON: RunConfig has no operator==, and JSON covers every field.
    if (valid && m_working.toJson(-1) != m_config.toJson(-1)) {
        m_config = m_working;
        Q_EMIT configChanged(m_config);
    }
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
    const QString messages =
        validationErrors().join(QLatin1Char('\n')) + QLatin1Char('\n') + m_warning;
    if (messages != m_lastMessages) {
        m_lastMessages = messages;
        Q_EMIT messagesChanged();
    }
}

}  // namespace slb
