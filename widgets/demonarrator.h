#pragma once
// The guided demo's narrator: it follows an SLB run as it trains and says, in a caption, which
// phase the run is in and what to look at — soft search at low T, T rising and distributions
// sharpening, weights committing, the hard phase, state BN calibration at each epoch's end, and
// the final W_c against W_q. It reads plain events only; the caption bar shows what it says.

#include <QObject>
#include <QString>
#include <cstdint>

#include "base/config.h"
#include "base/events.h"

namespace slb {

class DemoNarrator : public QObject {
    Q_OBJECT
public:
    enum class Phase {
        Waiting,
        Intro,
        SoftSearch,
        Sharpening,
        Committing,
        HardPhase,
        Calibration,
        Final,
        Ended
    };
    Q_ENUM(Phase)

    explicit DemoNarrator(QObject* parent = nullptr);

    Phase phase() const { return m_phase; }
    QString title() const { return m_title; }
    QString text() const { return m_text; }
    /** The live figures under the caption: T, τ, mean max P, share committed, last test. */
    QString values() const { return m_values; }
    /** How many captions the run has had (each new phase and each epoch end counts). */
    int captionCount() const { return m_captions; }

    /** T at and above which the softmax is called sharpening (it is 1 at the start). */
    static constexpr double kSharpeningT = 3.0;
    /** Share of weights with max P > 0.999 from which they are called committing. */
    static constexpr double kCommittedShare = 0.5;

public Q_SLOTS:
    /** Starts narrating a run of `config` (its layers come with runStarted). */
    void begin(const RunConfig& config);
    void runStarted(const RunStartedEvent& info);
    void steps(const std::vector<StepEvent>& steps);
    void snapshot(const SnapshotEvent& snapshot);
    void epochFinished(const EpochEvent& epoch);
    void finished(RunStatus status, const QString& message);

Q_SIGNALS:
    /**
     * The caption changed. `isNew`: a new phase (or epoch end), as against the same caption with
     * fresher numbers; the demo pauses on new ones when asked to.
     */
    void captionChanged(const QString& title, const QString& text, const QString& values,
                        bool isNew);

private:
    void enter(Phase phase);
    bool told(Phase phase) const { return (m_told >> unsigned(phase)) & 1u; }
    /** Recomputes the caption; emits captionChanged when it changed or `isNew`. */
    void refresh(bool isNew = false);
    QString valuesText() const;

    RunConfig m_config;
    Phase m_phase = Phase::Waiting;
    Phase m_resume = Phase::Waiting;  ///< the phase to go back to after a calibration caption
    unsigned m_told = 0;              ///< the phases told so far, one bit each
    int m_captions = 0;
    QString m_title, m_text, m_values;
    double m_t = 0;            ///< T of the last step
    double m_committed = 0;    ///< share of SLB weights with max P > 0.999
    double m_meanMaxProb = 0;  ///< weighted over SLB layers, from the histograms
    int m_epochDone = -1;      ///< 0-based epoch last finished
    std::int64_t m_stepsPerEpoch = 0;
    double m_accSoft = 0, m_accHard = 0;
    RunStatus m_status = RunStatus::Started;
    QString m_endMessage;
};

}  // namespace slb
