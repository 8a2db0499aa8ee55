"""Datasets and batching used in every chapter (given, not exercises).

Small two-dimensional datasets made in code (``make_moons``, ``make_spirals``,
``make_blobs``), the 8x8 handwritten digits that scikit-learn ships (``load_digits``, no
download), and the helpers ``one_hot``, ``train_test_split`` and ``minibatches``. Everything
is column-major like the rest of ``nnlib``: ``X`` has shape ``(n_x, m)``, one example per
column, and labels ``y`` have shape ``(m,)``. The generators take the random generator
``rng`` as their last required argument (``make_moons(m, rng, noise=0.1)``), so the same
seed always gives the same data.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_positive_int, check_range, check_rng


def _split_counts(m: int, n_classes: int) -> np.ndarray:
    """Examples per class: ``m // n_classes`` each, the first ``m % n_classes`` classes get one more."""
    counts = np.full(n_classes, m // n_classes)
    counts[: m % n_classes] += 1
    return counts


def _shuffle(X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    perm = rng.permutation(y.shape[0])
    return np.ascontiguousarray(X[:, perm]), y[perm]


def make_moons(m, rng, noise=0.1):
    """Two interleaving half circles (binary classification).

    Class 0 lies on the upper half circle ``(cos t, sin t)``, class 1 on the lower one
    ``(1 - cos t, 0.5 - sin t)``, ``t`` evenly spaced in ``[0, pi]``; Gaussian noise of
    standard deviation ``noise`` is added to both coordinates and the columns are shuffled.

    Args:
        m: number of examples, int >= 2 (``ceil(m/2)`` of class 0, ``floor(m/2)`` of class 1).
        rng: ``numpy.random.Generator``.
        noise: standard deviation of the noise, >= 0.

    Returns:
        ``(X, y)``: ``X`` float64 of shape ``(2, m)``, ``y`` int64 of shape ``(m,)`` with values in {0, 1}.

    Raises:
        ValueError: ``m`` not an int >= 2, ``noise < 0`` or ``rng`` not a Generator.
    """
    m = check_positive_int(m, "m", minimum=2)
    check_rng(rng)
    noise = check_range(noise, "noise", 0.0, np.inf, high_open=True)
    m0, m1 = _split_counts(m, 2)
    t0 = np.linspace(0.0, np.pi, m0)
    t1 = np.linspace(0.0, np.pi, m1)
    X = np.empty((2, m))
    X[0, :m0], X[1, :m0] = np.cos(t0), np.sin(t0)
    X[0, m0:], X[1, m0:] = 1.0 - np.cos(t1), 0.5 - np.sin(t1)
    X += noise * rng.standard_normal((2, m))
    y = np.repeat(np.arange(2), [m0, m1])
    return _shuffle(X, y, rng)


def make_spirals(m, rng, n_classes=3, noise=0.2):
    """Interleaved spiral arms, one per class (the classic "spiral" toy problem).

    Class ``k`` has points at radius ``r`` evenly spaced in ``[0, 1]`` and angle
    ``theta = 4 k + 4 r + noise * N(0, 1)``; the point is ``(r sin theta, r cos theta)``.
    Columns are shuffled.

    Args:
        m: number of examples, int >= ``n_classes`` (split as evenly as possible).
        rng: ``numpy.random.Generator``.
        n_classes: number of arms, int >= 2.
        noise: standard deviation of the angle noise, >= 0.

    Returns:
        ``(X, y)``: ``X`` float64 of shape ``(2, m)``, ``y`` int64 of shape ``(m,)`` in ``{0, ..., n_classes - 1}``.

    Raises:
        ValueError: ``n_classes`` not an int >= 2, ``m`` not an int >= ``n_classes``,
            ``noise < 0`` or ``rng`` not a Generator.
    """
    n_classes = check_positive_int(n_classes, "n_classes", minimum=2)
    m = check_positive_int(m, "m", minimum=n_classes)
    check_rng(rng)
    noise = check_range(noise, "noise", 0.0, np.inf, high_open=True)
    counts = _split_counts(m, n_classes)
    y = np.repeat(np.arange(n_classes), counts)
    r = np.concatenate([np.linspace(0.0, 1.0, c) for c in counts])
    theta = 4.0 * y + 4.0 * r + noise * rng.standard_normal(m)
    X = np.stack([r * np.sin(theta), r * np.cos(theta)])
    return _shuffle(X, y, rng)


def make_blobs(m, rng, n_classes=3, spread=1.0):
    """Gaussian blobs, one per class, centred on a circle of radius 3.

    Class ``k`` is centred at ``3 (cos(2 pi k / n_classes), sin(2 pi k / n_classes))`` with
    isotropic standard deviation ``spread``. Columns are shuffled.

    Args:
        m: number of examples, int >= ``n_classes`` (split as evenly as possible).
        rng: ``numpy.random.Generator``.
        n_classes: number of blobs, int >= 2.
        spread: standard deviation around each centre, >= 0.

    Returns:
        ``(X, y)``: ``X`` float64 of shape ``(2, m)``, ``y`` int64 of shape ``(m,)`` in ``{0, ..., n_classes - 1}``.

    Raises:
        ValueError: ``n_classes`` not an int >= 2, ``m`` not an int >= ``n_classes``,
            ``spread < 0`` or ``rng`` not a Generator.
    """
    n_classes = check_positive_int(n_classes, "n_classes", minimum=2)
    m = check_positive_int(m, "m", minimum=n_classes)
    check_rng(rng)
    spread = check_range(spread, "spread", 0.0, np.inf, high_open=True)
    y = np.repeat(np.arange(n_classes), _split_counts(m, n_classes))
    angles = 2.0 * np.pi * np.arange(n_classes) / n_classes
    centres = 3.0 * np.stack([np.cos(angles), np.sin(angles)])  # (2, n_classes)
    X = centres[:, y] + spread * rng.standard_normal((2, m))
    return _shuffle(X, y, rng)


def load_digits():
    """The 8x8 handwritten digits bundled with scikit-learn (1797 images, no download).

    Returns:
        ``(X, y)``: ``X`` float64 of shape ``(64, 1797)`` with values in [0, 1] (pixel / 16),
        one flattened image per column; ``y`` int64 of shape ``(1797,)`` with the digits 0-9.
    """
    from sklearn.datasets import load_digits as _sk_load_digits

    digits = _sk_load_digits()
    X = np.ascontiguousarray(digits.data.T, dtype=np.float64) / 16.0
    y = np.asarray(digits.target, dtype=np.int64)
    return X, y


def _check_labels(y, name: str = "y") -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (m,), got shape {y.shape}")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    return y


def one_hot(y, n_classes=None):
    """One-hot encode integer labels as columns.

    Args:
        y: labels, shape ``(m,)``, integers in ``[0, n_classes)``.
        n_classes: number of classes, int >= 1; default ``max(y) + 1``.

    Returns:
        float64 array of shape ``(n_classes, m)`` with ``Y[y[i], i] = 1`` and zeros elsewhere.

    Raises:
        ValueError: ``y`` is not 1-D integer, ``n_classes`` is not an int >= 1, or a label is outside ``[0, n_classes)``.
    """
    y = _check_labels(y)
    m = y.shape[0]
    if n_classes is None:
        n_classes = int(y.max()) + 1 if m else 1
    n_classes = check_positive_int(n_classes, "n_classes")
    if m and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"labels must lie in [0, n_classes) = [0, {n_classes}), got values from {y.min()} to {y.max()}")
    Y = np.zeros((n_classes, m))
    Y[y, np.arange(m)] = 1.0
    return Y


def _check_xy(X, Y, y_name: str):
    X = as_float_array(X, "X", ndim=2)
    Y = np.asarray(Y)
    if Y.ndim not in (1, 2) or Y.shape[-1] != X.shape[1]:
        raise ValueError(
            f"{y_name} must have shape (m,) or (k, m) with m = {X.shape[1]} (the columns of X), got {Y.shape}"
        )
    return X, Y


def train_test_split(X, y, test_fraction, rng):
    """Split the columns (examples) of ``X`` and ``y`` at random into a training and a test part.

    ``perm = rng.permutation(m)`` (one call); the first ``n_test = ceil(test_fraction * m)``
    indices of ``perm`` form the test set, the others the training set, both in ``perm``'s order.

    Args:
        X: inputs, shape ``(n_x, m)``.
        y: labels or targets, shape ``(m,)`` or ``(k, m)``.
        test_fraction: fraction of the examples in the test set, in (0, 1); both parts must be non-empty.
        rng: ``numpy.random.Generator``.

    Returns:
        ``(X_train, X_test, y_train, y_test)`` with shapes ``(n_x, m - n_test)``, ``(n_x, n_test)``
        and ``y``'s leading shape with ``m - n_test`` and ``n_test`` columns.

    Raises:
        ValueError: shapes disagree, ``test_fraction`` outside (0, 1) or leaving a part empty, or ``rng`` not a Generator.
    """
    X, y = _check_xy(X, y, "y")
    test_fraction = check_range(test_fraction, "test_fraction", 0.0, 1.0, low_open=True, high_open=True)
    check_rng(rng)
    m = X.shape[1]
    n_test = int(np.ceil(test_fraction * m))
    if not 1 <= n_test <= m - 1:
        raise ValueError(
            f"test_fraction={test_fraction} of m={m} examples gives {n_test} test and {m - n_test} training examples; both must be >= 1"
        )
    perm = rng.permutation(m)
    test, train = perm[:n_test], perm[n_test:]
    return X[:, train], X[:, test], y[..., train], y[..., test]


def minibatches(X, Y, batch_size, rng=None):
    """Split the columns of ``X`` and ``Y`` into mini-batches.

    With ``rng``, the columns are shuffled by ONE call ``perm = rng.permutation(m)``, made
    when ``minibatches`` is called; without it they are taken in order. Batch ``j`` holds
    the columns ``perm[j * batch_size : (j + 1) * batch_size]``; the last batch may be smaller.
    Every column appears in exactly one batch.

    Args:
        X: inputs, shape ``(n_x, m)``.
        Y: targets, shape ``(k, m)`` or labels of shape ``(m,)``.
        batch_size: int >= 1.
        rng: ``numpy.random.Generator``, or None for no shuffling.

    Returns:
        A generator of ``(X_batch, Y_batch)`` pairs with shapes ``(n_x, b)`` and ``(k, b)`` or ``(b,)``,
        ``ceil(m / batch_size)`` of them.

    Raises:
        ValueError: shapes disagree, ``batch_size`` not an int >= 1, or ``rng`` neither None nor a Generator.
    """
    X, Y = _check_xy(X, Y, "Y")
    batch_size = check_positive_int(batch_size, "batch_size")
    m = X.shape[1]
    if rng is None:
        return _ordered_batches(X, Y, batch_size, m)
    check_rng(rng)
    return _shuffled_batches(X, Y, batch_size, rng.permutation(m))


def _ordered_batches(X, Y, batch_size, m):
    for start in range(0, m, batch_size):
        yield X[:, start : start + batch_size], Y[..., start : start + batch_size]


def _shuffled_batches(X, Y, batch_size, perm):
    for start in range(0, perm.shape[0], batch_size):
        idx = perm[start : start + batch_size]
        yield X[:, idx], Y[..., idx]
