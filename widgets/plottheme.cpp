#include "plottheme.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>
#include <algorithm>
#include <atomic>
#include <vector>

namespace slb {

namespace {

std::atomic<Theme> g_theme{Theme::Light};

constexpr QRgb kDarkPlot = 0x1e1f22;
const char* kPlotThemeKey = "slbTheme";

/** Greys (equal channels, near enough) carry no meaning of their own: they are ink or paper. */
bool isGrey(const QColor& c) {
    const int hi = std::max({c.red(), c.green(), c.blue()});
    const int lo = std::min({c.red(), c.green(), c.blue()});
    return hi - lo <= 16;
}

/**
 * One colour of a plot object, remembered as written by its panel (for white) next to what the
 * theme made of it: the next pass maps from the panel's colour again, and a colour the panel set
 * since (it differs from the themed one) is taken as the panel's new colour.
 */
template <class Get, class Set>
void themeColor(QObject* owner, const char* key, Theme theme, Get get, Set set,
                bool always = false) {
    const QColor now = get();
    QColor original = now;
    const QVariantList seen = owner->property(key).toList();
    if (seen.size() == 2 && seen[1].value<QColor>() == now)
        original = seen[0].value<QColor>();
    const QColor want = themedColor(original, theme);
    if (always || want != now)
        set(want);
    owner->setProperty(key, QVariantList{original, want});
}

template <class T>
void themePen(T* o, const char* key, Theme theme, QPen (T::*get)() const,
              void (T::*set)(const QPen&)) {
    themeColor(
        o, key, theme, [&] { return (o->*get)().color(); },
        [&](const QColor& c) {
            QPen p = (o->*get)();
            p.setColor(c);
            (o->*set)(p);
        });
}

template <class T>
void themeBrush(T* o, const char* key, Theme theme, QBrush (T::*get)() const,
                void (T::*set)(const QBrush&)) {
    const Qt::BrushStyle style = (o->*get)().style();
    if (style == Qt::NoBrush || style >= Qt::LinearGradientPattern)
        return;
    themeColor(
        o, key, theme, [&] { return (o->*get)().color(); },
        [&](const QColor& c) {
            QBrush b = (o->*get)();
            b.setColor(c);
            (o->*set)(b);
        });
}

void themeAxis(QCPAxis* a, Theme t) {
    themePen(a, "slbBasePen", t, &QCPAxis::basePen, &QCPAxis::setBasePen);
    themePen(a, "slbTickPen", t, &QCPAxis::tickPen, &QCPAxis::setTickPen);
    themePen(a, "slbSubTickPen", t, &QCPAxis::subTickPen, &QCPAxis::setSubTickPen);
    themeColor(
        a, "slbLabelColor", t, [a] { return a->labelColor(); },
        [a](const QColor& c) { a->setLabelColor(c); });
    themeColor(
        a, "slbTickLabelColor", t, [a] { return a->tickLabelColor(); },
        [a](const QColor& c) { a->setTickLabelColor(c); });
    QCPGrid* g = a->grid();
    themePen(g, "slbGridPen", t, &QCPGrid::pen, &QCPGrid::setPen);
    themePen(g, "slbSubGridPen", t, &QCPGrid::subGridPen, &QCPGrid::setSubGridPen);
    themePen(g, "slbZeroPen", t, &QCPGrid::zeroLinePen, &QCPGrid::setZeroLinePen);
}

void themeLegend(QCPLegend* l, Theme t) {
    themeBrush(l, "slbBrush", t, &QCPLegend::brush, &QCPLegend::setBrush);
    themePen(l, "slbBorderPen", t, &QCPLegend::borderPen, &QCPLegend::setBorderPen);
    // The legend's setTextColor recolours every entry: their own colours are read first.
    std::vector<std::pair<QCPAbstractLegendItem*, QColor>> entries;
    for (int i = 0; i < l->itemCount(); ++i)
        if (QCPAbstractLegendItem* item = l->item(i))
            entries.emplace_back(item, item->textColor());
    themeColor(
        l, "slbTextColor", t, [l] { return l->textColor(); },
        [l](const QColor& c) { l->setTextColor(c); });
    // An entry added since the last pass took the legend's colour as themed then: its own colour
    // for white is the legend's.
    const QVariantList legendSeen = l->property("slbTextColor").toList();
    for (const auto& [item, before] : entries) {
        QColor shown = before;
        if (!item->property("slbTextColor").isValid() && legendSeen.size() == 2 &&
            before == legendSeen[1].value<QColor>())
            shown = legendSeen[0].value<QColor>();
        themeColor(
            item, "slbTextColor", t, [shown] { return shown; },
            [item = item](const QColor& c) { item->setTextColor(c); }, true);
    }
}

void themePlottable(QCPAbstractPlottable* p, Theme t) {
    if (qobject_cast<QCPColorMap*>(p))
        return;  // a colour scale, readable on either background
    themePen(p, "slbPen", t, &QCPAbstractPlottable::pen, &QCPAbstractPlottable::setPen);
    themeBrush(p, "slbBrush", t, &QCPAbstractPlottable::brush, &QCPAbstractPlottable::setBrush);
    if (auto* g = qobject_cast<QCPGraph*>(p)) {
        if (g->scatterStyle().isNone())
            return;
        themeColor(
            g, "slbScatterPen", t, [g] { return g->scatterStyle().pen().color(); },
            [g](const QColor& c) {
                QCPScatterStyle s = g->scatterStyle();
                QPen pen = s.pen();
                pen.setColor(c);
                s.setPen(pen);
                g->setScatterStyle(s);
            });
        if (g->scatterStyle().brush().style() == Qt::SolidPattern)
            themeColor(
                g, "slbScatterBrush", t, [g] { return g->scatterStyle().brush().color(); },
                [g](const QColor& c) {
                    QCPScatterStyle s = g->scatterStyle();
                    s.setBrush(c);
                    g->setScatterStyle(s);
                });
    }
}

template <class T>
bool themeItemAs(QCPAbstractItem* item, Theme t) {
    auto* o = qobject_cast<T*>(item);
    if (!o)
        return false;
    themePen(o, "slbPen", t, &T::pen, &T::setPen);
    if constexpr (std::is_same_v<T, QCPItemText> || std::is_same_v<T, QCPItemRect> ||
                  std::is_same_v<T, QCPItemEllipse> || std::is_same_v<T, QCPItemTracer>)
        themeBrush(o, "slbBrush", t, &T::brush, &T::setBrush);
    if constexpr (std::is_same_v<T, QCPItemText>)
        themeColor(
            o, "slbTextColor", t, [o] { return o->color(); },
            [o](const QColor& c) { o->setColor(c); });
    return true;
}

void themeItem(QCPAbstractItem* item, Theme t) {
    themeItemAs<QCPItemText>(item, t) || themeItemAs<QCPItemLine>(item, t) ||
        themeItemAs<QCPItemStraightLine>(item, t) || themeItemAs<QCPItemRect>(item, t) ||
        themeItemAs<QCPItemTracer>(item, t) || themeItemAs<QCPItemCurve>(item, t) ||
        themeItemAs<QCPItemEllipse>(item, t) || themeItemAs<QCPItemBracket>(item, t);
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x8a, 0x8c, 0x90), highlight(0x56, 0xB4, 0xE9);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x8a, 0x65));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::LinkVisited, QColor(0xCC, 0x79, 0xA7));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

}  // namespace

