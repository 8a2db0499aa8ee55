"""Chapter 04 (backpropagation): numerical gradient checking.

It holds the central-difference approximation of the gradient of a scalar function,
eq. (central-difference), and the relative error used to compare an analytic gradient
with it, eq. (relative-error). Together they let you test any backward pass you write.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import as_float_array, check_range, check_same_shape


def _scalar(value) -> float:
    """Return ``value`` as a float if it is a real scalar, else raise ``ValueError``."""
    if np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar, got an array of shape {np.shape(value)}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"f must return a real number, got {type(value).__name__}") from None


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient, eq. (central-difference) of chapter 04.

    For every entry x_i: df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h), where e_i is
    the i-th unit array; the error is O(h^2). ``x`` below is already a float64 copy of the
    caller's array: perturb one entry of it in place (through a flat view such as
    ``x.reshape(-1)``), call ``f(x)``, then put the original value back before moving to the
    next entry. ``f(x)`` returns a scalar (a Python float or a 0-D array).

    Args:
        f: callable taking an array of the shape of ``x`` and returning a scalar.
        x: point at which to differentiate, any shape (not modified).
        h: step, > 0.

    Returns:
        float64 array of the shape of ``x``: the approximate gradient.

    Raises:
        ValueError: ``f`` is not callable, does not return a scalar, or ``h`` is not positive.
    """
    if not callable(f):
        raise ValueError(f"f must be a callable returning a scalar, got {type(f).__name__}")
    h = check_range(h, "h", 0.0, math.inf, low_open=True, high_open=True)
    x = np.array(as_float_array(x, "x"), dtype=np.float64, copy=True)
    _scalar(f(x))
    ### BEGIN SOLUTION
    grad = np.empty_like(x)
    flat_x = x.reshape(-1)
    flat_grad = grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        f_plus = f(x)
        flat_x[i] = old - h
        f_minus = f(x)
        flat_x[i] = old
        flat_grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad
    ### END SOLUTION


def relative_error(a, b):
    """Relative error between two gradients, eq. (relative-error) of chapter 04.

    max over entries of |a - b| / max(1e-8, |a| + |b|). The floor 1e-8 avoids dividing by
    zero; entries where both are 0 contribute 0. A NaN anywhere gives NaN.

    Args:
        a: array, any shape (at least one entry).
        b: array of the same shape.

    Returns:
        A Python ``float`` >= 0 (0.0 when ``a`` equals ``b``).

    Raises:
        ValueError: the shapes differ or the arrays are empty.
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    check_same_shape(a, "a", b, "b")
    if a.size == 0:
        raise ValueError(f"a and b must have at least one entry, got shape {a.shape}")
    ### BEGIN SOLUTION
    diff = np.abs(a - b)
    scale = np.maximum(1e-8, np.abs(a) + np.abs(b))
    return float(np.max(diff / scale))
    ### END SOLUTION
