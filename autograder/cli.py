"""Command line: ``python -m autograder {grade,check,stubs}``.

* ``grade --nnlib PATH [--chapter NN ...] [--json]`` — the instructor's isolated grading of the
  ``nnlib`` package in ``PATH`` against the reference (DESIGN's contract for scripts and graders).
* ``check [CHAPTER ...] [--nnlib PATH]`` — the student's progress view: every exercise's checks on
  their own ``nnlib`` (default: the ``nnlib`` of this repository), each in a sandbox.
* ``stubs [--check]`` — write ``nnlib/`` from ``solutions/nnlib/``, or verify it is in sync.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from autograder import registry, sandbox


def _chapter(value: str) -> int:
    try:
        return registry.parse_chapter(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _nnlib_folder(value: str) -> Path:
    path = Path(value)
    if not (path / "nnlib").is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} holds no nnlib/ package folder (give the folder that contains nnlib/)")
    return path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade a student's nnlib against the reference, in isolation")
    grade.add_argument("--nnlib", type=_nnlib_folder, required=True, help="folder holding the student's nnlib/ package")
    grade.add_argument("--chapter", type=_chapter, action="append", help="chapter to grade (repeatable; default all)")
    grade.add_argument("--json", action="store_true", help="print the JSON report instead of a table")
    grade.add_argument("--timeout", type=float, default=10.0, help="seconds per exercise (default 10)")
    grade.add_argument("--memory-mib", type=int, default=2048, help="memory per exercise in MiB (default 2048)")
    grade.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="sandboxes at once")

    check = sub.add_parser("check", help="run the student checks on your nnlib: your progress view")
    check.add_argument("chapters", nargs="*", type=_chapter, help="chapters to check (default all)")
    check.add_argument("--nnlib", type=_nnlib_folder, default=Path(__file__).resolve().parent.parent,
                       help="folder holding the nnlib/ to check (default: this repository)")
    check.add_argument("--timeout", type=float, default=20.0, help="seconds per exercise (default 20)")
    check.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="sandboxes at once")

    stubs = sub.add_parser("stubs", help="write nnlib/ from solutions/nnlib/ (or --check that it is in sync)")
    stubs.add_argument("--check", action="store_true", help="exit 1 if the committed stubs differ from the generated ones")
    return parser


def _table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers) - 1)]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row, widths)] + [str(row[-1])]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(headers[-1]))
    return "\n".join(lines)


def _grade(args) -> int:
    from autograder import grader

    limits = sandbox.Limits(seconds=args.timeout, memory_bytes=args.memory_mib * 1024**2)
    report = grader.grade(args.nnlib, chapters=args.chapter, limits=limits, jobs=args.jobs)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    rows = [
        (f"{registry.get(e['id']).chapter:02d}", e["id"], f"{e['points']:g}/{e['max_points']:g}", e["message"])
        for e in report["exercises"]
    ]
    print(_table(rows, ("ch", "exercise", "points", "message")))
    print(f"\ntotal: {report['points']:g} / {report['max_points']:g}")
    return 0


def _check(args) -> int:
    from autograder import progress

    results = progress.check_in_sandbox(args.nnlib, args.chapters or None, sandbox.Limits(seconds=args.timeout), args.jobs)
    rows = [
        (f"{registry.get(r['exercise']).chapter:02d}", r["exercise"], r["status"], r["message"]) for r in results
    ]
    print(_table(rows, ("ch", "exercise", "status", "details")))
    done = sum(r["status"] == "passed" for r in results)
    print(f"\n{done} of {len(results)} exercises pass their checks")
    return 0


def _stubs(args) -> int:
    from autograder import stubgen

    if args.check:
        diff = stubgen.differences()
        if diff:
            print("nnlib/ is out of sync with solutions/nnlib/: " + ", ".join(diff), file=sys.stderr)
            print("run: python -m autograder stubs", file=sys.stderr)
            return 1
        print("nnlib/ is in sync with solutions/nnlib/")
        return 0
    for path in stubgen.write():
        print(f"wrote {path.relative_to(stubgen.REPO)}")
    return 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    return {"grade": _grade, "check": _check, "stubs": _stubs}[args.command](args)
