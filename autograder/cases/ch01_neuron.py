"""Chapter 01 — neuron: the weighted sum and the neuron's output."""

import numpy as np

from autograder.cases._common import randn
from autograder.registry import Case, Exercise, Mistake

X_ONE = np.array([1.0, -2.0, 0.5])
W_ONE = np.array([0.5, 0.25, -2.0])


def _weighted_sum(x, w, b):
    """Call ``nn.neuron.weighted_sum`` on copies; report the sum and whether the inputs survived."""

    def run(nn):
        x_in, w_in = np.array(x, dtype=float), np.array(w, dtype=float)
        z = nn.neuron.weighted_sum(x_in, w_in, b)
        return {"z": z, "x_after_call": x_in, "w_after_call": w_in}

    return run


def _cube(z):
    """An activation that is neither odd-symmetric nor saturating, so that misplaced terms show."""
    return np.asarray(z, dtype=float) ** 3 + 1.0


def _neuron(x, w, b, activation: str):
    """Call ``nn.neuron.neuron`` with the named activation (``"cube"`` is the plain callable above)."""

    def run(nn):
        g = _cube if activation == "cube" else getattr(nn.activations, activation)
        x_in, w_in = np.array(x, dtype=float), np.array(w, dtype=float)
        out = nn.neuron.neuron(x_in, w_in, b, g)
        return {"out": out, "x_after_call": x_in}

    return run


EXERCISES = [
    Exercise(
        "neuron.weighted_sum", chapter=1, number=1, equation="neuron-sum",
        cases=(
            Case("one example, hand-picked values", _weighted_sum(X_ONE, W_ONE, 0.75)),
            Case("one example with b = 0 and a zero weight", _weighted_sum([3.0, 4.0], [0.0, -1.5], 0.0)),
            Case("batch of 6 examples (n = 4), one per column", _weighted_sum(randn(101, 4, 6), randn(102, 4), -0.3)),
            Case("batch of a single example, x of shape (3, 1)", _weighted_sum(randn(103, 3, 1), randn(104, 3), 1.5)),
        ),
        mistakes=(
            Mistake(
                "bias left out",
                "the bias is missing: the weighted sum is z = sum_j w_j x_j + b, with b added once "
                "(eq. (neuron-sum), chapter 01)",
                "def weighted_sum(x, w, b):\n    x = np.asarray(x, dtype=float)\n    z = np.asarray(w, dtype=float) @ x\n"
                "    return float(z) if x.ndim == 1 else z\n",
            ),
            Mistake(
                "products not summed",
                "weighted_sum returned the products w_j x_j + b one by one; sum them over the inputs j to get one "
                "number per example: z = sum_j w_j x_j + b (eq. (neuron-sum), chapter 01)",
                "def weighted_sum(x, w, b):\n    x = np.asarray(x, dtype=float)\n    w = np.asarray(w, dtype=float)\n"
                "    return (w * x.T).T + b\n",
            ),
            Mistake(
                "bias added once per input",
                "b was added to every product w_j x_j before summing, so it counts n times; add it once to the "
                "sum: z = sum_j w_j x_j + b (eq. (neuron-sum), chapter 01)",
                "def weighted_sum(x, w, b):\n    x = np.asarray(x, dtype=float)\n    w = np.asarray(w, dtype=float)\n"
                "    z = np.sum((w * x.T).T + b, axis=0)\n    return float(z) if x.ndim == 1 else z\n",
            ),
            Mistake(
                "batch summed over the examples too",
                "for a batch the sum runs over the inputs only (axis 0), once per example: z_i = w . x[:, i] + b, "
                "an array of shape (m,); summing over every entry mixes the examples (eq. (neuron-sum), chapter 01)",
                "def weighted_sum(x, w, b):\n    x = np.asarray(x, dtype=float)\n"
                "    return float(np.sum(np.asarray(w, dtype=float) * x.T) + b)\n",
            ),
        ),
    ),
    Exercise(
        "neuron.neuron", chapter=1, number=2, equation="neuron-output",
        cases=(
            Case("one example with sigmoid", _neuron(X_ONE, W_ONE, 0.75, "sigmoid")),
            Case("batch of 8 examples with relu (some outputs 0)", _neuron(randn(111, 5, 8), randn(112, 5), 0.2, "relu")),
            Case("batch with a plain callable g(z) = z^3 + 1", _neuron(randn(113, 3, 4), randn(114, 3), -0.5, "cube")),
            Case("batch of a single example with tanh", _neuron(randn(115, 2, 1), randn(116, 2), 2.0, "tanh")),
        ),
        mistakes=(
            Mistake(
                "activation left out",
                "neuron returned the weighted sum z itself; the output is the activation of it, g(z) with "
                "z = w . x + b (eq. (neuron-output), chapter 01)",
                "def neuron(x, w, b, activation):\n    return weighted_sum(x, w, b)\n",
            ),
            Mistake(
                "bias added after the activation",
                "the bias belongs inside the activation: output = g(w . x + b), not g(w . x) + b "
                "(eq. (neuron-output), chapter 01)",
                "def neuron(x, w, b, activation):\n    return activation(weighted_sum(x, w, 0.0)) + b\n",
            ),
            Mistake(
                "activation applied to the inputs",
                "the activation was applied to the inputs x; it acts on the weighted sum: output = g(w . x + b) "
                "(eq. (neuron-output), chapter 01)",
                "def neuron(x, w, b, activation):\n    return weighted_sum(activation(np.asarray(x, dtype=float)), w, b)\n",
            ),
        ),
    ),
]
