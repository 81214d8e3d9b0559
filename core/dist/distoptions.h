#pragma once
// How a process joins a data-parallel training job (torch-free: the CLI and the Trainer's
// public header use it).

#include <chrono>
#include <string>

namespace slb {

/** Where and how a process joins a data-parallel job. */
struct DistOptions {
    int rank = 0;
    int worldSize = 1;
    /// "HOST:PORT" of the rendezvous store. Rank 0 serves it unless `storeIsExternal`.
    std::string master = "127.0.0.1:29500";
    /// True when another process (slb-train --nproc's launcher) serves the store.
    bool storeIsExternal = false;
    std::string backend = "auto";  ///< auto, gloo or nccl
    std::chrono::milliseconds timeout{std::chrono::seconds(120)};
};

/** Splits "HOST:PORT"; false and *error when it is not one. */
bool parseMaster(const std::string& text, std::string* host, int* port, std::string* error);

}  // namespace slb

#include <memory>

namespace slb {

/**
 * The rendezvous of a job served by a process that does not train (slb-train --nproc's
 * launcher): a store on the loopback interface, on a port the system picks, which outlives every
 * rank, so that the ranks still hear why the job ends when one of them dies. Throws
 * std::runtime_error when it cannot listen.
 */
class RendezvousServer {
public:
    explicit RendezvousServer(std::chrono::milliseconds timeout);
    ~RendezvousServer();
    RendezvousServer(const RendezvousServer&) = delete;
    RendezvousServer& operator=(const RendezvousServer&) = delete;
    /** "127.0.0.1:PORT", for --master. */
    std::string address() const;
    /** Tells every rank why the job ends (they put it into their failure message). */
    void announceFailure(const std::string& why);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace slb
