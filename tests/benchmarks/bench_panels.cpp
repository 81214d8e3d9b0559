// What the workbench's panels cost to draw with a long run in them: POINTS training steps and
// LAYERS SLB layers with a snapshot every 50 steps (RunConfig's default snapshot_every: 1,000 per
// layer for 50,000 steps), in the workbench's own window (MainWindow) at 1600×1000. The model is
// filled through its public API as a training session fills it, with synthetic but plausible
// values. For every QCustomPlot of every panel: REPEATS immediate replots, timed by replotTime()
// (layout, drawing into the layers' buffers, repaint) and by the wall clock around the call. Per
// panel, "update": what its live redraw does besides replotting (copying the model's new steps and
// snapshots into its plots, autoscaling), while chunks of 50 steps and a snapshot arrive as in
// training. The step-size panel is measured once more for an LSQ W2A2 run (s_w and s_a lines).
//   bench_panels [--points 50000] [--layers 20] [--repeats 15]   (QT_QPA_PLATFORM=offscreen works)
// A table on stderr; the last line on stdout is one JSON object.
#include <qcustomplot.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "curvespanel.h"
#include "distributionspanel.h"
#include "experimentpanel.h"
#include "mainwindow.h"
#include "runmodel.h"
#include "softmaxplayground.h"
#include "stepsizepanel.h"
#include "stepsizeplayground.h"
#include "temperaturepanel.h"
#include "workbenchoptions.h"

using namespace slb;

namespace {

constexpr std::int64_t kItersPerEpoch = 469;  // Fashion-MNIST's 60,000 images in batches of 128
constexpr int kSnapshotEvery = 50;            // RunConfig's default snapshot_every
constexpr int kLiveChunk = kSnapshotEvery;    // steps per live refresh: one snapshot's worth
constexpr double kTargetMs = 15;              // the performance issue's target per replot
constexpr double kPi = 3.14159265358979323846;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? std::nan("") : v[v.size() / 2];
}

/** Deterministic noise in [−1, 1) for (step, channel) (splitmix64). */
double noise(std::uint64_t s, std::uint64_t k) {
    std::uint64_t z = s * 0x9E3779B97F4A7C15ull + k * 0xD1B54A32D192ED03ull + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return double((z ^ (z >> 31)) >> 11) / double(1ull << 52) - 1.0;
}

// --- a synthetic run: SLB W2 with LSQ 4-bit activations, or LSQ W2A2 ---

struct Run {
    bool slb = true;
    RunConfig config;
    RunStartedEvent info;
    double progress(std::int64_t s) const { return double(s) / double(totalSteps()); }
    std::int64_t totalSteps() const { return info.totalEpochs * kItersPerEpoch; }
    double lr(double p) const { return config.lr.base * 0.5 * (1 + std::cos(kPi * p)); }
};

Run makeRun(bool slb, std::int64_t points, int layers) {
    Run run;
    run.slb = slb;
    std::string error;
    const char* json = slb ? R"({"method": "slb", "wbits": 2, "abits": 4, "act_quant": "lsq",
        "lr": 0.1, "weight_decay": 0, "temp_schedule": "exp", "temp_unit": "iteration",
        "t_start": 1, "t_end": 1000})"
                           : R"({"method": "lsq", "wbits": 2, "abits": 2, "lr": 0.01})";
    if (!run.config.applyJson(json, &error)) {
        std::fprintf(stderr, "config: %s\n", error.c_str());
        std::exit(1);
    }
    run.config.epochs = int((points + kItersPerEpoch - 1) / kItersPerEpoch);
    run.config.snapshotEvery = kSnapshotEvery;
    run.info.configJson = run.config.toJson();
    run.info.itersPerEpoch = kItersPerEpoch;
    run.info.totalEpochs = run.config.epochs;
    for (int l = 0; l < layers; ++l) {
        const std::int64_t ch = 16 << std::min(2, 3 * l / layers);  // 16, 32, 64 channels
        LayerInfo li{"features." + std::to_string(3 * l + 3), slb ? "slb" : "lsq", 2,
                     run.config.abits, ch * ch * 9};
        li.shape = {ch, ch, 3, 3};
        run.info.layers.push_back(li);
    }
    return run;
}

