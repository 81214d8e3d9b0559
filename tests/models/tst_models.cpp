// The model zoo: output shapes for each dataset's input, which layers are quantized and how,
// and starting a quantized network from float weights.
#include <QtTest/QtTest>

#include <fstream>

#include <torch/torch.h>

#include "models/modelio.h"
#include "models/network.h"
#include "quant/lsq.h"
#include "quant/quantstate.h"
#include "quant/slblayers.h"
#include "quant/statebatchnorm.h"

using namespace slb;

namespace {

ModelSpec spec(const std::string& name, Method m, int c, int h, int classes) {
    RunConfig cfg;
    cfg.model = name;
    cfg.method = m;
    cfg.wbits = 2;
    return modelSpecFrom(cfg, c, h, h, classes);
}

}  // namespace

class TstModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        torch::manual_seed(1);
        torch::set_num_threads(2);
    }
    void shapes_data();
    void shapes();
    void quantizedLayersOfCnn();
    void lsqEdgesAtEightBits();
    void edgePolicyConfigurable();
    void resnet20Layers();
    void unknownModelThrows();
    void initFromFloatTransfers();
    void modelFileRoundTrip();
};

void TstModels::shapes_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("size");
    for (const char* m : {"cnn", "lenet5", "resnet20", "vgg_small", "resnet18"}) {
        for (int method : {int(Method::Float), int(Method::Slb), int(Method::Lsq)}) {
            const QString base = QString("%1-%2").arg(m).arg(toString(Method(method)));
            QTest::newRow(qPrintable(base + "-fashion")) << QString(m) << method << 1 << 28;
            QTest::newRow(qPrintable(base + "-cifar")) << QString(m) << method << 3 << 32;
            QTest::newRow(qPrintable(base + "-synthetic")) << QString(m) << method << 1 << 16;
        }
    }
}

void TstModels::shapes() {
    QFETCH(QString, model);
    QFETCH(int, method);
    QFETCH(int, channels);
    QFETCH(int, size);
    Network net = buildModel(spec(model.toStdString(), Method(method), channels, size, 10));
    net->train();
    const auto y = net->forward(torch::randn({2, channels, size, size}));
    QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 10}));
    QVERIFY(torch::isfinite(y).all().item<bool>());
    net->eval();
    const auto z = net->forward(
        torch::randn({3, channels, size, size}).contiguous(torch::MemoryFormat::ChannelsLast));
    QCOMPARE(z.sizes().vec(), (std::vector<std::int64_t>{3, 10}));
    QuantControl q(*net);
    if (Method(method) == Method::Float)
        QCOMPARE(int(q.layerCount()), 0);
    else
        QVERIFY(q.layerCount() > 0);
}

void TstModels::quantizedLayersOfCnn() {
    Network net = buildModel(spec("cnn", Method::Slb, 1, 28, 10));
    QuantControl q(*net);
    // SLB: all convs but the first; the classifier stays float (README, "What is implemented").
    QCOMPARE(q.layerNames(), (std::vector<std::string>{"conv2", "conv3"}));
    const auto infos = q.layerInfos();
    QCOMPARE(infos[0].kind, std::string("slb"));
    QCOMPARE(infos[0].weightBits, 2);
    QCOMPARE(infos[0].numWeights, std::int64_t(64 * 32 * 9));
    QVERIFY(q.hasStateBn());
    bool firstIsFloat = false;
    for (const auto& m : net->named_modules("", false))
        if (m.key() == "conv1")
            firstIsFloat = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(m.value()) != nullptr;
    QVERIFY(firstIsFloat);
}

void TstModels::lsqEdgesAtEightBits() {
    Network net = buildModel(spec("cnn", Method::Lsq, 1, 28, 10));
    QuantControl q(*net);
    // LSQ: first and last layers quantized too, at 8 bits (LSQ §2.3).
    QCOMPARE(q.layerNames(), (std::vector<std::string>{"conv1", "conv2", "conv3", "fc"}));
    const auto infos = q.layerInfos();
    QCOMPARE(infos.front().weightBits, 8);
    QCOMPARE(infos.back().weightBits, 8);
    QCOMPARE(infos[1].weightBits, 2);
}

void TstModels::edgePolicyConfigurable() {
    RunConfig cfg;
    cfg.model = "cnn";
    cfg.method = Method::Slb;
    cfg.wbits = 1;
    cfg.firstLayer = EdgeLayer::Quantized;
    cfg.lastLayer = EdgeLayer::EightBit;
    Network net = buildModel(modelSpecFrom(cfg, 1, 28, 28, 10));
    QuantControl q(*net);
    QCOMPARE(q.layerNames(), (std::vector<std::string>{"conv1", "conv2", "conv3", "fc"}));
    QCOMPARE(q.layerInfos().front().weightBits, 1);
    QCOMPARE(q.layerInfos().back().weightBits, 8);
    cfg.method = Method::Lsq;
    cfg.wbits = 3;
    cfg.firstLayer = EdgeLayer::Float;
    cfg.lastLayer = EdgeLayer::Float;
    Network lsq = buildModel(modelSpecFrom(cfg, 1, 28, 28, 10));
    QCOMPARE(QuantControl(*lsq).layerNames(), (std::vector<std::string>{"conv2", "conv3"}));
}

