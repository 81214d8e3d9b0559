#include "ceiling.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/autograd.h>

namespace slb::bench {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/**
 * GFLOP/s of `run` doing `flops` per call: two untimed calls, then `windows` windows of as many
 * calls as fill about 0.25 s each; the median and the best window.
 */
std::pair<double, double> rate(const std::function<void()>& run, double flops, int windows = 5) {
    run();
    run();
    const auto t0 = Clock::now();
    run();
    const double once = std::chrono::duration<double>(Clock::now() - t0).count();
    const int calls = std::max(1, int(0.25 / std::max(once, 1e-6)));
    std::vector<double> rates;
    for (int w = 0; w < windows; ++w) {
        const auto start = Clock::now();
        for (int i = 0; i < calls; ++i)
            run();
        const double s = std::chrono::duration<double>(Clock::now() - start).count();
        rates.push_back(flops * calls / s / 1e9);
    }
    return {median(rates), *std::max_element(rates.begin(), rates.end())};
}

nlohmann::json entry(const std::string& what, const std::string& backend, const std::string& layout,
                     std::pair<double, double> r) {
    return {{"what", what},
            {"backend", backend},
            {"layout", layout},
            {"gflops", r.first},
            {"best_gflops", r.second}};
}

nlohmann::json gemms() {
    nlohmann::json out = nlohmann::json::array();
    const std::int64_t n = 2048;
    const double flops = 2.0 * n * n * n;
    const at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
    at::Tensor c = at::empty({n, n});
    out.push_back(entry("gemm 2048x2048x2048", "OpenBLAS (at::mm)", "row-major",
                        rate([&] { at::mm_out(c, a, b); }, flops)));
    if (at::hasMKLDNN()) {
        // oneDNN's inner product: y = x · wᵀ with x in oneDNN's own layout.
        const at::Tensor x = a.to_mkldnn(), w = b.t().contiguous();
        out.push_back(entry("gemm 2048x2048x2048", "oneDNN (mkldnn_linear)", "oneDNN blocked",
                            rate([&] { (void)at::mkldnn_linear(x, w, {}); }, flops)));
    }
    return out;
}

struct ConvShape {
    std::int64_t n, c, k, side;
};

nlohmann::json convs() {
    nlohmann::json out = nlohmann::json::array();
    auto& ctx = at::globalContext();
    const bool mkldnnWas = ctx.userEnabledMkldnn();
    for (const ConvShape s : {ConvShape{32, 64, 64, 28}, ConvShape{8, 256, 256, 14}}) {
        const std::string what = "conv3x3 " + std::to_string(s.c) + "->" + std::to_string(s.k) +
                                 " @" + std::to_string(s.side) + "x" + std::to_string(s.side) +
                                 " batch " + std::to_string(s.n);
        const double forward = 2.0 * s.n * s.k * s.c * 9 * s.side * s.side;
        for (const bool oneDnn : {true, false}) {
            if (oneDnn && !at::hasMKLDNN())
                continue;
            ctx.setUserEnabledMkldnn(oneDnn);
            const std::string backend = oneDnn ? "oneDNN" : "native ATen (im2col + BLAS)";
            for (const bool last : {false, true}) {
                const auto format =
                    last ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
                const std::string layout = last ? "channels-last" : "NCHW";
                at::Tensor x = at::randn({s.n, s.c, s.side, s.side}).contiguous(format);
                at::Tensor w = at::randn({s.k, s.c, 3, 3}).contiguous(format);
                {
                    at::NoGradGuard noGrad;
                    out.push_back(
                        entry(what + " forward", backend, layout,
                              rate([&] { (void)at::conv2d(x, w, {}, 1, 1); }, forward, 3)));
                }
                // Training: forward, then the gradients of the input and of the weights.
                x.set_requires_grad(true);
                w.set_requires_grad(true);
                const at::Tensor g = at::ones({s.n, s.k, s.side, s.side}).contiguous(format);
                out.push_back(entry(what + " forward+backward", backend, layout,
                                    rate(
                                        [&] {
                                            at::Tensor y = at::conv2d(x, w, {}, 1, 1);
                                            torch::autograd::backward({y}, {g});
                                            x.mutable_grad().reset();
                                            w.mutable_grad().reset();
                                        },
                                        3 * forward, 3)));
            }
        }
    }
    ctx.setUserEnabledMkldnn(mkldnnWas);
    return out;
}

/// Twelve independent chains of 8-wide FMAs: enough to cover the FMA latency on both ports.
__attribute__((target("avx2,fma"))) double fmaLoop(std::int64_t iterations) {
    __m256 acc[12];
    for (int i = 0; i < 12; ++i)
        acc[i] = _mm256_set1_ps(float(i) * 1e-3f);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (std::int64_t it = 0; it < iterations; ++it) {
        for (int i = 0; i < 12; ++i)
            acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    }
    __m256 sum = acc[0];
    for (int i = 1; i < 12; ++i)
        sum = _mm256_add_ps(sum, acc[i]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, sum);
    return lanes[0];  // returned so that the loop is not optimised away
}

double peakFma(int threads) {
    if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("avx2"))
        return 0;
    const std::int64_t iterations = 100'000'000;
    const double flops = double(iterations) * 12 * 8 * 2 * threads;
    std::vector<double> rates;
    for (int w = 0; w < 3; ++w) {
        std::atomic<double> sink{0};
        const auto start = Clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&] { sink = sink + fmaLoop(iterations); });
        for (auto& t : pool)
            t.join();
        rates.push_back(flops / std::chrono::duration<double>(Clock::now() - start).count() / 1e9);
    }
    return *std::max_element(rates.begin(), rates.end());
}

}  // namespace

nlohmann::json measureCeiling(int threads) {
    at::set_num_threads(threads);
    nlohmann::json j;
    j["gemm"] = gemms();
    j["conv"] = convs();
    j["fma_gflops"] = peakFma(threads);
    double best = 0;
    std::string bestWhat;
    for (const char* group : {"gemm", "conv"}) {
        for (const auto& e : j[group]) {
            if (e["gflops"].get<double>() > best) {
                best = e["gflops"].get<double>();
                bestWhat = e["what"].get<std::string>() + ", " + e["backend"].get<std::string>() +
                           ", " + e["layout"].get<std::string>();
            }
        }
    }
    j["best_gflops"] = best;
    j["best_what"] = bestWhat;
    return j;
}

}  // namespace slb::bench
