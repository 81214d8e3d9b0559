#pragma once
// The machine's float32 ceiling on N threads, measured: GEMM and convolutions through every
// backend this LibTorch has (OpenBLAS, oneDNN) in both memory formats, and a peak-FMA
// microkernel as the hardware bound. Used by bench_suite.
#include <nlohmann/json.hpp>

namespace slb::bench {

/** {"gemm": [...], "conv": [...], "fma_gflops": x, "best_gflops": y, ...}; GFLOP/s medians. */
nlohmann::json measureCeiling(int threads);

}  // namespace slb::bench
