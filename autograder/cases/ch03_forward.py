"""Chapter 03 — forward pass: the linear step, one layer, and an L-layer network."""

import numpy as np

from autograder.cases._common import randn
from autograder.registry import Case, Exercise, Mistake

# Hand-picked layer: n_prev = 3, n_l = 2, m = 4; Z has negative, positive and exactly-zero entries.
A_HAND = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [-2.0, 1.0, 1.0, 0.0]])
W_HAND = np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -1.0]])
B_HAND = np.array([[0.5], [-1.0]])


def _pair(result, function: str, names: str):
    """Unpack a ``(first, second)`` result, or raise a clear error (shown to the student)."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"{function} must return the pair {names}, got {type(result).__name__}")
    return result


def _linear(A, W, b, with_cache: bool = True):
    def run(nn):
        A_in, W_in, b_in = (np.array(v, dtype=float) for v in (A, W, b))
        Z, cache = _pair(nn.layers.linear_forward(A_in, W_in, b_in), "linear_forward", "(Z, cache)")
        out = {"Z": Z}
        if with_cache:
            out["cache"] = cache
        return out

    return run


def _layer(A, W, b, activation: str):
    def run(nn):
        A_in, W_in, b_in = (np.array(v, dtype=float) for v in (A, W, b))
        A_out, cache = _pair(nn.layers.activation_forward(A_in, W_in, b_in, activation), "activation_forward", "(A, cache)")
        return {"A": A_out, "cache": cache}

    return run


def _params(seed: int, dims) -> dict:
    """W_l ~ randn / sqrt(n_{l-1}) and b_l ~ 0.5 randn, for layer sizes ``dims = [n_x, n_1, ..., n_L]``."""
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = randn(seed + 2 * l, dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = 0.5 * randn(seed + 2 * l + 1, dims[l], 1)
    return params


def _model(seed: int, dims, activations, m: int, with_caches: bool = True):
    def run(nn):
        X = randn(seed, dims[0], m)
        params = _params(seed, dims)
        AL, caches = _pair(nn.layers.model_forward(X, params, list(activations)), "model_forward", "(AL, caches)")
        out = {"AL": AL}
        if with_caches:
            out["caches"] = caches
        return out

    return run


EXERCISES = [
    Exercise(
        "layers.linear_forward", chapter=3, number=1, equation="linear-forward",
        cases=(
            Case("hand-picked layer (2, 3) on 4 examples: Z", _linear(A_HAND, W_HAND, B_HAND, with_cache=False)),
            Case("hand-picked layer: Z and cache (A_prev, W, b)", _linear(A_HAND, W_HAND, B_HAND)),
            Case("random layer (5, 4) on 7 examples", _linear(randn(301, 4, 7), randn(302, 5, 4), randn(303, 5, 1))),
            Case("one unit, one example (m = 1)", _linear(randn(304, 3, 1), randn(305, 1, 3), randn(306, 1, 1))),
        ),
        mistakes=(
            Mistake(
                "bias left out",
                "Z is missing the bias: Z = W A_prev + b, with the column b added to every example "
                "(eq. (linear-forward), chapter 03)",
                "def linear_forward(A_prev, W, b):\n    return W @ A_prev, (A_prev, W, b)\n",
            ),
            Mistake(
                "cache in the wrong order",
                "the cache must be the tuple (A_prev, W, b) in this order: linear_backward unpacks it that way "
                "(eq. (linear-forward), chapter 03)",
                "def linear_forward(A_prev, W, b):\n    return W @ A_prev + b, (W, A_prev, b)\n",
            ),
            Mistake(
                "cache holds Z instead of A_prev",
                "the cache must keep the layer's input A_prev (dW = (1/m) dZ A_prev^T needs it), as the tuple "
                "(A_prev, W, b); you stored Z (eq. (linear-forward), chapter 03)",
                "def linear_forward(A_prev, W, b):\n    Z = W @ A_prev + b\n    return Z, (Z, W, b)\n",
            ),
        ),
    ),
    Exercise(
        "layers.activation_forward", chapter=3, number=2, equation="activation-forward",
        cases=(
            Case("hand-picked layer with relu (Z has negatives and zeros)", _layer(A_HAND, W_HAND, B_HAND, "relu")),
            Case("random layer (4, 3) with sigmoid", _layer(randn(311, 3, 6), randn(312, 4, 3), randn(313, 4, 1), "sigmoid")),
            Case("random layer (3, 5) with tanh", _layer(randn(314, 5, 4), randn(315, 3, 5), randn(316, 3, 1), "tanh")),
            Case("linear output unit, m = 1", _layer(randn(317, 2, 1), randn(318, 1, 2), randn(319, 1, 1), "linear")),
        ),
        mistakes=(
            Mistake(
                "activation left out",
                "activation_forward returned Z; the layer's output is A = g(Z), with g the named activation "
                "(eq. (activation-forward), chapter 03)",
                "def activation_forward(A_prev, W, b, activation):\n    Z, linear_cache = linear_forward(A_prev, W, b)\n"
                "    return Z, (linear_cache, Z)\n",
            ),
            Mistake(
                "cache holds A instead of Z",
                "the cache must keep the pre-activation Z (backprop needs g'(Z)), as (linear_cache, Z); you stored "
                "the activation A (eq. (activation-forward), chapter 03)",
                "def activation_forward(A_prev, W, b, activation):\n    g, _ = get_activation(activation)\n"
                "    Z, linear_cache = linear_forward(A_prev, W, b)\n    A = g(Z)\n    return A, (linear_cache, A)\n",
            ),
            Mistake(
                "cache in the wrong order",
                "the cache must be the pair (linear_cache, Z) in this order: activation_backward unpacks it that way "
                "(eq. (activation-forward), chapter 03)",
                "def activation_forward(A_prev, W, b, activation):\n    g, _ = get_activation(activation)\n"
                "    Z, linear_cache = linear_forward(A_prev, W, b)\n    return g(Z), (Z, linear_cache)\n",
            ),
        ),
    ),
    Exercise(
        "layers.model_forward", chapter=3, number=3, equation="model-forward",
        cases=(
            Case("2 layers relu -> sigmoid, sizes [3, 4, 1], m = 5", _model(321, [3, 4, 1], ["relu", "sigmoid"], 5)),
            Case("3 layers tanh -> relu -> linear, sizes [4, 5, 3, 2]: output",
                 _model(331, [4, 5, 3, 2], ["tanh", "relu", "linear"], 6, with_caches=False)),
            Case("3 layers tanh -> relu -> linear: output and caches", _model(331, [4, 5, 3, 2], ["tanh", "relu", "linear"], 6)),
            Case("4 layers sigmoid -> relu -> tanh -> sigmoid, m = 1",
                 _model(341, [2, 3, 3, 2, 1], ["sigmoid", "relu", "tanh", "sigmoid"], 1)),
            Case("a single layer (L = 1) with relu", _model(351, [3, 2], ["relu"], 4)),
        ),
        mistakes=(
            Mistake(
                "last layer skipped",
                "the loop stopped one layer early: run all L layers, l = 1, ..., L (range(1, L + 1)), where "
                "L = len(activations) (eq. (model-forward), chapter 03)",
                "def model_forward(X, params, activations):\n    A, caches = X, []\n"
                "    for l in range(1, len(activations)):\n"
                "        A, cache = activation_forward(A, params[f'W{l}'], params[f'b{l}'], activations[l - 1])\n"
                "        caches.append(cache)\n    return A, caches\n",
            ),
            Mistake(
                "relu hidden layers and sigmoid output hard-coded",
                "the activations of the layers were fixed (relu, then sigmoid at the output) instead of read from "
                "the list: layer l uses activations[l - 1] (eq. (model-forward), chapter 03)",
                "def model_forward(X, params, activations):\n    A, caches, L = X, [], len(activations)\n"
                "    for l in range(1, L + 1):\n"
                "        name = 'sigmoid' if l == L else 'relu'\n"
                "        A, cache = activation_forward(A, params[f'W{l}'], params[f'b{l}'], name)\n"
                "        caches.append(cache)\n    return A, caches\n",
            ),
            Mistake(
                "caches in reverse order",
                "caches must be in layer order, the cache of layer 1 first (append, do not insert at the front): "
                "model_backward reads caches[l - 1] for layer l (eq. (model-forward), chapter 03)",
                "def model_forward(X, params, activations):\n    A, caches = X, []\n"
                "    for l in range(1, len(activations) + 1):\n"
                "        A, cache = activation_forward(A, params[f'W{l}'], params[f'b{l}'], activations[l - 1])\n"
                "        caches.insert(0, cache)\n    return A, caches\n",
            ),
            Mistake(
                "only the last cache kept",
                "model_forward must return the list of all L caches, one per layer in order; you returned only the "
                "last one (eq. (model-forward), chapter 03)",
                "def model_forward(X, params, activations):\n    A = X\n"
                "    for l in range(1, len(activations) + 1):\n"
                "        A, cache = activation_forward(A, params[f'W{l}'], params[f'b{l}'], activations[l - 1])\n"
                "    return A, [cache]\n",
            ),
        ),
    ),
]
