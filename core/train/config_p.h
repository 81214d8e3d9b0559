#pragma once
// Helpers shared by the config's registry (configfields.cpp) and its JSON (config.cpp).

#include <limits>
#include <sstream>
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

inline std::string fmtReal(double v) {
    std::ostringstream s;
    s.precision(std::numeric_limits<double>::max_digits10);
    s << v;
    return s.str();
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
