#include "dist/communicator.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace slb {

namespace {

thread_local Communicator* t_current = nullptr;

std::string text(const std::vector<std::uint8_t>& v) {
    return std::string(v.begin(), v.end());
}
std::vector<std::uint8_t> bytes(const std::string& s) {
    return std::vector<std::uint8_t>(s.begin(), s.end());
}

/** The first line of a c10d/gloo message, without its source location "[file.cc:123] ". */
std::string shortReason(const std::string& what) {
    std::string s = what.substr(0, what.find('\n'));
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find("] ");
        if (close != std::string::npos)
            s = s.substr(close + 2);
    }
    return s;
}

bool isLoopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

}  // namespace

bool parseMaster(const std::string& text, std::string* host, int* port, std::string* error) {
    const auto colon = text.rfind(':');
    const auto fail = [&](const std::string& why) {
        if (error)
            *error = "--master " + text + ": " + why + " (expected HOST:PORT, e.g. 10.0.0.1:29500)";
        return false;
    };
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        return fail("no host or port");
    const std::string p = text.substr(colon + 1);
    if (p.size() > 5 || !std::all_of(p.begin(), p.end(), [](char c) { return std::isdigit(c); }))
        return fail("the port is not a number");
    const int value = std::stoi(p);
    if (value < 1 || value > 65535)
        return fail("the port is out of range 1..65535");
    *host = text.substr(0, colon);
    *port = value;
    return true;
}

struct Communicator::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    // The concrete type, not c10d::ProcessGroup: from LibTorch 2.0 on, ProcessGroupGloo is a
    // c10d::Backend and no longer a ProcessGroup; its collectives are the same in both.
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    std::chrono::milliseconds timeout{0};
    std::string host;
    int port = 0;
};

namespace {

class GlooPending : public Communicator::Pending {
public:
    GlooPending(Communicator* owner, c10::intrusive_ptr<c10d::Work> work)
        : m_owner(owner), m_work(std::move(work)) {}
    void wait() override {
        try {
            m_work->wait();
        } catch (const std::exception& e) {
            throw DistError(m_owner->failureMessage(e.what()));
        }
    }

private:
    Communicator* m_owner;
    c10::intrusive_ptr<c10d::Work> m_work;
};

}  // namespace

