// A config file as `slb-train --config FILE` and the presets read it. What is accepted and
// valid must write itself out and read back to the same config.
#include <cstdint>
#include <string>

#include "base/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    slb::RunConfig c;
    std::string why;
    if (!c.applyJson(text, &why) || !c.validate().empty())
        return 0;
    const std::string out = c.toJson();
    slb::RunConfig back;
    if (!slb::RunConfig::fromJson(out, &back, &why) || back.toJson() != out) {
        std::fprintf(stderr, "fuzz: a valid config does not read back: %s\n", why.c_str());
        std::abort();
    }
    return 0;
}
