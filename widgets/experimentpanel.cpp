#include "experimentpanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "configfieldeditor.h"
#include "configform.h"
#include "presetlibrary.h"
#include "temperaturepreview.h"

namespace slb {

namespace {

constexpr double kHoldMin = 0.01;
constexpr double kHoldMax = 1e6;
/** Below this width the form and the preview stack instead of standing side by side. */
constexpr int kSideBySideMinWidth = 860;

QLabel* makeBanner(const QString& name, const QString& background, const QString& border,
                   QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setStyleSheet(QStringLiteral("QLabel { background: %1; color: #1a1a1a; border-left: 4px "
                                    "solid %2; padding: 5px 8px; }")
                         .arg(background, border));
    l->setCursor(Qt::PointingHandCursor);
    l->setToolTip(ExperimentPanel::tr("Click to show the field"));
    l->hide();
    return l;
}

/** The registry's JSON of a config: what "the same config" means here. */
std::string configKey(const RunConfig& c) {
    return c.toJson(-1);
}

}  // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("experimentPanel"));
    buildLayout();
    connect(m_form, &ConfigForm::configChanged, this, &ExperimentPanel::onConfigChanged);
    connect(m_form, &ConfigForm::validityChanged, this, [this](bool valid) {
        updateSteerControls();
        Q_EMIT validityChanged(valid);
    });
    connect(m_form, &ConfigForm::messagesChanged, this, &ExperimentPanel::updateBanners);
    m_preview->setConfig(m_form->config());
    m_holdSpin->setValue(std::clamp(m_form->config().temperature.tStart, kHoldMin, kHoldMax));
    syncPresetPicker();
    updateBanners();
    setMode(Mode::Edit);
}