Communicator::Communicator(const DistOptions& o, torch::Device device)
    : d(std::make_unique<Impl>()), m_rank(o.rank), m_worldSize(o.worldSize) {
    const std::string who = "rank " + std::to_string(o.rank) + " of " + std::to_string(o.worldSize);
    if (o.worldSize < 1)
        throw DistError("--world-size " + std::to_string(o.worldSize) + " must be at least 1");
    if (o.rank < 0 || o.rank >= o.worldSize)
        throw DistError("--rank " + std::to_string(o.rank) + " is out of range for --world-size " +
                        std::to_string(o.worldSize) + " (0.." + std::to_string(o.worldSize - 1) +
                        ")");
    std::string error;
    if (!parseMaster(o.master, &d->host, &d->port, &error))
        throw DistError(error);
    m_backend = o.backend == "auto" ? (device.is_cuda() ? "nccl" : "gloo") : o.backend;
    if (m_backend == "nccl") {
        // Debian's LibTorch is a CPU build: ProcessGroupNCCL is not compiled in.
        if (!device.is_cuda())
            throw DistError("backend nccl needs a GPU on every rank; this rank trains on " +
                            device.str() + " (use --dist-backend gloo)");
        m_backend = "gloo";  // gloo reduces CUDA tensors too; NCCL needs a CUDA LibTorch build
    } else if (m_backend != "gloo") {
        throw DistError("dist_backend: '" + o.backend + "' is not one of auto, gloo, nccl");
    }
    d->timeout = o.timeout;

    c10d::TCPStoreOptions so;
    so.port = std::uint16_t(d->port);
    so.isServer = o.rank == 0 && !o.storeIsExternal;
    so.numWorkers = c10::nullopt;
    so.waitWorkers = false;
    so.timeout = o.timeout;
    try {
        d->store = c10::make_intrusive<c10d::TCPStore>(d->host, so);
    } catch (const std::exception& e) {
        const std::string reason = shortReason(e.what());
        if (so.isServer)
            throw DistError(who + ": cannot serve the rendezvous at " + o.master + ": " + reason +
                            (reason.find("in use") != std::string::npos
                                 ? " (another job holds the port: pick another --master port)"
                                 : ""));
        throw DistError(who + ": cannot reach the rendezvous at " + o.master + " within " +
                        std::to_string(o.timeout.count() / 1000) + " s: " + reason +
                        " (is rank 0 running, and is --master its address?)");
    }

    try {
        // A rank number taken twice, or ranks that disagree on the world size, would otherwise
        // hang in the first collective.
        if (d->store->add("slb/rank/" + std::to_string(o.rank), 1) > 1)
            throw DistError(who + ": another process already joined this job as rank " +
                            std::to_string(o.rank) + " (give every process its own --rank)");
        d->store->set("slb/world/" + std::to_string(o.rank), bytes(std::to_string(o.worldSize)));
        d->store->add("slb/joined", 1);
        const int other = o.rank == 0 ? -1 : 0;
        for (int r = 0; r < o.worldSize; ++r) {
            if (r == o.rank || (other == 0 && r != 0))
                continue;
            const std::string key = "slb/world/" + std::to_string(r);
            // Polled rather than waited for, so that a job whose launcher saw a rank end before
            // it joined ends now, with the launcher's word, not after the whole timeout.
            const auto deadline = std::chrono::steady_clock::now() + o.timeout;
            while (!d->store->check({key})) {
                if (d->store->check({"slb/failed"}))
                    throw DistError(who + ": the job ended before every rank joined: " +
                                    text(d->store->get("slb/failed")));
                if (std::chrono::steady_clock::now() >= deadline)
                    throw std::runtime_error("timed out waiting for rank " + std::to_string(r));
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            const std::string theirs = text(d->store->get(key));
            if (theirs != std::to_string(o.worldSize)) {
                if (so.isServer)  // keep serving a moment, so that the other rank reads ours
                    std::this_thread::sleep_for(std::chrono::seconds(2));
                throw DistError("rank " + std::to_string(r) + " was started with --world-size " +
                                theirs + ", rank " + std::to_string(o.rank) + " with " +
                                std::to_string(o.worldSize) + " (start every rank with the same)");
            }
        }
    } catch (const DistError&) {
        throw;
    } catch (const std::exception& e) {
        std::int64_t joined = 0;
        try {
            joined = d->store->add("slb/joined", 0);
        } catch (...) {
        }
        throw DistError(
            who + ": only " + std::to_string(joined) + " of " + std::to_string(o.worldSize) +
            " processes joined the job at " + o.master + " within " +
            std::to_string(o.timeout.count() / 1000) +
            " s (start the missing ranks, or check --world-size): " + shortReason(e.what()));
    }

    try {
        auto go = c10d::ProcessGroupGloo::Options::create(o.timeout);
        go->devices.push_back(isLoopback(d->host)
                                  ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                  : c10d::ProcessGroupGloo::createDefaultDevice());
        go->threads = 2;
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("gloo/", d->store);
        d->group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, o.rank, o.worldSize, go);
    } catch (const std::exception& e) {
        throw DistError(who + ": cannot connect to the other ranks: " + shortReason(e.what()));
    }
}

Communicator::~Communicator() = default;

std::unique_ptr<Communicator::Pending> Communicator::allreduceSumAsync(torch::Tensor t) {
    std::vector<at::Tensor> v{std::move(t)};
    try {
        return std::make_unique<GlooPending>(this, d->group->allreduce(v));
    } catch (const std::exception& e) {
        throw DistError(failureMessage(e.what()));
    }
}

void Communicator::allreduceSum(const std::vector<torch::Tensor>& tensors) {
    std::vector<std::unique_ptr<Pending>> pending;
    pending.reserve(tensors.size());
    for (const auto& t : tensors)
        pending.push_back(allreduceSumAsync(t));
    for (auto& p : pending)
        p->wait();
}

