#include "runcomparison.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace slb {

namespace {

QString percentCell(double v) {
    return std::isfinite(v) && v >= 0 ? QString::number(100.0 * v, 'f', 2) : QStringLiteral("–");
}

/** A JSON value as one short cell: numbers as written, lists joined by commas. */
QString jsonCell(const QJsonValue& v) {
    switch (v.type()) {
        case QJsonValue::Bool:
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(v.toDouble(), 'g', 10);
        case QJsonValue::String:
            return v.toString();
        case QJsonValue::Array: {
            QStringList parts;
            for (const QJsonValue& e : v.toArray())
                parts << jsonCell(e);
            return parts.join(QLatin1Char(','));
        }
        case QJsonValue::Object:
            return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Undefined:
            break;
    }
    return QStringLiteral("–");
}

QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')))
        return s;
    QString quoted = s;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString markdownRow(const QStringList& cells) {
    QStringList escaped;
    for (QString c : cells)
        escaped << c.replace(QLatin1String("|"), QLatin1String("\\|"));
    return QStringLiteral("| ") + escaped.join(QStringLiteral(" | ")) + QStringLiteral(" |");
}

}  // namespace

QString ComparisonTable::toCsv() const {
    QStringList lines;
    auto line = [](const QStringList& cells) {
        QStringList out;
        for (const QString& c : cells)
            out << csvField(c);
        return out.join(QLatin1Char(','));
    };
    lines << line(header);
    for (const QStringList& r : rows)
        lines << line(r);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString ComparisonTable::toMarkdown() const {
    QStringList lines;
    lines << markdownRow(header);
    QStringList rule;
    for (int i = 0; i < header.size(); ++i)
        rule << (i <= differingFields.size() ? QStringLiteral("---") : QStringLiteral("---:"));
    lines << QStringLiteral("|") + rule.join(QLatin1Char('|')) + QStringLiteral("|");
    for (const QStringList& r : rows)
        lines << markdownRow(r);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

ComparisonTable compareRuns(const std::vector<RunSummary>& runs) {
    ComparisonTable t;
    std::vector<QJsonObject> configs;
    QStringList keys;  // in the order the first config that has them lists them
    for (const RunSummary& r : runs) {
        configs.push_back(QJsonDocument::fromJson(r.configJson.toUtf8()).object());
        for (const QString& k : configs.back().keys())
            if (!keys.contains(k))
                keys << k;
    }
    // QJsonObject sorts its keys; the recorded order (the registry's) reads better.
    if (!runs.empty()) {
        QStringList ordered;
        const QString& first = runs.front().configJson;
        std::vector<std::pair<qsizetype, QString>> at;
        for (const QString& k : keys)
            at.emplace_back(first.indexOf(QLatin1Char('"') + k + QLatin1Char('"')), k);
        std::stable_sort(at.begin(), at.end(), [](const auto& a, const auto& b) {
            return (a.first < 0 ? PTRDIFF_MAX : a.first) < (b.first < 0 ? PTRDIFF_MAX : b.first);
        });
        for (const auto& [pos, k] : at)
            ordered << k;
        keys = ordered;
    }
    for (const QString& k : keys) {
        if (k == QLatin1String("out"))
            continue;
        for (std::size_t i = 1; i < configs.size(); ++i)
            if (configs[i].value(k) != configs[0].value(k)) {
                t.differingFields << k;
                break;
            }
    }

    t.header << RunComparison::tr("run") << t.differingFields << RunComparison::tr("W_c final %")
             << RunComparison::tr("W_q final %") << RunComparison::tr("W_c best %")
             << RunComparison::tr("W_q best %") << RunComparison::tr("gap W_c − W_q (pp)")
             << RunComparison::tr("epochs") << RunComparison::tr("images/s")
             << RunComparison::tr("packed (bytes)");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunSummary& r = runs[i];
        QStringList row;
        row << r.name;
        for (const QString& k : t.differingFields)
            row << jsonCell(configs[i].value(k));
        const double gap = 100.0 * (r.finalSoft - r.finalHard);
        row << percentCell(r.finalSoft) << percentCell(r.finalHard) << percentCell(r.bestSoft)
            << percentCell(r.bestHard)
            << (std::isfinite(gap) ? QString::number(gap, 'f', 2) : QStringLiteral("–"))
            << QStringLiteral("%1/%2").arg(r.epochsDone).arg(r.epochs)
            << (r.imagesPerSec > 0 ? QString::number(r.imagesPerSec, 'f', 0) : QStringLiteral("–"))
            << (r.packedBytes >= 0 ? QString::number(r.packedBytes) : QStringLiteral("–"));
        t.rows.push_back(row);
    }
    return t;
}

RunComparison::RunComparison(QWidget* parent)
    : QWidget(parent),
      m_view(new QTableWidget(this)),
      m_hint(new QLabel(this)),
      m_csv(new QPushButton(tr("Copy as CSV"), this)),
      m_markdown(new QPushButton(tr("Copy as Markdown"), this)) {
    m_view->setObjectName(QStringLiteral("comparisonTable"));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setSelectionMode(QAbstractItemView::ContiguousSelection);
    m_hint->setWordWrap(true);
    m_csv->setToolTip(tr("Put the table on the clipboard as comma-separated values"));
    m_markdown->setToolTip(tr("Put the table on the clipboard as a Markdown table"));
    connect(m_csv, &QPushButton::clicked, this, &RunComparison::copyCsv);
    connect(m_markdown, &QPushButton::clicked, this, &RunComparison::copyMarkdown);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_csv);
    buttons->addWidget(m_markdown);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_hint);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    setRuns({}, {});
}

