#include "train/trainer.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <thread>

#include <torch/cuda.h>
#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include "data/dataerror.h"
#include "models/modelio.h"
#include "train/phase.h"
#include "train/runtimetuning.h"
#include "train/trainer_p.h"

namespace slb {

namespace {

using Clock = std::chrono::steady_clock;

double now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// How long the other ranks wait for rank 0's evaluation and checkpoint at an epoch's end.
constexpr std::chrono::milliseconds kEpochEndTimeout = std::chrono::hours(2);
/// How long the other ranks of a data-parallel run wait for rank 0 to be resumed.
constexpr std::chrono::milliseconds kPauseLimit = std::chrono::hours(24);

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

Trainer::Trainer(RunConfig config) : d(std::make_unique<Impl>(std::move(config))) {}
Trainer::~Trainer() = default;

void Trainer::addObserver(TrainObserver* observer) {
    d->observers.push_back(observer);
}
void Trainer::setResumeCheckpoint(const std::string& path) {
    d->resumePath = path;
}
void Trainer::setCheckpointDir(const std::string& dir) {
    d->checkpointDir = dir;
}
void Trainer::setDistributed(const DistOptions& o) {
    d->dist = o;
}

void Trainer::pause() {
    d->pauseRequested = true;
}

void Trainer::resume() {
    {
        std::lock_guard<std::mutex> lock(d->controlMutex);
        d->pauseRequested = false;
    }
    d->controlCv.notify_all();
}

void Trainer::requestStop() {
    {
        std::lock_guard<std::mutex> lock(d->controlMutex);
        d->stopRequested = true;
    }
    d->controlCv.notify_all();
}

bool Trainer::isPaused() const {
    return d->pauseRequested;
}

bool Trainer::isSteerable(const std::string& key) {
    const ConfigField* f = findConfigField(key);
    if (!f)
        return false;
    return f->group == "temperature" || f->key == "lr" || f->key == "lr_schedule" ||
           f->key == "lr_min" || f->key == "lr_unit";
}

bool Trainer::steer(const ConfigChanges& changes, std::string* error) {
    auto fail = [error](std::string why) {
        if (error)
            *error = std::move(why);
        return false;
    };
    if (changes.empty())
        return fail("nothing to change");
    {
        std::lock_guard<std::mutex> lock(d->controlMutex);
        if (!d->pauseRequested)
            return fail("pause the run before changing its learning rate or temperature");
        RunConfig next = d->steerConfig;
        for (const auto& [key, value] : changes) {
            if (!isSteerable(key))
                return fail(key +
                            ": cannot change during a run (only the learning rate and the "
                            "temperature schedule can)");
            if (std::string why = findConfigField(key)->set(next, value); !why.empty())
                return fail(key + ": " + why);
        }
        if (std::string why = next.validate(); !why.empty())
            return fail(why);
        d->steerConfig = next;
        d->pendingSteers.push_back(changes);
    }
    d->controlCv.notify_all();
    return true;
}

std::vector<std::string> availableDevices() {
    std::vector<std::string> devices = {"cpu"};
    if (torch::cuda::is_available())
        for (std::size_t i = 0; i < torch::cuda::device_count(); ++i)
            devices.push_back("cuda:" + std::to_string(i));
    return devices;
}
TrainSummary Trainer::summary() const {
    return d->result;
}
std::string Trainer::finalModelPath() const {
    return d->finalModel;
}

RunStatus Trainer::run() {
    Impl& p = *d;
    RunStatus status = RunStatus::Failed;
    try {
        p.setup();
        status = p.loop();
    } catch (const DataError& e) {
        p.result.message = e.what();
    } catch (const c10::Error& e) {
        p.result.message = e.what_without_backtrace();
    } catch (const std::exception& e) {
        p.result.message = e.what();
    }
    if (status == RunStatus::Failed) {
        p.result.status = RunStatus::Failed;
        p.emitLifecycle(RunStatus::Failed, p.result.message);
    }
    return status;
}

void Trainer::Impl::emitLifecycle(RunStatus s, const std::string& message) {
    LifecycleEvent e;
    e.status = s;
    e.step = pos.step;
    e.epoch = pos.epoch;
    e.message = message;
    e.wallTime = now();
    for (auto* o : observers)
        o->onLifecycle(e);
}

void Trainer::Impl::setup() {
    tuneRuntimeForTraining();
    if (std::string err = config.validate(); !err.empty())
        throw std::invalid_argument(err);
    const int threads = config.threads > 0 ? config.threads
                                           : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    device = pickDevice(config.device, &deviceName);
    result.device = deviceName;
    if (dist.worldSize > 1) {
        // Join first: a rank that cannot join should not load the data set for nothing.
        comm = std::make_unique<Communicator>(dist, device);
        result.worldSize = comm->worldSize();
        if (!leader())
            observers.clear();  // rank 0 records the run
    }
    torch::manual_seed(config.seed);
    if (device.is_cuda())
        torch::cuda::manual_seed_all(config.seed);

    data = loadDataset(dataOptionsFrom(config));
    const DatasetInfo& info = data.info;
    const ModelSpec spec =
        modelSpecFrom(config, info.channels, info.height, info.width, info.numClasses);
    model = buildModel(spec);
    if (!config.initFrom.empty()) {
        ModelFileInfo src;
        Network source = loadModelFile(config.initFrom, &src);
        if (src.config.method != Method::Float)
            throw std::runtime_error("init_from: " + config.initFrom + " was trained with " +
                                     toString(src.config.method) +
                                     "; --init-from takes a float (fp) model");
        if (src.spec.name != spec.name)
            throw std::runtime_error("init_from: " + config.initFrom + " holds a " + src.spec.name +
                                     ", this run trains a " + spec.name);
        initFromFloat(*model, *source);
    }
    if (!config.teacher.empty()) {
        ModelFileInfo t;
        teacher = loadModelFile(config.teacher, &t);
        if (t.spec.numClasses != spec.numClasses)
            throw std::runtime_error("teacher: " + config.teacher + " has " +
                                     std::to_string(t.spec.numClasses) + " classes, the data " +
                                     std::to_string(spec.numClasses));
        teacher->to(device);
        teacher->eval();
    }
    model->to(device);
    if (config.channelsLast) {
        // Float conv weights in NHWC too, so oneDNN does not reorder them at every step (the
        // quantized layers make their weights channels-last themselves).
        torch::NoGradGuard noGrad;
        for (auto& p : model->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    }
    quant = QuantControl(*model);
    optimizer = makeOptimizer(*model, config);

    LoaderOptions lo;
    lo.batchSize = config.batchSize;
    lo.shuffle = true;
    lo.augment = config.resolvedAugment();
    lo.seed = config.seed;
    lo.channelsLast = config.channelsLast;
    if (distributed()) {
        lo.shardRank = comm->rank();
        lo.shardCount = comm->worldSize();
    }
    trainLoader = std::make_unique<BatchLoader>(data.train, info, lo);
    LoaderOptions eo = lo;
    eo.batchSize = config.evalBatchSize;
    eo.shuffle = false;
    eo.augment = false;
    eo.shardRank = 0;  // rank 0 evaluates on the whole test set
    eo.shardCount = 1;
    testLoader = std::make_unique<BatchLoader>(data.test, info, eo);
    if (quant.hasStateBn() && config.bnMode == StateBnMode::Calibration) {
        LoaderOptions co = lo;
        co.augment = false;
        co.seed = config.seed ^ 0x9e3779b97f4a7c15ULL;  // a different order than training
        calibLoader = std::make_unique<BatchLoader>(data.train, info, co);
    }

    layout.totalEpochs = config.epochs;
    layout.itersPerEpoch = trainLoader->batchesPerEpoch();
    if (checkpointDir.empty() && !config.out.empty())
        checkpointDir = (std::filesystem::path(config.out) / "checkpoints").string();
    if (!leader()) {
        checkpointDir.clear();  // rank 0 writes the checkpoints and the model
        config.out.clear();
    }
    if (!resumePath.empty())
        restore(resumePath);
    if (distributed())
        setupDistributed();

    RunStartedEvent e;
    e.configJson = config.toJson();
    e.device = deviceName;
    e.threads = torch::get_num_threads();
    e.worldSize = comm ? comm->worldSize() : 1;
    e.backend = comm ? comm->backend() : std::string();
    e.modelName = spec.name;
    e.numParameters = parameterCount(*model);
    e.numClasses = info.numClasses;
    e.classNames = info.classNames;
    e.trainSize = trainLoader->size();
    e.testSize = testLoader->size();
    e.itersPerEpoch = layout.itersPerEpoch;
    e.totalEpochs = config.epochs;
    e.startEpoch = pos.epoch;
    e.startStep = pos.step;
    e.layers = quant.layerInfos();
    for (auto* o : observers)
        o->onRunStarted(e);
    emitLifecycle(resumePath.empty() ? RunStatus::Started : RunStatus::Resumed,
                  resumePath.empty() ? std::string() : "resumed from " + resumePath);
}

void Trainer::Impl::setupDistributed() {
    gradSync = std::make_unique<GradientSync>(*comm, model->parameters());
    broadcastState();
}

void Trainer::Impl::broadcastState() {
    std::vector<torch::Tensor> tensors = model->parameters();
    for (const auto& b : model->buffers())
        tensors.push_back(b);
    torch::NoGradGuard noGrad;
    for (auto& t : tensors) {
        // Gloo takes dense tensors of its own types: stage the others (bool flags, NHWC weights).
        const bool direct = t.is_contiguous() && t.scalar_type() != torch::kBool;
        torch::Tensor staged =
            direct ? t
                   : t.to(t.scalar_type() == torch::kBool ? torch::kUInt8 : t.scalar_type())
                         .contiguous();
        comm->broadcast({staged}, 0);
        if (!direct)
            t.copy_(staged);
    }
}

bool Trainer::Impl::checkControl() {
    applySteering();
    if (distributed())
        return holdTogether();
    if (stopRequested)
        return false;
    if (!pauseRequested)
        return true;
    emitLifecycle(RunStatus::Paused, {});
    if (!waitWhilePaused(nullptr))
        return false;
    emitLifecycle(RunStatus::Resumed, {});
    return true;
}

bool Trainer::Impl::waitWhilePaused(ConfigChanges* applied) {
    while (true) {
        {
            std::unique_lock<std::mutex> lock(controlMutex);
            controlCv.wait(lock, [this] {
                return !pauseRequested || stopRequested || !pendingSteers.empty();
            });
            if (pendingSteers.empty())
                break;
        }
        // Steered while paused: record it now, so that the GUI sees it at once, and wait on.
        applySteering(applied);
    }
    return !stopRequested;
}

bool Trainer::Impl::holdTogether() {
    if (globalStop)
        return false;
    if (!globalPause)
        return true;
    globalPause = false;
    // Rank 0 pauses as a single process does; the others wait for its word at a barrier that
    // only a long pause outlasts, then take over the steering it got and whether to stop.
    std::string word;
    if (leader()) {
        emitLifecycle(RunStatus::Paused, {});
        ConfigChanges applied;
        const bool goOn = waitWhilePaused(&applied);
        word = goOn ? "go" : "stop";
        for (const auto& [key, value] : applied)
            word += "\n" + key + "=" + value;
    }
    comm->barrier(kPauseLimit);
    auto length = torch::tensor({std::int64_t(word.size())}, torch::kLong);
    comm->broadcast({length}, 0);
    auto bytes = torch::zeros({length.item<std::int64_t>()}, torch::kUInt8);
    if (leader())
        std::memcpy(bytes.data_ptr<std::uint8_t>(), word.data(), word.size());
    comm->broadcast({bytes}, 0);
    if (!leader()) {
        word.assign(reinterpret_cast<const char*>(bytes.data_ptr<std::uint8_t>()),
                    std::size_t(bytes.numel()));
        std::size_t at = word.find('\n');
        const std::string verdict = word.substr(0, at);
        while (at != std::string::npos) {
            const std::size_t next = word.find('\n', at + 1);
            const std::string line =
                word.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
            const std::size_t eq = line.find('=');
            if (const ConfigField* f = findConfigField(line.substr(0, eq));
                f && eq != std::string::npos)
                f->set(config, line.substr(eq + 1));  // rank 0 checked it
            at = next;
        }
        if (verdict == "stop")
            globalStop = true;
    } else if (word.rfind("stop", 0) == 0) {
        globalStop = true;
    }
    if (globalStop)
        return false;
    if (leader())
        emitLifecycle(RunStatus::Resumed, {});
    return true;
}

void Trainer::Impl::applySteering(ConfigChanges* applied) {
    std::vector<ConfigChanges> steers;
    {
        std::lock_guard<std::mutex> lock(controlMutex);
        steers.swap(pendingSteers);
    }
    for (const ConfigChanges& changes : steers) {
        std::string message;
        for (const auto& [key, value] : changes) {
            findConfigField(key)->set(config, value);  // checked by steer()
            if (applied)
                applied->emplace_back(key, value);
            message += (message.empty() ? "" : "; ") + key + "=" + value;
        }
        emitLifecycle(RunStatus::Steered, message);
    }
}

void Trainer::Impl::applySchedules(const TrainProgress& p, double* lr, double* t) {
    *lr = config.lr.lr(p);
    setLearningRate(*optimizer, *lr);
    *t = 0;
    if (quant.hasSlb()) {
        *t = config.temperature.temperature(p);
        quant.setTemperature(*t);
        const bool h = config.temperature.hardPhase(p);
        if (h != hard) {
            hard = h;
            quant.setHard(h);
        }
    }
}

torch::Tensor Trainer::Impl::lossFor(const torch::Tensor& logits, const torch::Tensor& labels,
                                     const torch::Tensor& images) {
    namespace F = torch::nn::functional;
    auto loss = F::cross_entropy(
        logits, labels, F::CrossEntropyFuncOptions().label_smoothing(config.labelSmoothing));
    if (teacher) {
        // Hinton et al. at temperature 1, CE and KL with equal weight (LSQ §3.7).
        torch::Tensor target;
        {
            torch::NoGradGuard noGrad;
            target = torch::softmax(teacher->forward(images), 1);
        }
        const auto kl =
            (target * (torch::log(target.clamp_min(1e-12)) - torch::log_softmax(logits, 1)))
                .sum(1)
                .mean();
        loss = loss + config.distillWeight * kl;
    }
    return loss;
}

void Trainer::Impl::emitSnapshot() {
    if (quant.layerCount() == 0)
        return;
    SnapshotEvent s;
    s.step = pos.step - 1;  // the state after the step just taken
    s.epoch = pos.epoch;
    s.layers = quant.snapshots();
    for (auto& l : s.layers)
        l.step = s.step;
    for (auto* o : observers)
        o->onSnapshot(s);
}

bool Trainer::Impl::trainEpoch() {
    model->train();
    trainLoader->start(pos.epoch, pos.stepInEpoch);
    Batch batch;
    while (true) {
        if (!checkControl())
            return false;
        const auto t0 = Clock::now();
        PhaseMarker phase("slb.data");
        if (!trainLoader->next(&batch))
            break;
        const TrainProgress p = layout.atIteration(pos.step);
        double lr, t;
        applySchedules(p, &lr, &t);
        const bool snapshotDue = leader() && pos.step % config.snapshotEvery == 0;
        if (snapshotDue)
            quant.setCapture(true);

        const auto x = batch.images.to(device, /*non_blocking=*/true);
        const auto y = batch.labels.to(device, /*non_blocking=*/true);
        phase.enter(snapshotDue ? "slb.forward (capturing a snapshot)" : "slb.forward");
        const auto logits = model->forward(x);
        phase.enter("slb.loss");
        const auto loss = lossFor(logits, y, x);
        const auto n = batch.labels.size(0);
        double lossValue = loss.item<double>();
        double correct = logits.detach().argmax(1).eq(y).sum().item<double>();
        std::int64_t globalN = n;
        if (distributed()) {
            // The whole batch's loss and accuracy, and whether any rank was asked to stop.
            auto stats =
                torch::tensor({lossValue * double(n), correct, double(n), stopRequested ? 1.0 : 0.0,
                               leader() && pauseRequested ? 1.0 : 0.0},
                              torch::kDouble);
            comm->allreduceSum({stats});
            const auto a = stats.accessor<double, 1>();
            globalN = std::int64_t(a[2]);
            lossValue = a[0] / a[2];
            correct = a[1];
            if (a[3] > 0)
                globalStop = true;
            else if (a[4] > 0)
                globalPause = true;
        }
        if (!std::isfinite(lossValue)) {
            diverged = "diverged at step " + std::to_string(pos.step) + ": loss is " +
                       (std::isnan(lossValue) ? "NaN" : "infinite") +
                       " (lower --lr, or check the data)";
            return false;
        }
        phase.enter("slb.backward");
        clearGradients(*optimizer);
        if (distributed()) {
            // Each rank's mean loss weighted by its share of the batch, times the world size
            // that the gradient average divides out again: the whole batch's mean loss.
            gradSync->beginStep();
            (loss * (double(comm->worldSize()) * double(n) / double(globalN))).backward();
            gradSync->finishStep();
        } else {
            loss.backward();
        }
        phase.enter("slb.optimizer");
        optimizer->step();
        quant.constrain();
        if (snapshotDue)
            quant.setCapture(false);

        if (quant.hasStateBn() && config.bnMode == StateBnMode::Iteration) {
            // Algorithm 1, line 5: the other network's statistics from an extra no-grad forward.
            phase.enter("slb.forward (other network's BN statistics)");
            torch::NoGradGuard noGrad;
            quant.setMode(hard ? WeightMode::Continuous : WeightMode::Discrete);
            model->forward(x);
            quant.setMode(WeightMode::Auto);
        }

        phase.enter("slb.metrics and observers");
        pos.epochLossSum += lossValue * double(globalN);
        pos.epochCorrect += correct;
        pos.epochSeen += globalN;
        localSeen += n;
        ++pos.step;
        ++pos.stepInEpoch;
        if (distributed())
            comm->publishStep(pos.step - 1);

        const double dt = secondsSince(t0);
        pos.elapsed += dt;
        const double ips = double(globalN) / std::max(dt, 1e-9);
        ipsEma = ipsEma == 0 ? ips : 0.9 * ipsEma + 0.1 * ips;

        StepEvent e;
        e.step = pos.step - 1;
        e.epoch = pos.epoch;
        e.loss = lossValue;
        e.accuracy = correct / double(globalN);
        e.lr = lr;
        e.temperature = t;
        e.hardPhase = hard;
        e.imagesPerSec = ipsEma;
        e.elapsed = pos.elapsed;
        for (auto* o : observers)
            o->onStep(e);

        if (snapshotDue) {
            phase.enter("slb.snapshot");
            emitSnapshot();
        }
    }
    return true;
}

RunStatus Trainer::Impl::loop() {
    // Batch norm and LSQ's first-batch step agree across the ranks while this scope lasts.
    CommunicatorScope scope(comm.get());
    const auto runStart = Clock::now();
    for (; pos.epoch < config.epochs; ++pos.epoch) {
        const auto epochStart = Clock::now();
        const double trainBefore = pos.elapsed;
        const std::int64_t seenBefore = pos.epochSeen;
        localSeen = 0;
        const bool completed = trainEpoch();
        if (diverged) {
            result.status = RunStatus::Diverged;
            result.message = *diverged;
            emitLifecycle(RunStatus::Diverged, *diverged);
            return RunStatus::Diverged;
        }
        if (!completed) {
            if (!checkpointDir.empty())
                saveCheckpoint("last.pt");
            result.status = RunStatus::Stopped;
            result.message = "stopped at step " + std::to_string(pos.step);
            result.seconds = secondsSince(runStart);
            emitLifecycle(RunStatus::Stopped, result.message);
            return RunStatus::Stopped;
        }
        const double trainSeconds = pos.elapsed - trainBefore;
        const std::int64_t trainImages = pos.epochSeen - seenBefore;

        PhaseMarker phase;
        if (calibLoader) {
            phase.enter("slb.calibration");
            calibrate();  // every rank on its shards, SyncBN: the statistics of the whole batches
        }
        if (distributed()) {
            // Each rank's throughput, and a checksum of its weights: averaged gradients and
            // the same steering keep them equal; a rank that drifted away is a fault to name.
            const int w = comm->worldSize();
            auto own = torch::zeros({2 * w}, torch::kDouble);
            own[comm->rank()] = trainSeconds > 0 ? double(localSeen) / trainSeconds : 0.0;
            {
                torch::NoGradGuard noGrad;
                double sum = 0;
                for (const auto& p : model->parameters())
                    sum += p.to(torch::kDouble).abs().sum().item<double>();
                own[w + comm->rank()] = sum;
            }
            comm->allreduceSum({own});
            const double* v = own.data_ptr<double>();
            result.rankImagesPerSec.assign(v, v + w);
            for (int r = 1; r < w; ++r)
                if (std::abs(v[w + r] - v[w]) > 1e-6 * std::max(1.0, std::abs(v[w])))
                    throw DistError("after epoch " + std::to_string(pos.epoch + 1) + " rank " +
                                    std::to_string(r) + "'s weights differ from rank 0's (sum " +
                                    "of |w| " + std::to_string(v[w + r]) + " against " +
                                    std::to_string(v[w]) + "): the ranks no longer train the " +
                                    "same network");
            if (!leader()) {
                // Rank 0 alone evaluates, records and writes checkpoints; wait for it here, where
                // a long evaluation is no sign of a lost rank.
                result.epochs = pos.epoch + 1;
                result.steps = pos.step;
                pos.stepInEpoch = 0;
                pos.epochLossSum = pos.epochCorrect = 0;
                pos.epochSeen = 0;
                comm->barrier(kEpochEndTimeout);
                continue;
            }
        }
        phase.enter("slb.evaluation");
        EpochEvent e;
        e.epoch = pos.epoch;
        e.step = pos.step - 1;
        e.trainLoss = pos.epochSeen ? pos.epochLossSum / double(pos.epochSeen) : 0;
        e.trainAccuracy = pos.epochSeen ? pos.epochCorrect / double(pos.epochSeen) : 0;
        const bool twoNetworks = quant.hasSlb();
        const EvalResult soft = evaluate(twoNetworks ? WeightMode::Continuous : WeightMode::Auto);
        const EvalResult hardEval = twoNetworks ? evaluate(WeightMode::Discrete) : soft;
        e.testLossSoft = soft.loss;
        e.testLossHard = hardEval.loss;
        e.testAccSoft = soft.accuracy;
        e.testAccHard = hardEval.accuracy;
        e.testTop5Soft = soft.top5;
        e.testTop5Hard = hardEval.top5;
        const TrainProgress last = layout.atIteration(std::max<std::int64_t>(0, pos.step - 1));
        e.temperature = quant.hasSlb() ? config.temperature.temperature(last) : 0;
        e.lr = config.lr.lr(last);
        e.hardPhase = hard;
        e.seconds = secondsSince(epochStart);
        e.imagesPerSec = trainSeconds > 0 ? double(trainImages) / trainSeconds : 0;
        e.rankImagesPerSec = result.rankImagesPerSec;

        phase.leave();
        result.testAccSoft = e.testAccSoft;
        result.testAccHard = e.testAccHard;
        result.testTop5Soft = e.testTop5Soft;
        result.testTop5Hard = e.testTop5Hard;
        result.trainLoss = e.trainLoss;
        result.imagesPerSec = e.imagesPerSec;
        result.epochs = pos.epoch + 1;
        result.steps = pos.step;

        pos.stepInEpoch = 0;
        pos.epochLossSum = pos.epochCorrect = 0;
        pos.epochSeen = 0;
        for (auto* o : observers)
            o->onEpoch(e);
        // The state at the end of the epoch, unless its last step already took a snapshot.
        if ((pos.step - 1) % config.snapshotEvery != 0)
            emitSnapshot();
        if (!checkpointDir.empty()) {
            const int epochBackup = pos.epoch;
            ++pos.epoch;  // the checkpoint continues with the next epoch
            saveCheckpoint("last.pt");
            pos.epoch = epochBackup;
        }
        if (distributed())
            comm->barrier(kEpochEndTimeout);  // the other ranks wait for this epoch's end
    }
    result.seconds = secondsSince(runStart);
    if (!config.out.empty()) {
        std::filesystem::create_directories(config.out);
        finalModel = (std::filesystem::path(config.out) / "model.pt").string();
        saveModelFile(finalModel, *model, config);
    }
    result.status = RunStatus::Finished;
    result.message = "finished after " + std::to_string(config.epochs) + " epochs";
    emitLifecycle(RunStatus::Finished, result.message);
    return RunStatus::Finished;
}

}  // namespace slb
