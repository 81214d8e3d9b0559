#include "curvesoverlay.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <limits>

#include "autoscale.h"
#include "base/config.h"
#include "linegraph.h"
#include "record/runreader.h"

namespace slb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/** The value of the last point at or before `x`; NaN when there is none. */
double valueAtOrBefore(const QCPGraph* g, double x) {
    const auto data = g->data();
    if (data->isEmpty() || data->constBegin()->key > x + 1e-9)
        return kNaN;
    auto it = data->findEnd(x + 1e-9, false);  // first point after x
    --it;
    return it->value;
}

QString percentText(double v) {
    return std::isfinite(v) ? CurvesOverlay::tr("%1 %").arg(v, 0, 'f', 2) : QStringLiteral("–");
}

QString durationText(double seconds) {
    const qint64 s = qint64(std::llround(std::max(0.0, seconds)));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

bool terminal(RunStatus s) {
    return s == RunStatus::Finished || s == RunStatus::Stopped || s == RunStatus::Diverged ||
           s == RunStatus::Failed;
}

}  // namespace

struct CurvesOverlay::Run {
    OverlayRunSpec spec;
    std::unique_ptr<RunReader> reader;
    bool slb = false;
    QCPGraph* loss = nullptr;
    QCPGraph* hard = nullptr;
    QCPGraph* soft = nullptr;
    QCPGraph* lr = nullptr;
};

CurvesOverlay::CurvesOverlay(QCustomPlot* plot, QCPAxisRect* loss, QCPAxisRect* acc,
                             QCPAxisRect* lr)
    : m_plot(plot), m_loss(loss), m_acc(acc), m_lr(lr) {
    auto key = [this](const QString& name, Qt::PenStyle style, QCPScatterStyle::ScatterShape s) {
        QCPGraph* g =
            m_plot->addGraph(m_acc->axis(QCPAxis::atBottom), m_acc->axis(QCPAxis::atLeft));
        g->setPen(QPen(QColor(60, 60, 60), 2, style));
        g->setScatterStyle(QCPScatterStyle(s, 7));
        g->setName(name);
        g->setVisible(false);
        return g;
    };
    m_keyHard = key(tr("test W_q"), Qt::SolidLine, QCPScatterStyle::ssSquare);
    m_keySoft = key(tr("test W_c"), Qt::DashLine, QCPScatterStyle::ssCircle);
}

CurvesOverlay::~CurvesOverlay() = default;

QString CurvesOverlay::runDir(int run) const {
    return m_runs[std::size_t(run)]->spec.dir;
}

QCPGraph* CurvesOverlay::graph(int run, Curve c) const {
    const Run& r = *m_runs[std::size_t(run)];
    switch (c) {
        case Curve::Loss:
            return r.loss;
        case Curve::TestHard:
            return r.hard;
        case Curve::TestSoft:
            return r.soft;
        case Curve::LearningRate:
            return r.lr;
    }
    return nullptr;
}

void CurvesOverlay::dropRun(std::size_t i) {
    for (QCPGraph* g : {m_runs[i]->loss, m_runs[i]->hard, m_runs[i]->soft, m_runs[i]->lr})
        m_plot->removeGraph(g);
    m_runs.erase(m_runs.begin() + std::ptrdiff_t(i));
}

QStringList CurvesOverlay::setRuns(const std::vector<OverlayRunSpec>& specs) {
    QStringList errors;
    // Drop what is no longer wanted; keep the rest (their readers hold what was read so far).
    for (std::size_t i = m_runs.size(); i-- > 0;) {
        const bool wanted = std::any_of(specs.begin(), specs.end(), [&](const OverlayRunSpec& s) {
            return QFileInfo(s.dir).absoluteFilePath() == m_runs[i]->spec.dir;
        });
        if (!wanted)
            dropRun(i);
    }
    std::vector<std::unique_ptr<Run>> ordered;
    for (const OverlayRunSpec& spec : specs) {
        const QString dir = QFileInfo(spec.dir).absoluteFilePath();
        auto it = std::find_if(m_runs.begin(), m_runs.end(),
                               [&dir](const auto& r) { return r->spec.dir == dir; });
        std::unique_ptr<Run> run;
        if (it != m_runs.end()) {
            run = std::move(*it);
            m_runs.erase(it);
        } else {
            std::string why;
            auto reader = RunReader::open(dir.toStdString(), &why);
            if (!reader) {
                errors << tr("%1 is not overlaid: %2").arg(spec.name, QString::fromStdString(why));
                continue;
            }
            run = std::make_unique<Run>();
            run->reader = std::move(reader);
            RunConfig config;
            std::string ignored;
            RunConfig::fromJson(run->reader->configJson(), &config, &ignored);
            run->slb = config.method == Method::Slb;
            auto add = [](QCPAxisRect* rect) {
                return addLineGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            };
            run->loss = add(m_loss);
            run->hard = add(m_acc);
            run->soft = add(m_acc);
            run->lr = add(m_lr);
        }
        run->spec = spec;
        run->spec.dir = dir;
        const QColor c = spec.color;
        run->loss->setPen(QPen(c, 2.2));
        run->hard->setPen(QPen(c, 2.2));
        run->hard->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, c, Qt::white, 7));
        run->soft->setPen(QPen(c, 1.6, Qt::DashLine));
        run->soft->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, Qt::white, 7));
        run->soft->setVisible(run->slb);  // fp and LSQ: W_c is W_q, one line says it
        run->lr->setPen(QPen(c, 1.6));
        for (QCPGraph* g : {run->loss, run->hard, run->soft, run->lr})
            g->setName(spec.name);
        ordered.push_back(std::move(run));
    }
    // What is left in m_runs was kept by no spec (cannot happen) — drop it with its graphs.
    while (!m_runs.empty())
        dropRun(m_runs.size() - 1);
    m_runs = std::move(ordered);
    return errors;
}

