#pragma once
// A deterministic synthetic image dataset for tests and demos without files: each class is a
// fixed random pattern of blobs and a bar; samples add a shift, contrast, noise and a faint
// second pattern, so that a small convnet needs some steps to separate the classes.
// Torch-facing.

#include <cstdint>

#include "data/readers.h"

namespace slb {

/** Shape and seed of the synthetic dataset; the class patterns depend on all of these. */
struct SyntheticSpec {
    int classes = 10;
    int channels = 1;
    int size = 16;  ///< height = width
    std::uint64_t seed = 1;
};

/** Which part of the synthetic dataset to draw: the parts use independent random streams. */
enum class SyntheticSplit { Train, Test };

/** The first n samples of a split; labels cycle 0..classes-1 so every prefix is balanced. Equal
 *  arguments give bit-identical sets on every platform (std::mt19937_64, no torch RNG). */
ImageSet makeSynthetic(const SyntheticSpec& spec, SyntheticSplit split, std::int64_t n);

}  // namespace slb
