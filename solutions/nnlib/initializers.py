"""Weight initialization (chapter 06).

Three scaled Gaussian initializers for a weight matrix ``W`` of shape ``(n_out, n_in)``:
``xavier`` (the seed's "Xavier", which is LeCun's scale ``sqrt(1/n_in)``), ``glorot``
(Glorot and Bengio's ``sqrt(2/(n_in + n_out))``) and ``he`` (``sqrt(2/n_in)``, for ReLU),
the table ``INITIALIZERS`` that names them, and ``init_params``, which builds the
``{"W1", "b1", ...}`` dictionary of a whole network. Each matrix costs exactly one call
``rng.standard_normal((n_out, n_in))``, so the same seed gives the same weights everywhere.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_choice, check_positive_int, check_rng


def _check_sizes(n_out, n_in, rng) -> tuple[int, int]:
    n_out = check_positive_int(n_out, "n_out")
    n_in = check_positive_int(n_in, "n_in")
    check_rng(rng)
    return n_out, n_in


def xavier(n_out, n_in, rng):
    """The seed's "Xavier" initialization, eq. (lecun-init) of chapter 06: ``N(0, 1) * sqrt(1/n_in)``.

    This is really LeCun's scale (variance ``1/n_in``); Glorot's own scale is ``glorot``.
    Draw with exactly one call ``rng.standard_normal((n_out, n_in))`` and multiply it by
    ``np.sqrt(1 / n_in)``; the grader uses the same seed and expects the same numbers.

    Args:
        n_out: number of units of the layer (rows of ``W``), int >= 1.
        n_in: number of units of the previous layer (columns of ``W``), int >= 1.
        rng: ``numpy.random.Generator``.

    Returns:
        ``W``, float64 array of shape ``(n_out, n_in)``.

    Raises:
        ValueError: ``n_out`` or ``n_in`` is not an integer >= 1, or ``rng`` is not a Generator.
    """
    n_out, n_in = _check_sizes(n_out, n_in, rng)
    ### BEGIN SOLUTION
    return rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_in)
    ### END SOLUTION


def glorot(n_out, n_in, rng):
    """Glorot (Xavier) normal initialization, eq. (glorot-init) of chapter 06: ``N(0, 1) * sqrt(2/(n_in + n_out))``.

    Draw with exactly one call ``rng.standard_normal((n_out, n_in))`` and multiply it by
    ``np.sqrt(2 / (n_in + n_out))``.

    Args:
        n_out: number of units of the layer (rows of ``W``), int >= 1.
        n_in: number of units of the previous layer (columns of ``W``), int >= 1.
        rng: ``numpy.random.Generator``.

    Returns:
        ``W``, float64 array of shape ``(n_out, n_in)``.

    Raises:
        ValueError: ``n_out`` or ``n_in`` is not an integer >= 1, or ``rng`` is not a Generator.
    """
    n_out, n_in = _check_sizes(n_out, n_in, rng)
    ### BEGIN SOLUTION
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / (n_in + n_out))
    ### END SOLUTION


def he(n_out, n_in, rng):
    """He initialization, eq. (he-init) of chapter 06: ``N(0, 1) * sqrt(2/n_in)``.

    Draw with exactly one call ``rng.standard_normal((n_out, n_in))`` and multiply it by
    ``np.sqrt(2 / n_in)``.

    Args:
        n_out: number of units of the layer (rows of ``W``), int >= 1.
        n_in: number of units of the previous layer (columns of ``W``), int >= 1.
        rng: ``numpy.random.Generator``.

    Returns:
        ``W``, float64 array of shape ``(n_out, n_in)``.

    Raises:
        ValueError: ``n_out`` or ``n_in`` is not an integer >= 1, or ``rng`` is not a Generator.
    """
    n_out, n_in = _check_sizes(n_out, n_in, rng)
    ### BEGIN SOLUTION
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
    ### END SOLUTION


INITIALIZERS = {"xavier": xavier, "glorot": glorot, "he": he}
"""Maps an initializer name to its function ``f(n_out, n_in, rng) -> W``."""


def init_params(layer_dims, method, rng):
    """Initialize every layer of a network, eq. (init-params) of chapter 06.

    For ``l = 1, ..., L`` in this order (``L = len(layer_dims) - 1``), draw
    ``W{l} = INITIALIZERS[method](layer_dims[l], layer_dims[l - 1], rng)`` and set
    ``b{l} = np.zeros((layer_dims[l], 1))``. The order matters: the same seed must give
    the same weights as the grader's.

    Args:
        layer_dims: list of ``L + 1 >= 2`` positive ints ``[n_x, n_1, ..., n_L]``.
        method: ``"xavier"``, ``"glorot"`` or ``"he"``.
        rng: ``numpy.random.Generator``.

    Returns:
        dict with ``"W1", "b1", ..., "WL", "bL"``: ``W{l}`` of shape
        ``(layer_dims[l], layer_dims[l-1])``, ``b{l}`` zeros of shape ``(layer_dims[l], 1)``.

    Raises:
        ValueError: ``layer_dims`` has fewer than 2 entries or a non-positive entry,
            ``method`` is unknown (the message lists the known ones), or ``rng`` is not a Generator.
    """
    if isinstance(layer_dims, (str, bytes)) or not hasattr(layer_dims, "__len__"):
        raise ValueError(f"layer_dims must be a list of at least 2 positive ints, got {layer_dims!r}")
    if len(layer_dims) < 2:
        raise ValueError(f"layer_dims must be a list of at least 2 positive ints, got {list(layer_dims)!r}")
    layer_dims = [check_positive_int(n, f"layer_dims[{i}]") for i, n in enumerate(layer_dims)]
    check_choice(method, "method", tuple(INITIALIZERS))
    check_rng(rng)
    ### BEGIN SOLUTION
    init = INITIALIZERS[method]
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = init(layer_dims[l], layer_dims[l - 1], rng)
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
    ### END SOLUTION
