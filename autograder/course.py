"""The instructor's round with nbgrader: assemble, release, collect, autograde, feedback, export.

Each step is one function here and one command (``python -m autograder course STEP``); nbgrader's
own commands keep working in the course folder, which has nbgrader's standard layout::

    COURSE/nbgrader_config.py         written by assemble: keeps the student's nnlib, isolated verdicts, ...
    COURSE/source/<chapter>/          the chapter notebook, the nnlib stubs and the checks (autograder/)
    COURSE/release/<chapter>/         what students receive (nbgrader generate_assignment)
    COURSE/submitted/<student>/<chapter>/
    COURSE/autograded/<student>/<chapter>/
    COURSE/feedback/<student>/<chapter>/<notebook>.html
    COURSE/gradebook.db               nbgrader's gradebook (SQLite)
    COURSE/autograde-<chapter>.json   the round's record: each student's outcome, with the reason of any zero

Autograding runs one nbgrader process per submission in parallel. SQLite is not safe for
concurrent writers, so each process writes a private copy of the gradebook and the results are
merged into ``gradebook.db`` one at a time. A submission that hangs, kills its kernel, has broken
notebook JSON, or lacks or misnames its notebook gets a recorded zero with a reason; it never
stops the batch or touches another student's result. Running a step again gives the same result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from autograder import registry, stubgen

REPO = stubgen.REPO
# nbgrader's gradebook runs the `alembic` command of its own environment: make it findable
# whether or not the virtual environment is activated.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([_BIN, os.environ.get("PATH", "")])
COURSE_ID = "nn-from-scratch"
NBGRADER_TIMEOUT = 900  # seconds for one submission's whole autograde (cells have their own limit)

CONFIG_TEMPLATE = '''\
# nbgrader configuration of the course "Neural Networks from Scratch".
# Written by `python -m autograder course assemble`; nbgrader's own commands read it too.
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, ClearHiddenTests, Execute, GetGrades, IgnorePattern, LimitOutput,
    SaveAutoGrades,
)

from autograder.nbgrader_plugin import IsolatedVerdicts

c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.course_id = {course_id!r}

# Students submit their own nnlib/ beside the notebook: autograde keeps it (every other file of
# source/, such as the checks in autograder/, is restored from the instructor's copy).
c.Autograde.exclude_overwriting = {exclude!r}

# Each exercise's autograder cell is scored by the isolated grader, outside the student's kernel.
c.Autograde.autograde_preprocessors = [
    Execute, IsolatedVerdicts, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, CheckCellMetadata,
]
c.IsolatedVerdicts.timeout = {exercise_timeout!r}      # seconds per exercise in the sandbox
c.IsolatedVerdicts.memory_mib = 2048   # memory per exercise in the sandbox

# A cell of the student's notebook may run this long before the kernel is interrupted.
c.Execute.timeout = {cell_timeout}
c.Execute.allow_errors = True

# Feedback shows each exercise's verdict but never the hidden tests.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
'''


@dataclass
class Outcome:
    """What happened to one submission in an autograde run."""

    student: str
    status: str  # "graded" or "zero"
    reason: str = ""


def chapter_notebooks() -> dict[str, Path]:
    """Assignment name (the chapter folder, e.g. "02_activations") -> its notebook, in course order."""
    found = {}
    for folder in sorted((REPO / "chapters").glob("[0-9][0-9]_*")):
        notebooks = sorted(folder.glob("*.ipynb"))
        if len(notebooks) == 1:
            found[folder.name] = notebooks[0]
    return found


def chapter_of(assignment: str) -> int:
    """"02_activations" -> 2."""
    return registry.parse_chapter(assignment.split("_", 1)[0])


def _run(args: list[str], course: Path, timeout: float | None = None) -> subprocess.CompletedProcess:
    from autograder.notebook import SCORED_OUTSIDE_ENV

    env = dict(os.environ, **{SCORED_OUTSIDE_ENV: "1"})  # the kernel need not grade: IsolatedVerdicts does
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True, timeout=timeout, env=env
    )


def _check(done: subprocess.CompletedProcess, what: str) -> None:
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


# ----------------------------------------------------------------------------- assemble and release


def assemble(course: Path, cell_timeout: int = 60, exercise_timeout: float = 10.0) -> list[str]:
    """Write an nbgrader course folder: config and ``source/<chapter>/`` for every chapter.

    Args:
        course: the folder to write (created if needed; source/ and the config are rewritten).
        cell_timeout: seconds a notebook cell may run at autograde before it is interrupted.
        exercise_timeout: seconds each exercise may run in the isolated grader's sandbox.

    Returns:
        The assignment names written.
    """
    course = Path(course)
    notebooks = chapter_notebooks()
    stub_files = sorted(p.name for p in stubgen.STUBS_DIR.glob("*.py"))
    exclude = {name: [f"nnlib/{f}" for f in stub_files] for name in notebooks}
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(
        CONFIG_TEMPLATE.format(
            course_id=COURSE_ID, exclude=exclude, cell_timeout=int(cell_timeout), exercise_timeout=float(exercise_timeout)
        )
    )
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name, notebook in notebooks.items():
        target = course / "source" / name
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        shutil.copy2(notebook, target / notebook.name)
        shutil.copytree(stubgen.STUBS_DIR, target / "nnlib", ignore=ignore)
        shutil.copytree(REPO / "autograder", target / "autograder", ignore=ignore)
    return list(notebooks)


def release(course: Path, assignment: str, exchange: Path | None = None) -> Path:
    """``nbgrader generate_assignment`` (and ``release_assignment`` into ``exchange`` when given).

    Returns:
        The release folder students receive.
    """
    course = Path(course)
    _check(_run(["generate_assignment", assignment, "--force"], course), "nbgrader generate_assignment")
    if exchange is not None:
        Path(exchange).mkdir(parents=True, exist_ok=True)
        _check(
            _run(["release_assignment", assignment, "--force", f"--Exchange.root={exchange}"], course),
            "nbgrader release_assignment",
        )
    return course / "release" / assignment


# ----------------------------------------------------------------------------- collect


def collect(course: Path, assignment: str, submissions: Path | None = None, exchange: Path | None = None) -> list[str]:
    """Bring submissions into ``submitted/<student>/<assignment>/``.

    Args:
        submissions: a folder with one folder per student, holding either the chapter's files
            (the notebook and ``nnlib/``) or a folder named after the assignment that does.
        exchange: nbgrader's exchange root, to run ``nbgrader collect`` instead.

    Returns:
        The student ids collected.
    """
    course = Path(course)
    if exchange is not None:
        _check(_run(["collect", assignment, "--update", f"--Exchange.root={exchange}"], course), "nbgrader collect")
        return sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}"))
    if submissions is None:
        raise ValueError("collect needs a folder of submissions or nbgrader's exchange")
    students = []
    for folder in sorted(Path(submissions).iterdir()):
        if not folder.is_dir():
            continue
        source = folder / assignment if (folder / assignment).is_dir() else folder
        target = course / "submitted" / folder.name / assignment
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        students.append(folder.name)
    return students


# ----------------------------------------------------------------------------- autograde


def _expected_notebook(course: Path, assignment: str) -> str:
    notebooks = sorted((course / "source" / assignment).glob("*.ipynb"))
    if len(notebooks) != 1:
        raise RuntimeError(f"source/{assignment} must hold exactly one notebook, found {len(notebooks)}")
    return notebooks[0].stem


def _precheck(course: Path, assignment: str, student: str, notebook: str) -> str:
    """Why a submission cannot be autograded at all ("" if it can)."""
    folder = course / "submitted" / student / assignment
    path = folder / f"{notebook}.ipynb"
    if not path.exists():
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        found = f" (found {', '.join(others)})" if others else ""
        return f"no {notebook}.ipynb in the submission{found}"
    try:
        nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook is the student's zero, not our crash
        return f"{notebook}.ipynb is not a readable notebook ({type(exc).__name__}: {str(exc)[:200]})"
    return ""


def _graded(db: Path, assignment: str, student: str) -> bool:
    """True when nbgrader recorded an autograde score for every autograded cell of the submission."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{db}") as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return False
        grades = [g for nb in submission.notebooks for g in nb.grades if g.cell_type == "code"]
        return bool(grades) and all(g.auto_score is not None for g in grades)


