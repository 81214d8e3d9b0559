// Light and dark themes (issue 10): a plot written for white is mapped to the dark theme before
// it is drawn, readable (light ink on a dark background, series lifted, colour maps untouched),
// and comes back exactly as written when the theme returns to light.
#include <qcustomplot.h>

#include <QApplication>
#include <QtTest>

#include "plotstyle.h"
#include "plottheme.h"

using namespace slb;

namespace {

/** WCAG contrast ratio of two opaque colours. */
double contrast(const QColor& a, const QColor& b) {
    auto lum = [](const QColor& c) {
        auto ch = [](double v) {
            v /= 255.0;
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue());
    };
    const double x = lum(a), y = lum(b);
    return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

}  // namespace

class TstTheme : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { setTheme(qApp, Theme::Light); }
    void namesRoundTrip();
    void inkAndSeriesStayReadableOnDark();
    void plotIsMappedBeforeDrawingAndRestoredExactly();
    void colourSetAgainByAPanelIsMappedToo();
    void paletteFollowsTheTheme();
};

void TstTheme::namesRoundTrip() {
    QCOMPARE(themeFromName(QStringLiteral("dark")), Theme::Dark);
    QCOMPARE(themeFromName(QStringLiteral("Light")), Theme::Light);
    QCOMPARE(themeFromName(QStringLiteral("sepia"), Theme::Dark), Theme::Dark);
    QCOMPARE(themeName(Theme::Dark), QStringLiteral("dark"));
}

void TstTheme::inkAndSeriesStayReadableOnDark() {
    setTheme(nullptr, Theme::Dark);
    const QColor background = plotBackground();
    QVERIFY(background.lightness() < 60);
    QCOMPARE(themedColor(Qt::red, Theme::Light), QColor(Qt::red));  // light: as written
    const QColor ink = themedColor(Qt::black, Theme::Dark);
    QVERIFY2(contrast(ink, background) > 7, qPrintable(QString::number(contrast(ink, background))));
    for (int i = 0; i < 7; ++i) {  // every series colour, softColor's dark blue included
        const QColor c = themedColor(seriesColor(i), Theme::Dark);
        QVERIFY2(contrast(c, background) >= 4.5,
                 qPrintable(QStringLiteral("series %1: %2").arg(i).arg(contrast(c, background))));
        QCOMPARE(c.alpha(), 255);
    }
    // Alpha kept: a half-transparent white label box becomes a half-transparent dark one.
    const QColor box = themedColor(QColor(255, 255, 255, 200), Theme::Dark);
    QCOMPARE(box.alpha(), 200);
    QVERIFY(box.lightness() < 60);
}

void TstTheme::plotIsMappedBeforeDrawingAndRestoredExactly() {
    QCustomPlot plot;
    plot.resize(400, 300);
    stylePlot(&plot);
    QCPGraph* g = plot.addGraph();
    g->setPen(QPen(seriesColor(0), 2));
    g->setName(QStringLiteral("loss"));
    plot.legend->setVisible(true);
    auto* label = new QCPItemText(&plot);
    label->setText(QStringLiteral("now"));
    label->setBrush(QColor(255, 255, 255, 210));
    auto* map = new QCPColorMap(plot.xAxis, plot.yAxis);
    map->setGradient(viridisGradient());
    const QPen axisPen = plot.xAxis->basePen();
    const QColor legendText = plot.legend->item(0)->textColor();

    setTheme(nullptr, Theme::Dark);
    plot.replot();
    QVERIFY(plot.xAxis->basePen().color().lightness() > 180);
    QVERIFY(plot.xAxis->tickLabelColor().lightness() > 180);
    QVERIFY(plot.legend->item(0)->textColor().lightness() > 180);
    QVERIFY(plot.legend->brush().color().lightness() < 60);
    QVERIFY(label->brush().color().lightness() < 60);
    QVERIFY(label->color().lightness() > 180);
    QVERIFY(g->pen().color().lightness() > seriesColor(0).lightness());
    QCOMPARE(g->pen().widthF(), 2.0);
    QVERIFY(map->gradient() == viridisGradient());  // colour maps as they are
    const QImage dark = plot.toPixmap(400, 300).toImage();
    QVERIFY(QColor(dark.pixel(2, 2)).lightness() < 60);  // the background

    setTheme(nullptr, Theme::Light);
    plot.replot();
    QCOMPARE(plot.xAxis->basePen(), axisPen);
    QCOMPARE(plot.legend->item(0)->textColor(), legendText);
    QCOMPARE(g->pen().color(), seriesColor(0));
    QCOMPARE(label->brush().color(), QColor(255, 255, 255, 210));
    const QImage light = plot.toPixmap(400, 300).toImage();
    QCOMPARE(QColor(light.pixel(2, 2)), QColor(Qt::white));
}

void TstTheme::colourSetAgainByAPanelIsMappedToo() {
    // Panels recolour as they update (a picked layer, a new run); what they set is for white.
    QCustomPlot plot;
    stylePlot(&plot);
    QCPGraph* g = plot.addGraph();
    g->setPen(QPen(Qt::black));
    setTheme(nullptr, Theme::Dark);
    plot.replot();
    const QColor themedBlack = g->pen().color();
    QVERIFY(themedBlack.lightness() > 180);
    g->setPen(QPen(hardColor()));
    plot.replot();
    QCOMPARE(g->pen().color(), themedColor(hardColor(), Theme::Dark));
    g->setPen(QPen(Qt::black));  // back to a colour it had: still mapped
    plot.replot();
    QCOMPARE(g->pen().color(), themedBlack);
    // A legend entry added after the legend was themed reads as the others.
    plot.legend->setVisible(true);
    QCPGraph* late = plot.addGraph();
    late->setName(QStringLiteral("late"));
    plot.replot();
    QVERIFY(plot.legend->itemWithPlottable(late)->textColor().lightness() > 180);
}

void TstTheme::paletteFollowsTheTheme() {
    setTheme(qApp, Theme::Dark);
    QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(qApp->palette().color(QPalette::WindowText).lightness() > 180);
    QCOMPARE(qApp->style()->name().toLower(), QStringLiteral("fusion"));
    setTheme(qApp, Theme::Light);
    QVERIFY(qApp->palette().color(QPalette::Window).lightness() > 180);
}

QTEST_MAIN(TstTheme)
#include "tst_theme.moc"
