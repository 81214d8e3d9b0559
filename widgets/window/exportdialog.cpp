#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>

namespace slb {

namespace {

const int kDpis[] = {96, 150, 300, 600};

QString formatKey(ImageFormat f) {
    return imageSuffix(f);
}

ImageFormat formatFromKey(const QString& key) {
    if (key == QLatin1String("pdf"))
        return ImageFormat::Pdf;
    if (key == QLatin1String("svg"))
        return ImageFormat::Svg;
    return ImageFormat::Png;
}

}  // namespace

ExportDialog::ExportDialog(const QString& runDir, const QString& currentPanel, QWidget* parent)
    : QDialog(parent), m_runDir(runDir) {
    setWindowTitle(tr("Export"));
    setObjectName(QStringLiteral("exportDialog"));

    m_images = new QGroupBox(tr("&Images of the panels"), this);
    m_images->setObjectName(QStringLiteral("exportImages"));
    m_images->setCheckable(true);
    m_currentPanel =
        new QRadioButton(currentPanel.isEmpty() ? tr("The current panel")
                                                : tr("The current panel (%1)").arg(currentPanel),
                         m_images);
    m_currentPanel->setObjectName(QStringLiteral("exportCurrentPanel"));
    m_allPanels =
        new QRadioButton(tr("All panels, one file each: curves, temperature, distributions, "
                            "step sizes and the window"),
                         m_images);
    m_allPanels->setObjectName(QStringLiteral("exportAllPanels"));
    m_format = new QComboBox(m_images);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("PNG"), QStringLiteral("png"));
    m_format->addItem(tr("PDF (vector)"), QStringLiteral("pdf"));
    m_format->addItem(tr("SVG (vector)"), QStringLiteral("svg"));
    m_dpi = new QComboBox(m_images);
    m_dpi->setObjectName(QStringLiteral("exportDpi"));
    for (int dpi : kDpis)
        m_dpi->addItem(tr("%1 dpi").arg(dpi), dpi);
    m_dpi->setToolTip(tr("PNG resolution: 96 dpi is the size on screen, 300 dpi for print"));
    auto* imageForm = new QFormLayout;
    imageForm->addRow(tr("Format:"), m_format);
    imageForm->addRow(tr("Resolution:"), m_dpi);
    auto* imageLayout = new QVBoxLayout(m_images);
    imageLayout->addWidget(m_currentPanel);
    imageLayout->addWidget(m_allPanels);
    imageLayout->addLayout(imageForm);

    auto* data = new QGroupBox(tr("Data"), this);
    m_metrics = new QCheckBox(tr("&Metrics as CSV and JSON (metrics.csv, metrics.json)"), data);
    m_metrics->setObjectName(QStringLiteral("exportMetrics"));
    m_distributions = new QCheckBox(
        tr("&Distributions as CSV: max-probability, mean P per value and v/s histograms per "
           "layer and snapshot (distributions.csv)"),
        data);
    m_distributions->setObjectName(QStringLiteral("exportDistributions"));
    m_tensorBoard = new QCheckBox(tr("&TensorBoard event file (tensorboard/)"), data);
    m_tensorBoard->setObjectName(QStringLiteral("exportTensorBoard"));
    auto* dataLayout = new QVBoxLayout(data);
    dataLayout->addWidget(m_metrics);
    dataLayout->addWidget(m_distributions);
    dataLayout->addWidget(m_tensorBoard);

    auto* model = new QGroupBox(tr("Model"), this);
    m_checkpoint =
        new QCheckBox(tr("&Checkpoint: the run's model.pt, or its newest checkpoint"), model);
    m_checkpoint->setObjectName(QStringLiteral("exportCheckpoint"));
    m_packedModel =
        new QCheckBox(tr("&Packed low-bit model (model/manifest.json, model/model.bin)"), model);
    m_packedModel->setObjectName(QStringLiteral("exportPackedModel"));
    auto* modelLayout = new QVBoxLayout(model);
    modelLayout->addWidget(m_checkpoint);
    modelLayout->addWidget(m_packedModel);

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    auto* browseButton = new QPushButton(tr("&Browse…"), this);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("Into folder:"), this));
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseButton);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_images);
    layout->addWidget(data);
    layout->addWidget(model);
    layout->addLayout(folderRow);
    layout->addWidget(m_buttons);

    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QCheckBox* box : {m_metrics, m_distributions, m_tensorBoard, m_checkpoint, m_packedModel})
        connect(box, &QCheckBox::toggled, this, &ExportDialog::updateState);
    connect(m_images, &QGroupBox::toggled, this, &ExportDialog::updateState);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateState);
    connect(m_folder, &QLineEdit::textChanged, this, &ExportDialog::updateState);

    setChoices(savedChoices(runDir));
}

