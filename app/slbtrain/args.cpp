// Argument parsing and help for slb-train. Every RunConfig field is a flag (from the config
// registry), so the CLI cannot fall behind the config.
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "cli.h"
#include "dist/distoptions.h"

namespace slb::cli {

namespace {

bool readFile(const std::string& path, std::string* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

const std::map<std::string, std::string>& commandHelp() {
    static const std::map<std::string, std::string> h = {
        {"train", "train a network (the default command)"},
        {"resume", "RUN_DIR: continue a stopped or killed run from its last checkpoint"},
        {"export",
         "RUN_DIR --csv | --json | --model [DIR] | --tensorboard [DIR] |\n"
         "            --distributions [FILE]: metrics, the packed low-bit model, a TensorBoard\n"
         "            event file (into DIR, by default RUN_DIR/exports/model or\n"
         "            RUN_DIR/exports/tensorboard), or the layer distributions as CSV (default\n"
         "            RUN_DIR/exports/distributions.csv)"},
        {"eval", "MODEL_DIR [--dataset ...]: evaluate a packed model"},
        {"inspect", "RUN_DIR: config, status, best and final accuracies of a run"},
    };
    return h;
}

}  // namespace

std::string helpText() {
    std::ostringstream s;
    s << "Usage: slb-train [COMMAND] [OPTIONS]\n\n"
         "Trains low-bit networks with SLB (Searching for Low-Bit Weights) or LSQ (Learned Step\n"
         "Size Quantization). With no arguments: the quick demo, an SLB W2 cnn on "
         "Fashion-MNIST.\n\n"
         "Commands:\n";
    for (const auto& [name, text] : commandHelp())
        s << "  " << name << std::string(10 - name.size(), ' ') << text << "\n";
    s << "\nGeneral options:\n"
         "  --config FILE.json   start from a config file (flags given too override it)\n"
         "  --summary FILE.json  write the final metrics as JSON\n"
         "  --quiet              no progress output\n"
         "  --help, --version\n"
         "\nData-parallel training (train and resume; c10d with Gloo):\n"
         "  --nproc N            N processes on this machine, each on 1/N of every batch\n"
         "  --rank R --world-size N --master HOST:PORT\n"
         "                       join a job across machines as rank R of N; rank 0 serves the\n"
         "                       rendezvous at HOST:PORT and records the run\n"
         "  --dist-backend B     auto, gloo or nccl [auto: gloo]\n"
         "  --dist-timeout S     seconds to wait for another rank before ending the job [120]\n";
    std::string group;
    const RunConfig defaults;
    for (const auto& f : configFields()) {
        if (f.group != group) {
            group = f.group;
            s << "\n"
              << (group == "model"         ? "Model and quantization"
                  : group == "data"        ? "Data"
                  : group == "optim"       ? "Optimisation"
                  : group == "temperature" ? "SLB temperature"
                                           : "Run")
              << ":\n";
        }
        std::string left = "  " + f.flag() + (f.type == ConfigField::Type::Bool ? "[=BOOL]" : " V");
        if (left.size() < 26)
            left += std::string(26 - left.size(), ' ');
        else
            left += "\n" + std::string(26, ' ');
        const std::string def = f.get(defaults);
        s << left << f.help << (def.empty() ? "" : " [" + def + "]") << "\n";
    }
    s << "\nExamples:\n"
         "  slb-train --method fp --epochs 5 --out runs/fp\n"
         "  slb-train --method slb --wbits 1 --temp-schedule exp --t-start 1 --t-end 1000 "
         "--temp-unit iteration\n"
         "  slb-train --method lsq --wbits 2 --abits 2 --init-from runs/fp/model.pt\n";
    return s.str();
}

bool parseArguments(const std::vector<std::string>& args, Invocation* out, std::string* error) {
    Invocation inv;
    inv.args = args;
    std::size_t i = 0;
    if (!args.empty() && args[0].rfind("-", 0) != 0) {
        if (!commandHelp().count(args[0])) {
            *error = "unknown command '" + args[0] + "'";
            return false;
        }
        inv.command = args[0];
        i = 1;
    }
    // First pass: --config, so that every other flag overrides it whatever the order.
    for (std::size_t k = i; k < args.size(); ++k) {
        if (args[k] == "--config" || args[k].rfind("--config=", 0) == 0) {
            const bool inlineValue = args[k] != "--config";
            if (!inlineValue && k + 1 >= args.size()) {
                *error = "--config needs a file";
                return false;
            }
            inv.configPath = inlineValue ? args[k].substr(9) : args[k + 1];
            std::string text, err;
            if (!readFile(inv.configPath, &text)) {
                *error = "--config: cannot read " + inv.configPath;
                return false;
            }
            if (!inv.config.applyJson(text, &err)) {
                *error = inv.configPath + ": " + err;
                return false;
            }
        }
    }
    for (; i < args.size(); ++i) {
        std::string a = args[i];
        std::string value;
        bool hasValue = false;
        if (const auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            hasValue = true;
        }
        auto takeValue = [&](const std::string& flag) -> bool {
            if (hasValue)
                return true;
            if (i + 1 >= args.size()) {
                *error = flag + " needs a value";
                return false;
            }
            value = args[++i];
            return true;
        };
        if (a == "--help" || a == "-h") {
            inv.command = "help";
        } else if (a == "--version") {
            inv.command = "version";
        } else if (a == "--quiet" || a == "-q") {
            inv.quiet = true;
        } else if (a == "--config") {
            if (!hasValue)
                ++i;  // handled above
        } else if (a == "--summary") {
            if (!takeValue(a))
                return false;
            inv.summaryPath = value;
        } else if (a == "--nproc" || a == "--rank" || a == "--world-size" ||
                   a == "--dist-timeout") {
            if (!takeValue(a))
                return false;
            char* end = nullptr;
            const long v = std::strtol(value.c_str(), &end, 10);
            const long lo = a == "--rank" ? 0 : 1;
            if (value.empty() || *end != '\0' || v < lo || v > 100000) {
                *error = "invalid " + a + ": '" + value +
                         "' is not a whole number >= " + std::to_string(lo);
                return false;
            }
            if (a == "--nproc")
                inv.nproc = int(v);
            else if (a == "--rank")
                inv.dist.rank = int(v);
            else if (a == "--world-size")
                inv.dist.worldSize = int(v);
            else
                inv.dist.timeout = std::chrono::seconds(v);
            inv.distGiven = inv.distGiven || a != "--nproc";
        } else if (a == "--master" || a == "--dist-backend") {
            if (!takeValue(a))
                return false;
            if (a == "--master") {
                std::string host, why;
                int port = 0;
                if (!parseMaster(value, &host, &port, &why)) {
                    *error = why;
                    return false;
                }
                inv.dist.master = value;
            } else {
                if (value != "auto" && value != "gloo" && value != "nccl") {
                    *error = "invalid --dist-backend: '" + value + "' is not auto, gloo or nccl";
                    return false;
                }
                inv.dist.backend = value;
            }
            inv.distGiven = true;
        } else if (a == "--store-external") {
            inv.dist.storeIsExternal = true;  // set by the --nproc launcher for its children
        } else if (a == "--csv") {
            inv.exportCsv = true;
        } else if (a == "--json") {
            inv.exportJson = true;
        } else if (a == "--model" && inv.command == "export") {
            inv.exportModel = true;
            if (hasValue) {
                inv.exportModelDir = value;
            } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
                inv.exportModelDir = args[++i];
            }
        } else if (a == "--tensorboard" && inv.command == "export") {
            inv.exportTensorBoard = true;
            if (hasValue) {
                inv.exportTensorBoardDir = value;
            } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
                inv.exportTensorBoardDir = args[++i];
            }
        } else if (a == "--distributions" && inv.command == "export") {
            inv.exportDistributions = true;
            if (hasValue) {
                inv.exportDistributionsFile = value;
            } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
                inv.exportDistributionsFile = args[++i];
            }
        } else if (a.rfind("--no-", 0) == 0 && findConfigField(a.substr(5)) &&
                   findConfigField(a.substr(5))->type == ConfigField::Type::Bool) {
            findConfigField(a.substr(5))->set(inv.config, "false");
            inv.givenKeys.push_back(findConfigField(a.substr(5))->key);
        } else if (a.rfind("--", 0) == 0) {
            const ConfigField* f = findConfigField(a);
            if (!f) {
                *error = "unknown option " + a;
                return false;
            }
            if (f->type == ConfigField::Type::Bool && !hasValue) {
                value = "true";
            } else if (!takeValue(a)) {
                return false;
            }
            if (std::string e = f->set(inv.config, value); !e.empty()) {
                *error = "invalid " + f->flag() + ": " + e;
                return false;
            }
            inv.givenKeys.push_back(f->key);
        } else {
            inv.positional.push_back(a);
        }
    }
    if (inv.nproc > 1 && inv.dist.worldSize > 1) {
        *error = "--nproc starts the ranks itself: give either --nproc or --rank/--world-size";
        return false;
    }
    if (inv.dist.rank >= inv.dist.worldSize) {
        *error = "--rank " + std::to_string(inv.dist.rank) + " is out of range for --world-size " +
                 std::to_string(inv.dist.worldSize) + " (0.." +
                 std::to_string(inv.dist.worldSize - 1) + ")";
        return false;
    }
    if ((inv.nproc > 1 || inv.dist.worldSize > 1) && inv.command != "train" &&
        inv.command != "resume") {
        *error = "--nproc and --world-size apply to train and resume only";
        return false;
    }
    if (inv.command == "train") {
        if (!inv.positional.empty()) {
            *error = "unexpected argument '" + inv.positional.front() + "'";
            return false;
        }
        if (std::string e = inv.config.validate(); !e.empty()) {
            const auto colon = e.find(':');
            const ConfigField* f =
                colon == std::string::npos ? nullptr : findConfigField(e.substr(0, colon));
            *error = f ? "invalid " + f->flag() + e.substr(colon) : "invalid config: " + e;
            return false;
        }
    }
    *out = inv;
    return true;
}

}  // namespace slb::cli
