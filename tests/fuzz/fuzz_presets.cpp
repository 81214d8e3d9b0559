// A preset file for the workbench's experiment panel: parsed, and every preset's config applied.
#include <cstdint>

#include <QByteArray>
#include <QString>

#include "presetlibrary.h"

// presetlibrary.cpp registers the workbench's resources for its built-in presets; the harness
// feeds preset files as input instead, so it links no resources.
int qInitResources_resources() {
    return 1;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    QString why;
    const slb::PresetLibrary l = slb::PresetLibrary::fromJson(
        QByteArray(reinterpret_cast<const char*>(data), int(size)), &why);
    for (const QString& id : l.ids()) {
        slb::RunConfig c;
        slb::PresetLibrary::configOf(*l.find(id), &c, &why);
    }
    return 0;
}
