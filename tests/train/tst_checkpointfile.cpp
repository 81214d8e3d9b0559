// Checkpoint and model files that do not come from this run: every tensor must have the shape
// and type the network was built with and lie inside its storage, every position field must be
// in range, and the optimizer takes only its state from the file. LibTorch's loader alone takes
// a tensor of any shape in place of a parameter: an SLB layer given fewer values of V than its
// A has columns then read past the end of them.
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "checkpointcraft.h"
#include "models/modelio.h"
#include "train/checkpointio.h"
#include "train/trainer.h"
#include "trainerfixture.h"

using namespace slb;
using namespace slb::test;

namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

/// A 2-bit SLB cnn on 1×16×16 input (the CPU kernel path, which reads V by A's last size) with
/// its optimizer after one step, so that momentum buffers exist.
struct Setup {
    RunConfig config = [] {
        RunConfig c = quickConfig();
        c.wbits = 2;
        return c;
    }();
    Network net = buildModel(modelSpecFrom(config, 1, 16, 16, 10));
    std::unique_ptr<torch::optim::Optimizer> opt = makeOptimizer(*net, config);
    Setup() {
        torch::manual_seed(1);
        auto loss = torch::nn::functional::cross_entropy(net->forward(torch::randn({8, 1, 16, 16})),
                                                         torch::randint(0, 10, {8}));
        loss.backward();
        opt->step();
    }
    /// A fresh network and optimizer of the same run, to load into.
    std::pair<Network, std::unique_ptr<torch::optim::Optimizer>> fresh() const {
        Network n = buildModel(modelSpecFrom(config, 1, 16, 16, 10));
        auto o = makeOptimizer(*n, config);
        return {n, std::move(o)};
    }
    std::string firstNamed(const std::string& suffix) const {
        for (const auto& b : net->named_buffers())
            if (b.key().size() > suffix.size() &&
                b.key().compare(b.key().size() - suffix.size(), suffix.size(), suffix) == 0)
                return b.key();
        for (const auto& p : net->named_parameters())
            if (p.key().size() > suffix.size() &&
                p.key().compare(p.key().size() - suffix.size(), suffix.size(), suffix) == 0)
                return p.key();
        return {};
    }
};

/// The message loadCheckpoint throws for `craft`, or "" when it loads.
std::string loadError(const Setup& s, const CheckpointCraft& craft, const std::string& path) {
    craft.write(path, *s.net, *s.opt);
    auto [net, opt] = s.fresh();
    try {
        loadCheckpoint(path, torch::kCPU, *net, *opt);
        return {};
    } catch (const std::runtime_error& e) {
        return e.what();
    }
}

/// A tensor whose sizes reach past its storage, as a crafted file can describe one.
torch::Tensor outOfStorage() {
    torch::Tensor t = torch::zeros({4});
    t.unsafeGetTensorImpl()->set_sizes_contiguous({64});
    return t;
}

}  // namespace

class TstCheckpointFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void craftedCheckpointRoundTrips();
    void tensorOfAnotherShapeOrTypeIsRefused_data();
    void tensorOfAnotherShapeOrTypeIsRefused();
    void tensorOfAnotherTypeIsRefused();
    void tensorOutsideItsStorageIsRefused();
    void badPositionFieldIsNamed_data();
    void badPositionFieldIsNamed();
    void optimizerStateMustFitAndOptionsComeFromTheRun();
    void rngStateIsChecked();
    void resumeFromACraftedCheckpointFailsWithTheMessage();
    void modelFileWithAWrongTensorIsRefused();
};

void TstCheckpointFile::craftedCheckpointRoundTrips() {
    // The crafting helper itself writes what Trainer writes: unchanged, it loads.
    Setup s;
    QTemporaryDir dir;
    const std::string path = dir.filePath("ok.pt").toStdString();
    CheckpointCraft::of(s.config, *s.net).write(path, *s.net, *s.opt);
    auto [net, opt] = s.fresh();
    const CheckpointContents c = loadCheckpoint(path, torch::kCPU, *net, *opt);
    QCOMPARE(c.position.epoch, 1);
    QCOMPARE(c.position.step, std::int64_t(12));
    QCOMPARE(c.position.stepInEpoch, std::int64_t(4));
    QCOMPARE(c.position.epochSeen, std::int64_t(256));
    QVERIFY(c.rngState.defined());
    const std::string a = s.firstNamed(".A");
    QVERIFY(!a.empty());
    QVERIFY(torch::equal(*net->named_parameters().find(a), *s.net->named_parameters().find(a)));
}

void TstCheckpointFile::tensorOfAnotherShapeOrTypeIsRefused_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("variant");
    QTest::addColumn<QString>("expected");
    QTest::newRow("V with one value for four columns of A")
        << ".values" << 0 << "this network needs";
    QTest::newRow("A of another bit-width") << ".A" << 1 << "this network needs";
    QTest::newRow("A left out") << ".A" << 2 << "is missing";
}

