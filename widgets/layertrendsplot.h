#pragma once
// LayerTrendsPlot: two small plots over time for every SLB layer: the mean entropy of P (with
// log m, the uniform distribution's, dashed) and the share of weights that committed
// (max P > 0.999). Side by side, each half the width, where the plot is wide enough; else one
// above the other on a shared time axis. One line per layer; the picked layer thick, on top.

#include <qcustomplot.h>
#include <string>
#include <vector>

#include "plothelpers.h"

namespace slb {

class RunModel;

class LayerTrendsPlot : public FittedPlot {
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
    /** True when the two plots are stacked (a narrow plot), false when side by side. */
    bool stacked() const { return m_stacked; }
    /** Narrower than this (pixels), the two plots are stacked: side by side each would get
     * less than about 240 px. */
    static constexpr int kSideBySideWidth = 480;

protected:
    void fitLayout() override;

private:
    void rebuild(const RunModel& model);
    void build();
    void applyPicked();
    void relegend();
    void arrange(bool stacked);

    QCPLayoutGrid* m_rects = nullptr;
    QCPMarginGroup* m_sides = nullptr;  ///< equal left/right margins: equal widths, aligned
    QCPMarginGroup* m_ends = nullptr;   ///< equal top/bottom margins, side by side
    bool m_stacked = false;
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