def _forget(db: Path, assignment: str, student: str) -> None:
    """Remove a submission's earlier results from a (private) gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{db}") as gb:
        try:
            gb.remove_submission(assignment, student)
        except MissingEntry:
            pass


def _merge(source_db: Path, main_db: Path, assignment: str, student: str) -> None:
    """Copy one submission's automatic results from a private gradebook into the course's."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{source_db}") as src, Gradebook(f"sqlite:///{main_db}") as dst:
        submission = src.find_submission(assignment, student)
        dst.update_or_create_student(student)
        dst.update_or_create_submission(assignment, student, timestamp=submission.timestamp)
        for nb in submission.notebooks:
            target_nb = dst.find_submission_notebook(nb.name, assignment, student)
            target_nb.late_submission_penalty = nb.late_submission_penalty
            for grade in nb.grades:
                target = dst.find_grade(grade.name, nb.name, assignment, student)
                target.auto_score = grade.auto_score
                target.needs_manual_grade = grade.needs_manual_grade
            for comment in nb.comments:
                dst.find_comment(comment.name, nb.name, assignment, student).auto_comment = comment.auto_comment
        dst.db.commit()


def _record_zero(main_db: Path, assignment: str, student: str, reason: str) -> None:
    """A submission that could not be autograded: every cell scores zero, with the reason as a comment."""
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with Gradebook(f"sqlite:///{main_db}") as gb, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own session handling of a new submission
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for nb in submission.notebooks:
            for grade in nb.grades:
                grade.auto_score = 0.0
                grade.needs_manual_grade = False
            for comment in nb.comments:
                comment.auto_comment = f"Not graded: {reason}"
        gb.db.commit()


