#include "demonarrator.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace slb {

namespace {

QString percent(double share, int decimals = 0) {
    return QLocale().toString(share * 100.0, 'f', decimals);
}

QString tValue(double t) {
    return t >= 100 ? QLocale().toString(t, 'f', 0) : QLocale().toString(t, 'g', 3);
}

}  // namespace

DemoNarrator::DemoNarrator(QObject* parent) : QObject(parent) {}

void DemoNarrator::begin(const RunConfig& config) {
    m_config = config;
    m_phase = m_resume = Phase::Waiting;
    m_told = 0;
    m_captions = 0;
    m_t = m_committed = m_meanMaxProb = 0;
    m_epochDone = -1;
    m_stepsPerEpoch = 0;
    m_status = RunStatus::Started;
    m_endMessage.clear();
    enter(Phase::Intro);
}

void DemoNarrator::runStarted(const RunStartedEvent& info) {
    m_stepsPerEpoch = info.itersPerEpoch;
    refresh();
}

void DemoNarrator::steps(const std::vector<StepEvent>& steps) {
    if (steps.empty() || m_phase == Phase::Waiting || m_phase >= Phase::Final)
        return;
    const StepEvent& last = steps.back();
    m_t = last.temperature;
    // The epoch's last step: the trainer now calibrates state BN, then tests both networks.
    const bool epochEnd = m_stepsPerEpoch > 0 && (last.step + 1) % m_stepsPerEpoch == 0 &&
                          last.epoch > m_epochDone && last.epoch + 1 <= m_config.epochs;
    if (epochEnd) {
        m_resume = m_phase == Phase::Calibration ? m_resume : m_phase;
        m_epochDone = last.epoch;
        enter(Phase::Calibration);
        return;
    }
    // Each phase is told once, when the run first shows it; the newest one is on screen.
    Phase next = m_phase == Phase::Calibration ? m_resume : m_phase;
    if (!told(Phase::SoftSearch))
        next = Phase::SoftSearch;
    if (m_t >= kSharpeningT && !last.hardPhase && !told(Phase::Sharpening))
        next = Phase::Sharpening;
    if (last.hardPhase && !told(Phase::HardPhase))
        next = Phase::HardPhase;
    if (m_committed >= kCommittedShare && !told(Phase::Committing))
        next = Phase::Committing;
    if (next != m_phase)
        enter(next);
    else
        refresh();
}

void DemoNarrator::snapshot(const SnapshotEvent& snapshot) {
    double weights = 0, committed = 0, maxProb = 0;
    for (const LayerSnapshot& l : snapshot.layers) {
        if (l.kind != LayerSnapshot::Kind::Slb || l.numWeights <= 0)
            continue;
        const double n = double(l.numWeights);
        weights += n;
        committed += n * l.slb.sharpShare;
        // Mean of max P from the histogram's bin centres over [1/m, 1].
        const auto& h = l.slb.maxProbHist;
        const double lo = l.slb.maxProbLow();
        double mean = 0, total = 0;
        for (std::size_t i = 0; i < h.size(); ++i) {
            mean += h[i] * (lo + (1.0 - lo) * (double(i) + 0.5) / double(h.size()));
            total += h[i];
        }
        maxProb += n * (total > 0 ? mean / total : lo);
    }
    if (weights <= 0)
        return;
    m_committed = committed / weights;
    m_meanMaxProb = maxProb / weights;
    const bool between =
        m_phase == Phase::Waiting || m_phase == Phase::Calibration || m_phase >= Phase::Final;
    if (!between && m_committed >= kCommittedShare && !told(Phase::Committing))
        enter(Phase::Committing);
    else
        refresh();
}

void DemoNarrator::epochFinished(const EpochEvent& epoch) {
    m_accSoft = epoch.testAccSoft;
    m_accHard = epoch.testAccHard;
    m_epochDone = std::max(m_epochDone, epoch.epoch);
    refresh();
}

void DemoNarrator::finished(RunStatus status, const QString& message) {
    if (m_phase == Phase::Waiting)
        return;
    m_status = status;
    m_endMessage = message;
    enter(status == RunStatus::Finished ? Phase::Final : Phase::Ended);
}

void DemoNarrator::enter(Phase phase) {
    m_phase = phase;
    m_told |= 1u << unsigned(phase);
    ++m_captions;
    refresh(true);
}

