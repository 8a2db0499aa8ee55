"""Chapter 04 — backpropagation: layer and network backward passes, and gradient checking."""

import numpy as np

from autograder.cases._common import randn
from autograder.registry import Case, Exercise, Mistake

# Plain-NumPy forward steps used to build caches (the cases never call the student's forward pass).
_G = {
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "linear": lambda z: z.copy(),
}

# Hand-picked layer: n_prev = 3, n_l = 2, m = 4; Z has negative, positive and exactly-zero entries.
A_HAND = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [-2.0, 1.0, 1.0, 0.0]])
W_HAND = np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -1.0]])
B_HAND = np.array([[0.5], [-1.0]])
DZ_HAND = np.array([[0.5, -1.0, 2.0, 0.25], [1.0, 0.0, -0.5, 3.0]])


def _triple(result, function: str, names: str):
    """Unpack a 3-tuple result, or raise a clear error (shown to the student)."""
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise TypeError(f"{function} must return the triple {names}, got {type(result).__name__}")
    return result


def _linear_backward(seed: int, n_l: int, n_prev: int, m: int, hand: bool = False):
    def run(nn):
        if hand:
            A, W, b, dZ = (v.copy() for v in (A_HAND, W_HAND, B_HAND, DZ_HAND))
        else:
            A, W, b, dZ = randn(seed, n_prev, m), randn(seed + 1, n_l, n_prev), randn(seed + 2, n_l, 1), randn(seed + 3, n_l, m)
        dA_prev, dW, db = _triple(nn.layers.linear_backward(dZ, (A, W, b)), "linear_backward", "(dA_prev, dW, db)")
        return {"dA_prev": dA_prev, "dW": dW, "db": db, "dZ_after_call": dZ, "cache_after_call": (A, W, b)}

    return run


def _activation_backward(seed: int, n_l: int, n_prev: int, m: int, activation: str, hand: bool = False):
    def run(nn):
        if hand:
            A, W, b, dA = (v.copy() for v in (A_HAND, W_HAND, B_HAND, DZ_HAND))
        else:
            A, W, b, dA = randn(seed, n_prev, m), randn(seed + 1, n_l, n_prev), randn(seed + 2, n_l, 1), randn(seed + 3, n_l, m)
        Z = W @ A + b
        cache = ((A, W, b), Z)
        dA_prev, dW, db = _triple(
            nn.layers.activation_backward(dA, cache, activation), "activation_backward", "(dA_prev, dW, db)"
        )
        return {"dA_prev": dA_prev, "dW": dW, "db": db, "dA_after_call": dA, "Z_after_call": Z}

    return run


