#pragma once
// Run ▸ Export… (Ctrl+E): what to export from the run the window shows, and where.
//   Images  the current panel or all panels (one file each, and the window), as PNG at 96, 150,
//           300 or 600 dpi, PDF or SVG
//   Data    metrics (CSV and JSON), the layer distributions (CSV), a TensorBoard event file
//   Model   the model file (model.pt, or the newest checkpoint) and the packed low-bit model
//   Folder  by default the run's exports/ folder; Browse… picks another
// The choices, and a folder the user picked, are remembered (QSettings, "export/…"); a folder
// left at a run's default follows the run. The dialog only chooses: exportRun() (runexporter.h)
// writes.

#include <QDialog>

#include "runexporter.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLineEdit;
class QRadioButton;

namespace slb {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /** For the run in runDir; currentPanel is the current panel's title, shown in the choice. */
    ExportDialog(const QString& runDir, const QString& currentPanel, QWidget* parent = nullptr);

    ExportChoices choices() const;
    void setChoices(const ExportChoices& choices);

    /** The last choices (QSettings), with the folder for runDir. */
    static ExportChoices savedChoices(const QString& runDir);
    /** Remembers the choices; a folder equal to runDir's default is stored as "the run's". */
    static void saveChoices(const ExportChoices& choices, const QString& runDir);

    void accept() override;

private:
    void browse();
    void updateState();

    QString m_runDir;
    QGroupBox* m_images = nullptr;
    QRadioButton* m_currentPanel = nullptr;
    QRadioButton* m_allPanels = nullptr;
    QComboBox* m_format = nullptr;
    QComboBox* m_dpi = nullptr;
    QCheckBox* m_metrics = nullptr;
    QCheckBox* m_distributions = nullptr;
    QCheckBox* m_tensorBoard = nullptr;
    QCheckBox* m_checkpoint = nullptr;
    QCheckBox* m_packedModel = nullptr;
    QLineEdit* m_folder = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace slb
