"""Chapter 08 — regularization.

L2 cases use parameter dicts with biases, batch-norm parameters and a two-digit layer number,
so that penalizing anything but the weight matrices shows; they also report the parameters
after the call (a penalty must not change them). Dropout cases pass a fresh seeded generator
(the docstring fixes one ``rng.random(A.shape)`` call) and report the generator's next numbers;
a property case (fraction kept, mean preserved) passes for any valid inverted-dropout draw.
"""

import numpy as np

from autograder.cases._common import randn, rng
from autograder.registry import Case, Exercise, Mistake


def _hand_picked_params():
    return {
        "W1": np.array([[1.0, -2.0], [3.0, 0.5]]),
        "b1": np.array([[10.0], [-20.0]]),
        "W2": np.array([[-1.0, 0.25]]),
        "b2": np.array([[3.0]]),
    }


def _network_params():
    """Weights, biases, batch-norm parameters and a layer 10 (``"W10"``), all random."""
    shapes = {"W1": (5, 4), "b1": (5, 1), "gamma1": (5, 1), "beta1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W10": (2, 3),
              "b10": (2, 1)}
    return {key: randn(800 + i, *shape) for i, (key, shape) in enumerate(shapes.items())}


def _biases_only():
    return {"b1": np.array([[1.0], [2.0]]), "gamma1": np.ones((2, 1)), "beta1": np.full((2, 1), 0.5)}


def _l2(name: str, params_fn, lambd, m):
    def run(nn):
        params = params_fn()
        out = getattr(nn.regularization, name)(params, lambd, m)
        return {"out": out, "params_after_call": params}

    return run


def _l2_cases(name: str) -> tuple:
    return (
        Case("hand-picked W1, b1, W2, b2 with lambd = 0.7, m = 4", _l2(name, _hand_picked_params, 0.7, 4)),
        Case("random network with gamma/beta and W10, lambd = 0.1, m = 32", _l2(name, _network_params, 0.1, 32)),
        Case("a batch of one example, m = 1, lambd = 2.5", _l2(name, _network_params, 2.5, 1)),
        Case("lambd = 0 (no regularization)", _l2(name, _hand_picked_params, 0.0, 8)),
        Case("only biases and batch-norm parameters (nothing to penalize)", _l2(name, _biases_only, 1.0, 3)),
    )


HAND_PICKED_A = np.array([[1.0, -2.0, 3.0, 0.0], [0.5, 4.0, -1.0, 2.0], [-3.0, 1.0, 0.25, -0.5]])


def _dropout_forward(shape, keep_prob, seed, a_seed=None):
    """``A`` is HAND_PICKED_A when ``a_seed`` is None, else standard normal of ``shape``."""

    def run(nn):
        A = HAND_PICKED_A.copy() if a_seed is None else randn(a_seed, *shape)
        gen = rng(seed)
        A_out, mask = nn.regularization.dropout_forward(A, keep_prob, gen)
        return {"A_out": A_out, "mask": mask, "A_after_call": A, "next_draws": gen.random(3)}

    return run


def _dropout_property(nn):
    """Property of any valid inverted dropout: fraction kept ~ keep_prob, kept values scaled by 1/keep_prob."""
    keep_prob = 0.7
    A = np.ones((200, 500))
    A_out, mask = nn.regularization.dropout_forward(A, keep_prob, rng(850))
    A_out, mask = np.asarray(A_out, dtype=float), np.asarray(mask, dtype=float)
    kept = mask != 0
    # 100,000 Bernoulli(0.7) draws: the kept fraction has standard error 0.0015; 0.01 is about 7 of them
    return {
        "shape": A_out.shape,
        "kept_fraction_ok": bool(abs(kept.mean() - keep_prob) < 0.01),
        "kept_scaled_by_1_over_keep_prob": bool(np.allclose(A_out[kept], 1.0 / keep_prob)),
        "dropped_are_zero": bool(not np.any(A_out[~kept])),
        "mean_preserved": bool(abs(A_out.mean() - 1.0) < 0.015),
    }


def _dropout_backward(shape, keep_prob, seed, float_mask=False):
    def run(nn):
        dA = randn(seed, *shape)
        mask = rng(seed + 1).random(shape) < keep_prob
        if float_mask:
            mask = mask.astype(float)
        dA_prev = nn.regularization.dropout_backward(dA, mask, keep_prob)
        return {"dA_prev": dA_prev, "dA_after_call": dA}

    return run


