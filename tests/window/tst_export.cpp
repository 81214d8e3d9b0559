// Run ▸ Export… on a recorded run in the real window: images of the requested size and format
// (PNG pixels = widget × dpi/96 with the DPI in the file, PDF pages and SVG sizes = the widget's
// size), one file per panel for "all panels", the data files, the model file, the dialog's
// remembered choices, and a folder that cannot be written.
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <cmath>

#include "../record/recordfixtures.h"
#include "curvespanel.h"
#include "distributionspanel.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "record/distributionsexport.h"
#include "record/runreader.h"
#include "record/runstore.h"
#include "runexporter.h"
#include "stepsizepanel.h"
#include "temperaturepanel.h"

using namespace slb;
namespace fx = slb::fixtures;

namespace {

constexpr int kLayers = 4;

WorkbenchOptions fresh() {
    WorkbenchOptions o;
    o.fresh = true;
    return o;
}

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The current tab's panel as the export names it.
QString currentPanelName(MainWindow& w) {
    return w.stepSizes()->isVisible() ? QStringLiteral("stepsizes")
                                      : QStringLiteral("distributions");
}

QWidget* currentPanel(MainWindow& w) {
    return w.stepSizes()->isVisible() ? static_cast<QWidget*>(w.stepSizes())
                                      : static_cast<QWidget*>(w.distributions());
}

/// True when an image is not one flat colour: something was drawn.
bool hasContent(const QImage& image) {
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            if (image.pixel(x, y) != first)
                return true;
    return false;
}

}  // namespace

class TstExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pngHasTheRequestedPixelsAndDpi_data();
    void pngHasTheRequestedPixelsAndDpi();
    void pdfPageIsTheWidgetInPoints();
    void svgHasTheWidgetSize();
    void allPanelsWriteOneFileEach();
    void dataAndModelFiles();
    void unwritableFolderWritesNothing();
    void dialogExportsAndRemembersItsChoices();
    void cleanupTestCase();

private:
    ExportChoices imagesOnly(const QString& folder, ImageFormat format, int dpi = 96) const;

    QTemporaryDir m_tmp;
    QString m_runDir;
    MainWindow* m_window = nullptr;
};

void TstExport::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("export"));  // a fresh start: the run's own folder
    QVERIFY(m_tmp.isValid());
    if (qEnvironmentVariableIsSet("SLB_TEST_KEEP")) {  // to look at what was exported
        m_tmp.setAutoRemove(false);
        qInfo("exports kept in %s", qPrintable(m_tmp.path()));
    }
    m_runDir = m_tmp.filePath(QStringLiteral("run"));
    {
        std::string err;
        auto store = RunStore::create(m_runDir.toStdString(), RunConfig().toJson(), &err);
        QVERIFY2(store, err.c_str());
        store->onRunStarted(fx::runStarted(kLayers));
        store->onLifecycle({RunStatus::Started, 0, 0, "", 0});
        for (int i = 0; i < 300; ++i) {
            store->onStep(fx::step(i));
            if (i % 100 == 99)
                store->onEpoch(fx::epoch(i / 100));
            if (i % 25 == 0)
                store->onSnapshot(fx::snapshot(i, kLayers));
        }
        store->onLifecycle({RunStatus::Finished, 299, 2, "", 0});
    }
    QFile model(QDir(m_runDir).filePath(QStringLiteral("model.pt")));
    QVERIFY(model.open(QIODevice::WriteOnly));
    model.write(QByteArray("not a real model, but bytes to copy ") + QByteArray(5000, 'x'));
    model.close();

    m_window = new MainWindow(fresh());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QString error;
    QVERIFY2(m_window->openRun(m_runDir, &error), qPrintable(error));
    QTRY_VERIFY(m_window->exportAction()->isEnabled());
    QTest::qWait(200);  // the panels draw the run
}

void TstExport::cleanupTestCase() {
    delete m_window;
}

ExportChoices TstExport::imagesOnly(const QString& folder, ImageFormat format, int dpi) const {
    ExportChoices c;
    c.images = true;
    c.format = format;
    c.dpi = dpi;
    c.folder = folder;
    return c;
}

void TstExport::pngHasTheRequestedPixelsAndDpi_data() {
    QTest::addColumn<int>("dpi");
    QTest::newRow("96 dpi") << 96;
    QTest::newRow("300 dpi") << 300;
}

