"""Command line: ``python -m autograder {grade,check,stubs}``.

* ``grade --nnlib PATH [--chapter NN ...] [--json]`` — the instructor's isolated grading of the
  ``nnlib`` package in ``PATH`` against the reference (DESIGN's contract for scripts and graders).
* ``check [CHAPTER ...] [--nnlib PATH]`` — the student's progress view: every exercise's checks on
  their own ``nnlib`` (default: the ``nnlib`` of this repository), each in a sandbox.
* ``stubs [--check]`` — write ``nnlib/`` from ``solutions/nnlib/``, or verify it is in sync.
* ``course {assemble,release,collect,autograde,feedback,export}`` — the instructor's round with
  nbgrader (see :mod:`autograder.course`).
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

    course = sub.add_parser("course", help="the instructor's round with nbgrader, one step at a time")
    steps = course.add_subparsers(dest="step", required=True)
    for name, text in [
        ("assemble", "write the nbgrader course folder (config, source/<chapter>/ with notebook, stubs and checks)"),
        ("release", "nbgrader generate_assignment (and release_assignment with --exchange)"),
        ("collect", "bring submissions into submitted/<student>/<chapter>/"),
        ("autograde", "autograde every submission of a chapter in parallel, isolated verdicts"),
        ("feedback", "generate feedback (hidden tests removed)"),
        ("export", "export the gradebook to CSV"),
    ]:
        step = steps.add_parser(name, help=text)
        step.add_argument("--course", type=Path, required=True, help="the nbgrader course folder")
        if name not in ("assemble", "export"):
            step.add_argument("chapter", type=_assignment, help="chapter number or folder name, e.g. 2 or 02_activations")
    steps.choices["assemble"].add_argument("--cell-timeout", type=int, default=60, help="seconds per notebook cell at autograde")
    steps.choices["assemble"].add_argument("--exercise-timeout", type=float, default=10.0, help="seconds per exercise in the sandbox")
    steps.choices["release"].add_argument("--exchange", type=Path, help="nbgrader exchange root to release into")
    source = steps.choices["collect"].add_mutually_exclusive_group(required=True)
    source.add_argument("--from", dest="submissions", type=Path, help="folder with one folder per student")
    source.add_argument("--exchange", type=Path, help="nbgrader exchange root to collect from")
    steps.choices["autograde"].add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="submissions at once")
    steps.choices["export"].add_argument("--to", type=Path, default=Path("grades.csv"), help="CSV file to write")
    return parser


def _assignment(value: str) -> str:
    from autograder import course

    names = list(course.chapter_notebooks())
    if value in names:
        return value
    try:
        chapter = registry.parse_chapter(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    for name in names:
        if course.chapter_of(name) == chapter:
            return name
    raise argparse.ArgumentTypeError(f"chapter {value!r} has no notebook; chapters: {', '.join(names)}")


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


def _course(args) -> int:
    from autograder import course

    if args.step == "assemble":
        for name in course.assemble(args.course, cell_timeout=args.cell_timeout, exercise_timeout=args.exercise_timeout):
            print(f"source/{name}")
    elif args.step == "release":
        print(course.release(args.course, args.chapter, exchange=args.exchange))
    elif args.step == "collect":
        students = course.collect(args.course, args.chapter, submissions=args.submissions, exchange=args.exchange)
        print(f"collected {len(students)} submissions of {args.chapter}")
    elif args.step == "autograde":
        outcomes = course.autograde(args.course, args.chapter, jobs=args.jobs)
        zeros = [o for o in outcomes if o.status != "graded"]
        print(f"graded {len(outcomes) - len(zeros)} of {len(outcomes)} submissions of {args.chapter}")
        for o in zeros:
            print(f"  zero for {o.student}: {o.reason}")
    elif args.step == "feedback":
        files = course.feedback(args.course, args.chapter)
        print(f"wrote {len(files)} feedback files under {args.course / 'feedback'}")
    elif args.step == "export":
        print(f"wrote {course.export(args.course, args.to)}")
    return 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    return {"grade": _grade, "check": _check, "stubs": _stubs, "course": _course}[args.command](args)
