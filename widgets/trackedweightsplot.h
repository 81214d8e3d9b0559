#pragma once
// TrackedWeightsPlot: the probability vectors P of a few tracked weights at one step, as small
// multiples (one mini bar chart per weight, titled with its flat index), so that one can watch
// single weights commit. The argmax bar (the value W_q takes) is drawn in the W_q colour.

#include <qcustomplot.h>
#include <vector>

#include "plothelpers.h"

namespace slb {

struct SlbSnapshot;

class TrackedWeightsPlot : public FittedPlot {
    Q_OBJECT
public:
    explicit TrackedWeightsPlot(QWidget* parent = nullptr);

    /** Draws the tracked weights of `snapshot` (null: none) under `title`. */
    void setSnapshot(const SlbSnapshot* snapshot, const QString& title);

    /** P of each tracked weight as drawn, one vector of m bars per weight. */
    std::vector<std::vector<double>> bars() const;
    /** The mini charts' titles. */
    QStringList titles() const;

protected:
    void fitLayout() override;

private:
    struct Mini {
        QCPAxisRect* rect;
        QCPTextElement* title;
        QCPBars* rest;  ///< every value but the argmax
        QCPBars* top;   ///< the argmax
    };
    void relayout(int count, const std::vector<float>& values);

    QCPTextElement* m_title;
    QCPLayoutGrid* m_cells;
    QCPLegend* m_legend;
    std::vector<Mini> m_minis;
    std::vector<float> m_values;  ///< V the minis were laid out for
    std::vector<QCPMarginGroup*> m_groups;
    QSharedPointer<QCPAxisTickerText> m_levels;  ///< the minis' x ticks (values of V)
};

}  // namespace slb
