"""The student's progress view: every exercise's checks on their own nnlib, each in a sandbox.

In a notebook ``autograder.checks.check(...)`` runs the checks in the kernel itself; from the
command line each exercise runs in its own limited process, so an endless loop or a crash in one
exercise shows up as that exercise's status instead of stopping the whole view.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import registry, sandbox


def check_in_sandbox(nnlib_path, chapters=None, limits: sandbox.Limits = sandbox.Limits(seconds=20.0), jobs: int = 1):
    """Run the checks of ``chapters`` (default all) on the ``nnlib`` in ``nnlib_path``.

    Returns:
        One dict per exercise, in course order: ``{"exercise", "status", "message", "checks_run"}`` with
        ``status`` one of "passed", "failed", "not implemented", "blocked", "error".
    """
    root = Path(nnlib_path).resolve()
    wanted = {registry.parse_chapter(c) for c in chapters} if chapters else set(registry.CHAPTERS)
    exercises = [e for e in registry.EXERCISES if e.chapter in wanted]
    with tempfile.TemporaryDirectory(prefix="nnfs-check-") as tmp:
        lib = sandbox.library_dir(Path(tmp))

        def one(exercise):
            job = {"mode": "check", "exercise": exercise.id, "student_nnlib": str(root), "sys_path": [str(root), str(lib)]}
            outcome = sandbox.run(job, limits)
            problem = outcome.failure or outcome.report.get("error", "")
            check = outcome.report.get("check")
            if problem or not isinstance(check, dict):
                return {"exercise": exercise.id, "status": "error", "message": problem or "no result", "checks_run": 0}
            return {key: check.get(key) for key in ("exercise", "status", "message", "checks_run")}

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            return list(pool.map(one, exercises))
