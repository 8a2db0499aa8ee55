"""The instructor's grading: student code in the sandbox, verdicts here, against the reference.

For each exercise of a chapter the sandbox loads the reference with that chapter's exercises
stubbed out, installs the student's function or class in its place (so other chapters' functions
are the reference's: one early mistake is not paid for twice), runs the exercise's cases and
returns the outputs as arrays. This process runs the same cases on the reference, compares with
tolerances, and names known mistakes by running each one's code on the failing case.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
import types
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder import outputs, registry, sandbox, stubgen
from autograder.registry import Case, Exercise, Mistake


@dataclass(frozen=True)
class ExerciseResult:
    id: str
    points: float
    max_points: float
    message: str


@dataclass(frozen=True)
class CaseRun:
    """A case's outputs (flattened), warnings and error, on one side of the comparison."""

    arrays: dict
    warnings: tuple = ()
    error: str = ""


def _reference_package():
    import solutions.nnlib as reference

    return reference


class PackageView:
    """The reference package with one top-level object replaced (to run a known mistake)."""

    def __init__(self, package, module: str, name: str, obj):
        self._package, self._module, self._name, self._obj = package, module, name, obj

    def __getattr__(self, attr):
        module = getattr(self._package, attr)
        if attr != self._module:
            return module
        view = types.SimpleNamespace(**vars(module))
        setattr(view, self._name, self._obj)
        return view


