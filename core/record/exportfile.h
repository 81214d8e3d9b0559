#pragma once
// What the file exports of a run (TensorBoard events, distributions CSV) share: progress reported
// to a callback that can cancel, and a file written under a temporary name that replaces the
// target only when complete. Torch-free.

#include <cstddef>
#include <fstream>
#include <functional>
#include <string>

namespace slb {

/** Progress over `total` units, reported about 200 times at most; the callback returns false to
 *  cancel. */
class ExportProgress {
public:
    ExportProgress(const std::function<bool(double)>& fn, std::size_t total);
    /** One more unit done; false once the caller has cancelled. */
    bool advance();
    /** The export is complete: says 1 unless it already did. */
    void finish();
    bool cancelled() const { return m_cancelled; }

private:
    const std::function<bool(double)>& m_fn;
    std::size_t m_total, m_every, m_done = 0;
    double m_last = 0;
    bool m_cancelled = false;
};

/**
 * Closes `file`, written to `tmp`, and renames it to `path` when `ok` and the stream held up.
 * Otherwise removes `tmp` and sets *error: `what` was cancelled, `readError` (reading the run
 * failed) or a failed write. Nothing is left half-written either way.
 */
bool finishExportFile(std::ofstream& file, bool ok, const std::string& tmp, const std::string& path,
                      const ExportProgress& progress, const std::string& readError,
                      const std::string& what, std::string* error);

}  // namespace slb
