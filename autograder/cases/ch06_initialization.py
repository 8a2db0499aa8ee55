"""Chapter 06 — initialization.

Each initializer is graded on exact values (the docstring fixes one call
``rng.standard_normal((n_out, n_in))``, so the same seed gives the same matrix), on how much of
the generator it consumes, and on a property case (the spread of a large draw matches the
formula) that any valid Gaussian draw passes, so a student with a different but correct draw
still earns part of the points.
"""

import numpy as np

from autograder.cases._common import rng
from autograder.registry import Case, Exercise, Mistake


def _draw(name: str, n_out: int, n_in: int, seed: int):
    """Exact values: ``W`` and the generator's next numbers (they reveal how much the call consumed)."""

    def run(nn):
        gen = rng(seed)
        W = getattr(nn.initializers, name)(n_out, n_in, gen)
        return {"W": W, "next_draws": gen.random(3)}

    return run


def _uses_rng(name: str, seed: int):
    """Only whether the call drew from the given generator, and how much: shape and the next numbers."""

    def run(nn):
        gen = rng(seed)
        W = getattr(nn.initializers, name)(6, 4, gen)
        return {"shape": np.shape(W), "next_draws": gen.random(3)}

    return run


def _spread(name: str, n_out: int, n_in: int, target: float, seed: int):
    """Property: a large draw has mean ~ 0 and standard deviation ~ ``target`` (any valid Gaussian draw passes)."""

    def run(nn):
        W = np.asarray(getattr(nn.initializers, name)(n_out, n_in, rng(seed)), dtype=float)
        # 120,000 values: the std estimate is within 0.3 % of the truth (1 sigma); 3 % flags a wrong formula only
        return {
            "shape": W.shape,
            "std_ok": bool(abs(W.std() / target - 1.0) < 0.03),
            "mean_ok": bool(abs(W.mean()) < 0.03 * target),
        }

    return run


def _initializer_cases(name: str, scale) -> tuple:
    """``scale(n_out, n_in)`` is the formula's standard deviation (used only by the property case)."""
    return (
        Case("draws once from the rng argument (shape (6, 4) and the generator's next numbers)", _uses_rng(name, 61)),
        Case("exact values of W (3, 7) from default_rng(60)", _draw(name, 3, 7, 60)),
        Case("exact values of W (5, 1): a single input n_in = 1", _draw(name, 5, 1, 62)),
        Case("exact values of W (1, 12): a single unit", _draw(name, 1, 12, 63)),
        Case("std of a (300, 400) draw matches the formula (any valid Gaussian draw)",
             _spread(name, 300, 400, scale(300, 400), 64)),
    )


def _global_state(name: str, scale: str, eq: str) -> Mistake:
    return Mistake(
        "global np.random instead of rng",
        f"{name} drew its numbers from NumPy's global state (np.random.randn), not from the rng argument: draw with "
        f"rng.standard_normal((n_out, n_in)) so a seed reproduces the weights; the scale is {scale} "
        f"(eq. ({eq}), chapter 06)",
        f"def {name}(n_out, n_in, rng):\n"
        "    n_out, n_in = _check_sizes(n_out, n_in, rng)\n"
        f"    return np.random.randn(n_out, n_in) * {scale.replace('sqrt', 'np.sqrt')}\n",
    )


def _init_params_run(layer_dims, method: str, seed: int):
    def run(nn):
        gen = rng(seed)
        params = nn.initializers.init_params(list(layer_dims), method, gen)
        return {"params": params, "next_draws": gen.random(3)}

    return run


