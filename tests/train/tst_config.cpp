// The run config: JSON round trip of every field, validation messages that name the field, and
// the defaults the README's slb-train section lists.
#include <QtTest/QtTest>

#include "base/config.h"

using namespace slb;

class TstConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void jsonRoundTripOfEveryField();
    void unknownAndBadValues_data();
    void unknownAndBadValues();
    void validation_data();
    void validation();
    void flagsMapToKeys();
    void resolvedDefaultsPerMethod();
};

void TstConfig::defaults() {
    const RunConfig c;
    QVERIFY(c.validate().empty());
    QCOMPARE(c.model, std::string("cnn"));
    QCOMPARE(c.method, Method::Slb);
    QCOMPARE(c.wbits, 2);
    QCOMPARE(c.abits, 32);
    QCOMPARE(c.dataset, std::string("fashion-mnist"));
    QCOMPARE(c.resolvedDataDir(), std::string("/usr/share/datasets/fashion-mnist"));
    QCOMPARE(c.temperature.kind, TempScheduleKind::Exp);
    QCOMPARE(c.bnMode, StateBnMode::Calibration);
    QVERIFY(!c.decayAux);  // weight decay on A fights sharpening
    // Golden Stick's factor defaults stay in place for when factor is picked.
    QCOMPARE(c.temperature.t0, 1.0);
    QCOMPARE(c.temperature.factor, 1.2);
    QCOMPARE(c.temperature.start, 0.2);
    QCOMPARE(c.temperature.end, 0.6);
}

void TstConfig::jsonRoundTripOfEveryField() {
    RunConfig c;
    // Give every field a value different from its default, through the registry itself.
    const RunConfig d;
    for (const auto& f : configFields()) {
        std::string v;
        switch (f.type) {
            case ConfigField::Type::Int:
                v = f.key == "wbits" ? "4" : f.key == "abits" ? "8" : "3";
                break;
            case ConfigField::Type::Real:
                v = f.key == "lr" ? "0.0375" : "0.4375";
                break;
            case ConfigField::Type::Bool:
                v = f.get(d) == "true" ? "false" : "true";
                break;
            case ConfigField::Type::List:
                v = "0.25,0.5,7";
                break;
            case ConfigField::Type::Choice:
                v = f.choices.back() == f.get(d) ? f.choices.front() : f.choices.back();
                break;
            case ConfigField::Type::Text:
                v = "/tmp/" + f.key;
                break;
        }
        QVERIFY2(f.set(c, v).empty(), f.key.c_str());
        QVERIFY2(f.get(c) != f.get(d), f.key.c_str());
    }
    RunConfig back;
    std::string error;
    QVERIFY2(RunConfig::fromJson(c.toJson(), &back, &error), error.c_str());
    for (const auto& f : configFields())
        QCOMPARE(f.get(back), f.get(c));
}

void TstConfig::unknownAndBadValues_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << R"({"wbitz": 2})"
                                 << "wbitz: unknown";
    QTest::newRow("not an int") << R"({"epochs": "five"})"
                                << "epochs:";
    QTest::newRow("bad choice") << R"({"method": "xnor"})"
                                << "method: 'xnor' is not one of";
    QTest::newRow("not json") << R"({"epochs": )"
                              << "not valid JSON (at byte ";
    QTest::newRow("number beyond double") << R"({"lr": 1e999})"
                                          << "not valid JSON (a number too large to read)";
    QTest::newRow("not an object") << R"([1, 2])"
                                   << "JSON object";
    QTest::newRow("nan lr") << R"({"lr": "nan"})"
                            << "lr:";
}

void TstConfig::unknownAndBadValues() {
    QFETCH(QString, json);
    QFETCH(QString, expected);
    RunConfig c;
    std::string error;
    QVERIFY(!RunConfig::fromJson(json.toStdString(), &c, &error));
    QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
    QVERIFY2(!QString::fromStdString(error).contains("json.exception"), error.c_str());
}

void TstConfig::validation_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("slb 0 bits") << R"({"wbits": 0})"
                                << "wbits";
    QTest::newRow("slb 5 bits") << R"({"wbits": 5})"
                                << "wbits";
    QTest::newRow("lsq 1 bit") << R"({"method": "lsq", "wbits": 1})"
                               << "wbits";
    QTest::newRow("lsq 9 bits") << R"({"method": "lsq", "wbits": 9})"
                                << "wbits";
    QTest::newRow("abits 0") << R"({"abits": 0})"
                             << "abits";
    QTest::newRow("lsq act 1 bit") << R"({"method": "lsq", "abits": 1})"
                                   << "abits";
    QTest::newRow("negative lr") << R"({"lr": -0.1})"
                                 << "lr";
    QTest::newRow("zero epochs") << R"({"epochs": 0})"
                                 << "epochs";
    QTest::newRow("zero batch") << R"({"batch_size": 0})"
                                << "batch_size";
    QTest::newRow("unknown model") << R"({"model": "alexnet"})"
                                   << "model";
    QTest::newRow("bad device") << R"({"device": "tpu"})"
                                << "device";
    QTest::newRow("exp from 0") << R"({"temp_schedule": "exp", "t_start": 0})"
                                << "t_start";
    QTest::newRow("factor end < start")
        << R"({"temp_schedule": "factor", "t_start_frac": 0.5, "t_end_frac": 0.2})"
        << "t_end_frac";
}

void TstConfig::validation() {
    QFETCH(QString, json);
    QFETCH(QString, field);
    RunConfig c;
    std::string error;
    if (!c.applyJson(json.toStdString(), &error)) {
        // Rejected while parsing: the message names the field too.
        QVERIFY2(QString::fromStdString(error).startsWith(field + ":"), error.c_str());
        return;
    }
    const std::string v = c.validate();
    QVERIFY2(QString::fromStdString(v).startsWith(field + ":"), v.c_str());
}

void TstConfig::flagsMapToKeys() {
    const ConfigField* f = findConfigField("--temp-schedule");
    QVERIFY(f);
    QCOMPARE(f->key, std::string("temp_schedule"));
    QCOMPARE(f->flag(), std::string("--temp-schedule"));
    QVERIFY(findConfigField("init_from"));
    QVERIFY(!findConfigField("--no-such-flag"));
    // Every flag the issue names exists.
    for (const char* k : {"dataset", "data_dir", "model", "method", "wbits", "abits", "epochs",
                          "batch_size", "lr", "optimizer", "train_limit", "seed", "threads",
                          "device", "temp_schedule", "out", "init_from", "teacher"})
        QVERIFY2(findConfigField(k), k);
}

void TstConfig::resolvedDefaultsPerMethod() {
    RunConfig c;
    QCOMPARE(c.resolvedFirstLayer(), EdgeLayer::Float);  // SLB: first conv float
    QCOMPARE(c.resolvedLastLayer(), EdgeLayer::Float);
    QCOMPARE(c.resolvedActQuant(), ActQuantKind::None);  // A32
    c.abits = 2;
    QCOMPARE(c.resolvedActQuant(), ActQuantKind::DoReFa);  // the paper's activations
    c.method = Method::Lsq;
    QCOMPARE(c.resolvedFirstLayer(), EdgeLayer::EightBit);  // LSQ: first and last at 8 bits
    QCOMPARE(c.resolvedLastLayer(), EdgeLayer::EightBit);
    QCOMPARE(c.resolvedActQuant(), ActQuantKind::Lsq);
    QVERIFY(!c.resolvedAugment());
    c.dataset = "cifar10";
    QVERIFY(c.resolvedAugment());
}

QTEST_GUILESS_MAIN(TstConfig)
#include "tst_config.moc"
