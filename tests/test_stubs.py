"""The student stubs: generated from the reference, in sync, and each exercise raises."""

import ast
import importlib.util
import sys

import pytest

from autograder import registry, stubgen
from tests.submissions import REFERENCE, STUBS


def test_committed_stubs_equal_the_generated_ones():
    assert stubgen.differences() == [], "nnlib/ is out of date: run `python -m autograder stubs`"


def test_stubs_carry_no_solution():
    for path in STUBS.glob("*.py"):
        text = path.read_text()
        assert stubgen.BEGIN not in text and stubgen.END not in text, path


def _load_stub_package(tmp_path, name="stubpkg"):
    """Import a copy of the stubs under another package name."""
    import shutil

    shutil.copytree(STUBS, tmp_path / name)
    spec = importlib.util.spec_from_file_location(name, tmp_path / name / "__init__.py", submodule_search_locations=[str(tmp_path / name)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return package


def _resolve(package, exercise):
    module = getattr(package, exercise.module)
    obj = module
    for part in exercise.qualname.split("."):
        obj = getattr(obj, part)
    return module, obj


@pytest.mark.parametrize("exercise", registry.EXERCISES, ids=lambda e: e.id)
def test_each_stub_keeps_its_signature_and_docstring(exercise):
    """The stub has the reference's signature and docstring: the docstring is the student's spec."""
    ref_tree = ast.parse((REFERENCE / f"{exercise.module}.py").read_text())
    stub_tree = ast.parse((STUBS / f"{exercise.module}.py").read_text())

    def find(tree):
        scope = tree.body
        node = None
        for part in exercise.qualname.split("."):
            node = next(n for n in scope if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == part)
            scope = node.body
        return node

    ref, stub = find(ref_tree), find(stub_tree)
    assert ast.dump(ref.args) == ast.dump(stub.args)
    assert ast.get_docstring(ref) == ast.get_docstring(stub) and ast.get_docstring(stub)
    raises = [n for n in ast.walk(stub) if isinstance(n, ast.Raise) and "NotImplementedError" in ast.unparse(n)]
    assert len(raises) == 1 and registry.stub_message(exercise) in ast.unparse(raises[0])


def test_stub_functions_raise_the_exercise_message(tmp_path):
    """Calling a stubbed function raises NotImplementedError naming its chapter and exercise."""
    import numpy as np

    pkg = _load_stub_package(tmp_path)
    with pytest.raises(NotImplementedError, match=r"implement nnlib\.activations\.relu \(chapter 02, exercise 1\)"):
        pkg.activations.relu(np.zeros(3))
    with pytest.raises(NotImplementedError, match=r"implement nnlib\.losses\.softmax \(chapter 05, exercise 5\)"):
        pkg.losses.softmax(np.zeros((3, 2)))
    opt = pkg.optimizers.Adam(lr=0.1)
    with pytest.raises(NotImplementedError, match=r"implement nnlib\.optimizers\.Adam\.step \(chapter 07, exercise 3\)"):
        opt.step({"W1": np.zeros((2, 2))}, {"dW1": np.ones((2, 2))})


def test_stub_scaffolding_still_checks_inputs(tmp_path):
    """Input checks are outside the solution markers, so students receive them ready-made."""
    import numpy as np

    pkg = _load_stub_package(tmp_path, "stubpkg2")
    with pytest.raises(ValueError, match=r"must have shape"):
        pkg.layers.linear_forward(np.zeros((3, 5)), np.zeros((4, 2)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"keep_prob"):
        pkg.regularization.dropout_forward(np.ones((2, 2)), 1.5, np.random.default_rng(0))


def test_generator_rejects_a_region_outside_the_registry(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for path in REFERENCE.glob("*.py"):
        (src / path.name).write_text(path.read_text())
    extra = "\n\ndef helper(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
    (src / "activations.py").write_text((src / "activations.py").read_text() + extra)
    with pytest.raises(ValueError, match="unknown exercise 'activations.helper'"):
        stubgen.generate(src)


def test_generator_rejects_an_exercise_without_region(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for path in REFERENCE.glob("*.py"):
        text = path.read_text()
        if path.name == "schedules.py":
            text = text.replace("    ### BEGIN SOLUTION\n", "", 1).replace("    ### END SOLUTION\n", "", 1)
        (src / path.name).write_text(text)
    with pytest.raises(stubgen.StubError, match="without a solution region: \\['schedules.inverse_time_decay'\\]"):
        stubgen.generate(src)


def test_generator_rejects_unbalanced_markers(tmp_path):
    with pytest.raises(stubgen.StubError, match="without ### END SOLUTION"):
        stubgen.find_regions("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "m")
    with pytest.raises(stubgen.StubError, match="outside any function"):
        stubgen.find_regions("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "m")


def test_cli_stubs_check_reports_drift(tmp_path, monkeypatch, capsys):
    from autograder import cli

    assert cli.main(["stubs", "--check"]) == 0
    monkeypatch.setattr(stubgen, "differences", lambda: ["layers.py"])
    assert cli.main(["stubs", "--check"]) == 1
    assert "layers.py" in capsys.readouterr().err
