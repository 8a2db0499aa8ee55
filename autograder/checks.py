"""Checks that students run in their notebooks on their own ``nnlib`` (no reference needed).

Each exercise of the course has a check function that calls the student's function with
inputs built from plain NumPy and tests what can be known without a reference solution:
shapes, values computed by hand, agreement with a central-difference gradient
(:mod:`autograder.numgrad`, independent of the student's ``gradcheck``), and properties such
as stability or reproducibility. A failure explains the likely mistake and the equation to
reread. Notebook entry point::

    from autograder.checks import check
    check("activations.relu")          # one exercise
    check(4)                           # every exercise of chapter 04
    check()                            # everything

A stub raises ``NotImplementedError("implement nnlib.<module>.<name> (chapter NN, exercise K)")``:
naming the exercise under check it gives "not implemented", naming another exercise (a
function it builds on) it gives "blocked".
"""

from __future__ import annotations

import importlib
import os
import re
import traceback
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import registry
from .numgrad import numerical_gradient, relative_error

__all__ = ["CHECKS", "EXERCISES", "CheckResult", "check", "run_check"]


# ----------------------------------------------------------------------------- results and the exercise table


@dataclass(frozen=True)
class CheckResult:
    """Outcome of the check of one exercise.

    Attributes:
        exercise: the exercise id, e.g. ``"activations.relu"``.
        status: ``"passed"``, ``"failed"``, ``"not implemented"``, ``"blocked"`` or ``"error"``
            (the module could not be imported or lacks the function).
        message: ``""`` when passed; otherwise one or two sentences about the first failing check.
        checks_run: how many individual checks passed before stopping.
    """

    exercise: str
    status: str
    message: str
    checks_run: int


#: The exercises of the course, in course order (from the one registry of exercises).
EXERCISES: tuple[registry.Exercise, ...] = registry.EXERCISES
_BY_ID = {e.id: e for e in EXERCISES}


# ----------------------------------------------------------------------------- the checker


class _Fail(Exception):
    """A check failed; ``args[0]`` is the message for the student."""


class _Checker:
    """Counts passed checks and raises ``_Fail`` with a message at the first failing one."""

    def __init__(self, exercise: registry.Exercise):
        self.ex = exercise
        self.count = 0

    @property
    def eq(self) -> str:
        return self.ex.reference_text

    def fail(self, message: str):
        raise _Fail(message)

    def ok(self, condition, message: str) -> None:
        if not condition:
            raise _Fail(message)
        self.count += 1

    def array(self, value, what: str, shape=None, hints: dict | None = None) -> np.ndarray:
        """``value`` as a float64 array; with ``shape``, a counted shape check (``hints``: shape -> explanation)."""
        if value is None:
            self.fail(f"{what} returned None: did you forget the return statement?")
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            self.fail(f"{what} returned a {type(value).__name__}, not an array of numbers.")
        if shape is not None:
            shape = tuple(shape)
            if arr.shape != shape:
                hint = (hints or {}).get(arr.shape)
                if hint is None and arr.ndim == 2 and arr.shape == shape[::-1]:
                    hint = "it looks transposed"
                self.fail(f"{what} has shape {arr.shape}, expected {shape}" + (f": {hint}." if hint else "."))
            self.count += 1
        return arr

    def scalar(self, value, what: str) -> float:
        """``value`` as a float after a counted check that it is a single number."""
        if value is None:
            self.fail(f"{what} returned None: did you forget the return statement?")
        if np.ndim(value) != 0:
            self.fail(f"{what} must return a single number, got an array of shape {np.shape(value)}.")
        try:
            v = float(value)
        except (TypeError, ValueError):
            self.fail(f"{what} returned a {type(value).__name__}, not a number.")
        self.count += 1
        return v

    def parts(self, value, n: int, what: str, layout: str) -> tuple:
        """Unpack a returned tuple of ``n`` items (counted)."""
        if not isinstance(value, (tuple, list)) or len(value) != n:
            got = f"a {type(value).__name__}" if not isinstance(value, (tuple, list)) else f"{len(value)} items"
            self.fail(f"{what} must return {layout} ({n} items), got {got}.")
        self.count += 1
        return tuple(value)

    def close(self, actual, expected, message: str, rtol: float = 1e-9, atol: float = 1e-12) -> None:
        """Counted check that ``actual`` equals ``expected`` (same shape) within tolerances."""
        self.ok(_close(actual, expected, rtol, atol), message)

    def unchanged(self, arr, original, name: str, fn: str) -> None:
        self.ok(
            np.array_equal(arr, original),
            f"{fn} changed its argument {name} in place (e.g. `{name}[...] = ...` or `{name} *= ...`); "
            "work on a new array instead.",
        )

    def grad(self, actual, expected, name: str, *, m: int | None = None, large: str | None = None,
             small: str | None = None, generic: str | None = None) -> None:
        """Counted check of a gradient against its numerical value, naming scale mistakes."""
        a = np.asarray(actual, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
        if a.shape != e.shape:
            self.fail(f"{name} has shape {a.shape}, expected {e.shape}.")
        if _close(a, e, 1e-5, 1e-8):
            self.count += 1
            return
        s = _fitted_scale(a, e)
        if s is not None:
            if m is not None and np.isclose(s, m, rtol=1e-3):
                self.fail(large or f"{name} is m = {m} times too large: is the 1/m of {self.eq} missing?")
            if m is not None and np.isclose(s, 1.0 / m, rtol=1e-3):
                self.fail(small or f"{name} is m = {m} times too small: is there an extra 1/m? ({self.eq})")
            if np.isclose(s, -1.0, rtol=1e-3):
                self.fail(f"{name} has the wrong sign ({self.eq}).")
            if np.isclose(s, 2.0, rtol=1e-3) or np.isclose(s, 0.5, rtol=1e-3):
                self.fail(f"{name} is off by a factor {s:.3g} ({self.eq}).")
        err = relative_error(a, e)
        self.fail(generic or f"{name} differs from the numerical gradient (relative error {err:.1e}); reread {self.eq}.")


def _close(actual, expected, rtol: float, atol: float) -> bool:
    """True when both are numeric arrays of one shape, equal within tolerances (False for anything odd)."""
    try:
        a = np.asarray(actual, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))


def _fitted_scale(a: np.ndarray, e: np.ndarray):
    """The factor s with a ~= s * e, or None when a is not a multiple of e."""
    ee = float(np.vdot(e, e))
    if ee == 0.0 or not np.all(np.isfinite(a)):
        return None
    s = float(np.vdot(a, e)) / ee
    if np.allclose(a, s * e, rtol=1e-4, atol=1e-9 * max(1.0, float(np.max(np.abs(e))))):
        return s
    return None


