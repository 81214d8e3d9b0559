#pragma once
// StepTrendPlot: LSQ step sizes over time on a log axis: s_w (solid) and s_a (dashed) per layer,
// one colour per layer, with a multi-column legend under the plot (one entry per layer plus the
// two line styles). Where that legend would take more than a quarter of the plot (20 layers in
// a narrow panel) it names the picked layer only; the layer picker's swatches name the rest.

#include <qcustomplot.h>
#include <string>
#include <vector>

#include "plothelpers.h"

namespace slb {

class RunModel;

class StepTrendPlot : public FittedPlot {
    Q_OBJECT
public:
    /** One layer drawn: its index in the model and which quantizers it has. */
    struct Series {
        int layer = -1;
        bool weights = false;      ///< LSQ weights: an s_w line
        bool activations = false;  ///< LSQ input activations: an s_a line
    };

    explicit StepTrendPlot(QWidget* parent = nullptr);

    /**
     * Lays out the lines for `series` (again only when they changed) and reads the snapshots
     * from index `firstChanged` on.
     */
    void sync(const RunModel& model, const std::vector<Series>& series, int firstChanged);
    /** Highlights the i-th series (thicker, on top). */
    void setPicked(int index);
    /** Puts the cursor line at `epoch` (NaN hides it). */
    void setCursor(double epoch);
    /** Removes every line (no run). */
    void clearLines();

    /** Number of s_w and s_a lines that hold data. */
    int lineCount() const;
    /** The s_w (or s_a) line of the i-th series; null when it has none. */
    QCPGraph* weightGraph(int i) const { return m_weights[std::size_t(i)]; }
    QCPGraph* activationGraph(int i) const { return m_activations[std::size_t(i)]; }
    int seriesCount() const { return int(m_series.size()); }
    /** True when the legend names every layer, false when only the picked one. */
    bool fullLegend() const { return m_fullLegend; }

protected:
    void fitLayout() override;

private:
    void rebuild(const RunModel& model, const std::vector<Series>& series);
    void rescaleSteps();
    void updateTicks();
    void relegend();

    std::vector<Series> m_series;
    std::vector<QCPGraph*> m_weights, m_activations;  ///< per series; null where none
    std::vector<QCPGraph*> m_layerKeys;               ///< legend entries, one per series
    std::vector<QCPGraph*> m_styleKeys;               ///< legend entries for the two line styles
    QCPItemStraightLine* m_cursor;
    QCPLegend* m_legend;
    QSharedPointer<QCPAxisTickerLog> m_logTicker;
    QSharedPointer<QCPAxisTickerText> m_textTicker;  ///< 1-2-5 labels; null while unused
    std::int64_t m_itersPerEpoch = 0;
    double m_epochs = 0;
    int m_count = 0;  ///< snapshots read
    int m_picked = 0;
    bool m_fullLegend = true;
    double m_low = 0, m_high = 0;  ///< smallest and largest step drawn
};

}  // namespace slb
