// The Experiment panel as a person uses it: a form generated from the config registry, typed into
// key by key, that refuses exactly what slb-train refuses and in the same words; presets that are
// valid runs; a preview that follows the fields; steering while paused.
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "base/config.h"
#include "configfieldeditor.h"
#include "configform.h"
#include "experimentpanel.h"
#include "presetlibrary.h"
#include "temperaturepreview.h"

using namespace slb;

using Changes = std::vector<std::pair<std::string, std::string>>;

namespace {

QString registryDefault(const ConfigField& f) {
    return QString::fromStdString(f.get(RunConfig{}));
}

/** What an editor shows, in the registry's text form. */
QString shownText(QWidget* w) {
    if (auto* line = qobject_cast<QLineEdit*>(w))
        return line->text();
    if (auto* combo = qobject_cast<QComboBox*>(w))
        return combo->currentText();
    if (auto* check = qobject_cast<QCheckBox*>(w))
        return check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    return QStringLiteral("<no editor>");
}

/** Types `value` into the editor of `key` as a person would: replace the text, key by key. */
bool typeInto(ExperimentPanel& panel, const QString& key, const QString& value) {
    QWidget* w = panel.findChild<QWidget*>(key);
    if (auto* line = qobject_cast<QLineEdit*>(w)) {
        line->setFocus();
        QTest::keyClick(line, Qt::Key_A, Qt::ControlModifier);
        if (value.isEmpty())
            QTest::keyClick(line, Qt::Key_Delete);
        else
            QTest::keyClicks(line, value);
        return line->text() == value;
    }
    if (auto* combo = qobject_cast<QComboBox*>(w)) {
        const int i = combo->findText(value);
        if (i < 0)
            return false;
        combo->setCurrentIndex(i);
        return true;
    }
    if (auto* check = qobject_cast<QCheckBox*>(w)) {
        if (check->isChecked() != (value == QLatin1String("true")))
            check->click();
        return true;
    }
    return false;
}

/** A config with "key=value" settings applied through the registry. */
RunConfig configWith(const QStringList& settings) {
    RunConfig c;
    for (const QString& kv : settings) {
        const ConfigField* f = findConfigField(kv.section('=', 0, 0).toStdString());
        if (!f || !f->set(c, kv.section('=', 1).toStdString()).empty())
            qFatal("bad test setting %s", qPrintable(kv));
    }
    return c;
}

QCPGraph* plannedT(ExperimentPanel& panel) {
    return panel.findChild<QCustomPlot*>(QStringLiteral("temperaturePlot"))->graph(0);
}

double lastPlannedT(ExperimentPanel& panel) {
    const auto data = plannedT(panel)->data();
    return data->isEmpty() ? std::nan("") : (data->constEnd() - 1)->value;
}

}  // namespace

class TstExperimentPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formHasOneEditorPerRegistryField();
    void choiceEditorsOfferTheRegistrysChoices();
    void refusesWhatTheRegistryRefuses_data();
    void refusesWhatTheRegistryRefuses();
    void validEditEmitsConfigAndClearsError();
    void restoreRefusesWhatTheRegistryRefuses_data();
    void restoreRefusesWhatTheRegistryRefuses();
    void everyPresetIsAValidRunAndRoundTrips();
    void presetValuesAreDeliberate();
    void presetPickerFollowsTheForm();
    void datasetWithoutFolderIsSaidClearly();
    void plannedLayoutFromTheDataset();
    void previewFollowsTheFields();
    void previewFitsANarrowPanel();
    void modesLimitWhatIsEditable();
    void pausedSteering();
};

