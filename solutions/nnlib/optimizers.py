"""Optimization algorithms (chapter 07).

Three optimizers with one interface: ``GradientDescent``, ``Momentum`` (the seed's
exponential-moving-average form) and ``Adam`` (with bias correction). Each is built with
its hyper-parameters, which it keeps as attributes of the same names (a learning-rate
schedule may assign ``opt.lr`` between steps), and has ``step(params, grads)``, which updates
the parameter arrays in place. A parameter ``params[k]`` takes the gradient ``grads["d" + k]``
(``"W1"`` takes ``"dW1"``, ``"gamma1"`` takes ``"dgamma1"``). The optimizer's state (velocities,
moments, step count) lives in the optimizer, keyed by parameter name, created as zeros the
first time a parameter is seen.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_range, check_same_shape


def _check_lr(lr) -> float:
    return check_range(lr, "lr", 0.0, np.inf, low_open=True, high_open=True)


def _check_beta(beta, name: str) -> float:
    return check_range(beta, name, 0.0, 1.0, high_open=True)


def _check_step(params, grads) -> None:
    """Scaffolding for every ``step``: ``params`` holds float64 arrays, each with a gradient of its shape."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of arrays, got {type(params).__name__}")
    if not isinstance(grads, dict):
        raise ValueError(f"grads must be a dict of arrays, got {type(grads).__name__}")
    for key, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise ValueError(
                f"params[{key!r}] must be a float64 numpy array (it is updated in place), "
                f"got {type(p).__name__}{'' if not isinstance(p, np.ndarray) else ' of dtype ' + str(p.dtype)}"
            )
        gkey = "d" + key
        if gkey not in grads:
            raise ValueError(f"missing gradient {gkey!r} for parameter {key!r}; grads has {sorted(grads)}")
        g = grads[gkey]
        if not isinstance(g, np.ndarray):
            raise ValueError(f"grads[{gkey!r}] must be a numpy array, got {type(g).__name__}")
        if g.shape != p.shape:  # the names are formatted only when the check fails (step is a hot loop)
            check_same_shape(p, f"params[{key!r}]", g, f"grads[{gkey!r}]")


def _zeros_state(state: dict, params: dict, name: str) -> None:
    """Create ``state[k] = zeros_like(params[k])`` for each parameter seen for the first time."""
    for key, p in params.items():
        s = state.get(key)
        if s is None:
            state[key] = np.zeros_like(p)
        elif s.shape != p.shape:
            raise ValueError(
                f"{name}[{key!r}] has shape {s.shape} but params[{key!r}] has shape {p.shape}; "
                "use a new optimizer for a new network"
            )


class GradientDescent:
    """Plain gradient descent, eq. (gd-update) of chapter 07: ``p <- p - lr * dp``.

    Args:
        lr: learning rate, > 0. Stored as ``self.lr``.

    Raises:
        ValueError: ``lr`` is not a positive number.
    """

    def __init__(self, lr):
        self.lr = _check_lr(lr)

    def __repr__(self):
        return f"GradientDescent(lr={self.lr!r})"

    def step(self, params, grads):
        """Apply one update, eq. (gd-update) of chapter 07, to every parameter in place.

        For each key ``k`` of ``params``: ``params[k] -= self.lr * grads["d" + k]``. Modify the
        array itself (``p -= ...``), do not rebind the dict entry to a new array.

        Args:
            params: dict name -> float64 array, e.g. ``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}``.
            grads: dict ``"d" + name`` -> array of the same shape, e.g. ``{"dW1": ..., "db1": ...}``;
                extra entries are ignored.

        Returns:
            None; ``params``' arrays are updated in place.

        Raises:
            ValueError: a parameter is not a float64 array, its gradient is missing, or the shapes differ.
        """
        _check_step(params, grads)
        _check_lr(self.lr)
        ### BEGIN SOLUTION
        lr = self.lr
        for key, p in params.items():
            p -= lr * grads["d" + key]
        ### END SOLUTION