@contextmanager
def _strict():
    """Overflow, invalid operations and division by zero raise (underflow to 0 is harmless)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            yield


def _call_strict(ck: _Checker, fn, args: tuple, message: str):
    """Call ``fn(*args)`` with floating-point warnings turned into a failure with ``message``."""
    try:
        with _strict():
            return fn(*args)
    except (FloatingPointError, RuntimeWarning) as err:
        ck.fail(f"{message} ({err}).")


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------- plain-NumPy versions (never the student's)


def _sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.minimum(np.abs(z), 708.0))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


_ACT = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.float64)),
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _random_params(dims, rng) -> dict:
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.normal(size=(dims[l], 1))
    return params


def _forward(X, params, acts):
    """Plain forward pass with caches in the layout of layers.model_forward."""
    A, caches = X, []
    for l, name in enumerate(acts, start=1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = W @ A + b
        caches.append(((A, W, b), Z))
        A = _ACT[name][0](Z)
    return A, caches


def _away_from_kinks(make, margin: float = 1e-3, first_seed: int = 0):
    """Call ``make(rng)`` with seeds 0, 1, ... until every pre-activation is at least ``margin`` from 0."""
    for seed in range(first_seed, first_seed + 200):
        out = make(_rng(seed))
        Zs = out[-1]
        if all(np.min(np.abs(Z)) > margin for Z in Zs):
            return out
    raise RuntimeError("no random net away from the ReLU kink")  # pragma: no cover


def _param_grads(J, params: dict, keys) -> dict:
    """Numerical gradient of ``J(params)`` with respect to each of ``keys``."""
    out = {}
    for key in keys:

        def f(value, key=key):
            trial = dict(params)
            trial[key] = value
            return J(trial)

        out[key] = numerical_gradient(f, params[key])
    return out


def _fmt(x) -> str:
    return np.array2string(np.asarray(x, dtype=np.float64), precision=4, separator=", ", suppress_small=True)


# ============================================================================= chapter 01


def _check_weighted_sum(nn, ck):
    f = nn.neuron.weighted_sum
    x, w, b = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]), 0.25
    x0, w0 = x.copy(), w.copy()
    z = f(x, w, b)
    if z is not None and np.shape(z) == (3,):
        ck.fail(f"weighted_sum returned an array of shape (3,) for one example: add up the products w_j x_j "
                f"into one number z = w . x + b ({ck.eq}).")
    z = ck.scalar(z, "weighted_sum(x, w, b) for x of shape (n,)")
    if np.isclose(z, 4.5):
        ck.fail(f"weighted_sum(x=[1, 2, 3], w=[0.5, -1, 2], b=0.25) returned 4.5 = w . x: the bias b is missing ({ck.eq}).")
    ck.close(z, 4.75, f"weighted_sum(x=[1, 2, 3], w=[0.5, -1, 2], b=0.25) returned {z:g}, expected "
                      f"0.5 - 2 + 6 + 0.25 = 4.75 ({ck.eq}).")
    ck.unchanged(x, x0, "x", "weighted_sum")
    ck.unchanged(w, w0, "w", "weighted_sum")
    X = _rng(1).normal(size=(3, 5))
    Z = ck.array(f(X, w, b), "weighted_sum(x, w, b) for x of shape (n, m) = (3, 5)", shape=(5,),
                 hints={(3,): "one z per column (example) is needed, z = w @ x + b",
                        (3, 5): "sum the products over the n inputs, z = w @ x + b"})
    ck.close(Z, w @ X + b, f"weighted_sum for a batch x of shape (n, m) must give z_i = w . x[:, i] + b for "
                           f"every column i ({ck.eq}).")


def _check_neuron(nn, ck):
    f = nn.neuron.neuron
    x, w, b = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]), 0.25
    calls = []

    def act(z):
        calls.append(np.shape(z))
        return 2.0 * np.asarray(z) + 1.0

    y = ck.scalar(f(x, w, b, act), "neuron(x, w, b, activation) for x of shape (n,)")
    if np.isclose(y, 4.75):
        ck.fail(f"neuron returned z = w . x + b = 4.75 without applying the activation ({ck.eq}).")
    if np.isclose(y, float(w @ (2 * x + 1) + b)):
        ck.fail(f"neuron applied the activation to the inputs x; apply it to the weighted sum z = w . x + b ({ck.eq}).")
    ck.close(y, 10.5, f"neuron with activation(z) = 2 z + 1 returned {y:g}, expected 2 * 4.75 + 1 = 10.5 ({ck.eq}).")
    X = _rng(2).normal(size=(3, 4))
    calls.clear()
    Y = ck.array(f(X, w, b, act), "neuron(x, w, b, activation) for x of shape (3, 4)", shape=(4,))
    ck.ok(len(calls) == 1, f"neuron called the activation {len(calls)} times for a batch of 4 examples; call it "
                           f"once on the whole vector z of shape (m,) ({ck.eq}).")
    ck.close(Y, 2 * (w @ X + b) + 1, f"neuron gives wrong values for a batch: expected activation(w @ x + b) ({ck.eq}).")
    T = ck.array(f(X, w, b, np.tanh), "neuron(x, w, b, np.tanh)", shape=(4,))
    ck.close(T, np.tanh(w @ X + b), f"neuron(x, w, b, np.tanh) must equal tanh(w @ x + b) ({ck.eq}).")


# ============================================================================= chapter 02


_MIXED = np.array([[-2.0, -0.5, 0.0], [0.5, 3.0, -1e-3]])


def _check_relu(nn, ck):
    f = nn.activations.relu
    z = _MIXED.copy()
    out = ck.array(f(z), "relu(z)", shape=z.shape)
    neg = _MIXED < 0
    if np.allclose(out, np.abs(_MIXED)):
        ck.fail(f"relu returned |z|: negative inputs must map to 0, relu(z) = max(0, z) ({ck.eq}).")
    ck.ok(np.all(out[neg] == 0.0), f"relu must return exactly 0 for negative inputs, got {_fmt(out[neg])} for "
                                   f"z = {_fmt(_MIXED[neg])} ({ck.eq}).")
    ck.ok(out[0, 2] == 0.0, f"relu(0) returned {out[0, 2]:g}, expected 0 ({ck.eq}).")
    ck.close(out, np.maximum(_MIXED, 0.0), f"relu must return positive inputs unchanged, got {_fmt(out)} for z = "
                                           f"{_fmt(_MIXED)} ({ck.eq}).", rtol=0, atol=0)
    ck.unchanged(z, _MIXED, "z", "relu")
    z3 = _rng(3).normal(size=(2, 3, 4))
    out3 = ck.array(f(z3), "relu(z) for z of shape (2, 3, 4)", shape=(2, 3, 4))
    ck.close(out3, np.maximum(z3, 0.0), f"relu must work elementwise on arrays of any shape ({ck.eq}).", rtol=0, atol=0)


def _check_relu_grad(nn, ck):
    f = nn.activations.relu_grad
    z = _MIXED.copy()
    raw = f(z)
    if raw is not None and getattr(np.asarray(raw), "dtype", None) == np.bool_:
        ck.fail(f"relu_grad returned booleans; return floats, e.g. (z > 0).astype(float) ({ck.eq}).")
    g = ck.array(raw, "relu_grad(z)", shape=z.shape)
    at0 = g[_MIXED == 0]
    ck.ok(np.all(at0 == 0.0), f"relu_grad(0) returned {at0[0]:g}; the course takes the derivative at 0 to be 0 ({ck.eq}).")
    if np.allclose(g, np.maximum(_MIXED, 0.0)):
        ck.fail(f"relu_grad returned max(0, z), the function itself; its derivative is 1 for z > 0 and 0 otherwise ({ck.eq}).")
    ck.ok(np.all(g[_MIXED > 0] == 1.0), f"relu_grad must be 1 for z > 0, got {_fmt(g[_MIXED > 0])} for z = "
                                        f"{_fmt(_MIXED[_MIXED > 0])} ({ck.eq}).")
    ck.ok(np.all(g[_MIXED < 0] == 0.0), f"relu_grad must be 0 for z < 0, got {_fmt(g[_MIXED < 0])} for z = "
                                        f"{_fmt(_MIXED[_MIXED < 0])} ({ck.eq}).")
    ck.unchanged(z, _MIXED, "z", "relu_grad")
    z3 = _rng(4).normal(size=(4, 5)) + 0.01
    g3 = ck.array(f(z3), "relu_grad(z) for z of shape (4, 5)", shape=(4, 5))
    num = numerical_gradient(lambda v: np.sum(np.maximum(v, 0.0)), z3, h=1e-6)
    ck.grad(g3, num, "relu_grad(z)", generic=f"relu_grad differs from the slope of relu away from 0 ({ck.eq}).")


def _check_sigmoid(nn, ck):
    f = nn.activations.sigmoid
    s0 = ck.array(f(np.array([0.0])), "sigmoid(z)", shape=(1,))
    ck.ok(s0[0] == 0.5, f"sigmoid(0) returned {s0[0]!r}, expected exactly 0.5 ({ck.eq}).")
    z = np.array([[-3.0, -1.0, 0.5], [1.0, 2.0, 4.0]])
    z0 = z.copy()
    s = ck.array(f(z), "sigmoid(z)", shape=z.shape)
    ck.close(s, _sigmoid(z0), f"sigmoid({_fmt(z0)}) returned {_fmt(s)}, expected 1 / (1 + exp(-z)) = "
                              f"{_fmt(_sigmoid(z0))} ({ck.eq}).", rtol=1e-12)
    ck.unchanged(z, z0, "z", "sigmoid")
    big = np.array([-1000.0, -750.0, 750.0, 1000.0])
    sb = _call_strict(ck, f, (big.copy(),), f"sigmoid at z = +-1000 raised a floating-point warning: exp(-z) "
                                             f"overflows for large negative z; compute it stably with exp(-|z|) ({ck.eq})")
    sb = ck.array(sb, "sigmoid(z)", shape=big.shape)
    ck.ok(np.all(np.isfinite(sb)) and np.allclose(sb, [0.0, 0.0, 1.0, 1.0], rtol=0, atol=1e-12),
          f"sigmoid([-1000, -750, 750, 1000]) returned {_fmt(sb)}, expected [0, 0, 1, 1] ({ck.eq}).")
    grid = np.linspace(-40.0, 40.0, 81)
    sg = ck.array(f(grid), "sigmoid(z)", shape=grid.shape)
    ck.ok(np.all((sg >= 0) & (sg <= 1)) and np.all(np.diff(sg) >= 0),
          f"sigmoid must be increasing with values in [0, 1] ({ck.eq}).")
    sn = ck.array(f(-grid), "sigmoid(z)", shape=grid.shape)
    ck.close(sn, 1.0 - sg, f"sigmoid(-z) must equal 1 - sigmoid(z) ({ck.eq}).", rtol=1e-12, atol=1e-15)


def _check_sigmoid_grad(nn, ck):
    f = nn.activations.sigmoid_grad
    g0 = ck.array(f(np.array([0.0])), "sigmoid_grad(z)", shape=(1,))
    if g0[0] == 0.0:
        ck.fail(f"sigmoid_grad(0) returned 0, expected 0.25: use s (1 - s) with s = sigmoid(z), not z (1 - z) ({ck.eq}).")
    ck.ok(np.isclose(g0[0], 0.25, rtol=1e-12, atol=0), f"sigmoid_grad(0) returned {g0[0]!r}, expected 0.25 ({ck.eq}).")
    z = np.linspace(-6.0, 6.0, 13).reshape(1, 13)
    z0 = z.copy()
    g = ck.array(f(z), "sigmoid_grad(z)", shape=z.shape)
    if np.allclose(g, _sigmoid(z0)):
        ck.fail(f"sigmoid_grad returned sigmoid(z) itself; the derivative is s (1 - s) with s = sigmoid(z) ({ck.eq}).")
    num = numerical_gradient(lambda v: np.sum(_sigmoid(v)), z0)
    ck.grad(g, num, "sigmoid_grad(z)", generic=f"sigmoid_grad differs from the numerical derivative of sigmoid: "
                                               f"expected s (1 - s) with s = sigmoid(z) ({ck.eq}).")
    ck.unchanged(z, z0, "z", "sigmoid_grad")
    big = np.array([-1000.0, 1000.0])
    gb = _call_strict(ck, f, (big.copy(),), f"sigmoid_grad at z = +-1000 raised a floating-point warning; it must "
                                             f"be stable like sigmoid ({ck.eq})")
    gb = ck.array(gb, "sigmoid_grad(z)", shape=(2,))
    ck.ok(np.all(np.isfinite(gb)) and np.allclose(gb, 0.0, atol=1e-12),
          f"sigmoid_grad([-1000, 1000]) returned {_fmt(gb)}, expected [0, 0] ({ck.eq}).")
    gn = ck.array(f(-z0), "sigmoid_grad(z)", shape=z.shape)
    ck.close(gn, g, f"sigmoid_grad must be even: sigmoid_grad(-z) = sigmoid_grad(z) ({ck.eq}).", rtol=1e-12, atol=1e-15)


def _check_tanh(nn, ck):
    f = nn.activations.tanh
    t0 = ck.array(f(np.array([0.0])), "tanh(z)", shape=(1,))
    ck.ok(t0[0] == 0.0, f"tanh(0) returned {t0[0]!r}, expected 0 ({ck.eq}).")
    z = np.array([[-3.0, -1.0, 0.5], [1.0, 2.0, 4.0]])
    z0 = z.copy()
    t = ck.array(f(z), "tanh(z)", shape=z.shape)
    ck.close(t, np.tanh(z0), f"tanh({_fmt(z0)}) returned {_fmt(t)}, expected {_fmt(np.tanh(z0))} ({ck.eq}).", rtol=1e-12)
    ck.unchanged(z, z0, "z", "tanh")
    big = np.array([-1000.0, 1000.0])
    tb = _call_strict(ck, f, (big.copy(),), f"tanh at z = +-1000 raised a floating-point warning: the formula "
                                             f"(e^z - e^-z) / (e^z + e^-z) overflows for large |z|; use np.tanh ({ck.eq})")
    tb = ck.array(tb, "tanh(z)", shape=(2,))
    ck.ok(np.all(np.isfinite(tb)) and np.allclose(tb, [-1.0, 1.0], rtol=0, atol=1e-12),
          f"tanh([-1000, 1000]) returned {_fmt(tb)}, expected [-1, 1]: inf / inf gives nan in the exp formula ({ck.eq}).")
    grid = np.linspace(-20.0, 20.0, 81)
    tg = ck.array(f(grid), "tanh(z)", shape=grid.shape)
    tn = ck.array(f(-grid), "tanh(z)", shape=grid.shape)
    ck.close(tn, -tg, f"tanh must be odd: tanh(-z) = -tanh(z) ({ck.eq}).", rtol=1e-12, atol=1e-15)
    ck.ok(np.all(np.abs(tg) <= 1.0), f"tanh must take values in [-1, 1] ({ck.eq}).")


def _check_tanh_grad(nn, ck):
    f = nn.activations.tanh_grad
    g0 = ck.array(f(np.array([0.0])), "tanh_grad(z)", shape=(1,))
    ck.ok(np.isclose(g0[0], 1.0, rtol=1e-12, atol=0), f"tanh_grad(0) returned {g0[0]!r}, expected 1 ({ck.eq}).")
    z = np.linspace(-3.0, 3.0, 13).reshape(1, 13)
    z0 = z.copy()
    g = ck.array(f(z), "tanh_grad(z)", shape=z.shape)
    if np.allclose(g, 1.0 - np.tanh(z0)):
        ck.fail(f"tanh_grad looks like 1 - tanh(z); the derivative is 1 - tanh(z)^2 ({ck.eq}).")
    if np.allclose(g, 1.0 - z0**2):
        ck.fail(f"tanh_grad looks like 1 - z^2; square tanh(z), not z: 1 - tanh(z)^2 ({ck.eq}).")
    num = numerical_gradient(lambda v: np.sum(np.tanh(v)), z0)
    ck.grad(g, num, "tanh_grad(z)", generic=f"tanh_grad differs from the numerical derivative of tanh: expected "
                                            f"1 - tanh(z)^2 ({ck.eq}).")
    ck.unchanged(z, z0, "z", "tanh_grad")
    big = np.array([-1000.0, 1000.0])
    gb = _call_strict(ck, f, (big.copy(),), f"tanh_grad at z = +-1000 raised a floating-point warning; use np.tanh ({ck.eq})")
    gb = ck.array(gb, "tanh_grad(z)", shape=(2,))
    ck.ok(np.all(np.isfinite(gb)) and np.allclose(gb, 0.0, atol=1e-12),
          f"tanh_grad([-1000, 1000]) returned {_fmt(gb)}, expected [0, 0] ({ck.eq}).")
    gn = ck.array(f(-z0), "tanh_grad(z)", shape=z.shape)
    ck.close(gn, g, f"tanh_grad must be even: tanh_grad(-z) = tanh_grad(z) ({ck.eq}).", rtol=1e-12, atol=1e-15)


# ============================================================================= chapter 03


def _same_arrays(got, expected) -> bool:
    return (
        isinstance(got, (tuple, list))
        and len(got) == len(expected)
        and all(np.shape(g) == np.shape(e) and np.array_equal(g, e) for g, e in zip(got, expected))
    )


def _check_linear_forward(nn, ck):
    f = nn.layers.linear_forward
    W = np.array([[1.0, 2.0], [3.0, 4.0], [-1.0, 0.5]])
    A = np.array([[1.0, 0.0, -1.0, 2.0], [2.0, 1.0, 0.0, -1.0]])
    b = np.array([[0.5], [-1.0], [2.0]])
    W0, A0, b0 = W.copy(), A.copy(), b.copy()
    Z, cache = ck.parts(f(A, W, b), 2, "linear_forward", "(Z, cache)")
    Z = ck.array(Z, "Z from linear_forward", shape=(3, 4),
                 hints={(4, 3): "Z must be (n_l, m), one column per example: Z = W @ A_prev + b"})
    if _close(Z, W0 @ A0, 1e-12, 1e-12):
        ck.fail(f"linear_forward returned Z = W @ A_prev: the bias b is missing ({ck.eq}).")
    ck.close(Z, W0 @ A0 + b0, f"linear_forward returned Z = {_fmt(Z)}, expected W @ A_prev + b = "
                              f"{_fmt(W0 @ A0 + b0)} ({ck.eq}).")
    ck.ok(_same_arrays(cache, (A0, W0, b0)),
          f"the cache of linear_forward must be the tuple (A_prev, W, b), in that order ({ck.eq}).")
    ck.unchanged(A, A0, "A_prev", "linear_forward")
    ck.unchanged(W, W0, "W", "linear_forward")
    rng = _rng(5)
    A2, W2, b2 = rng.normal(size=(5, 7)), rng.normal(size=(2, 5)), rng.normal(size=(2, 1))
    Z2, _ = ck.parts(f(A2, W2, b2), 2, "linear_forward", "(Z, cache)")
    Z2 = ck.array(Z2, "Z from linear_forward", shape=(2, 7))
    ck.close(Z2, W2 @ A2 + b2, f"linear_forward gives wrong values for A_prev (5, 7), W (2, 5), b (2, 1) ({ck.eq}).")


def _check_activation_forward(nn, ck):
    f = nn.layers.activation_forward
    rng = _rng(6)
    A_prev, W, b = rng.normal(size=(3, 6)), rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    Z = W @ A_prev + b
    for name in ("relu", "sigmoid", "tanh", "linear"):
        A, cache = ck.parts(f(A_prev.copy(), W.copy(), b.copy(), name), 2, "activation_forward", "(A, cache)")
        A = ck.array(A, f"A from activation_forward(..., {name!r})", shape=(4, 6))
        g = _ACT[name][0]
        if name != "linear" and _close(A, Z, 1e-9, 1e-12):
            ck.fail(f"activation_forward(..., {name!r}) returned Z: apply the activation, A = g(Z) ({ck.eq}).")
        if name != "linear" and _close(A, W @ g(A_prev) + b, 1e-9, 1e-12):
            ck.fail(f"activation_forward applied {name} to A_prev; apply it to Z = W @ A_prev + b ({ck.eq}).")
        ck.close(A, g(Z), f"activation_forward(..., {name!r}) must return A = {name}(W @ A_prev + b) ({ck.eq}).")
        ck.ok(isinstance(cache, (tuple, list)) and len(cache) == 2,
              f"the cache of activation_forward must be the pair (linear_cache, Z) ({ck.eq}).")
        ck.ok(_same_arrays(cache[0], (A_prev, W, b)),
              f"cache[0] of activation_forward must be linear_forward's cache (A_prev, W, b) ({ck.eq}).")
        if name != "linear" and np.shape(cache[1]) == A.shape and np.allclose(cache[1], A):
            ck.fail(f"cache[1] of activation_forward must be Z, the pre-activation, not A ({ck.eq}).")
        ck.close(cache[1], Z, f"cache[1] of activation_forward must be Z = W @ A_prev + b ({ck.eq}).")


def _check_model_forward(nn, ck):
    f = nn.layers.model_forward
    rng = _rng(7)
    dims, acts = [3, 4, 5, 2], ["relu", "tanh", "sigmoid"]
    params = _random_params(dims, rng)
    X = rng.normal(size=(3, 6))
    saved = {k: v.copy() for k, v in params.items()}
    AL_exp, caches_exp = _forward(X, params, acts)
    AL, caches = ck.parts(f(X.copy(), params, list(acts)), 2, "model_forward", "(AL, caches)")
    AL = ck.array(AL, "AL from model_forward", shape=(2, 6),
                  hints={(5, 6): "that is the output of layer 2 of 3: does the loop stop one layer early"})
    ck.ok(isinstance(caches, (list, tuple)) and len(caches) == 3,
          f"model_forward must return one cache per layer (L = 3), got "
          f"{len(caches) if isinstance(caches, (list, tuple)) else type(caches).__name__} ({ck.eq}).")
    if _close(AL, _forward(X, params, [acts[0]] * 3)[0], 1e-9, 1e-12):
        ck.fail(f"model_forward used activations[0] for every layer; layer l uses activations[l - 1] ({ck.eq}).")
    if _close(AL, _forward(X, params, ["relu", "relu", "sigmoid"])[0], 1e-9, 1e-12):
        ck.fail(f"model_forward used relu for every hidden layer; layer l uses activations[l - 1] ({ck.eq}).")
    ck.close(AL, AL_exp, f"model_forward returned wrong AL for a 3-layer net (relu, tanh, sigmoid): expected "
                         f"A_l = g_l(W_l A_(l-1) + b_l) for l = 1..L ({ck.eq}).")
    for l, (got, exp) in enumerate(zip(caches, caches_exp), start=1):
        ok = (isinstance(got, (tuple, list)) and len(got) == 2 and _same_arrays(got[0], exp[0])
              and np.shape(got[1]) == exp[1].shape and np.allclose(got[1], exp[1]))
        ck.ok(ok, f"caches[{l - 1}] must be the cache of layer {l}, ((A_prev, W{l}, b{l}), Z{l}), as returned by "
                  f"activation_forward ({ck.eq}).")
    ck.ok(all(np.array_equal(params[k], v) for k, v in saved.items()) and set(params) == set(saved),
          f"model_forward changed params; it must only read them ({ck.eq}).")
    p1 = _random_params([3, 2], rng)
    A1, c1 = ck.parts(f(X, p1, ["linear"]), 2, "model_forward", "(AL, caches)")
    A1 = ck.array(A1, "AL from model_forward with one layer", shape=(2, 6))
    ck.close(A1, p1["W1"] @ X + p1["b1"], f"model_forward with a single 'linear' layer must return W1 @ X + b1 "
                                          f"(L = len(activations) = 1) ({ck.eq}).")


# ============================================================================= chapter 04


def _check_linear_backward(nn, ck):
    f = nn.layers.linear_backward
    rng = _rng(8)
    n_prev, n_l, m = 3, 2, 5
    A, W, b, C = rng.normal(size=(n_prev, m)), rng.normal(size=(n_l, n_prev)), rng.normal(size=(n_l, 1)), rng.normal(size=(n_l, m))
    A0, W0, b0, C0 = A.copy(), W.copy(), b.copy(), C.copy()
    dA_prev, dW, db = ck.parts(f(C, (A, W, b)), 3, "linear_backward", "(dA_prev, dW, db)")
    db = ck.array(db, "db", shape=(n_l, 1), hints={
        (1, m): "sum dZ over the examples, np.sum(dZ, axis=1, keepdims=True), not over axis 0",
        (m,): "sum dZ over the examples (axis=1) with keepdims=True, not over axis 0",
        (n_l,): "keep it a column with keepdims=True",
        (): "sum over axis=1 only, with keepdims=True",
        (1, 1): "sum over axis=1 only, with keepdims=True"})
    dW = ck.array(dW, "dW", shape=(n_l, n_prev), hints={(n_prev, n_l): "dW = (1/m) dZ @ A_prev.T has the shape of W"})
    dA_prev = ck.array(dA_prev, "dA_prev", shape=(n_prev, m))
    J = lambda A_, W_, b_: np.sum(C0 * (W_ @ A_ + b_)) / m  # mean cost with per-example dZ = C  # noqa: E731
    ck.grad(dW, numerical_gradient(lambda v: J(A0, v, b0), W0), "dW", m=m,
            large=f"dW is m times too large: did you forget the 1/m of {ck.eq}?")
    ck.grad(db, numerical_gradient(lambda v: J(A0, W0, v), b0), "db", m=m,
            large=f"db is m times too large: did you forget the 1/m of {ck.eq}?")
    ck.grad(dA_prev, m * numerical_gradient(lambda v: J(v, W0, b0), A0), "dA_prev", m=m,
            small=f"dA_prev is m times too small: dA_prev = W.T @ dZ is a per-example gradient with no 1/m "
                  f"(the 1/m enters once, in dW and db; {ck.eq}).")
    ck.unchanged(C, C0, "dZ", "linear_backward")
    ck.unchanged(A, A0, "A_prev (in the cache)", "linear_backward")


def _check_activation_backward(nn, ck):
    f = nn.layers.activation_backward
    m = 5

    def make(rng):
        A, W, b = rng.normal(size=(3, m)), rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
        return A, W, b, rng.normal(size=(2, m)), [W @ A + b]

    A, W, b, C, (Z,) = _away_from_kinks(make, margin=1e-3)
    for name in ("relu", "sigmoid", "tanh", "linear"):
        g, g_grad = _ACT[name]
        res = f(C.copy(), ((A.copy(), W.copy(), b.copy()), Z.copy()), name)
        dA_prev, dW, db = ck.parts(res, 3, "activation_backward", "(dA_prev, dW, db)")
        dW = ck.array(dW, f"dW ({name})", shape=W.shape)
        db = ck.array(db, f"db ({name})", shape=b.shape)
        dA_prev = ck.array(dA_prev, f"dA_prev ({name})", shape=A.shape)
        if name != "linear":
            if _close(dW, C @ A.T / m, 1e-7, 1e-10):
                ck.fail(f"activation_backward({name!r}) looks like it used dZ = dA: multiply by g'(Z), "
                        f"dZ = dA * g'(Z) ({ck.eq}).")
            if name != "relu" and _close(dW, (C * g_grad(g(Z))) @ A.T / m, 1e-7, 1e-10):  # relu'(relu(z)) = relu'(z)
                ck.fail(f"activation_backward({name!r}) evaluated g' at A = g(Z); use the cached Z: "
                        f"dZ = dA * g'(Z) ({ck.eq}).")
            if _close(dW, (C * g(Z)) @ A.T / m, 1e-7, 1e-10):
                ck.fail(f"activation_backward({name!r}) multiplied by g(Z); it needs the derivative g'(Z) ({ck.eq}).")
        J = lambda A_, W_, b_: np.sum(C * g(W_ @ A_ + b_)) / m  # noqa: E731
        generic = f"{{}} from activation_backward({name!r}) differs from the numerical gradient: dZ = dA * g'(Z), " \
                  f"then linear_backward ({ck.eq})."
        ck.grad(dW, numerical_gradient(lambda v: J(A, v, b), W), f"dW ({name})", m=m, generic=generic.format("dW"))
        ck.grad(db, numerical_gradient(lambda v: J(A, W, v), b), f"db ({name})", m=m, generic=generic.format("db"))
        ck.grad(dA_prev, m * numerical_gradient(lambda v: J(v, W, b), A), f"dA_prev ({name})", m=m,
                generic=generic.format("dA_prev"))


def _check_model_backward(nn, ck):
    f = nn.layers.model_backward
    dims, acts, m = [3, 4, 3, 2], ["relu", "tanh", "sigmoid"], 5

    def make(rng):
        params = _random_params(dims, rng)
        X, C = rng.normal(size=(3, m)), rng.normal(size=(2, m))
        _, caches = _forward(X, params, acts)
        return params, X, C, [caches[0][1]]

    params, X, C, _ = _away_from_kinks(make, margin=1e-3)
    _, caches = _forward(X, params, acts)
    J = lambda p: np.sum(C * _forward(X, p, acts)[0]) / m  # noqa: E731
    expected = _param_grads(J, params, list(params))
    grads = f(C.copy(), caches, list(acts))
    if grads is None:
        ck.fail("model_backward returned None: did you forget the return statement?")
    ck.ok(isinstance(grads, dict), f"model_backward must return a dict {{'dW1': ..., 'db1': ..., ...}}, got a "
                                   f"{type(grads).__name__} ({ck.eq}).")
    missing = [f"d{k}" for k in params if f"d{k}" not in grads]
    ck.ok(not missing, f"model_backward's result lacks {', '.join(missing)}; it needs dW1, db1, ..., dW3, db3 "
                       f"(does the loop cover layers L down to 1?) ({ck.eq}).")
    shape_of = {v.shape: k for k, v in params.items()}
    for key in ("W3", "b3", "W2", "b2", "W1", "b1"):
        got = np.asarray(grads[f"d{key}"], dtype=np.float64)
        if got.shape != params[key].shape:
            other = shape_of.get(got.shape)
            hint = f" (the shape of {other}: are the layer indices off by one?)" if other else ""
            ck.fail(f"d{key} has shape {got.shape}, expected {params[key].shape}{hint} ({ck.eq}).")
        ck.grad(got, expected[key], f"d{key}", m=m,
                large=f"d{key} is m times too large: the 1/m enters once, in linear_backward ({ck.eq}).",
                small=f"d{key} is m times too small: pass dA_prev on without dividing by m; the 1/m enters once, "
                      f"in dW and db ({ck.eq}).",
                generic=f"d{key} differs from the numerical gradient of the mean cost: check the loop from layer L "
                        f"down to 1 and which cache and activation each layer uses ({ck.eq}).")


def _check_numerical_gradient(nn, ck):
    f = nn.gradcheck.numerical_gradient
    x = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.3]])
    x0 = x.copy()
    shapes = []

    def cube(v):
        shapes.append(np.shape(v))
        return float(np.sum(np.asarray(v) ** 3))

    g = f(cube, x)
    ck.ok(all(s == x0.shape for s in shapes) and shapes,
          f"numerical_gradient must call f with an array of x's shape {x0.shape}, got shapes "
          f"{sorted(set(shapes))[:3]} ({ck.eq}).")
    g = ck.array(g, "numerical_gradient(f, x)", shape=x0.shape)
    ck.ok(np.array_equal(x, x0), f"numerical_gradient changed the caller's x; work on a copy and restore each entry "
                                 f"exactly (x[i] = old) ({ck.eq}).")
    h = 1e-5
    forward = ((x0 + h) ** 3 - x0**3) / h
    if _close(g, forward, 1e-6, 1e-9):
        ck.fail(f"the error of numerical_gradient is of order h, not h^2: it looks like a forward difference "
                f"(f(x + h) - f(x)) / h; use the central difference (f(x + h) - f(x - h)) / (2h) ({ck.eq}).")
    if _close(g, 6 * x0**2, 1e-6, 1e-8):
        ck.fail(f"numerical_gradient is twice the derivative: divide by 2h, the distance between x + h and x - h ({ck.eq}).")
    ck.close(g, 3 * x0**2, f"numerical_gradient of f(x) = sum(x^3) must be close to 3 x^2 (error of order h^2 "
                           f"~ 1e-10); got a largest error of {np.max(np.abs(g - 3 * x0**2)):.1e} ({ck.eq}).",
             rtol=0, atol=1e-7)
    # for a cubic the central difference is exactly 3x^2 + h^2: this shows that h is used
    h = 1e-2
    gh = ck.array(f(cube, x0.copy(), h=h), "numerical_gradient(f, x, h=0.01)", shape=x0.shape)
    if _close(gh, 3 * x0**2, 0, 1e-7):
        ck.fail(f"numerical_gradient(f, x, h=0.01) gives the same result as with a tiny step: use the h argument "
                f"instead of a fixed step ({ck.eq}).")
    ck.close(gh, 3 * x0**2 + h**2, f"numerical_gradient(f, x, h=0.01) of sum(x^3) must be exactly 3 x^2 + h^2 for "
                                   f"the central difference ({ck.eq}).", rtol=0, atol=1e-9)
    M = _rng(9).normal(size=(6, 6))
    v0 = _rng(10).normal(size=(2, 3))
    quad = lambda v: float(np.asarray(v).reshape(-1) @ M @ np.asarray(v).reshape(-1))  # noqa: E731
    gq = ck.array(f(quad, v0.copy()), "numerical_gradient(f, x)", shape=v0.shape)
    ck.close(gq, ((M + M.T) @ v0.reshape(-1)).reshape(v0.shape),
             f"numerical_gradient of the quadratic x^T M x must be (M + M^T) x: perturb one entry at a time and "
             f"put it back before the next ({ck.eq}).", rtol=1e-6, atol=1e-7)


def _check_relative_error(nn, ck):
    f = nn.gradcheck.relative_error
    z = _call_strict(ck, f, (np.zeros((2, 3)), np.zeros((2, 3))),
                     f"relative_error of two zero arrays divided by zero: divide by maximum(1e-8, |a| + |b|) ({ck.eq})")
    z = ck.scalar(z, "relative_error(a, b)")
    ck.ok(z == 0.0, f"relative_error of two zero arrays returned {z!r}, expected 0 ({ck.eq}).")
    a, b = np.array([1.0, 2.0]), np.array([1.0, 3.0])
    r = ck.scalar(f(a.copy(), b.copy()), "relative_error(a, b)")
    hints = {0.5: "you divided by |a|; divide by |a| + |b|", 1.0 / 3.0: "you divided by |b|; divide by |a| + |b|",
             float(1 / (np.sqrt(5) + np.sqrt(10))): "you used norms of whole arrays; take the error entry by entry, "
                                                    "then the max",
             0.1: "you averaged over the entries; take the max", 1.0: "you forgot to divide by |a| + |b|"}
    for value, hint in hints.items():
        if np.isclose(r, value, rtol=1e-6):
            ck.fail(f"relative_error([1, 2], [1, 3]) returned {r:.4g}, expected max(0/2, 1/5) = 0.2: {hint} ({ck.eq}).")
    ck.ok(np.isclose(r, 0.2, rtol=1e-12), f"relative_error([1, 2], [1, 3]) returned {r:.4g}, expected "
                                          f"max(|a - b| / (|a| + |b|)) = max(0, 1/5) = 0.2 ({ck.eq}).")
    r2 = ck.scalar(f(b.copy(), a.copy()), "relative_error(a, b)")
    ck.ok(np.isclose(r2, r, rtol=1e-12), f"relative_error must be symmetric in a and b ({ck.eq}).")
    t = ck.scalar(f(np.array([1e-10]), np.array([0.0])), "relative_error(a, b)")
    ck.ok(np.isclose(t, 0.01, rtol=1e-9), f"relative_error([1e-10], [0]) returned {t:.4g}, expected 1e-10 / "
                                          f"max(1e-8, 1e-10) = 0.01: divide by maximum(1e-8, |a| + |b|) ({ck.eq}).")
    rng = _rng(11)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    exp = float(np.max(np.abs(A - B) / np.maximum(1e-8, np.abs(A) + np.abs(B))))
    r3 = ck.scalar(f(A, B), "relative_error(a, b)")
    ck.ok(np.isclose(r3, exp, rtol=1e-12), f"relative_error of two (3, 4) arrays returned {r3:.4g}, expected {exp:.4g} "
                                           f"({ck.eq}).")


# ============================================================================= chapter 05


def _check_mse(nn, ck):
    f = nn.losses.mse
    yp, y = np.array([[1.0, 2.0, 3.0, 4.0]]), np.array([[0.0, 2.0, 5.0, 4.0]])
    yp0, y0 = yp.copy(), y.copy()
    v = ck.scalar(f(yp, y), "mse(y_pred, y_true)")
    hints = {0.625: "you divided by 2m (the 1/2 convention); the course's mse is (1/m) sum (y_pred - y_true)^2",
             5.0: "you summed without averaging over the m = 4 examples",
             float(np.sqrt(1.25)): "that is the root of the mse",
             -1.0 / 4: "you forgot to square the differences"}
    for value, hint in hints.items():
        if np.isclose(v, value, rtol=1e-9):
            ck.fail(f"mse([[1, 2, 3, 4]], [[0, 2, 5, 4]]) returned {v:g}, expected 5/4 = 1.25: {hint} ({ck.eq}).")
    ck.ok(np.isclose(v, 1.25, rtol=1e-12), f"mse([[1, 2, 3, 4]], [[0, 2, 5, 4]]) returned {v:g}, expected "
                                           f"(1 + 0 + 4 + 0) / 4 = 1.25 ({ck.eq}).")
    ck.unchanged(yp, yp0, "y_pred", "mse")
    ck.unchanged(y, y0, "y_true", "mse")
    rng = _rng(12)
    A, B = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    v2 = ck.scalar(f(A, B), "mse(y_pred, y_true)")
    exp = float(np.sum((A - B) ** 2) / 3)
    if np.isclose(v2, exp / 2, rtol=1e-9):
        ck.fail(f"for y_pred of shape (2, 3) mse averaged over all 6 entries; sum over the output units and divide "
                f"by m = 3, the number of columns ({ck.eq}).")
    ck.ok(np.isclose(v2, exp, rtol=1e-12), f"mse for y_pred of shape (n_out, m) = (2, 3) returned {v2:.6g}, expected "
                                           f"sum of squares / m = {exp:.6g} ({ck.eq}).")
    v3 = ck.scalar(f(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 1.0])), "mse(y_pred, y_true)")
    ck.ok(np.isclose(v3, 5.0 / 3.0, rtol=1e-12), f"mse([1, 2, 3], [1, 1, 1]) returned {v3:g}, expected 5/3 for 1-D "
                                                 f"inputs of m = 3 examples ({ck.eq}).")
    ck.ok(ck.scalar(f(A, A.copy()), "mse(y_pred, y_true)") == 0.0, f"mse(y, y) must be 0 ({ck.eq}).")


def _check_mse_grad(nn, ck):
    f = nn.losses.mse_grad
    rng = _rng(13)
    m = 4
    yp, y = rng.normal(size=(2, m)), rng.normal(size=(2, m))
    yp0, y0 = yp.copy(), y.copy()
    g = ck.array(f(yp, y), "mse_grad(y_pred, y_true)", shape=(2, m))
    exp = 2.0 * (yp0 - y0)
    s = _fitted_scale(g, exp)
    if s is not None and np.isclose(s, 1.0 / m):
        ck.fail(f"mse_grad is m times too small: it looks like the seed's (2/m)(y_pred - y_true); the course's "
                f"mse_grad is the per-example gradient 2 (y_pred - y_true), the 1/m enters in dW and db ({ck.eq}).")
    if s is not None and np.isclose(s, 0.5):
        ck.fail(f"mse_grad is half the gradient: d/dy (y - t)^2 = 2 (y - t), the factor 2 is missing ({ck.eq}).")
    if s is not None and np.isclose(s, -1.0):
        ck.fail(f"mse_grad has the wrong sign: it is 2 (y_pred - y_true), not 2 (y_true - y_pred) ({ck.eq}).")
    ck.close(g, exp, f"mse_grad must be the per-example gradient 2 (y_pred - y_true) ({ck.eq}).")
    num = m * numerical_gradient(lambda v: np.sum((v - y0) ** 2) / m, yp0)
    ck.grad(g, num, "mse_grad", m=m)
    ck.unchanged(yp, yp0, "y_pred", "mse_grad")
    g1 = ck.array(f(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 1.0])), "mse_grad for 1-D inputs", shape=(3,))
    ck.close(g1, [0.0, 2.0, 4.0], f"mse_grad([1, 2, 3], [1, 1, 1]) returned {_fmt(g1)}, expected [0, 2, 4] ({ck.eq}).")


def _bce_value(p, y):
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / p.shape[-1])


def _check_bce(nn, ck):
    f = nn.losses.bce
    p, y = np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]])
    p0 = p.copy()
    exp = -(np.log(0.9) + np.log(0.8) + np.log(0.6)) / 3
    v = ck.scalar(f(p, y), "bce(y_pred, y_true)")
    hints = {3 * exp: "you summed without averaging over the m = 3 examples", -exp: "the leading minus sign is missing",
             float(-(np.log(0.9) + np.log(0.6)) / 3): "the (1 - y) log(1 - p) term is missing"}
    for value, hint in hints.items():
        if np.isclose(v, value, rtol=1e-9):
            ck.fail(f"bce([[0.9, 0.2, 0.6]], [[1, 0, 1]]) returned {v:.6g}, expected {exp:.6g}: {hint} ({ck.eq}).")
    ck.ok(np.isclose(v, exp, rtol=1e-9), f"bce([[0.9, 0.2, 0.6]], [[1, 0, 1]]) returned {v:.6g}, expected "
                                         f"-(log 0.9 + log 0.8 + log 0.6) / 3 = {exp:.6g} ({ck.eq}).")
    ck.unchanged(p, p0, "y_pred", "bce")
    clip_msg = f"bce gave a floating-point warning for y_pred of exactly 0 or 1: clip y_pred to [eps, 1 - eps] before the log ({ck.eq})"
    v0 = ck.scalar(_call_strict(ck, f, (np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])), clip_msg), "bce(y_pred, y_true)")
    ck.ok(np.isfinite(v0) and abs(v0) < 1e-9, f"bce of perfect predictions [[1, 0]] returned {v0:g}, expected ~0 ({ck.eq}).")
    v1 = ck.scalar(_call_strict(ck, f, (np.array([[0.0]]), np.array([[1.0]])), clip_msg), "bce(y_pred, y_true)")
    ck.ok(np.isclose(v1, -np.log(1e-12), rtol=1e-6), f"bce([[0]], [[1]]) returned {v1:g}, expected -log(eps) = "
                                                     f"{-np.log(1e-12):.4f} with y_pred clipped to [eps, 1 - eps] ({ck.eq}).")
    v2 = ck.scalar(f(np.array([[0.0]]), np.array([[1.0]]), eps=1e-3), "bce(y_pred, y_true, eps)")
    ck.ok(np.isclose(v2, -np.log(1e-3), rtol=1e-6), f"bce([[0]], [[1]], eps=1e-3) returned {v2:g}, expected "
                                                    f"-log(1e-3) = 6.9078: use the eps argument ({ck.eq}).")
    rng = _rng(14)
    P, Y = rng.uniform(0.05, 0.95, size=(2, 4)), (rng.random((2, 4)) < 0.5).astype(float)
    v3 = ck.scalar(f(P, Y), "bce(y_pred, y_true)")
    ck.ok(np.isclose(v3, _bce_value(P, Y), rtol=1e-9), f"bce for y_pred of shape (2, 4) must sum over the output "
                                                       f"units and divide by m = 4 ({ck.eq}).")
    soft_p, soft_y = np.array([[0.6, 0.3]]), np.array([[0.8, 0.1]])
    v4 = ck.scalar(f(soft_p, soft_y), "bce(y_pred, y_true)")
    ck.ok(np.isclose(v4, _bce_value(soft_p, soft_y), rtol=1e-9),
          f"bce with soft targets y_true = [[0.8, 0.1]] returned {v4:.6g}, expected {_bce_value(soft_p, soft_y):.6g}: "
          f"both terms y log p + (1 - y) log(1 - p) count for every entry, not only the one of the true label ({ck.eq}).")


def _check_bce_grad(nn, ck):
    f = nn.losses.bce_grad
    p, y = np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]])
    p0 = p.copy()
    g = ck.array(f(p, y), "bce_grad(y_pred, y_true)", shape=(1, 3))
    exp = np.array([[-1 / 0.9, 1 / 0.8, -1 / 0.6]])
    s = _fitted_scale(g, exp)
    if s is not None and np.isclose(s, 1 / 3):
        ck.fail(f"bce_grad is m times too small: it is the per-example gradient -y/p + (1 - y)/(1 - p), with no 1/m "
                f"(the 1/m enters in dW and db) ({ck.eq}).")
    if s is not None and np.isclose(s, -1.0):
        ck.fail(f"bce_grad has the wrong sign: it is -y/p + (1 - y)/(1 - p) ({ck.eq}).")
    ck.close(g, exp, f"bce_grad([[0.9, 0.2, 0.6]], [[1, 0, 1]]) returned {_fmt(g)}, expected -y/p + (1 - y)/(1 - p) "
                     f"= {_fmt(exp)} ({ck.eq}).")
    ck.unchanged(p, p0, "y_pred", "bce_grad")
    rng = _rng(15)
    m = 4
    P, Y = rng.uniform(0.05, 0.95, size=(2, m)), (rng.random((2, m)) < 0.5).astype(float)
    g2 = ck.array(f(P, Y), "bce_grad(y_pred, y_true)", shape=(2, m))
    ck.grad(g2, m * numerical_gradient(lambda v: _bce_value(v, Y), P, h=1e-6), "bce_grad", m=m,
            small=f"bce_grad is m times too small: it is a per-example gradient with no 1/m ({ck.eq}).")
    ge = _call_strict(ck, f, (np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])),
                      f"bce_grad gave a floating-point warning for y_pred of exactly 0 or 1: clip y_pred to "
                      f"[eps, 1 - eps] as in bce ({ck.eq})")
    ge = ck.array(ge, "bce_grad(y_pred, y_true)", shape=(1, 2))
    ck.ok(np.all(np.isfinite(ge)) and np.allclose(ge, [[-1e12, 1e12]], rtol=1e-3),
          f"bce_grad([[0, 1]], [[1, 0]]) returned {_fmt(ge)}, expected about [-1e12, 1e12] with y_pred clipped to "
          f"[eps, 1 - eps] ({ck.eq}).")


def _check_softmax(nn, ck):
    f = nn.losses.softmax
    rng = _rng(16)
    Z = rng.normal(size=(3, 4)) * 2
    Z0 = Z.copy()
    S = ck.array(f(Z), "softmax(Z)", shape=(3, 4))
    if np.allclose(S.sum(axis=1), 1.0) and not np.allclose(S.sum(axis=0), 1.0):
        ck.fail(f"softmax normalized each row (axis=1); normalize each column (axis=0), one example per column ({ck.eq}).")
    if np.isclose(S.sum(), 1.0):
        ck.fail(f"softmax normalized the whole matrix; normalize each column separately (axis=0, keepdims=True) ({ck.eq}).")
    ck.ok(np.allclose(S.sum(axis=0), 1.0, rtol=1e-12), f"every column of softmax(Z) must sum to 1, got column sums "
                                                       f"{_fmt(S.sum(axis=0))} ({ck.eq}).")
    ck.close(S, _softmax(Z0), f"softmax(Z) must be exp(Z) / sum(exp(Z), axis=0) column by column ({ck.eq}).")
    ck.unchanged(Z, Z0, "Z", "softmax")
    K = ck.array(f(np.log(np.array([[1.0], [2.0], [3.0]]))), "softmax(Z)", shape=(3, 1))
    ck.close(K, [[1 / 6], [2 / 6], [3 / 6]], f"softmax of the column [log 1, log 2, log 3] must be [1, 2, 3] / 6, got "
                                             f"{_fmt(K.ravel())} ({ck.eq}).")
    big = np.array([[1000.0], [1001.0]])
    Sb = _call_strict(ck, f, (big.copy(),), f"softmax overflowed at Z = 1000: subtract the column max before exp "
                                            f"(softmax(Z) = softmax(Z - c) for any constant c per column) ({ck.eq})")
    e = np.e
    Sb = ck.array(Sb, "softmax(Z)", shape=(2, 1))
    ck.close(Sb, [[1 / (1 + e)], [e / (1 + e)]], f"softmax([[1000], [1001]]) returned {_fmt(Sb.ravel())}, expected "
                                                 f"[1/(1+e), e/(1+e)]: subtract the column max before exp ({ck.eq}).")
    mixed = np.array([[1000.0, -1000.0], [1001.0, -999.0]])
    Sm = _call_strict(ck, f, (mixed.copy(),), f"softmax([[1000, -1000], [1001, -999]]) gave a floating-point warning: "
                                              f"subtract each column's own max (axis=0, keepdims=True), not the global max ({ck.eq})")
    Sm = ck.array(Sm, "softmax(Z)", shape=(2, 2))
    col = np.array([1 / (1 + e), e / (1 + e)])
    ck.close(Sm, np.stack([col, col], axis=1), f"softmax([[1000, -1000], [1001, -999]]) returned {_fmt(Sm)}: subtract "
                                               f"each column's own max (axis=0, keepdims=True), not the global max ({ck.eq}).")
    shift = rng.normal(size=(1, 4)) * 50
    S2 = ck.array(f(Z0 + shift), "softmax(Z)", shape=(3, 4))
    ck.close(S2, S, f"softmax must not change when a constant is added to a column ({ck.eq}).", rtol=1e-9, atol=1e-12)


def _check_cross_entropy(nn, ck):
    f = nn.losses.cross_entropy
    P = np.array([[0.7, 0.1], [0.2, 0.8], [0.1, 0.1]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    P0 = P.copy()
    exp = -(np.log(0.7) + np.log(0.8)) / 2
    v = ck.scalar(f(P, Y), "cross_entropy(y_pred, y_true_onehot)")
    bce_like = float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / 2)
    hints = {2 * exp: "you summed without averaging over the m = 2 examples (columns)",
             2 * exp / 6: "you averaged over all 6 entries; sum over the classes and divide by m = 2",
             -exp: "the leading minus sign is missing",
             bce_like: "you added (1 - y) log(1 - p) terms; cross-entropy is -(1/m) sum y log p only"}
    for value, hint in hints.items():
        if np.isclose(v, value, rtol=1e-9):
            ck.fail(f"cross_entropy returned {v:.6g}, expected -(log 0.7 + log 0.8) / 2 = {exp:.6g}: {hint} ({ck.eq}).")
    ck.ok(np.isclose(v, exp, rtol=1e-9), f"cross_entropy(P, Y) returned {v:.6g}, expected -(1/m) sum y log p = "
                                         f"-(log 0.7 + log 0.8) / 2 = {exp:.6g} ({ck.eq}).")
    ck.unchanged(P, P0, "y_pred", "cross_entropy")
    zero = np.array([[0.0, 0.0], [1.0, 1.0]])
    onehot = np.array([[1.0, 0.0], [0.0, 1.0]])
    vz = ck.scalar(_call_strict(ck, f, (zero, onehot), f"cross_entropy gave a floating-point warning for a probability "
                                                       f"of exactly 0: clip y_pred to [eps, 1] before the log ({ck.eq})"),
                   "cross_entropy(y_pred, y_true_onehot)")
    ck.ok(np.isclose(vz, -np.log(1e-12) / 2, rtol=1e-6), f"cross_entropy with p = 0 for the true class of one of two "
                                                         f"examples returned {vz:g}, expected -log(eps) / 2 = "
                                                         f"{-np.log(1e-12) / 2:.4f} ({ck.eq}).")
    rng = _rng(17)
    Pr = _softmax(rng.normal(size=(4, 5)))
    Yr = np.eye(4)[rng.integers(0, 4, size=5)].T
    vr = ck.scalar(f(Pr, Yr), "cross_entropy(y_pred, y_true_onehot)")
    er = float(-np.sum(Yr * np.log(Pr)) / 5)
    ck.ok(np.isclose(vr, er, rtol=1e-9), f"cross_entropy for (n_classes, m) = (4, 5) returned {vr:.6g}, expected "
                                         f"{er:.6g} ({ck.eq}).")


# ============================================================================= chapter 06


def _scale_alternatives(n_out: int, n_in: int) -> dict:
    return {
        "sqrt(1/n_in), the seed's Xavier (LeCun) scale": np.sqrt(1 / n_in),
        "sqrt(2/n_in), He's scale": np.sqrt(2 / n_in),
        "sqrt(2/(n_in + n_out)), Glorot's scale": np.sqrt(2 / (n_in + n_out)),
        "sqrt(1/(n_in + n_out)), Glorot's without the 2": np.sqrt(1 / (n_in + n_out)),
        "sqrt(1/n_out), n_out in place of n_in": np.sqrt(1 / n_out),
        "sqrt(2/n_out), n_out in place of n_in": np.sqrt(2 / n_out),
        "1/n_in, a variance used as standard deviation": 1 / n_in,
        "1, no scaling": 1.0,
    }


def _check_initializer(ck, fn, name: str, scale, formula: str):
    W = fn(3, 5, _rng(0))
    W = ck.array(W, f"{name}(n_out=3, n_in=5, rng)", shape=(3, 5),
                 hints={(5, 3): "W has shape (n_out, n_in), the shape of a layer's weight matrix"})
    again = ck.array(fn(3, 5, _rng(0)), f"{name}(n_out=3, n_in=5, rng)", shape=(3, 5))
    ck.ok(np.array_equal(W, again), f"two calls of {name} with generators of the same seed gave different matrices: "
                                    f"draw with the rng argument, never np.random ({ck.eq}).")
    rng = _rng(1)
    first, second = fn(3, 5, rng), fn(3, 5, rng)
    ck.ok(not np.array_equal(first, second), f"two successive calls of {name} with the same rng gave the same matrix: "
                                             f"draw from the rng you are given instead of making a new one ({ck.eq}).")
    n_out, n_in = 800, 200
    big = ck.array(fn(n_out, n_in, _rng(2)), f"{name}(n_out={n_out}, n_in={n_in}, rng)", shape=(n_out, n_in))
    std, expected = float(big.std()), float(scale(n_out, n_in))
    if not np.isclose(std, expected, rtol=0.02):
        for label, value in _scale_alternatives(n_out, n_in).items():
            if np.isclose(std, value, rtol=0.02):
                ck.fail(f"{name}({n_out}, {n_in}) has standard deviation {std:.4f}, which matches {label} = {value:.4f}; "
                        f"{name} uses {formula} = {expected:.4f} ({ck.eq}).")
        ck.fail(f"{name}({n_out}, {n_in}) has standard deviation {std:.4f}, expected {formula} = {expected:.4f} ({ck.eq}).")
    ck.count += 1
    ck.ok(abs(float(big.mean())) < 5 * expected / np.sqrt(big.size),
          f"{name}'s weights must have mean 0 (standard normal times the scale), got mean {big.mean():.4g} ({ck.eq}).")
    exact = _rng(3).standard_normal((4, 6)) * scale(4, 6)
    got = ck.array(fn(4, 6, _rng(3)), f"{name}(n_out=4, n_in=6, rng)", shape=(4, 6))
    ck.close(got, exact, f"{name} must return rng.standard_normal((n_out, n_in)) * {formula}, drawn with exactly one "
                         f"call, so that the same seed gives the same weights as the course's ({ck.eq}).",
             rtol=1e-12, atol=0)


def _check_xavier(nn, ck):
    _check_initializer(ck, nn.initializers.xavier, "xavier", lambda o, i: np.sqrt(1 / i), "sqrt(1/n_in)")


def _check_glorot(nn, ck):
    _check_initializer(ck, nn.initializers.glorot, "glorot", lambda o, i: np.sqrt(2 / (i + o)), "sqrt(2/(n_in + n_out))")


def _check_he(nn, ck):
    _check_initializer(ck, nn.initializers.he, "he", lambda o, i: np.sqrt(2 / i), "sqrt(2/n_in)")


_SCALES = {
    "xavier": lambda o, i: np.sqrt(1 / i),
    "glorot": lambda o, i: np.sqrt(2 / (i + o)),
    "he": lambda o, i: np.sqrt(2 / i),
}


def _expected_init(dims, method, seed, order=None):
    rng = _rng(seed)
    out = {}
    for l in order or range(1, len(dims)):
        out[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * _SCALES[method](dims[l], dims[l - 1])
    return out


def _check_init_params(nn, ck):
    f = nn.initializers.init_params
    dims = [4, 3, 2]
    for method in ("xavier", "glorot", "he"):
        given = list(dims)
        params = f(given, method, _rng(5))
        if params is None:
            ck.fail("init_params returned None: did you forget the return statement?")
        ck.ok(isinstance(params, dict), f"init_params must return a dict, got a {type(params).__name__} ({ck.eq}).")
        keys = {"W1", "b1", "W2", "b2"}
        ck.ok(set(params) == keys, f"init_params([4, 3, 2], ...) must return keys {sorted(keys)}, got "
                                   f"{sorted(params)} ({ck.eq}).")
        for l in (1, 2):
            ck.array(params[f"W{l}"], f"W{l}", shape=(dims[l], dims[l - 1]),
                     hints={(dims[l - 1], dims[l]): f"W{l} has shape (layer_dims[{l}], layer_dims[{l - 1}])"})
            bl = ck.array(params[f"b{l}"], f"b{l}", shape=(dims[l], 1),
                          hints={(dims[l],): f"b{l} must be a column, np.zeros((layer_dims[{l}], 1))"})
            ck.ok(np.all(bl == 0.0), f"the biases from init_params must be zeros, b{l} = {_fmt(bl.ravel())} ({ck.eq}).")
        exp = _expected_init(dims, method, 5)
        if not all(np.allclose(params[k], v, rtol=1e-12, atol=0) for k, v in exp.items()):
            for other in _SCALES:
                if other != method and all(np.allclose(params[k], v, rtol=1e-12, atol=0)
                                           for k, v in _expected_init(dims, other, 5).items()):
                    ck.fail(f"init_params(..., {method!r}, rng) gave the weights of {other!r}: pick the initializer "
                            f"named by the method argument ({ck.eq}).")
            rev = _expected_init(dims, method, 5, order=[2, 1])
            if all(np.allclose(params[k], v, rtol=1e-12, atol=0) for k, v in rev.items()):
                ck.fail(f"init_params drew W2 before W1; draw W1, W2, ..., WL in this order ({ck.eq}).")
            ck.fail(f"init_params(..., {method!r}, rng) must set W{{l}} = {method}(layer_dims[l], layer_dims[l - 1], "
                    f"rng) for l = 1..L in this order ({ck.eq}).")
        ck.count += 1
        ck.ok(given == dims, f"init_params changed the layer_dims list it was given ({ck.eq}).")
    deep = f([6, 5, 4, 3], "he", _rng(6))
    ck.ok(isinstance(deep, dict) and set(deep) == {"W1", "b1", "W2", "b2", "W3", "b3"},
          f"init_params([6, 5, 4, 3], ...) must return W1..W3 and b1..b3 ({ck.eq}).")


# ============================================================================= chapter 07


def _opt_problem(seed: int):
    rng = _rng(seed)
    params = {"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=(2, 1))}
    grads = {"dW1": rng.normal(size=(2, 3)), "db1": rng.normal(size=(2, 1))}
    return params, grads


def _check_step_in_place(ck, params, objects, name: str):
    for key, obj in objects.items():
        ck.ok(params[key] is obj, f"{name} replaced params[{key!r}] by a new array; update it in place "
                                  f"(params[{key!r}] -= ...) so that every reference to it sees the change ({ck.eq}).")


def _check_gd_step(nn, ck):
    GD = nn.optimizers.GradientDescent
    params, grads = _opt_problem(20)
    start = {k: v.copy() for k, v in params.items()}
    saved = {k: v.copy() for k, v in grads.items()}
    objects = dict(params)
    opt = GD(0.1)
    opt.step(params, grads)
    _check_step_in_place(ck, params, objects, "GradientDescent.step")
    W = params["W1"]
    if np.array_equal(W, start["W1"]):
        ck.fail(f"GradientDescent.step did not change params['W1']: update the arrays in place, "
                f"params[k] -= lr * grads['d' + k] ({ck.eq}).")
    if _close(W, start["W1"] + 0.1 * grads["dW1"], 1e-12, 1e-14):
        ck.fail(f"GradientDescent.step moved uphill: subtract lr * gradient ({ck.eq}).")
    if _close(W, start["W1"] - grads["dW1"], 1e-12, 1e-14):
        ck.fail(f"GradientDescent.step ignored the learning rate: W -= lr * dW ({ck.eq}).")
    for key in ("W1", "b1"):
        ck.close(params[key], start[key] - 0.1 * grads["d" + key], f"after one step params[{key!r}] must be "
                                                                   f"{key} - lr * d{key} ({ck.eq}).")
    ck.ok(all(np.array_equal(grads[k], v) for k, v in saved.items()), f"GradientDescent.step changed grads ({ck.eq}).")
    opt.lr = 0.01
    before = {k: v.copy() for k, v in params.items()}
    opt.step(params, grads)
    ck.close(params["W1"], before["W1"] - 0.01 * grads["dW1"],
             f"after setting opt.lr = 0.01 the next step must use it (schedules change lr between steps) ({ck.eq}).")
    extra = {"gamma1": np.ones((2, 1))}
    GD(0.5).step(extra, {"dgamma1": np.full((2, 1), 2.0)})
    ck.close(extra["gamma1"], np.zeros((2, 1)), f"GradientDescent.step must update every key k of params with "
                                                f"grads['d' + k], e.g. 'gamma1' with 'dgamma1' ({ck.eq}).")


def _check_momentum_step(nn, ck):
    Mom = nn.optimizers.Momentum
    params, g1 = _opt_problem(21)
    _, g2 = _opt_problem(22)
    p0 = {k: v.copy() for k, v in params.items()}
    objects = dict(params)
    opt = Mom(0.1, beta=0.9)
    opt.step(params, g1)
    _check_step_in_place(ck, params, objects, "Momentum.step")
    W1 = params["W1"].copy()
    if _close(W1, p0["W1"] - 0.1 * g1["dW1"], 1e-12, 1e-14):
        ck.fail(f"Momentum's first step moved params by lr * g, expected lr * (1 - beta) * g: the course's momentum is "
                f"the moving average v = beta v + (1 - beta) g ({ck.eq}).")
    if _close(W1, p0["W1"] - 0.1 * 0.9 * g1["dW1"], 1e-12, 1e-14):
        ck.fail(f"Momentum's first step moved params by lr * beta * g, expected lr * (1 - beta) * g: "
                f"v = beta v + (1 - beta) g ({ck.eq}).")
    for key in ("W1", "b1"):
        ck.close(params[key], p0[key] - 0.1 * 0.1 * g1["d" + key],
                 f"Momentum's first step must give {key} - lr * (1 - beta) * d{key} (v starts at 0, "
                 f"v = beta v + (1 - beta) g) ({ck.eq}).")
    opt.step(params, g2)
    for key in ("W1", "b1"):
        v1 = 0.1 * g1["d" + key]
        v2 = 0.9 * v1 + 0.1 * g2["d" + key]
        ck.close(params[key], p0[key] - 0.1 * v1 - 0.1 * v2,
                 f"Momentum's second step is wrong for {key!r}: keep one velocity per parameter in the optimizer and "
                 f"update it as v = beta v + (1 - beta) g, then p -= lr v ({ck.eq}).")
    fresh, _ = _opt_problem(21)
    f0 = {k: v.copy() for k, v in fresh.items()}
    Mom(0.1, beta=0.5).step(fresh, g1)
    ck.close(fresh["W1"], f0["W1"] - 0.1 * 0.5 * g1["dW1"],
             f"a new Momentum(lr=0.1, beta=0.5) must start from v = 0 and use its own beta: its first step is "
             f"lr * (1 - beta) * g; keep the velocities in the instance (self), not in the class ({ck.eq}).")


def _adam_reference(p, grads_seq, lr, b1=0.9, b2=0.999, eps=1e-8):
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    p = p.copy()
    for t, g in enumerate(grads_seq, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return p


def _adam_variant(p, grads_seq, lr, b1=0.9, b2=0.999, eps=1e-8, *, t_fixed=False, eps_inside=False,
                  store_corrected=False):
    """Adam with one typical mistake, to name it in the message."""
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    p = p.copy()
    for t, g in enumerate(grads_seq, start=1):
        t = 1 if t_fixed else t
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        if store_corrected:
            m, v = m_hat, v_hat
        p = p - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
    return p


def _diagnose_adam(ck, got, p0, seq, hyper) -> None:
    """Fail with a specific message when ``got`` matches Adam with a typical mistake."""
    if _close(got, _adam_reference(p0, seq, *hyper), 1e-9, 1e-12):
        return
    restart = p0.copy()
    for g in seq:
        restart = _adam_reference(restart, [g], *hyper)
    variants = {
        f"Adam put eps inside the square root; it goes outside: m_hat / (sqrt(v_hat) + eps) ({ck.eq}).":
            _adam_variant(p0, seq, *hyper, eps_inside=True),
        f"Adam stored the bias-corrected m_hat, v_hat as its moments; keep the raw moving averages m, v in the state "
        f"and bias-correct copies at each step ({ck.eq}).": _adam_variant(p0, seq, *hyper, store_corrected=True),
        f"Adam's t does not grow: increment self.t once per step call, t = 1, 2, 3, ... ({ck.eq}).":
            _adam_variant(p0, seq, *hyper, t_fixed=True),
        f"Adam forgot its moments between steps: keep m, v and t in the optimizer (self) and update them at every "
        f"step ({ck.eq}).": restart,
    }
    for message, value in variants.items():
        if _close(got, value, 1e-9, 1e-12):
            ck.fail(message)


def _check_adam_step(nn, ck):
    Adam = nn.optimizers.Adam
    lr = 0.01
    gW = np.array([[1e-2, -3.0, 250.0], [-0.5, 1e3, -7e-2]])
    gb = np.array([[4.0], [-1e-1]])
    W0 = _rng(23).normal(size=(2, 3))
    b0 = _rng(24).normal(size=(2, 1))
    params = {"W1": W0.copy(), "b1": b0.copy()}
    grads = {"dW1": gW, "db1": gb}
    objects = dict(params)
    opt = Adam(lr=lr)
    opt.step(params, grads)
    _check_step_in_place(ck, params, objects, "Adam.step")
    stepW = (W0 - params["W1"]) / lr
    if not np.all(np.isfinite(stepW)):
        ck.fail(f"Adam's first step gave nan or inf: t must count from 1 (increment it before the bias correction, so "
                f"1 - beta^t is never 0) and v must average the squared gradient g**2 (so sqrt(v_hat) exists) ({ck.eq}).")
    ratio = float(np.median(np.abs(stepW)))
    if np.isclose(ratio, np.sqrt(1 - 0.999) / (1 - 0.9), rtol=0.01) or np.isclose(ratio, 0.1 / np.sqrt(0.001), rtol=0.01):
        ck.fail(f"Adam's first step moved params by about {ratio:.3g} lr instead of lr: did you skip the bias correction "
                f"m / (1 - beta1^t), v / (1 - beta2^t)? ({ck.eq})")
    ck.close(stepW, np.sign(gW), f"Adam's first step must move each weight by about lr * sign(g) whatever the size of g "
                                 f"(bias correction), got steps of {_fmt(stepW.ravel())} x lr ({ck.eq}).",
             rtol=0, atol=2e-4)
    stepb = (b0 - params["b1"]) / lr
    ck.close(stepb, np.sign(gb), f"Adam's first step of 'b1' is {_fmt(stepb.ravel())} x lr, not lr * sign(g): count t "
                                 f"once per step call, not once per parameter ({ck.eq}).", rtol=0, atol=2e-4)
    for _ in range(2):
        opt.step(params, grads)
    _diagnose_adam(ck, params["W1"], W0, [gW] * 3, (lr, 0.9, 0.999, 1e-8))
    ck.close(params["W1"], _adam_reference(W0, [gW] * 3, lr),
             f"after 3 steps with the same gradient Adam must have moved each weight by about 3 lr: count t = 1, 2, 3 "
             f"(once per step) and bias-correct with it ({ck.eq}).", rtol=1e-9, atol=1e-12)
    rng = _rng(25)
    seq = [rng.normal(size=(2, 3)) for _ in range(3)]
    p2 = {"W1": W0.copy()}
    opt2 = Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6)
    for g in seq:
        opt2.step(p2, {"dW1": g})
    _diagnose_adam(ck, p2["W1"], W0, seq, (0.05, 0.8, 0.99, 1e-6))
    ck.close(p2["W1"], _adam_reference(W0, seq, 0.05, 0.8, 0.99, 1e-6),
             f"Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6) after 3 steps differs from the update m = beta1 m + "
             f"(1 - beta1) g, v = beta2 v + (1 - beta2) g^2, p -= lr m_hat / (sqrt(v_hat) + eps) ({ck.eq}).",
             rtol=1e-9, atol=1e-12)
    zero = {"W1": np.ones((1, 2))}
    _call_strict(ck, Adam(lr=0.1).step, (zero, {"dW1": np.zeros((1, 2))}),
                 f"Adam with a zero gradient raised a floating-point warning: add eps to sqrt(v_hat) ({ck.eq})")
    ck.close(zero["W1"], np.ones((1, 2)), f"Adam with a zero gradient must not move the parameter ({ck.eq}).")


# ============================================================================= chapter 08


def _l2_params():
    return {
        "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "b1": np.array([[10.0], [10.0]]),
        "gamma1": np.array([[3.0], [3.0]]),
        "beta1": np.array([[1.0], [1.0]]),
        "W2": np.array([[1.0, -1.0]]),
        "b2": np.array([[5.0]]),
    }


def _check_l2_penalty(nn, ck):
    f = nn.regularization.l2_penalty
    params = _l2_params()
    saved = {k: v.copy() for k, v in params.items()}
    v = ck.scalar(f(params, 0.5, 4), "l2_penalty(params, lambd, m)")
    hints = {
        0.5 / 8 * (32 + 200 + 25): "you penalized the biases too; L2 takes the weight matrices W1, W2, ... only",
        0.5 / 8 * (32 + 18 + 2): "you penalized the batch-norm gamma/beta too; L2 takes the weight matrices W1, W2, ... only",
        0.5 / 8 * (32 + 200 + 25 + 18 + 2): "you penalized every parameter; L2 takes the weight matrices W1, W2, ... only",
        4.0: "you used lambd / m; the penalty is lambd / (2m) * sum W^2",
        8.0: "the 1/m is missing; the penalty is lambd / (2m) * sum W^2",
        0.75: "you summed |W| (that is L1); L2 sums the squares W^2",
        0.5 / 8 * (np.sqrt(30) + np.sqrt(2)): "sum the squared entries, not the norms",
    }
    for value, hint in hints.items():
        if np.isclose(v, value, rtol=1e-9):
            ck.fail(f"l2_penalty returned {v:.6g}, expected 0.5 / (2 * 4) * (30 + 2) = 2: {hint} ({ck.eq}).")
    ck.ok(np.isclose(v, 2.0, rtol=1e-12), f"l2_penalty(W1 = [[1, 2], [3, 4]], W2 = [[1, -1]], lambd = 0.5, m = 4) "
                                          f"returned {v:.6g}, expected lambd / (2m) * (30 + 2) = 2 ({ck.eq}).")
    ck.ok(all(np.array_equal(params[k], s) for k, s in saved.items()), f"l2_penalty changed params ({ck.eq}).")
    ck.ok(ck.scalar(f(params, 0.0, 4), "l2_penalty(params, 0, m)") == 0.0, f"l2_penalty with lambd = 0 must be 0 ({ck.eq}).")
    rng = _rng(30)
    P = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=(4, 1)), "W2": rng.normal(size=(2, 4)),
         "b2": rng.normal(size=(2, 1)), "W3": rng.normal(size=(1, 2)), "b3": rng.normal(size=(1, 1))}
    exp = 0.3 / (2 * 7) * sum(float(np.sum(P[k] ** 2)) for k in ("W1", "W2", "W3"))
    v3 = ck.scalar(f(P, 0.3, 7), "l2_penalty(params, lambd, m)")
    ck.ok(np.isclose(v3, exp, rtol=1e-12), f"l2_penalty of a 3-layer net returned {v3:.6g}, expected {exp:.6g}: sum over "
                                           f"all weight matrices W1, W2, W3 ({ck.eq}).")


def _check_l2_grads(nn, ck):
    f = nn.regularization.l2_grads
    params = _l2_params()
    saved = {k: v.copy() for k, v in params.items()}
    grads = f(params, 0.5, 4)
    if grads is None:
        ck.fail("l2_grads returned None: did you forget the return statement?")
    ck.ok(all(np.array_equal(params[k], s) for k, s in saved.items()), f"l2_grads changed params; return new arrays "
                                                                       f"(lambd / m) * W ({ck.eq}).")
    ck.ok(isinstance(grads, dict), f"l2_grads must return a dict {{'dW1': ..., ...}}, got a {type(grads).__name__} ({ck.eq}).")
    if "W1" in grads and "dW1" not in grads:
        ck.fail(f"l2_grads must name the gradients 'dW1', 'dW2', ... ('d' + the parameter's key), got {sorted(grads)} ({ck.eq}).")
    extra = sorted(set(grads) - {"dW1", "dW2"})
    ck.ok(not extra, f"l2_grads must contain only the weight gradients dW1, dW2, ..., got also {extra}: biases and "
                     f"batch-norm parameters are not penalized ({ck.eq}).")
    ck.ok({"dW1", "dW2"} <= set(grads), f"l2_grads must contain dW1 and dW2, got {sorted(grads)} ({ck.eq}).")
    for key in ("W1", "W2"):
        g = ck.array(grads["d" + key], f"d{key} from l2_grads", shape=params[key].shape)
        num = numerical_gradient(lambda W: 0.5 / (2 * 4) * float(np.sum(W**2)), params[key])
        if _close(g, 0.5 / 8 * params[key], 1e-9, 1e-12):
            ck.fail(f"l2_grads returned lambd / (2m) * W, half the gradient: d/dW of lambd/(2m) sum W^2 is "
                    f"(lambd / m) * W ({ck.eq}).")
        ck.grad(g, num, f"d{key} from l2_grads", m=4,
                generic=f"d{key} from l2_grads must be (lambd / m) * {key} ({ck.eq}).")


def _check_dropout_forward(nn, ck):
    f = nn.regularization.dropout_forward
    kp = 0.8
    A = np.ones((200, 500))
    out, mask = ck.parts(f(A, kp, _rng(40)), 2, "dropout_forward", "(A_out, mask)")
    mask = ck.array(mask, "mask", shape=A.shape)
    out = ck.array(out, "A_out", shape=A.shape)
    ck.ok(np.all((mask == 0) | (mask == 1)), f"the dropout mask must hold only 0/1 (or False/True) ({ck.eq}).")
    rate = float(mask.mean())
    if abs(rate - (1 - kp)) < 0.01:
        ck.fail(f"the mask keeps a fraction {rate:.3f} of the units, about 1 - keep_prob: keep a unit when "
                f"rng.random(A.shape) < keep_prob ({ck.eq}).")
    ck.ok(abs(rate - kp) < 0.01, f"the mask keeps a fraction {rate:.3f} of the units, expected keep_prob = {kp} ({ck.eq}).")
    mean = float(out.mean())
    if abs(mean - kp) < 0.01:
        ck.fail(f"dropout is not scaled: the mean of A_out is {mean:.3f} ~ keep_prob instead of 1; inverted dropout "
                f"divides by keep_prob ({ck.eq}).")
    ck.ok(abs(mean - 1.0) < 0.015, f"inverted dropout must keep the mean: mean of A_out for A = ones is {mean:.3f}, "
                                   f"expected 1 ({ck.eq}).")
    ck.unchanged(A, np.ones((200, 500)), "A", "dropout_forward")
    ck.close(out, A * mask / kp, f"A_out must be A * mask / keep_prob with the returned mask ({ck.eq}).", rtol=1e-12)
    exp_mask = _rng(40).random(A.shape) < kp
    ck.ok(np.array_equal(mask.astype(bool), exp_mask), f"the mask must be rng.random(A.shape) < keep_prob, drawn with "
                                                       f"exactly one call, so that a seed gives the course's mask ({ck.eq}).")
    B = _rng(41).normal(size=(3, 4))
    rng = _rng(42)
    out1, mask1 = ck.parts(f(B.copy(), 1.0, rng), 2, "dropout_forward", "(A_out, mask)")
    ck.close(out1, B, f"dropout_forward with keep_prob = 1 must return A unchanged ({ck.eq}).", rtol=0, atol=0)
    ref = _rng(42)
    ref.random((3, 4))
    ck.ok(rng.random() == ref.random(), f"dropout_forward with keep_prob = 1 must still draw the mask once "
                                        f"(rng.random(A.shape)), so the random stream does not depend on keep_prob ({ck.eq}).")


def _check_dropout_backward(nn, ck):
    f = nn.regularization.dropout_backward
    rng = _rng(43)
    dA = rng.normal(size=(3, 4))
    mask = rng.random((3, 4)) < 0.7
    dA0 = dA.copy()
    g = ck.array(f(dA, mask, 0.7), "dropout_backward(dA, mask, keep_prob)", shape=(3, 4))
    if _close(g, dA0 * mask, 1e-12, 1e-14):
        ck.fail(f"dropout_backward forgot to divide by keep_prob: the forward pass scaled by 1 / keep_prob, so the "
                f"backward pass must too ({ck.eq}).")
    if _close(g, dA0 / 0.7, 1e-12, 1e-14):
        ck.fail(f"dropout_backward ignored the mask: dropped units get zero gradient, dA * mask / keep_prob ({ck.eq}).")
    ck.close(g, dA0 * mask / 0.7, f"dropout_backward must return dA * mask / keep_prob ({ck.eq}).")
    num = numerical_gradient(lambda A: float(np.sum(dA0 * (A * mask / 0.7))), rng.normal(size=(3, 4)))
    ck.grad(g, num, "dropout_backward")
    gf = ck.array(f(dA0.copy(), mask.astype(np.float64), 0.7), "dropout_backward with a float mask", shape=(3, 4))
    ck.close(gf, dA0 * mask / 0.7, f"dropout_backward must accept a 0/1 float mask as well as a boolean one ({ck.eq}).")
    g1 = ck.array(f(dA0.copy(), np.ones((3, 4), dtype=bool), 1.0), "dropout_backward", shape=(3, 4))
    ck.close(g1, dA0, f"dropout_backward with keep_prob = 1 and a full mask must return dA ({ck.eq}).", rtol=0, atol=0)
    ck.unchanged(dA, dA0, "dA", "dropout_backward")


# ============================================================================= chapter 09


def _bn_train(Z, gamma, beta, eps=1e-5, ddof=0):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, ddof=ddof, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta, mu, var


def _bn_state(n):
    return {"running_mean": np.zeros((n, 1)), "running_var": np.ones((n, 1))}


def _check_batchnorm_forward(nn, ck):
    f = nn.batchnorm.batchnorm_forward
    rng = _rng(50)
    n, m = 3, 8
    Z = rng.normal(size=(n, m)) * np.array([[2.0], [0.5], [1.0]]) + np.array([[3.0], [-2.0], [0.5]])
    Z0 = Z.copy()
    ones, zeros = np.ones((n, 1)), np.zeros((n, 1))
    state = _bn_state(n)
    out, _ = ck.parts(f(Z, ones, zeros, state, training=True), 2, "batchnorm_forward", "(out, cache)")
    out = ck.array(out, "out of batchnorm_forward", shape=(n, m))
    if np.allclose(out.mean(axis=0), 0.0, atol=1e-9) and not np.allclose(out.mean(axis=1), 0.0, atol=1e-9):
        ck.fail(f"batchnorm_forward normalized the columns; normalize each row (unit) over the batch axis, axis=1 ({ck.eq}).")
    ck.ok(np.allclose(out.mean(axis=1), 0.0, atol=1e-9), f"with gamma = 1 and beta = 0 every row of out must have "
                                                         f"mean 0, got {_fmt(out.mean(axis=1))} ({ck.eq}).")
    exp, mu, var = _bn_train(Z0, ones, zeros)
    if _close(out, _bn_train(Z0, ones, zeros, ddof=1)[0], 1e-9, 1e-12):
        ck.fail(f"batchnorm_forward used the unbiased variance (ddof=1); the course uses the biased batch variance "
                f"mean((Z - mu)^2), 1/m ({ck.eq}).")
    if _close(out, (Z0 - mu) / np.sqrt(var), 1e-12, 1e-14):
        ck.fail(f"batchnorm_forward forgot eps: Z_hat = (Z - mu) / sqrt(var + eps) ({ck.eq}).")
    if _close(out, (Z0 - mu) / (np.sqrt(var) + 1e-5), 1e-12, 1e-14):
        ck.fail(f"batchnorm_forward added eps to the standard deviation; add it to the variance, sqrt(var + eps) ({ck.eq}).")
    ck.close(out, exp, f"batchnorm_forward must give (Z - mu) / sqrt(var + eps) per row, with mu and the biased var "
                       f"over axis 1 ({ck.eq}).")
    ck.unchanged(Z, Z0, "Z", "batchnorm_forward")
    rm, rv = np.asarray(state["running_mean"]), np.asarray(state["running_var"])
    if np.array_equal(rm, zeros) and np.array_equal(rv, ones):
        ck.fail(f"batchnorm_forward did not update state in training: running = momentum * running + (1 - momentum) "
                f"* batch statistic ({ck.eq}).")
    if _close(rm, 0.9 * mu, 1e-9, 1e-12):
        ck.fail(f"the running mean weights the batch by momentum; it is running = momentum * running + "
                f"(1 - momentum) * mu ({ck.eq}).")
    ck.close(rm, 0.1 * mu, f"after one training step from running_mean = 0, state['running_mean'] must be "
                           f"momentum * 0 + (1 - momentum) * mu ({ck.eq}).")
    if _close(rv, 0.9 + 0.1 * Z0.var(axis=1, ddof=1, keepdims=True), 1e-9, 1e-12):
        ck.fail(f"the running variance used the unbiased variance; use the biased batch variance, as in the "
                f"normalization ({ck.eq}).")
    ck.close(rv, 0.9 * 1 + 0.1 * var, f"after one training step from running_var = 1, state['running_var'] must be "
                                      f"momentum * 1 + (1 - momentum) * var ({ck.eq}).")
    gamma, beta = np.array([[2.0], [1.0], [0.5]]), np.array([[1.0], [0.0], [-1.0]])
    st = _bn_state(n)
    out2, _ = ck.parts(f(Z0.copy(), gamma, beta, st, training=True, momentum=0.5), 2, "batchnorm_forward", "(out, cache)")
    ck.close(out2, _bn_train(Z0, gamma, beta)[0], f"batchnorm_forward must return gamma * Z_hat + beta ({ck.eq}).")
    ck.close(st["running_mean"], 0.5 * mu, f"with momentum = 0.5 the running mean after one step must be 0.5 * mu: "
                                           f"use the momentum argument ({ck.eq}).")
    # evaluation: running statistics, state unchanged, no batch statistics
    rm_e, rv_e = np.array([[1.0], [-1.0], [0.0]]), np.array([[4.0], [0.25], [1.0]])
    st_e = {"running_mean": rm_e.copy(), "running_var": rv_e.copy()}
    Ze = rng.normal(size=(n, 5)) + 2.0
    res = f(Ze.copy(), gamma, beta, st_e, training=False)
    oe = ck.array(res[0] if isinstance(res, (tuple, list)) else res, "out of batchnorm_forward(training=False)", shape=(n, 5))
    if _close(oe, _bn_train(Ze, gamma, beta)[0], 1e-9, 1e-12):
        ck.fail(f"in evaluation (training=False) batchnorm_forward used the batch's statistics; use "
                f"state['running_mean'] and state['running_var'] ({ck.eq}).")
    ck.close(oe, gamma * (Ze - rm_e) / np.sqrt(rv_e + 1e-5) + beta,
             f"in evaluation batchnorm_forward must give gamma * (Z - running_mean) / sqrt(running_var + eps) + beta ({ck.eq}).")
    ck.ok(np.array_equal(st_e["running_mean"], rm_e) and np.array_equal(st_e["running_var"], rv_e),
          f"batchnorm_forward changed the running statistics in evaluation (training=False); update them only in "
          f"training ({ck.eq}).")
    Zc = np.array([[2.0, 2.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0]])
    oc = _call_strict(ck, f, (Zc, np.ones((2, 1)), np.array([[0.5], [0.0]]), _bn_state(2)),
                      f"batchnorm_forward on a constant row raised a floating-point warning: divide by sqrt(var + eps) ({ck.eq})")
    oc = ck.array(oc[0] if isinstance(oc, (tuple, list)) else oc, "out of batchnorm_forward", shape=(2, 4))
    ck.close(oc[0], np.full(4, 0.5), f"a constant row has variance 0 and must normalize to 0 (then + beta) ({ck.eq}).")


def _check_batchnorm_backward(nn, ck):
    fwd, f = nn.batchnorm.batchnorm_forward, nn.batchnorm.batchnorm_backward
    rng = _rng(51)
    n, m = 3, 6
    Z = rng.normal(size=(n, m)) * 1.5 + 0.5
    gamma, beta = rng.normal(size=(n, 1)), rng.normal(size=(n, 1))
    C = rng.normal(size=(n, m))
    out, cache = ck.parts(fwd(Z.copy(), gamma.copy(), beta.copy(), _bn_state(n), training=True), 2,
                          "batchnorm_forward", "(out, cache)")
    if not _close(out, _bn_train(Z, gamma, beta)[0], 1e-9, 1e-12):
        ck.fail("batchnorm_forward (training) gives wrong values, so its backward pass cannot be checked: pass the "
                "check of batchnorm_forward first (eq. (batchnorm-forward), chapter 09).")
    C0 = C.copy()
    dZ, dgamma, dbeta = ck.parts(f(C, cache), 3, "batchnorm_backward", "(dZ, dgamma, dbeta)")
    col = {(n,): "keep a column with keepdims=True", (1, m): "sum over the batch axis 1, not axis 0"}
    dgamma = ck.array(dgamma, "dgamma", shape=(n, 1), hints=col)
    dbeta = ck.array(dbeta, "dbeta", shape=(n, 1), hints=col)
    dZ = ck.array(dZ, "dZ", shape=(n, m))
    J = lambda Z_, g_, b_: float(np.sum(C0 * _bn_train(Z_, g_, b_)[0]) / m)  # noqa: E731
    large = (f"{{}} is m times too large: dout is per example, so average over the batch, (1/m) sum over axis 1 "
             f"(the course's 1/m convention, {ck.eq}).")
    ck.grad(dbeta, numerical_gradient(lambda v: J(Z, gamma, v), beta), "dbeta", m=m, large=large.format("dbeta"))
    ck.grad(dgamma, numerical_gradient(lambda v: J(Z, v, beta), gamma), "dgamma", m=m, large=large.format("dgamma"))
    inv = 1 / np.sqrt(Z.var(axis=1, keepdims=True) + 1e-5)
    Z_hat = (Z - Z.mean(axis=1, keepdims=True)) * inv
    full = C0 - C0.mean(axis=1, keepdims=True) - Z_hat * np.mean(C0 * Z_hat, axis=1, keepdims=True)
    if _close(dZ, gamma * inv * C0, 1e-9, 1e-12):
        ck.fail(f"dZ = gamma / sqrt(var + eps) * dout treats the batch mean and variance as constants; they depend on Z, "
                f"which adds the terms - mean(dout) - Z_hat * mean(dout * Z_hat) ({ck.eq}).")
    if _close(dZ, gamma * inv * (C0 - C0.mean(axis=1, keepdims=True)), 1e-9, 1e-12):
        ck.fail(f"dZ lacks the variance's term - Z_hat * mean(dout * Z_hat): the batch variance depends on Z too ({ck.eq}).")
    if _close(dZ, inv * full, 1e-9, 1e-12):
        ck.fail(f"dZ lacks the factor gamma: out = gamma * Z_hat + beta, so dZ_hat = gamma * dout ({ck.eq}).")
    ck.grad(dZ, m * numerical_gradient(lambda v: J(v, gamma, beta), Z), "dZ", m=m,
            small=f"dZ is m times too small: it is a per-example gradient, like dout, with no 1/m ({ck.eq}).")
    ck.unchanged(C, C0, "dout", "batchnorm_backward")


# ============================================================================= chapter 10


def _check_schedule_array(ck, fn, args_before, args_after, epochs, expected, name):
    got = ck.array(fn(*args_before, epochs, *args_after), f"{name} with an array of epochs", shape=epochs.shape)
    ck.close(got, expected, f"{name} must work on an array of epochs elementwise (use np functions, not math) ({ck.eq}).",
             rtol=1e-12)
    ck.ok(np.all(np.diff(got) <= 1e-15), f"{name} must never increase with the epoch ({ck.eq}).")


def _check_inverse_time_decay(nn, ck):
    f = nn.schedules.inverse_time_decay
    v0 = ck.scalar(f(0.1, 0.5, 0), "inverse_time_decay(0.1, 0.5, epoch=0)")
    ck.ok(np.isclose(v0, 0.1, rtol=1e-12), f"inverse_time_decay at epoch 0 must return lr0 = 0.1, got {v0:g} ({ck.eq}).")
    v2 = ck.scalar(f(0.1, 0.5, 2), "inverse_time_decay(0.1, 0.5, epoch=2)")
    hints = {0.1 / 1.5**2: "that is lr0 / (1 + decay_rate)^epoch", 0.0: "that is lr0 (1 - decay_rate * epoch)",
             0.1 * np.exp(-1.0): "that is exponential decay"}
    for value, hint in hints.items():
        if np.isclose(v2, value, rtol=1e-9, atol=1e-15):
            ck.fail(f"inverse_time_decay(0.1, 0.5, 2) returned {v2:g}, expected 0.1 / (1 + 0.5 * 2) = 0.05: {hint} ({ck.eq}).")
    ck.ok(np.isclose(v2, 0.05, rtol=1e-12), f"inverse_time_decay(0.1, 0.5, 2) returned {v2:g}, expected "
                                            f"lr0 / (1 + decay_rate * epoch) = 0.05 ({ck.eq}).")
    v3 = ck.scalar(f(0.1, 0.0, 7), "inverse_time_decay(0.1, 0.0, 7)")
    ck.ok(np.isclose(v3, 0.1, rtol=1e-12), f"inverse_time_decay with decay_rate = 0 must stay at lr0 ({ck.eq}).")
    e = np.arange(6.0)
    _check_schedule_array(ck, f, (0.2, 0.25), (), e, 0.2 / (1 + 0.25 * e), "inverse_time_decay")


def _check_step_decay(nn, ck):
    f = nn.schedules.step_decay
    values = {e: ck.scalar(f(1.0, 0.5, 10, e), f"step_decay(1, 0.5, 10, epoch={e})") for e in (0, 9, 10, 19, 20, 25)}
    if np.isclose(values[9], 0.5**0.9):
        ck.fail(f"step_decay(1, 0.5, 10, epoch=9) returned {values[9]:.4g}: the rate must drop in steps, use "
                f"floor(epoch / every) ({ck.eq}).")
    if np.isclose(values[9], 0.5):
        ck.fail(f"step_decay(1, 0.5, 10, epoch=9) already dropped to 0.5: the first drop comes at epoch 10, "
                f"lr0 * drop ** floor(epoch / every) ({ck.eq}).")
    expected = {0: 1.0, 9: 1.0, 10: 0.5, 19: 0.5, 20: 0.25, 25: 0.25}
    for e, v in values.items():
        ck.ok(np.isclose(v, expected[e], rtol=1e-12), f"step_decay(1, 0.5, 10, epoch={e}) returned {v:g}, expected "
                                                      f"{expected[e]:g} = lr0 * drop ** floor(epoch / every) ({ck.eq}).")
    e = np.arange(0.0, 30.0)
    _check_schedule_array(ck, f, (0.3, 0.7, 4), (), e, 0.3 * 0.7 ** np.floor(e / 4), "step_decay")


def _check_exponential_decay(nn, ck):
    f = nn.schedules.exponential_decay
    v0 = ck.scalar(f(0.2, 0.1, 0), "exponential_decay(0.2, 0.1, epoch=0)")
    ck.ok(np.isclose(v0, 0.2, rtol=1e-12), f"exponential_decay at epoch 0 must return lr0 = 0.2, got {v0:g} ({ck.eq}).")
    v = ck.scalar(f(0.2, 0.1, 10), "exponential_decay(0.2, 0.1, epoch=10)")
    hints = {0.2 * 0.9**10: "that is lr0 (1 - k)^epoch", 0.2 * np.exp(0.1 * 10): "the minus sign is missing",
             0.2 * np.exp(-0.1): "the epoch is missing from the exponent"}
    for value, hint in hints.items():
        if np.isclose(v, value, rtol=1e-9):
            ck.fail(f"exponential_decay(0.2, 0.1, 10) returned {v:.6g}, expected 0.2 * exp(-1) = {0.2 / np.e:.6g}: "
                    f"{hint} ({ck.eq}).")
    ck.ok(np.isclose(v, 0.2 / np.e, rtol=1e-12), f"exponential_decay(0.2, 0.1, 10) returned {v:.6g}, expected "
                                                 f"lr0 * exp(-k * epoch) = {0.2 / np.e:.6g} ({ck.eq}).")
    e = np.arange(8.0)
    _check_schedule_array(ck, f, (0.5, 0.3), (), e, 0.5 * np.exp(-0.3 * e), "exponential_decay")


def _check_cosine_decay(nn, ck):
    f = nn.schedules.cosine_decay
    lr0, lr_min, T = 0.1, 0.01, 10
    v0 = ck.scalar(f(lr0, 0, T, lr_min), "cosine_decay(0.1, epoch=0, total_epochs=10, lr_min=0.01)")
    ck.ok(np.isclose(v0, lr0, rtol=1e-12), f"cosine_decay at epoch 0 must return lr0 = 0.1, got {v0:g} ({ck.eq}).")
    vm = ck.scalar(f(lr0, 5, T, lr_min), "cosine_decay(0.1, epoch=5, total_epochs=10, lr_min=0.01)")
    if np.isclose(vm, lr0 / 2):
        ck.fail(f"cosine_decay at total_epochs / 2 returned {vm:g}, expected (lr0 + lr_min) / 2 = 0.055: "
                f"use lr_min + (lr0 - lr_min) (1 + cos(pi epoch / total_epochs)) / 2 ({ck.eq}).")
    ck.ok(np.isclose(vm, 0.055, rtol=1e-12), f"cosine_decay at total_epochs / 2 returned {vm:g}, expected "
                                             f"(lr0 + lr_min) / 2 = 0.055 ({ck.eq}).")
    vT = ck.scalar(f(lr0, T, T, lr_min), "cosine_decay(0.1, epoch=10, total_epochs=10, lr_min=0.01)")
    if np.isclose(vT, 0.0, atol=1e-15):
        ck.fail(f"cosine_decay at total_epochs returned 0, expected lr_min = 0.01: use the lr_min argument ({ck.eq}).")
    ck.ok(np.isclose(vT, lr_min, rtol=1e-12), f"cosine_decay at total_epochs returned {vT:g}, expected lr_min = 0.01 ({ck.eq}).")
    v1 = ck.scalar(f(lr0, 2.5, T, lr_min), "cosine_decay(0.1, epoch=2.5, total_epochs=10, lr_min=0.01)")
    e1 = lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi / 4)) / 2
    ck.ok(np.isclose(v1, e1, rtol=1e-12), f"cosine_decay(0.1, 2.5, 10, 0.01) returned {v1:.6g}, expected "
                                          f"lr_min + (lr0 - lr_min) (1 + cos(pi / 4)) / 2 = {e1:.6g} ({ck.eq}).")
    v2 = ck.scalar(f(lr0, 15, T, lr_min), "cosine_decay(0.1, epoch=15, total_epochs=10, lr_min=0.01)")
    ck.ok(np.isclose(v2, lr_min, rtol=1e-12), f"cosine_decay after total_epochs returned {v2:.6g}; the rate must stay at "
                                              f"lr_min = 0.01 (use min(epoch, total_epochs)) ({ck.eq}).")
    vd = ck.scalar(f(0.3, 4, 8), "cosine_decay(0.3, epoch=4, total_epochs=8)")
    ck.ok(np.isclose(vd, 0.15, rtol=1e-12), f"cosine_decay with the default lr_min = 0 must reach lr0 / 2 at "
                                            f"total_epochs / 2, got {vd:g} ({ck.eq}).")
    e = np.arange(0.0, 13.0)
    exp = lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * np.minimum(e, T) / T)) / 2
    got = ck.array(f(lr0, e, T, lr_min), "cosine_decay with an array of epochs", shape=e.shape)
    ck.close(got, exp, f"cosine_decay must work on an array of epochs elementwise (use np.cos and np.minimum) ({ck.eq}).",
             rtol=1e-12)
    ck.ok(np.all(np.diff(got) <= 1e-15), f"cosine_decay must never increase with the epoch ({ck.eq}).")


# ============================================================================= chapter 11


def _own_mlp_forward(X, params, acts, masks=None, keep_prob=1.0, bn=False, eps=1e-5):
    """Plain forward pass of an MLP, caches in MLP.forward's layout (bn caches left None)."""
    L = len(acts)
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = W @ A + b
        linear = (A, W, b)
        if bn and l < L:
            Z = _bn_train(Z, params[f"gamma{l}"], params[f"beta{l}"], eps)[0]
        name = acts[l - 1]
        A = _softmax(Z) if name == "softmax" else _ACT[name][0](Z)
        mask = None
        if masks is not None and l < L:
            mask = masks[l]
            A = A * mask / keep_prob
        caches.append({"linear": linear, "bn": None, "Z": Z, "mask": mask})
    return A, caches