void TstExperimentPanel::formHasOneEditorPerRegistryField() {
    ExperimentPanel panel;
    QCOMPARE(panel.form()->fieldEditors().size(), configFields().size());
    for (const ConfigField& f : configFields()) {
        const QString key = QString::fromStdString(f.key);
        const auto named = panel.findChildren<QWidget*>(key);
        QVERIFY2(named.size() == 1, qPrintable(key));
        QCOMPARE(shownText(named.front()), registryDefault(f));
        // Labelled by the key made readable, with the registry's help as tooltip and hint.
        auto* label = panel.findChild<QLabel*>(key + QStringLiteral("Label"));
        QVERIFY2(label, qPrintable(key));
        QCOMPARE(label->text(), key.split('_').join(' '));
        QVERIFY(named.front()->toolTip().contains(QString::fromStdString(f.help)));
        QCOMPARE(panel.findChild<QLabel*>(key + QStringLiteral("Hint"))->text(),
                 QString::fromStdString(f.help));
    }
    QCOMPARE(panel.findChildren<QGroupBox*>().size(), 5);
    for (const char* chooser : {"data_dirBrowse", "outBrowse", "init_fromBrowse", "teacherBrowse"})
        QVERIFY2(panel.findChild<QWidget*>(chooser), chooser);
    QVERIFY(panel.isValid());
    QVERIFY(panel.validationError().isEmpty());
    QCOMPARE(panel.toJson().toStdString(), RunConfig{}.toJson());
}

void TstExperimentPanel::choiceEditorsOfferTheRegistrysChoices() {
    ExperimentPanel panel;
    for (const ConfigField& f : configFields()) {
        if (f.type != ConfigField::Type::Choice)
            continue;
        auto* combo = panel.findChild<QComboBox*>(QString::fromStdString(f.key));
        QVERIFY2(combo, f.key.c_str());
        QStringList items, choices;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        for (const std::string& c : f.choices)
            choices << QString::fromStdString(c);
        QCOMPARE(items, choices);
    }
    // What slb-train refuses as a choice cannot even be picked.
    QCOMPARE(panel.findChild<QComboBox*>("model")->findText("alexnet"), -1);
    QCOMPARE(panel.findChild<QComboBox*>("method")->findText("foo"), -1);
    // The device list comes from the main window, and a saved device stays shown.
    panel.setDevices({"auto", "cpu", "cuda:0"});
    auto* device = panel.findChild<QComboBox*>("device");
    QCOMPARE(device->count(), 3);
    QVERIFY(panel.restoreJson(R"({"device": "cuda:3"})"));
    QCOMPARE(device->currentText(), QStringLiteral("cuda:3"));
    QVERIFY(typeInto(panel, "device", "cpu"));
    QCOMPARE(panel.config().device, std::string("cpu"));
}

void TstExperimentPanel::refusesWhatTheRegistryRefuses_data() {
    QTest::addColumn<QStringList>("setup");  // valid "key=value" edits made first
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("literal");  // when given: the exact text expected
    // From tests/train/tst_config.cpp and tests/app/tst_slbtrain.cpp, and one per range.
    QTest::newRow("slb 0 bits") << QStringList{} << "wbits"
                                << "0"
                                << "";
    QTest::newRow("slb 5 bits") << QStringList{} << "wbits"
                                << "5"
                                << "wbits: SLB supports 1, 2, 3, 4 or 8 bits, got 5";
    QTest::newRow("lsq 1 bit") << QStringList{"method=lsq"} << "wbits"
                               << "1"
                               << "";
    QTest::newRow("lsq 9 bits") << QStringList{"method=lsq"} << "wbits"
                                << "9"
                                << "";
    QTest::newRow("abits 0") << QStringList{} << "abits"
                             << "0"
                             << "";
    QTest::newRow("lsq act 1 bit") << QStringList{"method=lsq"} << "abits"
                                   << "1"
                                   << "";
    QTest::newRow("negative lr") << QStringList{} << "lr"
                                 << "-0.1"
                                 << "";
    QTest::newRow("lr abc") << QStringList{} << "lr"
                            << "abc"
                            << "lr: 'abc' is not a finite number";
    QTest::newRow("nan lr") << QStringList{} << "lr"
                            << "nan"
                            << "";
    QTest::newRow("zero epochs") << QStringList{} << "epochs"
                                 << "0"
                                 << "";
    QTest::newRow("epochs many") << QStringList{} << "epochs"
                                 << "many"
                                 << "";
    QTest::newRow("zero batch") << QStringList{} << "batch_size"
                                << "0"
                                << "";
    QTest::newRow("negative batch") << QStringList{} << "batch_size"
                                    << "-1"
                                    << "";
    QTest::newRow("exp from 0") << QStringList{} << "t_start"
                                << "0"
                                << "";
    QTest::newRow("negative t_end") << QStringList{} << "t_end"
                                    << "-5"
                                    << "";
    QTest::newRow("factor end < start")
        << QStringList{"temp_schedule=factor", "t_start_frac=0.5"} << "t_end_frac"
        << "0.2"
        << "";
    QTest::newRow("threads -1") << QStringList{} << "threads"
                                << "-1"
                                << "threads: must lie in [0, 1024], got -1";
    QTest::newRow("edge bits 9") << QStringList{} << "edge_bits"
                                 << "9"
                                 << "";
    QTest::newRow("momentum 2") << QStringList{} << "momentum"
                                << "2"
                                << "";
    QTest::newRow("negative seed") << QStringList{} << "seed"
                                   << "-3"
                                   << "";
    QTest::newRow("milestone x") << QStringList{} << "lr_milestones"
                                 << "0.5,x"
                                 << "";
    QTest::newRow("snapshot 0") << QStringList{} << "snapshot_every"
                                << "0"
                                << "";
}