bool CurvesOverlay::poll() {
    bool any = false;
    for (const auto& r : m_runs) {
        if (terminal(r->reader->status()))
            continue;
        any |= !r->reader->poll().empty();
    }
    return any;
}

bool CurvesOverlay::anyOpen() const {
    return std::any_of(m_runs.begin(), m_runs.end(),
                       [](const auto& r) { return !terminal(r->reader->status()); });
}

void CurvesOverlay::rebuild(double smoothing, Align align) {
    m_timeSpan = 0;
    for (const auto& r : m_runs) {
        const auto& steps = r->reader->steps();
        const auto info = r->reader->runInfo();
        const double ipe = double(std::max<std::int64_t>(1, info ? info->itersPerEpoch : 1));
        auto xOf = [&](const StepEvent& e) {
            switch (align) {
                case Align::Step:
                    return double(e.step + 1);
                case Align::Epoch:
                    return double(e.step + 1) / ipe;
                case Align::WallTime:
                    return e.elapsed;
            }
            return kNaN;
        };
        QVector<QCPGraphData> loss, lr;
        loss.reserve(int(steps.size()));
        lr.reserve(int(steps.size()));
        double last = 0, count = 0;
        for (const StepEvent& e : steps) {
            const double x = xOf(e);
            if (!std::isfinite(x))
                continue;
            if (std::isfinite(e.loss)) {
                last = last * smoothing + (1 - smoothing) * e.loss;
                count += 1;
                const double debias = 1 - std::pow(smoothing, count);
                loss.push_back({x, debias > 0 ? last / debias : last});
            }
            if (std::isfinite(e.lr) && e.lr > 0)
                lr.push_back({x, e.lr});
        }
        if (!steps.empty())
            m_timeSpan = std::max(m_timeSpan, steps.back().elapsed);
        QVector<QCPGraphData> hard, soft;
        for (const EpochEvent& e : r->reader->epochs()) {
            // An epoch's point sits where its last step does.
            auto it =
                std::lower_bound(steps.begin(), steps.end(), e.step,
                                 [](const StepEvent& s, std::int64_t v) { return s.step < v; });
            StepEvent at;
            at.step = e.step;
            at.elapsed = it != steps.end() && it->step == e.step ? it->elapsed : kNaN;
            const double x = xOf(at);
            if (!std::isfinite(x))
                continue;
            if (std::isfinite(e.testAccHard))
                hard.push_back({x, 100.0 * e.testAccHard});
            if (std::isfinite(e.testAccSoft))
                soft.push_back({x, 100.0 * e.testAccSoft});
        }
        if (!r->slb)
            hard = soft;  // fp and LSQ record one test accuracy, in both columns
        // Steps and training time grow together (a checkpoint carries the time), but a clock
        // is not a counter: sort by time rather than trust it.
        const bool sorted = align != Align::WallTime;
        r->loss->data()->set(loss, sorted);
        r->lr->data()->set(lr, sorted);
        r->hard->data()->set(hard, sorted);
        r->soft->data()->set(soft, sorted);
    }
}

QString CurvesOverlay::axisLabel(Align align) const {
    switch (align) {
        case Align::Step:
            return tr("step");
        case Align::Epoch:
            return tr("epoch");
        case Align::WallTime:
            return m_timeSpan >= 3600 ? tr("training time (h:mm:ss)") : tr("training time (min:s)");
    }
    return QString();
}