void TstExport::pngHasTheRequestedPixelsAndDpi() {
    QFETCH(int, dpi);
    const QString folder = m_tmp.filePath(QStringLiteral("png%1").arg(dpi));
    QStringList written;
    QString error;
    QVERIFY2(
        m_window->exportCurrentRun(imagesOnly(folder, ImageFormat::Png, dpi), &written, &error),
        qPrintable(error));
    const QString path = QDir(folder).filePath(currentPanelName(*m_window) + ".png");
    QCOMPARE(written, QStringList{path});
    QVERIFY(QFileInfo(path).size() > 1000);
    const QImage image(path);
    QVERIFY(!image.isNull());
    const QSize widget = currentPanel(*m_window)->size();
    const QSize expected(int(std::lround(widget.width() * dpi / 96.0)),
                         int(std::lround(widget.height() * dpi / 96.0)));
    QCOMPARE(image.size(), expected);
    QCOMPARE(image.dotsPerMeterX(), int(std::lround(dpi / 0.0254)));
    QCOMPARE(image.dotsPerMeterY(), int(std::lround(dpi / 0.0254)));
    QVERIFY(hasContent(image));
    // Nothing else in the folder: no temporary file left.
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden),
             QStringList{QFileInfo(path).fileName()});
}

void TstExport::pdfPageIsTheWidgetInPoints() {
    const QString folder = m_tmp.filePath(QStringLiteral("pdf"));
    QStringList written;
    QString error;
    QVERIFY2(m_window->exportCurrentRun(imagesOnly(folder, ImageFormat::Pdf), &written, &error),
             qPrintable(error));
    const QString path = QDir(folder).filePath(currentPanelName(*m_window) + ".pdf");
    const QByteArray pdf = bytesOf(path);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.size() > 1000);
    const QRegularExpression box(
        QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]"));
    const auto m = box.match(QString::fromLatin1(pdf));
    QVERIFY2(m.hasMatch(), "no MediaBox");
    const QSize widget = currentPanel(*m_window)->size();
    QCOMPARE(qRound(m.captured(1).toDouble()), widget.width());
    QCOMPARE(qRound(m.captured(2).toDouble()), widget.height());
    QVERIFY(std::abs(m.captured(1).toDouble() - widget.width()) < 0.01);
    QVERIFY(std::abs(m.captured(2).toDouble() - widget.height()) < 0.01);
}

void TstExport::svgHasTheWidgetSize() {
    const QString folder = m_tmp.filePath(QStringLiteral("svg"));
    QStringList written;
    QString error;
    QVERIFY2(m_window->exportCurrentRun(imagesOnly(folder, ImageFormat::Svg), &written, &error),
             qPrintable(error));
    const QString path = QDir(folder).filePath(currentPanelName(*m_window) + ".svg");
    const QString svg = QString::fromUtf8(bytesOf(path));
    QVERIFY(svg.size() > 1000);
    const QSize widget = currentPanel(*m_window)->size();
    // width/height in mm at 96 dpi (= CSS px), viewBox in widget pixels.
    const auto length = [&](const char* attr) {
        const QRegularExpression re(
            QStringLiteral("<svg[^>]*\\s%1=\"([0-9.]+)(mm|px)?\"").arg(QLatin1String(attr)));
        const auto m = re.match(svg);
        if (!m.hasMatch())
            return -1.0;
        return m.captured(2) == QLatin1String("mm") ? m.captured(1).toDouble() * 96.0 / 25.4
                                                    : m.captured(1).toDouble();
    };
    QVERIFY2(std::abs(length("width") - widget.width()) < 0.05, qPrintable(svg.left(400)));
    QVERIFY2(std::abs(length("height") - widget.height()) < 0.05, qPrintable(svg.left(400)));
    const auto vb = QRegularExpression(QStringLiteral("viewBox=\"([^\"]*)\"")).match(svg);
    QVERIFY(vb.hasMatch());
    QCOMPARE(vb.captured(1).split(' '), (QStringList{"0", "0", QString::number(widget.width()),
                                                     QString::number(widget.height())}));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(QPoint(0, 0), widget));
    QImage image(widget, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    QVERIFY(hasContent(image));
}

void TstExport::allPanelsWriteOneFileEach() {
    const QString folder = m_tmp.filePath(QStringLiteral("all"));
    ExportChoices c = imagesOnly(folder, ImageFormat::Png);
    c.allPanels = true;
    QWidget* before = currentPanel(*m_window);
    QStringList written;
    QString error;
    QVERIFY2(m_window->exportCurrentRun(c, &written, &error), qPrintable(error));
    QCOMPARE(written.size(), 5);
    const QList<QPair<QString, QWidget*>> panels = {{"curves", m_window->curves()},
                                                    {"temperature", m_window->temperature()},
                                                    {"distributions", m_window->distributions()},
                                                    {"stepsizes", m_window->stepSizes()},
                                                    {"window", m_window}};
    for (const auto& [name, widget] : panels) {
        const QString path = QDir(folder).filePath(name + ".png");
        QVERIFY2(written.contains(path), qPrintable(path));
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QCOMPARE(image.size(), widget->size());
        QVERIFY2(hasContent(image), qPrintable(path));
    }
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden).size(), 5);
    QCOMPARE(currentPanel(*m_window), before);  // the tab the user had stays in front
}

