#pragma once
// Averages the gradients of a data-parallel step over the ranks, in buckets that start their
// allreduce from the backward pass as soon as every gradient of the bucket is known, so that the
// communication overlaps the rest of the backward pass. Torch-facing.

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/types.h>

#include "dist/communicator.h"

namespace slb {

class GradientSync {
public:
    /** Buckets `parameters` (in reverse order: backward produces the last layers' gradients
     *  first) of at most `bucketBytes` each and hooks them. Keep alive while training. */
    GradientSync(Communicator& comm, std::vector<torch::Tensor> parameters,
                 std::int64_t bucketBytes = 1 << 20);
    ~GradientSync();
    GradientSync(const GradientSync&) = delete;
    GradientSync& operator=(const GradientSync&) = delete;

    /** Before backward(): forget the last step's gradients. */
    void beginStep();
    /** After backward(): reduces the buckets not yet started (parameters without a gradient this
     *  step, e.g. frozen ones, contribute nothing and keep none), waits for all, and leaves
     *  every defined gradient as the mean over the ranks. Throws DistError. */
    void finishStep();

    int bucketCount() const { return int(m_buckets.size()); }

private:
    struct Bucket {
        std::vector<std::size_t> members;  ///< indices into m_params
        torch::Tensor flat;                ///< float32 on the parameters' device
        int ready = 0;
        std::unique_ptr<Communicator::Pending> pending;
    };
    void onGradient(std::size_t param, const torch::Tensor& grad);

    Communicator& m_comm;
    std::vector<torch::Tensor> m_params;
    std::vector<std::int64_t> m_offset;  ///< of each parameter in its bucket's flat tensor
    std::vector<int> m_bucketOf;
    std::vector<char> m_seen;  ///< parameter got its gradient this step
    std::vector<unsigned> m_hooks;
    std::vector<Bucket> m_buckets;
};

}  // namespace slb
