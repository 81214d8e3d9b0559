#include "presetlibrary.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// resources.qrc is compiled into the static slb_widgets library, whose resource initializer the
// linker drops unless someone refers to it. Outside any namespace, as Q_INIT_RESOURCE requires.
static void initWorkbenchResources() {
    Q_INIT_RESOURCE(resources);
}

namespace slb {

const PresetLibrary& PresetLibrary::builtIn() {
    static const PresetLibrary library = [] {
        initWorkbenchResources();
        QString error;
        PresetLibrary l = fromFile(QStringLiteral(":/presets/presets.json"), &error);
        if (!error.isEmpty())
            qWarning("presets: %s", qPrintable(error));
        return l;
    }();
    return library;
}

PresetLibrary PresetLibrary::fromFile(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + QStringLiteral(": ") + f.errorString();
        return {};
    }
    PresetLibrary l = fromJson(f.readAll(), error);
    if (error && !error->isEmpty())
        *error = path + QStringLiteral(": ") + *error;
    return l;
}

PresetLibrary PresetLibrary::fromJson(const QByteArray& json, QString* error) {
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return PresetLibrary{};
    };
    if (parse.error != QJsonParseError::NoError)
        return fail(parse.errorString());
    if (!doc.isArray())
        return fail(QStringLiteral("presets must be a JSON array"));
    PresetLibrary l;
    for (const QJsonValue& v : doc.array()) {
        const QJsonObject o = v.toObject();
        Preset p;
        p.id = o.value(QStringLiteral("id")).toString();
        p.name = o.value(QStringLiteral("name")).toString();
        p.description = o.value(QStringLiteral("description")).toString();
        if (p.id.isEmpty() || p.name.isEmpty() || !o.value(QStringLiteral("config")).isObject())
            return fail(QStringLiteral("every preset needs an id, a name and a config object"));
        if (l.find(p.id))
            return fail(QStringLiteral("preset id '%1' appears twice").arg(p.id));
        p.configJson = QString::fromUtf8(QJsonDocument(o.value(QStringLiteral("config")).toObject())
                                             .toJson(QJsonDocument::Compact));
        l.m_presets.push_back(p);
    }
    if (error)
        error->clear();
    return l;
}

QStringList PresetLibrary::ids() const {
    QStringList out;
    for (const Preset& p : m_presets)
        out << p.id;
    return out;
}

const Preset* PresetLibrary::find(const QString& id) const {
    for (const Preset& p : m_presets)
        if (p.id == id)
            return &p;
    return nullptr;
}

bool PresetLibrary::configOf(const Preset& preset, RunConfig* out, QString* error) {
    // From the defaults, not from the current form: a preset means the same run wherever the user
    // comes from, and whatever it leaves out is the registry's default.
    RunConfig c;
    std::string why;
    if (!c.applyJson(preset.configJson.toStdString(), &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    if (out)
        *out = c;
    return true;
}

QString PresetLibrary::displayName(const Preset& preset) {
    return QCoreApplication::translate("Preset", preset.name.toUtf8().constData());
}

QString PresetLibrary::displayDescription(const Preset& preset) {
    return QCoreApplication::translate("Preset", preset.description.toUtf8().constData());
}

}  // namespace slb
