#pragma once
// The experiment form's preview of a run's plan, before it starts: the whole planned inverse
// temperature T (log axis; τ = 1/T on the right), the hard phase shaded, and the planned learning
// rate below it, both against epochs. Redraws are coalesced: many edits in a burst give one draw.
// GUI thread only; torch-free.

#include <QString>
#include <QTimer>
#include <QWidget>
#include <cstdint>

#include "base/config.h"
#include "base/progress.h"

class QCustomPlot;
class QCPItemRect;
class QCPItemText;
class QLabel;

namespace slb {

class TemperaturePreview : public QWidget {
    Q_OBJECT
public:
    /** Delay that gathers a burst of edits into one redraw. */
    static constexpr int kCoalesceMs = 30;

    explicit TemperaturePreview(QWidget* parent = nullptr);

    /** Training images a run of `config` sees per epoch: the dataset's size, or train_limit. */
    static std::int64_t trainingImages(const RunConfig& config);
    /** Epochs and steps per epoch of a run of `config` (the last batch may be short). */
    static TrainProgress plannedLayout(const RunConfig& config);

    /** Plans from `config`; the plots redraw a moment later. */
    void setConfig(const RunConfig& config);
    const RunConfig& config() const { return m_config; }
    /** True between setConfig() and the redraw it causes. */
    bool redrawPending() const { return m_timer.isActive(); }

    QCustomPlot* temperaturePlot() const { return m_tempPlot; }
    QCustomPlot* learningRatePlot() const { return m_lrPlot; }
    /**
     * The text over the T plot when it has nothing to show (fp and LSQ runs), drawn instead of
     * the T axes; else empty.
     */
    QString temperatureMessage() const { return m_tempMessage; }

    /**
     * At least the height the wrapped title and caption need at the current width, on top of
     * the plots' minimum heights: a splitter asks for no height-for-width, and the plots would
     * otherwise overlap in a narrow panel.
     */
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /** The plots show the config last given. */
    void redrawn();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildPlots();
    void redraw();
    void drawTemperature(const TrainProgress& layout);
    void drawLearningRate(const TrainProgress& layout);

    RunConfig m_config;
    QTimer m_timer;
    QLabel* m_caption = nullptr;
    QCustomPlot* m_tempPlot = nullptr;
    QCustomPlot* m_lrPlot = nullptr;
    QCPItemRect* m_hardRect = nullptr;
    QCPItemText* m_hardLabel = nullptr;
    QString m_tempMessage;
};

}  // namespace slb
