"""Small helpers shared by the case modules."""

import numpy as np


def rng(seed: int) -> np.random.Generator:
    """The generator a case builds its inputs with (each case has its own seed)."""
    return np.random.default_rng(seed)


def randn(seed: int, *shape: int) -> np.ndarray:
    """Standard-normal float64 array of ``shape`` from ``rng(seed)``."""
    return rng(seed).standard_normal(shape)
