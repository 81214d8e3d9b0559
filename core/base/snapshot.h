#pragma once
// What a quantized layer looks like at one step, as plain values: what the trainer reports every
// logging interval, what RunStore records and what the panels draw. Torch-free.

#include <cstdint>
#include <string>
#include <vector>

namespace slb {

/** State of one SLB weight tensor (softmax over the discrete set V for every weight). */
struct SlbSnapshot {
    int bits = 0;
    double temperature = 1.0;        ///< inverse temperature T used for P
    std::vector<float> values;       ///< V, m = 2^bits entries
    std::vector<float> meanProb;     ///< mean of P_i over all weights, one per value of V
    std::vector<float> argmaxShare;  ///< share of weights whose argmax is v_i
    /// Histogram of max_i P_i over kMaxProbBins fixed bins spanning [1/m, 1]; shares sum to 1.
    std::vector<float> maxProbHist;
    double meanEntropy = 0;  ///< mean over weights of −Σ P log P (nats); log m when uniform
    double sharpShare = 0;   ///< share of weights with max P > 0.999
    double gap = 0;          ///< ‖W_q − W_c‖ / ‖W_q‖
    std::vector<std::int64_t> trackedIndex;  ///< flat indices of the tracked weights
    std::vector<float> trackedProbs;         ///< their P vectors, trackedIndex.size() × m

    static constexpr int kMaxProbBins = 20;
    /** Lower edge of the max-probability histogram: 1/m. */
    double maxProbLow() const { return values.empty() ? 0.0 : 1.0 / double(values.size()); }
};

/** State of one LSQ quantizer (weights or activations). */
struct LsqSnapshot {
    int bits = 0;
    bool isSigned = true;
    double step = 0;          ///< s
    double qn = 0, qp = 0;    ///< clip points in units of s: v/s ∈ [−Qn, Qp]
    double clippedShare = 0;  ///< share of values with v/s outside [−Qn, Qp]
    /// Histogram of v/s over kHistBins bins spanning [histLow, histHigh].
    std::vector<float> hist;
    double histLow = 0, histHigh = 0;
    bool valid = false;  ///< false until the quantizer has seen data

    static constexpr int kHistBins = 64;
};

/** One quantized layer at one step. */
struct LayerSnapshot {
    enum class Kind { Slb, Lsq };
    std::string layer;  ///< the model's name for the layer, e.g. "features.3"
    Kind kind = Kind::Slb;
    std::int64_t step = 0;
    std::int64_t numWeights = 0;
    SlbSnapshot slb;        ///< when kind == Slb
    LsqSnapshot lsqWeight;  ///< when kind == Lsq
    LsqSnapshot
        activation;  ///< the input-activation quantizer, if it is LSQ; valid == false if not
};

}  // namespace slb
