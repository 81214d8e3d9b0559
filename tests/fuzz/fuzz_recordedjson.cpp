// The JSON a run records about itself (run info) and the snapshot blobs of run.sqlite, decoded as
// replay and follow decode them. The first byte picks which.
#include <cstdint>
#include <string>

#include "fuzzinput.h"
#include "record/eventjson.h"
#include "record/snapshotcodec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        slb::RunStartedEvent e;
        std::string why;
        if (!slb::runStartedFromJson(std::string(reinterpret_cast<const char*>(data + 1), size - 1),
                                     &e, &why) &&
            why.empty())
            slb::fuzz::broken("refused run info without saying why");
    } else {
        slb::LayerSnapshot s;
        std::string why;
        if (slb::decodeLayerSnapshot(data + 1, size - 1, &s, &why)) {
            // What decodes must encode to the same bytes: nothing is silently dropped.
            const auto again = slb::encodeLayerSnapshot(s);
            if (again.size() != size - 1 || !std::equal(again.begin(), again.end(), data + 1))
                slb::fuzz::broken("a decoded snapshot encodes differently");
        }
    }
    return 0;
}
