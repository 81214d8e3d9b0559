#pragma once
// The LSQ playground (a tab; no training needed): the LSQ paper's Figure 2, interactive. For a
// bit-width, signed or unsigned data and a step s: v̂ against v (Eq. 1–2) with the grid of levels
// and the clip points −Qn·s and Qp·s, and under it the step gradient ∂v̂/∂s of Eq. 3 — the
// saw-tooth inside the range, −Qn and Qp outside — with the gradient scale g = 1/√(N·Qp) for a
// chosen N. A probe value v reads both off in numbers.

#include <QWidget>
#include <cstdint>

#include "base/quantmath.h"

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPItemTracer;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace slb {

class FittedPlot;

class StepSizePlayground : public QWidget {
    Q_OBJECT
public:
    explicit StepSizePlayground(QWidget* parent = nullptr);

    int bits() const { return m_bits; }
    bool isSigned() const { return m_signed; }
    double step() const { return m_step; }
    std::int64_t count() const { return m_count; }
    quantmath::LsqLevels levels() const { return quantmath::lsqLevels(m_bits, m_signed); }
    /** v̂ and ∂v̂/∂s as drawn, at v (read off the drawn curves). */
    double drawnQuantized(double v) const;
    double drawnGradient(double v) const;
    /** The figures line: Qn, Qp, clip points, g. */
    QString figuresText() const;
    /** The probe's read-out: v, v/s, v̂, ∂v̂/∂s, g·∂v̂/∂s. */
    QString probeText() const;
    FittedPlot* plot() const { return m_plot; }

public Q_SLOTS:
    void setBits(int bits);
    void setSigned(bool isSigned);
    void setStep(double s);
    void setCount(std::int64_t n);
    void setProbe(double v);

private:
    void redraw();

    int m_bits = 2;
    bool m_signed = true;
    double m_step = 0.5;
    std::int64_t m_count = 4608;  ///< a 3×3 conv of 32 → 16 channels
    double m_probe = 0.3;

    QSpinBox* m_bitsBox = nullptr;
    QComboBox* m_signBox = nullptr;
    QDoubleSpinBox* m_stepBox = nullptr;
    QSpinBox* m_countBox = nullptr;
    QDoubleSpinBox* m_probeBox = nullptr;
    QLabel* m_figures = nullptr;
    QLabel* m_probeLabel = nullptr;
    FittedPlot* m_plot = nullptr;
    QCPGraph* m_quantized = nullptr;
    QCPGraph* m_identity = nullptr;
    QCPGraph* m_gradient = nullptr;
    QCPItemStraightLine* m_clipLow[2] = {};
    QCPItemStraightLine* m_clipHigh[2] = {};
    QCPItemTracer* m_probeQ = nullptr;
    QCPItemTracer* m_probeG = nullptr;
    QCPItemStraightLine* m_probeLine[2] = {};
};

}  // namespace slb
