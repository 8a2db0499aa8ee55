"""Tests of the student checks (autograder.checks) and the course's own gradient checker (autograder.numgrad).

1. Every check passes on the reference solution.
2. On stubs every exercise is "not implemented" or "blocked" (with the exact blocking exercise).
3. Typical mistakes each give "failed" with a message that names the mistake.
Plus the status rules, target selection, printing and numgrad itself.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import re
import shutil
import sys
import types
from pathlib import Path

import numpy as np
import pytest

import solutions.nnlib as ref
from autograder.checks import CHECKS, EXERCISES, CheckResult, check, run_check
from autograder.numgrad import numerical_gradient, relative_error

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "solutions" / "nnlib"
IDS = [e.id for e in EXERCISES]
_names = itertools.count()


# ----------------------------------------------------------------------------- helpers


def load_package(folder: Path):
    """Import the package in ``folder`` under a fresh unique name (relative imports make this work)."""
    name = f"_nnlib_under_test_{next(_names)}"
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py", submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _exercise_of(tree: ast.Module, module: str, line: int) -> str:
    """Id of the innermost function (with its class) containing the 1-based ``line``."""
    best = None

    def visit(node, prefix):
        nonlocal best
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.FunctionDef):
                if child.lineno <= line <= child.end_lineno:
                    best = prefix + child.name
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    return f"{module}.{best}"


def make_stubs(dest: Path, only: set[str] | None = None) -> list[str]:
    """Copy the reference to ``dest`` replacing each solution region by the stub's raise; return the stubbed ids."""
    shutil.copytree(REFERENCE, dest, ignore=shutil.ignore_patterns("__pycache__"))
    info = {e.id: e for e in EXERCISES}
    stubbed = []
    for path in sorted(dest.glob("*.py")):
        lines = path.read_text().splitlines(keepends=True)
        tree = ast.parse("".join(lines))
        out, i = [], 0
        while i < len(lines):
            if lines[i].strip() == "### BEGIN SOLUTION":
                end = next(j for j in range(i, len(lines)) if lines[j].strip() == "### END SOLUTION")
                ex = info[_exercise_of(tree, path.stem, i + 2)]
                if only is None or ex.id in only:
                    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                    out.append(f'{indent}raise NotImplementedError("implement nnlib.{ex.id} '
                               f'(chapter {ex.chapter:02d}, exercise {ex.number})")\n')
                    stubbed.append(ex.id)
                else:
                    out.extend(lines[i: end + 1])
                i = end + 1
            else:
                out.append(lines[i])
                i += 1
        path.write_text("".join(out))
    return stubbed


def replaced(module_name: str, **attrs):
    """A package namespace equal to the reference except for some attributes of one module."""
    module = getattr(ref, module_name)
    fake = types.SimpleNamespace(**{k: getattr(module, k) for k in dir(module) if not k.startswith("__")})
    for key, value in attrs.items():
        setattr(fake, key, value)
    package = types.SimpleNamespace(**{name: getattr(ref, name) for name in ref.__all__})
    setattr(package, module_name, fake)
    return package


# ----------------------------------------------------------------------------- 0. the table of exercises


def test_checks_cover_exactly_the_42_exercises_in_course_order():
    assert len(IDS) == 42 and len(set(IDS)) == 42
    assert list(CHECKS) == IDS
    chapters = [e.chapter for e in EXERCISES]
    assert chapters == sorted(chapters)
    for chapter in set(chapters):
        numbers = [e.number for e in EXERCISES if e.chapter == chapter]
        assert numbers == list(range(1, len(numbers) + 1))
    assert IDS[0] == "neuron.weighted_sum" and IDS[-1] == "network.MLP.fit"
    assert EXERCISES[IDS.index("optimizers.Adam.step")].label == "nnlib.optimizers.Adam.step (chapter 07, exercise 3)"


def test_every_registered_exercise_has_a_check():
    from autograder import registry

    assert list(CHECKS) == [e.id for e in registry.EXERCISES]


def test_every_reference_region_is_an_exercise_of_the_table(tmp_path):
    stubbed = make_stubs(tmp_path / "nnlib")
    assert sorted(stubbed) == sorted(IDS)


# ----------------------------------------------------------------------------- 1. the reference passes


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_passes(exercise_id):
    result = run_check(exercise_id, nn=ref)
    assert result == CheckResult(exercise_id, "passed", "", result.checks_run), result.message
    assert result.checks_run >= 3


