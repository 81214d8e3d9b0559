#pragma once
// Batches for training and evaluation, prepared ahead on one background thread.
// Torch-facing.
//
// Threads: one *owner* thread (the trainer's) constructs the loader and calls start(), next(),
// stop() and the destructor; size(), batchesPerEpoch() and queued() may be called from any
// thread. Internally one producer std::thread per epoch fills a bounded queue.
//
// Determinism: an epoch's order and augmentation come only from (seed, epoch) through
// std::mt19937_64 and splitmix64, never from torch's generator or from timing, so the batches
// of an epoch are bit-identical whatever the prefetch depth or thread scheduling.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "data/datasetinfo.h"
#include "data/readers.h"

namespace slb {

/** How a BatchLoader cuts, orders, augments and lays out batches. */
struct LoaderOptions {
    std::int64_t batchSize = 128;
    bool shuffle = true;    ///< a new permutation per epoch, from (seed, epoch)
    bool augment = false;   ///< random crop with 4-pixel zero padding + horizontal flip
    bool dropLast = false;  ///< drop the last batch when it is smaller than batchSize
    std::uint64_t seed = 1;
    int prefetch = 4;           ///< batches prepared ahead (queue depth), >= 1
    bool channelsLast = false;  ///< images in torch::MemoryFormat::ChannelsLast
    /// Data-parallel sharding: every batch is the slice `shardRank` of `shardCount` equal
    /// (±1) contiguous slices of the batch a single process would get, so the shards of an
    /// epoch are disjoint, cover it, and together make exactly the one-process batches.
    int shardRank = 0;
    int shardCount = 1;
};

/** One batch, ready for the model. */
struct Batch {
    torch::Tensor images;          ///< float32 [B, C, H, W], (pixel/255 - mean) / std per channel
    torch::Tensor labels;          ///< int64 [B]
    std::int64_t index = 0;        ///< batch index within the epoch (counting skipped batches)
    std::int64_t globalCount = 0;  ///< images in the whole batch, over every shard
};

/** Cuts an ImageSet into normalised (and optionally augmented) batches on a background thread. */
class BatchLoader {
public:
    /** Keeps a reference to the set's tensors, which must not be modified in place meanwhile.
     *  Throws std::invalid_argument when the set, info or options do not fit together. */
    BatchLoader(const ImageSet& set, const DatasetInfo& info, LoaderOptions options);
    /** Ends the producer, even one blocked on a full queue. */
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    /** Begins epoch `epoch` (ending any epoch under way), skipping its first `skipBatches`
     *  batches, as when resuming mid-epoch. Owner thread. */
    void start(int epoch, std::int64_t skipBatches = 0);
    /** Blocks until the next batch is ready; false at the end of the epoch or when no epoch
     *  was started. Rethrows an exception the producer met (e.g. DataError). Owner thread. */
    bool next(Batch* out);
    /** Ends the epoch under way, joining the producer; next() then returns false. Owner thread. */
    void stop();

    /** Batches in a full epoch. Any thread. */
    std::int64_t batchesPerEpoch() const;
    /** Positions [first, last) within the epoch's order of this loader's shard of batch
     *  `batchIndex`. Any thread. */
    std::pair<std::int64_t, std::int64_t> shardRange(std::int64_t batchIndex) const;
    /** Samples in the set. Any thread. */
    std::int64_t size() const;
    /** Batches ready in the queue now (for tests and status displays). Any thread. */
    int queued() const;
    /** The options in use. Any thread. */
    const LoaderOptions& options() const { return m_options; }

private:
    void produce(int epoch, std::int64_t firstBatch);
    void fill(const std::vector<std::int64_t>& order, std::int64_t batchIndex,
              std::uint64_t augmentKey, Batch* batch) const;

    // Immutable after construction; read by both threads without locking.
    torch::Tensor m_images;  // uint8 [N, C, H, W], contiguous
    torch::Tensor m_labels;  // int64 [N], contiguous
    const std::uint8_t* m_pixels = nullptr;
    const std::int64_t* m_labelData = nullptr;
    std::int64_t m_size = 0;
    int m_channels = 0, m_height = 0, m_width = 0, m_numClasses = 0;
    std::string m_name;
    LoaderOptions m_options;
    std::vector<float> m_lut;  // [channel][256]: normalised value of each pixel byte

    // Owner thread only.
    std::thread m_producer;
    bool m_active = false;  // an epoch was started and not stopped

    // m_mutex protects the queue and the flags below it; m_notEmpty wakes the owner when a
    // batch arrives or the producer ends, m_notFull wakes the producer when a slot frees up or
    // a stop is requested.
    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<Batch> m_queue;
    bool m_stopRequested = false;
    bool m_producerDone = true;
    std::exception_ptr m_error;
};

}  // namespace slb
