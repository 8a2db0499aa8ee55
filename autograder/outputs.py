"""Plain data across the sandbox boundary: flatten outputs to arrays, and compare them.

A scenario's outputs (numbers, arrays, and dicts, lists or tuples of them) are flattened to
``{path: ndarray}`` so that they can travel as an ``.npz`` file loaded with ``allow_pickle=False``.
Paths read like Python: ``grads['dW1']``, ``caches[0][1]``.
"""

from __future__ import annotations

import numbers

import numpy as np

NONE_MARK = "__none__"


class UnsupportedOutput(TypeError):
    """An output that is not a number, an array, None, or a container of those."""


def flatten(value, path: str = "") -> dict[str, np.ndarray]:
    """``{path: array}`` for every leaf of ``value``; ``None`` becomes an empty array at ``path + NONE_MARK``."""
    if isinstance(value, dict):
        flat = {}
        for key in value:
            flat.update(flatten(value[key], f"{path}[{key!r}]"))
        return flat
    if isinstance(value, (list, tuple)):
        flat = {f"{path}{NONE_MARK}len{len(value)}": np.zeros(0)}
        for i, item in enumerate(value):
            flat.update(flatten(item, f"{path}[{i}]"))
        return flat
    if value is None:
        return {path + NONE_MARK: np.zeros(0)}
    if isinstance(value, (numbers.Number, np.ndarray, np.generic)):
        arr = np.asarray(value)
        if arr.dtype == object or arr.dtype.kind not in "biufc":
            raise UnsupportedOutput(f"{path or 'the result'} holds {arr.dtype} values, not numbers")
        return {path: arr}
    raise UnsupportedOutput(f"{path or 'the result'} is a {type(value).__name__}, expected a number or an array")


def _describe(path: str) -> str:
    return path.split(NONE_MARK)[0] or "the result"


def compare(got: dict[str, np.ndarray], want: dict[str, np.ndarray], rtol: float, atol: float) -> list[str]:
    """Human-readable differences between a student's flattened outputs and the reference's (empty if none)."""
    problems = []
    for path, expected in want.items():
        if path not in got:
            if NONE_MARK in path and path.split(NONE_MARK)[1].startswith("len"):
                problems.append(f"{_describe(path)} should be a sequence of {path.split('len')[-1]} items")
            elif path.endswith(NONE_MARK):
                problems.append(f"{_describe(path)} should be None")
            else:
                problems.append(f"{_describe(path)} is missing or not an array")
            continue
        if NONE_MARK in path:
            continue
        actual = got[path]
        if actual.shape != expected.shape:
            problems.append(f"{_describe(path)} has shape {actual.shape}, expected {expected.shape}")
            continue
        a, e = actual.astype(np.float64), expected.astype(np.float64)
        close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
        if not close.all():
            bad = np.unravel_index(np.argmin(close), close.shape) if close.ndim else ()
            where = f" at index {tuple(int(i) for i in bad)}" if bad else ""
            problems.append(
                f"{_describe(path)} differs from the expected value{where}: got {a[bad]:.6g}, expected {e[bad]:.6g}"
            )
    extra = sorted(p for p in got if p not in want and not any(p.startswith(w) for w in want if w.endswith(NONE_MARK)))
    if extra and not problems:
        problems.append(f"unexpected output {_describe(extra[0])}")
    return problems


def matches(got: dict[str, np.ndarray], want: dict[str, np.ndarray], rtol: float, atol: float) -> bool:
    """True when the two flattened outputs agree."""
    return not compare(got, want, rtol, atol)
