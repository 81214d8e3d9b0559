#pragma once
// What a model is built from: architecture, quantization method and bits, and the input shape.
// Torch-free.

#include <string>

#include "base/config.h"

namespace slb {

/** The quantization spec and input shape a model is built for. */
struct ModelSpec {
    std::string name = "cnn";
    Method method = Method::Slb;
    int wbits = 2;
    int abits = 32;
    ActQuantKind actQuant = ActQuantKind::None;  ///< resolved (never Auto)
    EdgeLayer firstLayer = EdgeLayer::Float;     ///< resolved
    EdgeLayer lastLayer = EdgeLayer::Float;      ///< resolved
    int edgeBits = 8;
    double pactAlpha = 6.0;
    int inChannels = 1, inHeight = 28, inWidth = 28;
    int numClasses = 10;
    /// Build for a packed model: quantized layers become plain float layers (dequantized codes)
    /// that keep their input quantizers, and state BN becomes BN with the discrete statistics.
    bool deploy = false;

    /** The spec of the same architecture in float (for teachers and init-from sources). */
    ModelSpec asFloat() const;
};

/** Resolves the config's defaults against the dataset's shape. */
ModelSpec modelSpecFrom(const RunConfig& c, int channels, int height, int width, int classes);

/** Names of the models the zoo can build. */
const std::vector<std::string>& modelNames();

}  // namespace slb
