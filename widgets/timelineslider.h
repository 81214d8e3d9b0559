#pragma once
// TimelineSlider: the shared timeline of the snapshot panels. A slider over the snapshots, a
// "Follow" box and a label with the picked step and epoch. Moving it sets the model's cursor, so
// every panel moves together; it follows the cursor however it was set.

#include <QWidget>
#include <cstdint>

#include "redrawscheduler.h"

class QCheckBox;
class QLabel;
class QSlider;

namespace slb {

class RunModel;

class TimelineSlider : public QWidget {
    Q_OBJECT
public:
    explicit TimelineSlider(RunModel* model, QWidget* parent = nullptr);

    /** Text shown after the step and epoch, e.g. the temperature at the picked step. */
    void setDetail(const QString& text);
    /** Index into snapshotSteps() of the snapshot at the model's cursor; -1 when none. */
    int index() const;
    /** What the label says now. */
    QString text() const;
    QSlider* slider() const { return m_slider; }
    QCheckBox* followBox() const { return m_follow; }

    /** Index of the greatest snapshot step ≤ `step` in `steps`; -1 when none. */
    static int snapshotIndex(const std::vector<std::int64_t>& steps, std::int64_t step);

private:
    void sync();
    void onSliderValue(int value);
    void onFollowClicked(bool checked);

    RunModel* m_model;
    QSlider* m_slider;
    QCheckBox* m_follow;
    QLabel* m_label;
    QString m_detail;
    RedrawScheduler m_redraw;
};

}  // namespace slb
