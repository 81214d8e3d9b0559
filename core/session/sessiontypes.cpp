#include "session/sessiontypes.h"

namespace slb {

void registerSessionTypes() {
    static const bool once = [] {
        qRegisterMetaType<slb::RunConfig>();
        qRegisterMetaType<slb::RunStartedEvent>();
        qRegisterMetaType<slb::StepEvent>();
        qRegisterMetaType<slb::EpochEvent>();
        qRegisterMetaType<slb::SnapshotEvent>();
        qRegisterMetaType<slb::LifecycleEvent>();
        qRegisterMetaType<slb::RunStatus>();
        qRegisterMetaType<std::vector<slb::StepEvent>>();
        return true;
    }();
    (void)once;
}

}  // namespace slb
