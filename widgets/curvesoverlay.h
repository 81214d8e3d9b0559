#pragma once
// CurvesOverlay: the runs ticked in the run browser, drawn over one another in the Curves panel's
// three axis rects — smoothed train loss, test accuracy (W_q solid, W_c dashed for SLB runs),
// learning rate — each run in its own colour, aligned by step, by epoch or by training time.
// Every run is read through its own RunReader; runs still being written are polled, so a run
// training in a terminal grows here too. GUI thread only; torch-free.

#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPLegend;
class QCPRange;

namespace slb {

/** A run to overlay: its folder, the name its legend entry shows and its colour. */
struct OverlayRunSpec {
    QString dir;
    QString name;
    QColor color;
};

class CurvesOverlay {
    Q_DECLARE_TR_FUNCTIONS(CurvesOverlay)

public:
    /** What the x axis measures: global step, epochs (each run its own length) or training
     * time (pauses excluded, as recorded). */
    enum class Align { Step, Epoch, WallTime };
    enum class Curve { Loss, TestHard, TestSoft, LearningRate };

    /** Draws into `plot`'s rects (not owned; they must outlive the overlay). */
    CurvesOverlay(QCustomPlot* plot, QCPAxisRect* loss, QCPAxisRect* acc, QCPAxisRect* lr);
    ~CurvesOverlay();
    CurvesOverlay(const CurvesOverlay&) = delete;
    CurvesOverlay& operator=(const CurvesOverlay&) = delete;

    /**
     * Shows `runs`, in this order; a run already shown keeps its reader and graphs (a new colour
     * or name is taken over). A folder that cannot be read is left out: the returned list holds
     * one message per such run, naming it and why.
     */
    QStringList setRuns(const std::vector<OverlayRunSpec>& runs);
    bool active() const { return !m_runs.empty(); }
    int runCount() const { return int(m_runs.size()); }
    QString runDir(int run) const;
    /** The graph of one curve of one run (for tests and the legend). */
    QCPGraph* graph(int run, Curve c) const;

    /** Takes in what the runs still being written recorded since the last poll; true if any. */
    bool poll();
    /** True while some shown run may still grow (not finished, stopped, diverged or failed). */
    bool anyOpen() const;

    /** Fills every graph from the recorded rows, the loss smoothed with `smoothing`. */
    void rebuild(double smoothing, Align align);
    /** The x axis label for `align`; training time is read as h:mm:ss or min:s. */
    QString axisLabel(Align align) const;
    /** Sets the x tickers of `rects` for `align` (a time ticker for training time). */
    void applyTickers(Align align, const std::vector<QCPAxisRect*>& rects) const;

    /** Extents for autoscaling, over every run; an invalid range when there is no data. */
    double xMax() const;
    QCPRange lossRange(bool logScale, bool robust) const;
    QCPRange accuracyRange() const;
    QCPRange lrRange(bool logScale) const;

    /** The legend: one entry per run, then the key to the line styles of test accuracy. */
    void addToLegend(QCPLegend* legend) const;
    void removeFromLegend(QCPLegend* legend) const;

    /** Each run's values at plot x (the latest point at or before it), a line per run. */
    QString readout(double x, Align align) const;

private:
    struct Run;
    void dropRun(std::size_t i);

    QCustomPlot* m_plot;
    QCPAxisRect* m_loss;
    QCPAxisRect* m_acc;
    QCPAxisRect* m_lr;
    std::vector<std::unique_ptr<Run>> m_runs;
    QCPGraph* m_keyHard = nullptr;  ///< data-less graphs: the legend's key to line styles
    QCPGraph* m_keySoft = nullptr;
    double m_timeSpan = 0;  ///< longest training time drawn, for the time format
};

}  // namespace slb
