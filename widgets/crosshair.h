#pragma once
// A crosshair over stacked axis rects that share one x range: a vertical line through every rect
// and a text box beside it at the top of the first, on a buffered layer of its own, so that
// moving it with the mouse repaints that layer and nothing else. GUI thread only.

#include <QString>
#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPLayer;

namespace slb {

class Crosshair {
public:
    /** Adds the layer (above every other) and the hidden items to `plot`, which owns them. */
    Crosshair(QCustomPlot* plot, const std::vector<QCPAxisRect*>& rects);

    QCPLayer* layer() const { return m_layer; }
    bool visible() const;
    /** The text shown; empty while hidden. */
    QString text() const;
    /** Plot x of the line (the last shown). */
    double x() const { return m_x; }

    /**
     * Shows the line at plot x `x` and `text` beside it, on the side with more room, kept
     * inside the plot. Nothing is drawn until replot().
     */
    void show(double x, const QString& text);
    void hide();
    /** Draws the crosshair's layer again, and only it. */
    void replot();
    /** True when the pixel lies over the rects: within the first one's x extent, between the
     * top of the first and the bottom of the last. */
    bool covers(double pixelX, double pixelY) const;

private:
    QCustomPlot* m_plot;
    std::vector<QCPAxisRect*> m_rects;
    QCPLayer* m_layer = nullptr;
    std::vector<QCPItemStraightLine*> m_lines;  ///< one per axis rect
    QCPItemText* m_text = nullptr;
    double m_x = 0;
};

}  // namespace slb