def _own_mlp_loss(AL, Y, output, params, l2):
    m = AL.shape[1]
    if output == "softmax":
        data = -np.sum(Y * np.log(AL)) / m
    elif output == "sigmoid":
        data = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    else:
        data = np.sum((AL - Y) ** 2) / m
    penalty = l2 / (2 * m) * sum(float(np.sum(v**2)) for k, v in params.items() if re.fullmatch(r"W\d+", k))
    return float(data + penalty)


def _new_mlp(nn, dims, acts, seed, **kw):
    net = nn.network.MLP(list(dims), list(acts), rng=_rng(seed), **kw)
    return net


def _set_params(net, params):
    for k, v in params.items():
        net.params[k] = v.copy()


def _check_mlp_caches(ck, caches, L):
    ck.ok(isinstance(caches, (list, tuple)) and len(caches) == L,
          f"MLP.forward must return one cache per layer (L = {L}), got "
          f"{len(caches) if isinstance(caches, (list, tuple)) else type(caches).__name__} ({ck.eq}).")
    for l, c in enumerate(caches, start=1):
        ck.ok(isinstance(c, dict) and {"linear", "bn", "Z", "mask"} <= set(c),
              f"caches[{l - 1}] must be a dict with keys 'linear', 'bn', 'Z' and 'mask' ({ck.eq}).")


