"""nbgrader preprocessor: each exercise's autograder cell is scored by the isolated grader.

nbgrader executes the student's notebook in a kernel the student's code controls, so a verdict
computed there could be faked (monkeypatching NumPy, the checks or the grader, or editing test
cells). :class:`IsolatedVerdicts` runs after nbgrader's ``Execute`` in the nbgrader process: it
grades the submission's ``nnlib`` with :func:`autograder.grader.grade` (student code only in
sandbox processes) and replaces the outputs of every autograder cell with the verdict: the
grader's message as text and the points as the cell's result, which nbgrader's ``SaveAutoGrades``
records as (partial) credit. A grade cell the student deleted is put back with its verdict.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Integer

from autograder import registry, sandbox


def grade_id(exercise_id: str) -> str:
    """The nbgrader grade id of an exercise's autograder cell: "grade_activations_relu"."""
    return "grade_" + exercise_id.replace(".", "_")


_BY_GRADE_ID = {grade_id(e.id): e.id for e in registry.EXERCISES}


def autograder_cell(exercise: registry.Exercise) -> nbformat.NotebookNode:
    """The hidden autograder cell of an exercise, as the chapter notebooks carry it."""
    source = (
        "# Autograded: the instructor's isolated grader scores this exercise (its hidden part is not released).\n"
        "### BEGIN HIDDEN TESTS\n"
        "from autograder.notebook import assert_exercise\n"
        f'assert_exercise("{exercise.id}")\n'
        "### END HIDDEN TESTS"
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True, "grade_id": grade_id(exercise.id), "locked": True, "points": exercise.points,
        "schema_version": 3, "solution": False, "task": False,
    }
    cell.metadata["tags"] = ["remove-cell"]
    return cell


def verdict_outputs(result: dict) -> list:
    """Cell outputs carrying a verdict: the message, then the points as the result nbgrader scores."""
    text = f"{result['id']}: {result['points']:g} / {result['max_points']:g} points. {result['message']}\n"
    return [
        nbformat.v4.new_output("stream", name="stdout", text=text),
        nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(result["points"]))}, execution_count=1),
    ]


class IsolatedVerdicts(NbGraderPreprocessor):
    """Score autograder cells with the isolated grader (see the module docstring)."""

    timeout = Float(10.0, help="Seconds per exercise in the sandbox.").tag(config=True)
    memory_mib = Integer(2048, help="Memory per exercise in the sandbox, MiB.").tag(config=True)

    def preprocess(self, nb, resources):
        from autograder import grader

        folder = Path(resources["metadata"]["path"])
        chapter_exercises = self._chapter_exercises(nb, resources)
        if not chapter_exercises:
            return nb, resources
        limits = sandbox.Limits(seconds=self.timeout, memory_bytes=self.memory_mib * 1024**2)
        report = grader.grade(folder, exercise_ids=[e.id for e in chapter_exercises], limits=limits)
        verdicts = {r["id"]: r for r in report["exercises"]}
        present = set()
        for cell in nb.cells:
            exercise_id = self._exercise_of(cell)
            if exercise_id in verdicts:
                cell.outputs = verdict_outputs(verdicts[exercise_id])
                present.add(exercise_id)
        for exercise in chapter_exercises:
            if exercise.id not in present:
                cell = autograder_cell(exercise)
                cell.outputs = verdict_outputs(verdicts[exercise.id])
                nb.cells.append(cell)
                self.log.warning("restored the deleted autograder cell of %s", exercise.id)
        return nb, resources

    @staticmethod
    def _exercise_of(cell) -> str | None:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade"):
            return None
        return _BY_GRADE_ID.get(meta.get("grade_id"))

    @staticmethod
    def _chapter_exercises(nb, resources) -> list:
        """The exercises of the chapter being graded: the assignment is named after it ("02_activations")."""
        assignment = resources.get("nbgrader", {}).get("assignment", "")
        try:
            chapter = registry.parse_chapter(assignment.split("_", 1)[0])
        except ValueError:
            return []
        return list(registry.for_chapter(chapter))
