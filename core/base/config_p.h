#pragma once
// Helpers shared by the config's registry (configfields.cpp) and its JSON (config.cpp).

#include <charconv>
#include <string>
#include <vector>

namespace slb::configdetail {

inline const std::vector<std::string>& knownModels() {
    static const std::vector<std::string> m = {"cnn", "lenet5", "resnet20", "vgg_small",
                                               "resnet18"};
    return m;
}
inline const std::vector<std::string>& knownDatasets() {
    static const std::vector<std::string> d = {"fashion-mnist", "mnist", "cifar10", "synthetic"};
    return d;
}

/// The shortest text that reads back as exactly v: 0.1, not 0.10000000000000001.
inline std::string fmtReal(double v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general);
    return std::string(buf, res.ptr);
}

inline bool parseReal(const std::string& text, double* out) {
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        if (used != text.size())
            return false;
        *out = v;
        return true;
    } catch (...) {
        return false;
    }
}

inline bool parseInt(const std::string& text, long long* out) {
    try {
        size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used != text.size())
            return false;
        *out = v;
        return true;
    } catch (...) {
        return false;
    }
}

inline std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i)
        s += (i ? sep : "") + v[i];
    return s;
}

}  // namespace slb::configdetail
