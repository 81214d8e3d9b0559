#include "models/modelspec.h"

namespace slb {

ModelSpec ModelSpec::asFloat() const {
    ModelSpec f = *this;
    f.method = Method::Float;
    f.abits = 32;
    f.actQuant = ActQuantKind::None;
    f.firstLayer = EdgeLayer::Float;
    f.lastLayer = EdgeLayer::Float;
    return f;
}

ModelSpec modelSpecFrom(const RunConfig& c, int channels, int height, int width, int classes) {
    ModelSpec s;
    s.name = c.model;
    s.method = c.method;
    s.wbits = c.wbits;
    s.abits = c.method == Method::Float ? 32 : c.abits;
    s.actQuant = c.resolvedActQuant();
    s.firstLayer = c.resolvedFirstLayer();
    s.lastLayer = c.resolvedLastLayer();
    s.edgeBits = c.edgeBits;
    s.pactAlpha = c.pactAlpha;
    s.inChannels = channels;
    s.inHeight = height;
    s.inWidth = width;
    s.numClasses = classes;
    return s;
}

const std::vector<std::string>& modelNames() {
    static const std::vector<std::string> names = {"cnn", "lenet5", "resnet20", "vgg_small",
                                                   "resnet18"};
    return names;
}

}  // namespace slb
