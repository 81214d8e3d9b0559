#include "data/synthetic.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/rng.h"

namespace slb {

namespace {

// Stream numbers for mixSeed: prototypes and each split draw from their own stream, so the
// test set does not change when the train size does.
constexpr std::uint64_t kPrototypeStream = 0x70726f746fULL;
constexpr std::uint64_t kTrainStream = 0x747261696eULL;
constexpr std::uint64_t kTestStream = 0x74657374ULL;

// Per-sample variation. Tuned so that a nearest-class-mean classifier on raw pixels is well
// above chance but far from perfect, while a small convnet gets above 90 %.
constexpr double kNoiseSigma = 0.15;
constexpr double kDistractorWeight = 0.3;
constexpr double kMinContrast = 0.6;
constexpr double kMaxContrast = 1.0;
constexpr double kMaxBackground = 0.15;
constexpr double kPi = 3.141592653589793;

using Plane = std::vector<float>;  // size x size, values in [0, 1]

/** A class pattern: two Gaussian blobs and one soft bar at `angle`, scaled to a peak of 1. */
Plane makePrototype(Rng& rng, int size, double angle) {
    Plane p(std::size_t(size) * size, 0.0f);
    const double s = size;
    struct Blob {
        double cx, cy, sigma, amp;
    };
    Blob blobs[2];
    for (auto& b : blobs)
        b = {rng.uniform(0.2 * s, 0.8 * s), rng.uniform(0.2 * s, 0.8 * s),
             rng.uniform(0.08 * s, 0.2 * s), rng.uniform(0.5, 1.0)};
    const double nx = -std::sin(angle), ny = std::cos(angle);  // normal of the bar's line
    const double offset = rng.uniform(-0.25 * s, 0.25 * s);
    const double halfWidth = rng.uniform(0.05 * s, 0.1 * s);
    const double barAmp = rng.uniform(0.6, 1.0);
    float peak = 0.0f;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            double v = 0.0;
            for (const auto& b : blobs) {
                const double dx = x - b.cx, dy = y - b.cy;
                v += b.amp * std::exp(-(dx * dx + dy * dy) / (2 * b.sigma * b.sigma));
            }
            const double d = (x - s / 2) * nx + (y - s / 2) * ny - offset;
            v += barAmp * std::exp(-(d * d) / (2 * halfWidth * halfWidth));
            p[std::size_t(y) * size + x] = float(v);
            peak = std::max(peak, float(v));
        }
    for (auto& v : p)
        v /= peak;
    return p;
}

float shifted(const Plane& p, int size, int x, int y, int dx, int dy) {
    const int sx = x - dx, sy = y - dy;
    if (sx < 0 || sy < 0 || sx >= size || sy >= size)
        return 0.0f;
    return p[std::size_t(sy) * size + sx];
}

}  // namespace

ImageSet makeSynthetic(const SyntheticSpec& spec, SyntheticSplit split, std::int64_t n) {
    if (spec.classes < 2 || spec.channels < 1 || spec.size < 4 || n < 0)
        throw std::invalid_argument(
            "synthetic dataset: need >= 2 classes, >= 1 channel, size >= 4 and n >= 0, got " +
            std::to_string(spec.classes) + " classes, " + std::to_string(spec.channels) +
            " channels, size " + std::to_string(spec.size) + ", n " + std::to_string(n));
    const int size = spec.size, channels = spec.channels, classes = spec.classes;
    const std::size_t plane = std::size_t(size) * size;

    Rng protoRng(mixSeed(spec.seed, kPrototypeStream));
    std::vector<std::vector<Plane>> prototypes(classes);  // [class][channel]
    for (int k = 0; k < classes; ++k) {
        // Bars spread over the half circle, one orientation band per class: random blobs alone
        // can land close together, and then a seed would give two near-identical classes.
        const double angle = (k + protoRng.uniform(-0.25, 0.25)) * kPi / classes;
        for (int c = 0; c < channels; ++c)
            prototypes[k].push_back(makePrototype(protoRng, size, angle));
    }

    ImageSet set;
    set.images = torch::empty({n, channels, size, size}, torch::kUInt8);
    set.labels = torch::empty({n}, torch::kInt64);
    auto* pixels = set.images.data_ptr<std::uint8_t>();
    auto* labels = set.labels.data_ptr<std::int64_t>();

    Rng rng(mixSeed(spec.seed, split == SyntheticSplit::Train ? kTrainStream : kTestStream));
    const int maxShift = std::max(1, size / 8);
    for (std::int64_t i = 0; i < n; ++i) {
        const int label = int(i % classes);
        labels[i] = label;
        // The distractor is another class's pattern, faint and elsewhere: it makes raw-pixel
        // templates confusable without hiding the real pattern from a convnet.
        const int other = int((label + 1 + rng.below(classes - 1)) % classes);
        const int dx = int(rng.between(-maxShift, maxShift));
        const int dy = int(rng.between(-maxShift, maxShift));
        const int odx = int(rng.between(-2 * maxShift, 2 * maxShift));
        const int ody = int(rng.between(-2 * maxShift, 2 * maxShift));
        const double contrast = rng.uniform(kMinContrast, kMaxContrast);
        const double background = rng.uniform(0.0, kMaxBackground);
        for (int c = 0; c < channels; ++c) {
            const Plane& mine = prototypes[label][c];
            const Plane& theirs = prototypes[other][c];
            std::uint8_t* dst = pixels + (i * channels + c) * std::int64_t(plane);
            for (int y = 0; y < size; ++y)
                for (int x = 0; x < size; ++x) {
                    double v = background + contrast * shifted(mine, size, x, y, dx, dy) +
                               kDistractorWeight * shifted(theirs, size, x, y, odx, ody) +
                               kNoiseSigma * rng.normal();
                    v = std::clamp(v, 0.0, 1.0);
                    dst[y * size + x] = std::uint8_t(std::lround(v * 255.0));
                }
        }
    }
    return set;
}

}  // namespace slb