StepEvent makeStep(const Run& run, std::int64_t s) {
    const double p = run.progress(s);
    // step, epoch, loss, batch accuracy, lr, T, hard phase, images/s, seconds so far
    return {s,
            int(s / kItersPerEpoch),
            0.25 + 2.05 * std::exp(-6 * p) + 0.12 * noise(s, 1) * (0.3 + std::exp(-3 * p)),
            std::clamp(0.93 - 0.83 * std::exp(-6 * p) + 0.05 * noise(s, 2), 0.0, 1.0),
            run.lr(p),
            run.slb ? std::pow(1000.0, p) : 0,
            false,
            3600 + 120 * noise(s, 3),
            double(s + 1) * 128 / 3600};
}

EpochEvent makeEpoch(const Run& run, int epoch) {
    EpochEvent e;
    e.epoch = epoch;
    e.step = (epoch + 1) * kItersPerEpoch - 1;
    const double p = run.progress(e.step);
    e.trainLoss = 0.25 + 2.05 * std::exp(-6 * p);
    e.trainAccuracy = 0.93 - 0.83 * std::exp(-6 * p);
    e.testAccSoft = 0.91 - 0.5 * std::exp(-5 * p) + 0.004 * noise(std::uint64_t(epoch), 4);
    e.testAccHard = run.slb ? e.testAccSoft - 0.6 * std::exp(-7 * p) : e.testAccSoft;
    e.temperature = run.slb ? std::pow(1000.0, p) : 0;
    e.lr = run.lr(p);
    return e;
}

/** `bins` shares (sum 1) of a bell centred at `centre` ∈ [0, 1] of the range. */
std::vector<float> bell(int bins, double centre, double width) {
    std::vector<float> h(static_cast<std::size_t>(bins));
    double sum = 0;
    for (int j = 0; j < bins; ++j) {
        const double z = ((j + 0.5) / bins - centre) / width;
        sum += h[std::size_t(j)] = float(std::exp(-0.5 * z * z) + 1e-4);
    }
    for (float& v : h)
        v = float(v / sum);
    return h;
}

LsqSnapshot makeLsq(double p, int layer, int bits, bool isSigned) {
    LsqSnapshot q;
    q.bits = bits;
    q.isSigned = isSigned;
    q.valid = true;
    q.qn = isSigned ? std::ldexp(1.0, bits - 1) : 0;
    q.qp = std::ldexp(1.0, isSigned ? bits - 1 : bits) - 1;
    q.step = (isSigned ? 0.02 : 0.08) * (1 + 0.1 * (layer % 7)) * (1 + 0.6 * p);
    q.histLow = -q.qn - 2;
    q.histHigh = q.qp + 2;
    const double zero = -q.histLow / (q.histHigh - q.histLow);
    q.hist = bell(LsqSnapshot::kHistBins, isSigned ? zero : zero + 0.1, 0.18 - 0.05 * p);
    q.clippedShare = 0.02 - 0.01 * p;
    return q;
}

SlbSnapshot makeSlb(double p, int layer, int layers) {
    SlbSnapshot b;
    b.bits = 2;
    b.temperature = std::pow(1000.0, p);
    b.values = {-1.0f, -1.0f / 3, 1.0f / 3, 1.0f};
    // Sharpness: 0 uniform, 1 one-hot; the first layers commit first.
    const double q = std::min(1.0, p * (1.3 - 0.6 * double(layer) / layers));
    for (float s : {0.2f, 0.3f, 0.3f, 0.2f}) {
        b.meanProb.push_back(float(0.25 + (s - 0.25) * q));
        b.argmaxShare.push_back(s);
    }
    b.maxProbHist = bell(SlbSnapshot::kMaxProbBins, std::pow(q, 0.7), 0.08 + 0.25 * (1 - q));
    b.meanEntropy = std::log(4.0) * (1 - 0.98 * q);
    b.sharpShare = q * q * q;
    b.gap = 0.7 * (1 - q) + 0.02;
    for (int i = 0; i < 8; ++i) {  // SlbWeight::kTracked weights
        b.trackedIndex.push_back(97 * layer + 1013 * i);
        const double qi = std::clamp(q + 0.2 * noise(std::uint64_t(i), layer), 0.0, 1.0);
        for (int v = 0; v < 4; ++v)
            b.trackedProbs.push_back(
                float(v == (i + layer) % 4 ? 0.25 + 0.75 * qi : 0.25 - qi / 4));
    }
    return b;
}