def _run_locally(case: Case, package) -> CaseRun:
    with np.errstate(all="warn", under="ignore"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = case.run(package)
        except Exception as exc:  # a mistake's code may fail on a case: that is a non-match, not a crash
            return CaseRun(arrays={}, error=f"{type(exc).__name__}: {exc}")
    return CaseRun(outputs.flatten(result), tuple(sorted({f"{w.category.__name__}: {w.message}" for w in caught})))


@functools.lru_cache(maxsize=None)
def expected(exercise_id: str, index: int) -> CaseRun:
    """The reference's run of a case (cached: it is the same for every submission)."""
    exercise = registry.get(exercise_id)
    run = _run_locally(exercise.cases[index], _reference_package())
    if run.error:
        raise RuntimeError(f"the reference fails case {index} of {exercise_id}: {run.error}")
    return run


def mistake_object(exercise: Exercise, mistake: Mistake):
    """The mistaken function, or for a method a subclass of the reference class carrying it."""
    module = getattr(_reference_package(), exercise.module)
    namespace = dict(vars(module))
    exec(compile(mistake.source, f"<mistake {exercise.id}: {mistake.name}>", "exec"), namespace)
    last = exercise.qualname.split(".")[-1]
    if "." not in exercise.qualname:
        return namespace[last]
    base = getattr(module, exercise.top_name)
    return type(base.__name__, (base,), {last: namespace[last]})


@functools.lru_cache(maxsize=None)
def _mistake_run(exercise_id: str, mistake_index: int, case_index: int) -> CaseRun:
    exercise = registry.get(exercise_id)
    obj = mistake_object(exercise, exercise.mistakes[mistake_index])
    view = PackageView(_reference_package(), exercise.module, exercise.top_name, obj)
    return _run_locally(exercise.cases[case_index], view)


def _diagnose(exercise: Exercise, index: int, got: dict) -> str:
    """The message of the first known mistake whose outputs match the student's on this case."""
    case = exercise.cases[index]
    for m_index, mistake in enumerate(exercise.mistakes):
        run = _mistake_run(exercise.id, m_index, index)
        if not run.error and run.arrays and outputs.matches(got, run.arrays, case.rtol, case.atol):
            return mistake.message
    return ""


def _judge_case(exercise: Exercise, index: int, entry: dict, arrays: dict) -> str:
    """Empty string when the case passes, else the message for the student."""
    case = exercise.cases[index]
    want = expected(exercise.id, index)
    if entry.get("status") != "ok":
        return f"raised {entry.get('error') or 'an error'}"
    prefix = f"{index}:"
    got = {key[len(prefix):]: value for key, value in arrays.items() if key.startswith(prefix)}
    problems = outputs.compare(got, want.arrays, case.rtol, case.atol)
    new_warnings = [w for w in entry.get("warnings", []) if w not in want.warnings]
    if not problems and not new_warnings:
        return ""
    hint = _diagnose(exercise, index, got)
    if hint:
        return hint
    if problems:
        return "; ".join(problems[:2]) + f" (reread {exercise.reference_text})"
    return f"the values are right but the computation warned ({new_warnings[0]}); use a numerically stable form ({exercise.reference_text})"


def _score(exercise: Exercise, outcome: sandbox.Outcome) -> ExerciseResult:
    total = sum(c.weight for c in exercise.cases)
    failure = outcome.failure or outcome.report.get("error", "")
    if failure:
        return ExerciseResult(exercise.id, 0.0, exercise.points, f"{exercise.label}: {failure}")
    entries = outcome.report.get("cases", [])
    earned, first_problem, failed = 0.0, "", 0
    for index, case in enumerate(exercise.cases):
        entry = entries[index] if index < len(entries) and isinstance(entries[index], dict) else {"status": "missing"}
        problem = _judge_case(exercise, index, entry, outcome.arrays)
        if problem:
            failed += 1
            first_problem = first_problem or f"case '{case.name}': {problem}"
        else:
            earned += case.weight
    points = round(exercise.points * earned / total, 3)
    n = len(exercise.cases)
    if not failed:
        return ExerciseResult(exercise.id, points, exercise.points, f"all {n} cases passed")
    if failed == n and "NotImplementedError: implement nnlib." in first_problem:
        return ExerciseResult(exercise.id, 0.0, exercise.points, f"not implemented: {exercise.label}")
    return ExerciseResult(exercise.id, points, exercise.points, f"{n - failed} of {n} cases passed; {first_problem}")


@functools.lru_cache(maxsize=None)
def _base_package(chapter: int) -> dict[str, str]:
    """The reference with one chapter's exercises stubbed (file name -> text), made once per process."""
    return stubgen.generate(chapters={chapter}, header=False)


def _job(exercise: Exercise, student_root: Path, base_root: Path, lib: Path) -> dict:
    return {
        "mode": "grade",
        "exercise": exercise.id,
        "module": exercise.module,
        "top_name": exercise.top_name,
        "student_nnlib": str(student_root.resolve()),
        "sys_path": [str(base_root), str(lib)],
    }


def grade(
    nnlib_path, chapters=None, limits: sandbox.Limits = sandbox.Limits(), jobs: int = 1, exercise_ids=None
) -> dict:
    """Grade the ``nnlib`` package inside the folder ``nnlib_path``.

    Args:
        nnlib_path: folder holding the student's ``nnlib/`` package.
        chapters: chapter numbers to grade (default: all).
        limits: time and memory limits of each exercise's sandbox.
        jobs: sandboxes run at once.
        exercise_ids: grade only these exercises (ids such as "layers.linear_backward").

    Returns:
        ``{"exercises": [{"id", "points", "max_points", "message"}], "points", "max_points"}``.
    """
    student_root = Path(nnlib_path)
    wanted = sorted({registry.parse_chapter(c) for c in chapters}) if chapters else sorted(registry.CHAPTERS)
    if exercise_ids:
        exercises = [registry.get(i) for i in exercise_ids]
        wanted = sorted({e.chapter for e in exercises})
    else:
        exercises = [e for e in registry.EXERCISES if e.chapter in wanted]
    with tempfile.TemporaryDirectory(prefix="nnfs-grade-") as tmp:
        lib = sandbox.library_dir(Path(tmp))
        bases = {}
        for chapter in wanted:
            bases[chapter] = Path(tmp) / f"base{chapter:02d}"
            (bases[chapter] / "nnlib").mkdir(parents=True)
            for name, text in _base_package(chapter).items():
                (bases[chapter] / "nnlib" / name).write_text(text)

        def grade_one(exercise: Exercise) -> ExerciseResult:
            if not (student_root / "nnlib").is_dir():
                return ExerciseResult(exercise.id, 0.0, exercise.points, f"no nnlib package in {student_root}")
            outcome = sandbox.run(_job(exercise, student_root, bases[exercise.chapter], lib), limits)
            return _score(exercise, outcome)

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(grade_one, exercises))
    return {
        "exercises": [dataclasses.asdict(r) for r in results],
        "points": round(sum(r.points for r in results), 3),
        "max_points": round(sum(r.max_points for r in results), 3),
    }