void ExperimentPanel::buildLayout() {
    m_presetPicker = new QComboBox(this);
    m_presetPicker->setObjectName(QStringLiteral("presetPicker"));
    m_presetPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const Preset& p : PresetLibrary::builtIn().presets())
        m_presetPicker->addItem(PresetLibrary::displayName(p), p.id);
    connect(m_presetPicker, qOverload<int>(&QComboBox::activated), this,
            &ExperimentPanel::onPresetActivated);
    auto* presetLabel = new QLabel(tr("&Preset:"), this);
    presetLabel->setBuddy(m_presetPicker);
    m_presetDescription = new QLabel(this);
    m_presetDescription->setObjectName(QStringLiteral("presetDescription"));
    m_presetDescription->setWordWrap(true);
    m_presetDescription->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Steering, shown while a run is paused (and a note while it runs).
    m_steerBar = new QFrame(this);
    m_steerBar->setObjectName(QStringLiteral("steerBar"));
    m_steerBar->setFrameShape(QFrame::StyledPanel);
    m_modeNote = new QLabel(m_steerBar);
    m_modeNote->setObjectName(QStringLiteral("modeNote"));
    m_modeNote->setWordWrap(true);
    m_holdRow = new QWidget(m_steerBar);
    m_holdSpin = new QDoubleSpinBox(m_holdRow);
    m_holdSpin->setObjectName(QStringLiteral("holdTemperature"));
    m_holdSpin->setRange(kHoldMin, kHoldMax);
    m_holdSpin->setDecimals(2);
    // Steps scale with the value (0.01 near 1, 100 near 10 000): T spans decades.
    m_holdSpin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_holdSpin->setToolTip(tr("Inverse temperature T to hold from the next step on"));
    auto* holdLabel = new QLabel(tr("Hold &T at"), m_holdRow);
    holdLabel->setBuddy(m_holdSpin);
    m_holdButton = new QPushButton(tr("Hold T"), m_holdRow);
    m_holdButton->setObjectName(QStringLiteral("holdButton"));
    m_holdButton->setToolTip(tr("Switch the run to a constant T (temp schedule constant)"));
    m_applyButton = new QPushButton(tr("Apply to the run"), m_holdRow);
    m_applyButton->setObjectName(QStringLiteral("applyButton"));
    m_applyButton->setToolTip(
        tr("Send the changed learning rate and temperature fields to the "
           "paused run"));
    connect(m_holdButton, &QPushButton::clicked, this, &ExperimentPanel::holdTemperatureNow);
    connect(m_applyButton, &QPushButton::clicked, this, &ExperimentPanel::applyToRun);
    auto* holdLayout = new QHBoxLayout(m_holdRow);
    holdLayout->setContentsMargins(0, 0, 0, 0);
    holdLayout->addWidget(holdLabel);
    holdLayout->addWidget(m_holdSpin);
    holdLayout->addWidget(m_holdButton);
    holdLayout->addStretch(1);
    holdLayout->addWidget(m_applyButton);
    auto* steerLayout = new QVBoxLayout(m_steerBar);
    steerLayout->setContentsMargins(8, 6, 8, 6);
    steerLayout->addWidget(m_modeNote);
    steerLayout->addWidget(m_holdRow);

    m_errorBanner = makeBanner(QStringLiteral("validationBanner"), QStringLiteral("#fbe3d6"),
                               QStringLiteral("#D55E00"), this);
    m_warningBanner = makeBanner(QStringLiteral("warningBanner"), QStringLiteral("#fdf0d2"),
                                 QStringLiteral("#E69F00"), this);

    m_form = new ConfigForm(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("formScroll"));
    m_scroll->setWidget(m_form);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setMinimumWidth(m_form->minimumSizeHint().width() +
                              m_scroll->verticalScrollBar()->sizeHint().width() + 4);
    m_preview = new TemperaturePreview(this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("experimentSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_scroll);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    // Scaled to the real width on first layout: the plots need the room more than the editors.
    m_splitter->setSizes({500, 600});
    m_errorBanner->installEventFilter(this);
    m_warningBanner->installEventFilter(this);

    m_processes = new QSpinBox(this);
    m_processes->setObjectName(QStringLiteral("processes"));
    m_processes->setRange(1, 64);
    m_processes->setValue(1);
    m_processes->setToolTip(
        tr("Data-parallel training: processes on this machine, each on its shard of every "
           "batch, gradients averaged after backward (the batch size stays the whole batch). "
           "The cores are shared out among them."));
    auto* processesLabel = new QLabel(tr("P&rocesses:"), this);
    processesLabel->setBuddy(m_processes);

    auto* top = new QHBoxLayout;
    top->addWidget(presetLabel);
    top->addWidget(m_presetPicker, 1);
    top->addSpacing(12);
    top->addWidget(processesLabel);
    top->addWidget(m_processes);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_presetDescription);
    layout->addWidget(m_steerBar);
    layout->addWidget(m_errorBanner);
    layout->addWidget(m_warningBanner);
    layout->addWidget(m_splitter, 1);
}

RunConfig ExperimentPanel::config() const {
    return m_form->config();
}

void ExperimentPanel::setConfig(const RunConfig& config) {
    if (m_mode == Mode::Paused)
        m_runConfig = config;  // the run was steered (or resumed from) this config
    m_form->setConfig(config);
    updateSteerControls();
}

bool ExperimentPanel::isValid() const {
    return m_form->isValid();
}

QString ExperimentPanel::validationError() const {
    return m_form->validationError();
}

QString ExperimentPanel::warning() const {
    return m_form->warning();
}

bool ExperimentPanel::applyPreset(const QString& id) {
    const Preset* p = PresetLibrary::builtIn().find(id);
    RunConfig c;
    QString error;
    if (!p || !PresetLibrary::configOf(*p, &c, &error)) {
        if (p)
            qWarning("preset %s: %s", qPrintable(id), qPrintable(error));
        return false;
    }
    m_lastPresetId = id;
    setConfig(c);
    syncPresetPicker();
    return true;
}

QStringList ExperimentPanel::presetIds() const {
    return PresetLibrary::builtIn().ids();
}

