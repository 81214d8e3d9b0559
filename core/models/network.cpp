#include "models/network.h"

#include <stdexcept>

#include "models/resnets.h"
#include "models/smallnets.h"

namespace slb {

Network buildModel(const ModelSpec& spec) {
    if (spec.inChannels < 1 || spec.inHeight < 1 || spec.inWidth < 1 || spec.numClasses < 2)
        throw std::invalid_argument("model input shape or class count is invalid");
    if (spec.name == "cnn")
        return std::make_shared<CnnImpl>(spec);
    if (spec.name == "lenet5")
        return std::make_shared<LeNet5Impl>(spec);
    if (spec.name == "resnet20")
        return std::make_shared<ResNet20Impl>(spec);
    if (spec.name == "resnet18")
        return std::make_shared<ResNet18Impl>(spec);
    if (spec.name == "vgg_small")
        return std::make_shared<VggSmallImpl>(spec);
    throw std::invalid_argument("unknown model '" + spec.name + "'");
}

std::int64_t parameterCount(const torch::nn::Module& m) {
    std::int64_t n = 0;
    for (const auto& p : m.parameters())
        n += p.numel();
    return n;
}

}  // namespace slb
