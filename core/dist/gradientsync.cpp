#include "dist/gradientsync.h"

#include <algorithm>
#include <stdexcept>

namespace slb {

GradientSync::GradientSync(Communicator& comm, std::vector<torch::Tensor> parameters,
                           std::int64_t bucketBytes)
    : m_comm(comm), m_params(std::move(parameters)) {
    const std::size_t n = m_params.size();
    m_offset.assign(n, 0);
    m_bucketOf.assign(n, -1);
    m_seen.assign(n, 0);
    std::vector<std::int64_t> sizes;
    for (std::size_t k = n; k-- > 0;) {
        const auto& p = m_params[k];
        if (!p.requires_grad())
            continue;
        if (p.scalar_type() != torch::kFloat32)
            throw std::invalid_argument("GradientSync: parameters must be float32");
        const std::int64_t bytes = p.numel() * 4;
        if (m_buckets.empty() || (sizes.back() > 0 && sizes.back() + bytes > bucketBytes)) {
            m_buckets.emplace_back();
            sizes.push_back(0);
        }
        m_bucketOf[k] = int(m_buckets.size() - 1);
        m_offset[k] = sizes.back() / 4;
        sizes.back() += bytes;
        m_buckets.back().members.push_back(k);
    }
    for (std::size_t b = 0; b < m_buckets.size(); ++b)
        m_buckets[b].flat = torch::zeros(
            {sizes[b] / 4}, m_params[m_buckets[b].members.front()].options().requires_grad(false));
    for (std::size_t k = 0; k < n; ++k) {
        if (m_bucketOf[k] < 0) {
            m_hooks.push_back(0);
            continue;
        }
        m_hooks.push_back(m_params[k].register_hook(
            [this, k](const torch::Tensor& grad) { onGradient(k, grad); }));
    }
}

GradientSync::~GradientSync() {
    for (std::size_t k = 0; k < m_params.size(); ++k)
        if (m_bucketOf[k] >= 0)
            m_params[k].remove_hook(m_hooks[k]);
}

void GradientSync::beginStep() {
    for (auto& b : m_buckets) {
        b.ready = 0;
        b.pending.reset();
    }
    std::fill(m_seen.begin(), m_seen.end(), 0);
}

void GradientSync::onGradient(std::size_t k, const torch::Tensor& grad) {
    Bucket& b = m_buckets[std::size_t(m_bucketOf[k])];
    const auto& p = m_params[k];
    // The hook sees the gradient that AccumulateGrad then stores (gradients are cleared to none
    // before every backward), in whatever memory format it has.
    b.flat.narrow(0, m_offset[k], p.numel()).view(p.sizes()).copy_(grad);
    if (!m_seen[k]) {
        m_seen[k] = 1;
        ++b.ready;
    }
    if (b.ready == int(b.members.size()) && !b.pending) {
        // Every rank runs the same graph, so every rank starts its buckets in the same order.
        b.pending = m_comm.allreduceSumAsync(b.flat);
    }
}

void GradientSync::finishStep() {
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        Bucket& b = m_buckets[i];
        if (b.pending || b.ready == 0)
            continue;
        // Some of the bucket's parameters got no gradient: the same ones on every rank.
        for (std::size_t k : b.members)
            if (!m_seen[k])
                b.flat.narrow(0, m_offset[k], m_params[k].numel()).zero_();
        b.pending = m_comm.allreduceSumAsync(b.flat);
    }
    const double inv = 1.0 / double(m_comm.worldSize());
    for (auto& b : m_buckets) {
        if (!b.pending)
            continue;
        b.pending->wait();
        b.pending.reset();
        b.flat.mul_(inv);
        for (std::size_t k : b.members) {
            if (!m_seen[k])
                continue;
            auto& p = m_params[k];
            torch::Tensor g = p.mutable_grad();
            if (!g.defined())
                continue;
            g.copy_(b.flat.narrow(0, m_offset[k], p.numel()).view(p.sizes()));
        }
    }
}

}  // namespace slb