def _check_mlp_forward(nn, ck):
    rng = _rng(60)
    X = rng.normal(size=(3, 5))
    # 1. plain net, evaluation mode
    net = _new_mlp(nn, [3, 4, 1], ["relu", "sigmoid"], 0)
    params = _random_params([3, 4, 1], rng)
    _set_params(net, params)
    AL, caches = ck.parts(net.forward(X.copy()), 2, "MLP.forward", "(AL, caches)")
    exp, exp_caches = _own_mlp_forward(X, params, ["relu", "sigmoid"])
    AL = ck.array(AL, "AL from MLP.forward", shape=(1, 5))
    ck.close(AL, exp, f"MLP.forward of a relu/sigmoid net returned wrong values: A = g(W A_prev + b) layer by layer "
                      f"({ck.eq}).")
    _check_mlp_caches(ck, caches, 2)
    for l in (1, 2):
        c, e = caches[l - 1], exp_caches[l - 1]
        ck.ok(_same_arrays(c["linear"], e["linear"]), f"caches[{l - 1}]['linear'] must be linear_forward's cache "
                                                      f"(A_prev, W{l}, b{l}) ({ck.eq}).")
        ck.close(c["Z"], e["Z"], f"caches[{l - 1}]['Z'] must be the input of the activation of layer {l} ({ck.eq}).")
        ck.ok(c["bn"] is None and c["mask"] is None, f"without batch norm and dropout, caches[{l - 1}]['bn'] and "
                                                     f"['mask'] must be None ({ck.eq}).")
    # 2. softmax output
    net = _new_mlp(nn, [3, 5, 4], ["tanh", "softmax"], 1)
    params = _random_params([3, 5, 4], rng)
    _set_params(net, params)
    AL, _ = ck.parts(net.forward(X.copy()), 2, "MLP.forward", "(AL, caches)")
    AL = ck.array(AL, "AL from MLP.forward", shape=(4, 5))
    ck.close(AL, _own_mlp_forward(X, params, ["tanh", "softmax"])[0],
             f"MLP.forward with a 'softmax' output must apply losses.softmax to Z of the last layer ({ck.eq}).")
    # 3. dropout: hidden layers, training only
    kp = 0.5
    net = _new_mlp(nn, [3, 6, 6, 2], ["relu", "tanh", "linear"], 2, keep_prob=kp)
    params = _random_params([3, 6, 6, 2], rng)
    _set_params(net, params)
    acts = ["relu", "tanh", "linear"]
    AL, caches = ck.parts(net.forward(X.copy(), training=False), 2, "MLP.forward", "(AL, caches)")
    ck.close(AL, _own_mlp_forward(X, params, acts)[0],
             f"MLP.forward(training=False) must not apply dropout (evaluation mode) ({ck.eq}).")
    ck.ok(all(c["mask"] is None for c in caches), f"MLP.forward(training=False) must store mask None ({ck.eq}).")
    AL, caches = ck.parts(net.forward(X.copy(), training=True), 2, "MLP.forward", "(AL, caches)")
    _check_mlp_caches(ck, caches, 3)
    ck.ok(caches[2]["mask"] is None, f"dropout applies to the hidden layers only, not to the output layer: "
                                     f"caches[-1]['mask'] must be None ({ck.eq}).")
    masks = {}
    for l in (1, 2):
        mask = caches[l - 1]["mask"]
        ck.ok(mask is not None and np.shape(mask) == (6, 5) and 0 < np.mean(mask) < 1,
              f"MLP.forward(training=True) with keep_prob = {kp} must apply dropout_forward to hidden layer {l} and "
              f"store its mask in caches[{l - 1}]['mask'] ({ck.eq}).")
        masks[l] = np.asarray(mask, dtype=np.float64)
    ck.close(AL, _own_mlp_forward(X, params, acts, masks=masks, keep_prob=kp)[0],
             f"MLP.forward(training=True) gives wrong values with dropout: A = dropout(g(Z)) in each hidden layer, "
             f"with the mask stored in the cache ({ck.eq}).")
    # 4. batch norm: batch statistics in training, running statistics in evaluation
    net = _new_mlp(nn, [3, 4, 2], ["relu", "linear"], 3, batchnorm=True)
    params = _random_params([3, 4, 2], rng)
    params["gamma1"], params["beta1"] = rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
    _set_params(net, params)
    AL, caches = ck.parts(net.forward(X.copy(), training=True), 2, "MLP.forward", "(AL, caches)")
    ck.close(AL, _own_mlp_forward(X, params, ["relu", "linear"], bn=True)[0],
             f"MLP.forward(training=True) with batchnorm=True must batch-normalize Z of each hidden layer with "
             f"gamma{{l}}, beta{{l}} and self.bn_states[l] before the activation ({ck.eq}).")
    ck.ok(caches[0]["bn"] is not None and caches[1]["bn"] is None,
          f"with batch norm, caches[l - 1]['bn'] holds batchnorm_forward's cache for hidden layers and None for the "
          f"output layer ({ck.eq}).")
    state = net.bn_states[1]
    rm, rv = np.array(state["running_mean"]), np.array(state["running_var"])
    ck.ok(not np.allclose(rm, 0.0), f"MLP.forward(training=True) must pass self.bn_states[l] to batchnorm_forward so "
                                    f"the running statistics are updated ({ck.eq}).")
    AL, _ = ck.parts(net.forward(X.copy(), training=False), 2, "MLP.forward", "(AL, caches)")
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(params["gamma1"] * (Z1 - rm) / np.sqrt(rv + 1e-5) + params["beta1"], 0.0)
    ck.close(AL, params["W2"] @ A1 + params["b2"],
             f"MLP.forward(training=False) with batch norm must use the running statistics (pass training=training "
             f"to batchnorm_forward) ({ck.eq}).")


