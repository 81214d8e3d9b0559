// Compiled with -ffast-math (see CMakeLists.txt) so that exp vectorises, and cloned per ISA.
// Rows are processed in blocks of kBlock, transposed so that every inner loop runs over rows:
// with m = 4 a loop over j is too short to vectorise, a loop over 64 rows is not. Inputs are
// finite and (a − max)·t ≤ 0, so exp never overflows and the sum is ≥ 1.
#include "quant/slbkernels.h"

#include <algorithm>
#include <cmath>

// Not under sanitizers: the clones' ifunc resolvers run while the dynamic loader relocates, before
// a sanitizer's runtime is up, and their instrumented code crashes there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define SLB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SLB_CLONES
#endif

namespace slb::kernels {

namespace {
constexpr std::int64_t kBlock = 64;
constexpr std::int64_t kMaxValues = 256;

/// Copies rows [i0, i0 + nb) of a into buf[j][r] and returns their maxima in mx.
inline void loadBlock(const float* a, std::int64_t i0, std::int64_t nb, std::int64_t m, float* buf,
                      float* mx) {
    const float* blk = a + i0 * m;
    for (std::int64_t r = 0; r < nb; ++r)
        for (std::int64_t j = 0; j < m; ++j)
            buf[j * kBlock + r] = blk[r * m + j];
    for (std::int64_t r = 0; r < nb; ++r)
        mx[r] = buf[r];
    for (std::int64_t j = 1; j < m; ++j)
        for (std::int64_t r = 0; r < nb; ++r)
            mx[r] = std::max(mx[r], buf[j * kBlock + r]);
}
}  // namespace

SLB_CLONES
void expectationRows(const float* a, const float* v, std::int64_t begin, std::int64_t end,
                     std::int64_t m, float t, float* wc) {
    float buf[kMaxValues * kBlock];
    float mx[kBlock], sum[kBlock], dot[kBlock];
    for (std::int64_t i0 = begin; i0 < end; i0 += kBlock) {
        const std::int64_t nb = std::min(kBlock, end - i0);
        loadBlock(a, i0, nb, m, buf, mx);
        for (std::int64_t r = 0; r < nb; ++r)
            sum[r] = dot[r] = 0.f;
        for (std::int64_t j = 0; j < m; ++j) {
            const float vj = v[j];
            for (std::int64_t r = 0; r < nb; ++r) {
                const float e = std::exp((buf[j * kBlock + r] - mx[r]) * t);
                sum[r] += e;
                dot[r] += e * vj;
            }
        }
        for (std::int64_t r = 0; r < nb; ++r)
            wc[i0 + r] = dot[r] / sum[r];
    }
}

SLB_CLONES
void expectationGradRows(const float* a, const float* v, const float* wc, const float* g,
                         std::int64_t begin, std::int64_t end, std::int64_t m, float t, float* ga) {
    float buf[kMaxValues * kBlock];
    float mx[kBlock], sum[kBlock], scale[kBlock];
    for (std::int64_t i0 = begin; i0 < end; i0 += kBlock) {
        const std::int64_t nb = std::min(kBlock, end - i0);
        loadBlock(a, i0, nb, m, buf, mx);
        for (std::int64_t r = 0; r < nb; ++r)
            sum[r] = 0.f;
        for (std::int64_t j = 0; j < m; ++j) {
            for (std::int64_t r = 0; r < nb; ++r) {
                const float e = std::exp((buf[j * kBlock + r] - mx[r]) * t);
                buf[j * kBlock + r] = e;
                sum[r] += e;
            }
        }
        for (std::int64_t r = 0; r < nb; ++r)
            scale[r] = t * g[i0 + r] / sum[r];
        for (std::int64_t j = 0; j < m; ++j) {
            const float vj = v[j];
            for (std::int64_t r = 0; r < nb; ++r)
                buf[j * kBlock + r] *= scale[r] * (vj - wc[i0 + r]);
        }
        float* out = ga + i0 * m;
        for (std::int64_t r = 0; r < nb; ++r)
            for (std::int64_t j = 0; j < m; ++j)
                out[r * m + j] = buf[j * kBlock + r];
    }
}

}  // namespace slb::kernels
