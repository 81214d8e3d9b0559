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

}  // namespace slb
