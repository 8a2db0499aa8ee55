"""Every graded exercise, defined once.

An :class:`Exercise` names the function or method a student implements (``"layers.linear_backward"``,
``"optimizers.Adam.step"``), its chapter and number, its points, the equation it implements, the
grading :class:`Case` s and the catalogue of known :class:`Mistake` s. The stub generator, the
grader, the student checks and the tests all read this registry; the per-chapter definitions live
in :mod:`autograder.cases`.

A case is a *scenario*: a function ``run(nn) -> outputs`` that builds its inputs with its own seeded
generator, calls ``nn.<module>.<name>`` and returns a dict of arrays and numbers. The same scenario
runs on the student's code inside the sandbox and on the reference in the grader, so inputs never
cross the process boundary and the two sides cannot drift apart.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

CHAPTERS: dict[int, str] = {
    1: "neuron",
    2: "activations",
    3: "forward pass",
    4: "backpropagation",
    5: "losses",
    6: "initialization",
    7: "optimizers",
    8: "regularization",
    9: "batch normalization",
    10: "learning-rate decay",
    11: "capstone",
}

_CASE_MODULES = [
    "ch01_neuron",
    "ch02_activations",
    "ch03_forward",
    "ch04_backprop",
    "ch05_losses",
    "ch06_initialization",
    "ch07_optimizers",
    "ch08_regularization",
    "ch09_batchnorm",
    "ch10_schedules",
    "ch11_network",
]


@dataclass(frozen=True)
class Case:
    """One grading scenario.

    Attributes:
        name: what the case exercises, shown to the student ("ReLU at exactly 0").
        run: ``run(nn) -> dict`` calling the exercise through the package object ``nn``.
        weight: share of the exercise's points carried by this case.
        rtol, atol: tolerances of the comparison with the reference.
    """

    name: str
    run: Callable[[Any], dict]
    weight: float = 1.0
    rtol: float = 1e-6
    atol: float = 1e-9


@dataclass(frozen=True)
class Mistake:
    """A typical wrong solution and the message that explains it.

    ``source`` is the mistaken code as a student would write it: a definition of the exercise's
    last name (the function, or the method for ``Class.method`` exercises). The grader runs it on
    the same cases and, when a student's outputs match it, shows ``message``; the tests build
    whole submissions from it.
    """

    name: str
    message: str
    source: str


@dataclass(frozen=True)
class Exercise:
    """A function or method students implement, with how it is graded."""

    id: str
    chapter: int
    number: int
    equation: str
    cases: tuple[Case, ...]
    points: float = 1.0
    mistakes: tuple[Mistake, ...] = field(default_factory=tuple)

    @property
    def module(self) -> str:
        """Module of nnlib holding the exercise ("layers")."""
        return self.id.split(".")[0]

    @property
    def qualname(self) -> str:
        """Name inside the module ("linear_backward", "Adam.step")."""
        return self.id.split(".", 1)[1]

    @property
    def top_name(self) -> str:
        """Top-level object of the module that holds the exercise ("Adam" for "Adam.step")."""
        return self.qualname.split(".")[0]

    @property
    def label(self) -> str:
        """How messages refer to it: "nnlib.layers.linear_backward (chapter 04, exercise 1)"."""
        return f"nnlib.{self.id} (chapter {self.chapter:02d}, exercise {self.number})"

    @property
    def reference_text(self) -> str:
        """Where to reread: "eq. (linear-backward), chapter 04"."""
        return f"eq. ({self.equation}), chapter {self.chapter:02d}"


def _load() -> tuple[Exercise, ...]:
    exercises: list[Exercise] = []
    for name in _CASE_MODULES:
        module = importlib.import_module(f"autograder.cases.{name}")
        exercises.extend(module.EXERCISES)
    ids = [e.id for e in exercises]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate exercise ids in the registry: {ids}")
    return tuple(exercises)


EXERCISES: tuple[Exercise, ...] = _load()
_BY_ID = {e.id: e for e in EXERCISES}


def get(exercise_id: str) -> Exercise:
    """The exercise with this id; ValueError listing the known ids otherwise."""
    try:
        return _BY_ID[exercise_id]
    except KeyError:
        raise ValueError(f"unknown exercise {exercise_id!r}; known: {', '.join(_BY_ID)}") from None


def parse_chapter(value) -> int:
    """``4``, ``"4"``, ``"04"`` -> 4; ValueError for anything that is not a chapter of the course."""
    try:
        chapter = int(str(value))
    except ValueError:
        chapter = -1
    if chapter not in CHAPTERS:
        raise ValueError(f"unknown chapter {value!r}; expected a number from 1 to {max(CHAPTERS)}")
    return chapter


def for_chapter(chapter) -> tuple[Exercise, ...]:
    """Exercises of one chapter, in order."""
    chapter = parse_chapter(chapter)
    return tuple(e for e in EXERCISES if e.chapter == chapter)


def stub_message(exercise: Exercise) -> str:
    """What a stub raises: "implement nnlib.activations.relu (chapter 02, exercise 1)"."""
    return f"implement {exercise.label}"
