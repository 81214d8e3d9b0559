#pragma once
// Deterministic, realistic run events for the run-store tests, the writer helper process and
// the benchmark: the same arguments always give the same events, so a test in one process can
// check exactly what another process recorded. Torch-free; header-only.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "base/config.h"
#include "base/events.h"

namespace slb::fixtures {

/** splitmix64: a tiny deterministic generator, so fixtures need no <random> state. */
inline std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/** A float in [0, 1) determined by (a, b, c). */
inline float unit(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0) {
    return float(mix(a * 1000003ull + b * 7919ull + c) >> 40) / float(1ull << 24);
}

/** A double in [0, 1) determined by (a, b), with all 53 bits used. */
inline double unitD(std::uint64_t a, std::uint64_t b) {
    return double(mix(a * 2654435761ull + b) >> 11) / double(1ull << 53);
}

/** Layer i of a model: even layers SLB at 2 bits, odd layers LSQ at 4 bits. */
inline std::string layerName(int i) {
    return "features." + std::to_string(3 * i + 1);
}
inline bool layerIsSlb(int i) {
    return i % 2 == 0;
}

inline RunStartedEvent runStarted(int numLayers = 10, std::int64_t startStep = 0) {
    RunStartedEvent e;
    e.configJson = RunConfig().toJson();
    e.device = "cpu";
    e.threads = 2;
    e.modelName = "resnet20";
    e.numParameters = 272474;
    e.numClasses = 10;
    e.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    e.trainSize = 60000;
    e.testSize = 10000;
    e.itersPerEpoch = 469;
    e.totalEpochs = 5;
    e.startStep = startStep;
    e.startEpoch = int(startStep / 469);
    for (int i = 0; i < numLayers; ++i) {
        LayerInfo l;
        l.name = layerName(i);
        l.kind = layerIsSlb(i) ? "slb" : "lsq";
        l.weightBits = layerIsSlb(i) ? 2 : 4;
        l.actBits = layerIsSlb(i) ? 32 : 4;
        l.shape = {16 << (i / 4), 16 << ((i - 1 < 0 ? 0 : i - 1) / 4), 3, 3};
        l.numWeights = l.shape[0] * l.shape[1] * 9;
        e.layers.push_back(l);
    }
    return e;
}

/** Step `step`; `salt` changes every value (a resumed run records different numbers). */
inline StepEvent step(std::int64_t step, std::int64_t itersPerEpoch = 100, int salt = 0) {
    StepEvent e;
    e.step = step;
    e.epoch = int(step / itersPerEpoch);
    e.loss = 2.3 * std::exp(-double(step) / 700.0) + 0.1 * unitD(step, 1 + salt);
    e.accuracy = unitD(step, 2 + salt);
    e.lr = 0.1 * std::cos(double(step) / 3000.0) + 1e-9 * salt;
    e.temperature = std::pow(1.2, double(step) / 100.0) + 0.25 * salt;
    e.hardPhase = step > 600;
    e.imagesPerSec = 480 + 40 * unitD(step, 3 + salt);
    e.elapsed = double(step) * 0.26 + unitD(step, 4 + salt);
    return e;
}

/** Epoch `epoch`, ending at global step (epoch+1)·itersPerEpoch − 1. Top-5 is NaN (≤ 5 classes
 *  in some datasets) on odd epochs, to exercise non-finite values. */
inline EpochEvent epoch(int epoch, std::int64_t itersPerEpoch = 100, int salt = 0) {
    EpochEvent e;
    e.epoch = epoch;
    e.step = (epoch + 1) * itersPerEpoch - 1;
    e.trainLoss = 1.0 / (epoch + 1.5) + unitD(epoch, 10 + salt) * 1e-3;
    e.trainAccuracy = 0.6 + 0.3 * unitD(epoch, 11 + salt);
    e.testLossSoft = 0.5 + unitD(epoch, 12 + salt);
    e.testLossHard = 0.6 + unitD(epoch, 13 + salt);
    e.testAccSoft = 0.8 + 0.1 * unitD(epoch, 14 + salt);
    e.testAccHard = 0.7 + 0.1 * unitD(epoch, 15 + salt);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    e.testTop5Soft = epoch % 2 ? nan : 0.99 + 0.01 * unitD(epoch, 16 + salt);
    e.testTop5Hard = epoch % 2 ? nan : 0.98 + 0.01 * unitD(epoch, 17 + salt);
    e.temperature = std::pow(1.2, epoch) + salt;
    e.lr = 0.1 / (epoch + 1);
    e.hardPhase = epoch >= 3;
    e.seconds = 120 + unitD(epoch, 18 + salt);
    e.imagesPerSec = 500 + unitD(epoch, 19 + salt);
    return e;
}

inline LsqSnapshot lsq(int bits, bool isSigned, std::uint64_t seed, bool valid) {
    LsqSnapshot q;
    q.bits = bits;
    q.isSigned = isSigned;
    q.step = 0.01 + 0.1 * unitD(seed, 1);
    q.qn = isSigned ? double(1 << (bits - 1)) : 0.0;
    q.qp = isSigned ? double((1 << (bits - 1)) - 1) : double((1 << bits) - 1);
    q.clippedShare = 0.05 * unitD(seed, 2);
    q.hist.resize(LsqSnapshot::kHistBins);
    for (size_t i = 0; i < q.hist.size(); ++i)
        q.hist[i] = unit(seed, 3, i);
    q.histLow = -q.qn - 2;
    q.histHigh = q.qp + 2;
    q.valid = valid;
    return q;
}

/** Layer i at `step`, with `tracked` tracked weights for SLB layers. */
inline LayerSnapshot layerSnapshot(int i, std::int64_t step, int tracked = 8, int salt = 0) {
    LayerSnapshot s;
    const std::uint64_t seed = std::uint64_t(step) * 131 + std::uint64_t(i) * 7 + salt;
    s.layer = layerName(i);
    s.step = step;
    s.numWeights = 2304 << (i / 4);
    if (layerIsSlb(i)) {
        s.kind = LayerSnapshot::Kind::Slb;
        SlbSnapshot& b = s.slb;
        b.bits = 2;
        const int m = 1 << b.bits;
        b.temperature = std::pow(1.2, double(step) / 100.0);
        for (int k = 0; k < m; ++k) {
            b.values.push_back(-1.0f + 2.0f * float(k) / float(m - 1));
            b.meanProb.push_back(unit(seed, 1, k));
            b.argmaxShare.push_back(unit(seed, 2, k));
        }
        for (int k = 0; k < SlbSnapshot::kMaxProbBins; ++k)
            b.maxProbHist.push_back(unit(seed, 3, k));
        b.meanEntropy = std::log(double(m)) * unitD(seed, 4);
        b.sharpShare = unitD(seed, 5);
        b.gap = 0.5 * unitD(seed, 6);
        for (int t = 0; t < tracked; ++t) {
            b.trackedIndex.push_back(std::int64_t(mix(std::uint64_t(i) * 100 + t) % 2304));
            for (int k = 0; k < m; ++k)
                b.trackedProbs.push_back(unit(seed, 7 + t, k));
        }
        s.activation.valid = false;
    } else {
        s.kind = LayerSnapshot::Kind::Lsq;
        s.lsqWeight = lsq(4, true, seed, true);
        s.activation = lsq(4, false, seed + 1, step > 0);
    }
    return s;
}

inline SnapshotEvent snapshot(std::int64_t step, int numLayers = 10, int tracked = 8,
                              std::int64_t itersPerEpoch = 100, int salt = 0) {
    SnapshotEvent e;
    e.step = step;
    e.epoch = int(step / itersPerEpoch);
    for (int i = 0; i < numLayers; ++i)
        e.layers.push_back(layerSnapshot(i, step, tracked, salt));
    return e;
}

/** Bitwise equality of doubles, except that any NaN equals any NaN (SQLite keeps no payload). */
inline bool same(double a, double b) {
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::memcmp(&a, &b, sizeof a) == 0;
}

/** Bitwise equality of floats. */
inline bool sameBits(float a, float b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

inline bool sameVec(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!sameBits(a[i], b[i]))
            return false;
    return true;
}

inline std::string diffLsq(const LsqSnapshot& a, const LsqSnapshot& b) {
    if (a.bits != b.bits)
        return "bits";
    if (a.isSigned != b.isSigned)
        return "isSigned";
    if (!same(a.step, b.step))
        return "step";
    if (!same(a.qn, b.qn) || !same(a.qp, b.qp))
        return "qn/qp";
    if (!same(a.clippedShare, b.clippedShare))
        return "clippedShare";
    if (!sameVec(a.hist, b.hist))
        return "hist";
    if (!same(a.histLow, b.histLow) || !same(a.histHigh, b.histHigh))
        return "histLow/High";
    if (a.valid != b.valid)
        return "valid";
    return {};
}

/** The first field in which two snapshots differ, empty when they are identical. */
inline std::string diffSnapshot(const LayerSnapshot& a, const LayerSnapshot& b) {
    if (a.layer != b.layer)
        return "layer";
    if (a.kind != b.kind)
        return "kind";
    if (a.step != b.step)
        return "step";
    if (a.numWeights != b.numWeights)
        return "numWeights";
    const SlbSnapshot &x = a.slb, &y = b.slb;
    if (x.bits != y.bits)
        return "slb.bits";
    if (!same(x.temperature, y.temperature))
        return "slb.temperature";
    if (!sameVec(x.values, y.values))
        return "slb.values";
    if (!sameVec(x.meanProb, y.meanProb))
        return "slb.meanProb";
    if (!sameVec(x.argmaxShare, y.argmaxShare))
        return "slb.argmaxShare";
    if (!sameVec(x.maxProbHist, y.maxProbHist))
        return "slb.maxProbHist";
    if (!same(x.meanEntropy, y.meanEntropy))
        return "slb.meanEntropy";
    if (!same(x.sharpShare, y.sharpShare))
        return "slb.sharpShare";
    if (!same(x.gap, y.gap))
        return "slb.gap";
    if (x.trackedIndex != y.trackedIndex)
        return "slb.trackedIndex";
    if (!sameVec(x.trackedProbs, y.trackedProbs))
        return "slb.trackedProbs";
    if (auto d = diffLsq(a.lsqWeight, b.lsqWeight); !d.empty())
        return "lsqWeight." + d;
    if (auto d = diffLsq(a.activation, b.activation); !d.empty())
        return "activation." + d;
    return {};
}

inline std::string diffStep(const StepEvent& a, const StepEvent& b) {
    if (a.step != b.step)
        return "step";
    if (a.epoch != b.epoch)
        return "epoch";
    if (!same(a.loss, b.loss))
        return "loss";
    if (!same(a.accuracy, b.accuracy))
        return "accuracy";
    if (!same(a.lr, b.lr))
        return "lr";
    if (!same(a.temperature, b.temperature))
        return "temperature";
    if (a.hardPhase != b.hardPhase)
        return "hardPhase";
    if (!same(a.imagesPerSec, b.imagesPerSec))
        return "imagesPerSec";
    if (!same(a.elapsed, b.elapsed))
        return "elapsed";
    return {};
}

inline std::string diffEpoch(const EpochEvent& a, const EpochEvent& b) {
    if (a.epoch != b.epoch)
        return "epoch";
    if (a.step != b.step)
        return "step";
    const double xa[] = {a.trainLoss,    a.trainAccuracy, a.testLossSoft,
                         a.testLossHard, a.testAccSoft,   a.testAccHard,
                         a.testTop5Soft, a.testTop5Hard,  a.temperature,
                         a.lr,           a.seconds,       a.imagesPerSec};
    const double xb[] = {b.trainLoss,    b.trainAccuracy, b.testLossSoft,
                         b.testLossHard, b.testAccSoft,   b.testAccHard,
                         b.testTop5Soft, b.testTop5Hard,  b.temperature,
                         b.lr,           b.seconds,       b.imagesPerSec};
    for (size_t i = 0; i < std::size(xa); ++i)
        if (!same(xa[i], xb[i]))
            return "value #" + std::to_string(i);
    if (a.hardPhase != b.hardPhase)
        return "hardPhase";
    return {};
}

inline std::string diffRunStarted(const RunStartedEvent& a, const RunStartedEvent& b) {
    if (a.configJson != b.configJson)
        return "configJson";
    if (a.device != b.device || a.threads != b.threads || a.modelName != b.modelName)
        return "device/threads/model";
    if (a.numParameters != b.numParameters || a.numClasses != b.numClasses)
        return "sizes";
    if (a.classNames != b.classNames)
        return "classNames";
    if (a.trainSize != b.trainSize || a.testSize != b.testSize)
        return "train/testSize";
    if (a.itersPerEpoch != b.itersPerEpoch || a.totalEpochs != b.totalEpochs)
        return "iters";
    if (a.startEpoch != b.startEpoch || a.startStep != b.startStep)
        return "start";
    if (a.layers.size() != b.layers.size())
        return "layers.size";
    for (size_t i = 0; i < a.layers.size(); ++i) {
        const LayerInfo &x = a.layers[i], &y = b.layers[i];
        if (x.name != y.name || x.kind != y.kind || x.weightBits != y.weightBits ||
            x.actBits != y.actBits || x.numWeights != y.numWeights || x.shape != y.shape)
            return "layers[" + std::to_string(i) + "]";
    }
    return {};
}

}  // namespace slb::fixtures
