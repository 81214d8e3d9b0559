#pragma once
// CPU kernels of SLB's softmax expectation over blocks of weights (internal to core/quant).
// Plain C++ on raw float arrays: the caller splits the rows over threads.

#include <cstdint>

namespace slb::kernels {

/** wc[i] = Σ_j softmax(t·a[i, :])_j · v[j] for rows [begin, end) of a (row length m ≤ 256). */
void expectationRows(const float* a, const float* v, std::int64_t begin, std::int64_t end,
                     std::int64_t m, float t, float* wc);

/** ga[i, j] = t · P_ij · (v[j] − wc[i]) · g[i], with P recomputed from a, rows [begin, end). */
void expectationGradRows(const float* a, const float* v, const float* wc, const float* g,
                         std::int64_t begin, std::int64_t end, std::int64_t m, float t, float* ga);

}  // namespace slb::kernels
