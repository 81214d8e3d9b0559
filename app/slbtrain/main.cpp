// slb-train: the headless trainer. Everything but argument hand-off lives in cli.cpp.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    slb::cli::Invocation inv;
    std::string error;
    if (!slb::cli::parseArguments(args, &inv, &error)) {
        std::fprintf(stderr, "slb-train: %s\n", error.c_str());
        std::fprintf(stderr, "Try 'slb-train --help'.\n");
        return 2;
    }
    return slb::cli::runInvocation(inv);
}
