#include "record/snapshotcodec.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace slb {

namespace {

constexpr std::uint8_t kCodecVersion = 1;

// Explicit little-endian bytes rather than a memcpy of the struct: the file must read the same
// on any host, and LayerSnapshot's layout (padding, vectors) is not a file format.
class ByteWriter {
public:
    explicit ByteWriter(std::vector<unsigned char>& out) : m_out(out) {}

    template <class T>
    void put(T v) {
        static_assert(std::is_arithmetic_v<T>);
        using U =
            std::conditional_t<sizeof(T) == 8, std::uint64_t,
                               std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint8_t>>;
        static_assert(sizeof(T) == sizeof(U));
        U bits;
        std::memcpy(&bits, &v, sizeof bits);
        for (std::size_t i = 0; i < sizeof bits; ++i)
            m_out.push_back((bits >> (8 * i)) & 0xff);
    }
    void putBool(bool b) { put<std::uint8_t>(b ? 1 : 0); }
    void putString(const std::string& s) {
        put<std::uint32_t>(std::uint32_t(s.size()));
        m_out.insert(m_out.end(), s.begin(), s.end());
    }
    template <class T>
    void putVector(const std::vector<T>& v) {
        put<std::uint32_t>(std::uint32_t(v.size()));
        for (const T& x : v)
            put<T>(x);
    }

private:
    std::vector<unsigned char>& m_out;
};

class ByteReader {
public:
    ByteReader(const unsigned char* p, std::size_t n) : m_p(p), m_end(p + n) {}

    template <class T>
    bool get(T* v) {
        using U =
            std::conditional_t<sizeof(T) == 8, std::uint64_t,
                               std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint8_t>>;
        if (std::size_t(m_end - m_p) < sizeof(U))
            return false;
        U bits = 0;
        for (std::size_t i = 0; i < sizeof bits; ++i)
            bits |= U(m_p[i]) << (8 * i);
        m_p += sizeof bits;
        std::memcpy(v, &bits, sizeof bits);
        return true;
    }
    bool getBool(bool* b) {
        std::uint8_t v = 0;
        if (!get(&v) || v > 1)
            return false;
        *b = v == 1;
        return true;
    }
    bool getString(std::string* s) {
        std::uint32_t n = 0;
        if (!get(&n) || std::size_t(m_end - m_p) < n)
            return false;
        s->assign(reinterpret_cast<const char*>(m_p), n);
        m_p += n;
        return true;
    }
    template <class T>
    bool getVector(std::vector<T>* v) {
        std::uint32_t n = 0;
        // Check the count against the bytes left before allocating: a damaged count must not
        // turn into a multi-gigabyte allocation.
        if (!get(&n) || std::size_t(m_end - m_p) / sizeof(T) < n)
            return false;
        v->resize(n);
        for (auto& x : *v)
            if (!get(&x))
                return false;
        return true;
    }
    bool atEnd() const { return m_p == m_end; }

private:
    const unsigned char* m_p;
    const unsigned char* m_end;
};

void putLsq(ByteWriter& w, const LsqSnapshot& q) {
    w.put<std::int32_t>(q.bits);
    w.putBool(q.isSigned);
    w.put(q.step);
    w.put(q.qn);
    w.put(q.qp);
    w.put(q.clippedShare);
    w.putVector(q.hist);
    w.put(q.histLow);
    w.put(q.histHigh);
    w.putBool(q.valid);
}

bool getLsq(ByteReader& r, LsqSnapshot* q) {
    std::int32_t bits = 0;
    const bool ok = r.get(&bits) && r.getBool(&q->isSigned) && r.get(&q->step) && r.get(&q->qn) &&
                    r.get(&q->qp) && r.get(&q->clippedShare) && r.getVector(&q->hist) &&
                    r.get(&q->histLow) && r.get(&q->histHigh) && r.getBool(&q->valid);
    q->bits = bits;
    return ok;
}

}  // namespace

std::vector<unsigned char> encodeLayerSnapshot(const LayerSnapshot& s) {
    std::vector<unsigned char> out;
    out.reserve(
        256 + 4 * (s.slb.trackedProbs.size() + s.lsqWeight.hist.size() + s.activation.hist.size()));
    ByteWriter w(out);
    w.put(kCodecVersion);
    w.putString(s.layer);
    w.put<std::uint8_t>(s.kind == LayerSnapshot::Kind::Slb ? 0 : 1);
    w.put<std::int64_t>(s.step);
    w.put<std::int64_t>(s.numWeights);
    const SlbSnapshot& b = s.slb;
    w.put<std::int32_t>(b.bits);
    w.put(b.temperature);
    w.putVector(b.values);
    w.putVector(b.meanProb);
    w.putVector(b.argmaxShare);
    w.putVector(b.maxProbHist);
    w.put(b.meanEntropy);
    w.put(b.sharpShare);
    w.put(b.gap);
    w.putVector(b.trackedIndex);
    w.putVector(b.trackedProbs);
    putLsq(w, s.lsqWeight);
    putLsq(w, s.activation);
    return out;
}

bool decodeLayerSnapshot(const unsigned char* data, std::size_t size, LayerSnapshot* out,
                         std::string* error) {
    auto fail = [&](const char* why) {
        if (error)
            *error = std::string("layer snapshot blob: ") + why;
        return false;
    };
    ByteReader r(data, size);
    std::uint8_t version = 0;
    if (!r.get(&version))
        return fail("empty");
    if (version != kCodecVersion)
        return fail("unknown encoding version (written by a newer SLB Workbench?)");
    LayerSnapshot s;
    std::uint8_t kind = 0;
    if (!r.getString(&s.layer) || !r.get(&kind) || kind > 1 || !r.get(&s.step) ||
        !r.get(&s.numWeights))
        return fail("damaged header");
    s.kind = kind == 0 ? LayerSnapshot::Kind::Slb : LayerSnapshot::Kind::Lsq;
    SlbSnapshot& b = s.slb;
    std::int32_t bits = 0;
    if (!r.get(&bits) || !r.get(&b.temperature) || !r.getVector(&b.values) ||
        !r.getVector(&b.meanProb) || !r.getVector(&b.argmaxShare) || !r.getVector(&b.maxProbHist) ||
        !r.get(&b.meanEntropy) || !r.get(&b.sharpShare) || !r.get(&b.gap) ||
        !r.getVector(&b.trackedIndex) || !r.getVector(&b.trackedProbs))
        return fail("damaged SLB part");
    b.bits = bits;
    if (!getLsq(r, &s.lsqWeight) || !getLsq(r, &s.activation))
        return fail("damaged LSQ part");
    if (!r.atEnd())
        return fail("trailing bytes");
    *out = std::move(s);
    return true;
}

}  // namespace slb
