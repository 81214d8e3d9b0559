// Does the workbench's memory stay flat over a long session? The workbench's own window
// (MainWindow, 1600×1000, every panel live) runs cycles of what a user does in a session for
// MINUTES: train the demo preset for IMAGES images (one epoch, recorded into a run folder of its
// own), replay the run before it in every panel, tick the last runs for the Curves overlay and
// the comparison table, untick them; the oldest run folders are deleted so that the run list
// stays as long as in a user's folder. After each cycle the process's resident set size (RSS) is
// sampled. RSS after the second cycle (the first that replays; everything allocated once, caches
// warm) against RSS at the end is the growth; a leak shows as a steady rise over the cycles.
//   bench_session [--minutes 20] [--images 6400] [--keep 4] [--dir DIR]
// (QT_QPA_PLATFORM=offscreen works; under Xvfb the window is drawn as on a screen.) A line per
// cycle on stderr; the last line on stdout is one JSON object.
#include <unistd.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "experimentpanel.h"
#include "mainwindow.h"
#include "runbrowser.h"
#include "runlistmodel.h"
#include "session/trainingsession.h"
#include "workbenchoptions.h"

using namespace slb;

namespace {

double rssMiB() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void spin(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/** Launches `config` in the window and waits for the run to end; false if it did not finish. */
bool train(MainWindow& window, const RunConfig& config, QString* message) {
    window.experiment()->setConfig(config);
    QEventLoop loop;
    RunStatus status = RunStatus::Failed;
    const auto connection = QObject::connect(window.session(), &TrainingSession::finished, &loop,
                                             [&](RunStatus s, const QString& text) {
                                                 status = s;
                                                 *message = text;
                                                 loop.quit();
                                             });
    if (!window.launch()) {
        QObject::disconnect(connection);
        *message = QStringLiteral("the launch was refused");
        return false;
    }
    QTimer::singleShot(30 * 60 * 1000, &loop, &QEventLoop::quit);  // a hung run ends the bench
    loop.exec();
    QObject::disconnect(connection);
    spin(300);  // the window's own reaction to the end (status bar, run list)
    return status == RunStatus::Finished;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // the window's saved layout stays the user's
    double minutes = 20;
    std::int64_t images = 6400;
    int keep = 4;
    QString dirArg;
    for (int i = 1; i < argc; ++i) {
        const bool value = i + 1 < argc;
        if (value && !std::strcmp(argv[i], "--minutes"))
            minutes = std::max(0.1, std::atof(argv[++i]));
        else if (value && !std::strcmp(argv[i], "--images"))
            images = std::max<std::int64_t>(128, std::atoll(argv[++i]));
        else if (value && !std::strcmp(argv[i], "--keep"))
            keep = std::max(2, std::atoi(argv[++i]));
        else if (value && !std::strcmp(argv[i], "--dir"))
            dirArg = QString::fromLocal8Bit(argv[++i]);
        else {
            std::fprintf(stderr,
                         "usage: bench_session [--minutes M] [--images N] [--keep K] "
                         "[--dir DIR]\n");
            return 2;
        }
    }
    QTemporaryDir tmp;
    const QString root = dirArg.isEmpty() ? tmp.path() : dirArg;
    QDir().mkpath(root);

    WorkbenchOptions options;
    options.fresh = true;  // the default layout, not a saved one
    MainWindow window(options);
    window.resize(1600, 1000);
    window.show();
    window.runBrowser()->setFolder(root);
    if (!window.experiment()->applyPreset(QStringLiteral("demo"))) {
        std::fprintf(stderr, "bench_session: no demo preset\n");
        return 1;
    }
    RunConfig config = window.experiment()->config();
    config.epochs = 1;
    config.trainLimit = images;
    config.testLimit = 2000;

    std::vector<QString> runs;
    std::vector<double> rss, at;
    QElapsedTimer clock;
    clock.start();
    const double startRss = rssMiB();
    int cycle = 0;
    while (clock.elapsed() < qint64(minutes * 60e3)) {
        ++cycle;
        // 1. Train a run of its own.
        config.out = QDir(root)
                         .filePath(QStringLiteral("run-%1").arg(cycle, 4, 10, QLatin1Char('0')))
                         .toStdString();
        QString message;
        if (!train(window, config, &message)) {
            std::fprintf(stderr, "bench_session: cycle %d: the run did not finish: %s\n", cycle,
                         qPrintable(message));
            return 1;
        }
        runs.push_back(QString::fromStdString(config.out));
        // 2. Replay the run before it in every panel.
        if (runs.size() >= 2) {
            QString error;
            if (!window.openRun(runs[runs.size() - 2], &error)) {
                std::fprintf(stderr, "bench_session: cycle %d: replay failed: %s\n", cycle,
                             qPrintable(error));
                return 1;
            }
            spin(1000);
        }
        // 3. Overlay the kept runs in Curves (and the comparison table), then clear the overlay.
        RunListModel* list = window.runBrowser()->runs();
        list->rescan();
        for (const QString& dir : runs)
            list->setChecked(dir, true);
        spin(1000);
        list->clearChecked();
        spin(300);
        // 4. The oldest runs go, as a user tidies a folder.
        while (int(runs.size()) > keep) {
            QDir(runs.front()).removeRecursively();
            runs.erase(runs.begin());
        }
        list->rescan();
        spin(300);
        rss.push_back(rssMiB());
        at.push_back(double(clock.elapsed()) / 1e3);
        std::fprintf(stderr, "cycle %3d at %6.0f s: RSS %7.1f MiB\n", cycle, at.back(), rss.back());
    }
    window.close();

    // The first cycle has no earlier run to replay: the baseline is the second's.
    const std::size_t base = rss.size() >= 2 ? 1 : 0;
    const double first = rss[base], last = rss.back();
    const double peak = *std::max_element(rss.begin(), rss.end());
    // Least-squares slope from the baseline on, in MiB per hour.
    double slope = 0;
    if (rss.size() >= base + 2) {
        double mt = 0, mr = 0;
        const std::size_t n = rss.size() - base;
        for (std::size_t i = base; i < rss.size(); ++i) {
            mt += at[i] / double(n);
            mr += rss[i] / double(n);
        }
        double num = 0, den = 0;
        for (std::size_t i = base; i < rss.size(); ++i) {
            num += (at[i] - mt) * (rss[i] - mr);
            den += (at[i] - mt) * (at[i] - mt);
        }
        slope = den > 0 ? num / den * 3600.0 : 0;
    }
    std::fprintf(stderr,
                 "%d cycles in %.1f min: RSS %.1f MiB at the start, %.1f after the second cycle, "
                 "%.1f at the end (peak %.1f): growth %.1f MiB, trend %.1f MiB/hour\n",
                 cycle, at.back() / 60.0, startRss, first, last, peak, last - first, slope);
    QStringList samples;
    for (std::size_t i = 0; i < rss.size(); ++i)
        samples << QStringLiteral("[%1, %2]").arg(at[i], 0, 'f', 1).arg(rss[i], 0, 'f', 1);
    std::printf(
        "{\"what\": \"session\", \"minutes\": %.2f, \"cycles\": %d, \"images_per_run\": "
        "%lld, \"rss_start_mib\": %.1f, \"rss_baseline_mib\": %.1f, "
        "\"rss_end_mib\": %.1f, \"rss_peak_mib\": %.1f, \"growth_mib\": %.1f, "
        "\"trend_mib_per_hour\": %.1f, \"samples\": [%s]}\n",
        at.back() / 60.0, cycle, static_cast<long long>(images), startRss, first, last, peak,
        last - first, slope, qPrintable(samples.join(QStringLiteral(", "))));
    return 0;
}
