"""Chapter 10 — learning-rate decay.

Each schedule is graded on a few epochs given one at a time as numbers (the result is a
number), on whole arrays of epochs (1-D and 2-D, the result has the epochs' shape) and on edge
cases (epoch 0, a rate of 0, non-integer epochs, epochs past the end of a cosine schedule).
"""

import numpy as np

from autograder.registry import Case, Exercise, Mistake


def _scalars(name: str, args, epochs, epoch_position: int):
    """Call the schedule once per epoch, given as a Python number, at ``epoch_position`` among ``args``."""

    def run(nn):
        f = getattr(nn.schedules, name)
        values = []
        for e in epochs:
            call = list(args)
            call.insert(epoch_position, e)
            values.append(f(*call))
        return {"lr": values}

    return run


def _array(name: str, args, epochs, epoch_position: int):
    """Call the schedule once on an array of epochs; report the result and the epochs after the call."""

    def run(nn):
        e = np.array(epochs, dtype=float)
        call = list(args)
        call.insert(epoch_position, e)
        return {"lr": getattr(nn.schedules, name)(*call), "epochs_after_call": e}

    return run


GRID = np.arange(0.0, 30.0)
GRID_2D = np.array([[0.0, 1.0, 2.0, 5.0], [7.0, 10.0, 19.0, 40.0]])

