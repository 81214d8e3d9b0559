#pragma once
// The one exception type of core/data. Torch-free.

#include <stdexcept>
#include <string>

namespace slb {

/** A dataset file is missing, corrupt or inconsistent; what() names the file, the problem and,
 *  where there is one, the fix. */
class DataError : public std::runtime_error {
public:
    /** A message of the form "<path>: <problem>", so that every report starts with the file. */
    DataError(const std::string& path, const std::string& problem)
        : std::runtime_error(path + ": " + problem), m_path(path) {}

    /** The file (or, for errors found after loading, the dataset name) the error is about. */
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace slb
