#pragma once
// Helpers shared by the libFuzzer harnesses: splitting one input into several files, and a
// scratch folder per process for readers that take paths.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace slb::fuzz {

/** The bytes before the first NUL and those after it (all of `data` and nothing when none). */
inline std::pair<std::string, std::string> splitAtNul(const std::uint8_t* data, std::size_t size) {
    const std::string all(reinterpret_cast<const char*>(data), size);
    const auto nul = all.find('\0');
    if (nul == std::string::npos)
        return {all, {}};
    return {all.substr(0, nul), all.substr(nul + 1)};
}

/** A folder of this process's own under the system's temp folder, made once. */
inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        auto d =
            std::filesystem::temp_directory_path() / ("slb-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

inline std::string writeFile(const std::string& name, const std::string& bytes) {
    const auto path = scratchDir() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), std::streamsize(bytes.size()));
    return path.string();
}

/** A crash-free refusal is the expected outcome of most inputs; a harness calls this when a
 *  reader broke one of its own promises, so that libFuzzer records the input. */
[[noreturn]] inline void broken(const char* what) {
    std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
    std::abort();
}

}  // namespace slb::fuzz
