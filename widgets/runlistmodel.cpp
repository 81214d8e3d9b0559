#include "runlistmodel.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLocale>
#include <algorithm>
#include <cmath>

#include "base/config.h"
#include "plotstyle.h"
#include "record/runreader.h"
#include "runfeed.h"

namespace slb {

namespace {

qint64 folderBytes(const QString& dir) {
    if (!QFileInfo(dir).isDir())
        return -1;
    qint64 total = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

QString percent(double v) {
    return std::isfinite(v) ? QLocale().toString(100.0 * v, 'f', 2) + QStringLiteral(" %")
                            : QStringLiteral("–");
}

}  // namespace

bool summarizeRun(const QString& dir, RunSummary* out, QString* error) {
    std::string why;
    RunFileProblem problem = RunFileProblem::None;
    const auto reader = RunReader::open(dir.toStdString(), &why, &problem);
    if (!reader) {
        if (error)
            *error = QString::fromStdString(why);
        if (problem != RunFileProblem::Damaged && problem != RunFileProblem::Newer)
            return false;
        // Still a run: listed with what is wrong, rather than silently gone from the browser.
        RunSummary s;
        s.dir = QFileInfo(dir).absoluteFilePath();
        s.name = QFileInfo(dir).fileName();
        s.modified = QFileInfo(QDir(dir).filePath(QStringLiteral("run.sqlite"))).lastModified();
        s.problem = QString::fromStdString(why);
        s.damaged = problem == RunFileProblem::Damaged;
        s.finalSoft = s.finalHard = s.bestSoft = s.bestHard = std::nan("");
        *out = std::move(s);
        return true;
    }
    RunSummary s;
    s.dir = QFileInfo(dir).absoluteFilePath();
    s.name = QFileInfo(dir).fileName();
    s.modified = QFileInfo(QString::fromStdString(reader->databasePath())).lastModified();
    s.configJson = QString::fromStdString(reader->configJson());
    RunConfig c;
    RunConfig::fromJson(reader->configJson(), &c, &why);
    s.model = QString::fromStdString(c.model);
    s.method = QString::fromLatin1(toString(c.method));
    s.dataset = QString::fromStdString(c.dataset);
    s.wbits = c.method == Method::Float ? 32 : c.wbits;
    s.abits = c.abits;
    s.epochs = c.epochs;
    s.status = probedRunStatus(reader->status(), s.dir);
    const auto& epochs = reader->epochs();
    const double nan = std::nan("");
    s.finalSoft = s.finalHard = s.bestSoft = s.bestHard = nan;
    s.epochsDone = int(epochs.size());
    if (!epochs.empty()) {
        s.finalSoft = epochs.back().testAccSoft;
        s.finalHard = epochs.back().testAccHard;
        s.imagesPerSec = epochs.back().imagesPerSec;
        s.bestSoft = s.bestHard = -1;
        for (const auto& e : epochs) {
            s.bestSoft = std::max(s.bestSoft, e.testAccSoft);
            s.bestHard = std::max(s.bestHard, e.testAccHard);
        }
    } else if (!reader->steps().empty()) {
        s.imagesPerSec = reader->steps().back().imagesPerSec;
    }
    s.packedBytes = folderBytes(QDir(s.dir).filePath(QStringLiteral("exports/model")));
    *out = std::move(s);
    return true;
}

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {
    m_timer.setInterval(kRescanMs);
    connect(&m_timer, &QTimer::timeout, this, &RunListModel::rescan);
}

void RunListModel::setFolder(const QString& folder) {
    beginResetModel();
    m_folder = folder;
    m_runs.clear();
    endResetModel();
    rescan();
    m_timer.start();
}

int RunListModel::rowOf(const QString& dir) const {
    const QString abs = QFileInfo(dir).absoluteFilePath();
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].dir == abs)
            return int(i);
    return -1;
}

