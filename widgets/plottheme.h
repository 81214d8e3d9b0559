#pragma once
// Light and dark themes. The widgets take Fusion's palette; the plots keep the colours their
// panels give them (written for a white background) and are mapped to the theme just before each
// replot, so that no panel has to know about themes and a switch applies to plots already drawn:
// greys are turned over (black text becomes light grey, a white label box dark grey), and colours
// darker than mid-lightness are lifted so that they stand out against a dark background. Colour
// maps (viridis) are left alone: they are readable on either.

#include <QColor>

class QApplication;
class QCustomPlot;

namespace slb {

enum class Theme { Light, Dark };

/** The theme plots are drawn in (Light until setTheme). */
Theme currentTheme();
/** "light" / "dark"; a name that is neither gives `fallback`. */
Theme themeFromName(const QString& name, Theme fallback = Theme::Light);
QString themeName(Theme theme);

/**
 * Fusion style with the theme's palette for the whole application, and the theme for every plot
 * from its next replot on. Call replotAll() (or let the panels redraw) to show it at once.
 */
void setTheme(QApplication* app, Theme theme);

/** What a colour written for a white background becomes in `theme`. */
QColor themedColor(const QColor& onWhite, Theme theme);

/** Background of a plot in the current theme. */
QColor plotBackground();

/**
 * Maps the plot's colours to the current theme now; stylePlot() connects it to the plot's
 * beforeReplot, so panels need not call it. Colours a panel sets again after a switch (written
 * for white) are recognised and mapped too.
 */
void applyTheme(QCustomPlot* plot);

}  // namespace slb
