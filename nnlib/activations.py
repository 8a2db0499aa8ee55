# Students: replace each `raise NotImplementedError(...)` below with your code.
# Generated from solutions/nnlib/activations.py by `python -m autograder stubs`: maintainers edit the solution there.
"""Chapter 02 (activation functions): ReLU, sigmoid, tanh and their derivatives.

Every function works elementwise on an array of any shape and returns float64. The
derivatives take the pre-activation ``z`` (not the activation). ``ACTIVATIONS`` maps each
name used by the layers of chapter 03 (``"relu"``, ``"sigmoid"``, ``"tanh"``, ``"linear"``)
to the pair ``(f, f_grad)``, and ``get_activation`` looks a name up with a clear error.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_choice

# exp(-708) ~ 3.3e-308 is the smallest power of e that is still a normal float64: capping
# the exponent there keeps exp() free of underflow as well as overflow.
_Z_CAP = 708.0


def relu(z):
    """Rectified linear unit, eq. (relu) of chapter 02: max(0, z) elementwise.

    Args:
        z: pre-activations, any shape.

    Returns:
        Array of the same shape as ``z`` (a float64 scalar for a scalar ``z``).
    """
    z = as_float_array(z, "z")
    raise NotImplementedError("implement nnlib.activations.relu (chapter 02, exercise 1)")


def relu_grad(z):
    """Derivative of ReLU, eq. (relu-grad) of chapter 02: 1 where z > 0, else 0.

    ReLU has no derivative at 0 (its left slope is 0, its right slope 1); we take 0 there,
    as the seed does (``f'(x) = 1 if x > 0, else 0``). Any value in [0, 1] is a valid
    subgradient; 0 keeps units that sit exactly at 0 (for instance after a zero
    initialisation) inactive, and the choice never matters for the finite differences
    of chapter 04, which are taken away from 0.

    Args:
        z: pre-activations, any shape.

    Returns:
        float64 array of the same shape as ``z`` holding 1.0 where ``z > 0`` and 0.0 elsewhere
        (so ``relu_grad(0) == 0``).
    """
    z = as_float_array(z, "z")
    raise NotImplementedError("implement nnlib.activations.relu_grad (chapter 02, exercise 2)")


def sigmoid(z):
    """Logistic sigmoid, eq. (sigmoid) of chapter 02: 1 / (1 + exp(-z)) elementwise.

    Must be numerically stable for every finite ``z``: the direct formula overflows in
    ``exp(-z)`` for z < -709. Use ``e = exp(-|z|)``, which lies in (0, 1], and
    sigmoid(z) = 1 / (1 + e) for z >= 0, e / (1 + e) for z < 0 (both are the same function).
    Cap ``|z|`` at 708 inside the exponential so that ``exp`` does not underflow either;
    this changes the result by less than 4e-308. Then no floating-point warning is raised
    even under ``np.errstate(all="raise")``, ``sigmoid(0) == 0.5`` exactly, and every value
    lies in [0, 1].

    Args:
        z: pre-activations, any shape.

    Returns:
        Array of the same shape as ``z`` with values in [0, 1].
    """
    z = as_float_array(z, "z")
    raise NotImplementedError("implement nnlib.activations.sigmoid (chapter 02, exercise 3)")


def sigmoid_grad(z):
    """Derivative of the sigmoid, eq. (sigmoid-grad) of chapter 02: s (1 - s) with s = sigmoid(z).

    Args:
        z: pre-activations, any shape.

    Returns:
        Array of the same shape as ``z`` with values in [0, 0.25].
    """
    z = as_float_array(z, "z")
    raise NotImplementedError("implement nnlib.activations.sigmoid_grad (chapter 02, exercise 4)")


def tanh(z):
    """Hyperbolic tangent, eq. (tanh) of chapter 02: (e^z - e^-z) / (e^z + e^-z) elementwise.

    Use ``np.tanh`` rather than the exponential formula: for |z| > 710 both exponentials
    in the formula overflow to inf and inf / inf gives nan, while ``np.tanh`` returns the
    correct value (+-1) for every finite ``z`` without a warning.

    Args:
        z: pre-activations, any shape.

    Returns:
        Array of the same shape as ``z`` with values in [-1, 1].
    """
    z = as_float_array(z, "z")
    raise NotImplementedError("implement nnlib.activations.tanh (chapter 02, exercise 5)")


def tanh_grad(z):
    """Derivative of tanh, eq. (tanh-grad) of chapter 02: 1 - tanh(z)^2.

    Args:
        z: pre-activations, any shape.

    Returns:
        Array of the same shape as ``z`` with values in [0, 1].
    """
    z = as_float_array(z, "z")
    raise NotImplementedError("implement nnlib.activations.tanh_grad (chapter 02, exercise 6)")


def linear(z):
    """Identity activation (used for regression outputs): returns a float64 copy of ``z``.

    A copy, not ``z`` itself, so that changing the activation in place never changes the
    pre-activation stored in a layer's cache.

    Args:
        z: pre-activations, any shape.

    Returns:
        Array equal to ``z``, same shape.
    """
    z = as_float_array(z, "z")
    return z.copy()


def linear_grad(z):
    """Derivative of the identity activation: ones of the shape of ``z``.

    Args:
        z: pre-activations, any shape.

    Returns:
        float64 array of ones, same shape as ``z``.
    """
    z = as_float_array(z, "z")
    return np.ones_like(z)


ACTIVATIONS = {
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "linear": (linear, linear_grad),
}


def get_activation(name):
    """Look up an activation by name.

    Args:
        name: one of the keys of ``ACTIVATIONS``: ``"relu"``, ``"sigmoid"``, ``"tanh"``, ``"linear"``.

    Returns:
        The pair ``(f, f_grad)`` of the activation and its derivative (both take ``z``).

    Raises:
        ValueError: ``name`` is not a known activation; the message lists the known ones.
    """
    if not isinstance(name, str):
        raise ValueError(f"activation must be a name (str), one of {', '.join(map(repr, ACTIVATIONS))}; got {name!r}")
    check_choice(name, "activation", tuple(ACTIVATIONS))
    return ACTIVATIONS[name]
