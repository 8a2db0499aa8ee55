"""The sandbox process: runs one exercise's cases (or checks) on a student's code.

Started by :mod:`autograder.sandbox` as ``python -I sandbox_worker.py WORKDIR``. It reads
``WORKDIR/job.json``, limits its own memory and CPU time, loads the student's code, runs the cases
and writes plain data back: ``result.json`` (statuses, errors, warnings) and ``result.npz``
(output arrays; the grader loads it without pickle). It never compares anything: verdicts are
made in the grader process, so nothing the student's code does here can change them.
"""

import json
import os
import resource
import sys
import traceback
import warnings
from pathlib import Path


def _limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def _drop_editable_finders() -> None:
    """Keep only sys.path lookups, so the reference package is not importable from the sandbox."""
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]


def describe_error(exc: BaseException, student_dir: str) -> str:
    """``"ValueError: ... (layers.py, line 12)"``, naming the deepest frame in the student's files."""
    if isinstance(exc, SystemExit):
        text = f"called sys.exit({exc.code!r})"
    elif isinstance(exc, MemoryError):
        text = "MemoryError: ran out of memory (the sandbox allows a limited amount; is an array far too large?)"
    else:
        text = f"{type(exc).__name__}: {exc}".strip()
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(student_dir):
            where = f" ({Path(frame.filename).name}, line {frame.lineno})"
    if len(text) > 400:
        text = text[:400] + "..."
    return text + where


def _load_graded_package(job: dict):
    """The package for grading: the chapter-stubbed reference with the student's objects installed."""
    import importlib
    import importlib.util

    import nnlib

    student_pkg = Path(job["student_nnlib"]) / "nnlib"
    nnlib.__path__.append(str(student_pkg))  # the student's own helper modules, if any
    module_name, top_name = job["module"], job["top_name"]
    path = student_pkg / f"{module_name}.py"
    if not path.is_file():
        raise FileNotFoundError(f"the submission has no nnlib/{module_name}.py")
    spec = importlib.util.spec_from_file_location(f"nnlib._student_{module_name}", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "nnlib"
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    if not hasattr(module, top_name):
        raise AttributeError(f"nnlib/{module_name}.py defines no {top_name}")
    target = importlib.import_module(f"nnlib.{module_name}")
    setattr(target, top_name, getattr(module, top_name))
    return nnlib


def _run_cases(job: dict, report: dict, arrays: dict) -> None:
    import numpy as np

    from autograder import outputs, registry

    exercise = registry.get(job["exercise"])
    nn = _load_graded_package(job)
    np.seterr(all="warn", under="ignore")  # underflow to 0 is harmless (exp(-1000) = 0)
    for index, case in enumerate(exercise.cases):
        entry = {"status": "ok", "error": "", "warnings": []}
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = case.run(nn)
            entry["warnings"] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})[:3]
            for path, value in outputs.flatten(result).items():
                arrays[f"{index}:{path}"] = value
        except BaseException as exc:  # the student's code may raise anything, SystemExit included
            entry = {"status": "error", "error": describe_error(exc, job["student_nnlib"]), "warnings": []}
        report["cases"].append(entry)


def _run_check(job: dict, report: dict) -> None:
    from dataclasses import asdict

    from autograder import checks

    import nnlib

    report["check"] = asdict(checks.run_check(job["exercise"], nn=nnlib))


def main(workdir: str) -> None:
    work = Path(workdir)
    job = json.loads((work / "job.json").read_text())
    _limit_resources(job["memory_bytes"], job["cpu_seconds"])
    _drop_editable_finders()
    sys.path[:0] = job["sys_path"]
    report = {"cases": [], "error": ""}
    arrays: dict = {}
    try:
        if job["mode"] == "check":
            _run_check(job, report)
        else:
            _run_cases(job, report, arrays)
    except BaseException as exc:
        report["error"] = describe_error(exc, job["student_nnlib"])
    import numpy as np

    np.savez(work / "result.tmp.npz", **arrays)
    os.replace(work / "result.tmp.npz", work / "result.npz")
    (work / "result.tmp.json").write_text(json.dumps(report))
    os.replace(work / "result.tmp.json", work / "result.json")


if __name__ == "__main__":
    main(sys.argv[1])
