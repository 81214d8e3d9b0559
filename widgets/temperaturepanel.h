#pragma once
// Temperature panel: SLB's whole planned inverse-temperature curve T (log axis, with τ = 1/T on
// the right), the T recorded so far on top of it, a "now" marker, the hard phase shaded and
// steering marked; below it, each SLB layer's quantization gap ‖W_q − W_c‖/‖W_q‖ over time.
// Draws from a RunModel through a RedrawScheduler (≤ 30 frames/s). GUI thread only.

#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPAxis;
class QCPAxisRect;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPLegend;
class QCPRange;

namespace slb {

class RedrawScheduler;
class RunModel;

class TemperaturePanel : public QWidget {
    Q_OBJECT
public:
    /** A panel drawing `model` (not owned; must outlive the panel). */
    explicit TemperaturePanel(RunModel* model, QWidget* parent = nullptr);

    /** The plot: the temperature rect above the gap rect and its legend. */
    QCustomPlot* plot() const { return m_plot; }
    /** The T rect (top) and the gap rect (below); they share one x range. */
    QCPAxisRect* temperatureRect() const { return m_tempRect; }
    QCPAxisRect* gapRect() const { return m_gapRect; }
    /** The planned T curve (dashed) and the recorded one (solid). */
    QCPGraph* plannedGraph() const { return m_planned; }
    QCPGraph* recordedGraph() const { return m_recorded; }
    int plannedPointCount() const;
    /** x (epochs) of the "now" marker; NaN while it is hidden. */
    double nowMarkerEpoch() const;
    /** The "now" marker's text; empty while it is hidden. */
    QString nowLabel() const;
    /** x (epochs) where the shaded hard phase starts; NaN when there is none. */
    double hardPhaseStartEpoch() const;
    /** Number of "steered" markers drawn. */
    int steeredMarkerCount() const { return int(m_steerLines.size()); }
    /** x (epochs) of the i-th "steered" marker. */
    double steeredMarkerEpoch(int i) const;
    /** One gap graph per SLB layer, in the run's layer order. */
    int gapGraphCount() const { return int(m_gapGraphs.size()); }
    /** The gap graph of the i-th SLB layer (0 ≤ i < gapGraphCount()). */
    QCPGraph* gapGraph(int i) const { return m_gapGraphs.at(std::size_t(i)); }
    /** The legend of the gap graphs (below the gap rect). */
    QCPLegend* gapLegend() const { return m_gapLegend; }
    /** The message shown instead of the plot; empty when the plot is shown. */
    QString message() const { return m_message; }

    /** True while the axes autoscale to the data; a zoom or drag ends it, a double-click restores
     * it. */
    bool autoRange() const { return m_autoRange; }
    void setAutoRange(bool on);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildPlot();
    void redraw();
    void rebuildPlanned();
    void rebuildRecorded();
    void appendRecorded(std::size_t from);
    void rebuildGapGraphs();
    void appendGaps();
    void updateHardPhase();
    void updateNowMarker();
    void placeNowLabel();
    void updateSteering();
    void updateGapLegend();
    void updateMessage();
    void applyAutoRange();
    void setAxisRange(QCPAxis* axis, const QCPRange& range);
    bool showsTemperature() const;
    double stepX(std::int64_t step) const;

    RunModel* m_model;
    RedrawScheduler* m_scheduler;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_tempRect = nullptr;
    QCPAxisRect* m_gapRect = nullptr;
    QCPLegend* m_gapLegend = nullptr;
    QCPGraph* m_planned = nullptr;
    QCPGraph* m_recorded = nullptr;
    std::vector<QCPGraph*> m_gapGraphs;
    std::vector<int> m_gapLayers;  ///< model layer index of each gap graph
    QCPItemRect* m_hardRect = nullptr;
    QCPItemRect* m_hardGapRect = nullptr;
    QCPItemText* m_hardLabel = nullptr;
    QCPItemStraightLine* m_nowLine = nullptr;
    QCPItemText* m_nowText = nullptr;
    QCPItemText* m_gapHint = nullptr;
    std::vector<QCPItemStraightLine*> m_steerLines;
    std::vector<QCPItemText*> m_steerLabels;

    QString m_message;
    bool m_showingPlot = true;      ///< the gap rect is in the layout
    bool m_legendInLayout = false;  ///< the gap legend is in the layout
    bool m_autoRange = true;
    int m_applyingRange = 0;  ///< > 0 while the panel itself moves an axis
    int m_legendColumns = 0;

    // What redraw() has to do; set by model signals.
    bool m_plannedDirty = true;
    bool m_rebuild = true;  ///< new run or new layout: every x changes
    bool m_gapDirty = true;
    bool m_steeringDirty = true;
    std::size_t m_stepsFrom = 0;
    std::size_t m_drawnSteps = 0;
    std::size_t m_drawnSnapshots = 0;
    std::int64_t m_lastSnapshotStep = -1;
    std::int64_t m_firstHardStep = -1;  ///< first recorded step in the hard phase
    std::int64_t m_itersPerEpoch = 1;
    double m_nowT = 0;  ///< T at the "now" marker
};

}  // namespace slb