void DemoNarrator::refresh(bool isNew) {
    const QString oldText = m_text, oldTitle = m_title;
    const int m = 1 << std::clamp(m_config.wbits, 1, 8);
    const int epochs = m_config.epochs;
    switch (m_phase) {
        case Phase::Waiting:
            m_title.clear();
            m_text.clear();
            break;
        case Phase::Intro:
            m_title = tr("Guided demo: SLB searches for low-bit weights");
            m_text = tr("A %1‑bit CNN learns Fashion-MNIST. Each weight is not one number but a "
                        "softmax over the %2 values of V: its probabilities are the bars in "
                        "Distributions. T, the inverse temperature, decides how sharp they are.")
                         .arg(m_config.wbits)
                         .arg(m);
            break;
        case Phase::SoftSearch:
            m_title = tr("Soft search at low T");
            m_text =
                tr("Every weight is still a blend of all values of V, and the network trains "
                   "with W_c, the expectation Σ p·v, so the gradient reaches every "
                   "probability. The heatmap in Distributions is spread out: no weight has "
                   "chosen yet.");
            break;
        case Phase::Sharpening:
            m_title = tr("T is rising: the distributions sharpen");
            m_text =
                tr("softmax(A·T) grows sharper as T grows, so each weight leans towards one "
                   "value of V. Watch the max-probability heatmap move to the right and the "
                   "mean max P climb in Temperature.");
            break;
        case Phase::Committing:
            m_title = tr("Weights are committing");
            m_text = tr("%1 % of the weights now put more than 99.9 % of their probability on "
                        "one value. W_c and W_q, the network of argmax values, are becoming the "
                        "same network: the gap ‖W_q − W_c‖ in Temperature falls towards 0.")
                         .arg(percent(m_committed));
            break;
        case Phase::HardPhase:
            m_title = tr("The hard phase");
            m_text = tr("From here the network trains with the discrete W_q itself, while T keeps "
                        "rising: what it learns now is exactly what the %1‑bit model will "
                        "compute.")
                         .arg(m_config.wbits);
            break;
        case Phase::Calibration:
            m_title =
                tr("End of epoch %1 of %2: state BN calibration").arg(m_epochDone + 1).arg(epochs);
            m_text =
                tr("The network that did not train this epoch (W_q, or W_c in the hard phase) "
                   "gets its own BatchNorm statistics, averaged over batches of training "
                   "images; then both networks are tested, and W_c and W_q appear in Curves.");
            break;
        case Phase::Final: {
            const double gap = (m_accSoft - m_accHard) * 100.0;
            m_title =
                tr("Done: W_c %1 %, W_q %2 %").arg(percent(m_accSoft, 2), percent(m_accHard, 2));
            m_text = std::abs(gap) < 0.5
                         ? tr("The %1‑bit network is as accurate as its continuous relaxation "
                              "(a gap of %2 points): the search ended with the weights committed, "
                              "so W_q is the network W_c became.")
                               .arg(m_config.wbits)
                               .arg(QLocale().toString(gap, 'f', 2))
                         : tr("The %1‑bit network is %2 points from its continuous relaxation: "
                              "not every weight committed. A higher final T or a hard phase "
                              "closes the gap.")
                               .arg(m_config.wbits)
                               .arg(QLocale().toString(gap, 'f', 2));
            break;
        }
        case Phase::Ended:
            m_title = tr("The demo run ended early");
            m_text = m_endMessage.isEmpty() ? tr("Launch the guided demo again to see it through.")
                                            : m_endMessage;
            break;
    }
    const QString oldValues = m_values;
    const bool live = m_phase != Phase::Final && m_phase != Phase::Ended && m_phase != Phase::Intro;
    m_values = live ? valuesText() : QString();
    if (isNew || m_text != oldText || m_title != oldTitle || m_values != oldValues)
        Q_EMIT captionChanged(m_title, m_text, m_values, isNew);
}

QString DemoNarrator::valuesText() const {
    if (m_t <= 0)
        return {};
    QString s =
        tr("Now: T = %1, τ = 1/T = %2").arg(tValue(m_t), QLocale().toString(1.0 / m_t, 'g', 3));
    if (m_meanMaxProb > 0)
        s += tr(", mean max P %1, committed %2 %")
                 .arg(QLocale().toString(m_meanMaxProb, 'f', 2), percent(m_committed));
    if (m_epochDone >= 0 && m_accSoft > 0)
        s +=
            tr(", last test: W_c %1 %, W_q %2 %").arg(percent(m_accSoft, 1), percent(m_accHard, 1));
    return s;
}

}  // namespace slb
