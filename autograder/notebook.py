"""Helpers called from the chapter notebooks' autograder cells.

The hidden part of each exercise's autograder cell calls :func:`assert_exercise`, which grades
that exercise of the ``nnlib`` the notebook's kernel imports with the isolated grader (student
code in a sandbox process, compared with the reference here) and fails the cell unless the
exercise earns full marks. nbgrader records a cell that raises as zero and one that passes as
full points.

During ``python -m autograder course autograde`` the verdict is computed outside the student's
kernel (:class:`autograder.nbgrader_plugin.IsolatedVerdicts`), so there the cell only says so.
"""

from __future__ import annotations

import os
from pathlib import Path

SCORED_OUTSIDE_ENV = "NNFS_SCORED_OUTSIDE"


def assert_exercise(exercise_id: str) -> None:
    """Grade one exercise of the kernel's ``nnlib``; AssertionError with the grader's message unless full marks.

    Args:
        exercise_id: e.g. ``"activations.relu"``.
    """
    if os.environ.get(SCORED_OUTSIDE_ENV) == "1":
        print(f"{exercise_id}: scored by the isolated grader outside this notebook")
        return
    import nnlib

    from autograder import grader

    root = Path(nnlib.__file__).resolve().parent.parent
    (result,) = grader.grade(root, exercise_ids=[exercise_id])["exercises"]
    summary = f"{exercise_id}: {result['points']:g} / {result['max_points']:g} — {result['message']}"
    if result["points"] < result["max_points"]:
        raise AssertionError(summary)
    print(summary)
