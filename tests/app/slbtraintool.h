#pragma once
// Runs the slb-train binary of this build (SLB_TRAIN_BINARY) as a user would, for the tests that
// drive it from outside.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace slbtest {

struct Result {
    int code = -1;  ///< exit code; -1 when it crashed or timed out
    QString out, err;
};

/** Waits for a started slb-train and collects what it said; kills it after `timeoutMs`. */
inline Result collect(QProcess& p, int timeoutMs) {
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline Result runTool(const QStringList& args, int timeoutMs = 120000, const QString& cwd = {}) {
    QProcess p;
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(QStringLiteral(SLB_TRAIN_BINARY), args);
    return collect(p, timeoutMs);
}

}  // namespace slbtest
