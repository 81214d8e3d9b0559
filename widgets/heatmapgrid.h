#pragma once
// HeatmapGrid: every SLB layer's max-probability heatmap side by side (small multiples), with one
// shared colour scale and the same epoch range everywhere, so that one sees which layers commit
// first. Tick labels only on the outer edge of the grid keep 20 layers readable.

#include <qcustomplot.h>
#include <memory>
#include <string>
#include <vector>

#include "plothelpers.h"

namespace slb {

class LayerHeatmap;
class RunModel;

class HeatmapGrid : public FittedPlot {
    Q_OBJECT
public:
    explicit HeatmapGrid(QWidget* parent = nullptr);
    ~HeatmapGrid() override;

    /**
     * Lays out one heatmap per SLB layer of `model` (again only when the layers changed) and
     * reads the snapshots from index `firstChanged` on into each.
     */
    void sync(const RunModel& model, int firstChanged);
    /** Puts every map's cursor line at `epoch` (NaN hides them). */
    void setCursor(double epoch);
    /** Removes every map (no run). */
    void clearMaps();

    int count() const { return int(m_maps.size()); }
    /** The i-th small heatmap, in the model's layer order. */
    const LayerHeatmap& heatmap(int i) const { return *m_maps[std::size_t(i)]; }
    /** The title of the i-th map (the layer's name). */
    QString title(int i) const;
    QCPColorScale* colorScale() const { return m_scale; }

    /** Columns of the grid for `n` maps: wide enough to stay readable, at most 5. */
    static int columnsFor(int n);

protected:
    void fitLayout() override;

private:
    void rebuild(const RunModel& model);

    std::vector<std::unique_ptr<LayerHeatmap>> m_maps;
    std::vector<QCPTextElement*> m_titles;
    std::vector<std::string> m_names;  ///< the layers laid out ("name/bits" each)
    std::vector<QCPMarginGroup*> m_groups;
    QCPColorScale* m_scale = nullptr;
    QCPLayoutGrid* m_cells = nullptr;  ///< the maps' grid
    double m_epochs = 0;
};

}  // namespace slb
