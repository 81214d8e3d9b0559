// slb-workbench: the desktop workbench. With no display to open a window on, it says so in one
// line and runs the headless demo (slb-train, next to this binary) instead.
#include <unistd.h>

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <cstdio>
#include <cstdlib>

#include "framemonitor.h"
#include "language.h"
#include "mainwindow.h"
#include "workbenchoptions.h"

namespace {

bool hasDisplay() {
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    if (platform && *platform)
        return true;  // offscreen, vnc, …: the user chose
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wayland && *wayland);
}

}  // namespace

int main(int argc, char** argv) {
    if (!hasDisplay()) {
        std::fprintf(stderr,
                     "slb-workbench: no display (DISPLAY and WAYLAND_DISPLAY are unset): running "
                     "the headless demo, slb-train, instead\n");
        const std::string train =
            QFileInfo(QString::fromLocal8Bit(argv[0])).absolutePath().toStdString() + "/slb-train";
        execl(train.c_str(), train.c_str(), static_cast<char*>(nullptr));
        std::perror(train.c_str());
        return 1;
    }
    slb::TimedApplication app(argc, argv);  // QApplication that times its events for --stats
    QCoreApplication::setOrganizationName(QStringLiteral("slb-workbench"));
    QCoreApplication::setApplicationName(QStringLiteral("slb-workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLB_VERSION));
    // Translators first (translations): the help text and every widget take their words from
    // them when made. An unknown --lang falls back here and is refused by parse() below.
    const QString language =
        slb::chooseLanguage(slb::languageArgument(QCoreApplication::arguments()));
    if (!slb::installTranslators(language))
        std::fprintf(stderr, "slb-workbench: the %s translation is missing: showing English\n",
                     qPrintable(language));
    slb::WorkbenchOptions options;
    QString error;
    if (!options.parse(QCoreApplication::arguments(), &error)) {
        std::fprintf(stderr, "slb-workbench: %s\n", qPrintable(error));
        return 2;
    }
    slb::MainWindow window(options);
    window.show();
    return app.exec();
}
