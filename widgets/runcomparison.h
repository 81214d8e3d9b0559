#pragma once
// The comparison table of the runs ticked in the run browser: one row per run with the config
// fields in which the runs differ (and only those), the final and best test accuracy of W_c and
// W_q, the gap W_c − W_q, images/s and the packed model's size; copied as CSV or Markdown for a
// lab notebook or a paper draft. GUI thread only; torch-free.

#include <QColor>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "runlistmodel.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace slb {

/** The table as text: what is shown, copied and tested. */
struct ComparisonTable {
    QStringList header;
    std::vector<QStringList> rows;
    /** The config fields that differ, in header order (after the run's name). */
    QStringList differingFields;

    /** RFC 4180 CSV: fields with a comma, quote or line break are quoted. */
    QString toCsv() const;
    /** A GitHub-flavoured Markdown table ('|' in a cell escaped). */
    QString toMarkdown() const;
};

/**
 * Builds the table of `runs`. Config fields are compared as recorded (JSON values); the run
 * folder (`out`) is left out, since the name column already tells runs apart. Accuracies are in
 * percent with two decimals, the gap in percentage points; "–" where a run has no epoch yet.
 */
ComparisonTable compareRuns(const std::vector<RunSummary>& runs);

class RunComparison : public QWidget {
    Q_OBJECT
public:
    explicit RunComparison(QWidget* parent = nullptr);

    /** Shows `runs`, each with its overlay colour (`colors[i]` for `runs[i]`). */
    void setRuns(const std::vector<RunSummary>& runs, const std::vector<QColor>& colors);
    const ComparisonTable& table() const { return m_table; }
    QTableWidget* view() const { return m_view; }

    /** Puts the table on the clipboard as CSV / as Markdown. */
    void copyCsv();
    void copyMarkdown();

private:
    ComparisonTable m_table;
    QTableWidget* m_view;
    QLabel* m_hint;
    QPushButton* m_csv;
    QPushButton* m_markdown;
};

}  // namespace slb
