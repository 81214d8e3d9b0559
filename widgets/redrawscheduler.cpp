#include "redrawscheduler.h"

#include <algorithm>

namespace slb {

RedrawScheduler::RedrawScheduler(QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RedrawScheduler::fire);
}

void RedrawScheduler::request() {
    if (m_timer.isActive())
        return;
    // The first request after a quiet spell draws on the next turn of the event loop; later
    // ones wait until a frame has passed since the last redraw.
    const qint64 since = m_sinceLast.isValid() ? m_sinceLast.elapsed() : kFrameMs;
    m_timer.start(int(std::max<qint64>(0, kFrameMs - since)));
}

void RedrawScheduler::fire() {
    m_sinceLast.start();
    Q_EMIT redraw();
}

}  // namespace slb
