"""Hostile and broken submissions: each costs only what it touches; the grader never crashes or hangs."""

import json
import subprocess
import sys
import time

from autograder import grader, registry, sandbox
from tests.submissions import REPO, append_to_module, reference_submission

FAST = sandbox.Limits(seconds=3.0, memory_bytes=1024**3)


def _by_id(report):
    return {e["id"]: e for e in report["exercises"]}


def _full(entry):
    return entry["points"] == entry["max_points"]


def test_monkeypatching_numpy_and_the_grader_cannot_change_a_verdict(tmp_path):
    root = reference_submission(tmp_path)
    append_to_module(
        root,
        "activations",
        """
import numpy
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda a, b, *args, **k: numpy.ones(numpy.shape(a), dtype=bool)
numpy.testing.assert_allclose = lambda *a, **k: None
try:
    import autograder.outputs, autograder.grader
    autograder.outputs.compare = lambda *a, **k: []
    autograder.outputs.matches = lambda *a, **k: True
except ImportError:
    pass

def relu(z):
    return numpy.zeros_like(numpy.asarray(z, dtype=float)) - 1.0
""",
    )
    report = _by_id(grader.grade(root, chapters=[2], limits=FAST))
    assert report["activations.relu"]["points"] == 0
    assert _full(report["activations.sigmoid"])


def test_printing_a_fake_verdict_does_not_reach_the_report(tmp_path):
    root = reference_submission(tmp_path)
    fake = json.dumps({"exercises": [], "points": 999, "max_points": 999})
    append_to_module(root, "activations", f"print({fake!r})\ndef tanh(z):\n    return z\n")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "--nnlib", str(root), "--chapter", "2", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    report = json.loads(done.stdout)
    assert report["max_points"] == 6 and report["points"] == 5
    assert _by_id(report)["activations.tanh"]["points"] == 0


def test_sys_exit_at_import_costs_that_module_only(tmp_path):
    root = reference_submission(tmp_path)
    append_to_module(root, "losses", "import sys\nsys.exit(0)\n")
    report = _by_id(grader.grade(root, chapters=[4, 5], limits=FAST))
    for exercise in registry.for_chapter(5):
        assert report[exercise.id]["points"] == 0
        assert "called sys.exit(0)" in report[exercise.id]["message"]
    assert all(_full(report[e.id]) for e in registry.for_chapter(4))


def test_os_exit_at_import_is_a_zero_with_a_reason(tmp_path):
    root = reference_submission(tmp_path)
    append_to_module(root, "schedules", "import os\nos._exit(0)\n")
    report = _by_id(grader.grade(root, chapters=[10], limits=FAST))
    for exercise in registry.for_chapter(10):
        assert report[exercise.id]["points"] == 0
        assert "exited with code 0 before reporting" in report[exercise.id]["message"]


def test_endless_loop_costs_one_exercise_and_does_not_hang(tmp_path):
    root = reference_submission(tmp_path)
    append_to_module(root, "activations", "def sigmoid_grad(z):\n    while True:\n        pass\n")
    start = time.monotonic()
    report = _by_id(grader.grade(root, chapters=[2], limits=FAST, jobs=2))
    assert time.monotonic() - start < 30
    assert report["activations.sigmoid_grad"]["points"] == 0
    assert "did not finish within 3 s" in report["activations.sigmoid_grad"]["message"]
    others = [e.id for e in registry.for_chapter(2) if e.id != "activations.sigmoid_grad"]
    assert all(_full(report[i]) for i in others)


def test_huge_allocation_is_stopped_by_the_memory_limit(tmp_path):
    root = reference_submission(tmp_path)
    append_to_module(root, "activations", "def tanh(z):\n    big = np.ones((4, 1024**3))\n    return np.tanh(z) + big[0, 0] - 1\n")
    report = _by_id(grader.grade(root, chapters=[2], limits=FAST))
    assert report["activations.tanh"]["points"] == 0
    assert "MemoryError" in report["activations.tanh"]["message"]
    assert _full(report["activations.tanh_grad"])


def test_syntax_error_costs_that_module_only(tmp_path):
    root = reference_submission(tmp_path)
    append_to_module(root, "optimizers", "def broken(:\n    pass\n")
    report = _by_id(grader.grade(root, chapters=[7, 8], limits=FAST))
    for exercise in registry.for_chapter(7):
        assert report[exercise.id]["points"] == 0
        assert "SyntaxError" in report[exercise.id]["message"]
    assert all(_full(report[e.id]) for e in registry.for_chapter(8))


def test_missing_module_and_missing_function(tmp_path):
    root = reference_submission(tmp_path)
    (root / "nnlib" / "schedules.py").unlink()
    append_to_module(root, "neuron", "del neuron\n")
    report = _by_id(grader.grade(root, chapters=[1, 10], limits=FAST))
    assert "no nnlib/schedules.py" in report["schedules.step_decay"]["message"]
    assert report["neuron.neuron"]["points"] == 0 and "defines no neuron" in report["neuron.neuron"]["message"]
    assert _full(report["neuron.weighted_sum"])


def test_reading_the_reference_is_not_possible_through_imports(tmp_path):
    """The sandbox imports neither `solutions` nor the reference of the chapter being graded."""
    root = reference_submission(tmp_path)
    append_to_module(
        root,
        "activations",
        """
def relu(z):
    try:
        import solutions.nnlib.activations as ref
        return ref.relu(z)
    except ImportError:
        pass
    from nnlib import activations as base   # the graded package: this chapter is stubbed there
    return base.__dict__['_reference_relu'](z) if '_reference_relu' in base.__dict__ else None
""",
    )
    report = _by_id(grader.grade(root, exercise_ids=["activations.relu"], limits=FAST))
    assert report["activations.relu"]["points"] == 0


def test_missing_package_folder_is_a_zero_not_a_crash(tmp_path):
    report = grader.grade(tmp_path, chapters=[1], limits=FAST)
    assert report["points"] == 0 and report["max_points"] == 2
    assert all("no nnlib package" in e["message"] for e in report["exercises"])
