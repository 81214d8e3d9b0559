// A packed model as `slb-train eval` and the workbench read it: manifest.json (the bytes before
// the first NUL) and model.bin (the bytes after it). Every tensor is decoded against the blob.
#include <cstdint>

#include "base/config.h"
#include "fuzzinput.h"
#include "record/packedmanifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [manifest, blobText] = slb::fuzz::splitAtNul(data, size);
    const auto* blob = reinterpret_cast<const std::uint8_t*>(blobText.data());
    try {
        const slb::PackedManifest m = slb::parsePackedManifest(manifest, "manifest.json");
        slb::RunConfig c;
        std::string why;
        slb::RunConfig::fromJson(m.configJson, &c, &why);
        try {
            slb::checkPackedBlob(m, blob, blobText.size(), "model.bin");
        } catch (const slb::FileFormatError&) {
            // The evaluator stops here; the decoder must still be safe on a mismatched blob.
        }
        for (const auto& t : m.tensors) {
            try {
                const auto values = slb::decodePackedTensor(t, blob, blobText.size(), "m");
                if (values.size() != t.elements)
                    slb::fuzz::broken("decoded a tensor of the wrong size");
            } catch (const slb::FileFormatError&) {
            }
        }
    } catch (const slb::FileFormatError&) {
    }
    return 0;
}