void RunComparison::setRuns(const std::vector<RunSummary>& runs,
                            const std::vector<QColor>& colors) {
    m_table = compareRuns(runs);
    m_hint->setText(runs.empty() ? tr("Tick runs above to overlay them in Curves and compare "
                                      "them here.")
                    : m_table.differingFields.isEmpty() && runs.size() > 1
                        ? tr("Same config in all %1 runs.").arg(runs.size())
                        : tr("Config: only the fields that differ."));
    m_csv->setEnabled(!runs.empty());
    m_markdown->setEnabled(!runs.empty());

    m_view->clear();
    m_view->setColumnCount(int(m_table.header.size()));
    m_view->setRowCount(int(m_table.rows.size()));
    const int firstNumber = 1 + int(m_table.differingFields.size());
    // Figures under two-line headings ("W_q" over "final %"): narrow columns for a narrow dock.
    QStringList headings = m_table.header;
    for (int c = firstNumber; c < headings.size(); ++c) {
        headings[c].replace(QLatin1String(" ("), QLatin1String("\n("));
        const int space = int(headings[c].indexOf(QLatin1Char(' ')));
        if (space > 0)
            headings[c][space] = QLatin1Char('\n');
    }
    m_view->setHorizontalHeaderLabels(headings);
    for (int r = 0; r < int(m_table.rows.size()); ++r) {
        const QStringList& row = m_table.rows[std::size_t(r)];
        for (int c = 0; c < int(row.size()); ++c) {
            QString text = row[c];
            if (c == int(row.size()) - 1 && text != QStringLiteral("–"))
                text = QLocale().formattedDataSize(text.toLongLong());
            auto* item = new QTableWidgetItem(text);
            if (c >= firstNumber)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == 0 && std::size_t(r) < colors.size()) {
                QPixmap swatch(12, 12);
                swatch.fill(colors[std::size_t(r)]);
                item->setIcon(swatch);
            }
            m_view->setItem(r, c, item);
        }
    }
    m_view->setVisible(!runs.empty());
}

void RunComparison::copyCsv() {
    QApplication::clipboard()->setText(m_table.toCsv());
}

void RunComparison::copyMarkdown() {
    QApplication::clipboard()->setText(m_table.toMarkdown());
}

}  // namespace slb
