#include "data/dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "base/config.h"
#include "data/dataerror.h"
#include "data/synthetic.h"

namespace slb {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFashionClasses = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                  "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                  "Bag",         "Ankle boot"};
const std::vector<std::string> kDigitClasses = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
const std::vector<std::string> kCifarClasses = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                "dog",      "frog",       "horse", "ship", "truck"};

// The usual published constants of pixel/255, so that results compare with other code.
const std::vector<float> kFashionMean = {0.2860f}, kFashionStd = {0.3530f};
const std::vector<float> kMnistMean = {0.1307f}, kMnistStd = {0.3081f};
const std::vector<float> kCifarMean = {0.4914f, 0.4822f, 0.4465f};
const std::vector<float> kCifarStd = {0.2470f, 0.2435f, 0.2616f};

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

/** What to tell a user whose files are missing. */
std::string installHint(const std::string& name) {
    if (name == "fashion-mnist")
        return "install dataset-fashion-mnist (packaging/install-deps.sh) or pass --data-dir";
    if (name == "mnist")
        return "put the four MNIST IDX files (.gz or raw) there or pass --data-dir";
    return "put the CIFAR-10 binary version (cifar-10-binary.tar.gz, unpacked) there or pass "
           "--data-dir";
}

/** dir/base, raw if present (faster to read), else dir/base.gz; missing: DataError with a fix. */
std::string findIdxFile(const fs::path& dir, const std::string& base, const std::string& name) {
    const fs::path raw = dir / base;
    const fs::path gz = dir / (base + ".gz");
    if (isFile(raw))
        return raw.string();
    if (isFile(gz))
        return gz.string();
    throw DataError(gz.string(), "not found (nor " + base + " without .gz) — " + installHint(name));
}

DatasetInfo idxInfo(const std::string& name, const ImageSet& train, const ImageSet& test) {
    DatasetInfo info;
    info.name = name;
    info.channels = 1;
    info.height = int(train.images.size(2));
    info.width = int(train.images.size(3));
    info.numClasses = 10;
    const bool fashion = name == "fashion-mnist";
    info.classNames = fashion ? kFashionClasses : kDigitClasses;
    info.mean = fashion ? kFashionMean : kMnistMean;
    info.std = fashion ? kFashionStd : kMnistStd;
    info.trainSize = train.size();
    info.testSize = test.size();
    return info;
}

Dataset loadIdx(const DataOptions& o) {
    const fs::path dir = o.dir;
    const std::string trainImages = findIdxFile(dir, "train-images-idx3-ubyte", o.name);
    const std::string trainLabels = findIdxFile(dir, "train-labels-idx1-ubyte", o.name);
    const std::string testImages = findIdxFile(dir, "t10k-images-idx3-ubyte", o.name);
    const std::string testLabels = findIdxFile(dir, "t10k-labels-idx1-ubyte", o.name);
    Dataset d;
    d.train = readIdx(trainImages, trainLabels, o.trainLimit);
    d.test = readIdx(testImages, testLabels, o.testLimit);
    if (d.train.images.sizes().slice(1) != d.test.images.sizes().slice(1))
        throw DataError(testImages, "image size differs from " + trainImages);
    d.info = idxInfo(o.name, d.train, d.test);
    return d;
}

Dataset loadCifar(const DataOptions& o) {
    // The official archive unpacks to cifar-10-batches-bin/; accept the folder or its parent.
    fs::path dir = o.dir;
    if (!isFile(dir / "data_batch_1.bin") &&
        isFile(dir / "cifar-10-batches-bin" / "data_batch_1.bin"))
        dir /= "cifar-10-batches-bin";
    std::vector<std::string> trainFiles;
    for (int i = 1; i <= 5; ++i)
        trainFiles.push_back((dir / ("data_batch_" + std::to_string(i) + ".bin")).string());
    const std::string testFile = (dir / "test_batch.bin").string();
    for (const auto& f : trainFiles)
        if (!isFile(f))
            throw DataError(f, "not found (also looked in " +
                                   (fs::path(o.dir) / "cifar-10-batches-bin").string() + ") — " +
                                   installHint(o.name));
    if (!isFile(testFile))
        throw DataError(testFile, "not found — " + installHint(o.name));
    Dataset d;
    d.train = readCifar10(trainFiles, o.trainLimit);
    d.test = readCifar10({testFile}, o.testLimit);
    DatasetInfo& info = d.info;
    info.name = o.name;
    info.channels = 3;
    info.height = info.width = 32;
    info.numClasses = 10;
    info.classNames = kCifarClasses;
    info.mean = kCifarMean;
    info.std = kCifarStd;
    info.trainSize = d.train.size();
    info.testSize = d.test.size();
    return d;
}