def _check_mlp_backward(nn, ck):
    m = 6

    def case(dims, acts, seed, l2=0.0, keep_prob=1.0, label=""):
        output = acts[-1]

        def make(rng):
            params = _random_params(dims, rng)
            X = rng.normal(size=(dims[0], m))
            masks = None
            if keep_prob < 1:
                masks = {l: (rng.random((dims[l], m)) < keep_prob).astype(np.float64) for l in range(1, len(dims) - 1)}
            _, caches = _own_mlp_forward(X, params, acts, masks, keep_prob)
            Zs = [c["Z"] for c, a in zip(caches, acts) if a == "relu"]
            return params, X, masks, Zs

        params, X, masks, _ = _away_from_kinks(make, first_seed=seed)
        rng = _rng(seed + 1000)
        if output == "softmax":
            Y = np.eye(dims[-1])[rng.integers(0, dims[-1], size=m)].T
        elif output == "sigmoid":
            Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        else:
            Y = rng.normal(size=(dims[-1], m))
        net = _new_mlp(nn, dims, acts, seed, l2=l2, keep_prob=keep_prob)
        _set_params(net, params)
        AL, caches = _own_mlp_forward(X, params, acts, masks, keep_prob)
        grads = net.backward(AL, Y.copy(), caches)
        J = lambda p: _own_mlp_loss(_own_mlp_forward(X, p, acts, masks, keep_prob)[0], Y, output, p, l2)  # noqa: E731
        expected = _param_grads(J, params, list(params))
        _compare_grads(ck, grads, expected, params, m, label)

    case([3, 4, 1], ["relu", "sigmoid"], 0, label="relu -> sigmoid output with BCE")
    case([3, 5, 3], ["tanh", "softmax"], 10, l2=0.3, label="tanh -> softmax output with cross-entropy and l2 = 0.3")
    case([2, 4, 3, 2], ["relu", "tanh", "linear"], 20, keep_prob=0.6,
         label="relu, tanh -> linear output with MSE and dropout keep_prob = 0.6")
    # batch norm: the cache layout of batchnorm_forward is the student's, so use their forward pass
    dims, acts = [3, 4, 3], ["relu", "softmax"]

    def make_bn(rng):
        params = _random_params(dims, rng)
        params["gamma1"], params["beta1"] = rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
        X = rng.normal(size=(3, m))
        _, caches = _own_mlp_forward(X, params, acts, bn=True)
        return params, X, [caches[0]["Z"]]

    params, X, _ = _away_from_kinks(make_bn, first_seed=30)
    Y = np.eye(3)[_rng(31).integers(0, 3, size=m)].T
    net = _new_mlp(nn, dims, acts, 30, batchnorm=True)
    _set_params(net, params)
    AL, caches = net.forward(X.copy(), training=True)
    if not _close(AL, _own_mlp_forward(X, params, acts, bn=True)[0], 1e-9, 1e-12):
        ck.fail("MLP.forward(training=True) with batch norm gives wrong outputs, so backward cannot be checked with "
                "batch norm: pass the check of MLP.forward first (eq. (mlp-forward), chapter 11).")
    grads = net.backward(AL, Y, caches)
    J = lambda p: _own_mlp_loss(_own_mlp_forward(X, p, acts, bn=True)[0], Y, "softmax", p, 0.0)  # noqa: E731
    _compare_grads(ck, grads, _param_grads(J, params, list(params)), params, m,
                   "relu with batch norm -> softmax output")