EXERCISES = [
    Exercise(
        "regularization.l2_penalty", chapter=8, number=1, equation="l2-penalty", cases=_l2_cases("l2_penalty"),
        mistakes=(
            Mistake(
                "biases penalized",
                "the L2 penalty sums the squares of the weight matrices only (keys W1, W2, ...; use is_weight_key); "
                "biases and batch-norm parameters are not penalized (eq. (l2-penalty), chapter 08)",
                "def l2_penalty(params, lambd, m):\n"
                "    return float(lambd / (2 * m) * sum(np.sum(p ** 2) for p in params.values()))\n",
            ),
            Mistake(
                "lambd / m instead of lambd / (2m)",
                "the penalty is (lambd / (2m)) * sum of W**2; the 1/2 makes its gradient (lambd / m) W "
                "(eq. (l2-penalty), chapter 08)",
                "def l2_penalty(params, lambd, m):\n"
                "    return float(lambd / m * sum(np.sum(W ** 2) for k, W in params.items() if is_weight_key(k)))\n",
            ),
            Mistake(
                "missing 1/m",
                "the penalty is averaged like the cost: (lambd / (2m)) * sum of W**2, with m the number of examples "
                "(eq. (l2-penalty), chapter 08)",
                "def l2_penalty(params, lambd, m):\n"
                "    return float(lambd / 2 * sum(np.sum(W ** 2) for k, W in params.items() if is_weight_key(k)))\n",
            ),
            Mistake(
                "norms instead of squared norms",
                "sum the squared entries, sum(W**2) (the squared Frobenius norm), not the norm itself "
                "(eq. (l2-penalty), chapter 08)",
                "def l2_penalty(params, lambd, m):\n"
                "    return float(lambd / (2 * m) * sum(np.linalg.norm(W) for k, W in params.items() if is_weight_key(k)))\n",
            ),
            Mistake(
                "absolute values (L1)",
                "the L2 penalty sums the squared weights, sum(W**2); summing |W| is the L1 penalty "
                "(eq. (l2-penalty), chapter 08)",
                "def l2_penalty(params, lambd, m):\n"
                "    return float(lambd / (2 * m) * sum(np.sum(np.abs(W)) for k, W in params.items() if is_weight_key(k)))\n",
            ),
        ),
    ),
    Exercise(
        "regularization.l2_grads", chapter=8, number=2, equation="l2-grad", cases=_l2_cases("l2_grads"),
        mistakes=(
            Mistake(
                "biases included",
                "only weight matrices get an L2 gradient: return {'dW1': (lambd / m) * W1, ...} for the keys that "
                "satisfy is_weight_key, with no entries for biases or batch-norm parameters (eq. (l2-grad), chapter 08)",
                "def l2_grads(params, lambd, m):\n"
                "    return {'d' + k: lambd / m * p for k, p in params.items()}\n",
            ),
            Mistake(
                "(lambd / 2m) W",
                "the derivative of (lambd / (2m)) W**2 is (lambd / m) W: the 2 of the square cancels the 1/2 "
                "(eq. (l2-grad), chapter 08)",
                "def l2_grads(params, lambd, m):\n"
                "    return {'d' + k: lambd / (2 * m) * W for k, W in params.items() if is_weight_key(k)}\n",
            ),
            Mistake(
                "missing 1/m",
                "the gradient of the penalty is (lambd / m) W: the 1/m of the averaged cost stays "
                "(eq. (l2-grad), chapter 08)",
                "def l2_grads(params, lambd, m):\n"
                "    return {'d' + k: lambd * W for k, W in params.items() if is_weight_key(k)}\n",
            ),
            Mistake(
                "weights scaled in place",
                "l2_grads changed the weights themselves (W *= lambd / m works in place); return new arrays, "
                "(lambd / m) * W, and leave params unchanged (eq. (l2-grad), chapter 08)",
                "def l2_grads(params, lambd, m):\n"
                "    grads = {}\n"
                "    for k, W in params.items():\n"
                "        if is_weight_key(k):\n"
                "            W *= lambd / m\n"
                "            grads['d' + k] = W\n"
                "    return grads\n",
            ),
            Mistake(
                "keys not prefixed with d",
                "the gradient of W1 is stored under 'dW1' (the key the optimizers look up): return "
                "{'dW1': (lambd / m) * W1, ...} (eq. (l2-grad), chapter 08)",
                "def l2_grads(params, lambd, m):\n"
                "    return {k: lambd / m * W for k, W in params.items() if is_weight_key(k)}\n",
            ),
        ),
    ),
    Exercise(
        "regularization.dropout_forward", chapter=8, number=3, equation="inverted-dropout",
        cases=(
            Case("hand-picked (3, 4) activations, keep_prob = 0.8, default_rng(840)", _dropout_forward((3, 4), 0.8, 840)),
            Case("random (20, 30) activations, keep_prob = 0.5", _dropout_forward((20, 30), 0.5, 842, 843)),
            Case("keep_prob = 1: nothing dropped, and rng.random still called once", _dropout_forward((4, 6), 1.0, 844, 845)),
            Case("a single example (5, 1), keep_prob = 0.3", _dropout_forward((5, 1), 0.3, 846, 847)),
            Case("fraction kept ~ keep_prob, kept units scaled by 1/keep_prob (any valid draw)", _dropout_property),
        ),
        mistakes=(
            Mistake(
                "not scaled",
                "inverted dropout divides the kept activations by keep_prob, so that E[A_out] = A and nothing changes "
                "at test time: A_out = A * mask / keep_prob (eq. (inverted-dropout), chapter 08)",
                "def dropout_forward(A, keep_prob, rng):\n"
                "    mask = rng.random(A.shape) < keep_prob\n"
                "    return A * mask, mask\n",
            ),
            Mistake(
                "mask from >",
                "rng.random(A.shape) > keep_prob keeps a unit with probability 1 - keep_prob; keep it when the draw "
                "is below keep_prob: mask = rng.random(A.shape) < keep_prob (eq. (inverted-dropout), chapter 08)",
                "def dropout_forward(A, keep_prob, rng):\n"
                "    mask = rng.random(A.shape) > keep_prob\n"
                "    return A * mask / keep_prob, mask\n",
            ),
            Mistake(
                "multiplied by keep_prob",
                "the kept activations are divided by keep_prob (scaled up), not multiplied: A_out = A * mask / keep_prob "
                "(eq. (inverted-dropout), chapter 08)",
                "def dropout_forward(A, keep_prob, rng):\n"
                "    mask = rng.random(A.shape) < keep_prob\n"
                "    return A * mask * keep_prob, mask\n",
            ),
            Mistake(
                "no draw when keep_prob = 1",
                "draw the mask with rng.random(A.shape) even when keep_prob == 1, so that the random stream, and every "
                "later draw, does not depend on keep_prob (eq. (inverted-dropout), chapter 08)",
                "def dropout_forward(A, keep_prob, rng):\n"
                "    if keep_prob == 1:\n"
                "        return A.copy(), np.ones(A.shape, dtype=bool)\n"
                "    mask = rng.random(A.shape) < keep_prob\n"
                "    return A * mask / keep_prob, mask\n",
            ),
            Mistake(
                "input changed in place",
                "dropout_forward changed the caller's A (A *= mask works in place); compute a new array, "
                "A_out = A * mask / keep_prob (eq. (inverted-dropout), chapter 08)",
                "def dropout_forward(A, keep_prob, rng):\n"
                "    mask = rng.random(A.shape) < keep_prob\n"
                "    A *= mask\n"
                "    A /= keep_prob\n"
                "    return A, mask\n",
            ),
        ),
    ),
    Exercise(
        "regularization.dropout_backward", chapter=8, number=4, equation="dropout-backward",
        cases=(
            Case("hand-picked (2, 3) gradient, keep_prob = 0.5", _dropout_backward((2, 3), 0.5, 860)),
            Case("random (10, 25) gradient, keep_prob = 0.8", _dropout_backward((10, 25), 0.8, 862)),
            Case("keep_prob = 1 with a mask of 0/1 floats", _dropout_backward((4, 5), 1.0, 864, float_mask=True)),
            Case("a single example (6, 1), keep_prob = 0.25", _dropout_backward((6, 1), 0.25, 866)),
        ),
        mistakes=(
            Mistake(
                "not scaled",
                "the forward pass divided by keep_prob, so its derivative does too: dA_prev = dA * mask / keep_prob "
                "(eq. (dropout-backward), chapter 08)",
                "def dropout_backward(dA, mask, keep_prob):\n"
                "    return dA * mask\n",
            ),
            Mistake(
                "multiplied by keep_prob",
                "divide by keep_prob, as the forward pass did: dA_prev = dA * mask / keep_prob "
                "(eq. (dropout-backward), chapter 08)",
                "def dropout_backward(dA, mask, keep_prob):\n"
                "    return dA * mask * keep_prob\n",
            ),
            Mistake(
                "mask not applied",
                "dropped units did not affect the output, so their gradient is 0: multiply by the mask, "
                "dA_prev = dA * mask / keep_prob (eq. (dropout-backward), chapter 08)",
                "def dropout_backward(dA, mask, keep_prob):\n"
                "    return dA / keep_prob\n",
            ),
            Mistake(
                "gradient changed in place",
                "dropout_backward changed the caller's dA (dA *= mask works in place); return a new array, "
                "dA * mask / keep_prob (eq. (dropout-backward), chapter 08)",
                "def dropout_backward(dA, mask, keep_prob):\n"
                "    dA *= mask\n"
                "    dA /= keep_prob\n"
                "    return dA\n",
            ),
        ),
    ),
]
