"""Input checks shared by every module (scaffolding: students receive these ready-made).

Each helper either returns a float64 NumPy array or raises ``ValueError`` with a
message that names the argument, the expected shape or values, and what was given.
The checks look only at shapes and dtypes, never scan the data, so they cost
microseconds even on large batches.
"""

from __future__ import annotations

import math

import numpy as np

_FLOAT64 = np.dtype(np.float64)


def as_float_array(x, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``x`` as a float64 array (no copy when it already is one).

    Args:
        x: array-like of numbers.
        name: argument name used in the error message.
        ndim: required number of dimensions, or a tuple of allowed ones.

    Raises:
        ValueError: ``x`` is not numeric or has the wrong number of dimensions.
    """
    if isinstance(x, np.ndarray) and x.dtype == _FLOAT64:
        arr = x
    else:
        try:
            arr = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{name} must be an array of numbers, got {type(x).__name__}: {err}") from None
    if ndim is not None and arr.ndim != ndim:  # fast path: an int ndim that matches
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got {arr.ndim}-D with shape {arr.shape}")
    return arr


def check_shape(arr: np.ndarray, name: str, expected: tuple[int, ...], symbols: str) -> None:
    """Raise unless ``arr.shape == expected``.

    Args:
        arr: the array to check.
        name: argument name used in the message.
        expected: the required shape.
        symbols: the shape in the course's notation, e.g. ``"(n_l, n_prev)"``.

    Raises:
        ValueError: ``W must have shape (n_l, n_prev) = (4, 3), got (3, 4)``.
    """
    if arr.shape != tuple(expected):
        raise ValueError(f"{name} must have shape {symbols} = {tuple(expected)}, got {arr.shape}")


def check_same_shape(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Raise unless two arrays have the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{a_name} and {b_name} must have the same shape, got {a.shape} and {b.shape}")


def check_choice(value, name: str, allowed) -> None:
    """Raise unless ``value`` is one of ``allowed`` (listed in the message)."""
    if value not in allowed:
        known = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"unknown {name} {value!r}; expected one of {known}")


def check_range(value, name: str, low: float, high: float, low_open: bool = False, high_open: bool = False) -> float:
    """Return ``float(value)`` if it lies in the interval, else raise.

    The interval is ``[low, high]``; ``low_open``/``high_open`` exclude an end,
    e.g. ``keep_prob`` lies in ``(0, 1]``.
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    too_low = v <= low if low_open else v < low
    too_high = v >= high if high_open else v > high
    if too_low or too_high or math.isnan(v):
        interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return v


def check_positive_int(value, name: str, minimum: int = 1) -> int:
    """Return ``int(value)`` if it is an integer >= ``minimum``, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """Raise unless ``rng`` is a ``numpy.random.Generator`` (the course never uses global state)."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a numpy.random.Generator, e.g. np.random.default_rng(0), got {type(rng).__name__}"
        )
    return rng