void TstExport::dataAndModelFiles() {
    const QString folder = m_tmp.filePath(QStringLiteral("data"));
    ExportChoices c;
    c.images = false;
    c.metrics = true;
    c.distributions = true;
    c.checkpoint = true;
    c.folder = folder;
    QStringList written;
    QString error;
    QVERIFY2(m_window->exportCurrentRun(c, &written, &error), qPrintable(error));
    const QDir d(folder);
    for (const char* name :
         {"metrics.csv", "metrics.json", "snapshots.json", "distributions.csv", "model.pt"})
        QVERIFY2(written.contains(d.filePath(name)) && QFileInfo(d.filePath(name)).size() > 0,
                 name);
    QCOMPARE(bytesOf(d.filePath("model.pt")), bytesOf(QDir(m_runDir).filePath("model.pt")));

    // The distributions: one row per (layer, step, kind, bin) the run recorded.
    std::string err;
    auto reader = RunReader::open(m_runDir.toStdString(), &err);
    QVERIFY2(reader, err.c_str());
    qsizetype rows = 0;
    QVERIFY(reader->forEachSnapshot(
        [&](const SnapshotEvent& e) { rows += qsizetype(distributionRows(e).size()); }, &err));
    const QList<QByteArray> lines = bytesOf(d.filePath("distributions.csv")).split('\n');
    QCOMPARE(lines.first(), QByteArray(distributionsCsvHeader()));
    QCOMPARE(lines.size() - 2, rows);  // header, rows, and the empty piece after the last \n
    QVERIFY(rows > 0);
    // Nothing else: the run's own exports folder (made with the run) got nothing.
    const QStringList inRunExports =
        QDir(QDir(m_runDir).filePath("exports")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    QVERIFY2(inRunExports.isEmpty(), qPrintable(inRunExports.join(' ')));
}

void TstExport::unwritableFolderWritesNothing() {
    // A folder under a regular file cannot be made, not even by root.
    const QString blocker = m_tmp.filePath(QStringLiteral("afile"));
    {
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }
    const QString folder = blocker + "/sub";
    ExportChoices c = imagesOnly(folder, ImageFormat::Png);
    c.metrics = c.distributions = c.checkpoint = true;
    QStringList written;
    QString error;
    bool cancelled = true;
    QVERIFY(!m_window->exportCurrentRun(c, &written, &error, &cancelled));
    QVERIFY(!cancelled);
    QVERIFY2(error.contains(folder), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("choose another folder or make it writable")),
             qPrintable(error));
    QVERIFY(written.isEmpty());
    QCOMPARE(QFileInfo(blocker).size(), qint64(1));
    QVERIFY(QFileInfo(blocker).isFile());
}

void TstExport::dialogExportsAndRemembersItsChoices() {
    const QString folder = m_tmp.filePath(QStringLiteral("fromdialog"));
    bool seen = false;
    QTimer::singleShot(100, this, [&] {
        auto* dialog = qobject_cast<ExportDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        seen = true;
        // A fresh setting starts with the run's exports folder.
        const auto* field = dialog->findChild<QLineEdit*>(QStringLiteral("exportFolder"));
        if (!field || QDir::cleanPath(field->text()) != QDir(m_runDir).filePath("exports")) {
            dialog->reject();
            return;
        }
        ExportChoices c = imagesOnly(folder, ImageFormat::Svg);
        c.distributions = true;
        dialog->setChoices(c);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    });
    m_window->exportAction()->trigger();
    QVERIFY(seen);
    QVERIFY2(QFileInfo::exists(folder), "the dialog did not start at the run's exports folder");
    QVERIFY(QFileInfo(QDir(folder).filePath(currentPanelName(*m_window) + ".svg")).size() > 0);
    QVERIFY(QFileInfo(QDir(folder).filePath("distributions.csv")).size() > 0);

    // The next dialog offers the same choices and folder; nothing chosen: Export is disabled.
    ExportDialog again(m_runDir, QString());
    const ExportChoices c = again.choices();
    QCOMPARE(c.folder, folder);
    QCOMPARE(c.format, ImageFormat::Svg);
    QVERIFY(c.images && c.distributions && !c.metrics && !c.allPanels);
    ExportChoices none;
    none.images = false;
    none.folder = folder;
    again.setChoices(none);
    QVERIFY(!again.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
    // A folder left at the run's default follows the run.
    ExportChoices atDefault = c;
    atDefault.folder = defaultExportFolder(m_runDir);
    ExportDialog::saveChoices(atDefault, m_runDir);
    QCOMPARE(ExportDialog::savedChoices(m_tmp.filePath("other")).folder,
             defaultExportFolder(m_tmp.filePath("other")));
}

QTEST_MAIN(TstExport)
#include "tst_export.moc"
