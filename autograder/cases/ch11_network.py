"""Chapter 11 — capstone."""

import numpy as np

from autograder.cases._common import randn, rng
from autograder.registry import Case, Exercise, Mistake

EXERCISES = [
    Exercise("network.MLP.forward", chapter=11, number=1, equation="mlp-forward", cases=()),
    Exercise("network.MLP.backward", chapter=11, number=2, equation="mlp-backward", cases=()),
    Exercise("network.MLP.fit", chapter=11, number=3, equation="mlp-fit", cases=()),
]
