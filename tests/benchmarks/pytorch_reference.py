#!/usr/bin/env python3
"""PyTorch eager-mode twin of the C++ trainer's per-step work: the images/s baseline.

Written the way a researcher would write it: plain nn.Modules, NCHW tensors, SLB weights as
softmax(theta / tau) * values summed over the value axis, LSQ with the paper's gradscale and
roundpass helpers (Esser et al., ICLR 2020, Appendix B), torch.optim.SGD. No torch.jit, no custom
kernels. It does the work one step of the C++ trainer does with its default RunConfig
(core/base/config.h, config.cpp), so `images/s` of the two sides compare like for like.

Mirrored (C++ source in brackets):
  * Models [core/models/smallnets.cpp, resnets.cpp]: cnn (3x conv3x3 32/64/128 + BN + ReLU,
    max-pool after the first two, global mean, fc) and resnet20 (16/32/64, 3 blocks per stage,
    1x1 conv + BN shortcut where the shape changes), 1x28x28 input, 10 classes. Convs have no
    bias, the fc has one.
  * Which layers are quantized [core/models/layerfactory.cpp, RunConfig::resolvedFirstLayer]:
      fp32      every layer float, nn.BatchNorm2d.
      slb-wB    first conv and fc float ("auto" edge policy = float for SLB), every other conv
                (1x1 shortcuts included) an SLB conv over V = {-1,+1} (B = 1) or
                linspace(-1, 1, 2^B); activations stay float (abits = 32); every BN is a state BN.
      lsq-w2a2  "auto" edges = 8 bit: first conv W8 with a *signed* A8 input quantizer, fc W8 with
                an unsigned A8 one; hidden convs W2 (signed) / A2 (unsigned); plain BN.
  * SLB [core/quant/slbweight.cpp]: theta of shape weight + [m], He-normal with fan Cout*k*k*m.
    The C++ computes softmax(A * T) with an *inverse* temperature T = 1000^(it/(total-1)) (exp
    schedule per iteration, config.cpp:27); here tau = 1/T, the same numbers.
  * State BN [core/quant/statebatchnorm.cpp]: one gamma/beta, two sets of running statistics. With
    bnMode = Calibration a training step runs ONE ordinary batch norm that updates the continuous
    set (momentum 0.1); the discrete set is filled by a calibration pass at the end of each epoch,
    which is not per-step work (and not reached by a benchmark this short).
  * LSQ [core/quant/lsq.cpp]: step init 2*mean|v|/sqrt(Qp) (weights at construction,
    activations from the first training batch), grad scale 1/sqrt(N*Qp) with N = numel for
    weights and numel/batch (features per sample) for activations; after every optimizer step
    the steps are clamped to >= 1e-8 (QuantControl::constrain, core/quant/quantstate.cpp).
  * Optimiser [core/train/optim.cpp]: SGD momentum 0.9, four groups in the C++ order:
    weights (dim > 1) with weight decay 5e-4, SLB theta, norms/biases and LSQ steps without.
  * Step [core/train/trainer.cpp, Trainer::Impl::trainEpoch]: set lr (cosine per iteration over
    5 epochs, base 0.1, lrschedule.cpp) on every group and the temperature on every SLB layer,
    forward, cross-entropy, loss.item() (+ finiteness check), grads set to None, backward, step,
    constrain, then the argmax accuracy count with .item(). Batches are the next slice of a
    per-epoch random permutation, last partial batch kept (the C++ loader has dropLast = false).

Deliberate differences:
  * Layer snapshots (every 50 steps in the C++, snapshotEvery) are skipped, and with them the
    C++'s switch of LSQ to its composite (non-fused) path on those steps.
  * NCHW here; the C++ defaults to channels-last (RunConfig::channelsLast). That, its fused SLB
    and LSQ kernels (and tanh for 1-bit SLB) and its process tuning (glibc malloc thresholds,
    OpenBLAS forced to 1 thread: core/train/runtimetuning.cpp) are what the comparison measures.
    Set OPENBLAS_NUM_THREADS=1 in the environment to remove the BLAS difference.
  * The whole training set is held normalised as float32 (188 MB); the C++ keeps uint8 and
    normalises each batch in a prefetching thread. peak_rss_mib includes that copy.
  * LSQ clips with torch.clamp as the paper does (gradient on the closed interval); the C++ passes
    it on the open interval. Same cost, different only for values exactly on a clip point.
  * No per-epoch calibration / evaluation (not per-step work).

Output: one line of JSON on stdout; everything else on stderr.
"""
import argparse
import gzip
import json
import math
import os
import resource
import statistics
import sys
import time

try:
    import torch