QString ExperimentPanel::currentPresetId() const {
    return m_presetPicker->currentIndex() >= 0 ? m_presetPicker->currentData().toString()
                                               : QString();
}

void ExperimentPanel::setDevices(const QStringList& devices) {
    m_form->setDevices(devices);
}

int ExperimentPanel::processes() const {
    return m_processes->value();
}

void ExperimentPanel::setProcesses(int n) {
    m_processes->setValue(n);
}

void ExperimentPanel::setMode(Mode mode) {
    const bool entering = mode != m_mode;
    m_mode = mode;
    if (mode == Mode::Paused && entering)
        m_runConfig = m_form->config();
    switch (mode) {
        case Mode::Edit:
            m_form->setAllEditable(true);
            break;
        case Mode::Running:
            m_form->setAllEditable(false);
            m_modeNote->setText(
                tr("The run's config is fixed while it trains. Pause it to "
                   "change its learning rate or temperature."));
            break;
        case Mode::Paused: {
            QSet<QString> keys;
            for (const ConfigField& f : configFields())
                if (isSteeringField(QString::fromStdString(f.key)))
                    keys.insert(QString::fromStdString(f.key));
            m_form->setEditableKeys(keys);
            m_modeNote->setText(
                tr("Paused. Change the learning rate or the temperature fields "
                   "and apply them to the run, or hold T at a value."));
            break;
        }
    }
    m_presetPicker->setEnabled(mode == Mode::Edit);
    m_processes->setEnabled(mode == Mode::Edit);
    m_steerBar->setVisible(mode != Mode::Edit);
    m_holdRow->setVisible(mode == Mode::Paused);
    updateSteerControls();
    if (mode == Mode::Paused && entering) {
        // Bring the steering fields into view: model and data are locked while paused.
        if (ConfigFieldEditor* lr = m_form->fieldEditor(QStringLiteral("lr")))
            m_scroll->verticalScrollBar()->setValue(lr->mapTo(m_form, QPoint(0, 0)).y() - 12);
    }
}

bool ExperimentPanel::isSteeringField(const QString& key) {
    // The same rule as Trainer::isSteerable (core/train, which widgets cannot link).
    const ConfigField* f = findConfigField(key.toStdString());
    if (!f || f->key != key.toStdString())
        return false;
    return f->group == "temperature" || f->key == "lr" || f->key == "lr_schedule" ||
           f->key == "lr_min" || f->key == "lr_unit";
}

void ExperimentPanel::setHoldTemperature(double t) {
    m_holdSpin->setValue(std::clamp(t, kHoldMin, kHoldMax));
}

double ExperimentPanel::holdTemperature() const {
    return m_holdSpin->value();
}

QString ExperimentPanel::toJson() const {
    return QString::fromStdString(config().toJson());
}

bool ExperimentPanel::restoreJson(const QString& json, QString* error) {
    RunConfig c;
    std::string why;
    if (RunConfig::fromJson(json.toStdString(), &c, &why))
        why = c.validate();
    if (!why.empty()) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    setConfig(c);
    return true;
}

void ExperimentPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const Qt::Orientation o = width() < kSideBySideMinWidth ? Qt::Vertical : Qt::Horizontal;
    if (m_splitter->orientation() != o)
        m_splitter->setOrientation(o);
}

bool ExperimentPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonRelease &&
        (watched == m_errorBanner || watched == m_warningBanner)) {
        const QLabel* banner = static_cast<QLabel*>(watched);
        revealField(banner->text().section(QLatin1Char(':'), 0, 0));
    }
    return QWidget::eventFilter(watched, event);
}

void ExperimentPanel::revealField(const QString& key) {
    ConfigFieldEditor* e = m_form->fieldEditor(key);
    if (!e)
        return;
    m_scroll->ensureWidgetVisible(e, 20, 60);
    if (e->editor()->isEnabled())
        e->editor()->setFocus(Qt::OtherFocusReason);
}

