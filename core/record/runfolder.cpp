#include "record/runfolder.h"

#include <cctype>
#include <cerrno>
#include <cstring>

#include <sys/stat.h>

namespace slb {

std::string trimTrailingSlashes(std::string p) {
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    return p;
}

std::string parentFolder(const std::string& p) {
    const auto slash = p.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return p.substr(0, slash);
}

bool isDirectory(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool pathExists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

std::int64_t fileSize(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? std::int64_t(st.st_size) : -1;
}

std::string sqliteUri(const std::string& path, const char* query) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/-._~", c)) {
            uri += char(c);
        } else {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        }
    }
    return uri + "?" + query;
}

bool prepareNewRunFolder(const std::string& runDir, std::string* error) {
    if (runDir.empty()) {
        *error = "no run folder given; pass --out FOLDER";
        return false;
    }
    if (pathExists(runDir)) {
        if (isDirectory(runDir))
            return true;
        *error = "'" + runDir + "' exists and is not a folder; pick another --out";
        return false;
    }
    // Not mkdir -p: a missing parent is more often a typo in --out than a wish.
    const std::string parent = parentFolder(runDir);
    if (!pathExists(parent)) {
        *error = "cannot create run folder '" + runDir + "': its parent folder '" + parent +
                 "' does not exist; create it first or pick another --out";
        return false;
    }
    if (!isDirectory(parent)) {
        *error = "cannot create run folder '" + runDir + "': '" + parent +
                 "' is not a folder; pick another --out";
        return false;
    }
    if (::mkdir(runDir.c_str(), 0755) != 0 && errno != EEXIST) {
        const int err = errno;
        *error = "cannot create run folder '" + runDir + "': " + std::strerror(err) + "; make '" +
                 parent + "' writable or pick another --out";
        return false;
    }
    return true;
}

bool makeRunSubfolder(const std::string& path, std::string* error) {
    if (::mkdir(path.c_str(), 0755) == 0 || (errno == EEXIST && isDirectory(path)))
        return true;
    const int err = errno;
    *error = "cannot create '" + path + "': " + std::strerror(err) +
             "; make the run folder writable or pick another --out";
    return false;
}

}  // namespace slb
