#pragma once
// The temperature playground (a tab; no training needed): what T does to SLB's softmax. One
// weight's logits A over V (edited by hand, drawn at random, 2–16 values), a logarithmic T slider
// that also shows τ = 1/T, the bars of softmax(A·T), W_c (the expectation) and W_q (the argmax)
// on the V axis and ‖W_q − W_c‖; "Animate" sweeps T along the experiment panel's schedule. Below,
// a random layer of 4,096 weights taken through the same schedule, drawn as the Distributions
// panel draws a run — its max-probability heatmap and its share of committed weights — so that
// the heatmap can be read before a run.

#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/config.h"

class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QCPGraph;
class QCustomPlot;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace slb {

class FittedPlot;
class LayerHeatmap;
class RunModel;

class SoftmaxPlayground : public QWidget {
    Q_OBJECT
public:
    explicit SoftmaxPlayground(QWidget* parent = nullptr);
    ~SoftmaxPlayground() override;

    /** Weights in the random layer. */
    static constexpr int kLayerWeights = 4096;
    /** Points of the schedule the sweep (and the animation) visits. */
    static constexpr int kSweepPoints = 120;
    /** Range of the T slider. */
    static constexpr double kMinT = 0.1, kMaxT = 1e4;

    std::vector<double> values() const { return m_values; }
    std::vector<double> logits() const { return m_logits; }
    double temperature() const { return m_t; }
    /** softmax(A·T) as drawn in the bars. */
    std::vector<double> drawnProbabilities() const;
    double drawnWc() const;
    double drawnWq() const;
    /** The ‖W_q − W_c‖ shown. */
    QString gapText() const;

    /** A point of the schedule the sweep visits: its step, where the plots draw it, its T. */
    struct SweepPoint {
        std::int64_t iteration = 0;
        double epoch = 0;  ///< x of the step in the layer plots (epochs after the step)
        double t = 1;
    };
    const std::vector<SweepPoint>& sweep() const { return m_sweep; }
    bool isAnimating() const;
    /** Index into sweep() of the animation's last frame (−1 before the first). */
    int animationFrame() const { return m_frame; }
    /** The random layer's share of weights with max P > 0.999 at each sweep point. */
    const std::vector<double>& committedShares() const { return m_committed; }
    /** Shares of the random layer's weights in the max-probability bins at T (sum 1). */
    std::vector<double> layerHistogramAt(double t) const;
    QCustomPlot* weightPlot() const;
    QCustomPlot* layerPlot() const;

public Q_SLOTS:
    /** The schedule to sweep (the experiment panel's config). */
    void setConfig(const RunConfig& config);
    /** V = linspace(−1, 1, count), count in 2..16; the logits keep what fits and add zeros. */
    void setValueCount(int count);
    void setLogits(const std::vector<double>& logits);
    void setTemperature(double t);
    void randomizeLogits();
    void newRandomLayer();
    void startAnimation();
    void stopAnimation();
    /** The animation's next frame (what its timer calls). */
    void animationStep();

Q_SIGNALS:
    void temperatureChanged(double t);

private:
    void buildControls();
    void buildWeightPlot();
    void buildLayerPlot();
    void fillTable();
    void redrawWeight();
    void recomputeSweep();
    void recomputeLayer();
    void placeCursor();

    RunConfig m_config;
    std::vector<double> m_values;
    std::vector<double> m_logits;
    double m_t = 1.0;
    std::vector<SweepPoint> m_sweep;
    std::vector<double> m_layerLogits;  ///< kLayerWeights × m, row-major
    unsigned m_layerSeed = 1;
    unsigned m_weightSeed = 1;
    std::vector<double> m_committed;
    int m_frame = -1;
    double m_cursorEpoch = -1;  ///< where the layer plots' cursor stands (NaN-free: −1 hides)

    QSpinBox* m_count = nullptr;
    QComboBox* m_bits = nullptr;
    QTableWidget* m_table = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_tLabel = nullptr;
    QLabel* m_scheduleLabel = nullptr;
    QPushButton* m_animate = nullptr;
    QPushButton* m_newLayer = nullptr;
    QTimer* m_timer = nullptr;

    FittedPlot* m_weightPlot = nullptr;
    QCPBars* m_bars = nullptr;
    QCPGraph* m_uniform = nullptr;
    QCPItemStraightLine* m_wcLine = nullptr;
    QCPItemStraightLine* m_wqLine = nullptr;
    QCPItemText* m_wcLabel = nullptr;
    QCPItemText* m_wqLabel = nullptr;
    QLabel* m_gapLabel = nullptr;

    FittedPlot* m_layerPlot = nullptr;
    RunModel* m_layerModel = nullptr;  ///< the random layer's sweep as a run's snapshots
    std::unique_ptr<LayerHeatmap> m_heatmap;
    QCPGraph* m_committedGraph = nullptr;
    QCPItemStraightLine* m_committedCursor = nullptr;
    QCPBars* m_histBars = nullptr;
    bool m_updatingTable = false;
};

}  // namespace slb