def _compare_grads(ck, grads, expected, params, m, label):
    if grads is None:
        ck.fail("MLP.backward returned None: did you forget the return statement?")
    ck.ok(isinstance(grads, dict), f"MLP.backward must return a dict of gradients, got a {type(grads).__name__} ({ck.eq}).")
    missing = [f"d{k}" for k in params if f"d{k}" not in grads]
    ck.ok(not missing, f"MLP.backward ({label}) lacks {', '.join(missing)}: return one gradient 'd' + key per key of "
                       f"self.params ({ck.eq}).")
    for key in sorted(params, key=lambda k: (-int(re.sub(r"\D", "", k)), k)):
        got = ck.array(grads[f"d{key}"], f"d{key} from MLP.backward", shape=params[key].shape)
        ck.grad(got, expected[key], f"d{key}", m=m,
                large=f"d{key} from MLP.backward ({label}) is m times too large: the 1/m enters once, in "
                      f"linear_backward (dZ_L = AL - Y is per example) ({ck.eq}).",
                small=f"d{key} from MLP.backward ({label}) is m times too small: dZ_L = AL - Y is per example, "
                      f"without 1/m ({ck.eq}).",
                generic=f"d{key} from MLP.backward ({label}) differs from the numerical gradient of the loss ({ck.eq}).")


