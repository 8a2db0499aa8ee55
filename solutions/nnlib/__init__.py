"""nnlib: a small neural-network library written from scratch in NumPy.

Conventions (the same in every module and chapter):

* Column-major batches: an input batch ``X`` has shape ``(n_x, m)``, one example per column.
* ``W[l]`` has shape ``(n_l, n_{l-1})``, ``b[l]`` has shape ``(n_l, 1)``; ``Z = W @ A_prev + b``.
* float64 everywhere; randomness only through an explicit ``numpy.random.Generator``.
* ``dA``, ``dZ`` are per-example gradients; the average over the batch enters once, in
  ``dW = (1/m) dZ A_prev.T`` and ``db = (1/m) sum(dZ, axis=1)``.
* Forward functions return ``(output, cache)``; backward functions take ``(d_output, cache)``.

Submodules load on first use (``nnlib.layers``), so a mistake in one module never stops the
others from importing. Imports inside the package are relative, so the reference can be
loaded beside a student's copy.
"""

import importlib

__all__ = [
    "activations",
    "batchnorm",
    "data",
    "gradcheck",
    "initializers",
    "layers",
    "losses",
    "network",
    "neuron",
    "optimizers",
    "regularization",
    "schedules",
    "viz",
]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
