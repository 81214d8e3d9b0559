#pragma once
// The compact binary form of a LayerSnapshot stored in run.sqlite (snapshots.data). Every field
// of LayerSnapshot is kept bit for bit, so a snapshot read back equals the one written.
// Torch-free; callable from any thread (no shared state).
//
// Layout, little-endian, version 1:
//   u8 version (=1), str layer, u8 kind (0 slb, 1 lsq), i64 step, i64 numWeights,
//   slb:  i32 bits, f64 temperature, f32[] values, f32[] meanProb, f32[] argmaxShare,
//         f32[] maxProbHist, f64 meanEntropy, f64 sharpShare, f64 gap, i64[] trackedIndex,
//         f32[] trackedProbs
//   lsq × 2 (lsqWeight, activation): i32 bits, u8 isSigned, f64 step, f64 qn, f64 qp,
//         f64 clippedShare, f32[] hist, f64 histLow, f64 histHigh, u8 valid
// where str and T[] are a u32 count followed by the elements.

#include <cstddef>
#include <string>
#include <vector>

#include "base/snapshot.h"

namespace slb {

/** Serialises every field of s (version 1 layout above). */
std::vector<unsigned char> encodeLayerSnapshot(const LayerSnapshot& s);

/** Restores a snapshot; false (and *error) on a truncated, oversized or unknown-version blob. */
bool decodeLayerSnapshot(const unsigned char* data, std::size_t size, LayerSnapshot* out,
                         std::string* error);

}  // namespace slb