def _blobs(rng, m):
    y = (np.arange(m) % 2).astype(np.float64)
    X = rng.normal(scale=0.6, size=(2, m)) + np.where(y == 1, 1.5, -1.5)
    return X, y.reshape(1, m)


def _check_mlp_fit(nn, ck):
    rng = _rng(70)
    X, Y = _blobs(rng, 60)
    net = _new_mlp(nn, [2, 5, 1], ["tanh", "sigmoid"], 0, optimizer=nn.optimizers.GradientDescent(0.5))
    sizes = []
    original = net.train_step

    def counting(Xb, Yb):
        sizes.append(np.shape(Xb)[1] if np.ndim(Xb) == 2 else -1)
        return original(Xb, Yb)

    net.train_step = counting  # on this instance only
    epochs, batch = 6, 16
    hist = net.fit(X.copy(), Y.copy(), epochs, batch_size=batch)
    ck.ok(len(sizes) == epochs * 4, f"fit(X, Y, epochs=6, batch_size=16) on m = 60 examples must call train_step once "
                                    f"per minibatch, 6 x 4 = 24 times, got {len(sizes)} ({ck.eq}).")
    ck.ok(max(sizes) <= batch and sum(sizes) == epochs * 60,
          f"each epoch must pass over all m = 60 columns in minibatches of at most 16 (use data.minibatches) ({ck.eq}).")
    if hist is None:
        ck.fail("MLP.fit returned None: return the history dict (and store it in self.history).")
    ck.ok(isinstance(hist, dict), f"MLP.fit must return the history dict, got a {type(hist).__name__} ({ck.eq}).")
    for key in ("loss", "accuracy", "lr"):
        ck.ok(key in hist and len(hist[key]) == epochs,
              f"history[{key!r}] must hold one value per epoch ({epochs}), got "
              f"{len(hist[key]) if key in hist else 'no such key'} ({ck.eq}).")
    ck.ok(net.history is hist or net.history == hist, f"fit must store the history in self.history ({ck.eq}).")
    final = net.loss(net.predict_proba(X), Y)
    ck.ok(np.isclose(hist["loss"][-1], final, rtol=1e-9),
          f"history['loss'][-1] = {hist['loss'][-1]:.6g} is not the loss on the whole training set after the last "
          f"epoch in evaluation mode ({final:.6g}) ({ck.eq}).")
    ck.ok(np.isclose(hist["accuracy"][-1], net.accuracy(X, Y)), f"history['accuracy'] must be the accuracy on the whole "
                                                                f"training set after each epoch ({ck.eq}).")
    ck.ok(all(np.isclose(v, 0.5) for v in hist["lr"]), f"without a schedule history['lr'] must record the optimizer's lr "
                                                       f"(0.5) each epoch, got {hist['lr'][:3]} ({ck.eq}).")
    net2 = _new_mlp(nn, [2, 5, 1], ["tanh", "sigmoid"], 1, optimizer=nn.optimizers.GradientDescent(0.5))
    Xv, Yv = _blobs(_rng(71), 20)
    schedule = lambda e: 0.5 / (1 + e)  # noqa: E731
    hist2 = net2.fit(X.copy(), Y.copy(), 30, batch_size=16, schedule=schedule, validation=(Xv, Yv))
    ck.ok(isinstance(hist2, dict) and len(hist2.get("lr", [])) == 30 and
          np.allclose(hist2["lr"], [schedule(e) for e in range(30)], rtol=1e-12),
          f"with a schedule, fit must set self.optimizer.lr = schedule(epoch) at the start of every epoch and record "
          f"it in history['lr'] ({ck.eq}).")
    ck.ok(np.isclose(net2.optimizer.lr, schedule(29)), f"after fit the optimizer's lr must be schedule(epochs - 1) ({ck.eq}).")
    for key in ("val_loss", "val_accuracy"):
        ck.ok(len(hist2.get(key, [])) == 30, f"with validation=(X_val, Y_val), history[{key!r}] must hold one value per "
                                             f"epoch ({ck.eq}).")
    ck.ok(np.isclose(hist2["val_loss"][-1], net2.loss(net2.predict_proba(Xv), Yv), rtol=1e-9),
          f"history['val_loss'] must be the loss on the validation pair after each epoch ({ck.eq}).")
    losses = np.asarray(hist2["loss"], dtype=np.float64)
    ck.ok(losses[-1] < 0.5 * losses[0] and hist2["accuracy"][-1] >= 0.95,
          f"fit did not learn two well-separated blobs: loss {losses[0]:.3g} -> {losses[-1]:.3g}, final accuracy "
          f"{hist2['accuracy'][-1]:.2f}; every minibatch must go through train_step ({ck.eq}).")


