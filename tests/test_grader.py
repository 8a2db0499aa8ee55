"""The isolated grader: reference full marks, stubs zero, no cascade, the CLI contract."""

import json
import subprocess
import sys

import pytest

from autograder import grader, registry
from tests.submissions import REPO, append_to_module, reference_submission


@pytest.fixture(scope="module")
def reference_report():
    return grader.grade(REPO / "solutions", jobs=2)


@pytest.fixture(scope="module")
def stub_report():
    return grader.grade(REPO, jobs=2)


def test_reference_gets_full_marks_in_every_chapter(reference_report):
    assert [e["id"] for e in reference_report["exercises"]] == [e.id for e in registry.EXERCISES]
    for entry in reference_report["exercises"]:
        assert entry["points"] == entry["max_points"], entry
        assert entry["message"].startswith("all ") and entry["message"].endswith("cases passed"), entry
    assert reference_report["points"] == reference_report["max_points"] > 0


def test_stubs_get_zero_with_the_same_maximum(stub_report, reference_report):
    assert stub_report["max_points"] == reference_report["max_points"]
    assert stub_report["points"] == 0
    for entry in stub_report["exercises"]:
        assert entry["points"] == 0
        assert entry["message"] == f"not implemented: {registry.get(entry['id']).label}"


def test_every_exercise_has_cases_and_points():
    for exercise in registry.EXERCISES:
        assert len(exercise.cases) >= 2, exercise.id
        assert exercise.points > 0 and all(c.weight > 0 for c in exercise.cases)


def test_no_cascade_a_wrong_relu_costs_only_chapter_two(tmp_path):
    """Chapter 3's model_forward uses relu; graded with the reference's relu, it keeps its points."""
    root = reference_submission(tmp_path)
    append_to_module(root, "activations", "def relu(z):\n    return np.abs(z)\n")
    report = grader.grade(root, chapters=[2, 3])
    by_id = {e["id"]: e for e in report["exercises"]}
    assert by_id["activations.relu"]["points"] < 1
    for exercise in registry.for_chapter(3):
        assert by_id[exercise.id]["points"] == by_id[exercise.id]["max_points"], by_id[exercise.id]


def test_partial_credit_names_the_failing_case(tmp_path):
    """relu_grad(0) = 1 passes the random case but fails the hand-picked one."""
    root = reference_submission(tmp_path)
    append_to_module(root, "activations", "def relu_grad(z):\n    return (np.asarray(z) >= 0).astype(float)\n")
    (entry,) = grader.grade(root, exercise_ids=["activations.relu_grad"])["exercises"]
    assert 0 < entry["points"] < entry["max_points"]
    assert "case 'hand-picked values incl. 0 and negatives'" in entry["message"]
    assert "derivative at 0 to be 0" in entry["message"]


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_cli_json_contract():
    done = _cli("grade", "--nnlib", "solutions", "--chapter", "02", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"exercises", "points", "max_points"}
    assert all(set(e) == {"id", "points", "max_points", "message"} for e in report["exercises"])
    assert [e["id"] for e in report["exercises"]] == [e.id for e in registry.for_chapter(2)]
    assert report["points"] == report["max_points"] == 6


def test_cli_table_and_errors():
    done = _cli("grade", "--nnlib", ".", "--chapter", "1")
    assert done.returncode == 0 and "neuron.weighted_sum" in done.stdout and "total: 0 / 2" in done.stdout
    bad = _cli("grade", "--nnlib", "nowhere", "--json")
    assert bad.returncode == 2 and "holds no nnlib/ package folder" in bad.stderr
    bad = _cli("grade", "--nnlib", ".", "--chapter", "12")
    assert bad.returncode == 2 and "unknown chapter '12'" in bad.stderr


def test_cli_check_lists_every_exercise_on_the_stubs():
    done = _cli("check")
    assert done.returncode == 0, done.stderr
    for exercise in registry.EXERCISES:
        line = next(l for l in done.stdout.splitlines() if f" {exercise.id} " in f" {l} ")
        assert line.startswith(f"{exercise.chapter:02d}")
        assert "not implemented" in line or "blocked" in line, line
    assert f"0 of {len(registry.EXERCISES)} exercises pass their checks" in done.stdout


def test_cli_check_on_the_reference_passes():
    done = _cli("check", "2", "4", "--nnlib", "solutions")
    assert done.returncode == 0, done.stderr
    n = len(registry.for_chapter(2)) + len(registry.for_chapter(4))
    assert f"{n} of {n} exercises pass their checks" in done.stdout