def test_checks_leave_global_state_alone():
    state = np.random.get_state()
    err = np.geterr()
    results = check(nn=ref, quiet=True)
    assert all(r.status == "passed" for r in results)
    after = np.random.get_state()
    assert after[0] == state[0] and np.array_equal(after[1], state[1]) and after[2:] == state[2:]
    assert np.geterr() == err


# ----------------------------------------------------------------------------- 2. stubs


BLOCKED_ON_STUBS = {
    "batchnorm.batchnorm_backward": "batchnorm.batchnorm_forward",
    "network.MLP.forward": "initializers.init_params",
    "network.MLP.backward": "initializers.init_params",
    "network.MLP.fit": "initializers.init_params",
}


@pytest.fixture(scope="module")
def generated_stubs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stubs") / "nnlib"
    make_stubs(folder)
    return load_package(folder)


def _label(exercise_id: str) -> str:
    return EXERCISES[IDS.index(exercise_id)].label


def test_stubs_are_not_implemented_or_blocked(generated_stubs):
    results = check(nn=generated_stubs, quiet=True)
    assert [r.exercise for r in results] == IDS
    for r in results:
        assert r.checks_run == 0, r
        if r.exercise in BLOCKED_ON_STUBS:
            assert r.status == "blocked", r
            assert r.message == f"needs {_label(BLOCKED_ON_STUBS[r.exercise])} first"
        else:
            assert r.status == "not implemented", r
            assert r.message == f"{_label(r.exercise)} is not implemented yet."


def test_committed_stubs_are_not_implemented_or_blocked():
    stubs = load_package(REPO / "nnlib")
    statuses = {r.exercise: r.status for r in check(nn=stubs, quiet=True)}
    assert set(statuses) == set(IDS)
    assert set(statuses.values()) <= {"not implemented", "blocked"}
    assert statuses["activations.relu"] == "not implemented"
    assert statuses["network.MLP.fit"] == "blocked"


def test_blocked_names_the_missing_dependency(tmp_path):
    folder = tmp_path / "nnlib"
    make_stubs(folder, only={"activations.relu"})
    partial = load_package(folder)
    assert run_check("activations.relu", nn=partial).status == "not implemented"
    forward = run_check("layers.model_forward", nn=partial)
    assert forward.status == "blocked"
    assert forward.message == "needs nnlib.activations.relu (chapter 02, exercise 1) first"
    assert run_check("activations.sigmoid", nn=partial).status == "passed"
    assert run_check("layers.linear_forward", nn=partial).status == "passed"


# ----------------------------------------------------------------------------- 3. typical mistakes


def _lb_without_1_over_m(dZ, cache):
    A_prev, W, _ = cache
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def _lb_db_axis0(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=0, keepdims=True) / m


def _relu_grad_one_at_zero(z):
    return (np.asarray(z, dtype=float) >= 0).astype(float)


def _naive_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def _tanh_grad_not_squared(z):
    return 1.0 - np.tanh(np.asarray(z, dtype=float))


def _softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _mse_grad_2_over_m(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    return 2.0 * (y_pred - y_true) / y_pred.shape[-1]


def _cross_entropy_summed(y_pred, y_true_onehot, eps=1e-12):
    return float(-np.sum(np.asarray(y_true_onehot) * np.log(np.clip(y_pred, eps, 1.0))))


def _forward_difference(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    flat, fx = x.reshape(-1), f(x)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        grad.reshape(-1)[i] = (f(x) - fx) / h
        flat[i] = old
    return grad


def _xavier_with_2_over_n_in(n_out, n_in, rng):
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)


class _MomentumWithoutOneMinusBeta(ref.optimizers.Momentum):
    def step(self, params, grads):
        for key, p in params.items():
            v = self.v.setdefault(key, np.zeros_like(p))
            v *= self.beta
            v += grads["d" + key]
            p -= self.lr * v


class _AdamWithoutBiasCorrection(ref.optimizers.Adam):
    def step(self, params, grads):
        self.t += 1
        for key, p in params.items():
            g = grads["d" + key]
            m = self.m.setdefault(key, np.zeros_like(p))
            v = self.v.setdefault(key, np.zeros_like(p))
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= self.lr * m / (np.sqrt(v) + self.eps)


def _l2_with_biases(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.sum(v**2) for v in params.values()))


