"""Benchmark: a clean build of the book, then a rebuild with nothing changed.

Method. The working tree of the repository is copied into a fresh temporary folder, leaving out
``.git``, ``.venv``, the build output ``_build`` (which also holds Jupyter Book's execution cache
``.jupyter_cache``), any top-level ``.jupyter_cache`` and Python/pytest caches, so the first build
starts from nothing: every page is parsed and every notebook executed. The build command is the
one of ``make book``::

    jupyter-book build <copy> --warningiserror --nitpick --keep-going

run with the ``jupyter-book`` of the Python that runs this script (the project's ``.venv``). The
same command is then run a second time on the same copy with nothing changed: Sphinx finds no
outdated page and the execution cache holds every notebook, so this measures the cost of an
incremental rebuild. Each build is timed with ``time.perf_counter`` around the subprocess; its
output goes to ``build-1.log`` or ``build-2.log`` beside the copy (outside the book's sources), and a
failing build stops the script with that log's tail. The copy is deleted at the end unless ``--keep``.

Usage (from the repository root)::

    .venv/bin/python bench/book_build.py [--keep]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]  # as in the Makefile's book target
IGNORED = (".git", ".venv", "_build", ".jupyter_cache", "__pycache__", ".pytest_cache", "*.egg-info",
           ".ipynb_checkpoints", "node_modules")


def jupyter_book():
    """Path of the ``jupyter-book`` command beside this Python, else the one on PATH."""
    candidate = Path(sys.executable).parent / "jupyter-book"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("jupyter-book")
    if found is None:
        sys.exit("jupyter-book not found: run `make book` once to create .venv, then use .venv/bin/python")
    return found


def fresh_copy(dest):
    """Copy the working tree into ``dest`` without build outputs, caches or the virtual environment."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)
    return dest


def book_contents(book):
    """What was built: ``(HTML pages in _build/html without genindex and search, notebooks under chapters/)``."""
    html = book / "_build" / "html"
    pages = [p for p in html.rglob("*.html") if p.name not in ("genindex.html", "search.html") and "_static" not in p.parts]
    return len(pages), len(list((book / "chapters").rglob("*.ipynb")))


def pages_rewritten(log):
    """Number of source files Sphinx found out of date in a build log (``"?"`` if the line is missing)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", Path(log).read_text())  # Sphinx colours its output
    found = re.search(r"building \[html\]: targets for (\d+) source files", text)
    return found.group(1) if found else "?"


def executions(log):
    """``[(notebook name, seconds)]`` for each notebook that myst-nb executed in a build."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", Path(log).read_text())
    return [(Path(path).stem, float(sec)) for path, sec in
            re.findall(r"^(\S+\.ipynb): Executed notebook in ([\d.]+) seconds", text, flags=re.M)]


def timed_build(command, log):
    """Run one build, its output into ``log``; return the seconds it took (exit on failure)."""
    start = time.perf_counter()
    with open(log, "w") as out:
        result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        tail = Path(log).read_text().splitlines()[-30:]
        sys.exit(f"build failed (exit {result.returncode}); last lines of {log} (--keep keeps it):\n" + "\n".join(tail))
    return seconds


def _load():
    """The 1-minute load average (other work on the machine slows a build down), or "n/a"."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "n/a"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    load_before = _load()
    workdir = Path(tempfile.mkdtemp(prefix="nnfs-book-bench-"))
    book = fresh_copy(workdir / "book")
    command = [jupyter_book(), "build", str(book), *BUILD_FLAGS]
    try:
        clean = timed_build(command, workdir / "build-1.log")
        rebuild = timed_build(command, workdir / "build-2.log")
        pages, notebooks = book_contents(book)
        version = subprocess.run([command[0], "--version"], capture_output=True, text=True).stdout
        jb_version = next((line.split(":")[-1].strip() for line in version.splitlines() if "Jupyter Book" in line), "?")
        print("Method")
        print(f"  copy of the working tree of {ROOT} into {book} without .git, .venv, _build, caches")
        print(f"  command (as `make book`): jupyter-book build <copy> {' '.join(BUILD_FLAGS)}")
        print(f"  book: {pages} HTML page(s) built, {notebooks} chapter notebook(s) under chapters/")
        print(f"  machine: {os.cpu_count()} logical CPU(s), {platform.machine()}; Python {platform.python_version()}, "
              f"Jupyter Book {jb_version}; load average before / after: {load_before} / {_load()}")
        print()
        print(f"{'build':42s} {'seconds':>8s} {'pages out of date':>18s}")
        print(f"{'clean (fresh copy, no _build, no cache)':42s} {clean:8.1f} {pages_rewritten(workdir / 'build-1.log'):>18s}")
        print(f"{'rebuild with nothing changed':42s} {rebuild:8.1f} {pages_rewritten(workdir / 'build-2.log'):>18s}")
        for label, log in (("clean build", "build-1.log"), ("rebuild", "build-2.log")):
            runs = executions(workdir / log)
            if runs:
                name, slowest = max(runs, key=lambda r: r[1])
                print(f"  {label}: {len(runs)} notebook(s) executed, {sum(r[1] for r in runs):.1f} s in all "
                      f"(slowest: {name}, {slowest:.1f} s)")
            else:
                print(f"  {label}: no notebook executed")
    finally:
        if args.keep:
            print(f"\nkept: {book} (build logs beside it: {workdir}/build-1.log, build-2.log)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
