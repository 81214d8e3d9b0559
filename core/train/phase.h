#pragma once

#include <optional>

#include <ATen/record_function.h>

namespace slb {

/**
 * Marks the trainer's phases (data, forward, loss, backward, optimizer, ...) as user scopes of
 * LibTorch's profiler, so that a profile of a training window says where each step's time goes,
 * phase by phase, next to the per-op view (bench_suite profile). With no profiler on, entering a
 * phase costs one check of the profiler's callbacks.
 *
 * One phase at a time per marker: entering the next ends the one before; the destructor ends
 * the last. Used on the thread that runs the trainer only.
 */
class PhaseMarker {
public:
    PhaseMarker() = default;
    explicit PhaseMarker(const char* name) { enter(name); }
    PhaseMarker(const PhaseMarker&) = delete;
    PhaseMarker& operator=(const PhaseMarker&) = delete;

    /// `name` must outlive the phase (a string literal).
    void enter(const char* name) {
        m_scope.reset();
        m_scope.emplace(at::RecordScope::USER_SCOPE);
        if (m_scope->isActive())
            m_scope->before(name);
    }
    void leave() { m_scope.reset(); }

private:
    std::optional<at::RecordFunction> m_scope;
};

}  // namespace slb
