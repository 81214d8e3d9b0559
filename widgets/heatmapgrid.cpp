#include "heatmapgrid.h"

#include <cmath>

#include "layerheatmap.h"
#include "plothelpers.h"
#include "plotstyle.h"
#include "runmodel.h"

namespace slb {

HeatmapGrid::HeatmapGrid(QWidget* parent) : FittedPlot(parent) {
    setObjectName(QStringLiteral("overview"));
    stylePlot(this);
    setInteractions(QCP::Interactions());
    clearMaps();
}

HeatmapGrid::~HeatmapGrid() = default;

int HeatmapGrid::columnsFor(int n) {
    if (n <= 3)
        return std::max(1, n);
    if (n == 4)
        return 2;
    if (n <= 6)
        return 3;
    if (n <= 12)
        return 4;
    return 5;
}

QString HeatmapGrid::title(int i) const {
    return i >= 0 && std::size_t(i) < m_titles.size() ? m_titles[std::size_t(i)]->text()
                                                      : QString();
}

void HeatmapGrid::clearMaps() {
    m_maps.clear();
    clearPlottables();
    clearItems();
    for (QCPMarginGroup* g : m_groups)
        delete g;
    m_groups.clear();
    plotLayout()->clear();
    // A hidden, empty legend: code that styles every plot may reach for plot->legend.
    legend = new QCPLegend;
    plotLayout()->addElement(0, 1, legend);
    legend->setVisible(false);
    legend->setMinimumSize(1, 1);  // takes no room: hidden elements still count in a layout
    m_titles.clear();
    m_names.clear();
    m_scale = nullptr;
    m_cells = nullptr;
}

void HeatmapGrid::fitLayout() {
    if (!m_cells || m_cells->columnCount() < 2)
        return;
    // Only the first column carries y tick labels: the columns are stretched by their margins,
    // so that every map comes out as wide (from the sizes of the last layout).
    QList<double> extra;
    double total = 0, extraSum = 0;
    for (int c = 0; c < m_cells->columnCount(); ++c) {
        auto* cell = qobject_cast<QCPLayoutGrid*>(m_cells->element(0, c));
        auto* rect = cell ? qobject_cast<QCPAxisRect*>(cell->element(1, 0)) : nullptr;
        if (!rect)
            return;
        extra << cell->outerRect().width() - rect->width();
        total += cell->outerRect().width();
        extraSum += extra.back();
    }
    const double each = (total - extraSum) / extra.size();
    if (each <= 0)
        return;
    QList<double> factors;
    for (double e : extra)
        factors << each + e;
    m_cells->setColumnStretchFactors(factors);
}

void HeatmapGrid::sync(const RunModel& model, int firstChanged) {
    std::vector<std::string> names;
    for (const auto& l : model.layers())
        if (l.kind == "slb")
            names.push_back(l.name + "/" + std::to_string(l.weightBits));
    const double epochs = model.layout().totalEpochs;
    if (names != m_names || epochs != m_epochs) {
        m_epochs = epochs;
        rebuild(model);
        m_names = names;
        firstChanged = 0;
    }
    std::size_t k = 0;
    for (std::size_t li = 0; li < model.layers().size(); ++li)
        if (model.layers()[li].kind == "slb" && k < m_maps.size())
            m_maps[k++]->sync(model, int(li), firstChanged);
}

void HeatmapGrid::setCursor(double epoch) {
    for (auto& m : m_maps)
        m->setCursor(epoch);
}

void HeatmapGrid::rebuild(const RunModel& model) {
    clearMaps();
    std::vector<const LayerInfo*> layers;
    for (const auto& l : model.layers())
        if (l.kind == "slb")
            layers.push_back(&l);
    const int n = int(layers.size());
    if (n == 0)
        return;
    const int columns = columnsFor(n);
    const int rows = (n + columns - 1) / columns;

    // One caption instead of an axis label on every map: the maps keep their width.
    auto* caption = new WrappedTitle(
        this, tr("Every layer's max P over epochs · 1/m at the bottom, 1 at the top"),
        QFont(font().family(), plotFontPointSize()));
    plotLayout()->addElement(0, 0, caption);
    m_cells = new QCPLayoutGrid;
    plotLayout()->addElement(1, 0, m_cells);
    plotLayout()->setRowStretchFactor(0, 0.001);
    m_cells->setRowSpacing(4);
    m_scale = new QCPColorScale(this);
    plotLayout()->addElement(1, 1, m_scale);
    plotLayout()->setColumnStretchFactor(1, 0.001);
    LayerHeatmap::setupShareScale(m_scale);

    // The rects of one row share top/bottom margins and those of one column left/right margins:
    // the maps line up although only the outer ones carry tick labels; fitLayout() makes the
    // first column (with the y labels) that much wider, so that every map is as wide.
    std::vector<QCPMarginGroup*> rowGroups, columnGroups;
    for (int r = 0; r < rows; ++r)
        rowGroups.push_back(new QCPMarginGroup(this));
    for (int c = 0; c < columns; ++c)
        columnGroups.push_back(new QCPMarginGroup(this));
    m_groups = rowGroups;
    m_groups.insert(m_groups.end(), columnGroups.begin(), columnGroups.end());
    // The colour bar spans the maps' height, with room for its end labels (a label that would
    // cross the plot's edge is not drawn at all).
    const int text = QFontMetrics(m_scale->axis()->tickLabelFont()).height();
    // An em between maps: the last time label of one ("10") stays clear of the next one's "0".
    m_cells->setColumnSpacing(text);
    m_scale->setMinimumMargins(QMargins(0, text + 6, 0, 2 * text + 12));

    for (int k = 0; k < n; ++k) {
        const int r = k / columns, c = k % columns;
        QCPTextElement* title = nullptr;
        QCPAxisRect* rect = addTitledRect(
            this, m_cells, r, c, QString::fromStdString(layers[std::size_t(k)]->name), &title);
        m_titles.push_back(title);
        // Names in the tick labels' font, so that 5 columns hold "features.12"; a name wider than
        // its map overhangs into the gap (centred, not clipped) rather than widening its column.
        QFont nameFont = title->font();
        nameFont.setBold(false);
        title->setFont(nameFont);
        title->setTextFlags(Qt::AlignCenter);
        title->setMinimumSize(1, 0);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, columnGroups[std::size_t(c)]);
        rect->setMarginGroup(QCP::msTop | QCP::msBottom, rowGroups[std::size_t(r)]);
        // Half a label's height on top: the "1" label there stays clear of the title.
        rect->setMinimumMargins(QMargins(4, text / 2 + 1, 4, 2));

        const bool bottom = k + columns >= n;  // nothing below it in its column
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        x->setRange(0, m_epochs);
        setFittedTicks(x);
        x->setTickLabels(bottom);
        x->setLabel(bottom ? tr("epoch") : QString());
        x->grid()->setVisible(false);

        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        const int bits = std::clamp(layers[std::size_t(k)]->weightBits, 0, 16);
        const double low = 1.0 / double(std::int64_t(1) << bits);
        y->setRange(low, 1);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->addTick(low, QStringLiteral("1/%1").arg(std::int64_t(1) << bits));  // 1/m
        ticker->addTick(1, QStringLiteral("1"));
        y->setTicker(ticker);
        y->setTickLabels(c == 0);
        y->grid()->setVisible(false);

        m_maps.push_back(std::make_unique<LayerHeatmap>(rect));
    }
}

}  // namespace slb