except ImportError:
    # `python3` may be a pyenv/venv interpreter without Debian's python3-torch.
    if (os.path.exists("/usr/bin/python3") and not os.environ.get("SLB_REF_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3")):
        print(f"note: no torch in {sys.executable}; re-running under /usr/bin/python3",
              file=sys.stderr)
        os.environ["SLB_REF_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("error: PyTorch is not importable (install python3-torch)")
import numpy as np
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {  # name -> (method, wbits, abits)
    "fp32": ("fp", 32, 32),
    "slb-w1": ("slb", 1, 32),
    "slb-w2": ("slb", 2, 32),
    "slb-w4": ("slb", 4, 32),
    "lsq-w2a2": ("lsq", 2, 2),
}
MODELS = ("cnn", "resnet20")
EPOCHS, BASE_LR, MOMENTUM, WEIGHT_DECAY = 5, 0.1, 0.9, 5e-4  # RunConfig defaults
T_START, T_END = 1.0, 1000.0  # inverse temperature, exp schedule per iteration
EDGE_BITS = 8
FASHION_MEAN, FASHION_STD = 0.2860, 0.3530  # core/data/dataset.cpp


# ---------------------------------------------------------------------------------------- SLB
class SlbConv2d(nn.Module):
    """Conv2d whose weight is the expectation of a softmax over the value set V."""

    def __init__(self, cin, cout, k, stride=1, padding=0, bits=2):
        super().__init__()
        values = torch.tensor([-1.0, 1.0]) if bits == 1 else torch.linspace(-1, 1, 2 ** bits)
        self.register_buffer("values", values)
        m = values.numel()
        std = math.sqrt(2.0 / (cout * k * k * m))  # He-normal, Golden Stick's fan
        self.theta = nn.Parameter(torch.randn(cout, cin, k, k, m) * std)
        self.stride, self.padding = stride, padding
        self.tau = 1.0  # set every step by the schedule

    def forward(self, x):
        w = (torch.softmax(self.theta / self.tau, dim=-1) * self.values).sum(-1)
        return F.conv2d(x, w, None, self.stride, self.padding)


class StateBatchNorm2d(nn.Module):
    """SLB's state BN: shared gamma/beta, running statistics for W_c and for W_q.

    Training (calibration mode) normalises with batch statistics and updates the W_c set only.
    """

    def __init__(self, n, eps=1e-5, momentum=0.1):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n))
        for name, init in (("running_mean", torch.zeros), ("running_var", torch.ones),
                           ("running_mean_q", torch.zeros), ("running_var_q", torch.ones)):
            self.register_buffer(name, init(n))
        self.eps, self.momentum = eps, momentum

    def forward(self, x):
        mean, var = ((self.running_mean, self.running_var) if self.training
                     else (self.running_mean_q, self.running_var_q))
        return F.batch_norm(x, mean, var, self.weight, self.bias, self.training,
                            self.momentum, self.eps)


# ---------------------------------------------------------------------------------------- LSQ
def grad_scale(x, scale):
    y_out, y_grad = x, x * scale
    return (y_out - y_grad).detach() + y_grad


def round_pass(x):
    y_out, y_grad = x.round(), x
    return (y_out - y_grad).detach() + y_grad


class LsqQuantizer(nn.Module):
    def __init__(self, bits, signed, activation):
        super().__init__()
        self.qn = 2 ** (bits - 1) if signed else 0
        self.qp = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1
        self.activation = activation
        self.step = nn.Parameter(torch.ones(1))
        self.initialized = False

    @torch.no_grad()
    def init_step(self, v):
        self.step.copy_((2 * v.abs().mean() / math.sqrt(self.qp)).clamp_min(1e-8))
        self.initialized = True

    def forward(self, v):
        if not self.initialized:
            self.init_step(v)
        n = v[0].numel() if self.activation else v.numel()
        s = grad_scale(self.step, 1.0 / math.sqrt(n * self.qp))
        v = torch.clamp(v / s, -self.qn, self.qp)
        return round_pass(v) * s

    @torch.no_grad()
    def constrain(self):
        self.step.clamp_min_(1e-8)


class LsqConv2d(nn.Conv2d):
    def __init__(self, cin, cout, k, stride, padding, wbits, abits, act_signed):
        super().__init__(cin, cout, k, stride, padding, bias=False)
        self.wq = LsqQuantizer(wbits, signed=True, activation=False)
        self.wq.init_step(self.weight)
        self.aq = LsqQuantizer(abits, signed=act_signed, activation=True)

    def forward(self, x):
        return self._conv_forward(self.aq(x), self.wq(self.weight), None)


class LsqLinear(nn.Linear):
    def __init__(self, cin, cout, wbits, abits):
        super().__init__(cin, cout)
        self.wq = LsqQuantizer(wbits, signed=True, activation=False)
        self.wq.init_step(self.weight)
        self.aq = LsqQuantizer(abits, signed=False, activation=True)

    def forward(self, x):
        return F.linear(self.aq(x), self.wq(self.weight), self.bias)


