# Students: replace each `raise NotImplementedError(...)` below with your code.
# Generated from solutions/nnlib/losses.py by `python -m autograder stubs`: maintainers edit the solution there.
"""Chapter 05 (loss functions): mean squared error, binary cross-entropy, softmax and cross-entropy.

Predictions and targets have shape ``(n_out, m)`` (one example per column) or ``(m,)`` (one
output unit). A loss sums over the output units and averages over the ``m`` examples of the
last axis and is returned as a Python float. The ``*_grad`` functions return per-example
gradients dL(i)/dy_pred(i), without the 1/m: the average over the batch is applied once, in
dW and db (chapter 04), so ``model_backward(mse_grad(AL, Y), ...)`` gives the gradient of ``mse``.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_range, check_same_shape


def _pair(y_pred, y_true, true_name: str = "y_true"):
    """Check a prediction/target pair; return both as float64 arrays and ``m``."""
    y_pred = as_float_array(y_pred, "y_pred", ndim=(1, 2))
    y_true = as_float_array(y_true, true_name, ndim=(1, 2))
    check_same_shape(y_pred, "y_pred", y_true, true_name)
    m = y_pred.shape[-1]
    if y_pred.size == 0:
        raise ValueError(f"y_pred must hold at least one entry, got shape {y_pred.shape}")
    return y_pred, y_true, m


def _eps(eps) -> float:
    return check_range(eps, "eps", 0.0, 0.5, low_open=True, high_open=True)


def mse(y_pred, y_true):
    """Mean squared error, eq. (mse) of chapter 05: (1/m) sum (y_pred - y_true)^2.

    The sum runs over every entry (all output units of all examples); ``m`` is the number
    of examples, the size of the last axis.

    Args:
        y_pred: predictions, shape ``(n_out, m)`` or ``(m,)``.
        y_true: targets, same shape.

    Returns:
        The loss, a Python ``float``.

    Raises:
        ValueError: the shapes differ, are not 1-D or 2-D, or hold no example.
    """
    y_pred, y_true, m = _pair(y_pred, y_true)
    raise NotImplementedError("implement nnlib.losses.mse (chapter 05, exercise 1)")


def mse_grad(y_pred, y_true):
    """Per-example gradient of the MSE, eq. (mse-grad) of chapter 05: 2 (y_pred - y_true).

    This is dL(i)/dy_pred(i) for the loss of one example, L(i) = sum over units of
    (y_pred - y_true)^2. The seed's (2/m)(y_pred - y_true) is the gradient of the MEAN cost
    (1/m) sum_i L(i); we leave out the 1/m here because ``linear_backward`` applies it once,
    in dW and db. The two conventions give the same dW and db.

    Args:
        y_pred: predictions, shape ``(n_out, m)`` or ``(m,)``.
        y_true: targets, same shape.

    Returns:
        Array of the shape of ``y_pred``.

    Raises:
        ValueError: the shapes differ, are not 1-D or 2-D, or hold no example.
    """
    y_pred, y_true, _ = _pair(y_pred, y_true)
    raise NotImplementedError("implement nnlib.losses.mse_grad (chapter 05, exercise 2)")


def bce(y_pred, y_true, eps=1e-12):
    """Binary cross-entropy, eq. (bce) of chapter 05.

    L = -(1/m) sum [ y log p + (1 - y) log(1 - p) ] with p = y_pred clipped to
    [eps, 1 - eps] (``np.clip``), so that neither log sees 0.

    Args:
        y_pred: predicted probabilities, shape ``(n_out, m)`` or ``(m,)``.
        y_true: targets in [0, 1] (usually 0 or 1), same shape.
        eps: clipping margin, in (0, 0.5).

    Returns:
        The loss, a Python ``float``.

    Raises:
        ValueError: bad shapes (as in ``mse``) or ``eps`` outside (0, 0.5).
    """
    y_pred, y_true, m = _pair(y_pred, y_true)
    eps = _eps(eps)
    raise NotImplementedError("implement nnlib.losses.bce (chapter 05, exercise 3)")


def bce_grad(y_pred, y_true, eps=1e-12):
    """Per-example gradient of the BCE, eq. (bce-grad) of chapter 05: -y/p + (1 - y)/(1 - p).

    ``p`` is ``y_pred`` clipped to [eps, 1 - eps] exactly as in ``bce`` (the formula is
    evaluated at the clipped value). No 1/m: it is applied in dW and db. After a sigmoid
    output layer, multiplying by sigmoid'(Z) = p (1 - p) gives dZ = p - y.

    Args:
        y_pred: predicted probabilities, shape ``(n_out, m)`` or ``(m,)``.
        y_true: targets, same shape.
        eps: clipping margin, in (0, 0.5).

    Returns:
        Array of the shape of ``y_pred``.

    Raises:
        ValueError: bad shapes (as in ``mse``) or ``eps`` outside (0, 0.5).
    """
    y_pred, y_true, _ = _pair(y_pred, y_true)
    eps = _eps(eps)
    raise NotImplementedError("implement nnlib.losses.bce_grad (chapter 05, exercise 4)")


def softmax(Z):
    """Softmax over each column, eq. (softmax) of chapter 05: exp(z_k) / sum_j exp(z_j).

    Stable version: subtract the column maximum first (softmax does not change when a
    constant is added to a column), so the largest exponent is exp(0) = 1 and nothing
    overflows, even at Z = 1000.

    Args:
        Z: scores, shape ``(n_classes, m)``, one example per column.

    Returns:
        Array of shape ``(n_classes, m)`` with entries in [0, 1]; every column sums to 1.

    Raises:
        ValueError: ``Z`` is not 2-D.
    """
    Z = as_float_array(Z, "Z", ndim=2)
    raise NotImplementedError("implement nnlib.losses.softmax (chapter 05, exercise 5)")


def cross_entropy(y_pred, y_true_onehot, eps=1e-12):
    """Categorical cross-entropy, eq. (cross-entropy) of chapter 05: -(1/m) sum y log p.

    The sum runs over classes and examples; p = y_pred clipped to [eps, 1] so that the
    log never sees 0. With p = softmax(Z), the gradient of this mean loss with respect to
    Z is (p - y) / m, i.e. the per-example dZ = p - y.

    Args:
        y_pred: predicted probabilities, shape ``(n_classes, m)`` (or ``(m,)``).
        y_true_onehot: one-hot targets, same shape (each column has a single 1).
        eps: clipping margin, in (0, 0.5).

    Returns:
        The loss, a Python ``float``.

    Raises:
        ValueError: bad shapes (as in ``mse``) or ``eps`` outside (0, 0.5).
    """
    y_pred, y_true_onehot, m = _pair(y_pred, y_true_onehot, "y_true_onehot")
    eps = _eps(eps)
    raise NotImplementedError("implement nnlib.losses.cross_entropy (chapter 05, exercise 6)")
