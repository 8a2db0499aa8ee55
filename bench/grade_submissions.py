"""Benchmark: isolated grading of many submissions of one chapter, sequentially and in parallel.

Method. N synthetic submissions of one chapter are written to a temporary folder: copies of the
reference nnlib, a third of them with a known mistake of the chapter planted (from the registry's
catalogue), a sixth left as the untouched stubs. Each submission is graded with
``autograder.grader.grade(folder, chapters=[chapter])`` (one sandbox process per exercise). The
same set is graded once with one submission at a time and once with ``--jobs`` submissions at a
time (threads that each drive their own sandbox processes), after one warm-up grading. The
script prints wall-clock seconds per submission for both and the speed-up. It asserts nothing.

    .venv/bin/python bench/grade_submissions.py [--chapter 2] [--submissions 100] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder import grader, registry  # noqa: E402
from tests.submissions import STUBS, install_mistake, reference_submission  # noqa: E402


def make_submissions(root: Path, chapter: int, n: int) -> list[Path]:
    """``n`` submission folders: reference copies, some with a planted mistake, some stubs."""
    mistakes = [(e, m) for e in registry.for_chapter(chapter) for m in e.mistakes]
    folders = []
    for i in range(n):
        folder = root / f"student{i:03d}"
        if i % 6 == 5:
            folder.mkdir(parents=True)
            shutil.copytree(STUBS, folder / "nnlib")
        else:
            reference_submission(folder)
            if i % 3 == 1 and mistakes:
                install_mistake(folder, *mistakes[i % len(mistakes)])
        folders.append(folder)
    return folders


def grade_all(folders: list[Path], chapter: int, jobs: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda f: grader.grade(f, chapters=[chapter]), folders))
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", type=int, default=2)
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    exercises = registry.for_chapter(args.chapter)
    with tempfile.TemporaryDirectory(prefix="nnfs-bench-") as tmp:
        folders = make_submissions(Path(tmp), args.chapter, args.submissions)
        grader.grade(folders[0], chapters=[args.chapter])  # warm-up: reference outputs cached, files in page cache
        sequential = grade_all(folders, args.chapter, 1)
        parallel = grade_all(folders, args.chapter, args.jobs)
    n = len(folders)
    print("Isolated grading benchmark")
    print(f"  method: {n} submissions of chapter {args.chapter:02d} ({len(exercises)} exercises, one sandbox process "
          f"each); 1/6 stubs, 1/3 with a planted known mistake; graded after one warm-up, wall-clock time")
    print(f"  machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
    print(f"  {'mode':<22}{'total s':>10}{'s / submission':>16}")
    print(f"  {'sequential (1 job)':<22}{sequential:>10.2f}{sequential / n:>16.3f}")
    print(f"  {f'parallel ({args.jobs} jobs)':<22}{parallel:>10.2f}{parallel / n:>16.3f}")
    print(f"  speed-up: {sequential / parallel:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
