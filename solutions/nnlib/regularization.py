"""Regularization (chapter 08).

The L2 penalty ``(lambda / 2m) * sum of squared weights`` added to the cost and its
gradient ``(lambda / m) W``, taken over the weight matrices only (``"W1"``, ``"W2"``, ...;
never biases nor batch-norm's ``gamma``/``beta``), and inverted dropout: a forward pass that
keeps each unit with probability ``keep_prob`` and rescales by ``1 / keep_prob`` so the
expected activation is unchanged, and its backward pass.
"""

from __future__ import annotations

import re

import numpy as np

from ._validate import as_float_array, check_positive_int, check_range, check_rng, check_same_shape

_WEIGHT_KEY = re.compile(r"W\d+")


def is_weight_key(key) -> bool:
    """True for the name of a weight matrix (``"W"`` followed by digits: ``"W1"``, ``"W12"``).

    False for biases (``"b1"``), batch-norm parameters (``"gamma1"``, ``"beta1"``) and anything else.
    """
    return isinstance(key, str) and _WEIGHT_KEY.fullmatch(key) is not None


def _check_l2_args(params, lambd, m) -> tuple[float, int]:
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of arrays, got {type(params).__name__}")
    for key, value in params.items():
        if is_weight_key(key) and not isinstance(value, np.ndarray):
            raise ValueError(f"params[{key!r}] must be a numpy array, got {type(value).__name__}")
    lambd = check_range(lambd, "lambd", 0.0, np.inf, high_open=True)
    m = check_positive_int(m, "m")
    return lambd, m


def l2_penalty(params, lambd, m):
    """L2 penalty added to the cost, eq. (l2-penalty) of chapter 08.

    ``(lambd / (2 m)) * sum over the weight matrices W of sum(W**2)``, where the weight
    matrices are the entries whose key satisfies ``is_weight_key`` (``"W1"``, ``"W2"``, ...).
    Biases and batch-norm parameters are not penalized.

    Args:
        params: dict name -> array, e.g. ``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}``.
        lambd: regularization strength, >= 0.
        m: number of examples in the batch (the cost's average), int >= 1.

    Returns:
        The penalty, a Python float (0.0 when there is no weight matrix).

    Raises:
        ValueError: ``params`` is not a dict of arrays, ``lambd < 0`` or ``m`` is not an int >= 1.
    """
    lambd, m = _check_l2_args(params, lambd, m)
    ### BEGIN SOLUTION
    total = 0.0
    for key, W in params.items():
        if is_weight_key(key):
            total += np.vdot(W, W)
    return float(lambd / (2 * m) * total)
    ### END SOLUTION


def l2_grads(params, lambd, m):
    """Gradient of the L2 penalty, eq. (l2-grad) of chapter 08: ``(lambd / m) * W`` for each weight matrix.

    Only the keys that satisfy ``is_weight_key`` get an entry; add the result to the
    backward pass's ``dW{l}``.

    Args:
        params: dict name -> array, e.g. ``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}``.
        lambd: regularization strength, >= 0.
        m: number of examples in the batch, int >= 1.

    Returns:
        dict ``{"dW1": (lambd / m) * W1, "dW2": ..., ...}``, each of its weight's shape; no bias entries.

    Raises:
        ValueError: ``params`` is not a dict of arrays, ``lambd < 0`` or ``m`` is not an int >= 1.
    """
    lambd, m = _check_l2_args(params, lambd, m)
    ### BEGIN SOLUTION
    scale = lambd / m
    return {"d" + key: scale * W for key, W in params.items() if is_weight_key(key)}
    ### END SOLUTION


def dropout_forward(A, keep_prob, rng):
    """Inverted dropout, eq. (inverted-dropout) of chapter 08.

    ``mask = rng.random(A.shape) < keep_prob`` (exactly one call to ``rng.random``, made even
    when ``keep_prob == 1`` so that the random stream does not depend on it), then
    ``A_out = A * mask / keep_prob``: each unit is kept with probability ``keep_prob`` and
    the kept ones are scaled by ``1 / keep_prob``, so ``E[A_out] = A``.

    Args:
        A: activations, any shape, typically ``(n_l, m)``.
        keep_prob: probability of keeping a unit, in (0, 1].
        rng: ``numpy.random.Generator``.

    Returns:
        ``(A_out, mask)``: ``A_out`` float64 of ``A``'s shape; ``mask`` boolean of ``A``'s shape.

    Raises:
        ValueError: ``keep_prob`` outside (0, 1] or ``rng`` is not a Generator.
    """
    A = as_float_array(A, "A")
    keep_prob = check_range(keep_prob, "keep_prob", 0.0, 1.0, low_open=True)
    check_rng(rng)
    ### BEGIN SOLUTION
    mask = rng.random(A.shape) < keep_prob
    A_out = A * mask
    A_out /= keep_prob
    return A_out, mask
    ### END SOLUTION


def dropout_backward(dA, mask, keep_prob):
    """Backward pass of inverted dropout, eq. (dropout-backward) of chapter 08: ``dA * mask / keep_prob``.

    Args:
        dA: gradient with respect to ``A_out``, same shape as ``mask``.
        mask: the boolean mask returned by ``dropout_forward``.
        keep_prob: the same ``keep_prob`` as in the forward pass, in (0, 1].

    Returns:
        Gradient with respect to ``A``, float64 of ``dA``'s shape.

    Raises:
        ValueError: ``mask`` and ``dA`` differ in shape, or ``keep_prob`` outside (0, 1].
    """
    dA = as_float_array(dA, "dA")
    mask = np.asarray(mask)
    check_same_shape(mask, "mask", dA, "dA")
    keep_prob = check_range(keep_prob, "keep_prob", 0.0, 1.0, low_open=True)
    ### BEGIN SOLUTION
    dA_prev = dA * mask
    dA_prev /= keep_prob
    return dA_prev
    ### END SOLUTION
