"""Chapter 05 — losses: MSE, binary cross-entropy, softmax and categorical cross-entropy."""

import numpy as np

from autograder.cases._common import randn, rng
from autograder.registry import Case, Exercise, Mistake

# Regression: one output unit (1-D, m = 4) and several output units.
YP_1D = np.array([0.5, 1.0, -1.0, 2.5])
YT_1D = np.array([0.0, 1.0, 1.0, 2.0])

# Binary classification: probabilities and 0/1 labels; the extremes hit the clipping.
P_HAND = np.array([0.9, 0.2, 0.6, 0.5])
Y_HAND = np.array([1.0, 0.0, 1.0, 0.0])
P_EXTREME = np.array([[0.0, 1.0, 1.0, 0.0, 0.3], [1.0, 0.0, 1e-15, 0.7, 1.0 - 1e-15]])
Y_EXTREME = np.array([[0.0, 1.0, 0.0, 1.0, 1.0], [1.0, 0.0, 1.0, 0.0, 0.0]])


def _probabilities(seed: int, shape) -> np.ndarray:
    return rng(seed).uniform(0.05, 0.95, size=shape)


def _labels(seed: int, shape) -> np.ndarray:
    return (rng(seed).uniform(size=shape) < 0.5).astype(float)


def _column_softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _one_hot(seed: int, n_classes: int, m: int) -> np.ndarray:
    Y = np.zeros((n_classes, m))
    Y[rng(seed).integers(0, n_classes, size=m), np.arange(m)] = 1.0
    return Y


def _loss(name: str, y_pred, y_true, **kwargs):
    """Call ``nn.losses.<name>(y_pred, y_true, **kwargs)`` on copies; report the result and the inputs after it."""

    def run(nn):
        p, y = np.array(y_pred, dtype=float), np.array(y_true, dtype=float)
        out = getattr(nn.losses, name)(p, y, **kwargs)
        return {"out": out, "y_pred_after_call": p, "y_true_after_call": y}

    return run


def _softmax(Z):
    def run(nn):
        Z_in = np.array(Z, dtype=float)
        return {"out": nn.losses.softmax(Z_in), "Z_after_call": Z_in}

    return run


def _regression_cases(name: str) -> tuple:
    return (
        Case("one output unit, hand-picked (m = 4)", _loss(name, YP_1D, YT_1D)),
        Case("3 output units, 6 examples", _loss(name, randn(501, 3, 6), randn(502, 3, 6))),
        Case("2 output units, one example (m = 1)", _loss(name, randn(503, 2, 1), randn(504, 2, 1))),
        Case("perfect prediction", _loss(name, randn(505, 2, 3), randn(505, 2, 3))),
    )


def _binary_cases(name: str) -> tuple:
    return (
        Case("hand-picked probabilities, labels 0/1", _loss(name, P_HAND, Y_HAND)),
        Case("2 output units, 5 examples", _loss(name, _probabilities(511, (2, 5)), _labels(512, (2, 5)))),
        Case("p exactly 0 or 1: clipped to [eps, 1 - eps]", _loss(name, P_EXTREME, Y_EXTREME)),
        Case("p exactly 0 or 1 with eps = 0.01", _loss(name, P_EXTREME, Y_EXTREME, eps=0.01)),
        Case("soft targets in (0, 1)", _loss(name, _probabilities(513, (3, 4)), rng(514).uniform(size=(3, 4)))),
    )


