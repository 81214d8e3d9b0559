#pragma once
// RunBrowser: the run folders under one folder (runs/ by default), as a sortable table with a
// filter box; double-click (or Enter) opens a run in every panel. The runs ticked in it are
// overlaid in the Curves panel and compared in the table below it. GUI thread only; torch-free.

#include <QWidget>
#include <vector>

#include "curvesoverlay.h"

class QLabel;
class QPushButton;
class QSplitter;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace slb {

class RunComparison;
class RunListModel;

class RunBrowser : public QWidget {
    Q_OBJECT
public:
    explicit RunBrowser(QWidget* parent = nullptr);

    void setFolder(const QString& folder);
    QString folder() const;
    RunListModel* runs() const { return m_runs; }
    QTableView* view() const { return m_view; }
    /** Rows shown (after the filter). */
    int visibleRuns() const;
    void setFilter(const QString& text);

    /** The ticked runs as the Curves overlay draws them: folder, name, colour. */
    std::vector<OverlayRunSpec> overlaySpecs() const;
    RunComparison* comparison() const { return m_comparison; }

Q_SIGNALS:
    void openRequested(const QString& runDir);
    /** "Continue training here" on a stopped or interrupted run. */
    void continueRequested(const QString& runDir);
    void folderChanged(const QString& folder);
    /** Runs were ticked or unticked (or a ticked one was re-read). */
    void checkedRunsChanged();

private:
    void chooseFolder();
    void openRow(const QModelIndex& proxyIndex);
    void showMenu(const QPoint& at);
    void updateComparison();

    RunListModel* m_runs;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLineEdit* m_filter;
    QLabel* m_folderLabel;
    RunComparison* m_comparison;
    QSplitter* m_splitter;
    QPushButton* m_untick;
};

}  // namespace slb
