"""Reference tests for the training modules: initializers, optimizers, regularization,
batchnorm, schedules and data (chapters 06-10 and the datasets used everywhere)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from solutions.nnlib import batchnorm, data, initializers, optimizers, regularization, schedules
from tests.numeric import central_difference as central_diff


# --------------------------------------------------------------------------- initializers (ch 06)

SCALES = {
    "xavier": lambda n_out, n_in: math.sqrt(1.0 / n_in),
    "glorot": lambda n_out, n_in: math.sqrt(2.0 / (n_in + n_out)),
    "he": lambda n_out, n_in: math.sqrt(2.0 / n_in),
}


@pytest.mark.parametrize("name", ["xavier", "glorot", "he"])
def test_initializer_std_matches_formula(name):
    n_out, n_in = 300, 200
    W = initializers.INITIALIZERS[name](n_out, n_in, np.random.default_rng(1))
    assert W.shape == (n_out, n_in) and W.dtype == np.float64
    expected = SCALES[name](n_out, n_in)
    assert abs(W.std() / expected - 1.0) < 0.02
    assert abs(W.mean()) < 0.02 * expected


def test_initializer_scales_distinguish_the_three_methods():
    # n_in != n_out so all three scales differ: a mix-up between them must show.
    n_out, n_in = 50, 8
    stds = {k: initializers.INITIALIZERS[k](n_out, n_in, np.random.default_rng(3)) for k in SCALES}
    base = np.random.default_rng(3).standard_normal((n_out, n_in))
    for k, W in stds.items():
        np.testing.assert_allclose(W / base, SCALES[k](n_out, n_in), rtol=1e-12)


@pytest.mark.parametrize("name", ["xavier", "glorot", "he"])
def test_initializer_equals_single_standard_normal_draw(name):
    n_out, n_in = 7, 5
    W = getattr(initializers, name)(n_out, n_in, np.random.default_rng(42))
    expected = np.random.default_rng(42).standard_normal((n_out, n_in)) * SCALES[name](n_out, n_in)
    np.testing.assert_allclose(W, expected, rtol=1e-15, atol=0)
    # exactly one draw: the generator is left where one draw of n_out*n_in normals leaves it
    rng_a, rng_b = np.random.default_rng(9), np.random.default_rng(9)
    getattr(initializers, name)(n_out, n_in, rng_a)
    rng_b.standard_normal((n_out, n_in))
    assert rng_a.random() == rng_b.random()


def test_initializers_table():
    assert initializers.INITIALIZERS == {
        "xavier": initializers.xavier,
        "glorot": initializers.glorot,
        "he": initializers.he,
    }


def test_init_params_shapes_zero_biases_and_draw_order():
    dims = [4, 6, 3, 1]
    params = initializers.init_params(dims, "glorot", np.random.default_rng(5))
    assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    rng = np.random.default_rng(5)
    for l in range(1, len(dims)):
        assert params[f"W{l}"].shape == (dims[l], dims[l - 1])
        assert params[f"b{l}"].shape == (dims[l], 1)
        assert params[f"b{l}"].dtype == np.float64
        np.testing.assert_array_equal(params[f"b{l}"], 0.0)
        np.testing.assert_array_equal(params[f"W{l}"], initializers.glorot(dims[l], dims[l - 1], rng))


def test_init_params_methods_differ():
    a = initializers.init_params([10, 5], "xavier", np.random.default_rng(0))["W1"]
    b = initializers.init_params([10, 5], "he", np.random.default_rng(0))["W1"]
    np.testing.assert_allclose(b / a, math.sqrt(2.0))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda rng: initializers.xavier(0, 3, rng), r"n_out must be an integer >= 1, got 0"),
        (lambda rng: initializers.glorot(3, 2.5, rng), r"n_in must be an integer >= 1, got 2.5"),
        (lambda rng: initializers.he(3, 3, None), r"rng must be a numpy.random.Generator"),
        (lambda rng: initializers.he(3, 3, np.random.RandomState(0)), r"rng must be a numpy.random.Generator"),
        (lambda rng: initializers.init_params([3], "he", rng), r"layer_dims must be a list of at least 2"),
        (lambda rng: initializers.init_params(5, "he", rng), r"layer_dims must be a list of at least 2"),
        (lambda rng: initializers.init_params("34", "he", rng), r"layer_dims must be a list of at least 2"),
        (lambda rng: initializers.init_params([3, 0, 1], "he", rng), r"layer_dims\[1\] must be an integer >= 1, got 0"),
        (lambda rng: initializers.init_params([3, 2], "lecun", rng), r"unknown method 'lecun'; expected one of 'xavier', 'glorot', 'he'"),
        (lambda rng: initializers.init_params([3, 2], "he", 0), r"rng must be a numpy.random.Generator"),
    ],
)
def test_initializer_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call(np.random.default_rng(0))


# --------------------------------------------------------------------------- optimizers (ch 07)


def quadratic_grads(params, centre, scale):
    """Gradient of sum(scale * (p - centre)**2) for every parameter."""
    return {"d" + k: 2.0 * scale * (p - centre[k]) for k, p in params.items()}


def make_quadratic(seed=0):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    centre = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    scale = {"W1": np.full((3, 2), 1.0), "b1": np.full((3, 1), 0.5)}
    return params, centre, scale


@pytest.mark.parametrize(
    "opt, n_steps",
    [
        (lambda: optimizers.GradientDescent(0.1), 200),
        (lambda: optimizers.Momentum(0.1, beta=0.9), 400),
        (lambda: optimizers.Adam(0.05), 1000),
    ],
)
def test_optimizers_converge_on_quadratic(opt, n_steps):
    params, centre, scale = make_quadratic()
    o = opt()
    for _ in range(n_steps):
        grads = {"d" + k: 2.0 * scale[k] * (p - centre[k]) for k, p in params.items()}
        o.step(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], centre[k], atol=1e-3)


def test_gradient_descent_step_value_and_in_place():
    params, centre, scale = make_quadratic()
    W = params["W1"]
    before = {k: v.copy() for k, v in params.items()}
    grads = {"dW1": np.full((3, 2), 2.0), "db1": np.arange(3.0).reshape(3, 1), "dunused": np.zeros(4)}
    optimizers.GradientDescent(0.25).step(params, grads)
    assert params["W1"] is W
    np.testing.assert_allclose(params["W1"], before["W1"] - 0.5)
    np.testing.assert_allclose(params["b1"], before["b1"] - 0.25 * np.arange(3.0).reshape(3, 1))


def test_gradient_descent_reads_lr_attribute_each_step():
    opt = optimizers.GradientDescent(1.0)
    params = {"W1": np.zeros((1, 1))}
    opt.lr = 0.125
    opt.step(params, {"dW1": np.ones((1, 1))})
    np.testing.assert_allclose(params["W1"], [[-0.125]])


def test_momentum_first_steps():
    lr, beta = 0.1, 0.8
    opt = optimizers.Momentum(lr, beta=beta)
    assert opt.lr == lr and opt.beta == beta
    p = np.array([[1.0, -2.0]])
    params = {"gamma1": p}
    g1 = np.array([[0.5, -1.0]])
    opt.step(params, {"dgamma1": g1})
    assert params["gamma1"] is p
    np.testing.assert_allclose(p, [[1.0, -2.0]] - lr * (1 - beta) * g1)
    np.testing.assert_allclose(opt.v["gamma1"], (1 - beta) * g1)
    g2 = np.array([[2.0, 3.0]])
    opt.step(params, {"dgamma1": g2})
    v2 = beta * (1 - beta) * g1 + (1 - beta) * g2
    np.testing.assert_allclose(opt.v["gamma1"], v2)
    np.testing.assert_allclose(p, [[1.0, -2.0]] - lr * (1 - beta) * g1 - lr * v2)


def test_momentum_state_is_per_parameter():
    opt = optimizers.Momentum(1.0, beta=0.5)
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros((2, 1))}
    opt.step(params, {"dW1": np.ones((2, 2)), "db1": -np.ones((2, 1))})
    np.testing.assert_allclose(opt.v["W1"], 0.5)
    np.testing.assert_allclose(opt.v["b1"], -0.5)


def test_adam_first_step_is_lr_times_sign_and_t_counts():
    opt = optimizers.Adam(lr=0.01)
    assert (opt.lr, opt.beta1, opt.beta2, opt.eps, opt.t) == (0.01, 0.9, 0.999, 1e-8, 0)
    g = np.array([[3.0, -1e-3, 250.0], [-7.0, 0.5, -0.02]])
    p = np.zeros((2, 3))
    params = {"W1": p, "b1": np.zeros((2, 1))}
    opt.step(params, {"dW1": g, "db1": np.ones((2, 1))})
    assert opt.t == 1
    assert params["W1"] is p
    # m_hat = g, v_hat = g**2 after bias correction: the step is lr * g / (|g| + eps) ~ lr * sign(g)
    np.testing.assert_allclose(p, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(p, -0.01 * np.sign(g), rtol=1e-4)
    opt.step(params, {"dW1": g, "db1": np.ones((2, 1))})
    assert opt.t == 2


def test_adam_second_step_matches_formula():
    b1, b2, eps, lr = 0.8, 0.9, 1e-6, 0.1
    opt = optimizers.Adam(lr, beta1=b1, beta2=b2, eps=eps)
    g1, g2 = np.array([[1.0, -2.0]]), np.array([[0.5, 4.0]])
    p = np.array([[0.3, 0.7]])
    params = {"W1": p}
    opt.step(params, {"dW1": g1})
    p1 = p.copy()
    opt.step(params, {"dW1": g2})
    m = b1 * (1 - b1) * g1 + (1 - b1) * g2
    v = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    np.testing.assert_allclose(opt.m["W1"], m)
    np.testing.assert_allclose(opt.v["W1"], v)
    expected = p1 - lr * (m / (1 - b1**2)) / (np.sqrt(v / (1 - b2**2)) + eps)
    np.testing.assert_allclose(p, expected, rtol=1e-13)


def test_optimizer_repr_names_hyper_parameters():
    assert "lr=0.5" in repr(optimizers.GradientDescent(0.5))
    assert "beta=0.7" in repr(optimizers.Momentum(0.5, 0.7))
    assert "beta2=0.99" in repr(optimizers.Adam(beta2=0.99))


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: optimizers.GradientDescent(0.0), r"lr must lie in \(0.0, inf\), got 0.0"),
        (lambda: optimizers.GradientDescent(-1), r"lr must lie in \(0.0, inf\), got -1"),
        (lambda: optimizers.GradientDescent("fast"), r"lr must be a number, got 'fast'"),
        (lambda: optimizers.Momentum(0.1, beta=1.0), r"beta must lie in \[0.0, 1.0\), got 1.0"),
        (lambda: optimizers.Momentum(0.1, beta=-0.1), r"beta must lie in \[0.0, 1.0\)"),
        (lambda: optimizers.Adam(lr=0), r"lr must lie in"),
        (lambda: optimizers.Adam(beta1=1.0), r"beta1 must lie in \[0.0, 1.0\)"),
        (lambda: optimizers.Adam(beta2=1.5), r"beta2 must lie in \[0.0, 1.0\)"),
        (lambda: optimizers.Adam(eps=0.0), r"eps must lie in \(0.0, inf\)"),
    ],
)
def test_optimizer_hyper_parameter_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("cls", [optimizers.GradientDescent, optimizers.Momentum, optimizers.Adam])
def test_optimizer_step_errors(cls):
    opt = cls(0.1)
    W = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"missing gradient 'db1' for parameter 'b1'"):
        opt.step({"W1": W, "b1": np.zeros((2, 1))}, {"dW1": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"params\['W1'\] and grads\['dW1'\] must have the same shape, got \(2, 3\) and \(3, 2\)"):
        opt.step({"W1": W}, {"dW1": np.zeros((3, 2))})
    with pytest.raises(ValueError, match=r"params\['W1'\] must be a float64 numpy array"):
        opt.step({"W1": [[0.0]]}, {"dW1": np.zeros((1, 1))})
    with pytest.raises(ValueError, match=r"params\['W1'\] must be a float64 numpy array .* dtype int64"):
        opt.step({"W1": np.zeros((1, 1), dtype=np.int64)}, {"dW1": np.zeros((1, 1))})
    with pytest.raises(ValueError, match=r"grads\['dW1'\] must be a numpy array, got list"):
        opt.step({"W1": W}, {"dW1": [[0.0] * 3] * 2})
    with pytest.raises(ValueError, match=r"params must be a dict of arrays, got list"):
        opt.step([W], {"dW1": W})
    with pytest.raises(ValueError, match=r"grads must be a dict of arrays, got tuple"):
        opt.step({"W1": W}, (W,))
    np.testing.assert_array_equal(W, 0.0)  # nothing was updated by the failed calls
    opt.lr = -1.0
    with pytest.raises(ValueError, match=r"lr must lie in"):
        opt.step({"W1": W}, {"dW1": W})


@pytest.mark.parametrize("cls, attr", [(optimizers.Momentum, "v"), (optimizers.Adam, "m")])
def test_optimizer_state_shape_change_is_rejected(cls, attr):
    opt = cls(0.1)
    opt.step({"W1": np.zeros((2, 2))}, {"dW1": np.ones((2, 2))})
    with pytest.raises(ValueError, match=rf"{attr}\['W1'\] has shape \(2, 2\) but params\['W1'\] has shape \(3, 2\)"):
        opt.step({"W1": np.zeros((3, 2))}, {"dW1": np.ones((3, 2))})


# --------------------------------------------------------------------------- regularization (ch 08)


def l2_params(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((4, 3)),
        "b1": rng.standard_normal((4, 1)),
        "W2": rng.standard_normal((2, 4)),
        "b2": rng.standard_normal((2, 1)),
        "gamma1": rng.standard_normal((4, 1)),
        "beta1": rng.standard_normal((4, 1)),
    }


def test_is_weight_key():
    assert regularization.is_weight_key("W1") and regularization.is_weight_key("W12")
    for key in ["b1", "gamma1", "beta1", "W", "Wx", "dW1", "w1", 1]:
        assert not regularization.is_weight_key(key)


def test_l2_penalty_value_weights_only():
    params = l2_params()
    lambd, m = 0.7, 5
    expected = lambd / (2 * m) * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    value = regularization.l2_penalty(params, lambd, m)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-13)
    assert regularization.l2_penalty({"b1": np.ones((3, 1))}, 1.0, 1) == 0.0
    assert regularization.l2_penalty(params, 0.0, 3) == 0.0


def test_l2_grads_match_finite_differences_of_penalty():
    params = l2_params(1)
    lambd, m = 0.3, 4
    grads = regularization.l2_grads(params, lambd, m)
    assert sorted(grads) == ["dW1", "dW2"]
    for key in ("W1", "W2"):
        numeric = central_diff(lambda: regularization.l2_penalty(params, lambd, m), params[key])
        np.testing.assert_allclose(grads["d" + key], numeric, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(grads["d" + key], lambd / m * params[key], rtol=1e-14)
    # the penalty does not depend on biases or gamma/beta: finite differences are 0
    for key in ("b1", "gamma1", "beta1"):
        numeric = central_diff(lambda: regularization.l2_penalty(params, lambd, m), params[key])
        np.testing.assert_array_equal(numeric, 0.0)


@pytest.mark.parametrize("fn", [regularization.l2_penalty, regularization.l2_grads])
def test_l2_errors(fn):
    params = l2_params()
    with pytest.raises(ValueError, match=r"lambd must lie in \[0.0, inf\), got -0.1"):
        fn(params, -0.1, 3)
    with pytest.raises(ValueError, match=r"m must be an integer >= 1, got 0"):
        fn(params, 0.1, 0)
    with pytest.raises(ValueError, match=r"m must be an integer >= 1, got 2.0"):
        fn(params, 0.1, 2.0)
    with pytest.raises(ValueError, match=r"params must be a dict of arrays, got list"):
        fn([params["W1"]], 0.1, 2)
    with pytest.raises(ValueError, match=r"params\['W1'\] must be a numpy array, got list"):
        fn({"W1": [[1.0]]}, 0.1, 2)


def test_dropout_keeps_mean_and_rate():
    A = np.ones((200, 500))
    A_out, mask = regularization.dropout_forward(A, 0.8, np.random.default_rng(0))
    assert A_out.shape == A.shape and A_out.dtype == np.float64
    assert mask.shape == A.shape and mask.dtype == np.bool_
    assert abs(mask.mean() - 0.8) < 0.005
    assert abs(A_out.mean() - 1.0) < 0.01
    np.testing.assert_allclose(A_out[mask], 1.0 / 0.8)
    np.testing.assert_array_equal(A_out[~mask], 0.0)
    np.testing.assert_array_equal(A, 1.0)  # input untouched


def test_dropout_mask_is_one_rng_random_call():
    A = np.random.default_rng(1).standard_normal((5, 7))
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    A_out, mask = regularization.dropout_forward(A, 0.6, rng_a)
    expected_mask = rng_b.random(A.shape) < 0.6
    np.testing.assert_array_equal(mask, expected_mask)
    np.testing.assert_allclose(A_out, A * expected_mask / 0.6, rtol=1e-15)
    assert rng_a.random() == rng_b.random()


def test_dropout_keep_prob_one_is_identity_but_still_draws():
    A = np.random.default_rng(2).standard_normal((3, 4))
    rng_a, rng_b = np.random.default_rng(4), np.random.default_rng(4)
    A_out, mask = regularization.dropout_forward(A, 1.0, rng_a)
    np.testing.assert_array_equal(A_out, A)
    assert mask.all()
    rng_b.random(A.shape)
    assert rng_a.random() == rng_b.random()


def test_dropout_backward_matches_finite_differences():
    rng = np.random.default_rng(5)
    A = rng.standard_normal((3, 6))
    C = rng.standard_normal((3, 6))
    keep_prob = 0.5
    _, mask = regularization.dropout_forward(A, keep_prob, np.random.default_rng(7))

    def f():
        return float(np.sum(C * (A * mask / keep_prob)))

    dA = regularization.dropout_backward(C, mask, keep_prob)
    np.testing.assert_allclose(dA, central_diff(f, A), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dA, C * mask / keep_prob, rtol=1e-15)


@pytest.mark.parametrize("keep_prob", [0.0, -0.5, 1.01, float("nan")])
def test_dropout_keep_prob_errors(keep_prob):
    with pytest.raises(ValueError, match=r"keep_prob must lie in \(0.0, 1.0\]"):
        regularization.dropout_forward(np.ones((2, 2)), keep_prob, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"keep_prob must lie in \(0.0, 1.0\]"):
        regularization.dropout_backward(np.ones((2, 2)), np.ones((2, 2), dtype=bool), keep_prob)


def test_dropout_other_errors():
    with pytest.raises(ValueError, match=r"rng must be a numpy.random.Generator"):
        regularization.dropout_forward(np.ones((2, 2)), 0.5, 0)
    with pytest.raises(ValueError, match=r"A must be an array of numbers"):
        regularization.dropout_forward("abc", 0.5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"mask and dA must have the same shape, got \(2, 3\) and \(3, 2\)"):
        regularization.dropout_backward(np.ones((3, 2)), np.ones((2, 3), dtype=bool), 0.5)


# --------------------------------------------------------------------------- batchnorm (ch 09)


def bn_inputs(n=3, m=8, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, m)) * rng.uniform(0.5, 3.0, (n, 1)) + rng.standard_normal((n, 1))
    gamma = rng.uniform(0.5, 2.0, (n, 1))
    beta = rng.standard_normal((n, 1))
    return Z, gamma, beta


def test_batchnorm_state():
    state = batchnorm.batchnorm_state(4)
    assert set(state) == {"running_mean", "running_var"}
    np.testing.assert_array_equal(state["running_mean"], np.zeros((4, 1)))
    np.testing.assert_array_equal(state["running_var"], np.ones((4, 1)))
    assert state["running_mean"].dtype == state["running_var"].dtype == np.float64
    with pytest.raises(ValueError, match=r"n must be an integer >= 1, got 0"):
        batchnorm.batchnorm_state(0)


def test_batchnorm_forward_normalizes_rows():
    Z, _, _ = bn_inputs(n=4, m=50)
    n = Z.shape[0]
    out, cache = batchnorm.batchnorm_forward(Z, np.ones((n, 1)), np.zeros((n, 1)), batchnorm.batchnorm_state(n), eps=1e-12)
    assert out.shape == Z.shape
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=1), 1.0, rtol=1e-9)  # biased variance (ddof=0)
    assert cache is not None


def test_batchnorm_forward_formula_with_gamma_beta():
    Z, gamma, beta = bn_inputs()
    eps = 1e-3
    out, _ = batchnorm.batchnorm_forward(Z, gamma, beta, batchnorm.batchnorm_state(3), eps=eps)
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
    np.testing.assert_allclose(out, gamma * (Z - mu) / np.sqrt(var + eps) + beta, rtol=1e-12)


def test_batchnorm_running_statistics_update_in_place():
    Z, gamma, beta = bn_inputs()
    state = {"running_mean": np.full((3, 1), 0.5), "running_var": np.full((3, 1), 2.0)}
    rm, rv = state["running_mean"], state["running_var"]
    batchnorm.batchnorm_forward(Z, gamma, beta, state, momentum=0.8)
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    np.testing.assert_allclose(state["running_mean"], 0.8 * 0.5 + 0.2 * mu, rtol=1e-13)
    np.testing.assert_allclose(state["running_var"], 0.8 * 2.0 + 0.2 * var, rtol=1e-13)
    np.testing.assert_allclose(rm, state["running_mean"])  # the arrays themselves changed
    np.testing.assert_allclose(rv, state["running_var"])


def test_batchnorm_running_statistics_converge():
    rng = np.random.default_rng(1)
    state = batchnorm.batchnorm_state(2)
    true_mean, true_std = np.array([[3.0], [-1.0]]), np.array([[2.0], [0.5]])
    for _ in range(150):
        Z = true_mean + true_std * rng.standard_normal((2, 400))
        batchnorm.batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)), state, momentum=0.9)
    np.testing.assert_allclose(state["running_mean"], true_mean, atol=0.05)
    np.testing.assert_allclose(state["running_var"], true_std**2, rtol=0.05)


def test_batchnorm_evaluation_uses_running_stats_and_keeps_state():
    Z, gamma, beta = bn_inputs(m=5)
    state = {"running_mean": np.array([[0.1], [-0.2], [0.3]]), "running_var": np.array([[1.5], [0.5], [2.0]])}
    saved = {k: v.copy() for k, v in state.items()}
    eps = 1e-5
    out, cache = batchnorm.batchnorm_forward(Z, gamma, beta, state, training=False, eps=eps)
    assert cache is None
    expected = gamma * (Z - saved["running_mean"]) / np.sqrt(saved["running_var"] + eps) + beta
    np.testing.assert_allclose(out, expected, rtol=1e-13)
    for k in saved:
        np.testing.assert_array_equal(state[k], saved[k])
    # evaluation works column by column: a batch of one gives the same column
    out1, _ = batchnorm.batchnorm_forward(Z[:, 2:3], gamma, beta, state, training=False, eps=eps)
    np.testing.assert_allclose(out1, out[:, 2:3], rtol=1e-14)


@pytest.mark.parametrize("m", [2, 7])
def test_batchnorm_backward_matches_finite_differences(m):
    Z, gamma, beta = bn_inputs(n=3, m=m, seed=m)
    C = np.random.default_rng(10 + m).standard_normal(Z.shape)
    eps = 1e-5

    def cost():
        # J = (1/m) sum_i L(i) with L(i) = sum_k C[k, i] out[k, i], so dout = C per example
        out, _ = batchnorm.batchnorm_forward(Z, gamma, beta, batchnorm.batchnorm_state(3), eps=eps)
        return float(np.sum(C * out)) / m

    _, cache = batchnorm.batchnorm_forward(Z, gamma, beta, batchnorm.batchnorm_state(3), eps=eps)
    dZ, dgamma, dbeta = batchnorm.batchnorm_backward(C, cache)
    assert dZ.shape == Z.shape and dgamma.shape == dbeta.shape == (3, 1)
    # per-example convention: dZ = m dJ/dZ; dgamma, dbeta are dJ/dgamma, dJ/dbeta (already averaged)
    np.testing.assert_allclose(dZ, m * central_diff(cost, Z), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(dgamma, central_diff(cost, gamma), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dbeta, central_diff(cost, beta), rtol=1e-6, atol=1e-9)


def test_batchnorm_backward_identities():
    Z, gamma, beta = bn_inputs(m=9)
    # eps tiny so that the rows of Z_hat have mean square 1 (orthogonality below is exact only at eps = 0)
    out, cache = batchnorm.batchnorm_forward(Z, gamma, beta, batchnorm.batchnorm_state(3), eps=1e-14)
    Z_hat = (out - beta) / gamma
    dout = np.random.default_rng(4).standard_normal(Z.shape)
    dZ, dgamma, dbeta = batchnorm.batchnorm_backward(dout, cache)
    # each row of dZ sums to 0 and is orthogonal to Z_hat
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose((dZ * Z_hat).sum(axis=1), 0.0, atol=1e-11)
    np.testing.assert_allclose(dbeta, dout.mean(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(dgamma, (dout * Z_hat).mean(axis=1, keepdims=True), rtol=1e-10)
    # a gradient that is constant along the batch, or proportional to Z_hat, is annihilated
    dZ_const, _, _ = batchnorm.batchnorm_backward(np.ones_like(Z) * np.array([[1.0], [2.0], [3.0]]), cache)
    np.testing.assert_allclose(dZ_const, 0.0, atol=1e-12)
    dZ_prop, _, _ = batchnorm.batchnorm_backward(Z_hat.copy(), cache)
    np.testing.assert_allclose(dZ_prop, 0.0, atol=1e-10)


def test_batchnorm_errors():
    Z, gamma, beta = bn_inputs()
    state = batchnorm.batchnorm_state(3)
    fwd = batchnorm.batchnorm_forward
    with pytest.raises(ValueError, match=r"gamma must have shape \(n, 1\) = \(3, 1\), got \(1, 3\)"):
        fwd(Z, gamma.T, beta, state)
    with pytest.raises(ValueError, match=r"beta must have shape \(n, 1\) = \(3, 1\), got \(3,\)"):
        fwd(Z, gamma, beta.ravel(), state)
    with pytest.raises(ValueError, match=r"Z must be 2-D, got 1-D"):
        fwd(Z[0], gamma, beta, state)
    with pytest.raises(ValueError, match=r"state\['running_var'\] must have shape \(n, 1\) = \(3, 1\), got \(2, 1\)"):
        fwd(Z, gamma, beta, {"running_mean": np.zeros((3, 1)), "running_var": np.ones((2, 1))})
    with pytest.raises(ValueError, match=r"missing 'running_var'"):
        fwd(Z, gamma, beta, {"running_mean": np.zeros((3, 1))})
    with pytest.raises(ValueError, match=r"state\['running_mean'\] must be a float64 numpy array, got list"):
        fwd(Z, gamma, beta, {"running_mean": [[0.0]] * 3, "running_var": np.ones((3, 1))})
    with pytest.raises(ValueError, match=r"state must be a dict made by batchnorm_state\(n\), got NoneType"):
        fwd(Z, gamma, beta, None)
    with pytest.raises(ValueError, match=r"momentum must lie in \[0.0, 1.0\), got 1.0"):
        fwd(Z, gamma, beta, state, momentum=1.0)
    with pytest.raises(ValueError, match=r"eps must lie in \(0.0, inf\), got 0"):
        fwd(Z, gamma, beta, state, eps=0)
    with pytest.raises(ValueError, match=r"a batch of one has zero variance"):
        fwd(Z[:, :1], gamma, beta, state)
    np.testing.assert_array_equal(state["running_mean"], 0.0)  # failed calls left the state alone
    _, cache = fwd(Z, gamma, beta, state)
    with pytest.raises(ValueError, match=r"cache is None: batchnorm_forward was called with training=False"):
        batchnorm.batchnorm_backward(np.ones_like(Z), None)
    with pytest.raises(ValueError, match=r"cache must be the tuple \(Z_hat, gamma, inv_std\)"):
        batchnorm.batchnorm_backward(np.ones_like(Z), cache[:2])
    with pytest.raises(ValueError, match=r"dout must have shape \(n, m\) = \(3, 8\), got \(3, 7\)"):
        batchnorm.batchnorm_backward(np.ones((3, 7)), cache)


# --------------------------------------------------------------------------- schedules (ch 10)


def test_inverse_time_decay_values():
    assert schedules.inverse_time_decay(0.1, 0.5, 0) == pytest.approx(0.1)
    assert schedules.inverse_time_decay(0.1, 0.5, 2) == pytest.approx(0.05)
    assert schedules.inverse_time_decay(0.1, 0.0, 100) == pytest.approx(0.1)
    out = schedules.inverse_time_decay(1.0, 1.0, np.array([0, 1, 3]))
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [1.0, 0.5, 0.25])


def test_step_decay_values():
    got = schedules.step_decay(0.8, 0.5, 10, np.arange(31))
    expected = np.repeat([0.8, 0.4, 0.2, 0.1], [10, 10, 10, 1])
    np.testing.assert_allclose(got, expected)
    assert schedules.step_decay(0.8, 0.5, 10, 9.99) == pytest.approx(0.8)
    assert schedules.step_decay(0.8, 0.5, 10, 10) == pytest.approx(0.4)
    assert schedules.step_decay(0.8, 1.0, 1, 50) == pytest.approx(0.8)


def test_exponential_decay_values():
    assert schedules.exponential_decay(2.0, 0.1, 10) == pytest.approx(2.0 * math.exp(-1.0))
    assert schedules.exponential_decay(2.0, 0.0, 10) == pytest.approx(2.0)
    np.testing.assert_allclose(schedules.exponential_decay(1.0, math.log(2), np.array([[0, 1], [2, 3]])), [[1, 0.5], [0.25, 0.125]])


def test_cosine_decay_values():
    lr0, lr_min, total = 0.1, 0.01, 20
    assert schedules.cosine_decay(lr0, 0, total, lr_min) == pytest.approx(lr0)
    assert schedules.cosine_decay(lr0, total / 2, total, lr_min) == pytest.approx((lr0 + lr_min) / 2)
    assert schedules.cosine_decay(lr0, total, total, lr_min) == pytest.approx(lr_min)
    assert schedules.cosine_decay(lr0, 3 * total, total, lr_min) == pytest.approx(lr_min)  # clamped after the end
    assert schedules.cosine_decay(lr0, 5, total) == pytest.approx(lr0 * (1 + math.cos(math.pi / 4)) / 2)
    epochs = np.arange(0, 41)
    out = schedules.cosine_decay(lr0, epochs, total, lr_min)
    assert out.shape == epochs.shape and out.dtype == np.float64
    assert np.all(np.diff(out[: total + 1]) < 0)
    np.testing.assert_allclose(out[total:], lr_min)


@pytest.mark.parametrize(
    "fn",
    [
        lambda e: schedules.inverse_time_decay(0.3, 0.2, e),
        lambda e: schedules.step_decay(0.3, 0.5, 3, e),
        lambda e: schedules.exponential_decay(0.3, 0.2, e),
        lambda e: schedules.cosine_decay(0.3, e, 7, 0.05),
    ],
)
def test_schedules_number_vs_array(fn):
    epochs = np.array([0.0, 1.0, 2.5, 4.0, 9.0])
    arr = fn(epochs)
    assert isinstance(arr, np.ndarray) and arr.shape == (5,) and arr.dtype == np.float64
    for e, v in zip(epochs, arr):
        x = fn(float(e))
        assert isinstance(x, float)
        assert x == pytest.approx(v, rel=1e-14)
    assert isinstance(fn(3), float)
    assert isinstance(fn(np.array(3.0)), float)
    assert isinstance(fn([1, 2]), np.ndarray)
    assert fn(0) == pytest.approx(0.3)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: schedules.inverse_time_decay(0.0, 0.1, 1), r"lr0 must lie in \(0.0, inf\), got 0.0"),
        (lambda: schedules.inverse_time_decay(0.1, -0.1, 1), r"decay_rate must lie in \[0.0, inf\), got -0.1"),
        (lambda: schedules.inverse_time_decay(0.1, 0.1, -1), r"epoch must lie in \[0.0, inf\), got -1"),
        (lambda: schedules.inverse_time_decay(0.1, 0.1, np.array([0, -2])), r"epoch must be >= 0 and finite, got values from -2.0 to 0.0"),
        (lambda: schedules.inverse_time_decay(0.1, 0.1, np.array([0, np.nan])), r"epoch must be >= 0 and finite"),
        (lambda: schedules.inverse_time_decay(0.1, 0.1, "ten"), r"epoch must be an array of numbers"),
        (lambda: schedules.step_decay(-1, 0.5, 2, 1), r"lr0 must lie in"),
        (lambda: schedules.step_decay(0.1, 0.0, 2, 1), r"drop must lie in \(0.0, 1.0\], got 0.0"),
        (lambda: schedules.step_decay(0.1, 1.5, 2, 1), r"drop must lie in \(0.0, 1.0\], got 1.5"),
        (lambda: schedules.step_decay(0.1, 0.5, 0, 1), r"every must be an integer >= 1, got 0"),
        (lambda: schedules.step_decay(0.1, 0.5, 2.0, 1), r"every must be an integer >= 1, got 2.0"),
        (lambda: schedules.step_decay(0.1, 0.5, 2, -3), r"epoch must lie in"),
        (lambda: schedules.exponential_decay(0.1, -1.0, 1), r"k must lie in \[0.0, inf\), got -1.0"),
        (lambda: schedules.exponential_decay(0.1, 1.0, -0.5), r"epoch must lie in"),
        (lambda: schedules.cosine_decay(0.1, 1, 0), r"total_epochs must lie in \(0.0, inf\), got 0"),
        (lambda: schedules.cosine_decay(0.1, 1, 10, lr_min=0.2), r"lr_min must lie in \[0.0, 0.1\], got 0.2"),
        (lambda: schedules.cosine_decay(0.1, 1, 10, lr_min=-0.01), r"lr_min must lie in \[0.0, 0.1\]"),
        (lambda: schedules.cosine_decay(0.1, -1, 10), r"epoch must lie in"),
    ],
)
def test_schedule_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- data


@pytest.mark.parametrize(
    "make, labels",
    [
        (lambda m, rng: data.make_moons(m, rng), {0, 1}),
        (lambda m, rng: data.make_moons(m, rng, noise=0.0), {0, 1}),
        (lambda m, rng: data.make_spirals(m, rng), {0, 1, 2}),
        (lambda m, rng: data.make_spirals(m, rng, n_classes=5, noise=0.0), {0, 1, 2, 3, 4}),
        (lambda m, rng: data.make_blobs(m, rng), {0, 1, 2}),
        (lambda m, rng: data.make_blobs(m, rng, n_classes=4, spread=0.3), {0, 1, 2, 3}),
    ],
)
def test_toy_datasets_shapes_labels_determinism(make, labels):
    m = 301
    X, y = make(m, np.random.default_rng(0))
    assert X.shape == (2, m) and X.dtype == np.float64
    assert y.shape == (m,) and np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(y).tolist()) == labels
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1  # balanced
    assert np.all(np.isfinite(X))
    X2, y2 = make(m, np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(m, np.random.default_rng(1))
    assert not np.array_equal(X, X3)
    assert len(set(y[:30].tolist())) > 1  # shuffled, not sorted by class


def test_moons_geometry_without_noise():
    X, y = data.make_moons(100, np.random.default_rng(0), noise=0.0)
    upper, lower = X[:, y == 0], X[:, y == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[0] - 1.0, lower[1] - 0.5), 1.0)
    assert upper[1].min() >= -1e-12 and lower[1].max() <= 0.5 + 1e-12


def test_blobs_centres():
    X, y = data.make_blobs(3000, np.random.default_rng(0), n_classes=3, spread=0.5)
    for k in range(3):
        centre = X[:, y == k].mean(axis=1)
        angle = 2 * np.pi * k / 3
        np.testing.assert_allclose(centre, [3 * np.cos(angle), 3 * np.sin(angle)], atol=0.06)
        assert abs(X[:, y == k].std(axis=1).mean() - 0.5) < 0.03


def test_spirals_radius_in_unit_disc():
    X, _ = data.make_spirals(200, np.random.default_rng(0))
    r = np.hypot(X[0], X[1])
    assert r.max() <= 1.0 + 1e-12 and r.max() > 0.99


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda rng: data.make_moons(1, rng), r"m must be an integer >= 2, got 1"),
        (lambda rng: data.make_moons(10, rng, noise=-0.1), r"noise must lie in \[0.0, inf\), got -0.1"),
        (lambda rng: data.make_moons(10, None), r"rng must be a numpy.random.Generator"),
        (lambda rng: data.make_spirals(2, rng), r"m must be an integer >= 3, got 2"),
        (lambda rng: data.make_spirals(10, rng, n_classes=1), r"n_classes must be an integer >= 2, got 1"),
        (lambda rng: data.make_spirals(10, rng, noise=-1), r"noise must lie in"),
        (lambda rng: data.make_spirals(10, 42), r"rng must be a numpy.random.Generator"),
        (lambda rng: data.make_blobs(10, rng, n_classes=0), r"n_classes must be an integer >= 2, got 0"),
        (lambda rng: data.make_blobs(10.5, rng), r"m must be an integer >= 3, got 10.5"),
        (lambda rng: data.make_blobs(10, rng, spread=-1), r"spread must lie in \[0.0, inf\), got -1"),
        (lambda rng: data.make_blobs(10, "seed"), r"rng must be a numpy.random.Generator"),
    ],
)
def test_toy_dataset_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call(np.random.default_rng(0))


def test_load_digits():
    X, y = data.load_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert y.shape == (1797,) and np.issubdtype(y.dtype, np.integer)
    assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(y).tolist()) == set(range(10))
    from sklearn.datasets import load_digits as sk

    raw = sk()
    np.testing.assert_allclose(X[:, 5], raw.data[5] / 16.0)  # one image per column
    assert y[5] == raw.target[5]


def test_one_hot():
    Y = data.one_hot(np.array([2, 0, 1, 2]))
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert Y.dtype == np.float64
    Y5 = data.one_hot([1, 1], n_classes=5)
    assert Y5.shape == (5, 2)
    np.testing.assert_array_equal(Y5.sum(axis=0), 1.0)
    np.testing.assert_array_equal(Y5.argmax(axis=0), [1, 1])
    with pytest.raises(ValueError, match=r"labels must lie in \[0, n_classes\) = \[0, 2\), got values from 0 to 2"):
        data.one_hot([0, 2], n_classes=2)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, n_classes\) = \[0, 3\), got values from -1 to 2"):
        data.one_hot([-1, 2])
    with pytest.raises(ValueError, match=r"y must be 1-D with shape \(m,\), got shape \(2, 2\)"):
        data.one_hot(np.zeros((2, 2), dtype=int))
    with pytest.raises(ValueError, match=r"y must hold integer class labels, got dtype float64"):
        data.one_hot(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"n_classes must be an integer >= 1, got 0"):
        data.one_hot([0], n_classes=0)


@pytest.mark.parametrize("y_shape", [(50,), (3, 50)])
def test_train_test_split(y_shape):
    X = np.arange(100.0).reshape(2, 50)
    y = np.arange(np.prod(y_shape)).reshape(y_shape)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, 0.2, np.random.default_rng(0))
    assert X_tr.shape == (2, 40) and X_te.shape == (2, 10)
    assert y_tr.shape == y_shape[:-1] + (40,) and y_te.shape == y_shape[:-1] + (10,)
    cols = np.concatenate([X_tr[0], X_te[0]]).astype(int)
    assert sorted(cols.tolist()) == list(range(50))  # a partition of the columns
    np.testing.assert_array_equal(y_tr[..., :], y[..., X_tr[0].astype(int)])  # X and y stay aligned
    np.testing.assert_array_equal(y_te, y[..., X_te[0].astype(int)])
    perm = np.random.default_rng(0).permutation(50)
    np.testing.assert_array_equal(X_te[0].astype(int), perm[:10])
    assert data.train_test_split(X, y, 0.01, np.random.default_rng(0))[1].shape == (2, 1)  # ceil


def test_train_test_split_errors():
    X, y = np.zeros((2, 10)), np.zeros(10)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"test_fraction must lie in \(0.0, 1.0\), got 1.0"):
        data.train_test_split(X, y, 1.0, rng)
    with pytest.raises(ValueError, match=r"test_fraction=0.95 of m=10 examples gives 10 test and 0 training"):
        data.train_test_split(X, y, 0.95, rng)
    with pytest.raises(ValueError, match=r"y must have shape \(m,\) or \(k, m\) with m = 10 \(the columns of X\), got \(9,\)"):
        data.train_test_split(X, np.zeros(9), 0.2, rng)
    with pytest.raises(ValueError, match=r"X must be 2-D, got 1-D"):
        data.train_test_split(np.zeros(10), y, 0.2, rng)
    with pytest.raises(ValueError, match=r"rng must be a numpy.random.Generator"):
        data.train_test_split(X, y, 0.2, None)


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("y_2d", [False, True])
def test_minibatches_cover_every_column_once(shuffle, y_2d):
    m, batch_size = 23, 5
    X = np.vstack([np.arange(m, dtype=float), -np.arange(m, dtype=float)])
    Y = np.vstack([np.arange(m), 2 * np.arange(m)]) if y_2d else np.arange(m)
    rng = np.random.default_rng(7) if shuffle else None
    batches = list(data.minibatches(X, Y, batch_size, rng))
    assert [b[0].shape[1] for b in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([xb[0] for xb, _ in batches]).astype(int)
    assert sorted(seen.tolist()) == list(range(m))
    for xb, yb in batches:
        np.testing.assert_array_equal(yb, Y[..., xb[0].astype(int)])  # X and Y stay aligned
        np.testing.assert_array_equal(xb[1], -xb[0])
    if shuffle:
        np.testing.assert_array_equal(seen, np.random.default_rng(7).permutation(m))
    else:
        np.testing.assert_array_equal(seen, np.arange(m))


def test_minibatches_single_permutation_call_and_batch_larger_than_m():
    X, Y = np.zeros((2, 6)), np.zeros(6)
    rng_a, rng_b = np.random.default_rng(1), np.random.default_rng(1)
    batches = list(data.minibatches(X, Y, 100, rng_a))
    assert len(batches) == 1 and batches[0][0].shape == (2, 6)
    rng_b.permutation(6)
    assert rng_a.random() == rng_b.random()


def test_minibatches_errors_raise_at_call_time():
    X = np.zeros((2, 6))
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1, got 0"):
        data.minibatches(X, np.zeros(6), 0)
    with pytest.raises(ValueError, match=r"Y must have shape \(m,\) or \(k, m\) with m = 6 \(the columns of X\), got \(6, 2\)"):
        data.minibatches(X, np.zeros((6, 2)), 2)
    with pytest.raises(ValueError, match=r"rng must be a numpy.random.Generator"):
        data.minibatches(X, np.zeros(6), 2, rng=3)
