"""Build simulated student submissions: a folder holding an ``nnlib/`` package."""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder import registry
from autograder.registry import Exercise, Mistake

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "solutions" / "nnlib"
STUBS = REPO / "nnlib"


def copy_package(source: Path, root: Path) -> Path:
    """Copy a package folder to ``root/nnlib`` and return ``root``."""
    shutil.copytree(source, root / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def reference_submission(root: Path) -> Path:
    """A submission equal to the reference solution."""
    return copy_package(REFERENCE, root)


def append_to_module(root: Path, module: str, code: str) -> None:
    """Append code to ``root/nnlib/<module>.py`` (later definitions override earlier ones)."""
    path = root / "nnlib" / f"{module}.py"
    path.write_text(path.read_text() + "\n\n" + code.strip() + "\n")


def install_mistake(root: Path, exercise: Exercise, mistake: Mistake) -> None:
    """Make the reference copy in ``root`` commit ``mistake`` in ``exercise``."""
    code = mistake.source
    if "." in exercise.qualname:  # a method: define it, then put it on the class
        last = exercise.qualname.split(".")[-1]
        code += f"\n{exercise.top_name}.{last} = {last}\ndel {last}\n"
    append_to_module(root, exercise.module, code)


def all_mistakes():
    """(exercise, mistake) for every known mistake of the registry."""
    return [(e, m) for e in registry.EXERCISES for m in e.mistakes]
