#include "train/runtimetuning.h"

#include <dlfcn.h>

#include <algorithm>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace slb {

void tuneRuntimeForTraining() {
    static std::once_flag once;
    std::call_once(once, [] {
#if defined(__GLIBC__)
        // Blocks up to 32 MiB (glibc's largest threshold) come from the heap; freed memory is
        // kept for reuse unless 1 GiB of it lies unused at the top of the heap.
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
        mallopt(M_TOP_PAD, 64 * 1024 * 1024);
#endif
        // libblas.so.3 is OpenBLAS when the alternatives point there (install-deps installs it);
        // look the setter up rather than link OpenBLAS, so any BLAS still works.
        using SetThreads = void (*)(int);
        if (auto set =
                reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(1);
    });
}

int evaluationPiece(bool onCpu, int evalBatchSize, int trainBatchSize) {
    const int whole = std::max(1, evalBatchSize);
    return onCpu && trainBatchSize > 0 ? std::min(whole, trainBatchSize) : whole;
}

}  // namespace slb
