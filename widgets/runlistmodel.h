#pragma once
// RunListModel: the runs under one folder as a table — name, status (the probe slb-train inspect
// uses: a run whose writer is gone without an end is "interrupted"), model, method, bits, epochs
// done, final and best test accuracy of W_c and W_q, images/s and the packed model's size. It
// rescans the folder every kRescanMs, so runs appear as they are made and running ones move on;
// a folder that is not a run is left out, a run that cannot be read (a damaged run.sqlite, one
// from a newer version) is listed with that status and the reason as its tooltip. GUI thread only;
// torch-free.

#include <QAbstractTableModel>
#include <QColor>
#include <QDateTime>
#include <QString>
#include <QTimer>
#include <vector>

#include "base/events.h"

namespace slb {

/** What the browser shows of one run. Accuracies are NaN before the first epoch. */
struct RunSummary {
    QString dir;
    QString name;
    RunStatus status = RunStatus::Started;
    QString model, method, dataset;
    int wbits = 32, abits = 32;
    int epochsDone = 0, epochs = 0;
    double finalSoft = 0, finalHard = 0, bestSoft = 0, bestHard = 0;
    double imagesPerSec = 0;
    qint64 packedBytes = -1;  ///< size of exports/model, -1 when not exported
    QDateTime modified;       ///< of run.sqlite
    QString configJson;       ///< as recorded: what the comparison table diffs
    /// Why the run cannot be read, with the fix (a damaged file, a newer version); empty when
    /// it can. With a problem only dir, name and modified are filled in.
    QString problem;
    bool damaged = false;  ///< the problem is a damaged (truncated or corrupt) run.sqlite
};

/**
 * Reads a run folder's summary. A run whose run.sqlite is damaged or from a newer version is
 * still a run: true, with `problem` set. False and *error when the folder is no run (or cannot
 * be read at all now).
 */
bool summarizeRun(const QString& dir, RunSummary* out, QString* error);

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Status,
        Model,
        Method,
        Bits,
        Epochs,
        FinalSoft,
        FinalHard,
        BestHard,
        ImagesPerSec,
        Packed,
        ColumnCount
    };
    static constexpr int kRescanMs = 2000;
    /** The role that sorts a column by value (numbers as numbers). */
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit RunListModel(QObject* parent = nullptr);

    /** Lists the runs under `folder` (and rescans it from now on). */
    void setFolder(const QString& folder);
    QString folder() const { return m_folder; }
    /** Rescans at once: new runs are added, changed ones re-read, deleted ones dropped. */
    void rescan();
    const RunSummary& run(int row) const { return m_runs[std::size_t(row)]; }
    int rowOf(const QString& dir) const;

    /**
     * Runs ticked for the Curves overlay and the comparison table, in the order they were
     * ticked. Each keeps one colour (the first free one of runColor()) while it stays ticked.
     */
    QStringList checkedRuns() const;
    void setChecked(const QString& dir, bool on);
    void clearChecked();
    /** The colour of a ticked run; invalid when it is not ticked. */
    QColor colorOf(const QString& dir) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    /** "running", "finished", "interrupted", … */
    static QString statusText(RunStatus status);
    /** A run's status column: statusText(), or "damaged" / "needs a newer version". */
    static QString statusText(const RunSummary& run);

Q_SIGNALS:
    /** A run was ticked or unticked, or a ticked run was re-read (it trains on) or removed. */
    void checkedRunsChanged();

private:
    struct Checked {
        QString dir;
        QColor color;
    };
    void emitCheckedChange(int row);
    void dropChecked(const QString& dir);

    QString m_folder;
    std::vector<RunSummary> m_runs;
    std::vector<Checked> m_checked;
    QTimer m_timer;
};

}  // namespace slb