void CurvesOverlay::applyTickers(Align align, const std::vector<QCPAxisRect*>& rects) const {
    for (QCPAxisRect* r : rects) {
        QCPAxis* x = r->axis(QCPAxis::atBottom);
        if (align == Align::WallTime) {
            auto time = QSharedPointer<QCPAxisTickerTime>::create();
            time->setTimeFormat(m_timeSpan >= 3600 ? QStringLiteral("%h:%m:%s")
                                                   : QStringLiteral("%m:%s"));
            time->setFieldWidth(QCPAxisTickerTime::tuMinutes, m_timeSpan >= 3600 ? 2 : 1);
            x->setTicker(time);
        } else if (x->ticker().dynamicCast<QCPAxisTickerTime>()) {
            x->setTicker(QSharedPointer<QCPAxisTicker>::create());
        }
    }
}

double CurvesOverlay::xMax() const {
    double m = 0;
    for (const auto& r : m_runs)
        for (QCPGraph* g : {r->loss, r->hard, r->lr})
            if (!g->data()->isEmpty())
                m = std::max(m, (g->data()->constEnd() - 1)->key);
    return m;
}

namespace {

std::vector<double> valuesOf(const QCPGraph* g) {
    std::vector<double> v;
    v.reserve(std::size_t(g->data()->size()));
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        v.push_back(it->value);
    return v;
}

}  // namespace

QCPRange CurvesOverlay::lossRange(bool logScale, bool robust) const {
    QCPRange all = noRange();
    for (const auto& r : m_runs) {
        const auto v = valuesOf(r->loss);
        all = unite(all, robust ? robustRange(v, logScale) : extremes(v, logScale));
    }
    return all;
}

QCPRange CurvesOverlay::accuracyRange() const {
    QCPRange all = noRange();
    for (const auto& r : m_runs)
        for (QCPGraph* g : {r->hard, r->soft})
            all = unite(all, extremes(valuesOf(g), false));
    return all;
}

QCPRange CurvesOverlay::lrRange(bool logScale) const {
    QCPRange all = noRange();
    for (const auto& r : m_runs)
        all = unite(all, extremes(valuesOf(r->lr), logScale));
    return all;
}

void CurvesOverlay::addToLegend(QCPLegend* legend) const {
    // Room below each entry's text: the items clip to it, cutting the "_" of W_q.
    auto add = [legend](QCPGraph* g) {
        if (legend->hasItemWithPlottable(g))
            return;
        g->addToLegend(legend);
        legend->itemWithPlottable(g)->setMargins(QMargins(0, 0, 0, 3));
    };
    for (const auto& r : m_runs)
        add(r->loss);
    const auto slbRuns =
        std::count_if(m_runs.begin(), m_runs.end(), [](const auto& r) { return r->slb; });
    // The key to the line styles, where SLB runs draw two test accuracies.
    m_keyHard->setName(std::size_t(slbRuns) == m_runs.size() ? tr("test W_q")
                                                             : tr("test W_q / test accuracy"));
    for (QCPGraph* key : {m_keyHard, m_keySoft}) {
        if (slbRuns > 0)
            add(key);
        else if (legend->hasItemWithPlottable(key))
            key->removeFromLegend(legend);
    }
}

void CurvesOverlay::removeFromLegend(QCPLegend* legend) const {
    for (const auto& r : m_runs)
        r->loss->removeFromLegend(legend);
    m_keyHard->removeFromLegend(legend);
    m_keySoft->removeFromLegend(legend);
}

QString CurvesOverlay::readout(double x, Align align) const {
    QStringList lines;
    switch (align) {
        case Align::Step:
            lines << tr("step %1").arg(std::llround(x));
            break;
        case Align::Epoch:
            lines << tr("epoch %1").arg(x, 0, 'f', 2);
            break;
        case Align::WallTime:
            lines << tr("training time %1").arg(durationText(x));
            break;
    }
    for (const auto& r : m_runs) {
        const double loss = valueAtOrBefore(r->loss, x);
        const double hard = valueAtOrBefore(r->hard, x);
        if (r->slb)
            lines << tr("%1: loss %2 · W_q %3 · W_c %4")
                         .arg(r->spec.name,
                              std::isfinite(loss) ? QString::number(loss, 'g', 4)
                                                  : QStringLiteral("–"),
                              percentText(hard), percentText(valueAtOrBefore(r->soft, x)));
        else
            lines << tr("%1: loss %2 · test %3")
                         .arg(r->spec.name,
                              std::isfinite(loss) ? QString::number(loss, 'g', 4)
                                                  : QStringLiteral("–"),
                              percentText(hard));
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace slb
