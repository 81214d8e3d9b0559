#pragma once
// JSON forms of the events that the run store keeps as text (run starts) or exports (snapshots,
// lifecycle). Private to core/record; torch-free; callable from any thread. Non-finite numbers
// become JSON null (JSON has no NaN or infinity).

#include <string>

#include "base/events.h"

namespace slb {

/** Every field of a RunStartedEvent as a JSON object (compact). */
std::string runStartedToJson(const RunStartedEvent& e);
/** The inverse of runStartedToJson; false and *error on malformed text. */
bool runStartedFromJson(const std::string& json, RunStartedEvent* out, std::string* error);
/** Every field of a LayerSnapshot as a JSON object (compact); floats keep their exact value. */
std::string layerSnapshotToJson(const LayerSnapshot& s);
/** A lifecycle event as a JSON object (compact). */
std::string lifecycleToJson(const LifecycleEvent& e);

}  // namespace slb