void RunListModel::rescan() {
    if (m_folder.isEmpty())
        return;
    const QDir folder(m_folder);
    QStringList found;
    for (const QString& name : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(folder.filePath(name + QStringLiteral("/run.sqlite"))))
            found << QFileInfo(folder.filePath(name)).absoluteFilePath();

    // Gone: removed from the list (and from the ticked runs).
    for (int row = int(m_runs.size()) - 1; row >= 0; --row)
        if (!found.contains(m_runs[std::size_t(row)].dir)) {
            const QString dir = m_runs[std::size_t(row)].dir;
            beginRemoveRows({}, row, row);
            m_runs.erase(m_runs.begin() + row);
            endRemoveRows();
            if (colorOf(dir).isValid()) {
                dropChecked(dir);
                Q_EMIT checkedRunsChanged();
            }
        }
    for (const QString& dir : found) {
        const int row = rowOf(dir);
        const QDateTime modified = QFileInfo(dir + QStringLiteral("/run.sqlite")).lastModified();
        const bool open = row >= 0 && m_runs[std::size_t(row)].problem.isEmpty() &&
                          m_runs[std::size_t(row)].status == RunStatus::Started;
        if (row >= 0 && m_runs[std::size_t(row)].modified == modified && !open)
            continue;  // unchanged, and not running (whose writer may have died since)
        RunSummary s;
        if (!summarizeRun(dir, &s, nullptr))
            continue;  // no run (being created, or not ours), or unreadable now: left out
        if (row >= 0) {
            m_runs[std::size_t(row)] = std::move(s);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            if (colorOf(dir).isValid())
                Q_EMIT checkedRunsChanged();
        } else {
            const int at = int(m_runs.size());
            beginInsertRows({}, at, at);
            m_runs.push_back(std::move(s));
            endInsertRows();
        }
    }
}

QStringList RunListModel::checkedRuns() const {
    QStringList dirs;
    for (const Checked& c : m_checked)
        dirs << c.dir;
    return dirs;
}

QColor RunListModel::colorOf(const QString& dir) const {
    const QString abs = QFileInfo(dir).absoluteFilePath();
    for (const Checked& c : m_checked)
        if (c.dir == abs)
            return c.color;
    return {};
}

void RunListModel::setChecked(const QString& dir, bool on) {
    const QString abs = QFileInfo(dir).absoluteFilePath();
    const int row = rowOf(abs);
    if (row < 0 || colorOf(abs).isValid() == on ||
        (on && !m_runs[std::size_t(row)].problem.isEmpty()))
        return;
    if (on) {
        // The first colour no ticked run has, so that unticking one and ticking another does
        // not repaint the rest.
        int i = 0;
        auto taken = [this](const QColor& c) {
            return std::any_of(m_checked.begin(), m_checked.end(),
                               [&c](const Checked& k) { return k.color == c; });
        };
        while (i < 64 && taken(runColor(i)))
            ++i;
        m_checked.push_back({abs, runColor(i)});
    } else {
        dropChecked(abs);
    }
    emitCheckedChange(row);
}

void RunListModel::dropChecked(const QString& dir) {
    m_checked.erase(std::remove_if(m_checked.begin(), m_checked.end(),
                                   [&dir](const Checked& c) { return c.dir == dir; }),
                    m_checked.end());
}

void RunListModel::clearChecked() {
    if (m_checked.empty())
        return;
    m_checked.clear();
    if (!m_runs.empty())
        Q_EMIT dataChanged(index(0, Name), index(rowCount() - 1, Name));
    Q_EMIT checkedRunsChanged();
}

