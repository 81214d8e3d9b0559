#pragma once
// The experiment presets shipped in resources/presets/presets.json: a JSON array of
// {"id", "name", "description", "config": {key: value}}. A preset is RunConfig{} with its keys
// applied through the config registry, so a preset can only name fields and values that slb-train
// accepts too. GUI thread only; torch-free.

#include <QString>
#include <QStringList>
#include <vector>

#include "base/config.h"

namespace slb {

/** One preset as stored: its config stays JSON text until applied. */
struct Preset {
    QString id;
    QString name;         ///< English, translated through QCoreApplication::translate("Preset")
    QString description;  ///< English, translated the same way
    QString configJson;   ///< the "config" object, compact JSON
};

class PresetLibrary {
public:
    /** The built-in presets (":/presets/presets.json"). */
    static const PresetLibrary& builtIn();

    /** Reads presets from a JSON file; on failure an empty library and *error. */
    static PresetLibrary fromFile(const QString& path, QString* error = nullptr);
    /** Reads presets from JSON text; on failure an empty library and *error. */
    static PresetLibrary fromJson(const QByteArray& json, QString* error = nullptr);

    const std::vector<Preset>& presets() const { return m_presets; }
    QStringList ids() const;
    /** The preset with this id, or null. */
    const Preset* find(const QString& id) const;

    /** RunConfig{} with the preset's keys applied; false and *error ("key: reason") if refused. */
    static bool configOf(const Preset& preset, RunConfig* out, QString* error = nullptr);

    /** The preset's name and description in the user's language. */
    static QString displayName(const Preset& preset);
    static QString displayDescription(const Preset& preset);

private:
    std::vector<Preset> m_presets;
};

}  // namespace slb
