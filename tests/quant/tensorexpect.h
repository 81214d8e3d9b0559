#pragma once
// Element-wise comparison of a tensor with hand-computed numbers, with a message that names the
// first entry that differs (QCOMPARE cannot print tensors).

#include <QtCore/QList>
#include <QtCore/QString>

#include <algorithm>
#include <cmath>

#include <torch/types.h>

namespace slbtest {

/** A 1-D fp32 tensor holding `values`. */
inline torch::Tensor tensorOf(const QList<double>& values) {
    std::vector<float> v(values.begin(), values.end());
    return torch::tensor(v, torch::kFloat32);
}

/** Empty when `actual`, flattened, equals `expected` within tol·max(1, |expected|). */
inline QString mismatch(const torch::Tensor& actual, const QList<double>& expected,
                        double tol = 1e-6) {
    const torch::Tensor a = actual.detach().to(torch::kDouble).cpu().reshape({-1}).contiguous();
    if (a.numel() != expected.size()) {
        return QStringLiteral("%1 elements, expected %2").arg(a.numel()).arg(expected.size());
    }
    const double* p = a.data_ptr<double>();
    for (int i = 0; i < expected.size(); ++i) {
        if (!(std::abs(p[i] - expected[i]) <= tol * std::max(1.0, std::abs(expected[i])))) {
            return QStringLiteral("element %1 is %2, expected %3")
                .arg(i)
                .arg(p[i], 0, 'g', 12)
                .arg(expected[i], 0, 'g', 12);
        }
    }
    return {};
}

}  // namespace slbtest

/** QVERIFY that a tensor equals a list of hand-computed numbers (optional tolerance). */
#define SLB_COMPARE_TENSOR(actual, ...)                                        \
    do {                                                                       \
        const QString slbMismatch_ = slbtest::mismatch((actual), __VA_ARGS__); \
        QVERIFY2(slbMismatch_.isEmpty(), qPrintable(slbMismatch_));            \
    } while (false)