void Communicator::barrier(std::chrono::milliseconds timeout) {
    // An allreduce rather than ProcessGroup::barrier, whose Gloo version takes no timeout.
    std::vector<at::Tensor> v{torch::zeros({1})};
    c10d::AllreduceOptions ao;
    ao.timeout = timeout;
    GlooPending(this, d->group->allreduce(v, ao)).wait();
}

void Communicator::broadcast(const std::vector<torch::Tensor>& tensors, int root) {
    for (const auto& t : tensors) {
        std::vector<at::Tensor> v{t};
        c10d::BroadcastOptions bo;
        bo.rootRank = root;
        GlooPending(this, d->group->broadcast(v, bo)).wait();
    }
}

void Communicator::publishStep(std::int64_t step) {
    m_lastStep = step;
}

std::string Communicator::describeFailure() {
    try {
        if (d->store->check({"slb/failed"}))
            return text(d->store->get("slb/failed"));  // the launcher saw a rank end
        // Every rank that noticed the failure says so; the ranks that stay silent are the lost
        // ones (dead, stopped, or cut off).
        d->store->set("slb/noticed/" + std::to_string(m_rank), bytes(std::to_string(m_lastStep)));
        std::vector<int> silent;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        do {
            silent.clear();
            for (int r = 0; r < m_worldSize; ++r)
                if (r != m_rank && !d->store->check({"slb/noticed/" + std::to_string(r)}))
                    silent.push_back(r);
            if (silent.empty())
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        } while (std::chrono::steady_clock::now() < deadline);
        if (d->store->check({"slb/failed"}))
            return text(d->store->get("slb/failed"));
        std::string who;
        for (std::size_t i = 0; i < silent.size(); ++i)
            who += (i == 0                   ? ""
                    : i + 1 == silent.size() ? " and "
                                             : ", ") +
                   std::to_string(silent[i]);
        if (silent.empty())
            return {};
        return std::string(silent.size() == 1 ? "rank " : "ranks ") + who +
               " stopped answering after step " + std::to_string(m_lastStep);
    } catch (...) {
        // The store is served by rank 0 or the launcher: when that is gone, so is the word.
        return "the rendezvous at " + d->host + ":" + std::to_string(d->port) +
               " is gone too (rank 0 or the launcher ended)";
    }
}

std::string Communicator::failureMessage(const std::string& backendText) {
    const std::string known = describeFailure();
    return "rank " + std::to_string(m_rank) + " of " + std::to_string(m_worldSize) +
           ": the job lost a rank" + (known.empty() ? "" : ": " + known) + " (" +
           shortReason(backendText) +
           "); slb-train resume continues the run from its last checkpoint";
}

Communicator* currentCommunicator() {
    return t_current;
}

CommunicatorScope::CommunicatorScope(Communicator* c) : m_previous(t_current) {
    t_current = c;
}
CommunicatorScope::~CommunicatorScope() {
    t_current = m_previous;
}

}  // namespace slb

namespace slb {

struct RendezvousServer::Impl {
    c10::intrusive_ptr<c10d::TCPStore> store;
};

RendezvousServer::RendezvousServer(std::chrono::milliseconds timeout)
    : d(std::make_unique<Impl>()) {
    c10d::TCPStoreOptions so;
    so.port = 0;  // the system picks a free one
    so.isServer = true;
    so.waitWorkers = false;
    so.timeout = timeout;
    try {
        d->store = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", so);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot serve the job's rendezvous on 127.0.0.1: " +
                                 shortReason(e.what()));
    }
}

RendezvousServer::~RendezvousServer() = default;

std::string RendezvousServer::address() const {
    return "127.0.0.1:" + std::to_string(d->store->getPort());
}

void RendezvousServer::announceFailure(const std::string& why) {
    try {
        d->store->set("slb/failed", bytes(why));
    } catch (...) {
        // The ranks then name the failure from their own view.
    }
}

}  // namespace slb
