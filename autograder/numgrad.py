"""The course's own gradient checker, used by :mod:`autograder.checks`.

Independent of the student's ``nnlib.gradcheck`` exercise (chapter 04), so that a
check never trusts code it is checking: ``numerical_gradient`` is the central
difference of eq. (central-difference) and ``relative_error`` the measure of
eq. (relative-error), with the same definitions as in the course.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function, eq. (central-difference) of chapter 04.

    ``g[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)`` for every entry ``i`` of ``x``. The
    entries of a float64 copy of ``x`` are perturbed one at a time and restored exactly,
    so the caller's ``x`` is never modified.

    Args:
        f: function of one array (the shape of ``x``) returning a real scalar.
        x: the point, array-like of any shape.
        h: step, > 0.

    Returns:
        float64 array of the shape of ``x``.

    Raises:
        ValueError: ``h`` is not positive or ``f`` does not return a scalar.
    """
    if not h > 0:
        raise ValueError(f"h must be > 0, got {h!r}")
    x = np.array(x, dtype=np.float64)  # a private copy, perturbed in place
    flat = x.reshape(-1)  # a view on the copy
    grad = np.empty(flat.shape, dtype=np.float64)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = _scalar(f(x))
        flat[i] = old - h
        f_minus = _scalar(f(x))
        flat[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad.reshape(x.shape)


def relative_error(a, b) -> float:
    """Largest elementwise relative error, eq. (relative-error) of chapter 04.

    ``max(|a - b| / maximum(1e-8, |a| + |b|))``; 0.0 when both are zero (or empty).

    Args:
        a, b: array-likes of the same shape.

    Returns:
        A Python float >= 0.

    Raises:
        ValueError: the shapes differ.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def _scalar(value) -> float:
    arr = np.asarray(value, dtype=np.float64)
    if arr.size != 1:
        raise ValueError(f"f must return a scalar, got an array of shape {arr.shape}")
    return float(arr.reshape(()))