def autograde(course: Path, assignment: str, jobs: int = 2, progress: bool = True) -> list[Outcome]:
    """Autograde every submission of ``assignment`` in parallel processes; see the module docstring.

    Returns:
        One :class:`Outcome` per student (also written to ``COURSE/autograde-<assignment>.json``).
    """
    course = Path(course).resolve()
    main_db = course / "gradebook.db"
    notebook = _expected_notebook(course, assignment)
    students = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
    lock = threading.Lock()

    def one(student: str, scratch: Path) -> Outcome:
        reason = _precheck(course, assignment, student, notebook)
        if not reason:
            private_db = scratch / f"{student}.db"
            with lock:
                shutil.copy2(main_db, private_db)
            _forget(private_db, assignment, student)  # only this run's results may count
            try:
                done = _run(
                    ["autograde", assignment, "--student", student, "--force", f"--CourseDirectory.db_url=sqlite:///{private_db}"],
                    course, timeout=NBGRADER_TIMEOUT,
                )
                if _graded(private_db, assignment, student):
                    with lock:
                        _merge(private_db, main_db, assignment, student)
                    return Outcome(student, "graded")
                reason = "nbgrader could not grade the notebook: " + _last_error(done.stdout + done.stderr)
            except subprocess.TimeoutExpired:
                reason = f"autograding took longer than {NBGRADER_TIMEOUT} s"
        with lock:
            _record_zero(main_db, assignment, student, reason)
        return Outcome(student, "zero", reason)

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="nnfs-autograde-") as tmp, ThreadPoolExecutor(max(1, jobs)) as pool:
        futures = [pool.submit(one, s, Path(tmp)) for s in students]
        for future in _progress(as_completed(futures), len(futures), f"autograde {assignment}", progress):
            outcomes.append(future.result())
    outcomes.sort(key=lambda o: o.student)
    (course / f"autograde-{assignment}.json").write_text(json.dumps([asdict(o) for o in outcomes], indent=2) + "\n")
    return outcomes


def _last_error(log: str) -> str:
    lines = [l.strip() for l in log.splitlines() if "[ERROR]" in l or "Error" in l]
    return (lines[-1] if lines else "see nbgrader's log")[:300]


def _progress(iterable, total: int, description: str, enabled: bool):
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=description, unit="submission")


# ----------------------------------------------------------------------------- feedback and export


def feedback(course: Path, assignment: str) -> list[Path]:
    """``nbgrader generate_feedback`` (hidden tests removed); returns the feedback files."""
    course = Path(course)
    _check(_run(["generate_feedback", assignment, "--force"], course), "nbgrader generate_feedback")
    return sorted((course / "feedback").glob(f"*/{assignment}/*.html"))


def export(course: Path, csv_path: Path) -> Path:
    """``nbgrader export`` of every grade to a CSV file."""
    course = Path(course)
    csv_path = Path(csv_path).resolve()
    _check(_run(["export", f"--to={csv_path}"], course), "nbgrader export")
    return csv_path
