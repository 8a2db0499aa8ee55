"""Run student code in a separate, limited process and read back plain data.

One process per exercise: a hang, a crash, ``os._exit`` or a runaway allocation costs only that
exercise. The process gets a wall-clock limit (enforced here by killing its whole process group),
an address-space limit and a CPU-time limit (set by the worker on itself before any student code
runs), a minimal environment, and a ``sys.path`` that holds the package under test and the grader's
case definitions but not the reference solutions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WORKER = Path(__file__).resolve().parent / "sandbox_worker.py"
AUTOGRADER_DIR = Path(__file__).resolve().parent
_PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


@dataclass(frozen=True)
class Limits:
    """Per-exercise limits of a sandbox process."""

    seconds: float = 10.0
    memory_bytes: int = 2 * 1024**3

    def __post_init__(self):
        if not self.seconds > 0:
            raise ValueError(f"time limit must be positive seconds, got {self.seconds!r}")
        if self.memory_bytes < 256 * 1024**2:
            raise ValueError(f"memory limit must be at least 256 MiB, got {self.memory_bytes} bytes")


@dataclass
class Outcome:
    """What came back from one sandbox run.

    ``failure`` is empty when the worker reported; otherwise it says why nothing (usable) came back,
    and ``report``/``arrays`` are empty.
    """

    failure: str = ""
    report: dict = field(default_factory=dict)
    arrays: dict = field(default_factory=dict)


def library_dir(root: Path) -> Path:
    """A folder holding only a link to the grader package, so the sandbox can import the cases."""
    lib = Path(root) / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    link = lib / "autograder"
    if not link.exists():
        link.symlink_to(AUTOGRADER_DIR, target_is_directory=True)
    return lib


def _environment() -> dict:
    env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
    env.update(
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        MPLBACKEND="Agg",
    )
    return env


def run(job: dict, limits: Limits) -> Outcome:
    """Run ``job`` (see :mod:`autograder.sandbox_worker`) in a fresh limited process."""
    with tempfile.TemporaryDirectory(prefix="nnfs-sandbox-") as tmp:
        work = Path(tmp)
        job = dict(job, memory_bytes=int(limits.memory_bytes), cpu_seconds=int(limits.seconds) + 2)
        (work / "job.json").write_text(json.dumps(job))
        with open(work / "stdout.txt", "wb") as out, open(work / "stderr.txt", "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-I", str(WORKER), str(work)],
                cwd=work,
                env=_environment(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            try:
                code = proc.wait(timeout=limits.seconds)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                return Outcome(failure=f"did not finish within {limits.seconds:g} s (an endless loop?)")
            finally:
                _kill_group(proc)  # children the student's code may have left behind
        return _read(work, code)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _read(work: Path, code: int) -> Outcome:
    report_path, arrays_path = work / "result.json", work / "result.npz"
    if not report_path.exists() or not arrays_path.exists():
        if code < 0:
            reason = f"the process was killed by signal {signal.Signals(-code).name}"
            if -code in (signal.SIGKILL, signal.SIGXCPU):
                reason += " (CPU time or memory limit?)"
        else:
            reason = f"the process exited with code {code} before reporting (os._exit or a crash in the code?)"
        return Outcome(failure=reason)
    try:
        report = json.loads(report_path.read_text())
        with np.load(arrays_path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (ValueError, OSError, KeyError) as exc:
        return Outcome(failure=f"the sandbox's report was unreadable ({type(exc).__name__})")
    if not isinstance(report, dict) or not isinstance(report.get("cases", []), list):
        return Outcome(failure="the sandbox's report was malformed")
    return Outcome(report=report, arrays=arrays)
