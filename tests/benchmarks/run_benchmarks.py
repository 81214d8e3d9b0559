#!/usr/bin/env python3
"""Runs the benchmark suite and prints it as Markdown tables (and writes the same as JSON).

  tests/benchmarks/run_benchmarks.py [--build build] [--rounds 2] [--quick] [--json FILE]

What it measures, each in its own process so that peak RSS is per configuration:
  * the machine's float32 ceiling on the same threads (bench_suite ceiling: GEMM and convolutions
    through OpenBLAS and oneDNN, NCHW and channels-last, and a peak-FMA microkernel);
  * training images/s of the C++ trainer (bench_suite train) and of its PyTorch eager twin
    (pytorch_reference.py) for cnn and resnet20 x fp32, SLB W1/W2/W4, LSQ W2A2, batch 128: the
    median of timed windows after a warm-up; the two sides alternate their order round by round
    and each keeps its best round, so that slow drifts of a shared machine hit both alike;
  * each model's training FLOPs per image, counted from the layer shapes, and so the share of
    the ceiling each configuration reaches;
  * whole epochs of the C++ trainer on Fashion-MNIST (bench_suite epoch): wall time and the part
    after the last step (BN calibration, evaluation of W_c and W_q);
  * where a training step's time goes (bench_suite profile: LibTorch's profiler over a window of
    steps, by the trainer's phases and by op);
  * the GUI's cost: the demo preset's training images/s in slb-train against the workbench
    showing every panel (under Xvfb where it is installed, else Qt's offscreen platform), and
    every plot's replot time (bench_panels);
  * the workbench's RSS over a long session (bench_session: train, replay, overlay, in cycles).
Timings are never assertions: the "targets" lines say met or missed, and by how much.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONFIGS = ["fp32", "slb-w1", "slb-w2", "slb-w4", "lsq-w2a2"]
MODELS = ["cnn", "resnet20"]
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def run_json(cmd, what):
    """Runs one measurement; its last stdout line is JSON."""
    print(f"  {what} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(f"run_benchmarks: {what} failed (exit {done.returncode}): {' '.join(cmd)}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build", help="build folder with bench_suite")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds per configuration")
    ap.add_argument("--windows", type=int, default=5)
    ap.add_argument("--window", type=int, default=20, help="steps per timed window")
    ap.add_argument("--warmup", type=int, default=10, help="untimed steps first")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--epoch-models", default="cnn,resnet20",
                    help="models whose whole epoch is timed (empty: none)")
    ap.add_argument("--epoch-limit", type=int, default=0,
                    help="training images per timed epoch (0: all 60,000)")
    ap.add_argument("--no-profile", action="store_true", help="skip the per-phase profiles")
    ap.add_argument("--gui-images", type=int, default=25600,
                    help="training images per GUI-cost run (0: skip the GUI-cost runs)")
    ap.add_argument("--session-minutes", type=float, default=20,
                    help="length of the workbench RSS session (0: skip it)")
    ap.add_argument("--quick", action="store_true",
                    help="one round, 3 windows, cnn epochs on 12,800 images: a smoke run")
    ap.add_argument("--json", default=None, help="where to write the results (default "
                    "BUILD/benchmarks.json)")
    args = ap.parse_args()
    if args.quick:
        args.rounds, args.windows, args.epoch_models = 1, 3, "cnn"
        args.epoch_limit = args.epoch_limit or 12800
        args.gui_images = min(args.gui_images, 6400)
        args.session_minutes = min(args.session_minutes, 2)
    models = [m for m in args.models.split(",") if m]
    configs = [c for c in args.configs.split(",") if c]
    for name, allowed in ((models, MODELS), (configs, CONFIGS)):
        unknown = sorted(set(name) - set(allowed))
        if unknown:
            ap.error(f"unknown {', '.join(unknown)} (choose from {', '.join(allowed)})")
    suite = os.path.join(ROOT, args.build, "tests", "benchmarks", "bench_suite")
    if not os.access(suite, os.X_OK):
        sys.exit(f"run_benchmarks: {suite} is missing; build it first:\n"
                 f"  cmake -S . -B {args.build} -G Ninja -DSLB_BUILD_BENCHMARKS=ON && "
                 f"cmake --build {args.build} --target bench_suite")
    reference = [PYTHON, os.path.join(HERE, "pytorch_reference.py")]
    timing = ["--threads", str(args.threads), "--warmup", str(args.warmup), "--window",
              str(args.window), "--windows", str(args.windows)]

    results = {"machine": machine(), "threads": args.threads, "rounds": args.rounds,
               "windows": args.windows, "window_steps": args.window, "warmup_steps": args.warmup,
               "batch": 128}
    print("ceiling:", file=sys.stderr)
    results["ceiling"] = run_json([suite, "ceiling", "--threads", str(args.threads)], "ceiling")
    results["flops"] = {m: run_json(reference + ["--model", m, "--config", "fp32",
                                                 "--count-flops"], f"{m} FLOPs per image")
                        for m in models}
    results["train"] = []
    for model in models:
        for config in configs:
            print(f"{model} {config}:", file=sys.stderr)
            sides = {"cpp": [], "python": []}
            for r in range(args.rounds):
                order = ["cpp", "python"] if r % 2 == 0 else ["python", "cpp"]
                for side in order:
                    cmd = ([suite, "train"] if side == "cpp" else reference) + [
                        "--model", model, "--config", config] + timing
                    sides[side].append(run_json(cmd, f"round {r + 1} {side}"))
            results["train"].append({"model": model, "config": config, "runs": sides})
    results["epoch"] = []
    for model in [m for m in args.epoch_models.split(",") if m]:
        for config in configs:
            cmd = [suite, "epoch", "--model", model, "--config", config, "--threads",
                   str(args.threads), "--train-limit", str(args.epoch_limit)]
            results["epoch"].append(run_json(cmd, f"{model} {config} whole epoch"))

    if not args.no_profile:
        results["profile"] = []
        for model in models:
            for config in configs:
                cmd = [suite, "profile", "--model", model, "--config", config, "--threads",
                       str(args.threads), "--warmup", str(args.warmup), "--window",
                       str(args.window)]
                results["profile"].append(run_json(cmd, f"{model} {config} profile"))
    if args.gui_images > 0:
        results["gui"] = gui_cost(args)

    panels = os.path.join(ROOT, args.build, "tests", "benchmarks", "bench_panels")
    if os.access(panels, os.X_OK):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        results["panels"] = run_json([panels, "--points", "50000", "--layers", "20"],
                                     "panel replot times, 50,000 points, 20 layers")

    session = os.path.join(ROOT, args.build, "tests", "benchmarks", "bench_session")
    if args.session_minutes > 0 and os.access(session, os.X_OK):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        results["session"] = run_json([session, "--minutes", str(args.session_minutes)],
                                      f"workbench session, {args.session_minutes:g} minutes")

    path = args.json or os.path.join(ROOT, args.build, "benchmarks.json")
    with open(path, "w") as fh:
        json.dump(results, fh, indent=1)
    print(report(results))
    print(f"\n(raw results: {os.path.relpath(path, ROOT)})")


def gui_cost(args):
    """The demo preset trained for args.gui_images images by slb-train and by the workbench with
    every panel live, alternating over args.rounds rounds; each side keeps its best round."""
    train = os.path.join(ROOT, args.build, "app", "slb-train")
    workbench = os.path.join(ROOT, args.build, "app", "slb-workbench")
    if not (os.access(train, os.X_OK) and os.access(workbench, os.X_OK)):
        print("  (no slb-train or slb-workbench built: GUI cost skipped)", file=sys.stderr)
        return None
    with open(os.path.join(ROOT, "resources", "presets", "presets.json")) as fh:
        demo = next(p for p in json.load(fh) if p["id"] == "demo")
    overrides = {"epochs": 1, "train_limit": args.gui_images, "test_limit": 2000,
                 "threads": args.threads}
    xvfb = shutil.which("xvfb-run")
    display = "Xvfb 1600x1000" if xvfb else "Qt offscreen"
    print(f"GUI cost ({display}):", file=sys.stderr)
    sides = {"headless": [], "workbench": []}
    with tempfile.TemporaryDirectory(prefix="slb-gui-cost-") as tmp:
        for r in range(args.rounds):
            order = ["headless", "workbench"] if r % 2 == 0 else ["workbench", "headless"]
            for side in order:
                out = os.path.join(tmp, f"{side}-{r}")
                stats = out + ".json"
                if side == "headless":
                    config = dict(demo["config"], **overrides, out=out)
                    with open(out + "-config.json", "w") as fh:
                        json.dump(config, fh)
                    cmd = [train, "--config", out + "-config.json", "--summary", stats, "--quiet"]
                    env = None
                else:
                    cmd = [workbench, "--fresh", "--preset", "demo", "--start", "--stats", stats,
                           "--quit-when-done", "--set", f"out={out}"]
                    for k, v in overrides.items():
                        cmd += ["--set", f"{k}={v}"]
                    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"))
                    if xvfb:
                        cmd = [xvfb, "-a", "-s", "-screen 0 1600x1000x24"] + cmd
                        env.pop("QT_QPA_PLATFORM", None)
                    else:
                        env["QT_QPA_PLATFORM"] = "offscreen"
                print(f"  round {r + 1} {side} ...", file=sys.stderr, flush=True)
                done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
                if done.returncode != 0 or not os.path.exists(stats):
                    sys.stderr.write(done.stdout + done.stderr)
                    sys.exit(f"run_benchmarks: the {side} GUI-cost run failed: {' '.join(cmd)}")
                with open(stats) as fh:
                    j = json.load(fh)
                ips = j["images_per_s"] if side == "headless" else j["epoch_images_per_s"][-1]
                run = {"images_per_s": ips}
                if side == "workbench":
                    run.update({k: j[k] for k in ("frames", "frame_median_ms", "frame_p99_ms",
                                                  "frame_worst_ms", "gui_busy_share")})
                sides[side].append(run)
    return {"display": display, "images": args.gui_images, "preset": "demo", "runs": sides}


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "system": platform.platform()}


def best(runs):
    return max(r["median_ips"] for r in runs)


def report(res):
    out = []
    ceiling = res["ceiling"]
    top = ceiling["best_gflops"]
    out.append(f"## Benchmarks ({res['machine']['cpu']}, {res['threads']} threads, batch "
               f"{res['batch']})\n")
    out.append(f"Training images/s: median of {res['windows']} windows of {res['window_steps']} "
               f"steps after {res['warmup_steps']} warm-up steps; C++ and Python alternate over "
               f"{res['rounds']} round(s) and each side keeps its best. Ceiling: the best "
               f"measured float32 rate, {top:.0f} GFLOP/s ({ceiling['best_what']}).\n")
    out.append("| model | config | C++ img/s | Python img/s | C++ / Python | C++ vs fp32 | "
               "share of ceiling | peak RSS C++ / Python (MiB) |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    fp32 = {t["model"]: best(t["runs"]["cpp"]) for t in res["train"] if t["config"] == "fp32"}
    for t in res["train"]:
        cpp, py = best(t["runs"]["cpp"]), best(t["runs"]["python"])
        flops = res["flops"][t["model"]]["train_flops"]
        share = cpp * flops / 1e9 / top
        vs = f"{cpp / fp32[t['model']]:.2f}" if t["model"] in fp32 else "–"
        rss = (max(r["peak_rss_mib"] for r in t["runs"]["cpp"]),
               max(r["peak_rss_mib"] for r in t["runs"]["python"]))
        out.append(f"| {t['model']} | {t['config']} | {cpp:,.0f} | {py:,.0f} | {cpp / py:.2f} | "
                   f"{vs} | {100 * share:.1f} % | {rss[0]:,.0f} / {rss[1]:,.0f} |")

    if res["epoch"]:
        out.append("\nWhole epochs of the C++ trainer (calibration and evaluation of W_c and W_q "
                   "on all 10,000 test images included):\n")
        out.append("| model | config | train images | epoch s | training img/s | after the last "
                   "step s | share | test acc W_c / W_q | peak RSS (MiB) |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for e in res["epoch"]:
            out.append(f"| {e['model']} | {e['config']} | {e['train_images']:,} | "
                       f"{e['epoch_seconds']:.1f} | {e['train_ips']:,.0f} | "
                       f"{e['eval_calib_seconds']:.1f} | {100 * e['eval_calib_share']:.1f} % | "
                       f"{100 * e['test_acc_soft']:.2f} / {100 * e['test_acc_hard']:.2f} % | "
                       f"{e['peak_rss_mib']:,.0f} |")

    if res.get("profile"):
        out.extend(profile_table(res["profile"]))

    out.append("\nThe ceiling, float32 GFLOP/s (median of timed windows):\n")
    out.append("| operation | backend | layout | GFLOP/s |")
    out.append("|---|---|---|---:|")
    for e in ceiling["gemm"] + ceiling["conv"]:
        out.append(f"| {e['what']} | {e['backend']} | {e['layout']} | {e['gflops']:.1f} |")
    out.append(f"| peak FMA microkernel (AVX2, 12 chains per thread) | – | – | "
               f"{ceiling['fma_gflops']:.1f} |")
    out.append("\nTraining FLOPs per image (3 x the forward's, from the layer shapes): " +
               ", ".join(f"{m} {f['train_flops'] / 1e6:.1f} M" for m, f in res["flops"].items()))
    if "panels" in res:
        p = res["panels"]
        out.append(f"\nGUI: every plot's replot (QCustomPlot replotTime, median and worst of "
                   f"repeated immediate replots) with {p['points']:,} steps per curve and "
                   f"{p['layers']} layers, in a 1600x1000 window; 'update' is what the panel's "
                   "live redraw does besides replotting:\n")
        out.append("| panel | plot | replot median ms | worst ms | update median ms |")
        out.append("|---|---|---:|---:|---:|")
        for e in p["panels"]:
            update = e.get("update_median_ms")
            out.append(f"| {e['panel']} | {e['plot']} | {e['replot_median_ms']:.1f} | "
                       f"{e['replot_max_ms']:.1f} | "
                       f"{'–' if update is None else f'{update:.1f}'} |")
    if res.get("gui"):
        g = res["gui"]
        head = max(r["images_per_s"] for r in g["runs"]["headless"])
        wb = max(r["images_per_s"] for r in g["runs"]["workbench"])
        frames = g["runs"]["workbench"][-1]
        out.append(f"\nGUI cost: the demo preset (cnn, SLB W2, snapshots every 25 steps) on "
                   f"{g['images']:,} training images, best of {len(g['runs']['headless'])} "
                   f"alternating runs each; the workbench shows every panel ({g['display']}):\n")
        out.append("| | training img/s | ratio | GUI thread busy | events handled | "
                   "event median / p99 / worst ms |")
        out.append("|---|---:|---:|---:|---:|---:|")
        out.append(f"| slb-train (headless) | {head:,.0f} | 1.00 | – | – | – |")
        out.append(f"| slb-workbench | {wb:,.0f} | {wb / head:.2f} | "
                   f"{100 * frames.get('gui_busy_share', 0):.1f} % | {frames['frames']:,.0f} | "
                   f"{frames['frame_median_ms']:.2f} / {frames['frame_p99_ms']:.1f} / "
                   f"{frames['frame_worst_ms']:.1f} |")
        out.append("\n(GUI thread busy: the share of the run's wall time the GUI thread spent "
                   "handling events; each event is timed from its start to its end, so the "
                   "worst is the longest a click would have waited.)")
    if res.get("session"):
        s = res["session"]
        out.append(f"\nWorkbench session: {s['cycles']} cycles in {s['minutes']:.1f} minutes of "
                   f"training the demo preset on {s['images_per_run']:,} images, replaying the "
                   "run before, overlaying the last runs; RSS after the second cycle "
                   f"{s['rss_baseline_mib']:.0f} MiB, at the end {s['rss_end_mib']:.0f} MiB "
                   f"(peak {s['rss_peak_mib']:.0f}): growth {s['growth_mib']:.1f} MiB, trend "
                   f"{s['trend_mib_per_hour']:.1f} MiB per hour.")
    out.append("\nTargets:")
    out.extend(targets(res, fp32, top))
    return "\n".join(out)


PHASES = [("data", ["data"]), ("forward", ["forward", "forward (capturing a snapshot)"]),
          ("loss", ["loss"]), ("backward", ["backward"]), ("optimizer", ["optimizer"]),
          ("BN of the other network", ["forward (other network's BN statistics)"]),
          ("metrics, observers, snapshot", ["metrics and observers", "snapshot"])]


def profile_table(profiles):
    out = ["\nWhere a training step's time goes: LibTorch's profiler over "
           f"{profiles[0]['steps']} steps after the warm-up, ms per step of 128 images (the "
           "profiler itself adds a little), by the trainer's phases, and the three ops with the "
           "most self time:\n",
           "| model | config | step ms | " + " | ".join(name for name, _ in PHASES) +
           " | top ops, self ms per step |",
           "|---|---|---:|" + "---:|" * len(PHASES) + "---|"]
    for p in profiles:
        ph = p["phases_ms_per_step"]
        cells = [sum(ph.get(k, 0.0) for k in keys) for _, keys in PHASES]
        ops = "; ".join(f"{short(o['op'])} {o['self_ms_per_step']:.0f}" for o in p["top_ops"][:3])
        out.append(f"| {p['model']} | {p['config']} | {p['step_ms']:.0f} | " +
                   " | ".join(f"{c:.1f}" for c in cells) + f" | {ops} |")
    return out


def short(op):
    """aten::convolution_backward -> convolution_backward; our autograd nodes by their name."""
    if "LsqFn" in op:
        return "LSQ kernel backward"
    if "Slb" in op and "CppNode" in op:
        return "SLB kernel backward"
    return op.split("::")[-1]


def targets(res, fp32, top):
    lines = []

    def verdict(ok, text):
        lines.append(f"- {'met' if ok else 'MISSED'}: {text}")

    for t in res["train"]:
        cpp, py = best(t["runs"]["cpp"]), best(t["runs"]["python"])
        want = 1.3 if t["config"] == "fp32" else 1.5
        verdict(cpp / py >= want, f"{t['model']} {t['config']}: C++ / Python {cpp / py:.2f} "
                f"(target >= {want})")
        if t["config"] != "fp32" and t["model"] in fp32:
            allowed = 0.15 if t["config"].startswith("lsq") else 0.10
            ratio = cpp / fp32[t["model"]]
            verdict(ratio >= 1 - allowed, f"{t['model']} {t['config']}: {100 * ratio:.0f} % of "
                    f"fp32's images/s (target >= {100 * (1 - allowed):.0f} %)")
    if "resnet20" in fp32:
        share = fp32["resnet20"] * res["flops"]["resnet20"]["train_flops"] / 1e9 / top
        verdict(share >= 0.7, f"resnet20 fp32 at {100 * share:.1f} % of the ceiling (target >= "
                "70 %)")
    if res.get("gui"):
        g = res["gui"]["runs"]
        ratio = (max(r["images_per_s"] for r in g["workbench"]) /
                 max(r["images_per_s"] for r in g["headless"]))
        verdict(ratio >= 0.95, f"GUI-attached at {ratio:.2f} x headless images/s (target >= 0.95)")
    rn = [r["peak_rss_mib"] for t in res["train"] if t["model"] == "resnet20"
          for r in t["runs"]["cpp"]] + [e["peak_rss_mib"] for e in res["epoch"]
                                        if e["model"] == "resnet20"]
    if rn:
        verdict(max(rn) <= 1536, f"resnet20 training peak RSS {max(rn):,.0f} MiB at most "
                "(target <= 1,536 MiB)")
    if res.get("session"):
        s = res["session"]
        verdict(s["growth_mib"] <= 50, f"workbench RSS growth {s['growth_mib']:.1f} MiB over "
                f"{s['minutes']:.1f} minutes (target <= 50 MiB over 20)")
    for e in res.get("panels", {}).get("panels", []):
        verdict(e["replot_median_ms"] <= 15, f"panel {e['panel']} / {e['plot']}: median replot "
                f"{e['replot_median_ms']:.1f} ms (target <= 15 ms)")
    for e in res["epoch"]:
        if e["train_images"] >= 60000:
            verdict(e["eval_calib_share"] <= 0.15, f"{e['model']} {e['config']}: calibration and "
                    f"evaluation {100 * e['eval_calib_share']:.1f} % of the epoch (target <= 15 %)")
    return lines


if __name__ == "__main__":
    main()
