"""The course's checking and grading.

* :mod:`autograder.checks` — checks students run on their own ``nnlib`` (no reference needed).
* :mod:`autograder.registry` — every exercise defined once: id, chapter, points, grading cases, known mistakes.
* :mod:`autograder.grader` — the instructor's isolated grading against the reference.
* :mod:`autograder.stubgen` — writes the student stubs ``nnlib/`` from ``solutions/nnlib``.

Command line: ``python -m autograder {check,grade,stubs}``.
"""