EXERCISES = [
    Exercise(
        "schedules.inverse_time_decay", chapter=10, number=1, equation="inverse-time-decay",
        cases=(
            Case("lr0 = 0.1, decay_rate = 0.5 at epochs 0, 1, 2, 10 (numbers)",
                 _scalars("inverse_time_decay", (0.1, 0.5), [0, 1, 2, 10], 2)),
            Case("lr0 = 0.01, decay_rate = 0.05 on epochs 0..29 (1-D array)",
                 _array("inverse_time_decay", (0.01, 0.05), GRID, 2)),
            Case("lr0 = 1, decay_rate = 2 on a 2-D array of epochs", _array("inverse_time_decay", (1.0, 2.0), GRID_2D, 2)),
            Case("decay_rate = 0 keeps lr0; non-integer epochs", _scalars("inverse_time_decay", (0.3, 0.0), [0, 3.5, 100], 2)),
        ),
        mistakes=(
            Mistake(
                "operator precedence",
                "lr0 / 1 + decay_rate * epoch divides by 1 only; the parentheses are part of the formula: "
                "lr0 / (1 + decay_rate * epoch) (eq. (inverse-time-decay), chapter 10)",
                "def inverse_time_decay(lr0, decay_rate, epoch):\n"
                "    return lr0 / 1 + decay_rate * epoch\n",
            ),
            Mistake(
                "power instead of product",
                "inverse-time decay divides by 1 + decay_rate * epoch, a linear function of the epoch, not by "
                "(1 + decay_rate) ** epoch (eq. (inverse-time-decay), chapter 10)",
                "def inverse_time_decay(lr0, decay_rate, epoch):\n"
                "    return lr0 / (1 + decay_rate) ** epoch\n",
            ),
            Mistake(
                "multiplied instead of divided",
                "the rate decreases as lr0 / (1 + decay_rate * epoch); lr0 * (1 + decay_rate * epoch) grows "
                "(eq. (inverse-time-decay), chapter 10)",
                "def inverse_time_decay(lr0, decay_rate, epoch):\n"
                "    return lr0 * (1 + decay_rate * epoch)\n",
            ),
        ),
    ),
    Exercise(
        "schedules.step_decay", chapter=10, number=2, equation="step-decay",
        cases=(
            Case("lr0 = 0.1, drop = 0.5, every = 10 at epochs 0, 9, 10, 25 (numbers)",
                 _scalars("step_decay", (0.1, 0.5, 10), [0, 9, 10, 25], 3)),
            Case("lr0 = 0.01, drop = 0.8, every = 4 on epochs 0..29 (1-D array)",
                 _array("step_decay", (0.01, 0.8, 4), GRID, 3)),
            Case("lr0 = 1, drop = 0.1, every = 5 on a 2-D array of epochs", _array("step_decay", (1.0, 0.1, 5), GRID_2D, 3)),
            Case("non-integer epochs 2.5, 2.99, 3, 6.5 with every = 3",
                 _scalars("step_decay", (0.2, 0.5, 3), [2.5, 2.99, 3.0, 6.5], 3)),
            Case("every = 1: one drop per epoch", _array("step_decay", (0.3, 0.9, 1), [0, 1, 2, 3], 3)),
        ),
        mistakes=(
            Mistake(
                "epoch / every not floored",
                "the rate drops in steps: the exponent is floor(epoch / every), an integer, so the rate is constant "
                "between drops: lr0 * drop ** np.floor(epoch / every) (eq. (step-decay), chapter 10)",
                "def step_decay(lr0, drop, every, epoch):\n"
                "    return lr0 * drop ** (epoch / every)\n",
            ),
            Mistake(
                "ceil instead of floor",
                "the first drop happens at epoch = every, not right after epoch 0: the exponent is floor(epoch / every) "
                "(eq. (step-decay), chapter 10)",
                "def step_decay(lr0, drop, every, epoch):\n"
                "    return lr0 * drop ** np.ceil(epoch / every)\n",
            ),
            Mistake(
                "product instead of power",
                "each drop multiplies the rate by drop, so after k drops it is lr0 * drop ** k with "
                "k = floor(epoch / every), not lr0 * drop * k (eq. (step-decay), chapter 10)",
                "def step_decay(lr0, drop, every, epoch):\n"
                "    return lr0 * drop * np.floor(epoch / every)\n",
            ),
        ),
    ),
    Exercise(
        "schedules.exponential_decay", chapter=10, number=3, equation="exponential-decay",
        cases=(
            Case("lr0 = 0.1, k = 0.1 at epochs 0, 1, 5, 20 (numbers)", _scalars("exponential_decay", (0.1, 0.1), [0, 1, 5, 20], 2)),
            Case("lr0 = 0.01, k = 0.05 on epochs 0..29 (1-D array)", _array("exponential_decay", (0.01, 0.05), GRID, 2)),
            Case("lr0 = 1, k = 0.3 on a 2-D array of epochs", _array("exponential_decay", (1.0, 0.3), GRID_2D, 2)),
            Case("k = 0 keeps lr0; non-integer epochs", _scalars("exponential_decay", (0.5, 0.0), [0, 2.5, 50], 2)),
        ),
        mistakes=(
            Mistake(
                "sign of the exponent",
                "with exp(+k * epoch) the rate grows; exponential decay is lr0 * exp(-k * epoch) "
                "(eq. (exponential-decay), chapter 10)",
                "def exponential_decay(lr0, k, epoch):\n"
                "    return lr0 * np.exp(k * epoch)\n",
            ),
            Mistake(
                "k used as a time constant",
                "k is the decay rate, multiplied by the epoch: lr0 * exp(-k * epoch), not lr0 * exp(-epoch / k) "
                "(eq. (exponential-decay), chapter 10)",
                "def exponential_decay(lr0, k, epoch):\n"
                "    return lr0 * np.exp(-epoch / k)\n",
            ),
            Mistake(
                "k ** epoch",
                "the factor per epoch is exp(-k), so the rate is lr0 * exp(-k * epoch), not lr0 * k ** epoch "
                "(eq. (exponential-decay), chapter 10)",
                "def exponential_decay(lr0, k, epoch):\n"
                "    return lr0 * k ** epoch\n",
            ),
        ),
    ),
    Exercise(
        "schedules.cosine_decay", chapter=10, number=4, equation="cosine-decay",
        cases=(
            Case("lr0 = 0.1, total_epochs = 10 at epochs 0, 2, 5, 10 (numbers)",
                 _scalars("cosine_decay", (0.1, 10), [0, 2, 5, 10], 1)),
            Case("lr0 = 0.05, total_epochs = 29, lr_min = 0.001 on epochs 0..29 (1-D array)",
                 _array("cosine_decay", (0.05, 29, 0.001), GRID, 1)),
            Case("lr0 = 1, total_epochs = 20, lr_min = 0.1 on a 2-D array of epochs, some past the end",
                 _array("cosine_decay", (1.0, 20, 0.1), GRID_2D, 1)),
            Case("epochs past total_epochs stay at lr_min", _scalars("cosine_decay", (0.2, 8, 0.02), [8, 9, 12.5, 100], 1)),
            Case("lr_min = lr0: constant rate", _scalars("cosine_decay", (0.3, 5, 0.3), [0, 1.5, 5], 1)),
        ),
        mistakes=(
            Mistake(
                "missing / 2",
                "(1 + cos(pi * epoch / total_epochs)) runs from 2 to 0: divide it by 2 so the rate goes from lr0 to "
                "lr_min: lr_min + (lr0 - lr_min) * (1 + cos(pi * epoch / total_epochs)) / 2 "
                "(eq. (cosine-decay), chapter 10)",
                "def cosine_decay(lr0, epoch, total_epochs, lr_min=0.0):\n"
                "    e = np.minimum(epoch, total_epochs)\n"
                "    return lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * e / total_epochs))\n",
            ),
            Mistake(
                "not clipped at total_epochs",
                "after total_epochs the cosine rises again; clip the epoch first, e = np.minimum(epoch, total_epochs), "
                "so the rate stays at lr_min (eq. (cosine-decay), chapter 10)",
                "def cosine_decay(lr0, epoch, total_epochs, lr_min=0.0):\n"
                "    return lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * epoch / total_epochs)) / 2\n",
            ),
            Mistake(
                "lr_min not subtracted",
                "the cosine term scales the distance to the floor, (lr0 - lr_min), not lr0; otherwise the rate starts "
                "at lr0 + lr_min (eq. (cosine-decay), chapter 10)",
                "def cosine_decay(lr0, epoch, total_epochs, lr_min=0.0):\n"
                "    e = np.minimum(epoch, total_epochs)\n"
                "    return lr_min + lr0 * (1 + np.cos(np.pi * e / total_epochs)) / 2\n",
            ),
            Mistake(
                "missing pi",
                "the cosine's argument is pi * epoch / total_epochs, so it runs over half a period, from cos(0) = 1 to "
                "cos(pi) = -1 (eq. (cosine-decay), chapter 10)",
                "def cosine_decay(lr0, epoch, total_epochs, lr_min=0.0):\n"
                "    e = np.minimum(epoch, total_epochs)\n"
                "    return lr_min + (lr0 - lr_min) * (1 + np.cos(e / total_epochs)) / 2\n",
            ),
        ),
    ),
]