# ---------------------------------------------------------------------------------------- models
class Layers:
    """LayerFactory: float / SLB / LSQ layers, edges by the method's "auto" policy."""

    def __init__(self, method, wbits, abits):
        self.method, self.wbits, self.abits = method, wbits, abits

    def _edge_bits(self, role):  # None: float layer
        if self.method == "fp" or (role != "hidden" and self.method == "slb"):
            return None
        return EDGE_BITS if role != "hidden" else self.wbits

    def conv(self, cin, cout, k, stride, padding, role="hidden"):
        bits = self._edge_bits(role)
        if bits is None:
            return nn.Conv2d(cin, cout, k, stride, padding, bias=False)
        if self.method == "lsq":
            abits = EDGE_BITS if role != "hidden" else self.abits
            return LsqConv2d(cin, cout, k, stride, padding, bits, abits, act_signed=role == "first")
        return SlbConv2d(cin, cout, k, stride, padding, bits)

    def linear(self, cin, cout, role="last"):
        bits = self._edge_bits(role)
        if bits is None:
            return nn.Linear(cin, cout)
        assert self.method == "lsq", "SLB keeps its last layer float by default"
        return LsqLinear(cin, cout, bits, EDGE_BITS if role != "hidden" else self.abits)

    def norm(self, n):
        return StateBatchNorm2d(n) if self.method == "slb" else nn.BatchNorm2d(n)


class Cnn(nn.Module):
    def __init__(self, f, cin=1, classes=10):
        super().__init__()
        self.conv1, self.bn1 = f.conv(cin, 32, 3, 1, 1, role="first"), f.norm(32)
        self.conv2, self.bn2 = f.conv(32, 64, 3, 1, 1), f.norm(64)
        self.conv3, self.bn3 = f.conv(64, 128, 3, 1, 1), f.norm(128)
        self.fc = f.linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.relu(self.bn3(self.conv3(x)))
        return self.fc(x.mean((2, 3)))


class BasicBlock(nn.Module):
    def __init__(self, f, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = f.conv(cin, cout, 3, stride, 1), f.norm(cout)
        self.conv2, self.bn2 = f.conv(cout, cout, 3, 1, 1), f.norm(cout)
        self.has_down = stride != 1 or cin != cout
        if self.has_down:
            self.down_conv, self.down_bn = f.conv(cin, cout, 1, stride, 0), f.norm(cout)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        shortcut = self.down_bn(self.down_conv(x)) if self.has_down else x
        return F.relu(y + shortcut)


class ResNet20(nn.Module):
    def __init__(self, f, cin=1, classes=10):
        super().__init__()
        self.conv1, self.bn1 = f.conv(cin, 16, 3, 1, 1, role="first"), f.norm(16)

        def stage(cin, cout, stride):
            return nn.Sequential(*[BasicBlock(f, cin if i == 0 else cout, cout,
                                              stride if i == 0 else 1) for i in range(3)])

        self.layer1, self.layer2, self.layer3 = stage(16, 16, 1), stage(16, 32, 2), stage(32, 64, 2)
        self.fc = f.linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(x.mean((2, 3)))


# ---------------------------------------------------------------------------------------- data
def read_idx(folder, base):
    """An IDX file, raw if present, else .gz (as core/data/dataset.cpp looks for them)."""
    for name, opener in ((base, open), (base + ".gz", gzip.open)):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with opener(path, "rb") as fh:
                raw = fh.read()
            ndim = raw[3]
            dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
            return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)
    return None


def load_fashion_mnist(folder):
    images = read_idx(folder, "train-images-idx3-ubyte")
    labels = read_idx(folder, "train-labels-idx1-ubyte")
    if images is None or labels is None:
        return None
    x = torch.from_numpy(images.astype(np.float32)).div_(255).sub_(FASHION_MEAN).div_(FASHION_STD)
    return x.unsqueeze(1).contiguous(), torch.from_numpy(labels.astype(np.int64))


def batches(x, y, batch):
    """Endless batches: a fresh random permutation per epoch, last partial batch kept."""
    n = x.size(0)
    while True:
        order = torch.randperm(n)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            yield x.index_select(0, idx), y.index_select(0, idx)


# ---------------------------------------------------------------------------------------- training
def make_optimizer(model):
    groups = {"weights": [], "aux": [], "norm": [], "steps": []}  # core/train/optim.cpp order
    for name, p in model.named_parameters():
        if name.endswith("theta"):
            groups["aux"].append(p)
        elif name.endswith(".step"):
            groups["steps"].append(p)
        elif p.dim() <= 1:
            groups["norm"].append(p)
        else:
            groups["weights"].append(p)
    return torch.optim.SGD([{"params": ps, "weight_decay": WEIGHT_DECAY if k == "weights" else 0.0}
                            for k, ps in groups.items() if ps], lr=BASE_LR, momentum=MOMENTUM)


