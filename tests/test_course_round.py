"""The instructor's round end to end: assemble, release, simulated submissions, parallel autograde,
feedback, export, and a second autograde that changes nothing. Uses chapter 01 (two exercises)."""

from __future__ import annotations

import csv
import json
import os
import shutil

import pytest

from autograder import course, grader
from tests.submissions import REFERENCE, append_to_module

pytestmark = pytest.mark.xdist_group("course")

CHAPTER = "01_neuron"
NOTEBOOK = "neuron.ipynb"


def _student(release, root, name, nnlib_from, notebook="keep", module_code=None, edit=None):
    """A submission folder: the released chapter with an nnlib and a notebook changed as asked."""
    folder = root / name
    shutil.copytree(release, folder)
    shutil.rmtree(folder / "nnlib")
    shutil.copytree(nnlib_from, folder / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    if module_code:
        append_to_module(folder, "neuron", module_code)
    nb_path = folder / NOTEBOOK
    if notebook == "missing":
        nb_path.unlink()
    elif notebook == "misnamed":
        nb_path.rename(folder / "neuron (1).ipynb")
    elif notebook == "broken":
        nb_path.write_text('{"cells": [ this is not json')
    elif edit:
        nb = json.loads(nb_path.read_text())
        edit(nb)
        nb_path.write_text(json.dumps(nb))
    return folder


def _insert_cell(code):
    def edit(nb):
        nb["cells"].insert(1, {"cell_type": "code", "metadata": {}, "source": code, "outputs": [], "execution_count": None})

    return edit


def _tamper(nb):
    """Monkeypatch NumPy, the checks and the grader in the kernel; delete one autograder cell, gut another."""
    _insert_cell(
        "import numpy as np, autograder.grader as g, autograder.checks as c, autograder.notebook as n\n"
        "np.allclose = lambda *a, **k: True\n"
        "g.grade = lambda *a, **k: {'exercises': [], 'points': 99, 'max_points': 99}\n"
        "n.assert_exercise = lambda *a, **k: None\n"
        "print('all tests passed')"
    )(nb)
    gid = lambda c: c.get("metadata", {}).get("nbgrader", {}).get("grade_id")  # noqa: E731
    nb["cells"] = [c for c in nb["cells"] if gid(c) != "grade_neuron_neuron"]
    for cell in nb["cells"]:
        if gid(cell) == "grade_neuron_weighted_sum":
            cell["source"] = "pass"


@pytest.fixture(scope="module")
def round_(tmp_path_factory):
    base = tmp_path_factory.mktemp("round")
    home = base / "course"
    course.assemble(home, cell_timeout=5, exercise_timeout=3.0)
    release = course.release(home, CHAPTER)
    stubs = release / "nnlib"
    subs = base / "submissions"
    wrong = "def weighted_sum(x, w, b):\n    return np.dot(w, np.asarray(x, dtype=float))\n"
    folders = {
        "correct": _student(release, subs, "correct", REFERENCE),
        "stubs": _student(release, subs, "stubs", stubs),
        "wrong": _student(release, subs, "wrong", REFERENCE, module_code=wrong),
        "syntax": _student(release, subs, "syntax", REFERENCE, module_code="def broken(:\n    pass\n"),
        "loop": _student(release, subs, "loop", REFERENCE, module_code="def neuron(x, w, b, activation):\n    while True:\n        pass\n"),
        "tamper_nb": _student(release, subs, "tamper_nb", stubs, edit=_tamper),
        "tamper_mod": _student(
            release, subs, "tamper_mod", REFERENCE,
            module_code="import numpy\nnumpy.allclose = lambda *a, **k: True\nprint('{\"points\": 2}')\n"
                        "def neuron(x, w, b, activation):\n    return 0.0\n",
        ),
        "hang_cell": _student(release, subs, "hang_cell", REFERENCE, edit=_insert_cell("while True:\n    pass")),
        "dead_kernel": _student(release, subs, "dead_kernel", REFERENCE, edit=_insert_cell("import os\nos._exit(1)")),
        "broken_json": _student(release, subs, "broken_json", REFERENCE, notebook="broken"),
        "missing": _student(release, subs, "missing", REFERENCE, notebook="missing"),
        "misnamed": _student(release, subs, "misnamed", REFERENCE, notebook="misnamed"),
    }
    assert sorted(course.collect(home, CHAPTER, submissions=subs)) == sorted(folders)
    first = course.autograde(home, CHAPTER, jobs=2, progress=False)
    first_scores = _scores(home)
    second = course.autograde(home, CHAPTER, jobs=2, progress=False)
    feedback = course.feedback(home, CHAPTER)
    csv_path = course.export(home, base / "grades.csv")
    return {"home": home, "folders": folders, "first": first, "second": second, "first_scores": first_scores,
            "feedback": feedback, "csv": csv_path}


def _scores(home):
    """{student: {grade_id: auto_score}} of the autograded cells, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{home / 'gradebook.db'}") as gb:
        return {
            s.student.id: {g.name: g.auto_score for nb in s.notebooks for g in nb.grades if g.cell_type == "code"}
            for s in gb.find_assignment(CHAPTER).submissions
        }


def _total(scores):
    return round(sum(v or 0 for v in scores.values()), 3)


def test_each_student_gets_the_expected_score(round_):
    scores = round_["first_scores"]
    expected = {"correct": 2, "stubs": 0, "syntax": 0, "tamper_nb": 0, "hang_cell": 2, "dead_kernel": 0,
                "broken_json": 0, "missing": 0, "misnamed": 0}
    for student, total in expected.items():
        assert _total(scores[student]) == total, (student, scores[student])
    assert scores["loop"] == {"grade_neuron_weighted_sum": 1.0, "grade_neuron_neuron": 0.0}
    assert scores["tamper_mod"] == {"grade_neuron_weighted_sum": 1.0, "grade_neuron_neuron": 0.0}
    verdict = grader.grade(round_["folders"]["wrong"], chapters=[1])
    assert 0 < _total(scores["wrong"]) == verdict["points"] < 2


def test_zeros_are_recorded_with_a_reason(round_):
    outcomes = {o.student: o for o in round_["first"]}
    assert outcomes["broken_json"].status == "zero" and "not a readable notebook" in outcomes["broken_json"].reason
    assert outcomes["missing"].reason == "no neuron.ipynb in the submission"
    assert outcomes["misnamed"].reason == "no neuron.ipynb in the submission (found neuron (1).ipynb)"
    assert outcomes["dead_kernel"].status == "zero" and "Kernel died" in outcomes["dead_kernel"].reason
    assert all(outcomes[s].status == "graded" for s in ("correct", "stubs", "wrong", "loop", "tamper_nb", "hang_cell"))
    record = json.loads((round_["home"] / f"autograde-{CHAPTER}.json").read_text())
    assert {r["student"]: r["status"] for r in record} == {s: o.status for s, o in outcomes.items()}


def test_second_autograde_changes_nothing(round_):
    assert _scores(round_["home"]) == round_["first_scores"]
    assert [(o.student, o.status, o.reason) for o in round_["second"]] == [
        (o.student, o.status, o.reason) for o in round_["first"]
    ]


def test_feedback_shows_verdicts_but_never_hidden_tests(round_):
    files = {p.parts[-3]: p.read_text() for p in round_["feedback"]}
    assert {"correct", "wrong", "tamper_nb"} <= set(files)
    for student, text in files.items():
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "from autograder.notebook import assert_exercise"):
            assert marker not in text, (student, marker)
    assert "neuron.weighted_sum: 1 / 1 points" in files["correct"]
    assert "the bias" in files["wrong"]  # the known mistake's message reaches the student


def test_export_lists_every_student(round_):
    with open(round_["csv"]) as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(round_["folders"])
    assert float(rows["correct"]["raw_score"]) == 2.0
    assert float(rows["stubs"]["raw_score"]) == 0.0


def test_nbgrader_commands_still_work_in_the_course_folder(round_):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "nbgrader", "db", "student", "list"], cwd=round_["home"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert done.returncode == 0 and "correct" in done.stdout + done.stderr