void TstExperimentPanel::refusesWhatTheRegistryRefuses() {
    QFETCH(QStringList, setup);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, literal);
    ExperimentPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (const QString& kv : setup)
        QVERIFY2(typeInto(panel, kv.section('=', 0, 0), kv.section('=', 1)), qPrintable(kv));
    QVERIFY2(panel.isValid(), qPrintable(panel.validationError()));
    const std::string before = panel.config().toJson();
    QSignalSpy validity(&panel, &ExperimentPanel::validityChanged);

    QVERIFY(typeInto(panel, key, value));

    // The registry's own verdict on the same value in the same config.
    RunConfig copy = configWith(setup);
    const std::string reason = findConfigField(key.toStdString())->set(copy, value.toStdString());
    QWidget* editor = panel.findChild<QWidget*>(key);
    auto* message = panel.findChild<QLabel*>(key + QStringLiteral("Error"));
    auto* banner = panel.findChild<QLabel*>(QStringLiteral("validationBanner"));
    QString expected;
    if (!reason.empty()) {
        // Refused by the field itself: what slb-train prints after "invalid --<flag>".
        expected = key + QStringLiteral(": ") + QString::fromStdString(reason);
    } else {
        // Accepted by the field, refused by RunConfig::validate() (cross-field): the banner.
        expected = QString::fromStdString(copy.validate());
        QVERIFY2(!expected.isEmpty(), "the registry accepts this row: not a refused value");
        QVERIFY(expected.startsWith(key + QStringLiteral(": ")));
    }
    if (!literal.isEmpty())
        QCOMPARE(expected, literal);
    QCOMPARE(panel.validationError(), expected);
    QVERIFY(!panel.isValid());
    // Keystrokes on the way may flip it ("0" of "0.5,x" is refused too); it ends invalid.
    QVERIFY(!validity.isEmpty());
    QCOMPARE(validity.back().front().toBool(), false);
    QCOMPARE(message->text(), expected);
    QVERIFY(message->isVisible());
    QCOMPARE(editor->property("severity").toString(), QStringLiteral("error"));
    QCOMPARE(banner->text(), expected);
    QVERIFY(banner->isVisible());
    // config() stays the last valid one (a valid prefix typed on the way may be in it).
    QVERIFY(panel.config().validate().empty());
    QVERIFY(findConfigField(key.toStdString())->get(panel.config()) != value.toStdString());
    if (value.size() == 1)
        QCOMPARE(panel.config().toJson(), before);
}

void TstExperimentPanel::validEditEmitsConfigAndClearsError() {
    ExperimentPanel panel;
    QSignalSpy changed(&panel, &ExperimentPanel::configChanged);
    QSignalSpy validity(&panel, &ExperimentPanel::validityChanged);
    QVERIFY(typeInto(panel, "epochs", "0"));
    QVERIFY(!panel.isValid());
    QVERIFY(typeInto(panel, "epochs", "12"));
    QVERIFY(panel.isValid());
    QCOMPARE(validity.size(), 2);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(qvariant_cast<RunConfig>(changed.back().front()).epochs, 12);
    QCOMPARE(panel.config().epochs, 12);
    QVERIFY(panel.findChild<QLabel*>("epochsError")->text().isEmpty());
    QVERIFY(panel.findChild<QWidget*>("epochs")->property("severity").toString().isEmpty());
    QVERIFY(!panel.findChild<QLabel*>("validationBanner")->isVisibleTo(&panel));
    QVERIFY(typeInto(panel, "nesterov", "true"));
    QVERIFY(panel.config().nesterov);
}