def _dropout_unscaled(A, keep_prob, rng):
    mask = rng.random(np.shape(A)) < keep_prob
    return np.asarray(A, dtype=float) * mask, mask


def _bn_unbiased(Z, gamma, beta, state, training=True, momentum=0.9, eps=1e-5):
    if not training:
        return ref.batchnorm.batchnorm_forward(Z, gamma, beta, state, False, momentum, eps)
    Z = np.asarray(Z, dtype=float)
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, ddof=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    Z_hat = (Z - mu) * inv
    state["running_mean"] = momentum * state["running_mean"] + (1 - momentum) * mu
    state["running_var"] = momentum * state["running_var"] + (1 - momentum) * var
    return gamma * Z_hat + beta, (Z_hat, gamma, inv)


def _bn_batch_stats_in_evaluation(Z, gamma, beta, state, training=True, momentum=0.9, eps=1e-5):
    if training:
        return ref.batchnorm.batchnorm_forward(Z, gamma, beta, state, True, momentum, eps)
    scratch = {k: v.copy() for k, v in state.items()}
    return ref.batchnorm.batchnorm_forward(Z, gamma, beta, scratch, True, momentum, eps)[0], None


def _step_decay_without_floor(lr0, drop, every, epoch):
    return lr0 * drop ** (np.asarray(epoch, dtype=float) / every)


class _MLPFullBatch(ref.network.MLP):
    """fit that ignores batch_size and trains on the whole set at once."""

    def fit(self, X, Y, epochs, batch_size=32, **kwargs):
        return super().fit(X, Y, epochs, batch_size=np.shape(X)[1], **kwargs)


MISTAKES = [
    ("layers.linear_backward", "layers", {"linear_backward": _lb_without_1_over_m},
     r"dW is m times too large: did you forget the 1/m of eq\. \(linear-backward\), chapter 04\?"),
    ("layers.linear_backward", "layers", {"linear_backward": _lb_db_axis0},
     r"db has shape \(1, 5\).*axis=1"),
    ("activations.relu_grad", "activations", {"relu_grad": _relu_grad_one_at_zero},
     r"relu_grad\(0\) returned 1; the course takes the derivative at 0 to be 0 \(eq\. \(relu-grad\), chapter 02\)"),
    ("activations.sigmoid", "activations", {"sigmoid": _naive_sigmoid},
     r"overflow.*stabl.*eq\. \(sigmoid\)"),
    ("activations.tanh_grad", "activations", {"tanh_grad": _tanh_grad_not_squared},
     r"1 - tanh\(z\); the derivative is 1 - tanh\(z\)\^2"),
    ("losses.softmax", "losses", {"softmax": _softmax_rows},
     r"normalized each row \(axis=1\); normalize each column \(axis=0\)"),
    ("losses.mse_grad", "losses", {"mse_grad": _mse_grad_2_over_m},
     r"m times too small.*\(2/m\).*per-example gradient 2 \(y_pred - y_true\)"),
    ("losses.cross_entropy", "losses", {"cross_entropy": _cross_entropy_summed},
     r"without averaging over the m = 2 examples"),
    ("gradcheck.numerical_gradient", "gradcheck", {"numerical_gradient": _forward_difference},
     r"forward difference.*central difference"),
    ("initializers.xavier", "initializers", {"xavier": _xavier_with_2_over_n_in},
     r"sqrt\(2/n_in\), He's scale.*xavier uses sqrt\(1/n_in\)"),
    ("optimizers.Momentum.step", "optimizers", {"Momentum": _MomentumWithoutOneMinusBeta},
     r"lr \* g, expected lr \* \(1 - beta\) \* g"),
    ("optimizers.Adam.step", "optimizers", {"Adam": _AdamWithoutBiasCorrection},
     r"skip the bias correction"),
    ("regularization.l2_penalty", "regularization", {"l2_penalty": _l2_with_biases},
     r"L2 takes the weight matrices W1, W2, \.\.\. only"),
    ("regularization.dropout_forward", "regularization", {"dropout_forward": _dropout_unscaled},
     r"dropout is not scaled.*divides by keep_prob"),
    ("batchnorm.batchnorm_forward", "batchnorm", {"batchnorm_forward": _bn_unbiased},
     r"unbiased variance \(ddof=1\)"),
    ("batchnorm.batchnorm_forward", "batchnorm", {"batchnorm_forward": _bn_batch_stats_in_evaluation},
     r"in evaluation \(training=False\) batchnorm_forward used the batch's statistics"),
    ("schedules.step_decay", "schedules", {"step_decay": _step_decay_without_floor},
     r"floor\(epoch / every\)"),
    ("network.MLP.fit", "network", {"MLP": _MLPFullBatch},
     r"once per minibatch, 6 x 4 = 24 times, got 6"),
]