void TstCheckpointFile::tensorOfAnotherShapeOrTypeIsRefused() {
    QFETCH(QString, suffix);
    QFETCH(int, variant);
    QFETCH(QString, expected);
    Setup s;
    const std::string name = s.firstNamed(suffix.toStdString());
    QVERIFY(!name.empty());
    torch::Tensor original;
    for (const auto& b : s.net->named_buffers())
        if (b.key() == name)
            original = b.value();
    for (const auto& p : s.net->named_parameters())
        if (p.key() == name)
            original = p.value();
    CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
    switch (variant) {
        case 0:
            craft.tensors[name] = torch::tensor({-1.0f});
            break;
        case 1: {
            auto sizes = original.sizes().vec();
            sizes.back() = 2;
            craft.tensors[name] = torch::zeros(sizes);
            break;
        }
        default:
            craft.dropped.insert(name);
    }
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad.pt").toStdString();
    const std::string msg = loadError(s, craft, path);
    QVERIFY2(contains(msg, path + ": ") && contains(msg, expected.toStdString()), msg.c_str());
    if (variant < 2)
        QVERIFY2(contains(msg, "'" + name + "'"), msg.c_str());
}

void TstCheckpointFile::tensorOfAnotherTypeIsRefused() {
    // LibTorch's Module::load took a float64 tensor of the right shape as a float32 view of its
    // bytes (values like 1e-19): it is refused by its type, and the right one loads exactly.
    Setup s;
    const std::string name = s.firstNamed(".A");
    const torch::Tensor original = *s.net->named_parameters().find(name);
    CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
    craft.tensors[name] = original.detach().to(torch::kDouble);
    QTemporaryDir dir;
    const std::string path = dir.filePath("double.pt").toStdString();
    const std::string msg = loadError(s, craft, path);
    QVERIFY2(contains(msg, path + ": tensor '" + name + "' is ") && contains(msg, "Double") &&
                 contains(msg, "this network needs"),
             msg.c_str());
    craft.tensors[name] = original.detach() * 2;
    QCOMPARE(loadError(s, craft, path), std::string());
    auto [net, opt] = s.fresh();
    loadCheckpoint(path, torch::kCPU, *net, *opt);
    QVERIFY(torch::equal(*net->named_parameters().find(name), original.detach() * 2));
}

void TstCheckpointFile::tensorOutsideItsStorageIsRefused() {
    // Sizes larger than the stored bytes: whichever of LibTorch's reader or ours sees it first,
    // the file is refused with its path and nothing reads past the 16 bytes.
    Setup s;
    const std::string name = s.firstNamed(".values");
    CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
    craft.tensors[name] = outOfStorage();
    QTemporaryDir dir;
    const std::string path = dir.filePath("outside.pt").toStdString();
    const std::string msg = loadError(s, craft, path);
    QVERIFY2(contains(msg, path + ": ") &&
                 (contains(msg, "reaches outside") || contains(msg, "cannot be read") ||
                  contains(msg, "this network needs")),
             msg.c_str());
    // The check itself, on a tensor of the right shape whose storage is too small.
    torch::Tensor t = torch::zeros({4});
    t.unsafeGetTensorImpl()->set_sizes_contiguous({2, 4});
    try {
        checkTensorInStorage(t, "f.pt", "w");
        QFAIL("an 8-element view of 4 stored elements passed");
    } catch (const std::runtime_error& e) {
        QVERIFY2(contains(e.what(), "f.pt: tensor 'w'") && contains(e.what(), "reaches outside"),
                 e.what());
    }
    torch::Tensor offset = torch::zeros({8});
    offset.unsafeGetTensorImpl()->set_storage_offset(6);
    offset.unsafeGetTensorImpl()->set_sizes_contiguous({4});
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkTensorInStorage(offset, "f.pt", "w"));
    torch::Tensor fits = torch::zeros({8}).narrow(0, 4, 4);
    checkTensorInStorage(fits, "f.pt", "w");  // a view inside its storage is fine
}

void TstCheckpointFile::badPositionFieldIsNamed_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("variant");
    QTest::newRow("negative epoch") << "epoch" << 0;
    QTest::newRow("step as text") << "step" << 1;
    QTest::newRow("step_in_epoch past step") << "step_in_epoch" << 2;
    QTest::newRow("elapsed NaN") << "elapsed" << 3;
    QTest::newRow("more correct than seen") << "epoch_correct" << 4;
    QTest::newRow("epoch missing") << "epoch" << 5;
    QTest::newRow("epoch beyond int") << "epoch" << 6;
}

