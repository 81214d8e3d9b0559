#pragma once
// LsqHistogramPlot: one LSQ quantizer at one step: the histogram of v/s with the quantization
// grid (a thin line at every integer level from −Qn to Qp) and the two clip points drawn bold and
// labelled; a subtitle gives s, the bits and the share of clipped values.

#include <qcustomplot.h>
#include <utility>
#include <vector>

#include "plothelpers.h"

namespace slb {

struct LsqSnapshot;

class LsqHistogramPlot : public FittedPlot {
    Q_OBJECT
public:
    explicit LsqHistogramPlot(QWidget* parent = nullptr);

    /** Draws `q` (null or invalid: nothing) under `title`. */
    void setSnapshot(const LsqSnapshot* q, const QString& title);

    /** The bar heights shown (share of values per bin). */
    std::vector<double> bars() const;
    /** The clip points drawn, (−Qn, Qp) in units of s; NaN when none. */
    std::pair<double, double> clipPoints() const;
    /** The share of clipped values in the subtitle; NaN when none. */
    double clippedShare() const { return m_clipped; }
    /** Number of grid lines drawn between and at the clip points. */
    int gridLineCount() const { return int(m_grid.size()); }
    /** The subtitle: s, bits, clipped share. */
    QString info() const;

    /** Grid spacing in levels that keeps at most `maxLines` lines for qn + qp levels. */
    static int gridStride(double qn, double qp, int maxLines);

private:
    void setGrid(double qn, double qp);

    QCPTextElement* m_title;
    WrappedTitle* m_info;
    QCPBars* m_bars;
    std::vector<QCPItemStraightLine*> m_grid;
    QCPItemStraightLine* m_clipLow;
    QCPItemStraightLine* m_clipHigh;
    QCPItemText* m_clipLowLabel;
    QCPItemText* m_clipHighLabel;
    QCPItemText* m_spikeLabel;    ///< the height of a bar cut off by the axis
    double m_qn = -1, m_qp = -1;  ///< the grid drawn
    double m_clipped = 0;
};

}  // namespace slb