@pytest.mark.parametrize(("exercise_id", "module", "attrs", "pattern"), MISTAKES,
                         ids=[f"{m[0]}-{next(iter(m[2].values())).__name__}" for m in MISTAKES])
def test_typical_mistake_fails_with_its_name(exercise_id, module, attrs, pattern):
    result = run_check(exercise_id, nn=replaced(module, **attrs))
    assert result.status == "failed", result
    assert re.search(pattern, result.message), result.message
    assert result.message.count(". ") <= 3  # one or two sentences, not a traceback


def test_a_mistake_does_not_leak_into_other_exercises():
    nn = replaced("activations", relu_grad=_relu_grad_one_at_zero)
    statuses = {r.exercise: r.status for r in check(2, nn=nn, quiet=True)}
    assert statuses == {i: ("failed" if i == "activations.relu_grad" else "passed")
                        for i in IDS if i.startswith("activations.")}


# ----------------------------------------------------------------------------- status rules


def _relu_raising(z):
    return [1, 2][5]


def test_other_exceptions_fail_with_type_and_place():
    result = run_check("activations.relu", nn=replaced("activations", relu=_relu_raising))
    assert result.status == "failed"
    assert result.message.startswith("raised IndexError: list index out of range")
    assert "test_checks.py" in result.message and "_relu_raising" in result.message


def _activation_forward_transposed(A_prev, W, b, activation):
    g, _ = ref.activations.get_activation(activation)
    Z, linear_cache = ref.layers.linear_forward(A_prev, np.asarray(W).T, b)
    return g(Z), (linear_cache, Z)


def test_value_error_from_scaffolding_is_explained():
    result = run_check("layers.activation_forward", nn=replaced("layers", activation_forward=_activation_forward_transposed))
    assert result.status == "failed"
    assert result.message.startswith("ValueError from the input checks of linear_forward: b must have shape (n_l, 1) = (3, 1), got (4, 1)")
    assert "wrong shape" in result.message


def _relu_own_not_implemented(z):
    raise NotImplementedError


def test_bare_not_implemented_counts_as_not_implemented():
    result = run_check("activations.relu", nn=replaced("activations", relu=_relu_own_not_implemented))
    assert result == CheckResult("activations.relu", "not implemented",
                                 "nnlib.activations.relu (chapter 02, exercise 1) is not implemented yet.", 0)


def _relu_blocked_old_style(z):
    raise NotImplementedError("see chapter 05, exercise 2")


def test_blocked_also_understands_chapter_and_exercise_numbers():
    result = run_check("activations.relu", nn=replaced("activations", relu=_relu_blocked_old_style))
    assert result == CheckResult("activations.relu", "blocked",
                                 "needs nnlib.losses.mse_grad (chapter 05, exercise 2) first", 0)


class _Broken:
    """A package whose ``layers`` module cannot be imported."""

    activations = ref.activations

    @property
    def layers(self):
        raise SyntaxError("invalid syntax (layers.py, line 3)")


def test_import_problems_are_errors():
    broken = run_check("layers.linear_forward", nn=_Broken())
    assert broken.status == "error"
    assert broken.message == "could not load nnlib.layers: SyntaxError: invalid syntax (layers.py, line 3)"
    missing = run_check("activations.relu", nn=types.SimpleNamespace(activations=types.SimpleNamespace()))
    assert missing.status == "error" and "nnlib.activations has no relu" in missing.message
    assert run_check("activations.relu", nn=_Broken()).status == "passed"


def test_default_package_is_import_nnlib(monkeypatch):
    fake = types.ModuleType("nnlib")
    fake.activations = types.SimpleNamespace(**{k: getattr(ref.activations, k) for k in dir(ref.activations)})
    fake.activations.relu = _relu_raising
    monkeypatch.setitem(sys.modules, "nnlib", fake)
    assert run_check("activations.relu").message.startswith("raised IndexError")
    assert run_check("activations.tanh").status == "passed"