Theme currentTheme() {
    return g_theme.load();
}

Theme themeFromName(const QString& name, Theme fallback) {
    if (name.compare(QLatin1String("dark"), Qt::CaseInsensitive) == 0)
        return Theme::Dark;
    if (name.compare(QLatin1String("light"), Qt::CaseInsensitive) == 0)
        return Theme::Light;
    return fallback;
}

QString themeName(Theme theme) {
    return theme == Theme::Dark ? QStringLiteral("dark") : QStringLiteral("light");
}

void setTheme(QApplication* app, Theme theme) {
    g_theme.store(theme);
    if (!app)
        return;
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        app->setStyle(fusion);
    app->setPalette(theme == Theme::Dark ? darkPalette() : app->style()->standardPalette());
}

QColor themedColor(const QColor& onWhite, Theme theme) {
    if (theme == Theme::Light || !onWhite.isValid())
        return onWhite;
    QColor c;
    if (isGrey(onWhite)) {
        // Black ink becomes light grey, white paper the plot's dark grey, greys in between turn
        // over with them.
        auto flip = [](int v) { return 0xe6 - (v * (0xe6 - 0x1e)) / 255; };
        c = QColor(flip(onWhite.red()), flip(onWhite.green()), flip(onWhite.blue()));
    } else {
        // Okabe–Ito's blue and green are dark: lifted to read on dark grey; hue kept.
        float h, s, l, a;
        onWhite.getHslF(&h, &s, &l, &a);
        c = QColor::fromHslF(h, s, 0.35f + 0.65f * l);
    }
    c.setAlpha(onWhite.alpha());
    return c;
}

QColor plotBackground() {
    return currentTheme() == Theme::Dark ? QColor::fromRgb(kDarkPlot) : QColor(Qt::white);
}

void applyTheme(QCustomPlot* plot) {
    const Theme t = currentTheme();
    const QVariant was = plot->property(kPlotThemeKey);
    if (t == Theme::Light && !was.isValid())
        return;  // never drawn dark: the panels' own colours are the light theme
    if (!was.isValid() || was.toInt() != int(t)) {
        plot->setBackground(plotBackground());
        plot->setProperty(kPlotThemeKey, int(t));
    }
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true)) {
        if (auto* rect = qobject_cast<QCPAxisRect*>(e)) {
            for (QCPAxis* a : rect->axes())
                themeAxis(a, t);
        } else if (auto* legend = qobject_cast<QCPLegend*>(e)) {
            themeLegend(legend, t);
        } else if (auto* scale = qobject_cast<QCPColorScale*>(e)) {
            themeAxis(scale->axis(), t);
        } else if (auto* title = qobject_cast<QCPTextElement*>(e)) {
            themeColor(
                title, "slbTextColor", t, [title] { return title->textColor(); },
                [title](const QColor& c) { title->setTextColor(c); });
        }
    }
    for (int i = 0; i < plot->plottableCount(); ++i)
        themePlottable(plot->plottable(i), t);
    for (int i = 0; i < plot->itemCount(); ++i)
        themeItem(plot->item(i), t);
}

}  // namespace slb