SnapshotEvent makeSnapshot(const Run& run, std::int64_t s) {
    SnapshotEvent e;
    e.step = s;
    e.epoch = int(s / kItersPerEpoch);
    const int layers = int(run.info.layers.size());
    for (int l = 0; l < layers; ++l) {
        LayerSnapshot ls;
        ls.layer = run.info.layers[std::size_t(l)].name;
        ls.step = s;
        ls.numWeights = run.info.layers[std::size_t(l)].numWeights;
        ls.kind = run.slb ? LayerSnapshot::Kind::Slb : LayerSnapshot::Kind::Lsq;
        if (run.slb)
            ls.slb = makeSlb(run.progress(s), l, layers);
        else
            ls.lsqWeight = makeLsq(run.progress(s), l, 2, true);
        ls.activation = makeLsq(run.progress(s), l, run.config.abits, false);
        e.layers.push_back(std::move(ls));
    }
    return e;
}

/** Steps [from, to) into `model` as a session delivers them: steps in batches, a snapshot every
 *  kSnapshotEvery steps, an epoch after its last step. */
void feed(RunModel& model, const Run& run, std::int64_t from, std::int64_t to) {
    std::vector<StepEvent> batch;
    for (std::int64_t s = from; s < to; ++s) {
        batch.push_back(makeStep(run, s));
        const bool snapshot = s % kSnapshotEvery == 0, epochEnd = (s + 1) % kItersPerEpoch == 0;
        if (snapshot || epochEnd || s + 1 == to) {
            model.appendSteps(batch);
            batch.clear();
        }
        if (snapshot)
            model.appendSnapshot(makeSnapshot(run, s));
        if (epochEnd)
            model.appendEpoch(makeEpoch(run, int(s / kItersPerEpoch)));
    }
}

// --- the window and what is timed ---

struct Panel {
    QString name;
    QWidget* widget;
    QWidget* tab;                     ///< the right-hand tab it lives in; null: always shown
    QTabWidget* inner;                ///< tabs inside the panel, each a view to time; null: none
    bool live;                        ///< redraws as training data arrives
    std::vector<double> update = {};  ///< ms of each live redraw, replots left out
    double fullMs = std::nan("");     ///< the first redraw after the model was filled
};

struct Row {
    QString panel, plot;
    QSize size;
    std::vector<double> replot, wall;
    std::optional<double> update;
};

/** Times each event the event loop delivers: one in which the plots of exactly one panel
 *  replotted is a redraw of that panel, and its time less the replots' is the panel's update. */
class Probe : public QApplication {
public:
    Probe(int& argc, char** argv) : QApplication(argc, argv) {}
    bool recording = false;

    void watch(QCustomPlot* plot, std::vector<double>* samples) {
        connect(plot, &QCustomPlot::beforeReplot, this, [this, samples] {
            m_mixed = m_mixed || (m_target && m_target != samples);
            m_target = samples;
            m_replot.start();
        });
        connect(plot, &QCustomPlot::afterReplot, this,
                [this] { m_replotMs += double(m_replot.nsecsElapsed()) / 1e6; });
    }

    bool notify(QObject* receiver, QEvent* event) override {
        if (m_depth > 0)
            return QApplication::notify(receiver, event);
        m_target = nullptr;
        m_mixed = false;
        m_replotMs = 0;
        QElapsedTimer clock;
        clock.start();
        ++m_depth;
        const bool done = QApplication::notify(receiver, event);
        --m_depth;
        if (recording && m_target && !m_mixed)
            m_target->push_back(double(clock.nsecsElapsed()) / 1e6 - m_replotMs);
        return done;
    }

private:
    int m_depth = 0;
    std::vector<double>* m_target = nullptr;
    bool m_mixed = false;
    double m_replotMs = 0;
    QElapsedTimer m_replot;
};