def test_unknown_exercise_lists_known_ids():
    with pytest.raises(ValueError, match=r"unknown exercise 'activations\.nope'; expected one of neuron\.weighted_sum, .*network\.MLP\.fit"):
        run_check("activations.nope", nn=ref)


# ----------------------------------------------------------------------------- check(): targets and printing


def test_check_selects_targets_in_course_order():
    ids = lambda rs: [r.exercise for r in rs]  # noqa: E731
    assert ids(check(2, nn=ref, quiet=True)) == [i for i in IDS if i.startswith("activations.")]
    assert ids(check("04", nn=ref, quiet=True)) == IDS[11:16]
    assert ids(check("layers.model_backward", "layers.linear_backward", nn=ref, quiet=True)) == [
        "layers.linear_backward", "layers.model_backward"]
    assert ids(check("optimizers.Adam", nn=ref, quiet=True)) == ["optimizers.Adam.step"]
    assert ids(check("losses", 5, nn=ref, quiet=True)) == IDS[16:22]
    assert ids(check(nn=ref, quiet=True)) == IDS


@pytest.mark.parametrize("target", ["nope", 12, 0, "layers.nope", 3.5])
def test_check_rejects_unknown_targets(target):
    with pytest.raises(ValueError, match=r"unknown check target .*chapter number 1-11"):
        check(target, nn=ref, quiet=True)


def test_check_prints_one_line_per_exercise(capsys):
    nn = replaced("activations", relu_grad=_relu_grad_one_at_zero)
    assert check("activations.relu", "activations.relu_grad", nn=nn) is None  # a notebook cell shows only the lines
    lines = capsys.readouterr().out.splitlines()
    n = check("activations.relu", nn=nn, quiet=True)[0].checks_run
    assert lines[0] == f"✓ activations.relu  passed ({n} checks)"
    assert lines[1].startswith("✗ activations.relu_grad  relu_grad(0) returned 1;")
    assert lines[2] == "1 of 2 passed"
    check("activations.relu", nn=nn, quiet=True)
    assert capsys.readouterr().out == ""


def test_check_prints_blocked_and_not_implemented(capsys, generated_stubs):
    check("batchnorm", nn=generated_stubs)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("· batchnorm.batchnorm_forward  not implemented: nnlib.batchnorm.batchnorm_forward "
                        "(chapter 09, exercise 1) is not implemented yet.")
    assert lines[1] == ("⊘ batchnorm.batchnorm_backward  blocked: needs nnlib.batchnorm.batchnorm_forward "
                        "(chapter 09, exercise 1) first")


# ----------------------------------------------------------------------------- numgrad


def test_numgrad_central_difference_is_exact_for_a_cubic_up_to_h2():
    x = np.array([[0.5, -1.0], [2.0, 0.25]])
    x0 = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(v**3)), x, h=1e-2)
    np.testing.assert_allclose(g, 3 * x0**2 + 1e-4, rtol=0, atol=1e-10)  # ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2
    np.testing.assert_array_equal(x, x0)
    assert g.shape == x0.shape and g.dtype == np.float64


def test_numgrad_matches_a_quadratic_form():
    rng = np.random.default_rng(0)
    M, v = rng.normal(size=(4, 4)), rng.normal(size=4)
    np.testing.assert_allclose(numerical_gradient(lambda x: x @ M @ x, v), (M + M.T) @ v, rtol=1e-7, atol=1e-9)


def test_numgrad_errors():
    with pytest.raises(ValueError, match=r"h must be > 0, got 0"):
        numerical_gradient(lambda v: 0.0, np.ones(2), h=0)
    with pytest.raises(ValueError, match=r"f must return a scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v, np.ones(2))


def test_relative_error_values():
    assert relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 3.0]) == pytest.approx(0.2, rel=1e-12)
    assert relative_error([1e-10], [0.0]) == pytest.approx(0.01, rel=1e-9)
    assert relative_error(np.empty(0), np.empty(0)) == 0.0
    assert isinstance(relative_error([1.0], [2.0]), float)
    with pytest.raises(ValueError, match=r"a and b must have the same shape, got \(2,\) and \(3,\)"):
        relative_error(np.ones(2), np.ones(3))
