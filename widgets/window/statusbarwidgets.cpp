#include "statusbarwidgets.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <algorithm>
#include <cmath>

namespace slb {

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const auto s = qint64(std::llround(seconds));
    if (s >= 3600)
        return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar('0'));
    if (s >= 60)
        return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
    return QObject::tr("%1 s").arg(s);
}

StatusBarWidgets::StatusBarWidgets(QWidget* parent) : QWidget(parent) {
    // Figures that change four times a second can still be read.
    m_redraw.setMinimumLiveWait(250);
    connect(&m_redraw, &RedrawScheduler::redraw, this, [this] {
        if (m_pending)
            draw(*m_pending);
        m_pending.reset();
    });
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 0, 4, 0);
    row->setSpacing(14);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setMinimumWidth(300);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("idle"));
    m_eta = new QLabel(this);
    m_speed = new QLabel(this);
    m_device = new QLabel(this);
    m_temperature = new QLabel(this);
    m_phase = new QLabel(this);
    m_eta->setToolTip(tr("Estimated time left (training only; evaluation comes on top)"));
    m_speed->setToolTip(tr("Training throughput"));
    m_device->setToolTip(tr("Where the network trains"));
    m_temperature->setToolTip(
        tr("SLB's inverse temperature T (P = softmax(A·T)) and the temperature τ = 1/T"));
    m_phase->setToolTip(tr("Soft search trains with W_c; the hard phase trains with W_q"));
    row->addWidget(m_progress);
    for (QLabel* l : {m_eta, m_speed, m_device, m_temperature, m_phase})
        row->addWidget(l);
    row->addStretch(1);
}

void StatusBarWidgets::runStarted(const RunStartedEvent& info, bool hasTemperature) {
    m_pending.reset();
    m_totalSteps = std::int64_t(info.totalEpochs) * info.itersPerEpoch;
    m_startStep = info.startStep;
    m_startElapsed = -1;
    m_hasTemperature = hasTemperature;
    m_worldSize = std::max(1, info.worldSize);
    if (m_worldSize > 1)
        m_device->setText(tr("device: %1 · %2 processes × %3 threads (%4)")
                              .arg(QString::fromStdString(info.device))
                              .arg(m_worldSize)
                              .arg(info.threads)
                              .arg(QString::fromStdString(info.backend)));
    else
        m_device->setText(tr("device: %1 · %2 threads")
                              .arg(QString::fromStdString(info.device))
                              .arg(info.threads));
    m_progress->setFormat(tr("starting…"));
    m_progress->setValue(0);
    m_eta->clear();
    m_speed->clear();
    m_temperature->setText(hasTemperature ? tr("T –") : QString());
    m_phase->setText(hasTemperature ? tr("soft search") : QString());
}

void StatusBarWidgets::showStep(const StepEvent& e) {
    m_pending = e;
    m_redraw.requestLive();
}

void StatusBarWidgets::draw(const StepEvent& e) {
    const std::int64_t done = e.step + 1;
    if (m_totalSteps > 0) {
        m_progress->setValue(int(1000.0 * double(done) / double(m_totalSteps)));
        m_progress->setFormat(
            tr("epoch %1 · step %2 / %3").arg(e.epoch + 1).arg(done).arg(m_totalSteps));
    }
    if (m_startElapsed < 0) {
        m_startElapsed = e.elapsed;
        m_startStep = e.step;
    }
    const double rate =
        e.step > m_startStep ? (e.elapsed - m_startElapsed) / double(e.step - m_startStep) : 0;
    m_eta->setText(rate > 0 ? tr("ETA %1").arg(formatDuration(rate * double(m_totalSteps - done)))
                            : QString());
    const QString speed = QString::number(e.imagesPerSec, 'f', 0);
    m_speed->setText(m_worldSize > 1
                         ? tr("%1 img/s in all %2 processes").arg(speed).arg(m_worldSize)
                         : tr("%1 img/s").arg(speed));
    if (m_hasTemperature) {
        m_temperature->setText(tr("T %1 · τ %2")
                                   .arg(QString::number(e.temperature, 'g', 4))
                                   .arg(QString::number(1.0 / e.temperature, 'g', 3)));
        m_phase->setText(e.hardPhase ? tr("hard phase (W_q)") : tr("soft search (W_c)"));
    }
}

void StatusBarWidgets::runEnded(const QString& text) {
    if (m_pending)
        draw(*m_pending);
    m_pending.reset();
    m_progress->setFormat(text);
    m_eta->clear();
}

QString StatusBarWidgets::progressText() const {
    return m_progress->text();
}
QString StatusBarWidgets::temperatureText() const {
    return m_temperature->text();
}
QString StatusBarWidgets::phaseText() const {
    return m_phase->text();
}

}  // namespace slb