void TstModels::resnet20Layers() {
    Network net = buildModel(spec("resnet20", Method::Slb, 3, 32, 10));
    QuantControl q(*net);
    // 18 block convs + 2 downsampling shortcuts, in forward order; conv1 stays float.
    QCOMPARE(int(q.layerCount()), 20);
    QCOMPARE(q.layerNames().front(), std::string("layer1.0.conv1"));
    QCOMPARE(q.layerNames().back(), std::string("layer3.2.conv2"));
    QVERIFY(parameterCount(*buildModel(spec("resnet20", Method::Float, 3, 32, 10))) > 260000);
    QVERIFY(parameterCount(*buildModel(spec("resnet20", Method::Float, 3, 32, 10))) < 280000);
}

void TstModels::unknownModelThrows() {
    QVERIFY_EXCEPTION_THROWN(buildModel(spec("alexnet", Method::Float, 1, 28, 10)),
                             std::invalid_argument);
    QVERIFY_EXCEPTION_THROWN(buildModel(spec("lenet5", Method::Float, 1, 8, 10)),
                             std::invalid_argument);
}

void TstModels::initFromFloatTransfers() {
    Network fp = buildModel(spec("cnn", Method::Float, 1, 28, 10));
    {
        torch::NoGradGuard g;
        for (auto& p : fp->parameters())
            p.normal_(0, 0.5);
        for (auto& b : fp->buffers())
            if (b.is_floating_point())
                b.uniform_(0.5, 1.5);
    }
    Network slb = buildModel(spec("cnn", Method::Slb, 1, 28, 10));
    initFromFloat(*slb, *fp);
    std::map<std::string, torch::Tensor> src;
    for (const auto& p : fp->named_parameters())
        src[p.key()] = p.value();
    for (const auto& b : fp->named_buffers())
        src[b.key()] = b.value();
    for (const auto& p : slb->named_parameters()) {
        if (src.count(p.key()))
            QVERIFY2(torch::equal(p.value(), src[p.key()]), p.key().c_str());
    }
    // State BN: both statistic sets start from the float statistics.
    for (const auto& b : slb->named_buffers()) {
        std::string key = b.key();
        const auto pos = key.find("running_mean_q");
        if (pos != std::string::npos)
            QVERIFY(torch::equal(b.value(), src[key.substr(0, pos) + "running_mean"]));
    }
    // SLB conv2: W_q at the nearest value of V of the scaled float weight.
    QuantControl q(*slb);
    const auto& [name, w] = q.slbWeights().front();
    QCOMPARE(name, std::string("conv2"));
    const auto f = src["conv2.weight"];
    const double scale = std::min(f.abs().max().item<double>(), 3 * f.std().item<double>());
    const auto v = torch::tensor(std::vector<float>{-1, -1.f / 3, 1.f / 3, 1});
    const auto nearest = v.index({((f / scale).clamp(-1, 1).unsqueeze(-1) - v).abs().argmin(-1)});
    QVERIFY(torch::equal(w->hardWeight(), nearest));

    Network lsq = buildModel(spec("cnn", Method::Lsq, 1, 28, 10));
    initFromFloat(*lsq, *fp);
    for (const auto& p : lsq->named_parameters())
        if (src.count(p.key()))
            QVERIFY2(torch::equal(p.value(), src[p.key()]), p.key().c_str());
    Network other = buildModel(spec("lenet5", Method::Slb, 1, 28, 10));
    QVERIFY_EXCEPTION_THROWN(initFromFloat(*other, *fp), std::runtime_error);
}

void TstModels::modelFileRoundTrip() {
    QTemporaryDir dir;
    RunConfig cfg;
    cfg.model = "lenet5";
    cfg.method = Method::Slb;
    cfg.wbits = 1;
    Network net = buildModel(modelSpecFrom(cfg, 1, 28, 28, 10));
    const std::string path = dir.filePath("model.pt").toStdString();
    saveModelFile(path, *net, cfg);
    ModelFileInfo info;
    Network back = loadModelFile(path, &info);
    QCOMPARE(info.spec.name, std::string("lenet5"));
    QCOMPARE(info.config.wbits, 1);
    auto a = net->named_parameters();
    auto b = back->named_parameters();
    QCOMPARE(a.size(), b.size());
    for (const auto& p : a)
        QVERIFY(torch::equal(p.value(), b[p.key()]));
    // Not ours: a clear error naming the file.
    const std::string junk = dir.filePath("junk.pt").toStdString();
    std::ofstream(junk) << "not a model";
    try {
        loadModelFile(junk);
        QFAIL("no exception");
    } catch (const std::runtime_error& e) {
        QVERIFY(std::string(e.what()).find(junk) != std::string::npos);
    }
}

QTEST_GUILESS_MAIN(TstModels)
#include "tst_models.moc"
