#include "crosshair.h"

#include <qcustomplot.h>

#include <algorithm>

#include "plotstyle.h"

namespace slb {

namespace {

constexpr int kGap = 12;  ///< pixels between the line and its text box

}  // namespace

Crosshair::Crosshair(QCustomPlot* plot, const std::vector<QCPAxisRect*>& rects)
    : m_plot(plot), m_rects(rects) {
    m_plot->addLayer(QStringLiteral("crosshair"), nullptr, QCustomPlot::limAbove);
    m_layer = m_plot->layer(QStringLiteral("crosshair"));
    m_layer->setMode(QCPLayer::lmBuffered);
    const QPen pen(QColor(0, 0, 0, 150), 1, Qt::DashLine);
    for (QCPAxisRect* r : m_rects) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->setLayer(m_layer);
        line->setClipAxisRect(r);
        line->setPen(pen);
        for (QCPItemPosition* p : {line->point1, line->point2}) {
            p->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
            p->setAxisRect(r);
            p->setTypeX(QCPItemPosition::ptPlotCoords);
            p->setTypeY(QCPItemPosition::ptAxisRectRatio);
        }
        line->setVisible(false);
        m_lines.push_back(line);
    }
    m_text = new QCPItemText(m_plot);
    m_text->setLayer(m_layer);
    m_text->setClipToAxisRect(false);
    m_text->position->setType(QCPItemPosition::ptAbsolute);
    m_text->setTextAlignment(Qt::AlignLeft);
    m_text->setPadding(QMargins(8, 6, 8, 6));
    m_text->setBrush(QColor(255, 255, 255, 250));
    m_text->setPen(QPen(QColor(0, 0, 0, 90)));
    QFont f = m_text->font();
    f.setPointSize(plotFontPointSize());
    m_text->setFont(f);
    m_text->setVisible(false);
}

bool Crosshair::visible() const {
    return m_text->visible();
}

QString Crosshair::text() const {
    return m_text->visible() ? m_text->text() : QString();
}

void Crosshair::show(double x, const QString& text) {
    m_x = x;
    for (auto* l : m_lines) {
        l->point1->setCoords(x, 0);
        l->point2->setCoords(x, 1);
        l->setVisible(true);
    }
    m_text->setText(text);
    // Beside the line, on the side with more room, at the top of the first rect; moved back
    // into the plot where the box is wider than that side.
    const QRect top = m_rects.front()->rect();
    const double px = m_rects.front()->axis(QCPAxis::atBottom)->coordToPixel(x);
    const bool right = px < top.center().x();
    m_text->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->position->setCoords(0, 0);
    const double width =
        m_text->bottomRight->pixelPosition().x() - m_text->topLeft->pixelPosition().x();
    const QRect view = m_plot->viewport();
    const double left = right ? px + kGap : px - kGap - width;
    const double maxLeft = std::max(double(view.left() + 2), view.right() - 2 - width);
    m_text->position->setCoords(std::clamp(left, double(view.left() + 2), maxLeft), top.top() + 6);
    m_text->setVisible(true);
}

void Crosshair::hide() {
    for (auto* l : m_lines)
        l->setVisible(false);
    m_text->setVisible(false);
}

void Crosshair::replot() {
    m_layer->replot();
}

bool Crosshair::covers(double pixelX, double pixelY) const {
    const QRect top = m_rects.front()->rect();
    const QRect bottom = m_rects.back()->rect();
    return pixelX >= top.left() && pixelX <= top.right() && pixelY >= top.top() &&
           pixelY <= bottom.bottom();
}

}  // namespace slb