# ----------------------------------------------------------------------------- registry of checks

CHECKS: dict[str, Callable] = {
    "neuron.weighted_sum": _check_weighted_sum,
    "neuron.neuron": _check_neuron,
    "activations.relu": _check_relu,
    "activations.relu_grad": _check_relu_grad,
    "activations.sigmoid": _check_sigmoid,
    "activations.sigmoid_grad": _check_sigmoid_grad,
    "activations.tanh": _check_tanh,
    "activations.tanh_grad": _check_tanh_grad,
    "layers.linear_forward": _check_linear_forward,
    "layers.activation_forward": _check_activation_forward,
    "layers.model_forward": _check_model_forward,
    "layers.linear_backward": _check_linear_backward,
    "layers.activation_backward": _check_activation_backward,
    "layers.model_backward": _check_model_backward,
    "gradcheck.numerical_gradient": _check_numerical_gradient,
    "gradcheck.relative_error": _check_relative_error,
    "losses.mse": _check_mse,
    "losses.mse_grad": _check_mse_grad,
    "losses.bce": _check_bce,
    "losses.bce_grad": _check_bce_grad,
    "losses.softmax": _check_softmax,
    "losses.cross_entropy": _check_cross_entropy,
    "initializers.xavier": _check_xavier,
    "initializers.glorot": _check_glorot,
    "initializers.he": _check_he,
    "initializers.init_params": _check_init_params,
    "optimizers.GradientDescent.step": _check_gd_step,
    "optimizers.Momentum.step": _check_momentum_step,
    "optimizers.Adam.step": _check_adam_step,
    "regularization.l2_penalty": _check_l2_penalty,
    "regularization.l2_grads": _check_l2_grads,
    "regularization.dropout_forward": _check_dropout_forward,
    "regularization.dropout_backward": _check_dropout_backward,
    "batchnorm.batchnorm_forward": _check_batchnorm_forward,
    "batchnorm.batchnorm_backward": _check_batchnorm_backward,
    "schedules.inverse_time_decay": _check_inverse_time_decay,
    "schedules.step_decay": _check_step_decay,
    "schedules.exponential_decay": _check_exponential_decay,
    "schedules.cosine_decay": _check_cosine_decay,
    "network.MLP.forward": _check_mlp_forward,
    "network.MLP.backward": _check_mlp_backward,
    "network.MLP.fit": _check_mlp_fit,
}
"""Exercise id -> check function ``f(nn, checker)``, in course order; run them through :func:`run_check`."""

assert list(CHECKS) == [e.id for e in EXERCISES]


# ----------------------------------------------------------------------------- running


_STUB = re.compile(r"nnlib\.([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+)")
_STUB_NUMBERS = re.compile(r"chapter (\d+), exercise (\d+)")
_HERE = os.path.dirname(os.path.abspath(__file__))


def _import_default():
    return importlib.import_module("nnlib")


def _resolve(nn, ex: registry.Exercise):
    obj = getattr(nn, ex.module)
    for part in ex.qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _stub_target(exc: NotImplementedError):
    """The exercise a NotImplementedError names, if any."""
    text = str(exc)
    for match in _STUB.finditer(text):
        if match.group(1) in _BY_ID:
            return _BY_ID[match.group(1)]
    numbers = _STUB_NUMBERS.search(text)  # e.g. "... see chapter 02, exercise 1"
    if numbers:
        chapter, number = int(numbers.group(1)), int(numbers.group(2))
        for ex in EXERCISES:
            if (ex.chapter, ex.number) == (chapter, number):
                return ex
    return None


def _is_internal(filename: str) -> bool:
    path = os.path.abspath(filename)
    return (path.startswith(_HERE + os.sep) or f"{os.sep}numpy{os.sep}" in path
            or f"{os.sep}importlib{os.sep}" in path or path.startswith("<"))


def _describe(exc: BaseException) -> str:
    """One sentence about an unexpected exception, pointing at the student's line."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if not _is_internal(f.filename)]
    text = str(exc).strip().rstrip(".") or "(no message)"
    if isinstance(exc, ValueError) and own and os.path.basename(own[-1].filename) == "_validate.py":
        callers = [f for f in own if os.path.basename(f.filename) != "_validate.py"]
        where = f" of {callers[-1].name}" if callers else ""
        return (f"ValueError from the input checks{where}: {text}. The check's own inputs are valid, so an array your "
                f"code passes on probably has the wrong shape.")
    where = ""
    if own:
        last = own[-1]
        where = f" (in {os.path.basename(last.filename)}, line {last.lineno}, in {last.name})"
    return f"raised {type(exc).__name__}: {text}{where}."


def run_check(exercise_id: str, nn=None) -> CheckResult:
    """Run the check of one exercise on a package.

    Args:
        exercise_id: e.g. ``"activations.relu"`` or ``"optimizers.Adam.step"``.
        nn: the package to check (any object with ``nn.activations.relu`` etc.); default: ``import nnlib``.

    Returns:
        The :class:`CheckResult`. Never raises for a problem in the checked code.

    Raises:
        ValueError: unknown ``exercise_id`` (the message lists the known ones).
    """
    ex = _BY_ID.get(exercise_id) if isinstance(exercise_id, str) else None
    if ex is None:
        raise ValueError(f"unknown exercise {exercise_id!r}; expected one of {', '.join(_BY_ID)}")
    if nn is None:
        try:
            nn = _import_default()
        except Exception as exc:  # noqa: BLE001 - any import failure is reported, not raised
            return CheckResult(ex.id, "error", f"could not import nnlib: {type(exc).__name__}: {exc}", 0)
    try:
        _resolve(nn, ex)
    except Exception as exc:  # noqa: BLE001
        if isinstance(exc, AttributeError) and "has no attribute" in str(exc):
            message = f"nnlib.{ex.module} has no {ex.qualname} ({type(exc).__name__}: {exc})."
        else:
            message = f"could not load nnlib.{ex.module}: {type(exc).__name__}: {exc}"
        return CheckResult(ex.id, "error", message, 0)
    ck = _Checker(ex)
    try:
        CHECKS[ex.id](nn, ck)
    except _Fail as fail:
        return CheckResult(ex.id, "failed", str(fail.args[0]), ck.count)
    except NotImplementedError as exc:
        target = _stub_target(exc)
        if target is None or target.id == ex.id:
            return CheckResult(ex.id, "not implemented", f"{ex.label} is not implemented yet.", ck.count)
        return CheckResult(ex.id, "blocked", f"needs {target.label} first", ck.count)
    except Exception as exc:  # noqa: BLE001 - one broken exercise never stops the others
        return CheckResult(ex.id, "failed", _describe(exc), ck.count)
    return CheckResult(ex.id, "passed", "", ck.count)


def _select(targets) -> list[str]:
    if not targets:
        return list(_BY_ID)
    chosen: list[str] = []
    for target in targets:
        if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
            ids = [e.id for e in EXERCISES if e.chapter == int(target)]
        elif isinstance(target, str) and target.strip().isdigit():
            ids = [e.id for e in EXERCISES if e.chapter == int(target)]
        elif isinstance(target, str) and target in _BY_ID:
            ids = [target]
        elif isinstance(target, str):
            ids = [e.id for e in EXERCISES if e.id.startswith(target.rstrip(".") + ".")]
        else:
            ids = []
        if not ids:
            raise ValueError(
                f"unknown check target {target!r}; give a chapter number 1-11, a module name or one of "
                f"{', '.join(_BY_ID)}"
            )
        chosen.extend(i for i in ids if i not in chosen)
    order = list(_BY_ID)
    return sorted(chosen, key=order.index)


_SYMBOL = {"passed": "✓", "failed": "✗", "not implemented": "·", "blocked": "⊘", "error": "!"}


def _line(result: CheckResult) -> str:
    if result.status == "passed":
        return f"✓ {result.exercise}  passed ({result.checks_run} check{'s' if result.checks_run != 1 else ''})"
    if result.status == "failed":
        return f"✗ {result.exercise}  {result.message}"
    return f"{_SYMBOL[result.status]} {result.exercise}  {result.status}: {result.message}"


def check(*targets, nn=None, quiet: bool = False) -> list[CheckResult] | None:
    """Run the checks of some exercises and print one line per exercise.

    Args:
        *targets: exercise ids (``"activations.relu"``), chapter numbers (``4`` or ``"04"``),
            module names (``"losses"``) or classes (``"optimizers.Adam"``); none means every exercise.
        nn: the package to check; default: ``import nnlib``.
        quiet: do not print; return the results instead.

    Returns:
        With ``quiet``, one :class:`CheckResult` per selected exercise, in course order; otherwise
        None (the lines are printed, and a notebook cell shows nothing else).

    Raises:
        ValueError: a target names no exercise.
    """
    ids = _select(targets)
    if nn is None:
        try:
            nn = _import_default()
        except Exception as exc:  # noqa: BLE001
            results = [CheckResult(i, "error", f"could not import nnlib: {type(exc).__name__}: {exc}", 0) for i in ids]
            if not quiet:
                for r in results:
                    print(_line(r))
            return results if quiet else None
    results = []
    for i in ids:
        result = run_check(i, nn=nn)
        results.append(result)
        if not quiet:
            print(_line(result), flush=True)
    if not quiet and len(results) > 1:
        passed = sum(r.status == "passed" for r in results)
        print(f"{passed} of {len(results)} passed")
    return results if quiet else None