class Momentum:
    """Gradient descent with momentum, eq. (momentum-update) of chapter 07 (the seed's moving-average form).

    Args:
        lr: learning rate, > 0. Stored as ``self.lr``.
        beta: momentum coefficient in [0, 1). Stored as ``self.beta``.

    Attributes:
        v: dict name -> velocity array (same shape as the parameter), zeros when a parameter
            is first seen.

    Raises:
        ValueError: ``lr`` is not positive or ``beta`` is outside [0, 1).
    """

    def __init__(self, lr, beta=0.9):
        self.lr = _check_lr(lr)
        self.beta = _check_beta(beta, "beta")
        self.v = {}

    def __repr__(self):
        return f"Momentum(lr={self.lr!r}, beta={self.beta!r})"

    def step(self, params, grads):
        """Apply one update, eq. (momentum-update) of chapter 07, to every parameter in place.

        For each key ``k`` of ``params``, with ``g = grads["d" + k]`` and ``v = self.v[k]``
        (already created as zeros by the scaffolding):
        ``v <- beta * v + (1 - beta) * g`` (store it back in ``self.v[k]``), then
        ``params[k] -= lr * v`` on the array itself. The first step therefore moves
        ``p`` by ``-lr * (1 - beta) * g``.

        Args:
            params: dict name -> float64 array, e.g. ``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}``.
            grads: dict ``"d" + name`` -> array of the same shape; extra entries are ignored.

        Returns:
            None; ``params``' arrays and ``self.v`` are updated in place.

        Raises:
            ValueError: a parameter is not a float64 array, its gradient is missing, or the shapes differ.
        """
        _check_step(params, grads)
        _check_lr(self.lr)
        _zeros_state(self.v, params, "v")
        ### BEGIN SOLUTION
        lr, beta = self.lr, self.beta
        for key, p in params.items():
            v = self.v[key]
            v *= beta
            v += (1.0 - beta) * grads["d" + key]
            p -= lr * v
        ### END SOLUTION


class Adam:
    """Adam, eq. (adam-update) of chapter 07: moving averages of the gradient and its square, bias-corrected.

    Args:
        lr: learning rate, > 0. Stored as ``self.lr``.
        beta1: decay of the first moment, in [0, 1). Stored as ``self.beta1``.
        beta2: decay of the second moment, in [0, 1). Stored as ``self.beta2``.
        eps: added to the denominator, > 0. Stored as ``self.eps``.

    Attributes:
        t: number of ``step`` calls so far (0 before the first).
        m: dict name -> first-moment array, zeros when a parameter is first seen.
        v: dict name -> second-moment array, zeros when a parameter is first seen.

    Raises:
        ValueError: a hyper-parameter is out of range.
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = _check_lr(lr)
        self.beta1 = _check_beta(beta1, "beta1")
        self.beta2 = _check_beta(beta2, "beta2")
        self.eps = check_range(eps, "eps", 0.0, np.inf, low_open=True, high_open=True)
        self.t = 0
        self.m = {}
        self.v = {}

    def __repr__(self):
        return f"Adam(lr={self.lr!r}, beta1={self.beta1!r}, beta2={self.beta2!r}, eps={self.eps!r})"

    def step(self, params, grads):
        """Apply one update, eq. (adam-update) of chapter 07, to every parameter in place.

        First ``self.t += 1`` (once per call, so the first step uses ``t = 1``). Then for each
        key ``k`` of ``params``, with ``g = grads["d" + k]`` and the state ``self.m[k]``,
        ``self.v[k]`` (already created as zeros by the scaffolding):

        - ``m <- beta1 * m + (1 - beta1) * g`` and ``v <- beta2 * v + (1 - beta2) * g**2``
          (store both back in ``self.m[k]``, ``self.v[k]``);
        - ``m_hat = m / (1 - beta1**t)``, ``v_hat = v / (1 - beta2**t)``;
        - ``params[k] -= lr * m_hat / (sqrt(v_hat) + eps)`` on the array itself.

        Args:
            params: dict name -> float64 array, e.g. ``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}``.
            grads: dict ``"d" + name`` -> array of the same shape; extra entries are ignored.

        Returns:
            None; ``params``' arrays, ``self.m``, ``self.v`` and ``self.t`` are updated in place.

        Raises:
            ValueError: a parameter is not a float64 array, its gradient is missing, or the shapes differ.
        """
        _check_step(params, grads)
        _check_lr(self.lr)
        _zeros_state(self.m, params, "m")
        _zeros_state(self.v, params, "v")
        ### BEGIN SOLUTION
        self.t += 1
        beta1, beta2, t = self.beta1, self.beta2, self.t
        # lr * m_hat / (sqrt(v_hat) + eps) == step * m / (sqrt(v) + eps_hat) with the two scalars
        # below (multiply through by sqrt(1 - beta2**t)): one pass less per array, as suggested in
        # section 2 of Kingma and Ba's paper. Every pass works in place, in one scratch array.
        root2 = (1.0 - beta2**t) ** 0.5
        step = self.lr * root2 / (1.0 - beta1**t)
        eps_hat = self.eps * root2
        for key, p in params.items():
            g = grads["d" + key]
            m, v = self.m[key], self.v[key]
            m *= beta1
            m += (1.0 - beta1) * g
            scratch = np.square(g, dtype=np.float64)  # float64 whatever the gradient's dtype
            scratch *= 1.0 - beta2
            v *= beta2
            v += scratch
            np.sqrt(v, out=scratch)
            scratch += eps_hat
            np.divide(m, scratch, out=scratch)
            scratch *= step
            p -= scratch
        ### END SOLUTION
