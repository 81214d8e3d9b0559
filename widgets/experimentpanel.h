#pragma once
// The Experiment panel: where a run is configured and steered. A preset picker (resources/presets/
// presets.json) above the form that the config registry generates (ConfigForm), beside a live
// preview of the planned temperature and learning-rate curves (TemperaturePreview). While a run
// is paused only the fields the trainer can steer stay editable, and the panel asks for the
// change through steerRequested(). GUI thread only; torch-free.

#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <string>
#include <utility>
#include <vector>

#include "base/config.h"

class QComboBox;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QSplitter;

namespace slb {

class ConfigForm;
class TemperaturePreview;

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    /** Edit: before a run, everything editable. Running: read-only. Paused: steering only. */
    enum class Mode { Edit, Running, Paused };

    /** A panel showing the registry's defaults (what slb-train runs with no flags). */
    explicit ExperimentPanel(QWidget* parent = nullptr);

    /** The config the form shows, or the last valid one while it shows an invalid value. */
    RunConfig config() const;
    /** Shows `config` in every editor; while paused it is also the run's config to steer from. */
    void setConfig(const RunConfig& config);
    /** True when every value is accepted and RunConfig::validate() passes. */
    bool isValid() const;
    /** The first error as "key: reason" (the registry's words); empty when valid. */
    QString validationError() const;
    /** A heads-up that does not block the form (e.g. "cifar10 needs a folder"); else empty. */
    QString warning() const;

    /** Shows the preset's config; false (and nothing changes) for an unknown or refused id. */
    bool applyPreset(const QString& id);
    /** Ids of the built-in presets, in the picker's order (the first is the default). */
    QStringList presetIds() const;
    /** The preset the form matches exactly; empty once edited away from every preset. */
    QString currentPresetId() const;

    /**
     * Processes a run trains with (data parallel on this machine; 1: this process alone). Not
     * part of the config: a run records its world size instead. Editable before a run only.
     */
    int processes() const;
    void setProcesses(int n);

    /** Devices offered for "device" ("auto", "cpu", "cuda:N" as present). */
    void setDevices(const QStringList& devices);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    /** True for the fields a paused run accepts (Trainer::isSteerable: lr, lr_schedule,
     *  lr_min, lr_unit and the temperature group). */
    static bool isSteeringField(const QString& key);

    /** The value "Hold T" proposes (e.g. the run's T when it paused); clamped to 0.01 … 1e6. */
    void setHoldTemperature(double t);
    double holdTemperature() const;

    /** The shown config as JSON (the registry's keys), for QSettings. */
    QString toJson() const;
    /** Shows a config saved by toJson(); false and *error ("key: reason") if it is refused. */
    bool restoreJson(const QString& json, QString* error = nullptr);

    ConfigForm* form() const { return m_form; }
    TemperaturePreview* preview() const { return m_preview; }

Q_SIGNALS:
    /** The form holds a new valid config. */
    void configChanged(const slb::RunConfig& config);
    void validityChanged(bool valid);
    /**
     * Paused only: change the run. "Apply to the run" sends every steering field whose text
     * differs from the run's config (as of pausing, or of the last setConfig() while paused);
     * "Hold T" sends {{"temp_schedule", "constant"}, {"t_start", T}} (a constant schedule's T is
     * t_start). Values are the registry's text form.
     */
    void steerRequested(const std::vector<std::pair<std::string, std::string>>& fields);

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildLayout();
    void onPresetActivated(int index);
    void onConfigChanged(const RunConfig& config);
    void syncPresetPicker();
    void updateBanners();
    /** Scrolls the form to the editor of `key` and focuses it. */
    void revealField(const QString& key);
    void updateSteerControls();
    std::vector<std::pair<std::string, std::string>> steerChanges() const;
    void applyToRun();
    void holdTemperatureNow();

    Mode m_mode = Mode::Edit;
    RunConfig m_runConfig;  ///< Paused: the run's config, which steering is measured against
    QString m_lastPresetId;
    QComboBox* m_presetPicker = nullptr;
    QSpinBox* m_processes = nullptr;
    QLabel* m_presetDescription = nullptr;
    QFrame* m_steerBar = nullptr;
    QLabel* m_modeNote = nullptr;
    QWidget* m_holdRow = nullptr;
    QDoubleSpinBox* m_holdSpin = nullptr;
    QPushButton* m_holdButton = nullptr;
    QPushButton* m_applyButton = nullptr;
    QLabel* m_errorBanner = nullptr;
    QLabel* m_warningBanner = nullptr;
    QSplitter* m_splitter = nullptr;
    QScrollArea* m_scroll = nullptr;
    ConfigForm* m_form = nullptr;
    TemperaturePreview* m_preview = nullptr;
};

}  // namespace slb
