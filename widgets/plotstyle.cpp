#include "plotstyle.h"

#include <qcustomplot.h>

#include "plottheme.h"

#include <QStringList>
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
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
public:
    /** Ticks for `axis` (which owns this ticker), as many as its length has room for. */
    explicit ReadableLogTicker(QCPAxis* axis) : m_axis(axis) {}

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        if (range.lower <= 0 || range.upper <= range.lower)
            return QCPAxisTicker::createTickVector(tickStep, range);
        const double lo = std::log10(range.lower), hi = std::log10(range.upper);
        const double decades = hi - lo;
        if (decades < 0.6)  // less than a factor 4: linear ticks read best
            return QCPAxisTicker::createTickVector(tickStep, range);
        // The richest mantissas the range allows, thinned until the labels fit the axis.
        static const std::vector<std::vector<double>> kSets = {
            {1, 2, 3, 5}, {1, 2, 5}, {1, 3}, {1}};
        std::size_t set = decades <= 1.5 ? 0 : decades <= 3.5 ? 1 : decades <= 7 ? 2 : 3;
        int every = decades > 7 ? int(std::ceil(decades / 7)) : 1;  // one labelled power in `every`
        const int room = labelRoom();
        auto count = [&] { return (decades + 1) * double(kSets[set].size()) / every; };
        while (count() > room && set + 1 < kSets.size())
            ++set;
        while (count() > room && every < 64)
            ++every;
        QVector<double> ticks;
        for (int k = int(std::floor(lo)) - 1; k <= int(std::ceil(hi)); ++k) {
            if (((k % every) + every) % every != 0)
                continue;
            for (double m : kSets[set])
                ticks.push_back(m * std::pow(10.0, k));
        }
        return ticks;
    }
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override {
        Q_UNUSED(subTickCount);
        Q_UNUSED(ticks);
        return {};  // linear sub-ticks between log ticks would mislead
    }

private:
    /** How many labels the axis has room for: a label's height and a half each on a vertical
     *  axis, four label heights (a short number's width) on a horizontal one. */
    int labelRoom() const {
        if (!m_axis || !m_axis->axisRect())
            return 12;
        const bool vertical = m_axis->orientation() == Qt::Vertical;
        const int length = vertical ? m_axis->axisRect()->height() : m_axis->axisRect()->width();
        const int label = QFontMetrics(m_axis->tickLabelFont()).height();
        if (length <= 0 || label <= 0)
            return 12;
        return std::max(2, int(length / (label * (vertical ? 1.5 : 4.0))));
    }

    QCPAxis* m_axis;
};

/** `text` broken at spaces into lines no wider than `width` pixels; its own breaks are kept. */
QString wrapToWidth(const QString& text, const QFontMetrics& metrics, int width) {
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
            if (line.isEmpty() || metrics.horizontalAdvance(longer) <= width) {
                line = longer;
            } else {  // a word wider than the room keeps a line of its own
                lines << line;
                line = word;
            }
        }
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

/** See addWrappingText(). */
class WrappingText : public QCPItemText {
public:
    using QCPItemText::QCPItemText;

protected:
    void draw(QCPPainter* painter) override {
        const QRect room =
            position->axisRect() ? position->axisRect()->rect() : mParentPlot->viewport();
        const QMargins pad = padding();
        const int width = std::min(room.width(), mParentPlot->viewport().width()) - pad.left() -
                          pad.right() - 2 * kMessageMargin;
        const QString text = mText;
        painter->setFont(mainFont());
        mText = wrapToWidth(text, painter->fontMetrics(), std::max(1, width));
        QCPItemText::draw(painter);
        mText = text;
    }

private:
    static constexpr int kMessageMargin = 6;  ///< room between the text's frame and the rect
};

}  // namespace

