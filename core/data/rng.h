#pragma once
// Seeded randomness for data that must be identical on every platform and every run. The
// std:: distributions (uniform_int_distribution, normal_distribution, std::shuffle) are
// implementation-defined, so a dataset built with libstdc++ would differ from one built with
// libc++; only the engine std::mt19937_64 is fully specified. The few distributions needed are
// therefore written out here. Torch-free.

#include <cmath>
#include <cstdint>
#include <random>

namespace slb {

/** The splitmix64 finaliser: a bijective 64-bit mixer with good avalanche behaviour. */
inline std::uint64_t splitMix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/** A seed for an independent stream `stream` derived from `seed` (e.g. one per epoch). */
inline std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t stream) {
    return splitMix64(splitMix64(seed) ^ (stream * 0xd1b54a32d192ed03ULL + 0x632be59bd9b4e019ULL));
}

/** std::mt19937_64 with platform-independent uniform, bounded and normal draws. */
class Rng {
public:
    /** Same seed, same sequence, everywhere. */
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    /** 64 random bits. */
    std::uint64_t bits() { return m_engine(); }

    /** Uniform in [0, 1) with 53 bits of resolution. */
    double uniform() { return double(m_engine() >> 11) * (1.0 / 9007199254740992.0); }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    /** Uniform integer in [0, n) without modulo bias; n must be > 0. */
    std::uint64_t below(std::uint64_t n) {
        // Reject the top partial bucket so that every residue is equally likely.
        const std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const std::uint64_t r = m_engine();
            if (r >= threshold)
                return r % n;
        }
    }

    /** Uniform integer in [lo, hi] (inclusive). */
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + std::int64_t(below(std::uint64_t(hi - lo) + 1));
    }

    /** Standard normal (Box-Muller; one draw per call keeps the stream position simple). */
    double normal() {
        const double u1 = 1.0 - uniform();  // (0, 1]: log() stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    std::mt19937_64 m_engine;
};

}  // namespace slb
