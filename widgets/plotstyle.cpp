#include "plotstyle.h"

#include <qcustomplot.h>

#include <array>
#include <cmath>
#include <vector>

namespace slb {

namespace {

int g_fontPoints = 11;

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
// deficiency. Black is left out: it is the axes' colour.
constexpr std::array<QRgb, 7> kOkabeIto = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00,
                                           0xCC79A7, 0x56B4E9, 0xF0E442};

// viridis at 9 stops (matplotlib's _viridis_data at 0, 1/8, ..., 1).
constexpr std::array<QRgb, 9> kViridis = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C,
                                          0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};

const char* kMessageName = "slbPlotMessage";

/**
 * Log ticks at readable mantissas: QCPAxisTickerLog labels powers of ten only, which leaves a
 * loss falling from 2.3 to 0.2 with one or two labels.
 */
class ReadableLogTicker : public QCPAxisTicker {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        if (range.lower <= 0 || range.upper <= range.lower)
            return QCPAxisTicker::createTickVector(tickStep, range);
        const double lo = std::log10(range.lower), hi = std::log10(range.upper);
        const double decades = hi - lo;
        if (decades < 0.6)  // less than a factor 4: linear ticks read best
            return QCPAxisTicker::createTickVector(tickStep, range);
        std::vector<double> mantissas = {1};
        int every = 1;  // one labelled power in `every`
        if (decades <= 1.5)
            mantissas = {1, 2, 3, 5};
        else if (decades <= 3.5)
            mantissas = {1, 2, 5};
        else if (decades <= 7)
            mantissas = {1, 3};
        else
            every = int(std::ceil(decades / 7));
        QVector<double> ticks;
        for (int k = int(std::floor(lo)) - 1; k <= int(std::ceil(hi)); ++k) {
            if (((k % every) + every) % every != 0)
                continue;
            for (double m : mantissas)
                ticks.push_back(m * std::pow(10.0, k));
        }
        return ticks;
    }
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override {
        Q_UNUSED(subTickCount);
        Q_UNUSED(ticks);
        return {};  // linear sub-ticks between log ticks would mislead
    }
};

}  // namespace

void setLogScale(QCPAxis* axis, bool logarithmic) {
    axis->setScaleType(logarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    axis->setTicker(logarithmic ? QSharedPointer<QCPAxisTicker>(new ReadableLogTicker)
                                : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    axis->setNumberFormat(QStringLiteral("gb"));  // 1·10⁻⁴ rather than 1e-04
}

int plotFontPointSize() {
    return g_fontPoints;
}

void setPlotFontPointSize(int points) {
    g_fontPoints = std::max(6, points);
}

void styleAxis(QCPAxis* axis) {
    QFont tick = axis->tickLabelFont();
    tick.setPointSize(g_fontPoints);
    axis->setTickLabelFont(tick);
    QFont label = axis->labelFont();
    label.setPointSize(g_fontPoints);
    axis->setLabelFont(label);
    axis->grid()->setPen(QPen(QColor(0, 0, 0, 40), 1, Qt::DotLine));
    axis->grid()->setSubGridVisible(false);
}

void stylePlot(QCustomPlot* plot) {
    for (QCPAxis* a : plot->axisRect()->axes())
        styleAxis(a);
    QFont legend = plot->legend->font();
    legend.setPointSize(g_fontPoints);
    plot->legend->setFont(legend);
    plot->legend->setBrush(QColor(255, 255, 255, 220));
    plot->legend->setBorderPen(QPen(QColor(0, 0, 0, 60)));
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    plot->setPlottingHint(QCP::phCacheLabels, true);
}

QColor seriesColor(int i) {
    return QColor::fromRgb(kOkabeIto[std::size_t(i) % kOkabeIto.size()]);
}

QColor softColor() {
    return QColor::fromRgb(kOkabeIto[0]);  // blue
}
QColor hardColor() {
    return QColor::fromRgb(kOkabeIto[3]);  // vermillion
}
QColor trainColor() {
    return QColor::fromRgb(kOkabeIto[2]);  // bluish green
}
QColor accentColor() {
    return QColor::fromRgb(kOkabeIto[4]);  // reddish purple
}

QColor withAlpha(QColor c, int alpha) {
    c.setAlpha(alpha);
    return c;
}

QCPColorGradient viridisGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    for (std::size_t i = 0; i < kViridis.size(); ++i)
        g.setColorStopAt(double(i) / double(kViridis.size() - 1), QColor::fromRgb(kViridis[i]));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setLevelCount(256);
    return g;
}

void setPlotMessage(QCustomPlot* plot, const QString& text) {
    QCPItemText* item = nullptr;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (plot->item(i)->objectName() == kMessageName)
            item = qobject_cast<QCPItemText*>(plot->item(i));
    if (!item) {
        if (text.isEmpty())
            return;
        item = new QCPItemText(plot);
        item->setObjectName(kMessageName);
        item->position->setType(QCPItemPosition::ptAxisRectRatio);
        item->position->setCoords(0.5, 0.5);
        item->setPositionAlignment(Qt::AlignCenter);
        item->setClipToAxisRect(false);
        item->setPadding(QMargins(12, 8, 12, 8));
        item->setBrush(QColor(255, 255, 255, 230));
        item->setPen(QPen(QColor(0, 0, 0, 80)));
    }
    QFont f = item->font();
    f.setPointSize(g_fontPoints + 3);
    item->setFont(f);
    item->setText(text);
    item->setVisible(!text.isEmpty());
}

}  // namespace slb