void setLogScale(QCPAxis* axis, bool logarithmic) {
    axis->setScaleType(logarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    axis->setTicker(logarithmic ? QSharedPointer<QCPAxisTicker>(new ReadableLogTicker(axis))
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
    // Solid lines as segments rather than one stroked path: the panels' wide pens (1.5–3.5 px,
    // readable on a projector) otherwise cost a path stroke of every polyline, and 20 layers'
    // lines took 40 ms per replot (10 with segments, see bench_panels). With points at pixel
    // spacing the joins look the same; PDF and SVG exports still draw whole paths.
    plot->setPlottingHint(QCP::phFastPolylines, true);
    // Panels keep writing colours for white; the theme maps them just before each draw.
    if (!plot->property("slbThemeHooked").toBool()) {
        plot->setProperty("slbThemeHooked", true);
        QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { applyTheme(plot); });
    }
}

QColor seriesColor(int i) {
    return QColor::fromRgb(kOkabeIto[std::size_t(i) % kOkabeIto.size()]);
}

QColor runColor(int i) {
    // Yellow reads poorly on white, so runs take black and grey instead.
    static constexpr std::array<QRgb, 8> kRuns = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00,
                                                  0xCC79A7, 0x56B4E9, 0x000000, 0x999999};
    return QColor::fromRgb(kRuns[std::size_t(i) % kRuns.size()]);
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

void fitLegendToWidth(QCPLegend* legend, int width) {
    std::vector<int> widths;  // of each entry, in order
    bool compact = true;      // no empty cell before the last entry
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (QCPLayoutElement* item = legend->item(i)) {
            compact = compact && int(widths.size()) == i;
            widths.push_back(item->minimumOuterSizeHint().width());
        }
    }
    const int n = int(widths.size());
    if (n == 0)
        return;
    // Entries fill rows of `columns`; a column is as wide as its widest entry.
    auto columnWidths = [&widths, n](int columns) {
        std::vector<double> out(std::size_t(columns), 0.0);
        for (int i = 0; i < n; ++i) {
            double& w = out[std::size_t(i % columns)];
            w = std::max(w, double(widths[std::size_t(i)]));
        }
        return out;
    };
    const int room = width - legend->margins().left() - legend->margins().right() - 4;
    int columns = 1;
    for (int c = n; c > 1; --c) {
        const int rows = (n + c - 1) / c;
        if ((n + rows - 1) / rows != c)
            continue;  // not balanced
        const auto w = columnWidths(c);
        if (std::accumulate(w.begin(), w.end(), 0.0) + (c - 1) * legend->columnSpacing() <= room) {
            columns = c;
            break;
        }
    }
    if (columns != legend->wrap() || !compact || legend->fillOrder() != QCPLegend::foColumnsFirst) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLegend::foColumnsFirst, true);
    }
    const auto w = columnWidths(columns);
    for (int c = 0; c < std::min(columns, legend->columnCount()); ++c)
        legend->setColumnStretchFactor(c, w[std::size_t(c)]);
}

bool fitAxisLabel(QCPAxis* axis, int length) {
    const QString oneLine = QString(axis->label()).replace(QLatin1Char('\n'), QLatin1Char(' '));
    QString label = oneLine;
    if (QFontMetrics(axis->labelFont()).horizontalAdvance(oneLine) > length) {
        int at = -1;  // the space nearest the middle
        const int middle = int(oneLine.size()) / 2;
        for (int i = 0; i < oneLine.size(); ++i)
            if (oneLine[i] == QLatin1Char(' ') &&
                (at < 0 || std::abs(i - middle) < std::abs(at - middle)))
                at = i;
        if (at >= 0)
            label[at] = QLatin1Char('\n');
    }
    if (label == axis->label())
        return false;
    axis->setLabel(label);
    return true;
}

QCPItemText* addWrappingText(QCustomPlot* plot) {
    return new WrappingText(plot);
}

void setPlotMessage(QCustomPlot* plot, const QString& text) {
    QCPItemText* item = nullptr;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (plot->item(i)->objectName() == kMessageName)
            item = qobject_cast<QCPItemText*>(plot->item(i));
    if (!item) {
        if (text.isEmpty())
            return;
        item = addWrappingText(plot);
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
