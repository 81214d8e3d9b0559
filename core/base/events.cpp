#include "base/events.h"

namespace slb {

const char* toString(RunStatus s) {
    switch (s) {
        case RunStatus::Started:
            return "started";
        case RunStatus::Paused:
            return "paused";
        case RunStatus::Resumed:
            return "resumed";
        case RunStatus::Stopped:
            return "stopped";
        case RunStatus::Finished:
            return "finished";
        case RunStatus::Diverged:
            return "diverged";
        case RunStatus::Failed:
            return "failed";
        case RunStatus::Interrupted:
            return "interrupted";
        case RunStatus::Steered:
            return "steered";
    }
    return "failed";
}

bool parseRunStatus(const std::string& s, RunStatus* out) {
    for (auto v : {RunStatus::Started, RunStatus::Paused, RunStatus::Resumed, RunStatus::Stopped,
                   RunStatus::Finished, RunStatus::Diverged, RunStatus::Failed,
                   RunStatus::Interrupted, RunStatus::Steered}) {
        if (s == toString(v)) {
            *out = v;
            return true;
        }
    }
    return false;
}

}  // namespace slb
