#include "columnmap.h"

#include <algorithm>
#include <cmath>

namespace slb {

ColumnMap::ColumnMap(QCPAxis* keyAxis, QCPAxis* valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis) {
    setSelectable(QCP::stNone);
    setAntialiased(false);
}

void ColumnMap::setRows(int rows, double low, double high) {
    m_rows = std::max(1, rows);
    m_low = low;
    m_high = high > low ? high : low + 1;
    m_keys.clear();
    m_values.clear();
}

void ColumnMap::appendColumn(double key, const std::vector<float>& values) {
    m_keys.push_back(key);
    const std::size_t first = m_values.size();
    m_values.resize(first + std::size_t(m_rows), std::numeric_limits<float>::quiet_NaN());
    std::copy_n(values.begin(), std::min(values.size(), std::size_t(m_rows)),
                m_values.begin() + std::ptrdiff_t(first));
}

void ColumnMap::truncate(int count) {
    if (count < 0 || count >= columnCount())
        return;
    m_keys.resize(std::size_t(count));
    m_values.resize(std::size_t(count) * std::size_t(m_rows));
}

double ColumnMap::cell(int column, int row) const {
    if (column < 0 || column >= columnCount() || row < 0 || row >= m_rows)
        return std::numeric_limits<double>::quiet_NaN();
    return double(m_values[std::size_t(column) * std::size_t(m_rows) + std::size_t(row)]);
}

double ColumnMap::columnKey(int column) const {
    return column >= 0 && column < columnCount() ? m_keys[std::size_t(column)]
                                                 : std::numeric_limits<double>::quiet_NaN();
}

void ColumnMap::setGradient(const QCPColorGradient& gradient) {
    m_gradient = gradient;
}

void ColumnMap::setDataRange(const QCPRange& range) {
    m_dataRange = range;
}

void ColumnMap::setScale(Scale scale) {
    m_scale = scale;
}

double ColumnMap::transformed(double value, Scale scale) {
    if (scale == Scale::Sqrt)
        return value > 0 ? std::sqrt(value) : 0.0;
    return value;
}

double ColumnMap::selectTest(const QPointF&, bool, QVariant*) const {
    return -1;
}

std::vector<double> ColumnMap::edges() const {
    const std::size_t n = m_keys.size();
    std::vector<double> e(n + 1);
    if (n == 0)
        return {};
    // Each boundary lies half-way between two samples, so that a sample sits at its cell's
    // centre (where the cursor line is drawn); the outer cells are as wide as their neighbour.
    for (std::size_t i = 1; i < n; ++i)
        e[i] = 0.5 * (m_keys[i - 1] + m_keys[i]);
    const double firstHalf = n > 1 ? 0.5 * (m_keys[1] - m_keys[0]) : 0.5 * m_loneWidth;
    const double lastHalf = n > 1 ? 0.5 * (m_keys[n - 1] - m_keys[n - 2]) : 0.5 * m_loneWidth;
    e[0] = std::max(m_keyFloor, m_keys[0] - firstHalf);
    e[n] = std::max(m_keys[n - 1], std::min(m_keyCeiling, m_keys[n - 1] + lastHalf));
    return e;
}

QCPRange ColumnMap::getKeyRange(bool& foundRange, QCP::SignDomain) const {
    const auto e = edges();
    foundRange = !e.empty();
    return foundRange ? QCPRange(e.front(), e.back()) : QCPRange();
}

QCPRange ColumnMap::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const {
    foundRange = true;
    return QCPRange(m_low, m_high);
}

QRgb ColumnMap::colorOf(double value) const {
    if (std::isnan(value))
        return 0;  // transparent: no sample
    const QCPRange range(transformed(m_dataRange.lower, m_scale),
                         transformed(m_dataRange.upper, m_scale));
    return m_gradient.color(transformed(value, m_scale), range);
}

void ColumnMap::draw(QCPPainter* painter) {
    QCPAxis* keyAxis = mKeyAxis.data();
    QCPAxis* valueAxis = mValueAxis.data();
    if (!keyAxis || !valueAxis || m_keys.empty())
        return;
    const auto e = edges();
    // The map's extent in pixels, cut to the axis rect: one image pixel per screen pixel, so
    // that narrow columns stay sharp and drawing costs the same however long the run.
    const QRectF mapRect(QPointF(keyAxis->coordToPixel(e.front()), valueAxis->coordToPixel(m_high)),
                         QPointF(keyAxis->coordToPixel(e.back()), valueAxis->coordToPixel(m_low)));
    const QRect target = mapRect.normalized().toAlignedRect().intersected(clipRect());
    if (target.width() <= 0 || target.height() <= 0)
        return;

    const int n = columnCount();
    std::vector<int> columnAt(std::size_t(target.width()));
    for (int px = 0; px < target.width(); ++px) {
        const double key = keyAxis->pixelToCoord(target.left() + px + 0.5);
        const auto it = std::upper_bound(e.begin(), e.end(), key);
        const int c = int(it - e.begin()) - 1;
        columnAt[std::size_t(px)] = c >= 0 && c < n ? c : -1;
    }
    // Colours of the columns some pixel shows, premultiplied as the painter draws them: a long
    // run has more columns than the map has pixels, and each colour costs a transform and a
    // gradient lookup.
    std::vector<QRgb> colors(std::size_t(n) * std::size_t(m_rows));
    int previous = -1;
    for (int c : columnAt) {
        if (c < 0 || c == previous)
            continue;
        previous = c;
        for (int r = 0; r < m_rows; ++r) {
            const std::size_t i = std::size_t(c) * std::size_t(m_rows) + std::size_t(r);
            colors[i] = qPremultiply(colorOf(double(m_values[i])));
        }
    }
    std::vector<int> rowAt(std::size_t(target.height()));
    const double rowHeight = (m_high - m_low) / m_rows;
    for (int py = 0; py < target.height(); ++py) {
        const double value = valueAxis->pixelToCoord(target.top() + py + 0.5);
        const int r = int(std::floor((value - m_low) / rowHeight));
        rowAt[std::size_t(py)] = r >= 0 && r < m_rows ? r : -1;
    }

    QImage image(target.size(), QImage::Format_ARGB32_Premultiplied);
    for (int py = 0; py < target.height(); ++py) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(py));
        const int r = rowAt[std::size_t(py)];
        for (int px = 0; px < target.width(); ++px) {
            const int c = columnAt[std::size_t(px)];
            line[px] =
                c < 0 || r < 0 ? 0 : colors[std::size_t(c) * std::size_t(m_rows) + std::size_t(r)];
        }
    }
    painter->drawImage(target.topLeft(), image);
}

void ColumnMap::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    QLinearGradient g(rect.topLeft(), rect.topRight());
    g.setColorAt(0, QColor::fromRgba(colorOf(m_dataRange.lower)));
    g.setColorAt(1, QColor::fromRgba(colorOf(m_dataRange.upper)));
    painter->fillRect(rect, g);
}

}  // namespace slb
