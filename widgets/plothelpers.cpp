#include "plothelpers.h"

#include <qcustomplot.h>
#include <QPixmap>
#include <QPointer>
#include <QRegularExpression>
#include <QWidget>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <utility>

#include "plotstyle.h"

namespace slb {

namespace {

const QChar kMinus(0x2212);

const QString kSeparator = QStringLiteral(" · ");

/** Ticks at 1, 2, 5 × 10^k spaced so that their labels fit the axis's length (setFittedTicks). */
class FittedTicker : public QCPAxisTicker {
public:
    explicit FittedTicker(QCPAxis* axis) : m_axis(axis) {}

protected:
    double getTickStep(const QCPRange& range) override {
        const double size = range.size();
        if (!m_axis || !m_axis->axisRect() || !(size > 0) || !std::isfinite(size))
            return QCPAxisTicker::getTickStep(range);
        const bool horizontal = m_axis->orientation() == Qt::Horizontal;
        const double length =
            horizontal ? m_axis->axisRect()->width() : m_axis->axisRect()->height();
        if (length < 1)
            return QCPAxisTicker::getTickStep(range);
        const QFontMetrics metrics(m_axis->tickLabelFont());
        const QLocale locale = m_axis->parentPlot()->locale();
        const QChar format =
            m_axis->numberFormat().isEmpty() ? QLatin1Char('g') : m_axis->numberFormat().at(0);
        // Room each label needs: two lines up; across its width and two em. The search starts
        // at the first 1-2-5 step that leaves two em between ticks.
        const double em = metrics.height();
        const double least = size * 2.0 * em / length;
        const double decade = std::pow(10.0, std::floor(std::log10(least)));
        constexpr std::array<double, 3> kMantissas = {1, 2, 5};
        int k = 0;
        while (k < 3 && decade * kMantissas[std::size_t(k)] < least * (1 - 1e-9))
            ++k;
        for (int tries = 0; tries < 12; ++tries, ++k) {
            const double candidate =
                decade * kMantissas[std::size_t(k % 3)] * std::pow(10.0, k / 3);
            if (!horizontal || candidate >= size)
                return candidate;
            double widest = 0;
            for (double v = std::ceil(range.lower / candidate) * candidate;
                 v <= range.upper + 1e-9 * candidate; v += candidate)
                widest = std::max<double>(widest, metrics.horizontalAdvance(getTickLabel(
                                                      std::abs(v) < 1e-12 * candidate ? 0.0 : v,
                                                      locale, format, m_axis->numberPrecision())));
            if (candidate / size * length >= widest + 2.0 * em)
                return candidate;
        }
        return QCPAxisTicker::getTickStep(range);
    }

private:
    QPointer<QCPAxis> m_axis;
};

/** Greedy line filling: `parts` joined by `glue`, a new line where the next part would not fit. */
QStringList fillLines(const QStringList& parts, const QString& glue, const QFontMetrics& metrics,
                      int width) {
    QStringList lines;
    QString line;
    for (const QString& part : parts) {
        const QString longer = line.isEmpty() ? part : line + glue + part;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
            lines << line;
            line = part;
        } else {
            line = longer;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines;
}

/** Columns for entries `widths` pixels wide (their texts) that `width` pixels hold. */
int legendColumns(const QCPLegend* legend, const std::vector<int>& widths, int width) {
    const int widest = widths.empty() ? 0 : *std::max_element(widths.begin(), widths.end());
    // Icon, its gap, the column spacing (entries have no side margins: addLegendEntry) and a
    // little slack come on top of the text.
    const int columnWidth = widest + legend->iconSize().width() + legend->iconTextPadding() +
                            legend->columnSpacing() + 6;
    return std::max(1, std::min(int(widths.size()), (width - 16) / std::max(1, columnWidth)));
}

}  // namespace

void FittedPlot::updateLayout() {
    const auto rectSizes = [this] {
        QVector<QSize> sizes;
        for (const QCPAxisRect* rect : axisRects())
            sizes << rect->size();
        return sizes;
    };
    fitLayout();
    QCustomPlot::updateLayout();
    // Again with the sizes this layout gave: fitted tickers, wrapped titles and fitLayout()
    // change margins, heights and stretch factors. Until the rects keep their sizes (then the
    // ticks were fitted to the sizes drawn), twice at most.
    for (int pass = 0; pass < 2; ++pass) {
        const QVector<QSize> before = rectSizes();
        fitLayout();
        QCustomPlot::updateLayout();
        if (rectSizes() == before)
            break;
    }
}

WrappedTitle::WrappedTitle(QCustomPlot* plot, const QString& text, const QFont& font)
    : QCPTextElement(plot, text, font), m_full(text), m_shown(text) {}

QString WrappedTitle::fullText() const {
    return text() == m_shown ? m_full : text();
}

void WrappedTitle::update(UpdatePhase phase) {
    QCPTextElement::update(phase);
    if (phase != upLayout)
        return;
    m_full = fullText();  // setText() sets the whole text anew
    const int width = rect().width();
    m_shown = width > 0 ? wrapText(m_full, font(), width) : m_full;
    if (m_shown != text())
        setText(m_shown);  // its height counts from the next layout pass (FittedPlot runs two)
}

QSize WrappedTitle::minimumOuterSizeHint() const {
    QSize size = QCPTextElement::minimumOuterSizeHint();
    const QFontMetrics metrics(font());
    int widest = 0;
    for (const QString& word :
         fullText().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        widest = std::max(widest, metrics.horizontalAdvance(word));
    size.setWidth(widest + margins().left() + margins().right());
    return size;
}

QString wrapText(const QString& text, const QFont& font, int width) {
    const QFontMetrics metrics(font);
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        if (metrics.horizontalAdvance(paragraph) <= width) {
            lines << paragraph;
            continue;
        }
        // Whole " · " parts per line where they fit; a part too wide alone breaks at spaces.
        for (const QString& line :
             fillLines(paragraph.split(kSeparator), kSeparator, metrics, width)) {
            if (metrics.horizontalAdvance(line) <= width)
                lines << line;
            else
                lines << fillLines(line.split(QLatin1Char(' '), Qt::SkipEmptyParts),
                                   QStringLiteral(" "), metrics, width);
        }
    }
    return lines.join(QLatin1Char('\n'));
}

void setFittedTicks(QCPAxis* axis) {
    axis->setTicker(QSharedPointer<FittedTicker>::create(axis));
}

QMap<double, QString> levelTicks(const std::vector<float>& values, double pixels,
                                 const QFont& font) {
    const int m = int(values.size());
    QStringList labels;
    const QFontMetrics metrics(font);
    int widest = 0;
    for (float v : values) {
        labels << formatLevel(double(v));
        widest = std::max(widest, metrics.horizontalAdvance(labels.back()));
    }
    // Each label needs its width and about half an em on either side.
    const double need = widest + 0.9 * metrics.height();
    const double slot = pixels / std::max(1, m);
    int k = 1;
    while (k < m - 1 && k * slot < need)
        ++k;
    // Every k-th value from the left in the left half, from the right in the right half; the
    // two middle labels go when they come closer than k.
    std::vector<int> left, right;
    for (int i = 0; i < (m + 1) / 2; i += k)
        left.push_back(i);
    for (int i = m - 1; i >= (m + 1) / 2; i -= k)
        right.push_back(i);
    if (!left.empty() && !right.empty() && right.back() - left.back() < k && left.size() > 1 &&
        right.size() > 1) {
        left.pop_back();
        right.pop_back();
    }
    QMap<double, QString> ticks;
    for (int i : left)
        ticks.insert(i, labels[i]);
    for (int i : right)
        ticks.insert(i, labels[i]);
    return ticks;
}

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

WrappedTitle* makePlotTitle(QCustomPlot* plot, const QString& text) {
    QFont f = plot->font();
    f.setPointSize(plotFontPointSize() + 1);
    f.setBold(true);
    auto* title = new WrappedTitle(plot, text, f);
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
    std::vector<int> widths;
    for (int i = 0; i < legend->itemCount(); ++i)  // a grid: some cells may be empty
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
            widths.push_back(
                QFontMetrics(item->font()).horizontalAdvance(item->plottable()->name()));
    const int columns = legendColumns(legend, widths, width);
    if (columns != legend->wrap() || legend->fillOrder() != QCPLayoutGrid::foColumnsFirst) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

int legendRows(const QCPLegend* legend, const QStringList& names, int width) {
    if (names.isEmpty())
        return 0;
    QFont bold = legend->font();
    bold.setBold(true);  // the picked layer's entry
    const QFontMetrics metrics(bold);
    std::vector<int> widths;
    for (const QString& name : names)
        widths.push_back(metrics.horizontalAdvance(name));
    const int columns = legendColumns(legend, widths, width);
    return (int(names.size()) + columns - 1) / columns;
}

QStringList readabilityProblems(QCustomPlot* plot) {
    QStringList problems;
    const QString name = plot->objectName();
    QList<QCPAxis*> axes;
    for (QCPAxisRect* rect : plot->axisRects()) {
        axes << rect->axes();
        if (rect->width() < 20 || rect->height() < 20)
            problems << QStringLiteral("%1: a plot squeezed to %2 × %3 px")
                            .arg(name)
                            .arg(rect->width())
                            .arg(rect->height());
    }
    const QList<QCPLayoutElement*> elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement* e : elements)
        if (auto* scale = qobject_cast<QCPColorScale*>(e))
            axes << scale->axis();
    for (QCPAxis* axis : axes) {
        if (!axis || !axis->realVisibility() || !axis->tickLabels())
            continue;
        const QFontMetrics metrics(axis->tickLabelFont());
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        std::vector<std::pair<double, QString>> shown;  // pixel position, label
        const QVector<double> ticks = axis->tickVector();
        const QVector<QString> labels = axis->tickVectorLabels();
        for (int i = 0; i < ticks.size() && i < labels.size(); ++i)
            if (axis->range().contains(ticks[i]) && !labels[i].isEmpty())
                shown.emplace_back(axis->coordToPixel(ticks[i]), labels[i]);
        std::sort(shown.begin(), shown.end());
        for (std::size_t i = 1; i < shown.size(); ++i) {
            const double gap = std::abs(shown[i].first - shown[i - 1].first);
            // Across: a quarter em between the labels at least ("−1⅓⅓1" reads as one word).
            const double need = horizontal
                                    ? 0.5 * (metrics.horizontalAdvance(shown[i].second) +
                                             metrics.horizontalAdvance(shown[i - 1].second)) +
                                          0.25 * metrics.height()
                                    : metrics.ascent();
            if (gap < need)
                problems << QStringLiteral("%1, axis \"%2\": tick labels %3 and %4 touch")
                                .arg(name, axis->label(), shown[i - 1].second, shown[i].second);
        }
    }
    for (QCPLayoutElement* e : elements) {
        if (auto* text = qobject_cast<QCPTextElement*>(e)) {
            if (!text->realVisibility() || text->text().isEmpty())
                continue;
            const QFontMetrics metrics(text->font());
            const QStringList lines = text->text().split(QLatin1Char('\n'));
            for (const QString& line : lines)
                if (metrics.horizontalAdvance(line) > text->rect().width() + 1)
                    problems << QStringLiteral("%1: title \"%2\" is %3 px wide in %4 px")
                                    .arg(name, line)
                                    .arg(metrics.horizontalAdvance(line))
                                    .arg(text->rect().width());
            if (text->rect().height() + 1 < metrics.height() * lines.size())
                problems << QStringLiteral("%1: title \"%2\" is cut in height").arg(name, lines[0]);
        } else if (auto* item = qobject_cast<QCPPlottableLegendItem*>(e)) {
            if (item->realVisibility() &&
                item->outerRect().width() + 1 <
                    static_cast<QCPLayoutElement*>(item)->minimumOuterSizeHint().width())
                problems << QStringLiteral("%1: legend entry \"%2\" is cut")
                                .arg(name, item->plottable()->name());
        }
    }
    return problems;
}

}  // namespace slb
