#pragma once
// Data-parallel communication between the processes of one training job, over LibTorch's c10d
// (a TCPStore for the rendezvous, ProcessGroupGloo for the collectives). Torch-facing.
//
// Every failure of the job's communication (a rank that died, hangs, never joins, was started
// with another world size) surfaces as a DistError whose message names the rank it concerns
// and what to do, never as a silent hang: every wait is bounded by the job's timeout.

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/types.h>

#include "dist/distoptions.h"

namespace slb {

/** A failure of the job's communication; what() is the message for the user. */
class DistError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** One rank's membership of a job. Owner thread only, except where noted. */
class Communicator {
public:
    /** Joins the job: rendezvous, checks that every rank agrees on the world size and that no
     *  rank number is taken twice, then builds the process group. Throws DistError. */
    Communicator(const DistOptions& options, torch::Device device);
    ~Communicator();
    Communicator(const Communicator&) = delete;
    Communicator& operator=(const Communicator&) = delete;

    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }
    const std::string& backend() const { return m_backend; }

    /** A collective under way; wait() blocks until it completed everywhere (DistError). */
    class Pending {
    public:
        virtual ~Pending() = default;
        virtual void wait() = 0;
    };
    /** Starts summing `t` in place over every rank. Any thread that follows the collective
     *  order (the training thread, or autograd's on its behalf). */
    std::unique_ptr<Pending> allreduceSumAsync(torch::Tensor t);
    /** Sums every tensor in place over every rank (one collective per tensor). */
    void allreduceSum(const std::vector<torch::Tensor>& tensors);
    /** Waits until every rank got here, for up to `timeout` (longer than the job's: the other
     *  ranks wait while rank 0 evaluates and writes its checkpoint). */
    void barrier(std::chrono::milliseconds timeout);
    /** Copies rank `root`'s values of every tensor into the others'. */
    void broadcast(const std::vector<torch::Tensor>& tensors, int root = 0);

    /** Records that this rank completed `step` (for the failure messages). */
    void publishStep(std::int64_t step);
    /** What went wrong with the job, as far as the store knows: the launcher's word about a rank
     *  that ended, or the ranks that did not notice the failure within 2 s (the lost ones).
     *  Empty when nothing is known. */
    std::string describeFailure();

    /** The message of a communication failure that happened now: the store's explanation when it
     *  has one, with the backend's own text. */
    std::string failureMessage(const std::string& backendText);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    int m_rank = 0, m_worldSize = 1;
    std::string m_backend;
    std::int64_t m_lastStep = -1;
};

/**
 * The communicator of the data-parallel run on this thread, for the layers that must agree across
 * ranks (batch norm in training mode); null outside one. Set for its lifetime by a scope.
 */
Communicator* currentCommunicator();

class CommunicatorScope {
public:
    explicit CommunicatorScope(Communicator* c);
    ~CommunicatorScope();
    CommunicatorScope(const CommunicatorScope&) = delete;
    CommunicatorScope& operator=(const CommunicatorScope&) = delete;

private:
    Communicator* m_previous;
};

/** Temporarily no communicator (rank 0's own calibration or evaluation). */
class LocalOnlyScope : public CommunicatorScope {
public:
    LocalOnlyScope() : CommunicatorScope(nullptr) {}
};

}  // namespace slb
