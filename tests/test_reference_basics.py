"""Reference modules of chapters 01-05: neuron, activations, layers, gradcheck, losses.

Gradients are checked against central finite differences written here (not the package's
gradcheck), against analytic identities, and every ValueError path is exercised.
"""

from __future__ import annotations

import re

import numpy as np

from tests.numeric import central_difference
import pytest

from solutions.nnlib import activations, gradcheck, layers, losses, neuron

H = 1e-6


def fd(f, x, h=H):
    """Central differences of a scalar function of the array ``x`` (x restored afterwards)."""
    x = np.array(x, dtype=np.float64)
    return central_difference(lambda: f(x), x, h)


def fd_elementwise(f, z, h=H):
    """Derivative of an elementwise function by central differences."""
    return (f(z + h) - f(z - h)) / (2 * h)


def msg(text):
    return re.escape(text)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


# ----------------------------------------------------------------------------- neuron


def test_weighted_sum_single_example_is_python_float():
    z = neuron.weighted_sum(np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]), 0.25)
    assert type(z) is float
    assert z == pytest.approx(0.5 - 2.0 + 6.0 + 0.25)


def test_weighted_sum_batch_is_one_value_per_column(rng):
    x = rng.normal(size=(3, 5))
    w = rng.normal(size=3)
    z = neuron.weighted_sum(x, w, -0.5)
    assert z.shape == (5,)
    for i in range(5):
        assert z[i] == pytest.approx(float(np.dot(w, x[:, i])) - 0.5)


def test_neuron_applies_activation():
    x, w, b = np.array([1.0, -2.0]), np.array([3.0, 1.0]), -0.5
    assert neuron.neuron(x, w, b, activations.relu) == pytest.approx(0.5)
    assert neuron.neuron(x, w, b, lambda z: 10 * z) == pytest.approx(5.0)
    X = np.array([[1.0, 0.0], [-2.0, 1.0]])
    np.testing.assert_allclose(neuron.neuron(X, w, b, activations.sigmoid), 1 / (1 + np.exp(-np.array([0.5, 0.5]))))


