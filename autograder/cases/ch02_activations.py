"""Chapter 02 — activation functions and their derivatives."""

import numpy as np

from autograder.cases._common import randn
from autograder.registry import Case, Exercise, Mistake

MIXED = np.array([[-2.0, -0.5, 0.0], [0.5, 3.0, -1e-3]])
EXTREMES = np.array([-1000.0, -750.0, -30.0, 0.0, 30.0, 750.0, 1000.0])


def _elementwise(name: str, z) -> dict:
    """Call ``nn.activations.<name>`` on a copy of ``z``; report the output and whether the input survived."""

    def run(nn):
        z_in = np.array(z, dtype=float)
        out = getattr(nn.activations, name)(z_in)
        return {"out": out, "input_after_call": z_in}

    return run


def _cases(name: str, extremes: bool = True) -> tuple:
    cases = [
        Case("hand-picked values incl. 0 and negatives", _elementwise(name, MIXED)),
        Case("random batch (5, 7)", _elementwise(name, randn(20, 5, 7))),
    ]
    if extremes:
        cases.append(Case("extreme inputs +-1000 without overflow", _elementwise(name, EXTREMES)))
    return tuple(cases)


EXERCISES = [
    Exercise(
        "activations.relu", chapter=2, number=1, equation="relu", cases=_cases("relu"),
        mistakes=(
            Mistake(
                "changes its input in place",
                "relu changed the caller's array: z[z < 0] = 0 works in place; return a new array, e.g. np.maximum(z, 0)",
                "def relu(z):\n    z[z < 0] = 0\n    return z\n",
            ),
            Mistake(
                "absolute value",
                "negative inputs must map to 0, not to their magnitude: relu(z) = max(0, z) (eq. (relu), chapter 02)",
                "def relu(z):\n    return np.abs(np.asarray(z, dtype=float))\n",
            ),
        ),
    ),
    Exercise(
        "activations.relu_grad", chapter=2, number=2, equation="relu-grad", cases=_cases("relu_grad"),
        mistakes=(
            Mistake(
                "derivative 1 at 0",
                "relu_grad(0) returned 1; the course takes the derivative at 0 to be 0: f'(z) = 1 only for z > 0 "
                "(eq. (relu-grad), chapter 02)",
                "def relu_grad(z):\n    return (np.asarray(z, dtype=float) >= 0).astype(float)\n",
            ),
            Mistake(
                "returned ReLU itself",
                "relu_grad returned max(0, z): the derivative is the step 1[z > 0], not the function (eq. (relu-grad), chapter 02)",
                "def relu_grad(z):\n    return np.maximum(np.asarray(z, dtype=float), 0)\n",
            ),
        ),
    ),
    Exercise(
        "activations.sigmoid", chapter=2, number=3, equation="sigmoid", cases=_cases("sigmoid"),
        mistakes=(
            Mistake(
                "naive sigmoid overflows",
                "the direct formula 1/(1 + exp(-z)) overflows in exp(-z) for z < -709 (RuntimeWarning); compute it from "
                "exp(-|z|) as in the chapter's stable form (eq. (sigmoid), chapter 02)",
                "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))\n",
            ),
            Mistake(
                "sign of the exponent",
                "sigmoid(z) = 1/(1 + exp(-z)); with exp(+z) you computed sigmoid(-z) (eq. (sigmoid), chapter 02)",
                "def sigmoid(z):\n    z = np.asarray(z, dtype=float)\n    e = np.exp(-np.abs(z))\n"
                "    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))\n",
            ),
        ),
    ),
    Exercise(
        "activations.sigmoid_grad", chapter=2, number=4, equation="sigmoid-grad", cases=_cases("sigmoid_grad"),
        mistakes=(
            Mistake(
                "z (1 - z) instead of s (1 - s)",
                "sigmoid_grad takes the pre-activation z: compute s = sigmoid(z) first, then s (1 - s); z (1 - z) treats z "
                "as if it were already sigmoid(z) (eq. (sigmoid-grad), chapter 02)",
                "def sigmoid_grad(z):\n    z = np.asarray(z, dtype=float)\n    return z * (1 - z)\n",
            ),
        ),
    ),
    Exercise(
        "activations.tanh", chapter=2, number=5, equation="tanh", cases=_cases("tanh"),
        mistakes=(
            Mistake(
                "exponential formula overflows",
                "(e^z - e^-z)/(e^z + e^-z) overflows to inf/inf = nan for |z| > 710; use np.tanh, which is exact and "
                "stable (eq. (tanh), chapter 02)",
                "def tanh(z):\n    z = np.asarray(z, dtype=float)\n"
                "    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))\n",
            ),
        ),
    ),
    Exercise(
        "activations.tanh_grad", chapter=2, number=6, equation="tanh-grad", cases=_cases("tanh_grad"),
        mistakes=(
            Mistake(
                "1 - z^2 instead of 1 - tanh(z)^2",
                "tanh_grad takes the pre-activation z: the derivative is 1 - tanh(z)^2, not 1 - z^2 "
                "(eq. (tanh-grad), chapter 02)",
                "def tanh_grad(z):\n    z = np.asarray(z, dtype=float)\n    return 1 - z ** 2\n",
            ),
        ),
    ),
]
