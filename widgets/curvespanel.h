#pragma once
// Curves panel: train loss, train and test accuracy (W_c and W_q side by side) and learning rate
// against training progress in epochs, in three stacked axis rects sharing one x range. Draws
// from a RunModel through a RedrawScheduler (≤ 30 frames/s), appending only new points; a
// crosshair on its own buffered layer reads the values under the mouse without replotting data.
// GUI thread only.

#include <QString>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "curvesoverlay.h"

class QCheckBox;
class QComboBox;
class QTimer;
class QCustomPlot;
class QCPAxis;
class QCPAxisRect;
class QCPGraph;
class QCPLayer;
class QCPRange;
class QLabel;
class QSlider;
class QToolButton;

namespace slb {

class Crosshair;
class RedrawScheduler;
class RunModel;

class CurvesPanel : public QWidget {
    Q_OBJECT
public:
    /** The graphs of the panel (for tests and exports). */
    enum class Series {
        LossRaw,
        LossSmoothed,
        AccuracyRaw,
        AccuracySmoothed,
        TrainAccuracyEpoch,
        TestAccuracySoft,  ///< W_c; "test accuracy" for fp and LSQ runs
        TestAccuracyHard,  ///< W_q; hidden for fp and LSQ runs
        LearningRate
    };

    /** A panel drawing `model` (not owned; must outlive the panel). */
    explicit CurvesPanel(RunModel* model, QWidget* parent = nullptr);
    ~CurvesPanel() override;

    /**
     * The plot: its legend in a row above three axis rects (loss, accuracy, learning rate), out
     * of the way of the curves. One legend serves all: a series looks the same in every rect.
     */
    QCustomPlot* plot() const { return m_plot; }
    /** The graph of one series. */
    QCPGraph* graph(Series s) const;
    /** The axis rects, top to bottom; they share one x range. */
    QCPAxisRect* lossRect() const { return m_lossRect; }
    QCPAxisRect* accuracyRect() const { return m_accRect; }
    QCPAxisRect* lrRect() const { return m_lrRect; }

    /** Smoothing weight of the step curves, in [0, 0.999]. */
    double smoothing() const { return m_smoothing; }
    void setSmoothing(double weight);
    /** Logarithmic y axes for loss and learning rate. */
    bool logY() const { return m_logY; }
    void setLogY(bool on);
    /** Autoscale y from robust percentiles instead of the extremes. */
    bool ignoreOutliers() const { return m_ignoreOutliers; }
    void setIgnoreOutliers(bool on);
    /** True while the view follows the run (x shows the whole run so far, y autoscales). */
    bool following() const { return m_following; }
    void setFollowing(bool on);
    /**
     * Overlays `runs` (the runs ticked in the run browser) instead of the current run: each
     * run's smoothed loss, test accuracy and learning rate in its own colour, aligned as
     * alignment() says; runs still being written are polled and grow. Empty: back to the
     * current run. Returns a message per run that could not be read (it is left out).
     */
    QStringList setOverlayRuns(const std::vector<OverlayRunSpec>& runs);
    /** The overlay (for tests); active() while runs are overlaid. */
    const CurvesOverlay* overlay() const { return m_overlay.get(); }
    CurvesOverlay::Align alignment() const { return m_align; }
    void setAlignment(CurvesOverlay::Align align);

    /** The message shown instead of curves; empty when curves are shown. */
    QString message() const { return m_message; }

    /** Shows the crosshair at plot x `epoch` (as a mouse move there does); NaN hides it. */
    void showCrosshairAt(double epoch);
    /** The crosshair's text; empty while it is hidden. */
    QString crosshairText() const;
    /** The layer the crosshair is drawn on (buffered: replotted alone on mouse moves). */
    QCPLayer* crosshairLayer() const;

    /**
     * Debiased exponential moving average, as TensorBoard smooths scalars: last = last·w +
     * (1 − w)·x, divided by 1 − w^n (n finite points so far). Non-finite inputs are skipped and
     * give NaN at their index.
     */
    static std::vector<double> smooth(const std::vector<double>& values, double weight);
    /**
     * Value range of `values` (in x order) without outliers: each chunk of consecutive points
     * keeps what lies within its quartiles' far-out fences [Q1 − 3·IQR, Q3 + 3·IQR], so that a
     * lone spike is left out but a steady trend (the first steps' high loss) is kept. With
     * `logScale` only positive values count and the fences are taken on log10. Non-finite values
     * are skipped; an invalid range (lower > upper) when nothing is left.
     */
    static QCPRange robustRange(const std::vector<double>& values, bool logScale);

Q_SIGNALS:
    /** Following was switched on or off (by the button, a zoom or a drag). */
    void followingChanged(bool on);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /** Incremental debiased EMA: the state smooth() carries from one point to the next. */
    struct Ema {
        double weight = 0;
        double last = 0;
        double count = 0;
        double push(double x);
    };

    void buildPlot();
    QWidget* buildToolBar();
    QWidget* buildOverlayControls(QWidget* bar);
    void showOwnSeries(bool on);
    void redrawOverlay();
    void applyOverlayRange();
    void pollOverlay();
    QCPGraph* addGraph(QCPAxisRect* rect, const QColor& color, double width, const QString& name);
    void redraw();
    void rebuildSteps();
    void appendSteps(std::size_t from);
    void rebuildEpochs();
    void updateEmptyState();
    void updateSeriesNames();
    void fitAxisLabels();
    void applyAutoRange();
    void setAxisRange(QCPAxis* axis, const QCPRange& range);
    void onRangeChanged(QCPAxis* axis, const QCPRange& range);
    void onMouseMove(double pixelX, double pixelY);
    void updateCrosshair(double epoch);
    double stepX(std::int64_t step) const;

    RunModel* m_model;
    RedrawScheduler* m_scheduler;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_lossRect = nullptr;
    QCPAxisRect* m_accRect = nullptr;
    QCPAxisRect* m_lrRect = nullptr;
    std::vector<QCPGraph*> m_graphs;  ///< indexed by Series
    std::unique_ptr<Crosshair> m_crosshair;

    QSlider* m_smoothSlider = nullptr;
    QLabel* m_smoothLabel = nullptr;
    QCheckBox* m_logBox = nullptr;
    QCheckBox* m_outlierBox = nullptr;
    QToolButton* m_followButton = nullptr;
    QWidget* m_overlayRow = nullptr;
    QLabel* m_overlayLabel = nullptr;
    QComboBox* m_alignBox = nullptr;
    std::unique_ptr<CurvesOverlay> m_overlay;
    std::vector<OverlayRunSpec> m_overlaySpecs;
    QTimer* m_overlayPoll = nullptr;
    CurvesOverlay::Align m_align = CurvesOverlay::Align::Epoch;

    double m_smoothing = 0.6;
    bool m_logY = false;
    bool m_ignoreOutliers = true;
    bool m_following = true;
    QString m_message;
    bool m_showingCurves = true;  ///< accuracy and lr rects are in the layout

    // What redraw() has to do; set by model signals and settings.
    bool m_rebuild = true;
    bool m_smoothingDirty = false;
    bool m_epochsDirty = true;
    std::size_t m_stepsFrom = 0;  ///< first step index whose points changed
    std::size_t m_drawnSteps = 0;
    std::int64_t m_itersPerEpoch = 1;  ///< the x scale the drawn points were placed with
    Ema m_lossEma, m_accEma;
    int m_applyingRange = 0;  ///< > 0 while the panel itself moves an axis
};

}  // namespace slb