/** Runs the event loop for `maxMs`, or until `done`. */
void spin(int maxMs, const std::function<bool()>& done = {}) {
    QTimer tick;  // processEvents never sleeps past the deadline
    tick.start(5);
    QElapsedTimer clock;
    clock.start();
    while (!(done && done()) && clock.elapsed() < maxMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

/** Until every live panel has redrawn once more (at most 3 s: a live redraw waits ≤ 1 s). */
void settle(std::vector<Panel>& panels) {
    std::vector<std::size_t> had;
    for (const Panel& p : panels)
        had.push_back(p.update.size());
    spin(3000, [&] {
        for (std::size_t i = 0; i < panels.size(); ++i)
            if (panels[i].live && panels[i].update.size() == had[i])
                return false;
        return true;
    });
}

/** The page of the right-hand tabs that holds `w`, or null when `w` is not in those tabs. */
QWidget* tabPageOf(QWidget* w) {
    for (; w && w->parentWidget(); w = w->parentWidget()) {
        QWidget* stack = w->parentWidget();
        if (stack->parentWidget() && qobject_cast<QTabWidget*>(stack->parentWidget()) &&
            qobject_cast<QTabWidget*>(stack->parentWidget())->indexOf(w) >= 0)
            return w;
    }
    return nullptr;
}

/** The workbench's own window at 1600×1000, and its panels in it. */
std::vector<Panel> panelsOf(MainWindow& window, const RunConfig& config) {
    window.experiment()->setConfig(config);
    window.softmaxPlayground()->setConfig(config);
    window.resize(1600, 1000);
    auto* d = window.distributions();
    std::vector<Panel> panels;
    panels.push_back({"experiment", window.experiment(), nullptr, nullptr, false});
    panels.push_back({"curves", window.curves(), nullptr, nullptr, true});
    panels.push_back({"temperature", window.temperature(), nullptr, nullptr, true});
    panels.push_back({"distributions", d, tabPageOf(d), d->tabs(), true});
    panels.push_back(
        {"stepsizes", window.stepSizes(), tabPageOf(window.stepSizes()), nullptr, true});
    QWidget* softmax = window.softmaxPlayground();
    QWidget* lsq = window.stepSizePlayground();
    panels.push_back({"softmax-playground", softmax, tabPageOf(softmax), nullptr, false});
    panels.push_back({"lsq-playground", lsq, tabPageOf(lsq), nullptr, false});
    if (QWidget* page = config.method == Method::Lsq ? panels[4].tab : panels[3].tab)
        qobject_cast<QTabWidget*>(page->parentWidget()->parentWidget())->setCurrentWidget(page);
    return panels;
}

QString plotName(QCustomPlot* plot, std::map<QString, int>& seen) {
    auto className = [](QWidget* w) {
        return QString::fromLatin1(w->metaObject()->className()).section(QLatin1String("::"), -1);
    };
    QString name = plot->objectName();
    if (name.isEmpty())
        name = className(plot);
    if (name == QLatin1String("QCustomPlot") || name == QLatin1String("FittedPlot"))
        name = className(plot->parentWidget());
    const int n = ++seen[name];
    return n > 1 ? name + QStringLiteral("#%1").arg(n) : name;
}

/** REPEATS immediate replots of every plot of `panel`, view by view. */
void timeReplots(Panel& panel, int repeats, std::vector<Row>* rows) {
    std::set<QCustomPlot*> done;
    std::map<QString, int> seen;
    for (int view = 0; view < (panel.inner ? panel.inner->count() : 1); ++view) {
        if (panel.tab)
            qobject_cast<QTabWidget*>(panel.tab->parentWidget()->parentWidget())
                ->setCurrentWidget(panel.tab);
        if (panel.inner)
            panel.inner->setCurrentIndex(view);
        spin(300);  // the layout settles; pending redraws land
        for (QCustomPlot* plot : panel.widget->findChildren<QCustomPlot*>()) {
            if (!plot->isVisible() || !done.insert(plot).second)
                continue;
            Row row{panel.name, plotName(plot, seen), plot->size(), {}, {}, std::nullopt};
            if (!panel.update.empty())
                row.update = median(panel.update);
            plot->replot(QCustomPlot::rpImmediateRefresh);  // warm-up: caches, a fitted layout
            for (int r = 0; r < repeats; ++r) {
                QElapsedTimer wall;
                wall.start();
                plot->replot(QCustomPlot::rpImmediateRefresh);
                row.wall.push_back(double(wall.nsecsElapsed()) / 1e6);
                row.replot.push_back(plot->replotTime(false));
            }
            rows->push_back(std::move(row));
        }
    }
}

void measureRun(Probe& app, bool slb, std::int64_t points, int layers, int repeats,
                std::vector<Row>* rows) {
    const Run run = makeRun(slb, points, layers);
    WorkbenchOptions options;
    options.fresh = true;  // the default layout, not a saved one
    MainWindow window(options);
    RunModel& model = *window.model();
    std::vector<Panel> panels = panelsOf(window, run.config);
    if (!slb) {  // the LSQ run adds only the step-size panel, with weight and activation lines
        panels.erase(std::remove_if(panels.begin(), panels.end(),
                                    [](const Panel& p) { return p.name != "stepsizes"; }),
                     panels.end());
        panels[0].name = QStringLiteral("stepsizes-lsq");
    }
    for (Panel& p : panels)
        for (QCustomPlot* plot : p.widget->findChildren<QCustomPlot*>())
            app.watch(plot, &p.update);
    window.show();
    spin(300);

    // As MainWindow::onRunStarted, then everything up to the live tail, as fast as it comes.
    model.clear();
    model.setRunInfo(run.info);
    model.appendLifecycle(LifecycleEvent{RunStatus::Started, 0, 0, {}, 0});
    const std::int64_t liveFrom = std::max<std::int64_t>(0, points - repeats * kLiveChunk);
    QElapsedTimer fill;
    fill.start();
    feed(model, run, 0, liveFrom);
    const double fillMs = double(fill.nsecsElapsed()) / 1e6;
    app.recording = true;
    settle(panels);  // the first redraw copies every point into the plots
    for (Panel& p : panels) {
        if (!p.update.empty())
            p.fullMs = *std::max_element(p.update.begin(), p.update.end());
        p.update.clear();
    }
    for (std::int64_t from = liveFrom; from < points; from += kLiveChunk) {
        feed(model, run, from, std::min<std::int64_t>(from + kLiveChunk, points));
        settle(panels);
    }
    app.recording = false;
    std::fprintf(stderr,
                 "%s: %zu steps, %zu epochs, %zu snapshots × %zu layers (filled in %.0f ms)\n",
                 slb ? "SLB W2, LSQ A4" : "LSQ W2A2", model.steps().size(), model.epochs().size(),
                 model.snapshotSteps().size(), model.layers().size(), fillMs);
    for (const Panel& p : panels)
        if (p.live)
            std::fprintf(stderr,
                         "  %-14s first redraw after the fill %.1f ms besides replots; %zu live\n",
                         qPrintable(p.name), p.fullMs, p.update.size());
    for (Panel& p : panels)
        timeReplots(p, repeats, rows);
}

QString jsonNumber(std::optional<double> v) {
    return v && std::isfinite(*v) ? QString::number(*v, 'f', 3) : QStringLiteral("null");
}

}  // namespace

int main(int argc, char** argv) {
    Probe app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // the window's saved layout stays the user's
    std::int64_t points = 50000;
    int layers = 20, repeats = 15;
    for (int i = 1; i < argc; ++i) {
        const bool value = i + 1 < argc;
        if (value && !std::strcmp(argv[i], "--points"))
            points = std::max<std::int64_t>(1, std::atoll(argv[++i]));
        else if (value && !std::strcmp(argv[i], "--layers"))
            layers = std::max(1, std::atoi(argv[++i]));
        else if (value && !std::strcmp(argv[i], "--repeats"))
            repeats = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: bench_panels [--points N] [--layers L] [--repeats R]\n");
            return 2;
        }
    }
    std::vector<Row> rows;
    measureRun(app, true, points, layers, repeats, &rows);
    measureRun(app, false, points, layers, repeats, &rows);

    std::fprintf(stderr, "\n%-19s %-20s %9s %10s %9s %9s %10s\n", "panel", "plot", "size",
                 "replot med", "max", "wall med", "update med");
    QStringList over, entries;
    for (const Row& r : rows) {
        const double med = median(r.replot);
        const double worst = *std::max_element(r.replot.begin(), r.replot.end());
        const QString update = r.update ? QString::number(*r.update, 'f', 2) + " ms" : "-";
        std::fprintf(stderr, "%-19s %-20s %4dx%-4d %7.2f ms %6.2f ms %6.2f ms %10s%s\n",
                     qPrintable(r.panel), qPrintable(r.plot), r.size.width(), r.size.height(), med,
                     worst, median(r.wall), qPrintable(update), med > kTargetMs ? "  > 15 ms" : "");
        if (med > kTargetMs)
            over << r.panel + QLatin1Char('/') + r.plot;
        entries << QStringLiteral(
                       "{\"panel\": \"%1\", \"plot\": \"%2\", \"replot_median_ms\": %3, "
                       "\"replot_max_ms\": %4, \"wall_median_ms\": %5, \"update_median_ms\": %6}")
                       .arg(r.panel, r.plot, jsonNumber(med), jsonNumber(worst),
                            jsonNumber(median(r.wall)), jsonNumber(r.update));
    }
    std::fprintf(stderr, "%s\n",
                 over.isEmpty() ? "every plot's median replot is within 15 ms"
                                : qPrintable("median replot over 15 ms: " + over.join(", ")));
    std::printf("{\"what\": \"panels\", \"points\": %lld, \"layers\": %d, \"panels\": [%s]}\n",
                static_cast<long long>(points), layers, qPrintable(entries.join(", ")));
    return 0;
}