EXERCISES = [
    Exercise(
        "losses.mse", chapter=5, number=1, equation="mse", cases=_regression_cases("mse"),
        mistakes=(
            Mistake(
                "1/2 convention",
                "mse returned half the loss: the course's MSE is (1/m) sum (y_pred - y_true)^2, without the 1/2 "
                "that some texts put in front (eq. (mse), chapter 05)",
                "def mse(y_pred, y_true):\n    d = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)\n"
                "    return float(np.sum(d ** 2) / (2 * d.shape[-1]))\n",
            ),
            Mistake(
                "summed, not averaged",
                "the squared errors were summed but not averaged over the examples: divide by m, the number of "
                "examples (eq. (mse), chapter 05)",
                "def mse(y_pred, y_true):\n    d = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)\n"
                "    return float(np.sum(d ** 2))\n",
            ),
            Mistake(
                "mean over every entry",
                "np.mean divides by the number of entries n_out * m; the loss sums over the output units and "
                "averages over the m examples (the last axis) only: (1/m) sum (y_pred - y_true)^2 (eq. (mse), chapter 05)",
                "def mse(y_pred, y_true):\n"
                "    return float(np.mean((np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))\n",
            ),
        ),
    ),
    Exercise(
        "losses.mse_grad", chapter=5, number=2, equation="mse-grad", cases=_regression_cases("mse_grad"),
        mistakes=(
            Mistake(
                "2/m factor",
                "mse_grad returns the per-example gradient 2 (y_pred - y_true), without 1/m: the 1/m is applied "
                "once, in dW and db (eq. (mse-grad), chapter 05)",
                "def mse_grad(y_pred, y_true):\n    d = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)\n"
                "    return 2.0 * d / d.shape[-1]\n",
            ),
            Mistake(
                "factor 2 missing",
                "the derivative of (y_pred - y_true)^2 is 2 (y_pred - y_true); y_pred - y_true belongs to the 1/2 "
                "convention, which this course does not use (eq. (mse-grad), chapter 05)",
                "def mse_grad(y_pred, y_true):\n"
                "    return np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)\n",
            ),
            Mistake(
                "sign flipped",
                "the gradient with respect to y_pred is 2 (y_pred - y_true); 2 (y_true - y_pred) points uphill the "
                "wrong way (eq. (mse-grad), chapter 05)",
                "def mse_grad(y_pred, y_true):\n"
                "    return 2.0 * (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float))\n",
            ),
        ),
    ),
    Exercise(
        "losses.bce", chapter=5, number=3, equation="bce", cases=_binary_cases("bce"),
        mistakes=(
            Mistake(
                "minus sign missing",
                "bce came out negative: L = -(1/m) sum [y log p + (1 - y) log(1 - p)], with the minus in front "
                "(eq. (bce), chapter 05)",
                "def bce(y_pred, y_true, eps=1e-12):\n    y = np.asarray(y_true, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1 - eps)\n"
                "    return float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / y.shape[-1])\n",
            ),
            Mistake(
                "no clipping",
                "log(0) = -inf when p is exactly 0 or 1: clip p to [eps, 1 - eps] with np.clip before taking logs "
                "(eq. (bce), chapter 05)",
                "def bce(y_pred, y_true, eps=1e-12):\n    y, p = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)\n"
                "    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / y.shape[-1])\n",
            ),
            Mistake(
                "mean over every entry",
                "np.mean divides by n_out * m; the loss sums over the output units and averages over the m examples "
                "(the last axis) only (eq. (bce), chapter 05)",
                "def bce(y_pred, y_true, eps=1e-12):\n    y = np.asarray(y_true, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1 - eps)\n"
                "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n",
            ),
            Mistake(
                "only the true label's term",
                "with soft targets both terms count: y log p + (1 - y) log(1 - p); choosing one of them with "
                "np.where(y == 1, ...) is only right for labels exactly 0 or 1 (eq. (bce), chapter 05)",
                "def bce(y_pred, y_true, eps=1e-12):\n    y = np.asarray(y_true, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1 - eps)\n"
                "    return float(-np.sum(np.where(y == 1, np.log(p), np.log(1 - p))) / y.shape[-1])\n",
            ),
        ),
    ),
    Exercise(
        "losses.bce_grad", chapter=5, number=4, equation="bce-grad", cases=_binary_cases("bce_grad"),
        mistakes=(
            Mistake(
                "returned p - y",
                "bce_grad is the gradient with respect to p: -y/p + (1 - y)/(1 - p); p - y is dL/dZ after a sigmoid, "
                "which activation_backward produces by multiplying by sigmoid'(Z) (eq. (bce-grad), chapter 05)",
                "def bce_grad(y_pred, y_true, eps=1e-12):\n"
                "    return np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)\n",
            ),
            Mistake(
                "no clipping",
                "dividing by p or 1 - p fails when p is exactly 0 or 1: clip p to [eps, 1 - eps] as in bce, then "
                "-y/p + (1 - y)/(1 - p) (eq. (bce-grad), chapter 05)",
                "def bce_grad(y_pred, y_true, eps=1e-12):\n    y, p = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)\n"
                "    return -y / p + (1 - y) / (1 - p)\n",
            ),
            Mistake(
                "sign flipped",
                "the signs are swapped: dL/dp = -y/p + (1 - y)/(1 - p) (eq. (bce-grad), chapter 05)",
                "def bce_grad(y_pred, y_true, eps=1e-12):\n    y = np.asarray(y_true, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1 - eps)\n    return y / p - (1 - y) / (1 - p)\n",
            ),
            Mistake(
                "1/m included",
                "bce_grad is the per-example gradient -y/p + (1 - y)/(1 - p), without 1/m: the 1/m is applied once, "
                "in dW and db (eq. (bce-grad), chapter 05)",
                "def bce_grad(y_pred, y_true, eps=1e-12):\n    y = np.asarray(y_true, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1 - eps)\n"
                "    return (-y / p + (1 - y) / (1 - p)) / y.shape[-1]\n",
            ),
        ),
    ),
    Exercise(
        "losses.softmax", chapter=5, number=5, equation="softmax",
        cases=(
            Case("hand-picked (3, 2), second column all equal", _softmax([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]])),
            Case("random scores (4, 6)", _softmax(3.0 * randn(521, 4, 6))),
            Case("extreme scores +-1000 (stable)", _softmax([[1000.0, -1000.0], [999.0, -1001.0], [0.0, -999.0]])),
            Case("one example (m = 1), 5 classes", _softmax(randn(522, 5, 1))),
            Case("shift invariance: Z + 50 per column", _softmax(randn(523, 3, 4) + 50.0 * np.arange(4))),
        ),
        mistakes=(
            Mistake(
                "normalized over the wrong axis",
                "softmax normalizes each column (one example per column): sum over axis 0, with keepdims=True; "
                "summing over axis 1 mixes the examples (eq. (softmax), chapter 05)",
                "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
                "    return E / E.sum(axis=1, keepdims=True)\n",
            ),
            Mistake(
                "normalized over the whole batch",
                "each column must sum to 1: divide by the column sums E.sum(axis=0, keepdims=True), not by the sum "
                "of the whole array (eq. (softmax), chapter 05)",
                "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0, keepdims=True))\n    return E / E.sum()\n",
            ),
            Mistake(
                "unstable: no max subtracted",
                "exp(1000) overflows to inf and inf/inf = nan: subtract each column's maximum before exp, which does "
                "not change the result (eq. (softmax), chapter 05)",
                "def softmax(Z):\n    E = np.exp(Z)\n    return E / E.sum(axis=0, keepdims=True)\n",
            ),
            Mistake(
                "global maximum subtracted",
                "subtract each column's own maximum, Z.max(axis=0, keepdims=True): with the maximum of the whole "
                "array a column far below it underflows to 0/0 (eq. (softmax), chapter 05)",
                "def softmax(Z):\n    E = np.exp(Z - Z.max())\n    return E / E.sum(axis=0, keepdims=True)\n",
            ),
            Mistake(
                "input changed in place",
                "softmax changed the caller's Z (Z -= ... works in place); compute on a new array, e.g. "
                "np.exp(Z - Z.max(axis=0, keepdims=True)) (eq. (softmax), chapter 05)",
                "def softmax(Z):\n    Z -= Z.max(axis=0, keepdims=True)\n    E = np.exp(Z)\n"
                "    return E / E.sum(axis=0, keepdims=True)\n",
            ),
        ),
    ),
    Exercise(
        "losses.cross_entropy", chapter=5, number=6, equation="cross-entropy",
        cases=(
            Case("hand-picked (3, 2)", _loss("cross_entropy", [[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]], [[1, 0], [0, 0], [0, 1]])),
            Case("random softmax outputs (4, 7)", _loss("cross_entropy", _column_softmax(randn(531, 4, 7)), _one_hot(532, 4, 7))),
            Case("probability 0 on the true class and on others: clipped",
                 _loss("cross_entropy", [[0.0, 1.0, 0.5], [1.0, 0.0, 0.5], [0.0, 0.0, 0.0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])),
            Case("probability 0 with eps = 1e-3",
                 _loss("cross_entropy", [[0.0, 1.0], [1.0, 0.0]], [[1, 0], [0, 1]], eps=1e-3)),
            Case("one example (m = 1), 5 classes", _loss("cross_entropy", _column_softmax(randn(533, 5, 1)), _one_hot(534, 5, 1))),
        ),
        mistakes=(
            Mistake(
                "no clipping",
                "log(0) = -inf when a probability is exactly 0, and 0 * log(0) = nan: clip p to [eps, 1] before the "
                "log (eq. (cross-entropy), chapter 05)",
                "def cross_entropy(y_pred, y_true_onehot, eps=1e-12):\n"
                "    y, p = np.asarray(y_true_onehot, dtype=float), np.asarray(y_pred, dtype=float)\n"
                "    return float(-np.sum(y * np.log(p)) / y.shape[-1])\n",
            ),
            Mistake(
                "mean over every entry",
                "np.mean divides by n_classes * m; the loss sums over the classes and averages over the m examples "
                "only: -(1/m) sum y log p (eq. (cross-entropy), chapter 05)",
                "def cross_entropy(y_pred, y_true_onehot, eps=1e-12):\n    y = np.asarray(y_true_onehot, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0)\n    return float(-np.mean(y * np.log(p)))\n",
            ),
            Mistake(
                "binary cross-entropy terms added",
                "categorical cross-entropy has only the term y log p, summed over the classes; the (1 - y) log(1 - p) "
                "term belongs to the binary loss (eq. (cross-entropy), chapter 05)",
                "def cross_entropy(y_pred, y_true_onehot, eps=1e-12):\n    y = np.asarray(y_true_onehot, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0 - eps)\n"
                "    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / y.shape[-1])\n",
            ),
            Mistake(
                "minus sign missing",
                "the loss came out negative: cross-entropy is -(1/m) sum y log p, with the minus in front "
                "(eq. (cross-entropy), chapter 05)",
                "def cross_entropy(y_pred, y_true_onehot, eps=1e-12):\n    y = np.asarray(y_true_onehot, dtype=float)\n"
                "    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0)\n    return float(np.sum(y * np.log(p)) / y.shape[-1])\n",
            ),
        ),
    ),
]
