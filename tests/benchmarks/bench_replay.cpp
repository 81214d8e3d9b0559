// How long replaying a recorded run takes: open the run folder and put everything into the panel
// model (RunFeed::open: read every row, every snapshot), then draw every panel once at a window's
// size. Prints the run's row counts and the times, median of REPEATS.
//   bench_replay RUN_DIR [REPEATS]        (QT_QPA_PLATFORM=offscreen works; default 5 repeats)
#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "curvespanel.h"
#include "distributionspanel.h"
#include "record/runreader.h"
#include "runfeed.h"
#include "runmodel.h"
#include "stepsizepanel.h"
#include "temperaturepanel.h"

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_replay RUN_DIR [REPEATS]\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;

    std::string why;
    auto reader = slb::RunReader::open(dir.toStdString(), &why);
    if (!reader) {
        std::fprintf(stderr, "%s\n", why.c_str());
        return 1;
    }
    std::int64_t layerSnapshots = 0;
    reader->forEachSnapshot(
        [&](const slb::SnapshotEvent& e) { layerSnapshots += std::int64_t(e.layers.size()); },
        &why);
    std::printf(
        "%s: %zu steps, %zu epochs, %zu snapshot steps, %lld layer snapshots, %zu layers,"
        " run.sqlite %.1f MiB\n",
        qPrintable(dir), reader->steps().size(), reader->epochs().size(),
        reader->snapshotSteps().size(), static_cast<long long>(layerSnapshots),
        reader->layerNames().size(),
        double(QFileInfo(QString::fromStdString(reader->databasePath())).size()) /
            (1024.0 * 1024.0));
    reader.reset();

    std::vector<double> openMs, drawMs, totalMs;
    for (int i = 0; i < repeats; ++i) {
        slb::RunModel model;
        slb::RunFeed feed(&model);
        // The window's panels at about the size they have in a 1600×1000 window.
        QWidget window;
        auto* layout = new QHBoxLayout(&window);
        auto* left = new QSplitter(Qt::Vertical, &window);
        left->addWidget(new slb::CurvesPanel(&model));
        left->addWidget(new slb::TemperaturePanel(&model));
        auto* tabs = new QTabWidget(&window);
        tabs->addTab(new slb::DistributionsPanel(&model), QStringLiteral("Distributions"));
        tabs->addTab(new slb::StepSizePanel(&model), QStringLiteral("Step sizes"));
        layout->addWidget(left, 1);
        layout->addWidget(tabs, 2);
        window.resize(1250, 900);
        window.show();
        QApplication::processEvents();

        QElapsedTimer t;
        t.start();
        QString error;
        if (!feed.open(dir, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const double opened = double(t.nsecsElapsed()) / 1e6;
        // The panels draw on their schedulers' next turn (≤ 33 ms away): count only the time
        // spent working in the event loop, not the wait for that turn.
        double busy = 0;
        QElapsedTimer wall;
        wall.start();
        while (wall.elapsed() < 250) {
            QElapsedTimer w;
            w.start();
            QApplication::processEvents();
            busy += double(w.nsecsElapsed()) / 1e6;
            QThread::msleep(1);
        }
        QElapsedTimer g;
        g.start();
        const QPixmap shot = window.grab();  // every visible panel painted once more, whole
        busy += double(g.nsecsElapsed()) / 1e6;
        (void)shot;
        feed.close();
        openMs.push_back(opened);
        drawMs.push_back(busy);
        totalMs.push_back(opened + busy);
    }
    std::printf(
        "open + fill model: median %.0f ms (min %.0f); draw every panel: median %.0f ms; "
        "total median %.0f ms, max %.0f ms over %d repeats\n",
        median(openMs), *std::min_element(openMs.begin(), openMs.end()), median(drawMs),
        median(totalMs), *std::max_element(totalMs.begin(), totalMs.end()), repeats);
    return 0;
}
