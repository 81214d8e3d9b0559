#pragma once
// Coalesces redraw requests: data may arrive as often as it likes, the panel draws at most
// kMaxFramesPerSecond times a second (STYLE.md: coalesced redraws). GUI thread only.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace slb {

class RedrawScheduler : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxFramesPerSecond = 30;
    static constexpr int kFrameMs = 1000 / kMaxFramesPerSecond;

    explicit RedrawScheduler(QObject* parent = nullptr);

    /** Asks for one redraw; many requests before it happens give one redraw. */
    void request();
    /** True while a redraw is pending. */
    bool pending() const { return m_timer.isActive(); }

Q_SIGNALS:
    /** Time to draw: at most kMaxFramesPerSecond times a second. */
    void redraw();

private:
    void fire();

    QTimer m_timer;
    QElapsedTimer m_sinceLast;
};

}  // namespace slb