void TstExperimentPanel::restoreRefusesWhatTheRegistryRefuses_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("literal");
    QTest::newRow("method foo") << R"({"method": "foo"})"
                                << "method: 'foo' is not one of fp, slb, lsq";
    QTest::newRow("unknown model") << R"({"model": "alexnet"})"
                                   << "";
    QTest::newRow("bad device") << R"({"device": "tpu"})"
                                << "";
    QTest::newRow("epochs five") << R"({"epochs": "five"})"
                                 << "";
    QTest::newRow("unknown key") << R"({"wbitz": 2})"
                                 << "";
    QTest::newRow("not json") << R"({"epochs": )"
                              << "";
}

void TstExperimentPanel::restoreRefusesWhatTheRegistryRefuses() {
    QFETCH(QString, json);
    QFETCH(QString, literal);
    ExperimentPanel panel;
    QVERIFY(panel.applyPreset("slb-w4"));
    const QString before = panel.toJson();
    RunConfig c;
    std::string expected;
    if (c.applyJson(json.toStdString(), &expected))
        expected = c.validate();
    QVERIFY(!expected.empty());
    QString error;
    QVERIFY(!panel.restoreJson(json, &error));
    QCOMPARE(error, QString::fromStdString(expected));
    if (!literal.isEmpty())
        QCOMPARE(error, literal);
    QCOMPARE(panel.toJson(), before);
    QVERIFY(panel.isValid());
}

