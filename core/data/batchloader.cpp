// The producer writes batches with plain loops over raw pointers into fresh tensors: no torch
// ops on the producer thread, so it never competes with training for the intra-op thread pool.
#include "data/batchloader.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "data/dataerror.h"
#include "data/rng.h"

namespace slb {

namespace {

constexpr int kPad = 4;  // crop offset range of the augmentation: [-kPad, kPad]
// Streams of the epoch's seed.
constexpr std::uint64_t kOrderStream = 1;
constexpr std::uint64_t kAugmentStream = 2;

std::string shapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (std::int64_t d = 0; d < t.dim(); ++d)
        s += (d ? ", " : "") + std::to_string(t.size(d));
    return s + "]";
}

}  // namespace

BatchLoader::BatchLoader(const ImageSet& set, const DatasetInfo& info, LoaderOptions options)
    : m_options(options) {
    const auto fail = [&](const std::string& what) {
        throw std::invalid_argument("BatchLoader(" + info.name + "): " + what);
    };
    if (!set.images.defined() || !set.labels.defined())
        fail("empty image set");
    if (set.images.scalar_type() != torch::kUInt8 || set.images.dim() != 4)
        fail("images must be uint8 [N, C, H, W], got " + shapeText(set.images));
    if (set.labels.scalar_type() != torch::kInt64 || set.labels.dim() != 1)
        fail("labels must be int64 [N], got " + shapeText(set.labels));
    if (set.labels.size(0) != set.images.size(0))
        fail(std::to_string(set.images.size(0)) + " images but " +
             std::to_string(set.labels.size(0)) + " labels");
    if (set.images.size(1) != info.channels || set.images.size(2) != info.height ||
        set.images.size(3) != info.width)
        fail("images " + shapeText(set.images) + " do not match the info's " +
             std::to_string(info.channels) + "x" + std::to_string(info.height) + "x" +
             std::to_string(info.width));
    if (int(info.mean.size()) != info.channels || int(info.std.size()) != info.channels)
        fail("mean and std need one value per channel");
    if (options.batchSize < 1)
        fail("batch size must be >= 1");
    if (options.prefetch < 1)
        fail("prefetch must be >= 1");
    if (options.shardCount < 1 || options.shardRank < 0 || options.shardRank >= options.shardCount)
        fail("shard " + std::to_string(options.shardRank) + " of " +
             std::to_string(options.shardCount) + " does not exist");
    if (options.shardCount > 1 && options.batchSize < options.shardCount)
        fail("a batch of " + std::to_string(options.batchSize) + " cannot be split over " +
             std::to_string(options.shardCount) + " processes");

    m_images = set.images.contiguous();
    m_labels = set.labels.contiguous();
    m_pixels = m_images.data_ptr<std::uint8_t>();
    m_labelData = m_labels.data_ptr<std::int64_t>();
    m_size = m_labels.size(0);
    m_channels = info.channels;
    m_height = info.height;
    m_width = info.width;
    m_numClasses = info.numClasses;
    m_name = info.name;
    if (const std::int64_t last = m_size % options.batchSize;
        options.shardCount > 1 && !options.dropLast && last > 0 && last < options.shardCount)
        fail("the last batch of an epoch holds " + std::to_string(last) + " of the " +
             std::to_string(m_size) + " images, too few to split over " +
             std::to_string(options.shardCount) + " processes (change the batch size)");
    // A table per channel turns normalisation into one load per pixel.
    m_lut.resize(std::size_t(m_channels) * 256);
    for (int c = 0; c < m_channels; ++c) {
        if (!(info.std[c] > 0))
            fail("std of channel " + std::to_string(c) + " must be > 0");
        for (int v = 0; v < 256; ++v)
            m_lut[std::size_t(c) * 256 + v] = (float(v) / 255.0f - info.mean[c]) / info.std[c];
    }
}

BatchLoader::~BatchLoader() {
    stop();
}

std::int64_t BatchLoader::batchesPerEpoch() const {
    const std::int64_t b = m_options.batchSize;
    return m_options.dropLast ? m_size / b : (m_size + b - 1) / b;
}

std::pair<std::int64_t, std::int64_t> BatchLoader::shardRange(std::int64_t batchIndex) const {
    const std::int64_t begin = batchIndex * m_options.batchSize;
    const std::int64_t count =
        std::max<std::int64_t>(0, std::min(m_options.batchSize, m_size - begin));
    const std::int64_t r = m_options.shardRank, n = m_options.shardCount;
    return {begin + count * r / n, begin + count * (r + 1) / n};
}

std::int64_t BatchLoader::size() const {
    return m_size;
}

int BatchLoader::queued() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return int(m_queue.size());
}

void BatchLoader::start(int epoch, std::int64_t skipBatches) {
    if (skipBatches < 0)
        throw std::invalid_argument("BatchLoader::start: skipBatches < 0");
    stop();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_producerDone = false;
    }
    m_producer = std::thread(&BatchLoader::produce, this, epoch, skipBatches);
    m_active = true;
}

void BatchLoader::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopRequested = true;
    }
    m_notFull.notify_all();
    if (m_producer.joinable())
        m_producer.join();
    std::lock_guard<std::mutex> lock(m_mutex);
    m_queue.clear();
    m_stopRequested = false;
    m_producerDone = true;
    m_error = nullptr;
    m_active = false;
}

