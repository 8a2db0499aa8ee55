"""Chapter 09 — batch normalization.

Forward cases report the output, the cache, the running statistics after the call (the state is
updated in place in training and left alone in evaluation) and ``Z`` after the call. Backward
cases build their training cache ``(Z_hat, gamma, inv_std)`` with plain NumPy (not with the
student's forward pass), so the two exercises are graded independently.
"""

import numpy as np

from autograder.cases._common import randn, rng
from autograder.registry import Case, Exercise, Mistake

HAND_PICKED_Z = np.array([[1.0, 2.0, 3.0, 6.0], [-1.0, 0.5, 0.0, 0.5]])


def _state(n: int, seed=None):
    """Fresh statistics (zeros, ones) or, with a seed, non-trivial running statistics."""
    if seed is None:
        return {"running_mean": np.zeros((n, 1)), "running_var": np.ones((n, 1))}
    gen = rng(seed)
    return {"running_mean": gen.standard_normal((n, 1)), "running_var": gen.uniform(0.5, 2.0, (n, 1))}


def _forward(Z_fn, state_seed=None, calls=(True,), **kwargs):
    """Call batchnorm_forward once per entry of ``calls`` (its ``training`` flag), each time on ``Z_fn(i)``."""

    def run(nn):
        n = Z_fn(0).shape[0]
        gamma = 1.0 + 0.5 * randn(900, n, 1)
        beta = randn(901, n, 1)
        state = _state(n, state_seed)
        results = []
        for i, training in enumerate(calls):
            Z = Z_fn(i)
            out, cache = nn.batchnorm.batchnorm_forward(Z, gamma, beta, state, training=training, **kwargs)
            results.append({
                "out": out,
                "cache": cache,
                "running_mean": np.array(state["running_mean"]),
                "running_var": np.array(state["running_var"]),
                "Z_after_call": Z,
            })
        return {"calls": results, "gamma_after": gamma, "beta_after": beta}

    return run


def _hand_picked(i):
    return HAND_PICKED_Z.copy()


def _random(n, m, seed, scale=1.0, shift=0.0):
    return lambda i: shift + scale * randn(seed + i, n, m)


def _constant_row(i):
    Z = randn(930, 3, 2)
    Z[1] = 4.0  # zero variance: Z_hat = 0 and inv_std = 1/sqrt(eps)
    return Z


def _backward(n, m, seed, dout_fn=None, Z_fn=None):
    """The training cache of a batch, made with NumPy, and batchnorm_backward on it."""

    def run(nn):
        eps = 1e-5
        Z = Z_fn() if Z_fn else 2.0 * randn(seed, n, m) + 1.0
        mu = Z.mean(axis=1, keepdims=True)
        inv_std = 1.0 / np.sqrt(((Z - mu) ** 2).mean(axis=1, keepdims=True) + eps)
        Z_hat = (Z - mu) * inv_std
        gamma = 1.0 + 0.5 * randn(seed + 1, n, 1)
        dout = dout_fn() if dout_fn else randn(seed + 2, n, m)
        cache = (Z_hat.copy(), gamma.copy(), inv_std.copy())
        dout_in = dout.copy()
        dZ, dgamma, dbeta = nn.batchnorm.batchnorm_backward(dout_in, cache)
        unchanged = all(np.array_equal(a, b) for a, b in zip((*cache, dout_in), (Z_hat, gamma, inv_std, dout)))
        return {"dZ": dZ, "dgamma": dgamma, "dbeta": dbeta, "inputs_unchanged": bool(unchanged)}

    return run


_FWD_HEAD = (
    "def batchnorm_forward(Z, gamma, beta, state, training=True, momentum=0.9, eps=1e-5):\n"
    "    if not training:\n"
    "        Z_hat = (Z - state['running_mean']) / np.sqrt(state['running_var'] + eps)\n"
    "        return gamma * Z_hat + beta, None\n"
)

_FWD_TAIL = (
    "    inv_std = 1 / np.sqrt(var + eps)\n"
    "    Z_hat = (Z - mu) * inv_std\n"
    "    return gamma * Z_hat + beta, (Z_hat, gamma, inv_std)\n"
)

_UPDATE = (
    "    state['running_mean'] = momentum * state['running_mean'] + (1 - momentum) * mu\n"
    "    state['running_var'] = momentum * state['running_var'] + (1 - momentum) * var\n"
)

