#include "runbrowser.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "runcomparison.h"
#include "runlistmodel.h"

namespace slb {

RunBrowser::RunBrowser(QWidget* parent)
    : QWidget(parent),
      m_runs(new RunListModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_view(new QTableView(this)),
      m_filter(new QLineEdit(this)),
      m_folderLabel(new QLabel(this)),
      m_comparison(new RunComparison(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)),
      m_untick(new QPushButton(tr("Untick all"), this)) {
    m_proxy->setSourceModel(m_runs);
    m_proxy->setSortRole(RunListModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);  // any column: a name, a method, "interrupted"…
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_view->setObjectName(QStringLiteral("runTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunListModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setToolTip(
        tr("Double-click a run to replay it in every panel; tick runs to overlay "
           "their curves and compare them"));

    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setPlaceholderText(tr("Filter: name, model, method, status…"));
    m_filter->setClearButtonEnabled(true);
    auto* choose = new QPushButton(tr("Folder…"), this);
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_untick->setToolTip(tr("Untick every run: Curves shows the current run again"));
    m_untick->setEnabled(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_folderLabel, 1);
    top->addWidget(choose);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_untick);
    // The run list above, the comparison of the ticked runs below; the user moves the line.
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_comparison);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(filterRow);
    layout->addWidget(m_splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &RunBrowser::setFilter);
    connect(choose, &QPushButton::clicked, this, &RunBrowser::chooseFolder);
    connect(m_view, &QTableView::activated, this, &RunBrowser::openRow);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTableView::customContextMenuRequested, this, &RunBrowser::showMenu);
    connect(m_untick, &QPushButton::clicked, m_runs, &RunListModel::clearChecked);
    connect(m_runs, &RunListModel::checkedRunsChanged, this, [this] {
        updateComparison();
        Q_EMIT checkedRunsChanged();
    });
}

void RunBrowser::showMenu(const QPoint& at) {
    const QModelIndex i = m_proxy->mapToSource(m_view->indexAt(at));
    if (!i.isValid())
        return;
    const RunSummary run = m_runs->run(i.row());
    QMenu menu(this);
    QAction* replay = menu.addAction(tr("Replay in every panel"));
    QAction* resume = menu.addAction(tr("Continue training here"));
    // A stopped run and one whose writer died both end at a checkpoint; a running one is
    // someone else's, a finished, diverged or failed one has nothing to continue.
    resume->setEnabled(run.problem.isEmpty() &&
                       (run.status == RunStatus::Stopped || run.status == RunStatus::Interrupted));
    const bool ticked = m_runs->colorOf(run.dir).isValid();
    QAction* tick = menu.addAction(ticked ? tr("Untick (leave the comparison)")
                                          : tr("Tick (overlay and compare)"));
    QAction* copy = menu.addAction(tr("Copy the folder's path"));
    QAction* chosen = menu.exec(m_view->viewport()->mapToGlobal(at));
    if (chosen == replay)
        Q_EMIT openRequested(run.dir);
    else if (chosen == resume)
        Q_EMIT continueRequested(run.dir);
    else if (chosen == tick)
        m_runs->setChecked(run.dir, !ticked);
    else if (chosen == copy)
        QApplication::clipboard()->setText(run.dir);
}

std::vector<OverlayRunSpec> RunBrowser::overlaySpecs() const {
    std::vector<OverlayRunSpec> specs;
    for (const QString& dir : m_runs->checkedRuns()) {
        const int row = m_runs->rowOf(dir);
        if (row >= 0)
            specs.push_back({dir, m_runs->run(row).name, m_runs->colorOf(dir)});
    }
    return specs;
}

void RunBrowser::updateComparison() {
    std::vector<RunSummary> runs;
    std::vector<QColor> colors;
    for (const QString& dir : m_runs->checkedRuns()) {
        const int row = m_runs->rowOf(dir);
        if (row < 0)
            continue;
        runs.push_back(m_runs->run(row));
        colors.push_back(m_runs->colorOf(dir));
    }
    m_untick->setEnabled(!runs.empty());
    m_comparison->setRuns(runs, colors);
    // The first ticked run opens the comparison wide enough to read a few rows.
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (!runs.empty() && total > 0 && sizes.value(1) < total * 3 / 10)
        m_splitter->setSizes({total * 6 / 10, total - total * 6 / 10});
}

void RunBrowser::setFolder(const QString& folder) {
    m_runs->setFolder(folder);
    m_folderLabel->setText(tr("Runs in %1").arg(QDir(folder).absolutePath()));
    m_folderLabel->setToolTip(QDir(folder).absolutePath());
    Q_EMIT folderChanged(folder);
}

QString RunBrowser::folder() const {
    return m_runs->folder();
}

int RunBrowser::visibleRuns() const {
    return m_proxy->rowCount();
}

void RunBrowser::setFilter(const QString& text) {
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setFilterFixedString(text);
}

void RunBrowser::chooseFolder() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Folder that holds the runs"), folder());
    if (!dir.isEmpty())
        setFolder(dir);
}

void RunBrowser::openRow(const QModelIndex& proxyIndex) {
    const QModelIndex i = m_proxy->mapToSource(proxyIndex);
    if (i.isValid())
        Q_EMIT openRequested(m_runs->run(i.row()).dir);
}

}  // namespace slb
