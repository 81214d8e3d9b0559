#pragma once
// LayerHeatmap: one SLB layer's max-probability histogram over time (x = epochs, y = max P from
// 1/m to 1, colour = share of weights), drawn in an axis rect it is given, with a cursor line.
// The distributions panel draws one large; its overview draws one per layer in a grid.

#include <QCoreApplication>
#include <cstdint>

class QCPAxisRect;
class QCPColorScale;
class QCPItemStraightLine;

namespace slb {

class ColumnMap;
class RunModel;

class LayerHeatmap {
    Q_DECLARE_TR_FUNCTIONS(LayerHeatmap)
public:
    /** Creates the map and its cursor line in `rect`; the rect's plot owns both. */
    explicit LayerHeatmap(QCPAxisRect* rect);
    LayerHeatmap(const LayerHeatmap&) = delete;
    LayerHeatmap& operator=(const LayerHeatmap&) = delete;

    /**
     * Brings the map up to date with layer `layer` of `model`: snapshots from index
     * `firstChanged` on are (re)read, the ones before are kept. A new layer reads all of them.
     */
    void sync(const RunModel& model, int layer, int firstChanged);
    /** Forgets the columns; the next sync reads every snapshot. */
    void clear();
    /** Puts the cursor line at `epoch` (NaN hides it). */
    void setCursor(double epoch);

    /** The share of weights held for (snapshot index, max-probability bin); NaN outside. */
    double cell(int snapshot, int bin) const;
    int columnCount() const;
    int layer() const { return m_layer; }
    QCPAxisRect* axisRect() const { return m_rect; }
    ColumnMap* map() const { return m_map; }

    /**
     * Styles a colour scale for the shares these maps draw (a √ scale, so that the few weights
     * left outside the dominant bin stay visible): viridis, ticks at readable shares, a label.
     */
    static void setupShareScale(QCPColorScale* scale);

private:
    QCPAxisRect* m_rect;
    ColumnMap* m_map;
    QCPItemStraightLine* m_halo;
    QCPItemStraightLine* m_cursor;
    int m_layer = -1;
    std::int64_t m_itersPerEpoch = 0;
};

}  // namespace slb
