#include "plothelpers.h"

#include <qcustomplot.h>
#include <QPixmap>
#include <QWidget>

#include <cmath>
#include <numeric>

#include "plotstyle.h"

namespace slb {

namespace {

const QChar kMinus(0x2212);

}  // namespace

QString formatLevel(double v) {
    // V is linspace(−1, 1, 2^b): thirds, fifths, sevenths, fifteenths... read better as fractions
    // than as 0.3333. Denominators up to 16 cover every bit width the GUI can show as labels.
    for (int d = 1; d <= 16; ++d) {
        const double n = v * d;
        if (std::abs(n - std::round(n)) > 1e-4 * d)
            continue;
        int num = int(std::lround(n));
        int den = d;
        const int g = std::gcd(std::abs(num), den);
        if (g > 1) {
            num /= g;
            den /= g;
        }
        const QString sign = num < 0 ? QString(kMinus) : QString();
        num = std::abs(num);
        if (den == 1)
            return sign + QString::number(num);
        if (den == 3)
            return sign + (num == 1 ? QStringLiteral("⅓") : QStringLiteral("⅔"));
        return sign + QStringLiteral("%1/%2").arg(num).arg(den);
    }
    QString s = QString::number(v, 'g', 3);
    s.replace(QLatin1Char('-'), kMinus);
    return s;
}

QFont plotFont(const QWidget* widget, int extra) {
    QFont f = widget->font();
    f.setPointSize(plotFontPointSize() + extra);
    return f;
}

QIcon colorSwatch(const QColor& color) {
    QPixmap pixmap(14, 14);
    pixmap.fill(color);
    return QIcon(pixmap);
}

double epochAfterStep(std::int64_t step, std::int64_t itersPerEpoch) {
    return double(step + 1) / double(std::max<std::int64_t>(1, itersPerEpoch));
}

QCPTextElement* makePlotTitle(QCustomPlot* plot, const QString& text) {
    QFont f = plot->font();
    f.setPointSize(plotFontPointSize() + 1);
    f.setBold(true);
    auto* title = new QCPTextElement(plot, text, f);
    title->setMargins(QMargins(2, 2, 2, 0));
    return title;
}

QCPAxisRect* addTitledRect(QCustomPlot* plot, QCPLayoutGrid* grid, int row, int column,
                           const QString& text, QCPTextElement** title) {
    auto* cell = new QCPLayoutGrid;
    grid->addElement(row, column, cell);
    cell->setRowSpacing(0);
    QCPTextElement* t = makePlotTitle(plot, text);
    QFont f = t->font();
    f.setPointSize(plotFontPointSize());  // small multiples: many titles, same size as ticks
    t->setFont(f);
    cell->addElement(0, 0, t);
    auto* rect = new QCPAxisRect(plot);
    cell->addElement(1, 0, rect);
    // The title row takes its text's height only; the rect takes the rest.
    cell->setRowStretchFactor(0, 0.001);
    for (QCPAxis* a : rect->axes())
        styleAxis(a);
    if (title)
        *title = t;
    return rect;
}

void addLegendEntry(QCPAbstractPlottable* plottable, QCPLegend* legend) {
    if (legend->hasItemWithPlottable(plottable))
        return;
    plottable->addToLegend(legend);
    legend->itemWithPlottable(plottable)->setMargins(QMargins(0, 0, 0, 3));
}

void fitLegendColumns(QCPLegend* legend, int width) {
    const QFontMetrics metrics(legend->font());
    int widest = 0, count = 0;
    for (int i = 0; i < legend->itemCount(); ++i)  // a grid: some cells may be empty
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i))) {
            widest = std::max(widest, metrics.horizontalAdvance(item->plottable()->name()));
            ++count;
        }
    // Icon, its gap and the item's margins come on top of the text.
    const int columnWidth = widest + legend->iconSize().width() + legend->iconTextPadding() + 24;
    const int columns = std::max(1, std::min(count, (width - 16) / std::max(1, columnWidth)));
    if (columns != legend->wrap() || legend->fillOrder() != QCPLayoutGrid::foColumnsFirst) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

}  // namespace slb