void TstExperimentPanel::everyPresetIsAValidRunAndRoundTrips() {
    QString error;
    const PresetLibrary file =
        PresetLibrary::fromFile(QStringLiteral(":/presets/presets.json"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ExperimentPanel panel;
    const QStringList ids = panel.presetIds();
    QCOMPARE(ids, (QStringList{"demo", "guided-demo", "slb-w1", "slb-w2", "slb-w4", "lsq-w2a2",
                               "resnet20-paper"}));
    QCOMPARE(file.ids(), ids);
    for (const QString& id : ids) {
        const Preset* p = file.find(id);
        QVERIFY(p && !p->name.isEmpty() && p->description.size() > 40);
        RunConfig expected;
        QVERIFY2(PresetLibrary::configOf(*p, &expected, &error), qPrintable(id + ": " + error));
        QVERIFY2(panel.applyPreset(id), qPrintable(id));
        QVERIFY2(panel.isValid(), qPrintable(id + ": " + panel.validationError()));
        QCOMPARE(panel.config().toJson(), expected.toJson());
        QCOMPARE(panel.currentPresetId(), id);
        // Every editor shows the preset's value.
        for (const ConfigField& f : configFields())
            QCOMPARE(shownText(panel.findChild<QWidget*>(QString::fromStdString(f.key))),
                     QString::fromStdString(f.get(expected)));
        ExperimentPanel other;
        QVERIFY2(other.restoreJson(panel.toJson(), &error), qPrintable(error));
        QCOMPARE(other.toJson(), panel.toJson());
        QCOMPARE(other.currentPresetId(), id);
    }
    QVERIFY(!panel.applyPreset("no-such-preset"));
    QCOMPARE(panel.currentPresetId(), ids.back());
}

void TstExperimentPanel::presetValuesAreDeliberate() {
    ExperimentPanel panel;
    auto preset = [&panel](const char* id) {
        if (!panel.applyPreset(id))
            qFatal("preset %s", id);
        return panel.config();
    };
    const RunConfig demo = preset("demo");
    QCOMPARE(demo.model, std::string("cnn"));
    QCOMPARE(demo.method, Method::Slb);
    QCOMPARE(demo.wbits, 2);
    QCOMPARE(demo.abits, 32);
    QCOMPARE(demo.dataset, std::string("fashion-mnist"));
    QCOMPARE(demo.epochs, 3);
    QCOMPARE(demo.batchSize, 128);
    QCOMPARE(demo.lr.base, 0.1);
    QCOMPARE(demo.lr.kind, LrScheduleKind::Cosine);
    QCOMPARE(demo.temperature.kind, TempScheduleKind::Exp);
    QCOMPARE(demo.temperature.unit, ScheduleUnit::Iteration);
    QCOMPARE(demo.temperature.tStart, 1.0);
    QCOMPARE(demo.temperature.tEnd, 1000.0);
    QCOMPARE(demo.snapshotEvery, 25);
    // Weight decay on the float first conv and classifier cost SLB ~0.5 pt: every SLB preset on
    // the cnn sets it to 0 on purpose.
    for (const char* id : {"demo", "slb-w1", "slb-w2", "slb-w4"}) {
        const RunConfig c = preset(id);
        QCOMPARE(c.weightDecay, 0.0);
        QCOMPARE(c.method, Method::Slb);
        QCOMPARE(c.temperature.tEnd, 1000.0);
        if (QByteArray(id) != "demo")
            QCOMPARE(c.epochs, 5);
    }
    // The guided demo is the demo with a hard phase in its last epoch, to have one to narrate.
    RunConfig guided = preset("guided-demo");
    QCOMPARE(guided.temperature.hardPhaseStartEpoch(guided.epochs), 3);
    guided.temperature.hardFrom = demo.temperature.hardFrom;
    QCOMPARE(guided.toJson(), demo.toJson());
    QCOMPARE(preset("slb-w1").wbits, 1);
    QCOMPARE(preset("slb-w4").wbits, 4);
    const RunConfig lsq = preset("lsq-w2a2");
    QCOMPARE(lsq.method, Method::Lsq);
    QCOMPARE(lsq.wbits, 2);
    QCOMPARE(lsq.abits, 2);
    QCOMPARE(lsq.lr.base, 0.01);
    QCOMPARE(lsq.lr.kind, LrScheduleKind::Cosine);
    QVERIFY(lsq.initFrom.empty());
    const RunConfig paper = preset("resnet20-paper");
    QCOMPARE(paper.model, std::string("resnet20"));
    QCOMPARE(paper.dataset, std::string("cifar10"));
    QVERIFY(paper.dataDir.empty());
    QCOMPARE(paper.method, Method::Slb);
    QCOMPARE(paper.wbits, 1);
    QCOMPARE(paper.epochs, 500);
    QCOMPARE(paper.batchSize, 100);
    QCOMPARE(paper.lr.kind, LrScheduleKind::Step);
    QCOMPARE(paper.lr.milestones, (std::vector<double>{350, 440, 475}));
}

void TstExperimentPanel::presetPickerFollowsTheForm() {
    ExperimentPanel panel;
    auto* picker = panel.findChild<QComboBox*>("presetPicker");
    auto* description = panel.findChild<QLabel*>("presetDescription");
    QCOMPARE(picker->currentIndex(), -1);  // the registry's defaults are no preset
    picker->setFocus();
    QTest::keyClick(picker, Qt::Key_Down);  // a person picks the first preset
    QCOMPARE(panel.currentPresetId(), QStringLiteral("demo"));
    QCOMPARE(panel.config().epochs, 3);
    QVERIFY(description->text().contains("Weight decay 0"));
    QVERIFY(typeInto(panel, "epochs", "4"));
    QCOMPARE(picker->currentIndex(), -1);
    QVERIFY(picker->placeholderText().contains("edited"));
    QVERIFY(typeInto(panel, "epochs", "3"));  // back to the preset's value
    QCOMPARE(panel.currentPresetId(), QStringLiteral("demo"));
}

void TstExperimentPanel::datasetWithoutFolderIsSaidClearly() {
    const RunConfig cifar = configWith({"dataset=cifar10"});
    const QDir dir(QString::fromStdString(cifar.resolvedDataDir()));
    if (QFileInfo(dir.filePath("data_batch_1.bin")).isFile() ||
        QFileInfo(dir.filePath("cifar-10-batches-bin/data_batch_1.bin")).isFile())
        QSKIP("this machine has CIFAR-10 in the default folder");
    ExperimentPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.applyPreset("resnet20-paper"));
    QVERIFY(panel.isValid());  // a heads-up, not an error: the folder may come later
    auto* banner = panel.findChild<QLabel*>("warningBanner");
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains("cifar10 needs a folder"), qPrintable(banner->text()));
    QCOMPARE(panel.warning(), banner->text());
    QCOMPARE(panel.findChild<QLabel*>("data_dirError")->text(), banner->text());
    QCOMPARE(panel.findChild<QWidget*>("data_dir")->property("severity").toString(),
             QStringLiteral("warning"));
    QVERIFY(typeInto(panel, "dataset", "synthetic"));  // needs no folder
    QVERIFY(!banner->isVisible());
    QVERIFY(panel.warning().isEmpty());
}

