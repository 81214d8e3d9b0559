#include "captionbar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QVBoxLayout>

#include "plotstyle.h"

namespace slb {

namespace {

/** Paragraph sizes in points: normal, and "larger text" for a projector. */
constexpr int kTextPoints = 15;
constexpr int kLargeTextPoints = 20;

}  // namespace

CaptionBar::CaptionBar(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("captionBar"));
    setFrameShape(QFrame::StyledPanel);
    // A band of the accent colour on the left says "the demo speaks", in either theme.
    setStyleSheet(
        QStringLiteral("#captionBar { border-left: 6px solid %1; }").arg(accentColor().name()));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("captionTitle"));
    m_title->setWordWrap(true);
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("captionText"));
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_values = new QLabel(this);
    m_values->setObjectName(QStringLiteral("captionValues"));
    m_values->setWordWrap(true);
    m_values->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_values->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_paused = new QLabel(tr("Paused on this caption: press Resume (Space) to go on."), this);
    m_paused->setObjectName(QStringLiteral("captionPaused"));
    m_paused->hide();

    m_pauseBox = new QCheckBox(tr("Pause at each new caption"), this);
    m_pauseBox->setObjectName(QStringLiteral("captionPauseBox"));
    m_pauseBox->setToolTip(
        tr("Training pauses whenever the demo reaches a new phase, so that "
           "it can be explained; Resume (Space) goes on."));
    m_larger = new QPushButton(tr("Larger text"), this);
    m_larger->setObjectName(QStringLiteral("captionLarger"));
    m_larger->setCheckable(true);
    m_larger->setToolTip(tr("Caption text large enough to read from the back of a room"));
    auto* close = new QPushButton(tr("Close demo captions"), this);
    close->setObjectName(QStringLiteral("captionClose"));
    connect(m_larger, &QPushButton::toggled, this, &CaptionBar::setLargeText);
    connect(m_pauseBox, &QCheckBox::toggled, this, &CaptionBar::pausesOnCaptionsChanged);
    connect(close, &QPushButton::clicked, this, &CaptionBar::closeRequested);

    // The controls share the title's line, so that the paragraph has the whole width: fewer
    // lines, and the panels keep their height under large captions.
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_pauseBox, 0, Qt::AlignTop);
    titleRow->addWidget(m_larger, 0, Qt::AlignTop);
    titleRow->addWidget(close, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 6, 10, 6);
    layout->setSpacing(2);
    layout->addLayout(titleRow);
    layout->addWidget(m_text);
    layout->addWidget(m_values);
    layout->addWidget(m_paused);
    applyFonts();
}

QString CaptionBar::title() const {
    return m_title->text();
}

QString CaptionBar::text() const {
    return m_text->text();
}

QString CaptionBar::values() const {
    return m_values->text();
}

bool CaptionBar::pausesOnCaptions() const {
    return m_pauseBox->isChecked();
}

void CaptionBar::setPausesOnCaptions(bool pause) {
    m_pauseBox->setChecked(pause);
}

int CaptionBar::textPointSize() const {
    return m_text->font().pointSize();
}

void CaptionBar::setCaption(const QString& title, const QString& text, const QString& values) {
    m_title->setText(title);
    m_text->setText(text);
    m_values->setText(values);
    m_values->setVisible(!values.isEmpty());
    fitHeight();
}

void CaptionBar::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitHeight();
}

void CaptionBar::fitHeight() {
    // From the bar's own width, not the labels' (a label is as wide as its last layout, which
    // may have been for another text or none).
    const QMargins m = layout()->contentsMargins();
    const int textWidth = width() - m.left() - m.right();
    if (textWidth <= 0)
        return;
    // The title (one short line) takes its own height from the layout.
    for (QLabel* label : {m_text, m_values})
        label->setFixedHeight(std::max(0, label->heightForWidth(textWidth)));
}

void CaptionBar::setLargeText(bool large) {
    if (large == m_large)
        return;
    m_large = large;
    m_larger->setChecked(large);
    applyFonts();
    Q_EMIT largeTextChanged(large);
}

void CaptionBar::setPausedHint(bool paused) {
    m_paused->setVisible(paused);
}

void CaptionBar::applyFonts() {
    const int points = m_large ? kLargeTextPoints : kTextPoints;
    QFont text = font();
    text.setPointSize(points);
    m_text->setFont(text);
    QFont title = text;
    title.setPointSize(points + 4);
    title.setBold(true);
    m_title->setFont(title);
    // The figures change every moment: smaller, so that the words stay the eye's anchor.
    QFont values = text;
    values.setPointSize(points * 4 / 5);
    m_values->setFont(values);
    QFont paused = text;
    paused.setPointSize(std::max(11, points - 3));
    paused.setItalic(true);
    m_paused->setFont(paused);
    fitHeight();
}

}  // namespace slb