void ExperimentPanel::onPresetActivated(int index) {
    if (index >= 0)
        applyPreset(m_presetPicker->itemData(index).toString());
}

void ExperimentPanel::onConfigChanged(const RunConfig& config) {
    m_preview->setConfig(config);
    syncPresetPicker();
    updateSteerControls();
    Q_EMIT configChanged(config);
}

void ExperimentPanel::syncPresetPicker() {
    const std::string shown = configKey(m_form->config());
    int match = -1;
    for (int i = 0; i < m_presetPicker->count() && match < 0; ++i) {
        const Preset* p = PresetLibrary::builtIn().find(m_presetPicker->itemData(i).toString());
        RunConfig c;
        if (p && PresetLibrary::configOf(*p, &c) && configKey(c) == shown)
            match = i;
    }
    const Preset* described = nullptr;
    if (match >= 0) {
        m_lastPresetId = m_presetPicker->itemData(match).toString();
        described = PresetLibrary::builtIn().find(m_lastPresetId);
    } else if (const Preset* last = PresetLibrary::builtIn().find(m_lastPresetId)) {
        described = last;
        m_presetPicker->setPlaceholderText(
            tr("%1 (edited)").arg(PresetLibrary::displayName(*last)));
    } else {
        m_presetPicker->setPlaceholderText(
            shown == configKey(RunConfig{}) ? tr("slb-train defaults") : tr("Custom config"));
    }
    m_presetPicker->setCurrentIndex(match);
    m_presetDescription->setText(
        described ? PresetLibrary::displayDescription(*described)
                  : tr("The defaults of slb-train; pick a preset above for a recipe with its "
                       "reasons."));
}

void ExperimentPanel::updateBanners() {
    const QString error = m_form->validationErrors().join(QLatin1Char('\n'));
    m_errorBanner->setText(error);
    m_errorBanner->setVisible(!error.isEmpty());
    const QString warning = m_form->warning();
    m_warningBanner->setText(warning);
    m_warningBanner->setVisible(!warning.isEmpty());
}

void ExperimentPanel::updateSteerControls() {
    const bool paused = m_mode == Mode::Paused;
    const bool slb = m_runConfig.method == Method::Slb;
    m_holdButton->setEnabled(paused && slb);
    m_holdSpin->setEnabled(paused && slb);
    m_holdButton->setToolTip(slb ? tr("Switch the run to a constant T (temp schedule constant)")
                                 : tr("T applies to SLB runs only"));
    m_applyButton->setEnabled(paused && m_form->isValid() && !steerChanges().empty());
}

std::vector<std::pair<std::string, std::string>> ExperimentPanel::steerChanges() const {
    std::vector<std::pair<std::string, std::string>> changes;
    const RunConfig now = m_form->config();
    for (const ConfigField& f : configFields()) {
        if (!isSteeringField(QString::fromStdString(f.key)))
            continue;
        const std::string value = f.get(now);
        if (value != f.get(m_runConfig))
            changes.emplace_back(f.key, value);
    }
    return changes;
}

void ExperimentPanel::applyToRun() {
    if (m_mode != Mode::Paused || !m_form->isValid())
        return;
    const auto changes = steerChanges();
    if (!changes.empty())
        Q_EMIT steerRequested(changes);
}

void ExperimentPanel::holdTemperatureNow() {
    if (m_mode != Mode::Paused)
        return;
    // A constant schedule's T is t_start (TemperatureSchedule::temperature).
    const QString t = QString::number(m_holdSpin->value(), 'g', 10);
    // The form shows what the run is asked to do, so the preview draws the held T at once.
    m_form->editField(QStringLiteral("temp_schedule"), QStringLiteral("constant"));
    m_form->editField(QStringLiteral("t_start"), t);
    Q_EMIT steerRequested({{"temp_schedule", "constant"}, {"t_start", t.toStdString()}});
}

}  // namespace slb
