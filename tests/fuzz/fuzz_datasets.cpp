// Dataset files from anywhere: the first byte picks the reader and the sample limit.
//  - IDX (raw or gzip): the rest is split at the first "\n--\n" into the label file and the
//    image file (no marker: all of it is the label file, and the image file is empty);
//  - CIFAR-10 binary: the rest is one batch file.
// Every failure must be a DataError naming the file.
#include <cstdint>
#include <string>

#include "data/dataerror.h"
#include "data/readers.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const int mode = data[0] & 1;
    const std::int64_t limit = (data[0] >> 1) & 0x3f;  // 0: everything
    const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        if (mode == 0) {
            const auto cut = rest.find("\n--\n");
            const std::string labels = rest.substr(0, cut);
            const std::string images = cut == std::string::npos ? "" : rest.substr(cut + 4);
            const auto l = slb::fuzz::writeFile("labels-idx1-ubyte", labels);
            const auto i = slb::fuzz::writeFile("images-idx3-ubyte", images);
            const slb::ImageSet s = slb::readIdx(i, l, limit);
            if (s.images.size(0) != s.size())
                slb::fuzz::broken("IDX images and labels differ in count");
        } else {
            const auto f = slb::fuzz::writeFile("data_batch_1.bin", rest);
            const slb::ImageSet s = slb::readCifar10({f}, limit);
            if (s.size() > 0 && s.images.size(0) != s.size())
                slb::fuzz::broken("CIFAR images and labels differ in count");
        }
    } catch (const slb::DataError&) {
    }
    return 0;
}
