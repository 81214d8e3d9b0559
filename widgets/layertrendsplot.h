#pragma once
// LayerTrendsPlot: two small plots over time for every SLB layer, side by side: the mean entropy
// of P (with log m, the uniform distribution's, dashed) and the share of weights that committed
// (max P > 0.999). One line per layer; the picked layer drawn thick and on top.

#include <qcustomplot.h>
#include <string>
#include <vector>

namespace slb {

class RunModel;

class LayerTrendsPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LayerTrendsPlot(QWidget* parent = nullptr);

    /**
     * Lays out one line per SLB layer of `model` (again only when the layers changed) and reads
     * the snapshots from index `firstChanged` on.
     */
    void sync(const RunModel& model, int firstChanged);
    /** Highlights the `slbIndex`-th SLB layer (thicker, on top, bold in the legend). */
    void setPicked(int slbIndex);
    /** Puts the cursor lines at `epoch` (NaN hides them). */
    void setCursor(double epoch);
    /** Removes every line (no run). */
    void clearLines();

    /** The time axis (the two plots' time axes move together). */
    QCPAxis* timeAxis() const { return m_entropyRect->axis(QCPAxis::atBottom); }
    int lineCount() const { return int(m_entropy.size()); }
    /** The entropy / committed-share line of the i-th SLB layer (committed in %). */
    QCPGraph* entropyGraph(int i) const { return m_entropy[std::size_t(i)]; }
    QCPGraph* sharpGraph(int i) const { return m_sharp[std::size_t(i)]; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild(const RunModel& model);
    void build();
    void applyPicked();
    void relegend();

    QCPAxisRect* m_entropyRect = nullptr;
    QCPAxisRect* m_sharpRect = nullptr;
    QCPLegend* m_legend = nullptr;
    std::vector<QCPGraph*> m_entropy, m_sharp, m_uniform;
    std::vector<QCPItemStraightLine*> m_cursors;
    std::vector<std::string> m_names;
    std::int64_t m_itersPerEpoch = 0;
    double m_epochs = 0;
    int m_count = 0;  ///< snapshots read
    int m_picked = 0;
};

}  // namespace slb
