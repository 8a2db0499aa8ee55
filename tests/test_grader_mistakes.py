"""Each known mistake, planted in an otherwise correct submission, loses points with its own message."""

import pytest

from autograder import grader, registry
from tests.submissions import all_mistakes, install_mistake, reference_submission

MISTAKES = all_mistakes()


def test_catalogue_is_large_enough():
    assert len(MISTAKES) >= 25, f"only {len(MISTAKES)} known mistakes in the registry"


@pytest.mark.parametrize("exercise,mistake", MISTAKES, ids=[f"{e.id}:{m.name}" for e, m in MISTAKES])
def test_mistake_loses_points_with_its_message(tmp_path, exercise, mistake):
    root = reference_submission(tmp_path)
    install_mistake(root, exercise, mistake)
    report = grader.grade(root, exercise_ids=[exercise.id])
    (result,) = report["exercises"]
    assert result["points"] < result["max_points"], f"{mistake.name!r} was not penalised: {result}"
    assert mistake.message in result["message"], result["message"]


@pytest.mark.parametrize("exercise", registry.EXERCISES, ids=lambda e: e.id)
def test_mistakes_differ_from_the_reference_on_some_case(exercise):
    """A mistake that agrees with the reference on every case could never be told apart."""
    for index, mistake in enumerate(exercise.mistakes):
        differs = False
        for case_index, case in enumerate(exercise.cases):
            run = grader._mistake_run(exercise.id, index, case_index)
            want = grader.expected(exercise.id, case_index)
            if run.error or run.warnings != want.warnings or not grader.outputs.matches(run.arrays, want.arrays, case.rtol, case.atol):
                differs = True
        assert differs, f"{exercise.id}: mistake {mistake.name!r} passes every case"