void RunListModel::emitCheckedChange(int row) {
    Q_EMIT dataChanged(index(row, Name), index(row, Name));
    Q_EMIT checkedRunsChanged();
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    // A run that cannot be read (damaged, newer) has nothing to overlay or compare.
    if (index.isValid() && index.column() == Name && index.row() < int(m_runs.size()) &&
        m_runs[std::size_t(index.row())].problem.isEmpty())
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != Name || role != Qt::CheckStateRole ||
        index.row() >= int(m_runs.size()))
        return false;
    setChecked(m_runs[std::size_t(index.row())].dir, value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::statusText(RunStatus status) {
    switch (status) {
        case RunStatus::Started:
        case RunStatus::Resumed:
        case RunStatus::Paused:
        case RunStatus::Steered:
            return tr("running");
        case RunStatus::Finished:
            return tr("finished");
        case RunStatus::Stopped:
            return tr("stopped");
        case RunStatus::Interrupted:
            return tr("interrupted");
        case RunStatus::Diverged:
            return tr("diverged");
        case RunStatus::Failed:
            return tr("failed");
    }
    return QString();
}

QString RunListModel::statusText(const RunSummary& run) {
    if (run.problem.isEmpty())
        return statusText(run.status);
    return run.damaged ? tr("damaged") : tr("needs a newer version");
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_runs.size()))
        return {};
    const RunSummary& r = m_runs[std::size_t(index.row())];
    const bool sort = role == SortRole;
    if (!r.problem.isEmpty()) {
        // A run that cannot be read: its status says so, the tooltip why; nothing else is known.
        if (role == Qt::ToolTipRole && index.column() == Status)
            return r.problem;
        if (index.column() > Status && (role == Qt::DisplayRole || sort))
            return sort ? QVariant(-1) : QVariant(QStringLiteral("–"));
    }
    if (role == Qt::ToolTipRole)
        return index.column() == Name
                   ? tr("%1\nTick to overlay it in Curves and compare it").arg(r.dir)
                   : r.dir;
    if (index.column() == Name && role == Qt::CheckStateRole)
        return !r.problem.isEmpty()       ? QVariant()  // no box: nothing to compare
               : colorOf(r.dir).isValid() ? QVariant(Qt::Checked)
                                          : QVariant(Qt::Unchecked);
    if (index.column() == Name && role == Qt::DecorationRole) {
        const QColor c = colorOf(r.dir);
        return c.isValid() ? QVariant(c) : QVariant();
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() >= FinalSoft ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                           : QVariant();
    if (role != Qt::DisplayRole && !sort)
        return {};
    const auto number = [sort](double v) -> QVariant {
        return sort ? QVariant(std::isfinite(v) ? v : -1.0) : QVariant(percent(v));
    };
    switch (index.column()) {
        case Name:
            return r.name;
        case Status:
            return statusText(r);
        case Model:
            return QStringLiteral("%1 · %2").arg(r.model, r.dataset);
        case Method:
            return r.method;
        case Bits:
            return sort ? QVariant(r.wbits * 100 + r.abits)
                        : QVariant(QStringLiteral("W%1/A%2").arg(r.wbits).arg(r.abits));
        case Epochs:
            return sort ? QVariant(r.epochsDone)
                        : QVariant(QStringLiteral("%1 / %2").arg(r.epochsDone).arg(r.epochs));
        case FinalSoft:
            return number(r.finalSoft);
        case FinalHard:
            return number(r.finalHard);
        case BestHard:
            return number(r.bestHard);
        case ImagesPerSec:
            return sort ? QVariant(r.imagesPerSec)
                        : QVariant(r.imagesPerSec > 0 ? QLocale().toString(r.imagesPerSec, 'f', 0)
                                                      : QStringLiteral("–"));
        case Packed:
            if (sort)
                return r.packedBytes;
            return r.packedBytes < 0 ? QStringLiteral("–")
                                     : QLocale().formattedDataSize(r.packedBytes);
        default:
            return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Name:
            return tr("Run");
        case Status:
            return tr("Status");
        case Model:
            return tr("Model");
        case Method:
            return tr("Method");
        case Bits:
            return tr("Bits");
        case Epochs:
            return tr("Epochs");
        case FinalSoft:
            return tr("W_c final");
        case FinalHard:
            return tr("W_q final");
        case BestHard:
            return tr("W_q best");
        case ImagesPerSec:
            return tr("images/s");
        case Packed:
            return tr("Packed");
        default:
            return {};
    }
}

}  // namespace slb
