"""Benchmark: the same MLP trained on the 8x8 digits by nnlib, scikit-learn, PyTorch and a bare NumPy floor.

Method. The 1797 digits of ``data.load_digits`` are split once, 80/20, by ``data.train_test_split`` with
``numpy.random.default_rng(seed)``. Every implementation trains the same network, 64-128-64-10 (ReLU,
ReLU, softmax + cross-entropy), with Adam (lr, betas 0.9/0.999, eps 1e-8), minibatches of 64 reshuffled
every epoch, no regularization, for the same fixed number of epochs, in float64:

* ``nnlib MLP.fit`` -- the reference ``MLP.fit``, which also evaluates loss and accuracy on the whole
  training set after every epoch (for the book's learning curves);
* ``nnlib training loop`` -- ``MLP.train_step`` over ``data.minibatches``: the work scikit-learn does;
* ``scikit-learn MLPClassifier`` -- solver "adam", alpha=0, tol=0, no early stopping, n_iter_no_change
  larger than the epochs, so it runs exactly ``epochs`` epochs (its ConvergenceWarning is silenced);
* ``PyTorch`` (optional) -- ``nn.Sequential`` of Linear/ReLU, ``CrossEntropyLoss``, ``torch.optim.Adam``,
  float64 parameters and data (to match the others), the same minibatch indices as the NumPy floor;
* ``NumPy matmul floor`` -- only the matrix products of the same minibatches and epochs, per layer
  ``Z = W @ A`` forward, ``dW = dZ @ A.T`` and ``dA_prev = W.T @ dZ`` backward (``W.T @ dZ`` for every
  layer, as the reference computes it), with nothing else: no bias, activation, loss, optimizer or
  batch gathering (the minibatches are gathered before the clock starts). Any NumPy implementation of
  this network stands on these products.

Each implementation is run once as a warm-up (not timed), then ``--runs`` times, interleaved (run 1 of
every implementation, then run 2, ...) so that a slow moment of the machine hits all of them alike.
Run ``r`` seeds the weights and the shuffling with ``seed + r``. The clock (``time.perf_counter``)
covers training from scratch, as ``MLPClassifier.fit`` does: the model is built (weights drawn) and,
for nnlib, the labels one-hot encoded inside the clock, like scikit-learn's weight initialization and
label binarization inside ``fit``. Only the row-major copies of the data for scikit-learn and PyTorch,
PyTorch's index tensors and the floor's gathered batches are made before it; the test accuracy is
computed after it. The table gives the median and the minimum time, the ratios of the medians to
scikit-learn's and to the floor's, and the median test accuracy. Each library keeps its own weight
initialization (nnlib: He normal; scikit-learn: Glorot uniform; PyTorch: its Linear default), so the
accuracies differ a little for that reason too.

Threads: BLAS/OpenMP pools are limited with ``threadpoolctl.threadpool_limits(--threads)`` (default 1)
and PyTorch with ``torch.set_num_threads(--threads)``. The method lines print the BLAS libraries in
use and the ``OPENBLAS_*`` variables of the environment, which this script reports but never changes.

Usage (from the repository root)::

    .venv/bin/python bench/train_digits.py [--runs 5] [--epochs 30] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from solutions.nnlib import data, network, optimizers  # noqa: E402

HIDDEN = (128, 64)
N_CLASSES = 10
TORCH_PIN = "torch==2.13.0"


# ----------------------------------------------------------------------------- data


def load_split(seed):
    """The fixed 80/20 split of the digits: ``(X_train, X_test, y_train, y_test)``, column-major."""
    X, y = data.load_digits()
    return data.train_test_split(X, y, 0.2, np.random.default_rng(seed))


def epoch_batches(m, batch_size, epochs, seed):
    """Minibatch index arrays for every epoch: one ``rng.permutation(m)`` per epoch, cut in order."""
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        perm = rng.permutation(m)
        batches.append([perm[i : i + batch_size] for i in range(0, m, batch_size)])
    return batches


# ----------------------------------------------------------------------------- implementations
# Each ``prepare_*`` does the untimed set-up and returns ``train``, a function of no argument that
# trains from scratch and returns ``score``, which computes the test accuracy after the clock stops.


def _nnlib_model(split, lr, seed):
    n_x = split[0].shape[0]
    return network.MLP(
        [n_x, *HIDDEN, N_CLASSES],
        ["relu"] * len(HIDDEN) + ["softmax"],
        init="he",
        optimizer=optimizers.Adam(lr=lr),
        rng=np.random.default_rng(seed),
    )


def prepare_nnlib_fit(split, args, seed):
    X_train, X_test, y_train, y_test = split

    def train():
        model = _nnlib_model(split, args.lr, seed)  # weights drawn inside the clock, as in sklearn's fit
        model.fit(X_train, y_train, epochs=args.epochs, batch_size=args.batch_size)
        return lambda: model.accuracy(X_test, y_test)

    return train


def prepare_nnlib_loop(split, args, seed):
    X_train, X_test, y_train, y_test = split

    def train():
        model = _nnlib_model(split, args.lr, seed)
        Y_train = data.one_hot(y_train, N_CLASSES)  # inside the clock, like sklearn's label binarizer
        for _ in range(args.epochs):
            for Xb, Yb in data.minibatches(X_train, Y_train, args.batch_size, model.rng):
                model.train_step(Xb, Yb)
        return lambda: model.accuracy(X_test, y_test)

    return train


def prepare_sklearn(split, args, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train, X_test, y_train, y_test = split
    Xr_train, Xr_test = np.ascontiguousarray(X_train.T), np.ascontiguousarray(X_test.T)
    clf = MLPClassifier(
        hidden_layer_sizes=HIDDEN,
        activation="relu",
        solver="adam",
        alpha=0.0,
        batch_size=args.batch_size,
        learning_rate_init=args.lr,
        max_iter=args.epochs,
        tol=0.0,
        n_iter_no_change=args.epochs + 1,
        early_stopping=False,
        shuffle=True,
        random_state=seed,
    )

    def train():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(Xr_train, y_train)
        return lambda: float(np.mean(clf.predict(Xr_test) == y_test))

    return train


def prepare_torch(split, args, seed):
    import torch

    X_train, X_test, y_train, y_test = split
    dims = [X_train.shape[0], *HIDDEN, N_CLASSES]
    Xt = torch.from_numpy(np.ascontiguousarray(X_train.T))
    yt = torch.from_numpy(y_train)
    Xt_test = torch.from_numpy(np.ascontiguousarray(X_test.T))
    batches = [
        [torch.from_numpy(idx) for idx in epoch]
        for epoch in epoch_batches(X_train.shape[1], args.batch_size, args.epochs, seed)
    ]

    def train():
        torch.manual_seed(seed)
        layers = []
        for n_in, n_out in zip(dims[:-1], dims[1:]):
            layers += [torch.nn.Linear(n_in, n_out, dtype=torch.float64), torch.nn.ReLU()]
        model = torch.nn.Sequential(*layers[:-1])
        loss_fn = torch.nn.CrossEntropyLoss()
        opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
        for epoch in batches:
            for idx in epoch:
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(Xt[idx]), yt[idx])
                loss.backward()
                opt.step()

        def score():
            with torch.no_grad():
                pred = model(Xt_test).argmax(dim=1).numpy()
            return float(np.mean(pred == y_test))

        return score

    return train


def prepare_floor(split, args, seed):
    X_train = split[0]
    dims = [X_train.shape[0], *HIDDEN, N_CLASSES]
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in) for n_in, n_out in zip(dims[:-1], dims[1:])]
    batches = [
        [np.ascontiguousarray(X_train[:, idx]) for idx in epoch]
        for epoch in epoch_batches(X_train.shape[1], args.batch_size, args.epochs, seed)
    ]

    def train():
        for epoch in batches:
            for Xb in epoch:
                As = [Xb]
                for W in Ws:  # forward: Z = W @ A (the Z stand in for the activations and for dZ)
                    As.append(W @ As[-1])
                dZ = As[-1]
                for l in range(len(Ws) - 1, -1, -1):  # backward: dW = dZ A_prev^T, dA_prev = W^T dZ
                    dW = dZ @ As[l].T  # noqa: F841 (the product is the work being timed)
                    dZ = Ws[l].T @ dZ
        return None

    return train


# ----------------------------------------------------------------------------- running


def torch_status():
    """``(available, version or install hint)``."""
    try:
        import torch
    except ImportError:
        return False, f"not installed: pip install {TORCH_PIN}"
    return True, torch.__version__


def implementations(with_torch):
    rows = [
        ("nnlib MLP.fit (incl. per-epoch evaluation)", prepare_nnlib_fit),
        ("nnlib training loop (train_step over data.minibatches: the work sklearn does)", prepare_nnlib_loop),
        ("scikit-learn MLPClassifier", prepare_sklearn),
    ]
    if with_torch:
        rows.append(("PyTorch (CPU, float64)", prepare_torch))
    rows.append(("NumPy matmul floor", prepare_floor))
    return rows


def time_once(prepare, split, args, seed):
    """Prepare (untimed), train (timed), score (untimed): ``(seconds, test accuracy or None)``."""
    train = prepare(split, args, seed)
    start = time.perf_counter()
    score = train()
    seconds = time.perf_counter() - start
    return seconds, (score() if score is not None else None)


def run_all(split, args, impls):
    """Warm-up, then ``args.runs`` interleaved runs: ``{name: (times, accuracies)}``."""
    for _, prepare in impls:
        time_once(prepare, split, args, args.seed)
    results = {name: ([], []) for name, _ in impls}
    for r in range(1, args.runs + 1):
        for name, prepare in impls:
            seconds, acc = time_once(prepare, split, args, args.seed + r)
            results[name][0].append(seconds)
            if acc is not None:
                results[name][1].append(acc)
            if args.verbose:
                print(f"  run {r} {name[:40]:40s} {seconds:8.4f} s  acc {acc}", file=sys.stderr)
    return results


# ----------------------------------------------------------------------------- report


def _short_path(filepath):
    """The library's path below ``site-packages`` (``numpy.libs/libscipy_openblas64_....so``): whose it is."""
    parts = Path(filepath).parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    return filepath


