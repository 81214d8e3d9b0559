#pragma once
// Not compiled: read by lupdate only. The help texts of the config fields (core/base/
// configfields.cpp, torch- and Qt-free), which the experiment form shows under each field through
// QCoreApplication::translate("ConfigField", help); the field names stay as they are, since they
// are what --set and slb-train's flags take. tst_translation fails when this list and the
// registry differ, and prints the lines to add.

#include <QtGlobal>

// In the registry's order.
[[maybe_unused]] static const char* const kConfigFieldHelp[] = {
    QT_TRANSLATE_NOOP("ConfigField", "network: cnn, lenet5, resnet20, vgg_small, resnet18"),
    QT_TRANSLATE_NOOP("ConfigField", "fp (float), slb or lsq"),
    QT_TRANSLATE_NOOP("ConfigField", "weight bits (SLB: 1, 2, 3, 4, 8; LSQ: 2..8)"),
    QT_TRANSLATE_NOOP("ConfigField", "activation bits (32: float activations)"),
    QT_TRANSLATE_NOOP(
        "ConfigField",
        "activation quantizer: auto (SLB: dorefa, LSQ: lsq), none, dorefa, pact, lsq"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "first conv: auto (SLB: float, LSQ: 8bit), float, 8bit, quant"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "classifier: auto (SLB: float, LSQ: 8bit), float, 8bit, quant"),
    QT_TRANSLATE_NOOP("ConfigField", "bits of first/last layers kept at 8bit"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "state BN discrete statistics: calibration (after each epoch) or iteration"),
    QT_TRANSLATE_NOOP("ConfigField", "batches of BN calibration (0: as many as the test set has)"),
    QT_TRANSLATE_NOOP("ConfigField", "initial clip value α of PACT"),
    QT_TRANSLATE_NOOP("ConfigField", "fashion-mnist, mnist, cifar10 or synthetic"),
    QT_TRANSLATE_NOOP("ConfigField", "dataset folder (default: the dataset's own)"),
    QT_TRANSLATE_NOOP("ConfigField", "use only the first N training images (0: all)"),
    QT_TRANSLATE_NOOP("ConfigField", "use only the first N test images (0: all)"),
    QT_TRANSLATE_NOOP("ConfigField", "random crop + flip: auto (cifar10 only), on, off"),
    QT_TRANSLATE_NOOP("ConfigField", "training epochs"),
    QT_TRANSLATE_NOOP("ConfigField", "training batch size"),
    QT_TRANSLATE_NOOP("ConfigField", "evaluation batch size"),
    QT_TRANSLATE_NOOP("ConfigField", "sgd or adam"),
    QT_TRANSLATE_NOOP("ConfigField", "peak learning rate"),
    QT_TRANSLATE_NOOP("ConfigField", "cosine, step or constant"),
    QT_TRANSLATE_NOOP("ConfigField", "learning rate changes every iteration or every epoch"),
    QT_TRANSLATE_NOOP("ConfigField", "cosine: final learning rate"),
    QT_TRANSLATE_NOOP(
        "ConfigField",
        "step: epochs (or fractions < 1 of the run) where lr is multiplied by lr_gamma"),
    QT_TRANSLATE_NOOP("ConfigField", "step: factor at each milestone"),
    QT_TRANSLATE_NOOP("ConfigField", "linear learning-rate warm-up, in epochs"),
    QT_TRANSLATE_NOOP("ConfigField", "SGD momentum"),
    QT_TRANSLATE_NOOP("ConfigField", "Nesterov momentum"),
    QT_TRANSLATE_NOOP("ConfigField", "L2 weight decay"),
    QT_TRANSLATE_NOOP("ConfigField", "weight decay on SLB's auxiliary tensors A"),
    QT_TRANSLATE_NOOP("ConfigField", "weight decay on BN parameters and biases"),
    QT_TRANSLATE_NOOP("ConfigField", "weight decay on LSQ step sizes and PACT α"),
    QT_TRANSLATE_NOOP("ConfigField", "label smoothing ε"),
    QT_TRANSLATE_NOOP("ConfigField", "Adam β1"),
    QT_TRANSLATE_NOOP("ConfigField", "Adam β2"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "SLB temperature schedule: exp, linear, sin, factor, constant"),
    QT_TRANSLATE_NOOP("ConfigField", "temperature changes every iteration or every epoch"),
    QT_TRANSLATE_NOOP("ConfigField", "exp/linear/sin: first inverse temperature Ts"),
    QT_TRANSLATE_NOOP("ConfigField", "exp/linear/sin: last inverse temperature Te"),
    QT_TRANSLATE_NOOP(
        "ConfigField",
        "exp/linear/sin: fraction of epochs where the hard phase starts (<= 0: none)"),
    QT_TRANSLATE_NOOP("ConfigField", "factor: initial inverse temperature T0"),
    QT_TRANSLATE_NOOP("ConfigField", "factor: growth per epoch f"),
    QT_TRANSLATE_NOOP("ConfigField", "factor: T starts growing at ⌊E·this⌋"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "factor: T stops growing and the hard phase starts at ⌊E·this⌋"),
    QT_TRANSLATE_NOOP("ConfigField", "factor: train with W_q from ⌊E·end⌋ on"),
    QT_TRANSLATE_NOOP("ConfigField", "random seed (weights, shuffling, augmentation)"),
    QT_TRANSLATE_NOOP("ConfigField", "CPU threads (0: one per core)"),
    QT_TRANSLATE_NOOP("ConfigField", "auto, cpu, cuda or cuda:N"),
    QT_TRANSLATE_NOOP("ConfigField", "run folder (default: runs/<time>-<model>-<method>)"),
    QT_TRANSLATE_NOOP("ConfigField", "start from this model file's float weights"),
    QT_TRANSLATE_NOOP("ConfigField", "float model file to distil from (LSQ §3.7)"),
    QT_TRANSLATE_NOOP("ConfigField", "weight of the distillation term"),
    QT_TRANSLATE_NOOP("ConfigField", "steps between layer snapshots"),
    QT_TRANSLATE_NOOP("ConfigField", "NHWC memory format for convolutions"),
};