_BWD_HEAD = "def batchnorm_backward(dout, cache):\n    Z_hat, gamma, inv_std = cache\n"

EXERCISES = [
    Exercise(
        "batchnorm.batchnorm_forward", chapter=9, number=1, equation="batchnorm-forward",
        cases=(
            Case("hand-picked (2, 4) batch, fresh state, training", _forward(_hand_picked)),
            Case("random (5, 16) batch, momentum = 0.8, eps = 1e-3, existing running statistics",
                 _forward(_random(5, 16, 910, 3.0, 2.0), state_seed=911, momentum=0.8, eps=1e-3)),
            Case("evaluation (training=False): running statistics used, state unchanged, cache None",
                 _forward(_random(4, 6, 912, 2.0, -1.0), state_seed=913, calls=(False,))),
            Case("two training batches, then evaluation on a third",
                 _forward(_random(3, 8, 914, 1.5, 0.5), calls=(True, True, False))),
            Case("m = 2 columns and a constant row (zero variance)", _forward(_constant_row, state_seed=915)),
        ),
        mistakes=(
            Mistake(
                "unbiased variance",
                "batch norm uses the biased batch variance, var = mean((Z - mu)**2, axis=1), i.e. 1/m, not "
                "1/(m - 1) (ddof=1) (eq. (batchnorm-forward), chapter 09)",
                _FWD_HEAD + "    mu = Z.mean(axis=1, keepdims=True)\n"
                "    var = Z.var(axis=1, ddof=1, keepdims=True)\n" + _UPDATE + _FWD_TAIL,
            ),
            Mistake(
                "batch statistics at evaluation time",
                "with training=False normalize with state['running_mean'] and state['running_var'], not with the "
                "statistics of the batch at hand (eq. (batchnorm-running), chapter 09)",
                "def batchnorm_forward(Z, gamma, beta, state, training=True, momentum=0.9, eps=1e-5):\n"
                "    mu = Z.mean(axis=1, keepdims=True)\n"
                "    var = Z.var(axis=1, keepdims=True)\n"
                "    if not training:\n"
                "        return gamma * (Z - mu) / np.sqrt(var + eps) + beta, None\n" + _UPDATE + _FWD_TAIL,
            ),
            Mistake(
                "running statistics not updated",
                "in training, update the running averages in state: running = momentum * running + (1 - momentum) "
                "* batch statistic, for both the mean and the variance (eq. (batchnorm-running), chapter 09)",
                _FWD_HEAD + "    mu = Z.mean(axis=1, keepdims=True)\n"
                "    var = Z.var(axis=1, keepdims=True)\n" + _FWD_TAIL,
            ),
            Mistake(
                "momentum on the batch statistic",
                "momentum weighs the old running value: running = momentum * running + (1 - momentum) * batch "
                "statistic, not the other way round (eq. (batchnorm-running), chapter 09)",
                _FWD_HEAD + "    mu = Z.mean(axis=1, keepdims=True)\n"
                "    var = Z.var(axis=1, keepdims=True)\n"
                "    state['running_mean'] = (1 - momentum) * state['running_mean'] + momentum * mu\n"
                "    state['running_var'] = (1 - momentum) * state['running_var'] + momentum * var\n" + _FWD_TAIL,
            ),
            Mistake(
                "statistics over axis 0",
                "each unit (row) is normalized over the batch: mean and variance over axis 1 with keepdims=True, "
                "giving (n, 1) statistics, not over axis 0 (eq. (batchnorm-forward), chapter 09)",
                _FWD_HEAD + "    mu = Z.mean(axis=0, keepdims=True)\n"
                "    var = Z.var(axis=0, keepdims=True)\n" + _UPDATE + _FWD_TAIL,
            ),
            Mistake(
                "eps outside the square root",
                "eps goes under the square root: Z_hat = (Z - mu) / sqrt(var + eps), not (Z - mu) / (sqrt(var) + eps) "
                "(eq. (batchnorm-forward), chapter 09)",
                _FWD_HEAD + "    mu = Z.mean(axis=1, keepdims=True)\n"
                "    var = Z.var(axis=1, keepdims=True)\n" + _UPDATE
                + "    inv_std = 1 / (np.sqrt(var) + eps)\n"
                "    Z_hat = (Z - mu) * inv_std\n"
                "    return gamma * Z_hat + beta, (Z_hat, gamma, inv_std)\n",
            ),
        ),
    ),
    Exercise(
        "batchnorm.batchnorm_backward", chapter=9, number=2, equation="batchnorm-backward",
        cases=(
            Case("random (3, 5) batch", _backward(3, 5, 940)),
            Case("random (6, 32) batch", _backward(6, 32, 943)),
            Case("m = 2 columns", _backward(4, 2, 946)),
            Case("constant upstream gradient in each row: dZ = 0", _backward(
                3, 7, 949, dout_fn=lambda: np.repeat(np.array([[1.0], [-2.0], [0.5]]), 7, axis=1))),
            Case("upstream gradient proportional to Z_hat: dZ ~ 0 (up to eps), dgamma = mean(dout * Z_hat)",
                 _backward(2, 6, 952, Z_fn=lambda: np.array([[1.0, 2, 3, 4, 5, 9], [0, 0, 1, 1, -1, -1]]),
                           dout_fn=lambda: 3.0 * np.array([[1.0, 2, 3, 4, 5, 9], [0, 0, 1, 1, -1, -1]]))),
        ),
        mistakes=(
            Mistake(
                "dgamma, dbeta summed over the batch",
                "dgamma and dbeta are averaged over the batch like dW and db: dbeta = (1/m) sum(dout, axis=1), "
                "dgamma = (1/m) sum(dout * Z_hat, axis=1), with keepdims=True (eq. (batchnorm-backward), chapter 09)",
                _BWD_HEAD + "    dbeta = dout.sum(axis=1, keepdims=True)\n"
                "    dgamma = (dout * Z_hat).sum(axis=1, keepdims=True)\n"
                "    m = dout.shape[1]\n"
                "    dZ = gamma * inv_std * (dout - dbeta / m - Z_hat * dgamma / m)\n"
                "    return dZ, dgamma, dbeta\n",
            ),
            Mistake(
                "mean and variance treated as constants",
                "mu and var depend on every column of Z, so dZ has two more terms: "
                "dZ = gamma * inv_std * (dout - mean(dout) - Z_hat * mean(dout * Z_hat)), means over axis 1 "
                "(eq. (batchnorm-backward), chapter 09)",
                _BWD_HEAD + "    dbeta = dout.mean(axis=1, keepdims=True)\n"
                "    dgamma = (dout * Z_hat).mean(axis=1, keepdims=True)\n"
                "    return gamma * inv_std * dout, dgamma, dbeta\n",
            ),
            Mistake(
                "variance path missing",
                "the gradient through the variance adds - Z_hat * mean(dout * Z_hat): "
                "dZ = gamma * inv_std * (dout - mean(dout) - Z_hat * mean(dout * Z_hat)) "
                "(eq. (batchnorm-backward), chapter 09)",
                _BWD_HEAD + "    dbeta = dout.mean(axis=1, keepdims=True)\n"
                "    dgamma = (dout * Z_hat).mean(axis=1, keepdims=True)\n"
                "    return gamma * inv_std * (dout - dbeta), dgamma, dbeta\n",
            ),
            Mistake(
                "dZ divided by m",
                "dZ is a per-example gradient (the 1/m enters later, in dW): "
                "dZ = gamma * inv_std * (dout - mean(dout) - Z_hat * mean(dout * Z_hat)) without a further 1/m "
                "(eq. (batchnorm-backward), chapter 09)",
                _BWD_HEAD + "    m = dout.shape[1]\n"
                "    dbeta = dout.mean(axis=1, keepdims=True)\n"
                "    dgamma = (dout * Z_hat).mean(axis=1, keepdims=True)\n"
                "    return gamma * inv_std * (dout - dbeta - Z_hat * dgamma) / m, dgamma, dbeta\n",
            ),
            Mistake(
                "gamma missing in dZ",
                "out = gamma * Z_hat + beta, so the gradient reaching Z_hat is gamma * dout: "
                "dZ = gamma * inv_std * (dout - mean(dout) - Z_hat * mean(dout * Z_hat)) "
                "(eq. (batchnorm-backward), chapter 09)",
                _BWD_HEAD + "    dbeta = dout.mean(axis=1, keepdims=True)\n"
                "    dgamma = (dout * Z_hat).mean(axis=1, keepdims=True)\n"
                "    return inv_std * (dout - dbeta - Z_hat * dgamma), dgamma, dbeta\n",
            ),
        ),
    ),
]
