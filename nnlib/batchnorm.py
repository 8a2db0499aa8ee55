# Students: replace each `raise NotImplementedError(...)` below with your code.
# Generated from solutions/nnlib/batchnorm.py by `python -m autograder stubs`: maintainers edit the solution there.
"""Batch normalization (chapter 09).

``batchnorm_forward`` normalizes each unit (row) of a pre-activation batch ``Z`` of shape
``(n, m)`` over the batch axis (axis 1) with the batch's mean and biased variance, then
scales and shifts it by the learned ``gamma`` and ``beta``; it keeps running averages of
the statistics in a ``state`` dict (made by ``batchnorm_state``) and uses them in
evaluation mode. ``batchnorm_backward`` returns the per-example gradient with respect to
``Z`` and the batch-averaged gradients of ``gamma`` and ``beta``.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_positive_int, check_range, check_shape


def batchnorm_state(n):
    """Fresh running statistics for a batch-norm layer of ``n`` units (not an exercise).

    Args:
        n: number of units, int >= 1.

    Returns:
        ``{"running_mean": zeros((n, 1)), "running_var": ones((n, 1))}``, float64.

    Raises:
        ValueError: ``n`` is not an integer >= 1.
    """
    n = check_positive_int(n, "n")
    return {"running_mean": np.zeros((n, 1)), "running_var": np.ones((n, 1))}


def _check_state(state, n: int) -> None:
    if not isinstance(state, dict):
        raise ValueError(f"state must be a dict made by batchnorm_state(n), got {type(state).__name__}")
    for key in ("running_mean", "running_var"):
        if key not in state:
            raise ValueError(f"state must have keys 'running_mean' and 'running_var' (see batchnorm_state), missing {key!r}")
        arr = state[key]
        if not isinstance(arr, np.ndarray) or arr.dtype != np.float64:
            raise ValueError(f"state[{key!r}] must be a float64 numpy array, got {type(arr).__name__}")
        check_shape(arr, f"state[{key!r}]", (n, 1), "(n, 1)")


def batchnorm_forward(Z, gamma, beta, state, training=True, momentum=0.9, eps=1e-5):
    """Batch normalization forward pass, eq. (batchnorm-forward) of chapter 09.

    Training (``training=True``), per row of ``Z`` over the batch axis 1:
    ``mu = mean(Z, axis=1, keepdims=True)``, ``var = mean((Z - mu)**2, axis=1, keepdims=True)``
    (biased, 1/m), ``Z_hat = (Z - mu) / sqrt(var + eps)``, ``out = gamma * Z_hat + beta``;
    and ``state`` is updated in place: afterwards
    ``state["running_mean"] = momentum * old_running_mean + (1 - momentum) * mu`` and
    ``state["running_var"] = momentum * old_running_var + (1 - momentum) * var``.
    The cache is the tuple ``(Z_hat, gamma, inv_std)`` with ``inv_std = 1 / sqrt(var + eps)``,
    shapes ``(n, m)``, ``(n, 1)``, ``(n, 1)``.

    Evaluation (``training=False``): the same normalization with ``state["running_mean"]``
    and ``state["running_var"]`` in place of ``mu`` and ``var``; ``state`` is not changed and
    the cache is ``None``.

    Args:
        Z: pre-activations, shape ``(n, m)``; ``m >= 2`` in training.
        gamma: scale, shape ``(n, 1)``.
        beta: shift, shape ``(n, 1)``.
        state: dict from ``batchnorm_state(n)`` with float64 ``"running_mean"``, ``"running_var"`` of shape ``(n, 1)``.
        training: True for batch statistics (and running-average update), False for running statistics.
        momentum: weight of the old running value, in [0, 1).
        eps: added to the variance, > 0.

    Returns:
        ``(out, cache)``: ``out`` float64 of shape ``(n, m)``; ``cache`` as described above, or ``None`` in evaluation.

    Raises:
        ValueError: a shape differs from the above, ``m < 2`` in training (a batch of one has
            zero variance), ``momentum`` outside [0, 1), or ``eps <= 0``.
    """
    Z = as_float_array(Z, "Z", ndim=2)
    n, m = Z.shape
    gamma = as_float_array(gamma, "gamma")
    check_shape(gamma, "gamma", (n, 1), "(n, 1)")
    beta = as_float_array(beta, "beta")
    check_shape(beta, "beta", (n, 1), "(n, 1)")
    _check_state(state, n)
    momentum = check_range(momentum, "momentum", 0.0, 1.0, high_open=True)
    eps = check_range(eps, "eps", 0.0, np.inf, low_open=True, high_open=True)
    if training and m < 2:
        raise ValueError(
            f"batch norm in training needs a batch of m >= 2 columns (a batch of one has zero variance), got Z of shape {Z.shape}"
        )
    raise NotImplementedError("implement nnlib.batchnorm.batchnorm_forward (chapter 09, exercise 1)")


def batchnorm_backward(dout, cache):
    """Batch normalization backward pass, eq. (batchnorm-backward) of chapter 09.

    With the per-example convention (``dout`` holds ``dL(i)/dout(i)``, the cost is
    ``J = (1/m) sum_i L(i)``, and ``dZ = m dJ/dZ``), and ``(Z_hat, gamma, inv_std)`` the
    training cache:

    - ``dbeta  = (1/m) sum(dout, axis=1, keepdims=True)``
    - ``dgamma = (1/m) sum(dout * Z_hat, axis=1, keepdims=True)``
    - ``dZ = gamma * inv_std * (dout - mean(dout, axis=1) - Z_hat * mean(dout * Z_hat, axis=1))``
      (means with ``keepdims=True``).

    Derivation: ``dJ/dZ_hat = gamma * dout / m``; since every ``Z_hat[:, j]`` depends on the
    whole row through ``mu`` and ``var``, the chain rule through ``mu`` and ``var`` gives
    ``dJ/dZ = (inv_std / m) * (g - mean(g) - Z_hat * mean(g * Z_hat))`` with
    ``g = gamma * dout``; multiplying by ``m`` gives ``dZ`` above. The two subtracted terms
    make each row of ``dZ`` sum to 0 and (up to a term of order ``eps``) be orthogonal to ``Z_hat``.

    Args:
        dout: per-example gradient with respect to ``out``, shape ``(n, m)``.
        cache: the training cache ``(Z_hat, gamma, inv_std)`` of ``batchnorm_forward``.

    Returns:
        ``(dZ, dgamma, dbeta)``: shapes ``(n, m)``, ``(n, 1)``, ``(n, 1)``.

    Raises:
        ValueError: ``cache`` is ``None`` (an evaluation-mode cache) or not a training cache,
            or ``dout``'s shape differs from ``Z_hat``'s.
    """
    if cache is None:
        raise ValueError(
            "cache is None: batchnorm_forward was called with training=False; backpropagate through a training-mode call"
        )
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise ValueError("cache must be the tuple (Z_hat, gamma, inv_std) returned by batchnorm_forward(training=True)")
    Z_hat, gamma, inv_std = cache
    dout = as_float_array(dout, "dout", ndim=2)
    check_shape(dout, "dout", Z_hat.shape, "(n, m)")
    raise NotImplementedError("implement nnlib.batchnorm.batchnorm_backward (chapter 09, exercise 2)")