/** Per-channel mean and standard deviation of pixel/255 over a set. */
void channelStats(const ImageSet& set, std::vector<float>* mean, std::vector<float>* std) {
    const std::int64_t n = set.images.size(0), c = set.images.size(1);
    const std::int64_t plane = set.images.size(2) * set.images.size(3);
    const auto* px = set.images.data_ptr<std::uint8_t>();
    mean->assign(c, 0.0f);
    std->assign(c, 1.0f);
    for (std::int64_t ch = 0; ch < c; ++ch) {
        double sum = 0, sumSq = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            const std::uint8_t* p = px + (i * c + ch) * plane;
            for (std::int64_t k = 0; k < plane; ++k) {
                const double v = p[k] / 255.0;
                sum += v;
                sumSq += v * v;
            }
        }
        const double count = double(n) * plane;
        if (count == 0)
            continue;
        const double m = sum / count;
        const double var = std::max(sumSq / count - m * m, 0.0);
        (*mean)[ch] = float(m);
        // A constant channel would divide by zero; leave it unscaled.
        (*std)[ch] = var > 1e-12 ? float(std::sqrt(var)) : 1.0f;
    }
}

Dataset loadSynthetic(const DataOptions& o) {
    SyntheticSpec spec;
    spec.classes = o.syntheticClasses;
    spec.channels = o.syntheticChannels;
    spec.size = o.syntheticSize;
    spec.seed = o.seed;
    const auto limited = [](std::int64_t size, std::int64_t limit) {
        return limit > 0 ? std::min(size, limit) : size;
    };
    Dataset d;
    d.train = makeSynthetic(spec, SyntheticSplit::Train, limited(o.syntheticTrain, o.trainLimit));
    d.test = makeSynthetic(spec, SyntheticSplit::Test, limited(o.syntheticTest, o.testLimit));
    DatasetInfo& info = d.info;
    info.name = o.name;
    info.channels = spec.channels;
    info.height = info.width = spec.size;
    info.numClasses = spec.classes;
    for (int k = 0; k < spec.classes; ++k)
        info.classNames.push_back("class " + std::to_string(k));
    channelStats(d.train, &info.mean, &info.std);
    info.trainSize = d.train.size();
    info.testSize = d.test.size();
    return d;
}

}  // namespace

Dataset loadDataset(const DataOptions& options) {
    DataOptions o = options;
    if (o.dir.empty())
        o.dir = defaultDataDir(o.name);
    if (o.name == "fashion-mnist" || o.name == "mnist")
        return loadIdx(o);
    if (o.name == "cifar10")
        return loadCifar(o);
    if (o.name == "synthetic")
        return loadSynthetic(o);
    throw DataError(o.name.empty() ? std::string("(no dataset name)") : o.name,
                    "unknown dataset — use fashion-mnist, mnist, cifar10 or synthetic");
}

void datasetNormalization(const DataOptions& options, std::vector<float>* mean,
                          std::vector<float>* std) {
    if (options.name == "fashion-mnist" || options.name == "mnist") {
        *mean = options.name == "mnist" ? kMnistMean : kFashionMean;
        *std = options.name == "mnist" ? kMnistStd : kFashionStd;
    } else if (options.name == "cifar10") {
        *mean = kCifarMean;
        *std = kCifarStd;
    } else {
        const Dataset d = loadDataset(options);  // synthetic: generated, no file read
        *mean = d.info.mean;
        *std = d.info.std;
    }
}

DataOptions dataOptionsFrom(const RunConfig& config) {
    DataOptions o;
    o.name = config.dataset;
    o.dir = config.resolvedDataDir();
    o.trainLimit = config.trainLimit;
    o.testLimit = config.testLimit;
    o.seed = config.seed;
    return o;
}

}  // namespace slb
