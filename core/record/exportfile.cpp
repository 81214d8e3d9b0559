#include "record/exportfile.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace slb {

ExportProgress::ExportProgress(const std::function<bool(double)>& fn, std::size_t total)
    : m_fn(fn),
      m_total(std::max<std::size_t>(total, 1)),
      m_every(std::max<std::size_t>(m_total / 200, 1)) {}

bool ExportProgress::advance() {
    ++m_done;
    if (m_fn && !m_cancelled && (m_done % m_every == 0 || m_done == m_total)) {
        m_last = std::min(1.0, double(m_done) / double(m_total));
        m_cancelled = !m_fn(m_last);
    }
    return !m_cancelled;
}

void ExportProgress::finish() {
    if (m_fn && m_last < 1.0)
        m_fn(1.0);
}

bool finishExportFile(std::ofstream& file, bool ok, const std::string& tmp, const std::string& path,
                      const ExportProgress& progress, const std::string& readError,
                      const std::string& what, std::string* error) {
    file.flush();
    ok = ok && file.good();
    file.close();
    ok = ok && !file.fail();
    if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) {
        *error = "cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(errno);
        std::remove(tmp.c_str());
        return false;
    }
    if (ok)
        return true;
    std::remove(tmp.c_str());
    if (progress.cancelled())
        *error = what + " cancelled; nothing was written";
    else if (!readError.empty())
        *error = readError;
    else
        *error = "writing '" + path + "' failed (disk full?); nothing was replaced";
    return false;
}

}  // namespace slb
