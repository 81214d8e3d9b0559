#pragma once
// Process-wide settings that training on a small CPU needs. Torch-free.

namespace slb {

/**
 * Once per process, before the first training or evaluation step:
 *  - keeps glibc from serving every large tensor with a fresh mmap and unmapping it on free (a
 *    training step allocates and frees the same large buffers over and over; with the defaults
 *    each costs page faults and zeroing: on 2 cores 6 s of 21 s CPU in system time and 40 %
 *    fewer images/s);
 *  - runs OpenBLAS single-threaded: LibTorch already parallelises around its BLAS calls, and
 *    OpenBLAS's own threads fighting torch's for 2 cores cost lenet5 a third of its speed.
 * Does nothing where glibc or OpenBLAS are not in use.
 */
void tuneRuntimeForTraining();

/**
 * How many images an evaluation forward takes at once. On the CPU, no more than a training
 * batch: the large activations of a bigger piece pass glibc's largest mmap threshold (32 MiB)
 * and be mapped and unmapped afresh, layer after layer (a 500-image batch of `cnn` spent 2.5 s
 * of system time in page faults on 10,000 test images, more than its arithmetic). Training has
 * already sized the heap for a batch. Elsewhere (a GPU), the evaluation batch whole.
 */
int evaluationPiece(bool onCpu, int evalBatchSize, int trainBatchSize);

}  // namespace slb
