# Students: replace each `raise NotImplementedError(...)` below with your code.
# Generated from solutions/nnlib/layers.py by `python -m autograder stubs`: maintainers edit the solution there.
"""Chapters 03 (forward pass) and 04 (backpropagation): the layers of a fully connected network.

Chapter 03 builds the forward pass: the linear step Z = W A_prev + b, a layer that applies
an activation to it, and a whole network of L such layers. Chapter 04 runs them backwards:
given the per-example gradient of the loss with respect to a layer's output, each backward
function returns the gradients for its input and its parameters, with the average over the
batch applied once, in dW and db. Arrays are column-major: one example per column.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np  # noqa: F401 - for the student's solution (the reference may not need it)

from ._validate import as_float_array, check_shape
from .activations import get_activation


def _layer_names(activations, arg: str = "activations") -> list:
    """Return ``activations`` as a list after checking it is a non-empty sequence of known names."""
    if isinstance(activations, str) or not isinstance(activations, (list, tuple)):
        raise ValueError(
            f"{arg} must be a list of activation names, one per layer, e.g. ['relu', 'sigmoid'], "
            f"got {type(activations).__name__}"
        )
    if len(activations) == 0:
        raise ValueError(f"{arg} must name at least one layer, got an empty list")
    for name in activations:
        get_activation(name)
    return list(activations)


def _linear_cache(cache):
    """Unpack and check a cache made by ``linear_forward``."""
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        raise ValueError(f"cache must be the tuple (A_prev, W, b) returned by linear_forward, got {type(cache).__name__}")
    A_prev, W, b = cache
    return as_float_array(A_prev, "A_prev", ndim=2), as_float_array(W, "W", ndim=2), as_float_array(b, "b")


def _activation_cache(cache):
    """Unpack and check a cache made by ``activation_forward``."""
    if not isinstance(cache, (tuple, list)) or len(cache) != 2:
        raise ValueError(
            f"cache must be the tuple (linear_cache, Z) returned by activation_forward, got {type(cache).__name__}"
        )
    linear_cache, Z = cache
    return linear_cache, as_float_array(Z, "Z", ndim=2)


# ----------------------------------------------------------------------------- chapter 03


def linear_forward(A_prev, W, b):
    """Linear step of a layer, eq. (linear-forward) of chapter 03: Z = W A_prev + b.

    ``W`` fixes the layer's sizes ``n_l`` (rows) and ``n_prev`` (columns); ``b`` is added
    to every column (broadcasting).

    Args:
        A_prev: activations of the previous layer (or the input ``X``), shape ``(n_prev, m)``.
        W: weights, shape ``(n_l, n_prev)``.
        b: biases, shape ``(n_l, 1)``.

    Returns:
        ``(Z, cache)``: ``Z`` of shape ``(n_l, m)``, and ``cache = (A_prev, W, b)`` (the
        arrays themselves, kept for ``linear_backward``).

    Raises:
        ValueError: an argument is not 2-D, ``b`` is not ``(n_l, 1)``, or ``A_prev`` does not
            have ``n_prev`` rows.
    """
    A_prev = as_float_array(A_prev, "A_prev", ndim=2)
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b")
    n_l, n_prev = W.shape
    check_shape(b, "b", (n_l, 1), "(n_l, 1)")
    check_shape(A_prev, "A_prev", (n_prev, A_prev.shape[1]), "(n_prev, m)")
    raise NotImplementedError("implement nnlib.layers.linear_forward (chapter 03, exercise 1)")


def activation_forward(A_prev, W, b, activation):
    """One layer, eq. (activation-forward) of chapter 03: A = g(Z) with Z = W A_prev + b.

    Compute ``Z`` with ``linear_forward`` and apply ``g``, the activation named
    ``activation`` (``g`` is looked up for you with ``get_activation``).

    Args:
        A_prev: activations of the previous layer, shape ``(n_prev, m)``.
        W: weights, shape ``(n_l, n_prev)``.
        b: biases, shape ``(n_l, 1)``.
        activation: ``"relu"``, ``"sigmoid"``, ``"tanh"`` or ``"linear"``.

    Returns:
        ``(A, cache)``: ``A`` of shape ``(n_l, m)``, and ``cache = (linear_cache, Z)`` where
        ``linear_cache`` is the cache of ``linear_forward`` and ``Z`` the pre-activation.

    Raises:
        ValueError: unknown activation name, or shapes as in ``linear_forward``.
    """
    g, _ = get_activation(activation)
    raise NotImplementedError("implement nnlib.layers.activation_forward (chapter 03, exercise 2)")


def model_forward(X, params, activations):
    """Forward pass of an L-layer network, eq. (model-forward) of chapter 03.

    A_0 = X and, for l = 1, ..., L: A_l = g_l(W_l A_{l-1} + b_l), where g_l is
    ``activations[l - 1]``. Use ``activation_forward`` once per layer and keep its caches
    in order (layer 1 first).

    Args:
        X: input batch, shape ``(n_x, m)``, one example per column.
        params: dict with ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``; ``W_l`` has shape
            ``(n_l, n_{l-1})`` and ``b_l`` shape ``(n_l, 1)`` (``n_0 = n_x``). Other keys are ignored.
        activations: list of ``L`` activation names, one per layer; ``L = len(activations)``.

    Returns:
        ``(AL, caches)``: ``AL`` of shape ``(n_L, m)``, the network's output, and ``caches``,
        the list of the ``L`` caches returned by ``activation_forward``.

    Raises:
        ValueError: a key ``W_l`` or ``b_l`` is missing, an activation name is unknown, or the
            shapes do not chain: the weights fix the sizes, so ``W_l`` must have as many
            columns as ``W_{l-1}`` has rows, ``b_l`` must be ``(n_l, 1)`` and ``X`` must have
            ``n_x`` (the number of columns of ``W1``) rows.
    """
    names = _layer_names(activations)
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a dict with keys 'W1', 'b1', ..., got {type(params).__name__}")
    L = len(names)
    X = as_float_array(X, "X", ndim=2)
    n_prev = None
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            if key not in params:
                raise ValueError(f"params is missing {key!r}: a network with L = {L} layers needs W1..W{L} and b1..b{L}")
        W = as_float_array(params[f"W{l}"], f"W{l}", ndim=2)
        n_l = W.shape[0]
        if n_prev is not None:
            check_shape(W, f"W{l}", (n_l, n_prev), f"(n_{l}, n_{l - 1})")
        check_shape(as_float_array(params[f"b{l}"], f"b{l}"), f"b{l}", (n_l, 1), f"(n_{l}, 1)")
        n_prev = n_l
    check_shape(X, "X", (as_float_array(params["W1"], "W1").shape[1], X.shape[1]), "(n_x, m)")
    raise NotImplementedError("implement nnlib.layers.model_forward (chapter 03, exercise 3)")


# ----------------------------------------------------------------------------- chapter 04


def linear_backward(dZ, cache):
    """Backward pass of the linear step, eq. (linear-backward) of chapter 04.

    ``dZ`` holds per-example gradients dL(i)/dZ(i) (one column per example); the average
    over the batch enters here, once:
    dW = (1/m) dZ A_prev^T,  db = (1/m) sum of dZ over the examples (axis 1, kept as a
    column),  dA_prev = W^T dZ (per example, no 1/m).

    Args:
        dZ: gradient with respect to ``Z``, shape ``(n_l, m)``.
        cache: ``(A_prev, W, b)`` from ``linear_forward``; ``A_prev`` is ``(n_prev, m)``,
            ``W`` is ``(n_l, n_prev)``.

    Returns:
        ``(dA_prev, dW, db)`` with shapes ``(n_prev, m)``, ``(n_l, n_prev)``, ``(n_l, 1)``.

    Raises:
        ValueError: ``cache`` is not a 3-tuple or ``dZ`` is not ``(n_l, m)``.
    """
    A_prev, W, b = _linear_cache(cache)
    dZ = as_float_array(dZ, "dZ")
    check_shape(dZ, "dZ", (W.shape[0], A_prev.shape[1]), "(n_l, m)")
    raise NotImplementedError("implement nnlib.layers.linear_backward (chapter 04, exercise 1)")


def activation_backward(dA, cache, activation):
    """Backward pass of one layer, eq. (activation-backward) of chapter 04.

    First dZ = dA * g'(Z) (elementwise, g' the derivative of the layer's activation, looked
    up for you), then ``linear_backward(dZ, linear_cache)``.

    Args:
        dA: per-example gradient with respect to the layer's output ``A``, shape ``(n_l, m)``.
        cache: ``(linear_cache, Z)`` from ``activation_forward``.
        activation: the name used in the forward pass.

    Returns:
        ``(dA_prev, dW, db)`` with shapes ``(n_prev, m)``, ``(n_l, n_prev)``, ``(n_l, 1)``.

    Raises:
        ValueError: unknown activation name, ``cache`` is not a pair, or ``dA`` does not have
            the shape of ``Z``.
    """
    _, g_grad = get_activation(activation)
    linear_cache, Z = _activation_cache(cache)
    dA = as_float_array(dA, "dA")
    check_shape(dA, "dA", Z.shape, "(n_l, m)")
    raise NotImplementedError("implement nnlib.layers.activation_backward (chapter 04, exercise 2)")


def model_backward(dAL, caches, activations):
    """Backward pass of an L-layer network, eq. (model-backward) of chapter 04.

    Start from dA_L = ``dAL`` and go from layer L down to layer 1 with
    ``activation_backward``: each call returns dW_l, db_l and dA_{l-1}, the gradient passed
    on to the layer below. ``dAL`` is the per-example gradient dL(i)/dA_L(i), e.g.
    ``losses.mse_grad(AL, Y)``, or ``losses.bce_grad(AL, Y)`` after a sigmoid; the returned
    gradients are then those of the mean cost (1/m) sum_i L(i).

    Args:
        dAL: gradient with respect to the output ``AL``, shape ``(n_L, m)``.
        caches: the list of ``L`` caches from ``model_forward`` (layer 1 first).
        activations: the list of ``L`` activation names used in the forward pass.

    Returns:
        dict with ``"dW1"``, ``"db1"``, ..., ``"dWL"``, ``"dbL"``; ``dW_l`` has the shape of
        ``W_l`` and ``db_l`` that of ``b_l``.

    Raises:
        ValueError: ``caches`` and ``activations`` have different lengths, an activation name
            is unknown, or ``dAL`` does not have the shape of the output ``Z_L``.
    """
    names = _layer_names(activations)
    if not isinstance(caches, (list, tuple)) or len(caches) != len(names):
        got = len(caches) if isinstance(caches, (list, tuple)) else type(caches).__name__
        raise ValueError(
            f"caches and activations must have one entry per layer: got {got} caches and {len(names)} activations"
        )
    L = len(names)
    _, Z_L = _activation_cache(caches[-1])
    dAL = as_float_array(dAL, "dAL")
    check_shape(dAL, "dAL", Z_L.shape, "(n_L, m)")
    raise NotImplementedError("implement nnlib.layers.model_backward (chapter 04, exercise 3)")