void TstCheckpointFile::badPositionFieldIsNamed() {
    QFETCH(QString, field);
    QFETCH(int, variant);
    Setup s;
    CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
    const std::string key = field.toStdString();
    switch (variant) {
        case 0:
            craft.fields[key] = c10::IValue(std::int64_t(-1));
            break;
        case 1:
            craft.fields[key] = c10::IValue(std::string("12"));
            break;
        case 2:
            craft.fields[key] = c10::IValue(std::int64_t(13));
            break;
        case 3:
            craft.fields[key] = c10::IValue(std::nan(""));
            break;
        case 4:
            craft.fields[key] = c10::IValue(257.0);
            break;
        case 5:
            craft.fields.erase(key);
            break;
        default:
            craft.fields[key] = c10::IValue(std::int64_t(1) << 40);
    }
    QTemporaryDir dir;
    const std::string path = dir.filePath("pos.pt").toStdString();
    const std::string msg = loadError(s, craft, path);
    QVERIFY2(contains(msg, path + ": checkpoint field '" + key + "': expected "), msg.c_str());
    // The position alone (what `slb-train resume` reads first) refuses it the same way.
    int epoch = 0;
    std::int64_t steps = 0;
    std::string error;
    QVERIFY(!Trainer::checkpointPosition(path, &epoch, &steps, &error));
    QCOMPARE(error, msg);
}

void TstCheckpointFile::optimizerStateMustFitAndOptionsComeFromTheRun() {
    Setup s;
    QTemporaryDir dir;
    // Options in the file (a crafted learning rate and momentum) are not taken: the run's config
    // sets them.
    auto& sgd = dynamic_cast<torch::optim::SGDOptions&>(s.opt->param_groups()[0].options());
    const double momentum = sgd.momentum();
    sgd.momentum(7.5).lr(std::nan(""));
    const std::string ok = dir.filePath("options.pt").toStdString();
    CheckpointCraft::of(s.config, *s.net).write(ok, *s.net, *s.opt);
    {
        auto [net, opt] = s.fresh();
        loadCheckpoint(ok, torch::kCPU, *net, *opt);
        auto& loaded = dynamic_cast<torch::optim::SGDOptions&>(opt->param_groups()[0].options());
        QCOMPARE(loaded.momentum(), momentum);
        QVERIFY(std::isfinite(loaded.lr()));
    }
    // A momentum buffer of another shape is refused, naming the optimizer state.
    const torch::Tensor p0 = s.opt->param_groups()[0].params()[0];
    std::ostringstream key;
    key << p0.unsafeGetTensorImpl();
    auto& state = s.opt->state();
    auto it = state.find(key.str());
    QVERIFY(it != state.end());
    dynamic_cast<torch::optim::SGDParamState&>(*it->second).momentum_buffer(torch::zeros({3, 1}));
    const std::string bad = dir.filePath("momentum.pt").toStdString();
    const std::string msg = loadError(s, CheckpointCraft::of(s.config, *s.net), bad);
    QVERIFY2(contains(msg, bad + ": optimizer state 'momentum of group 0, parameter 0'"),
             msg.c_str());
}

void TstCheckpointFile::rngStateIsChecked() {
    Setup s;
    QTemporaryDir dir;
    const std::string path = dir.filePath("rng.pt").toStdString();
    for (const torch::Tensor& rng : {torch::zeros({3}, torch::kByte), torch::zeros({5056})}) {
        CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
        craft.rng = rng;
        const std::string msg = loadError(s, craft, path);
        QVERIFY2(contains(msg, path + ": checkpoint field 'rng_cpu': expected "), msg.c_str());
    }
}

void TstCheckpointFile::resumeFromACraftedCheckpointFailsWithTheMessage() {
    // Through the trainer, as `slb-train resume` and the workbench's Resume reach it.
    Setup s;
    QTemporaryDir dir;
    const std::string path = dir.filePath("crafted.pt").toStdString();
    const std::string name = s.firstNamed(".values");
    CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
    craft.tensors[name] = torch::tensor({-1.0f});
    craft.write(path, *s.net, *s.opt);
    RunConfig c = s.config;
    c.out = dir.filePath("run").toStdString();
    Trainer t(c);
    t.setResumeCheckpoint(path);
    QCOMPARE(t.run(), RunStatus::Failed);
    const std::string msg = t.summary().message;
    QVERIFY2(contains(msg, path + ": tensor '" + name + "'"), msg.c_str());
}

void TstCheckpointFile::modelFileWithAWrongTensorIsRefused() {
    // Model files (--init-from, --teacher, export) share the loader.
    Setup s;
    QTemporaryDir dir;
    const std::string path = dir.filePath("model.pt").toStdString();
    CheckpointCraft craft = CheckpointCraft::of(s.config, *s.net);
    for (const char* key : {"kind", "epoch", "step", "step_in_epoch", "elapsed", "epoch_loss_sum",
                            "epoch_correct", "epoch_seen"})
        craft.fields.erase(key);
    craft.withOptimizer = craft.withRng = false;
    craft.write(path, *s.net, *s.opt);
    QVERIFY(loadModelFile(path) != nullptr);  // unchanged, it loads
    const std::string name = s.firstNamed(".values");
    craft.tensors[name] = torch::tensor({-1.0f, 1.0f});
    craft.write(path, *s.net, *s.opt);
    try {
        loadModelFile(path);
        QFAIL("a model file with a 2-value V for 2-bit weights was loaded");
    } catch (const std::runtime_error& e) {
        QVERIFY2(contains(e.what(), path + ": tensor '" + name + "'"), e.what());
    }
}

QTEST_GUILESS_MAIN(TstCheckpointFile)
#include "tst_checkpointfile.moc"
