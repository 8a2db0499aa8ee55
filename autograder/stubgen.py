"""Write the student stubs ``nnlib/`` from the reference ``solutions/nnlib/``.

Inside each exercise the student's part stands between ``### BEGIN SOLUTION`` and
``### END SOLUTION``. The generator replaces each such region with
``raise NotImplementedError("implement nnlib.<id> (chapter NN, exercise K)")`` at the region's
indentation and keeps everything else (docstrings, signatures, input checks, modules without
exercises) unchanged. Every region must belong to an exercise of :mod:`autograder.registry` and
every exercise must have exactly one region, so the registry and the reference cannot drift.

The grader uses the same transformation with ``chapters=`` to build a package that is the
reference everywhere except the chapter being graded.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from autograder import registry

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
REPO = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO / "solutions" / "nnlib"
STUBS_DIR = REPO / "nnlib"

HEADER = (
    "# Generated from solutions/nnlib/{name} by `python -m autograder stubs`: maintainers edit the solution there.\n"
)
EXERCISE_HEADER = "# Students: replace each `raise NotImplementedError(...)` below with your code.\n"


class StubError(ValueError):
    """The reference's markers and the registry disagree."""


def _enclosing_names(tree: ast.Module) -> list[tuple[int, int, str]]:
    """(first line, last line, qualname) of every function and method, innermost last."""
    spans: list[tuple[int, int, str]] = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    spans.append((child.lineno, child.end_lineno, name))
                visit(child, name + ".")

    visit(tree, "")
    return sorted(spans)  # outer before inner, so the last match is the innermost


def find_regions(source: str, module: str) -> list[tuple[int, int, str]]:
    """Solution regions of a module as (begin line index, end line index, exercise id), 0-based."""
    lines = source.splitlines()
    spans = _enclosing_names(ast.parse(source))
    regions, begin = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == BEGIN:
            if begin is not None:
                raise StubError(f"{module}.py:{i + 1}: nested {BEGIN}")
            begin = i
        elif stripped == END:
            if begin is None:
                raise StubError(f"{module}.py:{i + 1}: {END} without {BEGIN}")
            # the region's first statement (the line after BEGIN) lies inside its function
            owners = [name for first, last, name in spans if first <= begin + 2 <= last]
            if not owners:
                raise StubError(f"{module}.py:{begin + 1}: solution region outside any function")
            regions.append((begin, i, f"{module}.{owners[-1]}"))
            begin = None
    if begin is not None:
        raise StubError(f"{module}.py:{begin + 1}: {BEGIN} without {END}")
    return regions


def stub_source(source: str, module: str, chapters: set[int] | None = None) -> str:
    """The stub of one module's source; only exercises of ``chapters`` when given."""
    lines = source.splitlines(keepends=True)
    out, cursor = [], 0
    for begin, end, exercise_id in find_regions(source, module):
        exercise = registry.get(exercise_id)
        if chapters is not None and exercise.chapter not in chapters:
            continue
        indent = re.match(r"\s*", lines[begin]).group(0)
        out.extend(lines[cursor:begin])
        out.append(f'{indent}raise NotImplementedError("{registry.stub_message(exercise)}")\n')
        cursor = end + 1
    out.extend(lines[cursor:])
    return "".join(out)


def generate(src: Path = REFERENCE_DIR, chapters: set[int] | None = None, header: bool = True) -> dict[str, str]:
    """File name -> stub text for every ``.py`` of the reference package.

    Raises:
        StubError: a region outside the registry, or an exercise without exactly one region.
    """
    files, seen = {}, []
    for path in sorted(Path(src).glob("*.py")):
        source = path.read_text()
        regions = find_regions(source, path.stem)
        seen.extend(exercise_id for _, _, exercise_id in regions)
        text = stub_source(source, path.stem, chapters)
        if header:
            text = (EXERCISE_HEADER if regions else "") + HEADER.format(name=path.name) + text
        files[path.name] = text
    expected = [e.id for e in registry.EXERCISES]
    missing = sorted(set(expected) - set(seen))
    repeated = sorted({x for x in seen if seen.count(x) > 1})
    if missing or repeated:
        raise StubError(f"exercises without a solution region: {missing}; with several: {repeated}")
    return files


def write(dst: Path = STUBS_DIR, src: Path = REFERENCE_DIR, chapters: set[int] | None = None, header: bool = True) -> list[Path]:
    """Write the stubs into ``dst`` (created if needed) and return the paths written.

    Python files in ``dst`` that no longer exist in the reference are removed.
    """
    dst = Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    files = generate(src, chapters, header)
    for stale in dst.glob("*.py"):
        if stale.name not in files:
            stale.unlink()
    written = []
    for name, text in files.items():
        target = dst / name
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
        written.append(target)
    return written


def differences(dst: Path = STUBS_DIR, src: Path = REFERENCE_DIR) -> list[str]:
    """Names of files whose committed stub differs from what the generator makes (missing/extra included)."""
    files = generate(src)
    present = {p.name for p in Path(dst).glob("*.py")}
    diff = sorted(name for name, text in files.items() if name not in present or (Path(dst) / name).read_text() != text)
    return diff + sorted(present - set(files))
