// FrameMonitor and TimedApplication: each outermost event the GUI thread handles is one frame,
// timed from start to end; nested events are part of it; suspended stretches are left out.
#include <QElapsedTimer>
#include <QEvent>
#include <QTest>
#include <QThread>
#include <functional>

#include "framemonitor.h"

using namespace slb;

namespace {

const QEvent::Type kSlow = QEvent::Type(QEvent::registerEventType());

/** Handles kSlow by sleeping `ms`, then does what `during` says (e.g. sends on a nested event). */
class Sleeper : public QObject {
public:
    int ms = 0;
    std::function<void()> during;
    int handled = 0;

    bool event(QEvent* e) override {
        if (e->type() != kSlow)
            return QObject::event(e);
        ++handled;
        QThread::msleep(ms);
        if (during)
            during();
        return true;
    }
};

void postSlow(Sleeper* to) {
    QCoreApplication::postEvent(to, new QEvent(kSlow));
}

}  // namespace

class TstFrameMonitor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aSlowEventIsOneFrameWithWhatItSendsOn() {
        FrameMonitor monitor;
        monitor.start();
        QCOMPARE(FrameMonitor::listening(), &monitor);
        Sleeper inner;
        inner.ms = 15;
        Sleeper outer;
        outer.ms = 30;
        outer.during = [&] {
            QEvent nested(kSlow);
            QCoreApplication::sendEvent(&inner, &nested);
        };
        postSlow(&outer);
        QCoreApplication::processEvents();
        QCOMPARE(outer.handled, 1);
        QCOMPARE(inner.handled, 1);
        // One frame of at least 45 ms, and the nested 15 ms is not a frame of its own.
        QCOMPARE(monitor.countOver(12), std::size_t(1));
        QVERIFY2(monitor.worstMs() >= 44.0, qPrintable(QString::number(monitor.worstMs())));
        QVERIFY(monitor.count() >= 1);
        monitor.stop();
        QCOMPARE(FrameMonitor::listening(), nullptr);
    }

    void suspendedStretchesAreLeftOut() {
        FrameMonitor monitor;
        monitor.start();
        Sleeper slow;
        slow.ms = 30;
        monitor.suspend();
        postSlow(&slow);
        QCoreApplication::processEvents();
        monitor.continueMeasuring();
        QCOMPARE(slow.handled, 1);
        QCOMPARE(monitor.countOver(20), std::size_t(0));

        // An event during which measuring was suspended and went on (screenshots taken from a
        // handler) is left out as well.
        slow.during = [&] {
            monitor.suspend();
            monitor.continueMeasuring();
        };
        postSlow(&slow);
        QCoreApplication::processEvents();
        QCOMPARE(slow.handled, 2);
        QCOMPARE(monitor.countOver(20), std::size_t(0));

        // Measuring again: the next slow event counts.
        slow.during = nullptr;
        postSlow(&slow);
        QCoreApplication::processEvents();
        QCOMPARE(monitor.countOver(20), std::size_t(1));
    }

    void nothingIsMeasuredWhenStopped() {
        FrameMonitor monitor;
        monitor.start();
        monitor.stop();
        Sleeper slow;
        slow.ms = 20;
        postSlow(&slow);
        QCoreApplication::processEvents();
        QCOMPARE(slow.handled, 1);
        QCOMPARE(monitor.count(), std::size_t(0));
        QCOMPARE(monitor.busyShare(), 0.0);
    }

    void busyShareIsTheHandledPartOfTheWallTime() {
        FrameMonitor monitor;
        monitor.start();
        QElapsedTimer wall;
        wall.start();
        Sleeper slow;
        slow.ms = 60;
        postSlow(&slow);
        QCoreApplication::processEvents();
        QThread::msleep(120);  // idle: not inside an event
        const double share = monitor.busyShare();
        const double expected = 60.0 / double(wall.elapsed());
        QVERIFY2(share >= 0.8 * expected && share <= 1.0,
                 qPrintable(
                     QStringLiteral("busy share %1, about %2 expected").arg(share).arg(expected)));
        QVERIFY2(share < 0.6, qPrintable(QString::number(share)));
    }
};

int main(int argc, char** argv) {
    TimedApplication app(argc, argv);
    TstFrameMonitor t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_framemonitor.moc"