ExportChoices ExportDialog::choices() const {
    ExportChoices c;
    c.images = m_images->isChecked();
    c.allPanels = m_allPanels->isChecked();
    c.format = formatFromKey(m_format->currentData().toString());
    c.dpi = m_dpi->currentData().toInt();
    c.metrics = m_metrics->isChecked();
    c.distributions = m_distributions->isChecked();
    c.tensorBoard = m_tensorBoard->isChecked();
    c.checkpoint = m_checkpoint->isChecked();
    c.packedModel = m_packedModel->isChecked();
    c.folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    return c;
}

void ExportDialog::setChoices(const ExportChoices& c) {
    m_images->setChecked(c.images);
    (c.allPanels ? m_allPanels : m_currentPanel)->setChecked(true);
    m_format->setCurrentIndex(std::max(0, m_format->findData(formatKey(c.format))));
    m_dpi->setCurrentIndex(std::max(0, m_dpi->findData(c.dpi)));
    m_metrics->setChecked(c.metrics);
    m_distributions->setChecked(c.distributions);
    m_tensorBoard->setChecked(c.tensorBoard);
    m_checkpoint->setChecked(c.checkpoint);
    m_packedModel->setChecked(c.packedModel);
    m_folder->setText(QDir::toNativeSeparators(c.folder));
    updateState();
}

ExportChoices ExportDialog::savedChoices(const QString& runDir) {
    QSettings s;
    ExportChoices c;
    s.beginGroup(QStringLiteral("export"));
    c.images = s.value(QStringLiteral("images"), true).toBool();
    c.allPanels = s.value(QStringLiteral("allPanels"), false).toBool();
    c.format = formatFromKey(s.value(QStringLiteral("format")).toString());
    c.dpi = s.value(QStringLiteral("dpi"), 96).toInt();
    c.metrics = s.value(QStringLiteral("metrics"), false).toBool();
    c.distributions = s.value(QStringLiteral("distributions"), false).toBool();
    c.tensorBoard = s.value(QStringLiteral("tensorBoard"), false).toBool();
    c.checkpoint = s.value(QStringLiteral("checkpoint"), false).toBool();
    c.packedModel = s.value(QStringLiteral("packedModel"), false).toBool();
    c.folder = s.value(QStringLiteral("folder")).toString();
    if (c.folder.isEmpty())
        c.folder = defaultExportFolder(runDir);
    return c;
}

void ExportDialog::saveChoices(const ExportChoices& c, const QString& runDir) {
    QSettings s;
    s.beginGroup(QStringLiteral("export"));
    s.setValue(QStringLiteral("images"), c.images);
    s.setValue(QStringLiteral("allPanels"), c.allPanels);
    s.setValue(QStringLiteral("format"), formatKey(c.format));
    s.setValue(QStringLiteral("dpi"), c.dpi);
    s.setValue(QStringLiteral("metrics"), c.metrics);
    s.setValue(QStringLiteral("distributions"), c.distributions);
    s.setValue(QStringLiteral("tensorBoard"), c.tensorBoard);
    s.setValue(QStringLiteral("checkpoint"), c.checkpoint);
    s.setValue(QStringLiteral("packedModel"), c.packedModel);
    const bool runDefault =
        QDir::cleanPath(c.folder) == QDir::cleanPath(defaultExportFolder(runDir));
    s.setValue(QStringLiteral("folder"), runDefault ? QString() : QDir::cleanPath(c.folder));
}

void ExportDialog::accept() {
    saveChoices(choices(), m_runDir);
    QDialog::accept();
}

void ExportDialog::browse() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export into folder"),
                                                          m_folder->text().trimmed());
    if (!dir.isEmpty())
        m_folder->setText(QDir::toNativeSeparators(dir));
}

void ExportDialog::updateState() {
    const bool png = m_format->currentData().toString() == QLatin1String("png");
    m_dpi->setEnabled(png);
    const ExportChoices c = choices();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(c.any() && !c.folder.isEmpty());
}

}  // namespace slb
