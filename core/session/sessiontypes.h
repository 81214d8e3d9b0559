#pragma once
// The engine's value types as Qt meta types, so that TrainingSession's signals can carry them
// through queued connections. Torch-free.

#include <QMetaType>
#include <vector>

#include "base/config.h"
#include "base/events.h"

Q_DECLARE_METATYPE(slb::RunConfig)
Q_DECLARE_METATYPE(slb::RunStartedEvent)
Q_DECLARE_METATYPE(slb::StepEvent)
Q_DECLARE_METATYPE(slb::EpochEvent)
Q_DECLARE_METATYPE(slb::SnapshotEvent)
Q_DECLARE_METATYPE(slb::LifecycleEvent)
Q_DECLARE_METATYPE(slb::RunStatus)
Q_DECLARE_METATYPE(std::vector<slb::StepEvent>)

namespace slb {

/** Registers the types above with Qt's meta-type system (idempotent; any thread). */
void registerSessionTypes();

}  // namespace slb
