#pragma once
// ColumnMap: a heatmap with one column per sample, each column centred at its own key. Snapshots
// come every N steps plus one at each epoch end, so their times are not a regular grid; a
// QCPColorMap would either hide the extra samples or need a column for every training step. Here
// every sample keeps its own cell and the x axis stays true time, aligned with the line plots.

#include <qcustomplot.h>

#include <limits>
#include <vector>

namespace slb {

class ColumnMap : public QCPAbstractPlottable {
    Q_OBJECT
public:
    /** How a cell's value maps to a gradient position (and to its colour scale's axis). */
    enum class Scale { Linear, Sqrt };

    ColumnMap(QCPAxis* keyAxis, QCPAxis* valueAxis);

    /** Rows span [low, high] on the value axis in `rows` equal cells; drops every column. */
    void setRows(int rows, double low, double high);
    int rowCount() const { return m_rows; }
    int columnCount() const { return int(m_keys.size()); }

    /** Adds a column centred at `key` (keys ascending); `values` has rowCount() cells, lowest
     * first. */
    void appendColumn(double key, const std::vector<float>& values);
    /** Keeps the first `count` columns. */
    void truncate(int count);
    /** The value held for (column, row): what the cell's colour stands for; NaN outside. */
    double cell(int column, int row) const;
    double columnKey(int column) const;

    /** The first column reaches at most this far left, the last this far right (e.g. 0 and
     * the run's epochs). */
    void setKeyBounds(double floor, double ceiling) {
        m_keyFloor = floor;
        m_keyCeiling = ceiling;
    }
    /** Width of a column that has no neighbour to measure its spacing from. */
    void setLoneColumnWidth(double width) { m_loneWidth = width; }

    void setGradient(const QCPColorGradient& gradient);
    /** The values that span the gradient, in data units (before the scale). */
    void setDataRange(const QCPRange& range);
    void setScale(Scale scale);
    /** The gradient position of a value in data units, through `scale`. */
    static double transformed(double value, Scale scale);

    double selectTest(const QPointF& pos, bool onlySelectable,
                      QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    /** Column boundaries on the key axis: columnCount() + 1 ascending keys. */
    std::vector<double> edges() const;
    QRgb colorOf(double value) const;

    std::vector<double> m_keys;
    std::vector<float> m_values;  ///< column-major: column c holds [c·rows, (c+1)·rows)
    int m_rows = 1;
    double m_low = 0, m_high = 1;
    double m_keyFloor = -std::numeric_limits<double>::infinity();
    double m_keyCeiling = std::numeric_limits<double>::infinity();
    double m_loneWidth = 1;
    mutable QCPColorGradient m_gradient;  ///< color() is not const: it fills a lookup table
    QCPRange m_dataRange{0, 1};
    Scale m_scale = Scale::Linear;
};

}  // namespace slb
