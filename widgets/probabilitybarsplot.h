#pragma once
// ProbabilityBarsPlot: one SLB layer at one step, as bars over the values of V: the mean of P
// over all weights and the share of weights whose argmax is each value, with 1/m (uniform) dashed.

#include <qcustomplot.h>
#include <vector>

#include "plothelpers.h"

namespace slb {

struct SlbSnapshot;

class ProbabilityBarsPlot : public FittedPlot {
    Q_OBJECT
public:
    explicit ProbabilityBarsPlot(QWidget* parent = nullptr);

    /** Draws `snapshot` (null: no bars) under `title`. */
    void setSnapshot(const SlbSnapshot* snapshot, const QString& title);

    /** The bar heights shown, one per value of V. */
    std::vector<double> meanProbBars() const;
    std::vector<double> argmaxBars() const;
    /** The x tick labels (the values of V; every k-th where the axis is too short for all). */
    QStringList valueLabels() const;

protected:
    void fitLayout() override;

private:
    QCPTextElement* m_title;
    QCPBars* m_mean;
    QCPBars* m_argmax;
    QCPGraph* m_uniform;
    QSharedPointer<QCPAxisTickerText> m_ticker;
    std::vector<float> m_values;  ///< V last drawn, to keep the ticks when V is unchanged
};

}  // namespace slb
