# Students: replace each `raise NotImplementedError(...)` below with your code.
# Generated from solutions/nnlib/schedules.py by `python -m autograder stubs`: maintainers edit the solution there.
"""Learning-rate decay (chapter 10).

Four schedules that give the learning rate of an epoch from the initial rate ``lr0``:
the seed's inverse-time decay ``lr0 / (1 + decay_rate * epoch)``, step decay, exponential
decay and cosine decay. Each accepts ``epoch`` as a number (and returns a float) or as an
array of epochs (and returns a float64 array of the same shape), so a whole schedule can be
plotted in one call. Assign the result to an optimizer's ``lr`` between epochs.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validate import as_float_array, check_positive_int, check_range


def _check_lr0(lr0) -> float:
    return check_range(lr0, "lr0", 0.0, np.inf, low_open=True, high_open=True)


def _check_epoch(epoch):
    """Return ``epoch`` as a Python float (for a number) or a float64 array; reject negative epochs."""
    if isinstance(epoch, numbers.Real) and not isinstance(epoch, bool):
        return check_range(epoch, "epoch", 0.0, np.inf, high_open=True)
    arr = as_float_array(epoch, "epoch")
    if arr.size and not (np.min(arr) >= 0.0 and np.max(arr) < np.inf):  # also rejects NaN
        raise ValueError(f"epoch must be >= 0 and finite, got values from {np.min(arr)} to {np.max(arr)}")
    if arr.ndim == 0:
        return float(arr)
    return arr


def inverse_time_decay(lr0, decay_rate, epoch):
    """Inverse-time decay (the seed's), eq. (inverse-time-decay) of chapter 10: ``lr0 / (1 + decay_rate * epoch)``.

    Args:
        lr0: initial learning rate, > 0.
        decay_rate: >= 0 (0 keeps the rate constant).
        epoch: epoch number >= 0, or an array of them (any shape).

    Returns:
        The learning rate: a float for a number ``epoch``, a float64 array of ``epoch``'s shape otherwise.

    Raises:
        ValueError: ``lr0 <= 0``, ``decay_rate < 0`` or a negative ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    decay_rate = check_range(decay_rate, "decay_rate", 0.0, np.inf, high_open=True)
    epoch = _check_epoch(epoch)
    raise NotImplementedError("implement nnlib.schedules.inverse_time_decay (chapter 10, exercise 1)")


def step_decay(lr0, drop, every, epoch):
    """Step decay, eq. (step-decay) of chapter 10: ``lr0 * drop ** floor(epoch / every)``.

    The rate is multiplied by ``drop`` once every ``every`` epochs (use ``np.floor`` so arrays work).

    Args:
        lr0: initial learning rate, > 0.
        drop: factor applied at each drop, in (0, 1].
        every: number of epochs between drops, int >= 1.
        epoch: epoch number >= 0, or an array of them (any shape).

    Returns:
        The learning rate: a float for a number ``epoch``, a float64 array of ``epoch``'s shape otherwise.

    Raises:
        ValueError: ``lr0 <= 0``, ``drop`` outside (0, 1], ``every`` not an int >= 1 or a negative ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    drop = check_range(drop, "drop", 0.0, 1.0, low_open=True)
    every = check_positive_int(every, "every")
    epoch = _check_epoch(epoch)
    raise NotImplementedError("implement nnlib.schedules.step_decay (chapter 10, exercise 2)")


def exponential_decay(lr0, k, epoch):
    """Exponential decay, eq. (exponential-decay) of chapter 10: ``lr0 * exp(-k * epoch)``.

    Args:
        lr0: initial learning rate, > 0.
        k: decay constant, >= 0.
        epoch: epoch number >= 0, or an array of them (any shape).

    Returns:
        The learning rate: a float for a number ``epoch``, a float64 array of ``epoch``'s shape otherwise.

    Raises:
        ValueError: ``lr0 <= 0``, ``k < 0`` or a negative ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    k = check_range(k, "k", 0.0, np.inf, high_open=True)
    epoch = _check_epoch(epoch)
    raise NotImplementedError("implement nnlib.schedules.exponential_decay (chapter 10, exercise 3)")


def cosine_decay(lr0, epoch, total_epochs, lr_min=0.0):
    """Cosine decay, eq. (cosine-decay) of chapter 10.

    ``lr_min + (lr0 - lr_min) * (1 + cos(pi * e / total_epochs)) / 2`` with
    ``e = np.minimum(epoch, total_epochs)``: ``lr0`` at epoch 0, the midpoint at
    ``total_epochs / 2``, ``lr_min`` at ``total_epochs`` and after.

    Args:
        lr0: initial learning rate, > 0.
        epoch: epoch number >= 0, or an array of them (any shape).
        total_epochs: length of the decay, > 0.
        lr_min: final learning rate, with ``0 <= lr_min <= lr0``.

    Returns:
        The learning rate: a float for a number ``epoch``, a float64 array of ``epoch``'s shape otherwise.

    Raises:
        ValueError: ``lr0 <= 0``, ``total_epochs <= 0``, ``lr_min`` outside [0, lr0] or a negative ``epoch``.
    """
    lr0 = _check_lr0(lr0)
    epoch = _check_epoch(epoch)
    total_epochs = check_range(total_epochs, "total_epochs", 0.0, np.inf, low_open=True, high_open=True)
    lr_min = check_range(lr_min, "lr_min", 0.0, lr0)
    raise NotImplementedError("implement nnlib.schedules.cosine_decay (chapter 10, exercise 4)")
