"""Chapter 01 (the neuron): a single artificial neuron, ``output = g(w . x + b)``.

It holds the weighted sum of the inputs plus a bias, eq. (neuron-sum), and the neuron's
output, eq. (neuron-output), which passes that sum through an activation function. A batch
of inputs is a matrix with one example per column, as everywhere in the course.
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - for the student's solution (the reference may not need it)

from ._validate import as_float_array, check_shape


def weighted_sum(x, w, b):
    """Weighted sum of a neuron, eq. (neuron-sum) of chapter 01: z = sum_j w_j x_j + b.

    For a batch, the same sum is taken for every column: z_i = w . x[:, i] + b.

    Args:
        x: inputs, shape ``(n,)`` for one example or ``(n, m)`` for ``m`` examples (one per column).
        w: weights, shape ``(n,)``; ``n`` fixes the number of inputs.
        b: bias, a scalar (0-D).

    Returns:
        A Python ``float`` when ``x`` has shape ``(n,)``; an array of shape ``(m,)`` when
        ``x`` has shape ``(n, m)``.

    Raises:
        ValueError: ``x`` is not 1-D or 2-D, ``w`` is not 1-D, ``b`` is not a scalar, or the
            first dimension of ``x`` differs from ``n = len(w)``.
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    w = as_float_array(w, "w", ndim=1)
    b = as_float_array(b, "b", ndim=0)
    check_shape(x, "x", (w.shape[0],) + x.shape[1:], "(n,)" if x.ndim == 1 else "(n, m)")
    ### BEGIN SOLUTION
    z = w @ x + b
    return float(z) if x.ndim == 1 else z
    ### END SOLUTION


def neuron(x, w, b, activation):
    """Output of a neuron, eq. (neuron-output) of chapter 01: activation(w . x + b).

    Args:
        x: inputs, shape ``(n,)`` or ``(n, m)`` (one example per column).
        w: weights, shape ``(n,)``.
        b: bias, a scalar.
        activation: a callable applied elementwise to the weighted sum, e.g.
            ``nnlib.activations.sigmoid``.

    Returns:
        ``activation(weighted_sum(x, w, b))``: a scalar for ``x`` of shape ``(n,)``, an array
        of shape ``(m,)`` for ``x`` of shape ``(n, m)``.

    Raises:
        ValueError: ``activation`` is not callable, or the shapes are wrong (see ``weighted_sum``).
    """
    if not callable(activation):
        raise ValueError(
            f"activation must be a callable such as nnlib.activations.sigmoid, got {type(activation).__name__}"
        )
    ### BEGIN SOLUTION
    return activation(weighted_sum(x, w, b))
    ### END SOLUTION