def count_flops(model):
    """Multiply-adds of every conv and linear layer for one 1x28x28 image, from the layer shapes
    and the output sizes a forward pass hooks; a training step does about three times the
    forward's work (forward, gradient of the input, gradient of the weights)."""
    macs = []

    def hook(module, inputs, output):
        kernel = getattr(module, "theta", None)
        kernel = module.weight if kernel is None else kernel
        per_output = math.prod(kernel.shape[1:4]) if output.dim() == 4 else kernel.shape[1]
        macs.append(output[0].numel() * per_output)

    kinds = (nn.Conv2d, nn.Linear, SlbConv2d)
    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, kinds)]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 1, 28, 28))
    model.train()
    for h in handles:
        h.remove()
    forward = 2 * sum(macs)
    return {"layers": len(macs), "forward_flops": forward, "train_flops": 3 * forward}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, choices=MODELS)
    ap.add_argument("--config", required=True, choices=sorted(CONFIGS))
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--window", type=int, default=20)
    ap.add_argument("--windows", type=int, default=5)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count-flops", action="store_true",
                    help="print the model's float operations per image instead of training")
    ap.add_argument("--log-every", type=int, default=0,
                    help="print the loss to stderr every N steps (0: never)")
    args = ap.parse_args()
    if min(args.batch, args.threads, args.window, args.windows) < 1 or args.warmup < 0:
        ap.error("--batch, --threads, --window and --windows must be >= 1, --warmup >= 0")

    try:
        torch.set_num_interop_threads(1)
    except RuntimeError as e:
        print(f"note: set_num_interop_threads(1) refused: {e}", file=sys.stderr)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    data = load_fashion_mnist(args.data)
    source = "fashion-mnist"
    if data is None:
        print(f"note: no Fashion-MNIST training files in {args.data}; using random data",
              file=sys.stderr)
        source = "synthetic"
        data = torch.randn(60000, 1, 28, 28), torch.randint(0, 10, (60000,))
    x_all, y_all = data

    method, wbits, abits = CONFIGS[args.config]
    layers = Layers(method, wbits, abits)
    model = (Cnn if args.model == "cnn" else ResNet20)(layers)
    model.train()
    optimizer = make_optimizer(model)
    slb_layers = [m for m in model.modules() if isinstance(m, SlbConv2d)]
    lsq_quantizers = [m for m in model.modules() if isinstance(m, LsqQuantizer)]
    print(f"{args.model} {args.config}: {sum(p.numel() for p in model.parameters())} parameters, "
          f"{len(slb_layers)} SLB convs, {len(lsq_quantizers)} LSQ quantizers, "
          f"{torch.get_num_threads()} threads", file=sys.stderr)

    if args.count_flops:
        print(json.dumps({"side": "python", "what": "flops", "model": args.model,
                          "config": args.config, **count_flops(model)}))
        return

    steps_per_epoch = math.ceil(x_all.size(0) / args.batch)
    total_steps = EPOCHS * steps_per_epoch
    stream = batches(x_all, y_all, args.batch)
    step = 0
    loss_value = float("nan")

    def train_step():
        nonlocal step, loss_value
        x, y = next(stream)
        # Schedules, every step (trainer.cpp applySchedules): cosine lr, exp inverse temperature.
        lr = 0.5 * BASE_LR * (1 + math.cos(math.pi * min(1.0, step / steps_per_epoch / EPOCHS)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        tau = 1.0 / (T_START * (T_END / T_START) ** min(1.0, step / (total_steps - 1)))
        for m in slb_layers:
            m.tau = tau
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            sys.exit(f"error: diverged at step {step}: loss is {loss_value}")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        for q in lsq_quantizers:
            q.constrain()
        correct = logits.detach().argmax(1).eq(y).sum().item()
        # The C++ takes layer snapshots every 50 steps here; skipped (see the docstring).
        if args.log_every and step % args.log_every == 0:
            print(f"step {step:4d} loss {loss_value:.4f} acc {correct / y.size(0):.3f} "
                  f"lr {lr:.4f} tau {tau:.4g}", file=sys.stderr)
        step += 1
        return y.size(0)

    for _ in range(args.warmup):
        train_step()
    window_ips = []
    for _ in range(args.windows):
        images = 0
        start = time.perf_counter()
        for _ in range(args.window):
            images += train_step()
        window_ips.append(images / (time.perf_counter() - start))

    print(json.dumps({
        "side": "python", "model": args.model, "config": args.config, "batch": args.batch,
        "threads": args.threads, "data": source,
        "window_ips": [round(v, 2) for v in window_ips],
        "median_ips": round(statistics.median(window_ips), 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "torch": torch.__version__, "final_loss": loss_value,
    }))


if __name__ == "__main__":
    main()
