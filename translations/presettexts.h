#pragma once
// Not compiled: read by lupdate only. The names and descriptions of the built-in presets
// (resources/presets/presets.json), which the experiment panel shows through
// QCoreApplication::translate("Preset", text). tst_translation fails when this list and the
// presets differ, and prints the lines to add.

#include <QtGlobal>

// In presets.json's order.
[[maybe_unused]] static const char* const kPresetTexts[] = {
    // demo
    QT_TRANSLATE_NOOP("Preset", "One-minute demo"),
    QT_TRANSLATE_NOOP(
        "Preset",
        "SLB with 2-bit weights and float activations on a small CNN, Fashion-MNIST, 3 epochs: "
        "about a minute on two cores (54 s headless here, 3,400–3,900 images/s). T grows "
        "exponentially every iteration from 1 to 1000, so the weight distributions visibly sharpen "
        "to one-hot and W_c meets W_q by the end: measured W_c 89.73 %, W_q 89.65 %, the same in "
        "the workbench and in slb-train. Weight decay 0 (on the float first conv and classifier it "
        "cost about 0.5 pt in a 5-epoch W2 run). Snapshots every 25 steps for smooth distribution "
        "plots."),
    // guided-demo
    QT_TRANSLATE_NOOP("Preset", "Guided demo (with captions)"),
    QT_TRANSLATE_NOOP(
        "Preset",
        "The one-minute demo with a hard phase, narrated: captions across the window explain each "
        "phase as it happens (soft search at low T, T rising and the distributions sharpening, "
        "weights committing, the hard phase, state BN calibration, the final W_c against W_q). "
        "SLB, 2-bit weights, float activations, CNN, Fashion-MNIST, 3 epochs; T exp per iteration "
        "from 1 to 1000; the third epoch trains W_q itself. Measured in the workbench: W_c 89.37 "
        "%, W_q 89.28 %. Run ▸ Guided demo (Ctrl+D) starts it; tick \"Pause at each new caption\" "
        "to stop on each one."),
    // slb-w1
    QT_TRANSLATE_NOOP("Preset", "SLB binary weights (W1)"),
    QT_TRANSLATE_NOOP(
        "Preset",
        "SLB with weights in {−1, +1} on the CNN, Fashion-MNIST, 5 epochs, float activations: "
        "measured W_c 90.50 %, W_q 90.54 %. Binary is the hardest case: compare its W_q accuracy "
        "with W2 and W4. T: exp per iteration from 1 to 1000, as the paper's §4.1 exp scheduler, "
        "sharp enough to close the W_c/W_q gap without a hard phase. Weight decay 0 (it cost about "
        "0.5 pt on the float layers in a 5-epoch W2 run)."),
    // slb-w2
    QT_TRANSLATE_NOOP("Preset", "SLB 2-bit weights (W2)"),
    QT_TRANSLATE_NOOP("Preset",
                      "SLB with weights in {−1, −⅓, ⅓, 1} on the CNN, Fashion-MNIST, 5 epochs, "
                      "float activations: measured W_c 90.89 %, W_q 90.95 % with weight decay 0 "
                      "(with the default 5e-4: 90.35 % / 90.30 %). T: exp per iteration from 1 to "
                      "1000 (paper §4.1's exp scheduler)."),
    // slb-w4
    QT_TRANSLATE_NOOP("Preset", "SLB 4-bit weights (W4)"),
    QT_TRANSLATE_NOOP(
        "Preset",
        "SLB with 16 weight levels on the CNN, Fashion-MNIST, 5 epochs, float activations: "
        "measured W_c 91.07 %, W_q 91.08 %, level with the float network (90.75 %); watch 16-way "
        "distributions sharpen more slowly than binary ones. T: exp per iteration from 1 to 1000. "
        "Weight decay 0, as for W1 and W2."),
    // lsq-w2a2
    QT_TRANSLATE_NOOP("Preset", "LSQ W2A2"),
    QT_TRANSLATE_NOOP(
        "Preset",
        "LSQ with 2-bit weights and 2-bit activations on the CNN, Fashion-MNIST, 5 epochs; first "
        "conv and classifier at 8 bits (LSQ §2.3). lr 0.01 with cosine decay, LSQ's recipe for "
        "2-bit networks (§3); from scratch lr 0.1 reached only 83.37 %. Weight decay 1.25e-4: LSQ "
        "§3.1 found 2-bit networks best with a quarter of the full-precision weight decay (here a "
        "quarter of 5e-4). Measured: 86.40 % from scratch; 90.46 % when started from a 5-epoch "
        "float model (set init from to a float run's model.pt, as LSQ does)."),
    // resnet20-paper
    QT_TRANSLATE_NOOP("Preset", "ResNet20 on CIFAR-10 (SLB paper)"),
    QT_TRANSLATE_NOOP(
        "Preset",
        "The SLB authors' binary-weight ResNet20 recipe (paper §4, Table 1 W1/A32: 90.6 %): 500 "
        "epochs, SGD lr 0.1, batch 100, weight decay 1e-4 (authors' README); lr ×0.1 at epochs "
        "350, 440 and 475 (paper §4). T as in the authors' code: ×1.04 per epoch from epoch 200 to "
        "450 (README: speed 1.04 for W1/A32, start 0.4, end 0.9), then the hard phase; paper "
        "§4.1's exp 0.01 → 10 per iteration is the alternative. Many hours on a CPU; a GPU device "
        "helps. Choose the folder with the CIFAR-10 binary batches under data dir."),
};