def _init_params_property(nn):
    """Property: shapes, zero biases and per-layer spreads of He initialization, whatever the exact draws."""
    dims = [300, 200, 150]
    params = nn.initializers.init_params(dims, "he", rng(66))
    out = {"keys": float(sorted(params) == ["W1", "W2", "b1", "b2"])}
    for l in (1, 2):
        W, b = np.asarray(params.get(f"W{l}", np.zeros(0))), np.asarray(params.get(f"b{l}", np.ones(0)))
        target = np.sqrt(2.0 / dims[l - 1])
        out[f"W{l}_shape"] = W.shape
        out[f"b{l}_shape"] = b.shape
        # 60,000 and 30,000 values: 3 % is ten standard errors of the std estimate
        out[f"W{l}_std_ok"] = bool(W.size > 0 and abs(W.std() / target - 1.0) < 0.03)
        out[f"b{l}_zero"] = bool(b.size > 0 and not np.any(b))
    return out


EXERCISES = [
    Exercise(
        "initializers.xavier", chapter=6, number=1, equation="lecun-init",
        cases=_initializer_cases("xavier", lambda n_out, n_in: np.sqrt(1.0 / n_in)),
        mistakes=(
            _global_state("xavier", "sqrt(1 / n_in)", "lecun-init"),
            Mistake(
                "scaled by n_out",
                "the scale uses the fan-in: W = randn(n_out, n_in) * sqrt(1/n_in), with n_in the number of columns "
                "(inputs of the layer), not n_out (eq. (lecun-init), chapter 06)",
                "def xavier(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_out)\n",
            ),
            Mistake(
                "variance instead of standard deviation",
                "randn has standard deviation 1, so multiply it by the standard deviation sqrt(1/n_in), not by the "
                "variance 1/n_in (eq. (lecun-init), chapter 06)",
                "def xavier(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * (1.0 / n_in)\n",
            ),
            Mistake(
                "Glorot's scale",
                "the course's xavier is the seed's formula, LeCun's scale sqrt(1/n_in); sqrt(2/(n_in + n_out)) is "
                "Glorot's, implemented separately in glorot (eq. (lecun-init), chapter 06)",
                "def xavier(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / (n_in + n_out))\n",
            ),
        ),
    ),
    Exercise(
        "initializers.glorot", chapter=6, number=2, equation="glorot-init",
        cases=_initializer_cases("glorot", lambda n_out, n_in: np.sqrt(2.0 / (n_in + n_out))),
        mistakes=(
            _global_state("glorot", "sqrt(2 / (n_in + n_out))", "glorot-init"),
            Mistake(
                "missing factor 2",
                "Glorot's variance is 2/(n_in + n_out), the harmonic compromise between 1/n_in and 1/n_out; "
                "sqrt(1/(n_in + n_out)) is too small by sqrt(2) (eq. (glorot-init), chapter 06)",
                "def glorot(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / (n_in + n_out))\n",
            ),
            Mistake(
                "He's scale",
                "sqrt(2/n_in) is He's scale; Glorot's averages fan-in and fan-out: sqrt(2/(n_in + n_out)) "
                "(eq. (glorot-init), chapter 06)",
                "def glorot(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)\n",
            ),
            Mistake(
                "uniform Glorot",
                "you drew Glorot's uniform variant U(-sqrt(6/(n_in+n_out)), +sqrt(6/(n_in+n_out))): its variance is "
                "right, but the course's glorot is the normal one, rng.standard_normal((n_out, n_in)) * "
                "sqrt(2/(n_in + n_out)) (eq. (glorot-init), chapter 06)",
                "def glorot(n_out, n_in, rng):\n"
                "    limit = np.sqrt(6.0 / (n_in + n_out))\n"
                "    return rng.uniform(-limit, limit, size=(n_out, n_in))\n",
            ),
        ),
    ),
    Exercise(
        "initializers.he", chapter=6, number=3, equation="he-init",
        cases=_initializer_cases("he", lambda n_out, n_in: np.sqrt(2.0 / n_in)),
        mistakes=(
            _global_state("he", "sqrt(2 / n_in)", "he-init"),
            Mistake(
                "LeCun's scale",
                "He's scale doubles the variance to make up for ReLU zeroing half of its inputs: sqrt(2/n_in), not "
                "sqrt(1/n_in) (eq. (he-init), chapter 06)",
                "def he(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_in)\n",
            ),
            Mistake(
                "variance instead of standard deviation",
                "randn has standard deviation 1, so multiply it by the standard deviation sqrt(2/n_in), not by the "
                "variance 2/n_in (eq. (he-init), chapter 06)",
                "def he(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * (2.0 / n_in)\n",
            ),
            Mistake(
                "scaled by n_out",
                "the scale uses the fan-in: W = randn(n_out, n_in) * sqrt(2/n_in), with n_in the number of columns, "
                "not n_out (eq. (he-init), chapter 06)",
                "def he(n_out, n_in, rng):\n"
                "    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_out)\n",
            ),
        ),
    ),
    Exercise(
        # init_params composes the chapter's initializers by design (through INITIALIZERS)
        "initializers.init_params", chapter=6, number=4, equation="init-params",
        cases=(
            Case("[4, 3, 2] with 'he' from default_rng(65): exact values and draw order", _init_params_run([4, 3, 2], "he", 65)),
            Case("[5, 1] with 'xavier': a single layer with one unit", _init_params_run([5, 1], "xavier", 67)),
            Case("[2, 6, 6, 1] with 'glorot': three layers", _init_params_run([2, 6, 6, 1], "glorot", 68)),
            Case("[300, 200, 150] with 'he': shapes, zero biases, spread (any valid draw)", _init_params_property),
        ),
        mistakes=(
            Mistake(
                "biases of shape (n_l,)",
                "b{l} must be a column of zeros of shape (layer_dims[l], 1), so that Z = W A + b broadcasts over the "
                "batch; np.zeros(layer_dims[l]) has shape (n_l,) (eq. (init-params), chapter 06)",
                "def init_params(layer_dims, method, rng):\n"
                "    params = {}\n"
                "    for l in range(1, len(layer_dims)):\n"
                "        params[f'W{l}'] = INITIALIZERS[method](layer_dims[l], layer_dims[l - 1], rng)\n"
                "        params[f'b{l}'] = np.zeros(layer_dims[l])\n"
                "    return params\n",
            ),
            Mistake(
                "W transposed",
                "W{l} has shape (layer_dims[l], layer_dims[l-1]) (outputs x inputs): call "
                "INITIALIZERS[method](layer_dims[l], layer_dims[l - 1], rng), n_out first (eq. (init-params), chapter 06)",
                "def init_params(layer_dims, method, rng):\n"
                "    params = {}\n"
                "    for l in range(1, len(layer_dims)):\n"
                "        params[f'W{l}'] = INITIALIZERS[method](layer_dims[l - 1], layer_dims[l], rng)\n"
                "        params[f'b{l}'] = np.zeros((layer_dims[l], 1))\n"
                "    return params\n",
            ),
            Mistake(
                "layers numbered from 0",
                "the layers are numbered from 1: params holds W1, b1, ..., WL, bL with W{l} connecting layer_dims[l-1] "
                "to layer_dims[l] (eq. (init-params), chapter 06)",
                "def init_params(layer_dims, method, rng):\n"
                "    params = {}\n"
                "    for l in range(len(layer_dims) - 1):\n"
                "        params[f'W{l}'] = INITIALIZERS[method](layer_dims[l + 1], layer_dims[l], rng)\n"
                "        params[f'b{l}'] = np.zeros((layer_dims[l + 1], 1))\n"
                "    return params\n",
            ),
            Mistake(
                "method ignored",
                "init_params must use the initializer named by method (INITIALIZERS[method]), not always the same one "
                "(eq. (init-params), chapter 06)",
                "def init_params(layer_dims, method, rng):\n"
                "    params = {}\n"
                "    for l in range(1, len(layer_dims)):\n"
                "        params[f'W{l}'] = he(layer_dims[l], layer_dims[l - 1], rng)\n"
                "        params[f'b{l}'] = np.zeros((layer_dims[l], 1))\n"
                "    return params\n",
            ),
        ),
    ),
]