def test_neuron_errors():
    with pytest.raises(ValueError, match="activation must be a callable"):
        neuron.neuron([1.0], [1.0], 0.0, "relu")
    with pytest.raises(ValueError, match=msg("x must have shape (n,) = (2,), got (3,)")):
        neuron.weighted_sum([1.0, 2.0, 3.0], [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match=msg("x must have shape (n, m) = (2, 4), got (3, 4)")):
        neuron.weighted_sum(np.ones((3, 4)), [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match=msg("x must have shape (n, m) = (2, 4), got (3, 4)")):
        neuron.neuron(np.ones((3, 4)), [1.0, 2.0], 0.0, activations.relu)
    with pytest.raises(ValueError, match="w must be 1-D, got 2-D"):
        neuron.weighted_sum([1.0, 2.0], [[1.0, 2.0]], 0.0)
    with pytest.raises(ValueError, match="b must be 0-D, got 1-D"):
        neuron.weighted_sum([1.0, 2.0], [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="x must be 1-D or 2-D, got 3-D"):
        neuron.weighted_sum(np.ones((2, 1, 1)), [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="x must be an array of numbers"):
        neuron.weighted_sum(["a", "b"], [1.0, 2.0], 0.0)


# ----------------------------------------------------------------------------- activations

Z_AWAY = np.array([[-3.0, -1.2, -0.4, 0.3], [0.7, 1.5, 2.5, -0.05]])


def test_relu_and_grad_values():
    z = np.array([-2.0, -0.0, 0.0, 1e-300, 3.5])
    np.testing.assert_array_equal(activations.relu(z), [0.0, 0.0, 0.0, 1e-300, 3.5])
    np.testing.assert_array_equal(activations.relu_grad(z), [0.0, 0.0, 0.0, 1.0, 1.0])
    assert activations.relu_grad(0.0) == 0
    assert activations.relu_grad(np.array(0.0)).shape == ()


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
def test_activation_grads_match_finite_differences(name):
    f, f_grad = activations.ACTIVATIONS[name]
    np.testing.assert_allclose(f_grad(Z_AWAY), fd_elementwise(f, Z_AWAY), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
def test_activations_keep_shape_and_dtype(name, rng):
    f, f_grad = activations.ACTIVATIONS[name]
    z = rng.normal(size=(2, 3, 4))
    for out in (f(z), f_grad(z)):
        assert out.shape == z.shape
        assert out.dtype == np.float64
    assert f_grad([[1, 2, 3]]).shape == (1, 3)
    assert f([[1, -2]]).dtype == np.float64


def test_sigmoid_identities(rng):
    z = rng.normal(scale=5.0, size=200)
    s = activations.sigmoid
    np.testing.assert_allclose(s(-z), 1.0 - s(z), rtol=0, atol=1e-15)
    np.testing.assert_allclose(activations.tanh(z), 2 * s(2 * z) - 1, rtol=0, atol=1e-14)
    np.testing.assert_allclose(s(z), 1 / (1 + np.exp(-z)), rtol=1e-14)
    assert s(0.0) == 0.5
    assert s(np.zeros(3)).tolist() == [0.5, 0.5, 0.5]
    np.testing.assert_allclose(activations.sigmoid_grad(z), s(z) * (1 - s(z)), rtol=1e-13)


def test_sigmoid_keeps_relative_precision_for_negative_inputs():
    z = np.array([-30.0, -100.0, -700.0])
    np.testing.assert_allclose(activations.sigmoid(z), np.exp(z) / (1 + np.exp(z)), rtol=1e-13)


def test_tanh_equals_seed_exponential_formula(rng):
    z = rng.uniform(-5, 5, size=100)
    seed = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    np.testing.assert_allclose(activations.tanh(z), seed, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(activations.tanh_grad(z), 1 - seed**2, rtol=1e-12, atol=1e-14)


def test_activations_stable_at_extremes():
    z = np.array([-1000.0, -745.0, -709.0, -50.0, 0.0, 50.0, 709.0, 1000.0])
    with np.errstate(all="raise"):
        outs = {name: (f(z), g(z)) for name, (f, g) in activations.ACTIVATIONS.items()}
    for name, (a, g) in outs.items():
        assert np.all(np.isfinite(a)) and np.all(np.isfinite(g)), name
    s, ds = outs["sigmoid"]
    assert np.all((s >= 0) & (s <= 1))
    assert s[-1] == 1.0 and s[0] < 1e-300 and s[4] == 0.5
    assert np.all((ds >= 0) & (ds <= 0.25)) and ds[0] < 1e-300 and ds[-1] == 0.0
    t, dt = outs["tanh"]
    assert t[0] == -1.0 and t[-1] == 1.0 and dt[0] == 0.0 and dt[4] == 1.0


def test_activations_do_not_mutate_input(rng):
    z = rng.normal(size=(3, 4))
    keep = z.copy()
    for f, g in activations.ACTIVATIONS.values():
        f(z)
        g(z)
    np.testing.assert_array_equal(z, keep)


def test_linear_returns_a_copy_not_an_alias():
    z = np.array([[1.0, -2.0]])
    out = activations.linear(z)
    np.testing.assert_array_equal(out, z)
    out[0, 0] = 99.0
    assert z[0, 0] == 1.0
    np.testing.assert_array_equal(activations.linear_grad(z), np.ones((1, 2)))


def test_get_activation_and_errors():
    assert set(activations.ACTIVATIONS) == {"relu", "sigmoid", "tanh", "linear"}
    assert activations.get_activation("tanh") == (activations.tanh, activations.tanh_grad)
    with pytest.raises(ValueError, match=msg("unknown activation 'softplus'; expected one of 'relu', 'sigmoid', 'tanh', 'linear'")):
        activations.get_activation("softplus")
    with pytest.raises(ValueError, match="activation must be a name"):
        activations.get_activation(activations.relu)
    with pytest.raises(ValueError, match="z must be an array of numbers"):
        activations.relu("abc")


# ----------------------------------------------------------------------------- layers


def make_params(rng, dims):
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = rng.normal(scale=0.1, size=(dims[l], 1))
    return params


def test_linear_forward_value_and_cache(rng):
    A, W, b = rng.normal(size=(3, 5)), rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    Z, cache = layers.linear_forward(A, W, b)
    assert Z.shape == (4, 5)
    for i in range(5):
        np.testing.assert_allclose(Z[:, i], W @ A[:, i] + b[:, 0], rtol=1e-13)
    assert len(cache) == 3 and cache[0] is A and cache[1] is W and cache[2] is b


def test_linear_forward_errors(rng):
    A, W, b = rng.normal(size=(3, 5)), rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    with pytest.raises(ValueError, match=msg("A_prev must have shape (n_prev, m) = (4, 5), got (3, 5)")):
        layers.linear_forward(A, W.T, rng.normal(size=(3, 1)))
    with pytest.raises(ValueError, match=msg("b must have shape (n_l, 1) = (4, 1), got (4,)")):
        layers.linear_forward(A, W, b.ravel())
    with pytest.raises(ValueError, match=msg("b must have shape (n_l, 1) = (4, 1), got (1, 4)")):
        layers.linear_forward(A, W, b.T)
    with pytest.raises(ValueError, match="A_prev must be 2-D, got 1-D"):
        layers.linear_forward(A[:, 0], W, b)
    with pytest.raises(ValueError, match="W must be 2-D, got 1-D"):
        layers.linear_forward(A, W[0], b)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
def test_activation_forward(name, rng):
    A, W, b = rng.normal(size=(3, 5)), rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    out, cache = layers.activation_forward(A, W, b, name)
    f, _ = activations.ACTIVATIONS[name]
    Z = W @ A + b
    np.testing.assert_allclose(out, f(Z), rtol=1e-13)
    (A_c, W_c, b_c), Z_c = cache
    assert A_c is A and W_c is W and b_c is b
    np.testing.assert_allclose(Z_c, Z, rtol=1e-13)
    with pytest.raises(ValueError, match=msg("unknown activation 'Relu'; expected one of")):
        layers.activation_forward(A, W, b, "Relu")


def test_model_forward_composes_layers(rng):
    X = rng.normal(size=(3, 6))
    params = make_params(rng, [3, 4, 2])
    AL, caches = layers.model_forward(X, params, ["relu", "sigmoid"])
    A1 = np.maximum(params["W1"] @ X + params["b1"], 0)
    expected = 1 / (1 + np.exp(-(params["W2"] @ A1 + params["b2"])))
    np.testing.assert_allclose(AL, expected, rtol=1e-13)
    assert len(caches) == 2
    assert caches[0][0][0] is X
    np.testing.assert_allclose(caches[1][0][0], A1, rtol=1e-13)
    np.testing.assert_allclose(caches[1][1], params["W2"] @ A1 + params["b2"], rtol=1e-13)


def test_model_forward_errors(rng):
    X = rng.normal(size=(3, 6))
    params = make_params(rng, [3, 4, 2])
    acts = ["relu", "sigmoid"]
    with pytest.raises(ValueError, match=msg("params is missing 'W3'")):
        layers.model_forward(X, params, acts + ["tanh"])
    no_b1 = dict(params)
    del no_b1["b1"]
    with pytest.raises(ValueError, match=msg("params is missing 'b1'")):
        layers.model_forward(X, no_b1, acts)
    with pytest.raises(ValueError, match=msg("unknown activation 'softmax'; expected one of 'relu', 'sigmoid', 'tanh', 'linear'")):
        layers.model_forward(X, params, ["relu", "softmax"])
    with pytest.raises(ValueError, match="activations must be a list of activation names"):
        layers.model_forward(X, params, "relu")
    with pytest.raises(ValueError, match="activations must name at least one layer"):
        layers.model_forward(X, params, [])
    with pytest.raises(ValueError, match="params must be a dict"):
        layers.model_forward(X, [params["W1"], params["b1"]], ["relu"])
    bad = dict(params, W2=params["W2"].T)
    with pytest.raises(ValueError, match=msg("W2 must have shape (n_2, n_1) = (4, 4), got (4, 2)")):
        layers.model_forward(X, bad, acts)
    bad = dict(params, b2=params["b2"].ravel())
    with pytest.raises(ValueError, match=msg("b2 must have shape (n_2, 1) = (2, 1), got (2,)")):
        layers.model_forward(X, bad, acts)
    with pytest.raises(ValueError, match=msg("X must have shape (n_x, m) = (3, 3), got (6, 3)")):
        layers.model_forward(X.T, params, acts)
    with pytest.raises(ValueError, match="X must be 2-D"):
        layers.model_forward(X[:, 0], params, acts)


def test_model_forward_ignores_extra_params_and_uses_first_L_layers(rng):
    X = rng.normal(size=(3, 6))
    params = make_params(rng, [3, 4, 2])
    A1, caches = layers.model_forward(X, params, ["tanh"])
    np.testing.assert_allclose(A1, np.tanh(params["W1"] @ X + params["b1"]), rtol=1e-13)
    assert len(caches) == 1


def test_linear_backward_matches_finite_differences_of_mean_cost(rng):
    m = 7
    A, W, b = rng.normal(size=(3, m)), rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    G = rng.normal(size=(4, m))  # per-example dL(i)/dZ(i) of L(i) = G[:, i] . Z[:, i]

    def cost(A_, W_, b_):
        return float(np.sum(G * layers.linear_forward(A_, W_, b_)[0])) / m

    dA, dW, db = layers.linear_backward(G, layers.linear_forward(A, W, b)[1])
    assert dA.shape == (3, m) and dW.shape == (4, 3) and db.shape == (4, 1)
    np.testing.assert_allclose(dW, fd(lambda w: cost(A, w, b), W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, fd(lambda v: cost(A, W, v), b), rtol=1e-6, atol=1e-9)
    # dA_prev is per example: m times the gradient of the mean cost
    np.testing.assert_allclose(dA, m * fd(lambda a: cost(a, W, b), A), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dW, G @ A.T / m, rtol=1e-13)
    np.testing.assert_allclose(db, G.mean(axis=1, keepdims=True), rtol=1e-13)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
def test_activation_backward_matches_finite_differences(name, rng):
    m = 6
    A, W, b = rng.normal(size=(3, m)), rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    G = rng.normal(size=(2, m))
    out, cache = layers.activation_forward(A, W, b, name)
    assert np.min(np.abs(cache[1])) > 1e-3  # ReLU's kink is far from every Z

    def cost(A_, W_, b_):
        return float(np.sum(G * layers.activation_forward(A_, W_, b_, name)[0])) / m

    dA, dW, db = layers.activation_backward(G, cache, name)
    np.testing.assert_allclose(dW, fd(lambda w: cost(A, w, b), W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, fd(lambda v: cost(A, W, v), b), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dA, m * fd(lambda a: cost(a, W, b), A), rtol=1e-6, atol=1e-8)


def _check_model_grads(params, grads, cost):
    assert set(grads) == {k for l in range(1, len(params) // 2 + 1) for k in (f"dW{l}", f"db{l}")}
    for key, value in params.items():
        def shifted(v, key=key):
            return cost(dict(params, **{key: v}))

        np.testing.assert_allclose(grads["d" + key], fd(shifted, value), rtol=1e-5, atol=1e-9, err_msg=key)


def test_model_backward_with_mse_is_gradient_of_mse(rng):
    X = rng.normal(size=(3, 8))
    Y = rng.normal(size=(2, 8))
    params = make_params(rng, [3, 5, 4, 2])
    acts = ["tanh", "relu", "linear"]
    AL, caches = layers.model_forward(X, params, acts)
    assert np.min(np.abs(caches[1][1])) > 1e-4
    grads = layers.model_backward(losses.mse_grad(AL, Y), caches, acts)
    _check_model_grads(params, grads, lambda p: losses.mse(layers.model_forward(X, p, acts)[0], Y))


def test_model_backward_with_sigmoid_bce_is_gradient_of_bce(rng):
    X = rng.normal(size=(4, 10))
    Y = (rng.random(size=(1, 10)) < 0.5).astype(float)
    params = make_params(rng, [4, 3, 1])
    acts = ["tanh", "sigmoid"]
    AL, caches = layers.model_forward(X, params, acts)
    grads = layers.model_backward(losses.bce_grad(AL, Y), caches, acts)
    _check_model_grads(params, grads, lambda p: losses.bce(layers.model_forward(X, p, acts)[0], Y))


def test_sigmoid_bce_per_example_dz_is_a_minus_y(rng):
    Z = rng.normal(size=(2, 9))
    Y = (rng.random(size=(2, 9)) < 0.5).astype(float)
    A = activations.sigmoid(Z)
    np.testing.assert_allclose(losses.bce_grad(A, Y) * activations.sigmoid_grad(Z), A - Y, rtol=1e-10, atol=1e-12)


def test_backward_does_not_mutate_inputs(rng):
    X = rng.normal(size=(3, 5))
    Y = rng.normal(size=(1, 5))
    params = make_params(rng, [3, 4, 1])
    keep = {k: v.copy() for k, v in params.items()}
    X_keep = X.copy()
    AL, caches = layers.model_forward(X, params, ["relu", "linear"])
    dAL = losses.mse_grad(AL, Y)
    dAL_keep = dAL.copy()
    layers.model_backward(dAL, caches, ["relu", "linear"])
    np.testing.assert_array_equal(X, X_keep)
    np.testing.assert_array_equal(dAL, dAL_keep)
    for k in params:
        np.testing.assert_array_equal(params[k], keep[k])


def test_backward_errors(rng):
    X = rng.normal(size=(3, 5))
    params = make_params(rng, [3, 4, 1])
    acts = ["relu", "sigmoid"]
    AL, caches = layers.model_forward(X, params, acts)
    with pytest.raises(ValueError, match=msg("dZ must have shape (n_l, m) = (4, 5), got (5, 4)")):
        layers.linear_backward(np.zeros((5, 4)), caches[0][0])
    with pytest.raises(ValueError, match=msg("cache must be the tuple (A_prev, W, b) returned by linear_forward")):
        layers.linear_backward(np.zeros((4, 5)), caches[0])
    with pytest.raises(ValueError, match=msg("dA must have shape (n_l, m) = (4, 5), got (4,)")):
        layers.activation_backward(np.zeros(4), caches[0], "relu")
    with pytest.raises(ValueError, match=msg("cache must be the tuple (linear_cache, Z) returned by activation_forward")):
        layers.activation_backward(np.zeros((4, 5)), caches[0][0], "relu")
    with pytest.raises(ValueError, match=msg("unknown activation 'ReLU'")):
        layers.activation_backward(np.zeros((4, 5)), caches[0], "ReLU")
    with pytest.raises(ValueError, match=msg("got 2 caches and 1 activations")):
        layers.model_backward(np.zeros((1, 5)), caches, ["sigmoid"])
    with pytest.raises(ValueError, match=msg("got 1 caches and 2 activations")):
        layers.model_backward(np.zeros((1, 5)), caches[:1], acts)
    with pytest.raises(ValueError, match=msg("dAL must have shape (n_L, m) = (1, 5), got (5,)")):
        layers.model_backward(np.zeros(5), caches, acts)
    with pytest.raises(ValueError, match="activations must be a list of activation names"):
        layers.model_backward(np.zeros((1, 5)), caches, "relu")


# ----------------------------------------------------------------------------- gradcheck


@pytest.mark.parametrize("h", [1e-2, 1e-3])
def test_numerical_gradient_of_cubic_has_h_squared_error(h, rng):
    x = rng.normal(size=(3, 4))
    num = gradcheck.numerical_gradient(lambda v: np.sum(v**3), x, h=h)
    assert num.shape == x.shape and num.dtype == np.float64
    # ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2 exactly: the error is h^2, not O(h)
    np.testing.assert_allclose(num - 3 * x**2, h**2, rtol=1e-4, atol=1e-10)


def test_numerical_gradient_never_mutates_caller_and_handles_shapes():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    keep = x.copy()
    seen = []

    def f(v):
        seen.append(v is x)
        return float(np.sum(np.sin(v)))

    num = gradcheck.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, keep)
    assert not any(seen)
    np.testing.assert_allclose(num, np.cos(x), rtol=1e-8)
    scalar = gradcheck.numerical_gradient(lambda v: float(v) ** 2, 3.0)
    assert scalar.shape == () and float(scalar) == pytest.approx(6.0, rel=1e-8)
    ints = gradcheck.numerical_gradient(lambda v: np.sum(v * v), [1, 2, 3])
    np.testing.assert_allclose(ints, [2.0, 4.0, 6.0], rtol=1e-8)


def test_numerical_gradient_restores_entries_between_calls():
    # f depends on all entries: a perturbation left in place would change later entries' results
    x = np.array([0.5, -1.5, 2.0, 0.25])
    num = gradcheck.numerical_gradient(lambda v: float(np.prod(v)), x)
    expected = np.array([np.prod(np.delete(x, i)) for i in range(4)])
    np.testing.assert_allclose(num, expected, rtol=1e-8)


def test_numerical_gradient_errors():
    with pytest.raises(ValueError, match=msg("f must return a scalar, got an array of shape (2,)")):
        gradcheck.numerical_gradient(lambda v: v * 2, np.ones(2))
    with pytest.raises(ValueError, match="f must be a callable"):
        gradcheck.numerical_gradient(3.0, np.ones(2))
    for h in (0.0, -1e-5, float("nan")):
        with pytest.raises(ValueError, match=r"h must lie in \(0\.0, inf\)"):
            gradcheck.numerical_gradient(np.sum, np.ones(2), h=h)


def test_relative_error_properties(rng):
    a = rng.normal(size=(3, 3))
    b = a + rng.normal(scale=1e-3, size=(3, 3))
    r = gradcheck.relative_error(a, b)
    assert type(r) is float
    assert r == gradcheck.relative_error(b, a)
    assert r == pytest.approx(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))), rel=1e-12)
    assert gradcheck.relative_error(a, a) == 0.0
    assert gradcheck.relative_error(np.zeros(4), np.zeros(4)) == 0.0
    assert gradcheck.relative_error([1.0, 5.0], [3.0, 5.0]) == pytest.approx(0.5)
    assert gradcheck.relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    assert gradcheck.relative_error([1e-10], [0.0]) == pytest.approx(1e-2)  # the 1e-8 floor
    assert np.isnan(gradcheck.relative_error([np.nan, 1.0], [1.0, 1.0]))
    assert 0.0 <= gradcheck.relative_error(rng.normal(size=50), rng.normal(size=50)) <= 1.0


def test_relative_error_errors():
    with pytest.raises(ValueError, match=msg("a and b must have the same shape, got (2,) and (3,)")):
        gradcheck.relative_error(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=msg("a and b must have at least one entry, got shape (0,)")):
        gradcheck.relative_error(np.ones(0), np.ones(0))


# ----------------------------------------------------------------------------- losses


def test_mse_value_and_shapes():
    p = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]])
    y = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    value = losses.mse(p, y)
    assert type(value) is float
    assert value == pytest.approx((0 + 4 + 4 + 1 + 0 + 1) / 3)
    assert losses.mse([1.0, 3.0], [0.0, 0.0]) == pytest.approx(5.0)
    np.testing.assert_allclose(losses.mse_grad(p, y), 2 * (p - y))


@pytest.mark.parametrize("shape", [(2, 5), (5,)])
def test_mse_grad_is_per_example_gradient(shape, rng):
    p, y = rng.normal(size=shape), rng.normal(size=shape)
    m = shape[-1]
    grad = losses.mse_grad(p, y)
    assert grad.shape == shape
    np.testing.assert_allclose(grad, m * fd(lambda q: losses.mse(q, y), p), rtol=1e-6, atol=1e-8)


def test_bce_value_and_clipping():
    p = np.array([[0.9, 0.2, 0.6]])
    y = np.array([[1.0, 0.0, 0.0]])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.4)) / 3
    assert losses.bce(p, y) == pytest.approx(expected, rel=1e-12)
    assert type(losses.bce(p, y)) is float
    clipped = losses.bce(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert clipped == pytest.approx(-np.log(1e-12), rel=1e-4)  # 1 - (1 - 1e-12) is 1e-12 only to 1e-4
    assert losses.bce(np.array([0.0]), np.array([1.0]), eps=1e-3) == pytest.approx(-np.log(1e-3))
    g = losses.bce_grad(np.array([0.0, 1.0]), np.array([1.0, 0.0]), eps=1e-3)
    np.testing.assert_allclose(g, [-1e3, 1e3], rtol=1e-9)
    with np.errstate(all="raise"):
        assert np.isfinite(losses.bce_grad(np.array([0.0, 1.0]), np.array([1.0, 0.0])).sum())


@pytest.mark.parametrize("shape", [(3, 4), (6,)])
def test_bce_grad_is_per_example_gradient(shape, rng):
    p = rng.uniform(0.05, 0.95, size=shape)
    y = rng.uniform(0, 1, size=shape)
    m = shape[-1]
    grad = losses.bce_grad(p, y)
    np.testing.assert_allclose(grad, -(y / p) + (1 - y) / (1 - p), rtol=1e-12)
    np.testing.assert_allclose(grad, m * fd(lambda q: losses.bce(q, y), p), rtol=1e-6, atol=1e-8)


def test_softmax_properties(rng):
    Z = rng.normal(size=(4, 6))
    S = losses.softmax(Z)
    assert S.shape == (4, 6)
    np.testing.assert_allclose(S.sum(axis=0), np.ones(6), rtol=1e-14)
    np.testing.assert_allclose(S, np.exp(Z) / np.exp(Z).sum(axis=0), rtol=1e-13)
    shift = rng.normal(scale=100, size=(1, 6))
    np.testing.assert_allclose(losses.softmax(Z + shift), S, rtol=1e-10)
    # a shift per ROW is not a symmetry: catches normalising over the wrong axis
    assert not np.allclose(losses.softmax(Z + np.arange(4.0)[:, None]), S)


def test_softmax_does_not_overflow():
    Z = np.array([[1000.0, -1000.0, 0.0], [999.0, -1000.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        S = losses.softmax(Z)
    np.testing.assert_allclose(S[:, 0], [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))], rtol=1e-13)
    np.testing.assert_allclose(S[:, 1], [0.5, 0.5])
    np.testing.assert_allclose(S[:, 2], [0.0, 1.0], atol=1e-300)


def test_cross_entropy_value_and_softmax_gradient(rng):
    p = np.array([[0.7, 0.1], [0.2, 0.0], [0.1, 0.9]])
    y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    value = losses.cross_entropy(p, y)
    assert type(value) is float
    assert value == pytest.approx(-(np.log(0.7) + np.log(1e-12)) / 2, rel=1e-12)
    assert losses.cross_entropy(p, y, eps=1e-3) == pytest.approx(-(np.log(0.7) + np.log(1e-3)) / 2)
    m = 5
    Z = rng.normal(size=(3, m))
    Y = np.eye(3)[:, rng.integers(0, 3, size=m)]
    numeric = fd(lambda z: losses.cross_entropy(losses.softmax(z), Y), Z)
    np.testing.assert_allclose(numeric, (losses.softmax(Z) - Y) / m, rtol=1e-6, atol=1e-9)


def test_losses_do_not_mutate_inputs(rng):
    p = np.array([[0.0, 1.0, 0.5]])
    y = np.array([[1.0, 0.0, 1.0]])
    keep_p, keep_y = p.copy(), y.copy()
    for fn in (losses.mse, losses.mse_grad, losses.bce, losses.bce_grad, losses.cross_entropy):
        fn(p, y)
    losses.softmax(p)
    np.testing.assert_array_equal(p, keep_p)
    np.testing.assert_array_equal(y, keep_y)


@pytest.mark.parametrize("fn", [losses.mse, losses.mse_grad, losses.bce, losses.bce_grad])
def test_loss_shape_errors(fn):
    with pytest.raises(ValueError, match=msg("y_pred and y_true must have the same shape, got (1, 3) and (3,)")):
        fn(np.full((1, 3), 0.5), np.full(3, 0.5))
    with pytest.raises(ValueError, match="y_pred must be 1-D or 2-D, got 3-D"):
        fn(np.full((1, 1, 3), 0.5), np.full((1, 1, 3), 0.5))
    with pytest.raises(ValueError, match=msg("y_pred must hold at least one entry, got shape (1, 0)")):
        fn(np.zeros((1, 0)), np.zeros((1, 0)))


def test_cross_entropy_and_softmax_errors():
    with pytest.raises(ValueError, match=msg("y_pred and y_true_onehot must have the same shape, got (3, 2) and (2, 3)")):
        losses.cross_entropy(np.full((3, 2), 0.5), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="Z must be 2-D, got 1-D"):
        losses.softmax(np.zeros(3))


@pytest.mark.parametrize("fn", [losses.bce, losses.bce_grad, losses.cross_entropy])
@pytest.mark.parametrize("eps", [0.0, -1e-12, 0.5, 0.7, float("nan")])
def test_eps_out_of_range(fn, eps):
    with pytest.raises(ValueError, match=r"eps must lie in \(0\.0, 0\.5\)"):
        fn(np.full((1, 2), 0.5), np.ones((1, 2)), eps=eps)


def test_eps_not_a_number():
    with pytest.raises(ValueError, match="eps must be a number, got 'tiny'"):
        losses.bce(np.full((1, 2), 0.5), np.ones((1, 2)), eps="tiny")