void TstExperimentPanel::plannedLayoutFromTheDataset() {
    // ⌈training images / batch⌉, as the trainer's loader counts (the last batch is kept).
    QCOMPARE(TemperaturePreview::plannedLayout(configWith({})).itersPerEpoch, 469);
    QCOMPARE(TemperaturePreview::plannedLayout(configWith({"dataset=cifar10", "batch_size=100"}))
                 .itersPerEpoch,
             500);
    QCOMPARE(TemperaturePreview::plannedLayout(configWith({"dataset=synthetic"})).itersPerEpoch,
             16);
    const TrainProgress limited =
        TemperaturePreview::plannedLayout(configWith({"train_limit=1000", "epochs=7"}));
    QCOMPARE(limited.itersPerEpoch, 8);
    QCOMPARE(limited.totalEpochs, 7);
}

void TstExperimentPanel::previewFollowsTheFields() {
    ExperimentPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.applyPreset("demo"));
    QTRY_COMPARE(lastPlannedT(panel), 1000.0);
    QVERIFY(typeInto(panel, "t_end", "250"));
    QTRY_COMPARE(lastPlannedT(panel), 250.0);
    QCOMPARE(plannedT(panel)->data()->constBegin()->value, 1.0);
    QCOMPARE((plannedT(panel)->data()->constEnd() - 1)->key, 3.0);  // x in epochs
    // τ = 1/T on the right axis spans the reciprocal of the T axis.
    auto* plot = panel.findChild<QCustomPlot*>("temperaturePlot");
    QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(qFuzzyCompare(plot->yAxis2->range().upper, 1.0 / plot->yAxis->range().lower));
    QVERIFY(qFuzzyCompare(plot->yAxis2->range().lower, 1.0 / plot->yAxis->range().upper));
    // A refused value leaves the preview on the last valid plan.
    QVERIFY(typeInto(panel, "t_end", "-1"));
    QVERIFY(!panel.preview()->redrawPending());  // nothing was sent to redraw
    QCOMPARE(lastPlannedT(panel), 250.0);
    // Learning rate follows too: a constant schedule is flat at lr.
    QVERIFY(typeInto(panel, "t_end", "250"));
    QVERIFY(typeInto(panel, "lr_schedule", "constant"));
    QVERIFY(typeInto(panel, "lr", "0.05"));
    auto* lr = panel.findChild<QCustomPlot*>("learningRatePlot")->graph(0);
    QTRY_COMPARE((lr->data()->constEnd() - 1)->value, 0.05);
    // T is SLB's: an LSQ run's preview says so in words.
    QVERIFY(typeInto(panel, "method", "lsq"));
    QTRY_VERIFY(panel.preview()->temperatureMessage().contains("SLB only"));
    QVERIFY(!plannedT(panel)->visible());
    // Instead of empty axes: no T, τ or epoch axis behind the words.
    for (QCPAxis* a : {plot->xAxis, plot->yAxis, plot->yAxis2})
        QVERIFY(!a->realVisibility());
    QVERIFY(typeInto(panel, "method", "slb"));
    QTRY_VERIFY(panel.preview()->temperatureMessage().isEmpty());
    for (QCPAxis* a : {plot->xAxis, plot->yAxis, plot->yAxis2})
        QVERIFY(a->realVisibility());
}