def _cpu_name():
    """The CPU model from /proc/cpuinfo (Linux), else ``platform.processor()``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def blas_lines():
    from threadpoolctl import threadpool_info

    lines = []
    for info in threadpool_info():
        name = " ".join(str(info[k]) for k in ("internal_api", "version") if info.get(k))
        detail = info.get("architecture") or info.get("threading_layer")
        lines.append(
            f"    {info.get('user_api')}: {name}{f' ({detail})' if detail else ''}, "
            f"{info.get('num_threads')} thread(s), {_short_path(info.get('filepath', ''))}"
        )
    return lines


def _load():
    """The 1-minute load average (other work on the machine skews every timing), or "n/a"."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "n/a"


def method_lines(args, split, torch_info):
    import sklearn

    X_train, X_test = split[0], split[1]
    env = ", ".join(f"{k}={os.environ.get(k, '(unset)')}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    steps = -(-X_train.shape[1] // args.batch_size) * args.epochs
    return [
        "Method",
        f"  data: 8x8 digits, fixed 80/20 split (seed {args.seed}): {X_train.shape[1]} training, "
        f"{X_test.shape[1]} test examples",
        f"  network: {X_train.shape[0]}-{'-'.join(map(str, HIDDEN))}-{N_CLASSES}, ReLU, softmax + cross-entropy, "
        f"float64; Adam lr={args.lr}, batch {args.batch_size}, {args.epochs} epochs ({steps} steps), no regularization",
        f"  runs: 1 warm-up (not timed) + {args.runs} timed, interleaved; seeds {args.seed + 1}..{args.seed + args.runs}; "
        "clock around training from scratch (model built, labels encoded, all epochs)",
        "  floor: only W@A, dZ@A.T and W.T@dZ per layer of the same batches and epochs (batches pre-gathered)",
        f"  threads: {args.threads} (threadpoolctl.threadpool_limits and torch.set_num_threads); "
        f"machine: {os.cpu_count()} logical CPU(s), {_cpu_name()}, {platform.machine()}",
        f"  environment: {env} (reported, not changed); load average before the runs: {_load()}",
        "  BLAS / OpenMP in use (threadpoolctl, inside the limit):",
        *blas_lines(),
        f"  versions: Python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"torch {torch_info}",
    ]


def table_lines(results, impls, torch_info, with_torch):
    sk = statistics.median(results["scikit-learn MLPClassifier"][0])
    floor = statistics.median(results["NumPy matmul floor"][0])
    header = f"{'implementation':82s} {'median s':>9s} {'min s':>8s} {'x sklearn':>9s} {'x floor':>8s} {'test acc':>8s}"
    lines = [header, "-" * len(header)]
    for name, _ in impls:
        times, accs = results[name]
        med = statistics.median(times)
        acc = f"{statistics.median(accs):8.4f}" if accs else f"{'-':>8s}"
        lines.append(f"{name:82s} {med:9.4f} {min(times):8.4f} {med / sk:9.2f} {med / floor:8.2f} {acc}")
        if name == "scikit-learn MLPClassifier" and not with_torch:
            lines.append(f"{'PyTorch (CPU, float64)':82s} {torch_info}")
    return lines


def aim_lines(results):
    """The issue's aims, judged on the medians of the training-loop row (equal work); mins beside them."""
    loop = "nnlib training loop (train_step over data.minibatches: the work sklearn does)"
    times = {key: results[name][0] for key, name in
             (("loop", loop), ("sk", "scikit-learn MLPClassifier"), ("floor", "NumPy matmul floor"))}
    med = {key: statistics.median(t) for key, t in times.items()}
    low = {key: min(t) for key, t in times.items()}
    acc_loop = statistics.median(results[loop][1])
    acc_sk = statistics.median(results["scikit-learn MLPClassifier"][1])

    def verdict(ok):
        return "met" if ok else "MISSED"

    r_sk, r_floor = med["loop"] / med["sk"], med["loop"] / med["floor"]
    return [
        "Aims (training-loop row, the work sklearn does; medians decide, ratio of the mins in brackets)",
        f"  time <= 0.8x scikit-learn: {r_sk:.2f}x ({low['loop'] / low['sk']:.2f}x) -> {verdict(r_sk <= 0.8)}",
        f"  test accuracy >= scikit-learn's: {acc_loop:.4f} vs {acc_sk:.4f} -> {verdict(acc_loop >= acc_sk)}",
        f"  time <= 2.5x the NumPy matmul floor: {r_floor:.2f}x ({low['loop'] / low['floor']:.2f}x) "
        f"-> {verdict(r_floor <= 2.5)}",
    ]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5, help="timed runs per implementation (default 5)")
    p.add_argument("--epochs", type=int, default=30, help="epochs per training run (default 30)")
    p.add_argument("--batch-size", type=int, default=64, help="minibatch size (default 64)")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default 1e-3)")
    p.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP/torch threads (default 1)")
    p.add_argument("--seed", type=int, default=0, help="seed of the split; run r uses seed + r (default 0)")
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out even when it is installed")
    p.add_argument("--verbose", action="store_true", help="print every run to stderr")
    args = p.parse_args(argv)
    for name in ("runs", "epochs", "batch_size", "threads"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    if not args.lr > 0:
        p.error("--lr must be > 0")
    return args


def main(argv=None):
    from threadpoolctl import threadpool_limits

    args = parse_args(argv)
    with_torch, torch_info = (False, "left out (--no-torch)") if args.no_torch else torch_status()
    if with_torch:
        import torch

        torch.set_num_threads(args.threads)
    split = load_split(args.seed)
    impls = implementations(with_torch)
    with threadpool_limits(limits=args.threads):
        method = method_lines(args, split, torch_info)
        results = run_all(split, args, impls)
    print("\n".join(method))
    print()
    print("\n".join(table_lines(results, impls, torch_info, with_torch)))
    print()
    print("\n".join(aim_lines(results)))
    print(f"  (load average after the runs: {_load()}; on a busy machine compare the min column too)")


if __name__ == "__main__":
    main()