def _model_backward(seed: int, dims, activations, m: int):
    """A forward pass in plain NumPy builds the caches; the case returns the student's gradients."""

    def run(nn):
        A = randn(seed, dims[0], m)
        caches = []
        for l in range(1, len(dims)):
            W = randn(seed + 2 * l, dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
            b = 0.5 * randn(seed + 2 * l + 1, dims[l], 1)
            Z = W @ A + b
            caches.append(((A, W, b), Z))
            A = _G[activations[l - 1]](Z)
        dAL = randn(seed + 99, dims[-1], m)
        grads = nn.layers.model_backward(dAL, caches, list(activations))
        if not isinstance(grads, dict):
            raise TypeError(f"model_backward must return a dict {{'dW1': ..., 'db1': ...}}, got {type(grads).__name__}")
        return {"grads": grads, "dAL_after_call": dAL}

    return run


# ----------------------------------------------------------------------------- gradient checking


def _numerical_gradient(x, f_name: str, h=None):
    """``numerical_gradient`` of one of the scalar functions below at ``x`` (default ``h`` when None)."""

    def run(nn):
        x_in = np.array(x)  # keeps an integer dtype where the case gives integers
        f = _FUNCTIONS[f_name](x_in.shape)
        grad = nn.gradcheck.numerical_gradient(f, x_in) if h is None else nn.gradcheck.numerical_gradient(f, x_in, h=h)
        return {"grad": grad, "x_after_call": x_in}

    return run


def _sum_cubes(shape):
    return lambda x: float(np.sum(x ** 3))


def _weighted_sines(shape):
    c = randn(401, *shape)
    return lambda x: float(np.sum(c * np.sin(x)))


def _square_of_sum(shape):
    """(sum x)^2: every partial derivative depends on every entry, so a perturbation left behind shows."""
    return lambda x: float(np.sum(x) ** 2)


def _quadratic_form(shape):
    n = int(np.prod(shape))
    q = randn(402, n, n)
    return lambda x: float(x.reshape(-1) @ q @ x.reshape(-1))


_FUNCTIONS = {
    "sum_cubes": _sum_cubes,
    "weighted_sines": _weighted_sines,
    "square_of_sum": _square_of_sum,
    "quadratic_form": _quadratic_form,
}


def _relative_error(a, b):
    def run(nn):
        a_in, b_in = np.array(a, dtype=float), np.array(b, dtype=float)
        return {"error": nn.gradcheck.relative_error(a_in, b_in), "a_after_call": a_in, "b_after_call": b_in}

    return run


def _close_pair(seed: int, shape, scale: float):
    a = randn(seed, *shape)
    return a, a + scale * randn(seed + 1, *shape)


EXERCISES = [
    Exercise(
        "layers.linear_backward", chapter=4, number=1, equation="linear-backward",
        cases=(
            Case("hand-picked layer (2, 3) on 4 examples", _linear_backward(0, 2, 3, 4, hand=True)),
            Case("random layer (5, 4) on 7 examples", _linear_backward(411, 5, 4, 7)),
            Case("square layer (3, 3) on 3 examples", _linear_backward(421, 3, 3, 3)),
            Case("one example (m = 1)", _linear_backward(431, 4, 2, 1)),
        ),
        mistakes=(
            Mistake(
                "1/m missing",
                "dW and db are missing the 1/m: dZ holds per-example gradients, so dW = (1/m) dZ A_prev^T and "
                "db = (1/m) sum of dZ over the examples (eq. (linear-backward), chapter 04)",
                "def linear_backward(dZ, cache):\n    A_prev, W, b = cache\n"
                "    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)\n",
            ),
            Mistake(
                "1/m applied to dA_prev too",
                "dA_prev = W^T dZ is a per-example gradient and takes no 1/m; the average over the batch enters "
                "once, in dW and db (eq. (linear-backward), chapter 04)",
                "def linear_backward(dZ, cache):\n    A_prev, W, b = cache\n    m = A_prev.shape[1]\n"
                "    return W.T @ dZ / m, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m\n",
            ),
            Mistake(
                "db summed over the wrong axis",
                "db sums dZ over the examples, which are the columns: dZ.sum(axis=1, keepdims=True) / m, shape "
                "(n_l, 1); axis 0 sums over the units (eq. (linear-backward), chapter 04)",
                "def linear_backward(dZ, cache):\n    A_prev, W, b = cache\n    m = A_prev.shape[1]\n"
                "    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=0, keepdims=True) / m\n",
            ),
            Mistake(
                "db without keepdims",
                "db must be a column of shape (n_l, 1) like b: sum with keepdims=True, "
                "db = dZ.sum(axis=1, keepdims=True) / m (eq. (linear-backward), chapter 04)",
                "def linear_backward(dZ, cache):\n    A_prev, W, b = cache\n    m = A_prev.shape[1]\n"
                "    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1) / m\n",
            ),
            Mistake(
                "dW transposed",
                "dW = (1/m) dZ A_prev^T, of shape (n_l, n_prev); A_prev^T dZ^T is its transpose "
                "(eq. (linear-backward), chapter 04)",
                "def linear_backward(dZ, cache):\n    A_prev, W, b = cache\n    m = A_prev.shape[1]\n"
                "    return W.T @ dZ, A_prev @ dZ.T / m, dZ.sum(axis=1, keepdims=True) / m\n",
            ),
            Mistake(
                "dZ divided in place",
                "linear_backward changed the caller's dZ (dZ /= m works in place); divide into a new array, "
                "e.g. dW = (dZ @ A_prev.T) / m (eq. (linear-backward), chapter 04)",
                "def linear_backward(dZ, cache):\n    A_prev, W, b = cache\n    dA_prev = W.T @ dZ\n"
                "    dZ /= A_prev.shape[1]\n    return dA_prev, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)\n",
            ),
        ),
    ),
    Exercise(
        "layers.activation_backward", chapter=4, number=2, equation="activation-backward",
        cases=(
            Case("hand-picked relu layer (Z has zeros and negatives)", _activation_backward(0, 2, 3, 4, "relu", hand=True)),
            Case("random sigmoid layer (4, 3), m = 6", _activation_backward(441, 4, 3, 6, "sigmoid")),
            Case("random tanh layer (3, 5), m = 4", _activation_backward(451, 3, 5, 4, "tanh")),
            Case("linear output unit, m = 1", _activation_backward(461, 1, 2, 1, "linear")),
        ),
        mistakes=(
            Mistake(
                "g'(Z) factor left out",
                "the chain rule through the activation was skipped: first dZ = dA * g'(Z) (elementwise), then "
                "linear_backward(dZ, linear_cache) (eq. (activation-backward), chapter 04)",
                "def activation_backward(dA, cache, activation):\n    linear_cache, Z = cache\n"
                "    return linear_backward(dA, linear_cache)\n",
            ),
            Mistake(
                "derivative evaluated at A instead of Z",
                "the derivative was evaluated at the activation A = g(Z); the functions g' of chapter 02 take the "
                "pre-activation: dZ = dA * g'(Z) (eq. (activation-backward), chapter 04)",
                "def activation_backward(dA, cache, activation):\n    g, g_grad = get_activation(activation)\n"
                "    linear_cache, Z = cache\n    return linear_backward(dA * g_grad(g(Z)), linear_cache)\n",
            ),
            Mistake(
                "extra 1/m in dZ",
                "dZ = dA * g'(Z) is per example, without 1/m: linear_backward already applies the 1/m once, in dW "
                "and db (eq. (activation-backward), chapter 04)",
                "def activation_backward(dA, cache, activation):\n    _, g_grad = get_activation(activation)\n"
                "    linear_cache, Z = cache\n"
                "    return linear_backward(dA * g_grad(Z) / Z.shape[1], linear_cache)\n",
            ),
        ),
    ),
    Exercise(
        "layers.model_backward", chapter=4, number=3, equation="model-backward",
        cases=(
            Case("2 layers relu -> sigmoid, sizes [3, 4, 1], m = 5", _model_backward(471, [3, 4, 1], ["relu", "sigmoid"], 5)),
            Case("3 layers tanh -> relu -> linear, sizes [4, 5, 3, 2], m = 6",
                 _model_backward(481, [4, 5, 3, 2], ["tanh", "relu", "linear"], 6)),
            Case("4 layers sigmoid -> relu -> tanh -> sigmoid, m = 1",
                 _model_backward(491, [2, 3, 3, 2, 1], ["sigmoid", "relu", "tanh", "sigmoid"], 1)),
            Case("a single layer (L = 1) with tanh", _model_backward(495, [3, 2], ["tanh"], 4)),
        ),
        mistakes=(
            Mistake(
                "first layer skipped",
                "the loop stopped before layer 1: go from l = L down to l = 1 inclusive (range(L, 0, -1)) and "
                "return dW1 and db1 too (eq. (model-backward), chapter 04)",
                "def model_backward(dAL, caches, activations):\n    grads, dA, L = {}, dAL, len(activations)\n"
                "    for l in range(L, 1, -1):\n"
                "        dA, grads[f'dW{l}'], grads[f'db{l}'] = activation_backward(dA, caches[l - 1], activations[l - 1])\n"
                "    return grads\n",
            ),
            Mistake(
                "activations paired with the wrong layers",
                "layer l must be differentiated with its own activation, activations[l - 1], and its own cache, "
                "caches[l - 1]; the list was read in the wrong order (eq. (model-backward), chapter 04)",
                "def model_backward(dAL, caches, activations):\n    grads, dA, L = {}, dAL, len(activations)\n"
                "    for l in range(L, 0, -1):\n"
                "        dA, grads[f'dW{l}'], grads[f'db{l}'] = activation_backward(dA, caches[l - 1], activations[L - l])\n"
                "    return grads\n",
            ),
            Mistake(
                "output layer treated as linear",
                "dAL is the gradient with respect to A_L, not Z_L: the output layer also goes through its "
                "activation, dZ_L = dAL * g_L'(Z_L) (eq. (model-backward), chapter 04)",
                "def model_backward(dAL, caches, activations):\n    grads, L = {}, len(activations)\n"
                "    dA, grads[f'dW{L}'], grads[f'db{L}'] = linear_backward(dAL, caches[L - 1][0])\n"
                "    for l in range(L - 1, 0, -1):\n"
                "        dA, grads[f'dW{l}'], grads[f'db{l}'] = activation_backward(dA, caches[l - 1], activations[l - 1])\n"
                "    return grads\n",
            ),
            Mistake(
                "gradient keys numbered from 0",
                "the gradients are named after their parameters: grads['dW1'], grads['db1'] for layer 1 up to "
                "grads['dWL'], grads['dbL'] (eq. (model-backward), chapter 04)",
                "def model_backward(dAL, caches, activations):\n    grads, dA, L = {}, dAL, len(activations)\n"
                "    for l in range(L - 1, -1, -1):\n"
                "        dA, grads[f'dW{l}'], grads[f'db{l}'] = activation_backward(dA, caches[l], activations[l])\n"
                "    return grads\n",
            ),
        ),
    ),
    Exercise(
        "gradcheck.numerical_gradient", chapter=4, number=4, equation="central-difference",
        cases=(
            Case("sum of cubes at hand-picked points, h = 1e-2", _numerical_gradient([1.0, -2.0, 0.5, 0.0], "sum_cubes", 1e-2)),
            Case("weighted sines on a (3, 4) array, default h", _numerical_gradient(randn(403, 3, 4), "weighted_sines")),
            Case("(sum x)^2 on a (2, 3) array, h = 1e-3", _numerical_gradient(randn(404, 2, 3), "square_of_sum", 1e-3)),
            Case("quadratic form on a (5,) vector, h = 1e-4", _numerical_gradient(randn(405, 5), "quadratic_form", 1e-4)),
            Case("integer list input, default h", _numerical_gradient([1, 2, -3], "sum_cubes")),
        ),
        mistakes=(
            Mistake(
                "forward differences",
                "this is the one-sided difference (f(x + h e_i) - f(x)) / h, with error O(h); use the central "
                "difference (f(x + h e_i) - f(x - h e_i)) / (2h), error O(h^2) (eq. (central-difference), chapter 04)",
                "def numerical_gradient(f, x, h=1e-5):\n    x = np.array(x, dtype=float)\n    grad = np.empty_like(x)\n"
                "    flat, g = x.reshape(-1), grad.reshape(-1)\n    f0 = f(x)\n    for i in range(flat.size):\n"
                "        old = flat[i]\n        flat[i] = old + h\n        g[i] = (f(x) - f0) / h\n        flat[i] = old\n"
                "    return grad\n",
            ),
            Mistake(
                "divided by h instead of 2h",
                "the two evaluation points are 2h apart: divide f(x + h e_i) - f(x - h e_i) by 2h, not h "
                "(eq. (central-difference), chapter 04)",
                "def numerical_gradient(f, x, h=1e-5):\n    x = np.array(x, dtype=float)\n    grad = np.empty_like(x)\n"
                "    flat, g = x.reshape(-1), grad.reshape(-1)\n    for i in range(flat.size):\n"
                "        old = flat[i]\n        flat[i] = old + h\n        fp = f(x)\n        flat[i] = old - h\n"
                "        fm = f(x)\n        flat[i] = old\n        g[i] = (fp - fm) / h\n    return grad\n",
            ),
            Mistake(
                "entry not restored",
                "after perturbing x_i, put its original value back before moving to the next entry; otherwise "
                "later partial derivatives are taken at a shifted point (eq. (central-difference), chapter 04)",
                "def numerical_gradient(f, x, h=1e-5):\n    x = np.array(x, dtype=float)\n    grad = np.empty_like(x)\n"
                "    flat, g = x.reshape(-1), grad.reshape(-1)\n    for i in range(flat.size):\n"
                "        old = flat[i]\n        flat[i] = old + h\n        fp = f(x)\n        flat[i] = old - h\n"
                "        fm = f(x)\n        g[i] = (fp - fm) / (2 * h)\n    return grad\n",
            ),
        ),
    ),
    Exercise(
        "gradcheck.relative_error", chapter=4, number=5, equation="relative-error",
        cases=(
            Case("hand-picked, with an entry 0 in both", _relative_error([1.0, 2.0, 0.0, -4.0], [1.1, 2.0, 0.0, -4.2])),
            Case("random (4, 5) gradients that nearly agree", _relative_error(*_close_pair(406, (4, 5), 1e-6))),
            Case("tiny values below the 1e-8 floor", _relative_error([1e-10, -2e-9, 0.5], [3e-10, -2e-9, 0.5])),
            Case("identical arrays give 0", _relative_error(randn(407, 3, 2), randn(407, 3, 2))),
            Case("both all zero (no division by zero)", _relative_error(np.zeros((2, 3)), np.zeros((2, 3)))),
            Case("opposite signs give 1", _relative_error([2.0, -1.0], [-2.0, -1.0])),
        ),
        mistakes=(
            Mistake(
                "ratio of norms",
                "relative_error is taken entry by entry: max over entries of |a - b| / max(1e-8, |a| + |b|), not "
                "||a - b|| / (||a|| + ||b||) (eq. (relative-error), chapter 04)",
                "def relative_error(a, b):\n    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
                "    return float(np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b)))\n",
            ),
            Mistake(
                "no floor in the denominator",
                "|a - b| / (|a| + |b|) divides 0 by 0 where both entries are 0; the denominator is "
                "max(1e-8, |a| + |b|) (eq. (relative-error), chapter 04)",
                "def relative_error(a, b):\n    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
                "    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))\n",
            ),
            Mistake(
                "1e-8 added instead of used as a floor",
                "the denominator is max(1e-8, |a| + |b|), a floor, not |a| + |b| + 1e-8: the two differ for "
                "gradients of size 1e-8 or less (eq. (relative-error), chapter 04)",
                "def relative_error(a, b):\n    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
                "    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b) + 1e-8)))\n",
            ),
            Mistake(
                "mean instead of max",
                "relative_error reports the worst entry: the max over entries of |a - b| / max(1e-8, |a| + |b|), "
                "not their mean (eq. (relative-error), chapter 04)",
                "def relative_error(a, b):\n    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
                "    return float(np.mean(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))\n",
            ),
            Mistake(
                "denominator without absolute values",
                "the denominator adds magnitudes: max(1e-8, |a| + |b|), not |a + b| (which vanishes when a = -b) "
                "(eq. (relative-error), chapter 04)",
                "def relative_error(a, b):\n    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)\n"
                "    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a + b))))\n",
            ),
        ),
    ),
]