void TstExperimentPanel::previewFitsANarrowPanel() {
    // The main window gives the panel 387 × 906 px while a run trains: the preview, below the
    // form, gets the height its wrapped text and both plots need; the plots do not overlap.
    ExperimentPanel panel;
    panel.resize(387, 906);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (const char* preset : {"slb-w1", "lsq-w2a2"}) {
        panel.setMode(ExperimentPanel::Mode::Edit);
        QVERIFY(panel.applyPreset(preset));
        panel.setMode(ExperimentPanel::Mode::Running);
        QTRY_VERIFY(!panel.preview()->redrawPending());
        QCoreApplication::processEvents();
        auto* t = panel.findChild<QCustomPlot*>("temperaturePlot");
        auto* lr = panel.findChild<QCustomPlot*>("learningRatePlot");
        QVERIFY2(t->geometry().bottom() < lr->geometry().top(), preset);
        QVERIFY2(t->height() >= t->minimumHeight() && lr->height() >= lr->minimumHeight(), preset);
        QVERIFY2(panel.preview()->height() >= panel.preview()->minimumSizeHint().height(), preset);
        QVERIFY2(panel.preview()->rect().contains(lr->geometry()), preset);
    }
}

void TstExperimentPanel::modesLimitWhatIsEditable() {
    ExperimentPanel panel;
    auto editable = [&panel](const ConfigField& f) {
        return panel.findChild<QWidget*>(QString::fromStdString(f.key))->isEnabled();
    };
    panel.setMode(ExperimentPanel::Mode::Running);
    for (const ConfigField& f : configFields())
        QVERIFY2(!editable(f), f.key.c_str());
    QVERIFY(!panel.findChild<QWidget*>("presetPicker")->isEnabled());
    QVERIFY(!panel.findChild<QWidget*>("data_dirBrowse")->isEnabled());
    panel.setMode(ExperimentPanel::Mode::Paused);
    int steering = 0;
    for (const ConfigField& f : configFields()) {
        const bool steer = f.group == "temperature" || f.key == "lr" || f.key == "lr_schedule" ||
                           f.key == "lr_min" || f.key == "lr_unit";
        QCOMPARE(ExperimentPanel::isSteeringField(QString::fromStdString(f.key)), steer);
        QVERIFY2(editable(f) == steer, f.key.c_str());
        steering += steer;
    }
    QVERIFY(steering >= 10);
    panel.setMode(ExperimentPanel::Mode::Edit);
    for (const ConfigField& f : configFields())
        QVERIFY2(editable(f), f.key.c_str());
    QVERIFY(panel.findChild<QWidget*>("presetPicker")->isEnabled());
}

void TstExperimentPanel::pausedSteering() {
    ExperimentPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.applyPreset("demo"));
    auto* apply = panel.findChild<QPushButton*>("applyButton");
    auto* hold = panel.findChild<QPushButton*>("holdButton");
    QVERIFY(!apply->isVisible());
    panel.setMode(ExperimentPanel::Mode::Paused);
    QVERIFY(apply->isVisible() && hold->isVisible());
    QVERIFY(!apply->isEnabled());  // nothing changed yet
    QSignalSpy steer(&panel, &ExperimentPanel::steerRequested);

    QVERIFY(typeInto(panel, "lr", "0.05"));
    QVERIFY(typeInto(panel, "t_end", "300"));
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(steer.size(), 1);
    QCOMPARE(qvariant_cast<Changes>(steer.takeFirst().front()),
             (Changes{{"lr", "0.05"}, {"t_end", "300"}}));
    // The main window hands back the steered config; the next apply sends only what is new.
    panel.setConfig(panel.config());
    QVERIFY(!apply->isEnabled());

    panel.setHoldTemperature(50);
    QTest::mouseClick(hold, Qt::LeftButton);
    QCOMPARE(steer.size(), 1);
    QCOMPARE(qvariant_cast<Changes>(steer.takeFirst().front()),
             (Changes{{"temp_schedule", "constant"}, {"t_start", "50"}}));
    QCOMPARE(panel.config().temperature.kind, TempScheduleKind::Constant);
    QTRY_COMPARE(lastPlannedT(panel), 50.0);  // the preview draws the held T

    // A refused steering value blocks Apply with the registry's reason.
    QVERIFY(typeInto(panel, "lr", "0"));
    QCOMPARE(panel.validationError(), QString::fromStdString(configWith({"lr=0"}).validate()));
    QVERIFY(!apply->isEnabled());
    QVERIFY(steer.isEmpty());
}

QTEST_MAIN(TstExperimentPanel)
#include "tst_experimentpanel.moc"