bool BatchLoader::next(Batch* out) {
    if (!m_active)
        return false;
    std::unique_lock<std::mutex> lock(m_mutex);
    m_notEmpty.wait(lock, [this] { return !m_queue.empty() || m_producerDone; });
    if (!m_queue.empty()) {
        *out = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        m_notFull.notify_one();
        return true;
    }
    if (m_error) {
        // Delivered once; the epoch is over after it.
        std::exception_ptr error = m_error;
        m_error = nullptr;
        lock.unlock();
        std::rethrow_exception(error);
    }
    return false;
}

void BatchLoader::produce(int epoch, std::int64_t firstBatch) {
    try {
        const std::uint64_t epochKey = mixSeed(m_options.seed, std::uint64_t(std::int64_t(epoch)));
        std::vector<std::int64_t> order(static_cast<std::size_t>(m_size));
        for (std::int64_t i = 0; i < m_size; ++i)
            order[i] = i;
        if (m_options.shuffle) {
            // Fisher-Yates with our own bounded draw: std::shuffle differs between libraries.
            Rng rng(mixSeed(epochKey, kOrderStream));
            for (std::int64_t i = m_size - 1; i > 0; --i)
                std::swap(order[i], order[rng.below(std::uint64_t(i) + 1)]);
        }
        const std::uint64_t augmentKey = mixSeed(epochKey, kAugmentStream);
        const std::int64_t count = batchesPerEpoch();
        for (std::int64_t b = firstBatch; b < count; ++b) {
            {
                // Check before the work, so that a stop does not wait for a batch to be built.
                std::lock_guard<std::mutex> lock(m_mutex);
                if (m_stopRequested)
                    return;
            }
            Batch batch;
            fill(order, b, augmentKey, &batch);
            std::unique_lock<std::mutex> lock(m_mutex);
            m_notFull.wait(lock, [this] {
                return m_stopRequested || int(m_queue.size()) < m_options.prefetch;
            });
            if (m_stopRequested)
                return;
            m_queue.push_back(std::move(batch));
            lock.unlock();
            m_notEmpty.notify_one();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_error = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_producerDone = true;
    }
    m_notEmpty.notify_all();
}

void BatchLoader::fill(const std::vector<std::int64_t>& order, std::int64_t batchIndex,
                       std::uint64_t augmentKey, Batch* batch) const {
    const auto [begin, end] = shardRange(batchIndex);
    const std::int64_t count = end - begin;
    const std::int64_t C = m_channels, H = m_height, W = m_width;
    auto imageOptions = torch::TensorOptions().dtype(torch::kFloat32);
    if (m_options.channelsLast)
        imageOptions = imageOptions.memory_format(torch::MemoryFormat::ChannelsLast);
    batch->images = torch::empty({count, C, H, W}, imageOptions);
    batch->labels = torch::empty({count}, torch::kInt64);
    batch->index = batchIndex;
    batch->globalCount = std::min(m_options.batchSize, m_size - batchIndex * m_options.batchSize);
    float* dst = batch->images.data_ptr<float>();
    std::int64_t* labels = batch->labels.data_ptr<std::int64_t>();
    // Element strides of the output in (sample, channel, row, column) for either layout.
    const std::int64_t sN = C * H * W;
    const std::int64_t sC = m_options.channelsLast ? 1 : H * W;
    const std::int64_t sY = m_options.channelsLast ? W * C : W;
    const std::int64_t sX = m_options.channelsLast ? C : 1;

    for (std::int64_t i = 0; i < count; ++i) {
        const std::int64_t position = begin + i;  // within the epoch, independent of skipping
        const std::int64_t sample = order[position];
        const std::int64_t label = m_labelData[sample];
        if (label < 0 || label >= m_numClasses)
            throw DataError(m_name, "label " + std::to_string(label) + " of sample " +
                                        std::to_string(sample) + " is out of range 0.." +
                                        std::to_string(m_numClasses - 1));
        labels[i] = label;
        int dx = 0, dy = 0;
        bool flip = false;
        if (m_options.augment) {
            // One hash per sample position: skipping batches cannot shift the random stream.
            const std::uint64_t r = mixSeed(augmentKey, std::uint64_t(position));
            dy = int(r % (2 * kPad + 1)) - kPad;
            dx = int((r >> 16) % (2 * kPad + 1)) - kPad;
            flip = (r >> 40) & 1;
        }
        const std::uint8_t* src = m_pixels + sample * sN;
        float* out = dst + i * sN;
        for (std::int64_t c = 0; c < C; ++c) {
            const float* lut = m_lut.data() + c * 256;
            const std::uint8_t* plane = src + c * H * W;
            float* outPlane = out + c * sC;
            if (!m_options.augment) {
                for (std::int64_t y = 0; y < H; ++y)
                    for (std::int64_t x = 0; x < W; ++x)
                        outPlane[y * sY + x * sX] = lut[plane[y * W + x]];
                continue;
            }
            // Crop of the zero-padded image at offset (dy, dx), then an optional mirror.
            // Padding is pixel value 0, normalised like any other pixel (as torchvision does).
            for (std::int64_t y = 0; y < H; ++y) {
                const std::int64_t sy = y + dy;
                for (std::int64_t x = 0; x < W; ++x) {
                    const std::int64_t sx = (flip ? W - 1 - x : x) + dx;
                    const bool inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
                    outPlane[y * sY + x * sX] = lut[inside ? plane[sy * W + sx] : 0];
                }
            }
        }
    }
}

}  // namespace slb
