"""Chapter 11 (capstone): the multilayer perceptron ``MLP``, assembled from the rest of nnlib.

``MLP`` composes only the package's own pieces: initializers (ch. 06), ``linear_forward`` and
``linear_backward`` (ch. 03-04), activations (ch. 02), losses and softmax (ch. 05), optimizers
(ch. 07), L2 and dropout (ch. 08), batch normalization (ch. 09), learning-rate schedules (ch. 10)
and ``data.minibatches``. The exercises are ``MLP.forward`` (eq. (mlp-forward)),
``MLP.backward`` (eq. (mlp-backward)) and ``MLP.fit`` (eq. (mlp-fit)); the constructor,
``loss``, ``train_step``, ``evaluate``, ``predict_proba``, ``predict`` and ``accuracy`` are given.
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    as_float_array,
    check_choice,
    check_positive_int,
    check_range,
    check_rng,
    check_shape,
)
from .activations import ACTIVATIONS
from .batchnorm import batchnorm_backward, batchnorm_forward, batchnorm_state
from .data import minibatches, one_hot
from .initializers import INITIALIZERS, init_params
from .layers import linear_backward, linear_forward
from .losses import bce, cross_entropy, mse, mse_grad, softmax
from .optimizers import Adam
from .regularization import dropout_backward, dropout_forward, l2_grads, l2_penalty

#: The loss that goes with each output activation; any other output is trained with MSE.
OUTPUT_LOSSES = {"softmax": "cross_entropy", "sigmoid": "bce"}

_LOSS_FUNCTIONS = {"cross_entropy": cross_entropy, "bce": bce, "mse": mse}


class MLP:
    """A fully connected network trained by minibatch gradient descent (chapter 11).

    Layer ``l = 1..L`` computes ``Z = W{l} A_prev + b{l}``, optionally batch-normalizes ``Z``
    (hidden layers only), applies its activation and, in training, optionally inverted dropout
    (hidden layers only). The loss follows the output activation: ``"softmax"`` is trained with
    ``losses.cross_entropy``, ``"sigmoid"`` with ``losses.bce``, anything else with ``losses.mse``.

    Args:
        layer_dims: ``[n_x, n_1, ..., n_L]``, at least two positive ints.
        activations: ``L`` names, one per layer. Hidden layers take a key of
            ``activations.ACTIVATIONS`` (``"relu" "sigmoid" "tanh" "linear"``); the output layer
            takes one of those or ``"softmax"``. A softmax output needs ``n_L >= 2`` units, a
            sigmoid output exactly one (binary classification).
        init: weight initializer, a key of ``initializers.INITIALIZERS`` (``"xavier" "glorot" "he"``).
        l2: L2 strength ``lambda >= 0`` (eq. (l2-penalty), chapter 08); weights only.
        keep_prob: dropout keep probability in ``(0, 1]`` for the hidden layers; 1 disables dropout.
        batchnorm: when True, every hidden layer normalizes ``Z`` with learned ``gamma{l}``,
            ``beta{l}`` of shape ``(n_l, 1)`` and running statistics in ``self.bn_states[l]``.
        optimizer: an object with ``step(params, grads)`` and an ``lr`` attribute;
            default ``optimizers.Adam(lr=1e-3)``.
        rng: a ``numpy.random.Generator`` (default ``np.random.default_rng(0)``), used in this
            order: weight initialization, then dropout masks and minibatch shuffling.

    Attributes:
        layer_dims, activations, init, l2, keep_prob, batchnorm, optimizer, rng: as given.
        L: number of layers (``len(layer_dims) - 1``).
        loss_name: ``"cross_entropy"``, ``"bce"`` or ``"mse"``.
        params: ``{"W1", "b1", ..., "WL", "bL"}`` from ``initializers.init_params`` plus, with
            batch norm, ``"gamma{l}"`` (ones) and ``"beta{l}"`` (zeros) for ``l = 1..L-1``.
        bn_states: ``{l: batchnorm.batchnorm_state(n_l)}`` for the hidden layers (empty without
            batch norm).
        history: the dict returned by the last ``fit`` (empty before).

    Raises:
        ValueError: a size, name or hyper-parameter is invalid.
    """

    def __init__(
        self,
        layer_dims,
        activations,
        *,
        init="he",
        l2=0.0,
        keep_prob=1.0,
        batchnorm=False,
        optimizer=None,
        rng=None,
    ):
        if isinstance(layer_dims, (str, bytes)) or not hasattr(layer_dims, "__len__") or len(layer_dims) < 2:
            raise ValueError(f"layer_dims must list at least two sizes [n_x, n_1, ..., n_L], got {layer_dims!r}")
        dims = [check_positive_int(n, f"layer_dims[{i}]") for i, n in enumerate(layer_dims)]
        L = len(dims) - 1
        if isinstance(activations, str) or not hasattr(activations, "__len__") or len(activations) != L:
            raise ValueError(
                f"activations must name one activation per layer: len(layer_dims) - 1 = {L} names, got {activations!r}"
            )
        activations = list(activations)
        hidden_names = tuple(ACTIVATIONS)
        for l, name in enumerate(activations[:-1], start=1):
            if name == "softmax":
                known = ", ".join(repr(a) for a in hidden_names)
                raise ValueError(
                    f"'softmax' is allowed only as the output activation; hidden layer {l} takes one of {known}"
                )
            check_choice(name, f"activation for hidden layer {l}", hidden_names)
        output = activations[-1]
        check_choice(output, "output activation", hidden_names + ("softmax",))
        n_out = dims[-1]
        if output == "softmax" and n_out < 2:
            raise ValueError(f"a softmax output needs n_L >= 2 units (one per class), got n_L = {n_out}")
        if output == "sigmoid" and n_out != 1:
            raise ValueError(
                f"a sigmoid output is a binary classifier and needs n_L = 1 unit, got n_L = {n_out}; "
                "use 'softmax' for several classes"
            )
        check_choice(init, "init", tuple(INITIALIZERS))
        l2 = check_range(l2, "l2", 0.0, np.inf, high_open=True)
        keep_prob = check_range(keep_prob, "keep_prob", 0.0, 1.0, low_open=True)
        if not isinstance(batchnorm, (bool, np.bool_)):
            raise ValueError(f"batchnorm must be True or False, got {batchnorm!r}")
        if optimizer is None:
            optimizer = Adam(lr=1e-3)
        elif not callable(getattr(optimizer, "step", None)) or not hasattr(optimizer, "lr"):
            raise ValueError(
                "optimizer must have a step(params, grads) method and an lr attribute, "
                f"e.g. optimizers.Adam(lr=1e-3), got {type(optimizer).__name__}"
            )
        rng = np.random.default_rng(0) if rng is None else check_rng(rng)

        self.layer_dims = dims
        self.activations = activations
        self.L = L
        self.init = init
        self.l2 = l2
        self.keep_prob = keep_prob
        self.batchnorm = bool(batchnorm)
        self.optimizer = optimizer
        self.rng = rng
        self.loss_name = OUTPUT_LOSSES.get(output, "mse")
        self._loss_fn = _LOSS_FUNCTIONS[self.loss_name]
        self.params = init_params(dims, init, rng)
        self.bn_states = {}
        if self.batchnorm:
            for l in range(1, L):
                self.params[f"gamma{l}"] = np.ones((dims[l], 1))
                self.params[f"beta{l}"] = np.zeros((dims[l], 1))
                self.bn_states[l] = batchnorm_state(dims[l])
        self.history = {}

    def __repr__(self):
        extras = [f"init={self.init!r}"]
        if self.l2:
            extras.append(f"l2={self.l2}")
        if self.keep_prob < 1:
            extras.append(f"keep_prob={self.keep_prob}")
        if self.batchnorm:
            extras.append("batchnorm=True")
        return f"MLP({self.layer_dims}, {self.activations}, {', '.join(extras)})"

    # ------------------------------------------------------------------ scaffolding helpers

    def _check_input(self, X, name="X"):
        """Return ``X`` as a float64 ``(n_x, m)`` array or raise ``ValueError``."""
        X = as_float_array(X, name, ndim=2)
        check_shape(X, name, (self.layer_dims[0], X.shape[1]), "(n_x, m)")
        return X

    def _check_output(self, AL, name="AL"):
        """Return ``AL`` as a float64 ``(n_L, m)`` array or raise ``ValueError``."""
        AL = as_float_array(AL, name, ndim=2)
        check_shape(AL, name, (self.layer_dims[-1], AL.shape[1]), "(n_L, m)")
        return AL

    def _targets(self, Y, m, name="Y"):
        """Return the targets as a float64 ``(n_L, m)`` array (the layout the losses take).

        A softmax output accepts one-hot ``(n_L, m)`` targets or integer labels ``(m,)``
        (converted with ``data.one_hot``); other outputs accept ``(n_L, m)`` and, when
        ``n_L == 1``, also ``(m,)``.
        """
        n_out = self.layer_dims[-1]
        if getattr(Y, "ndim", None) != 2:
            Y = np.asarray(Y)
            if Y.ndim == 1:
                if Y.shape[0] != m:
                    raise ValueError(f"{name} must hold m = {m} labels, got shape {Y.shape}")
                if self.loss_name == "cross_entropy":
                    return one_hot(Y, n_out)
                if n_out == 1:
                    return as_float_array(Y, name).reshape(1, m)
        Y = as_float_array(Y, name)
        symbols = "(n_L, m) one-hot, or integer labels (m,)" if self.loss_name == "cross_entropy" else "(n_L, m)"
        check_shape(Y, name, (n_out, m), symbols)
        return Y

    def _accuracy(self, AL, Y):
        """Fraction of columns classified correctly; ``Y`` already in the ``(n_L, m)`` layout."""
        self._require_classifier()
        if self.loss_name == "cross_entropy":
            return float(np.mean(AL.argmax(axis=0) == Y.argmax(axis=0)))
        return float(np.mean((AL > 0.5) == (Y > 0.5)))

    def _require_classifier(self):
        """Raise ``ValueError`` for an MSE-trained (regression) output, which has no accuracy."""
        if self.loss_name == "mse":
            raise ValueError(
                f"accuracy is defined for a softmax or sigmoid output; this MLP has a {self.activations[-1]!r} "
                "output trained with MSE (use loss or evaluate instead)"
            )

    def _checked_schedule(self, schedule):
        """Wrap ``schedule`` so that a learning rate that is not a positive number raises ``ValueError``."""
        if not callable(schedule):
            raise ValueError(
                f"schedule must be a callable epoch -> learning rate, got {type(schedule).__name__}"
            )

        def checked(epoch):
            return check_range(schedule(epoch), f"schedule({epoch})", 0.0, np.inf, low_open=True, high_open=True)

        return checked

    # ------------------------------------------------------------------ exercises

    def forward(self, X, training=False):
        """Forward pass of the whole network, eq. (mlp-forward) of chapter 11.

        With ``A = X``, for each layer ``l = 1..L`` in order:

        1. ``Z, linear_cache = linear_forward(A, self.params["W{l}"], self.params["b{l}"])``.
        2. Hidden layer (``l < L``) and ``self.batchnorm``:
           ``Z, bn_cache = batchnorm_forward(Z, self.params["gamma{l}"], self.params["beta{l}"],
           self.bn_states[l], training=training)``; otherwise ``bn_cache = None``.
        3. ``A = g(Z)`` with ``g = ACTIVATIONS[self.activations[l - 1]][0]``, or ``losses.softmax``
           when that name is ``"softmax"``.
        4. Hidden layer, ``training`` and ``self.keep_prob < 1``:
           ``A, mask = dropout_forward(A, self.keep_prob, self.rng)``; otherwise ``mask = None``.
        5. Append ``{"linear": linear_cache, "bn": bn_cache, "Z": Z, "mask": mask}`` to the caches
           (``"Z"`` is the input of ``g``, i.e. after batch norm when there is one).

        In evaluation mode (``training=False``) no dropout is applied, batch norm uses its
        running statistics, and ``self.rng`` is not used.

        Args:
            X: input batch, shape ``(n_x, m)``.
            training: True while training (dropout on, batch statistics), False to evaluate.

        Returns:
            ``(AL, caches)``: the output ``AL`` of shape ``(n_L, m)`` and a list of ``L`` dicts
            as above, ``caches[l - 1]`` for layer ``l``.

        Raises:
            ValueError: ``X`` is not 2-D with ``n_x = layer_dims[0]`` rows.
        """
        X = self._check_input(X)
        ### BEGIN SOLUTION
        params, L = self.params, self.L
        dropout = training and self.keep_prob < 1.0
        A = X
        caches = []
        for l in range(1, L + 1):
            Z, linear_cache = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
            hidden = l < L
            bn_cache = None
            if hidden and self.batchnorm:
                Z, bn_cache = batchnorm_forward(
                    Z, params[f"gamma{l}"], params[f"beta{l}"], self.bn_states[l], training=training
                )
            name = self.activations[l - 1]
            A = softmax(Z) if name == "softmax" else ACTIVATIONS[name][0](Z)
            mask = None
            if hidden and dropout:
                A, mask = dropout_forward(A, self.keep_prob, self.rng)
            caches.append({"linear": linear_cache, "bn": bn_cache, "Z": Z, "mask": mask})
        return A, caches
        ### END SOLUTION

    def backward(self, AL, Y, caches):
        """Gradients of ``self.loss`` w.r.t. every parameter, eq. (mlp-backward) of chapter 11.

        Output layer. For softmax + cross-entropy, ``L(i) = -sum_k y_k log a_k`` and
        ``da_k/dz_j = a_k (delta_kj - a_j)`` give ``dL(i)/dz_j = a_j sum_k y_k - y_j = a_j - y_j``
        (the ``y_k`` sum to 1). For sigmoid + BCE, ``dL(i)/da = (a - y) / (a (1 - a))`` and
        ``da/dz = a (1 - a)`` give ``a - y``. So in both cases ``dZ_L = AL - Y`` (per example);
        for any other output ``dZ_L = mse_grad(AL, Y) * g'(Z_L)`` with
        ``g' = ACTIVATIONS[self.activations[-1]][1]`` and ``Z_L = caches[-1]["Z"]``.

        Then for ``l = L..1`` with ``cache = caches[l - 1]``:

        1. Hidden layer (``l < L``): take ``dA`` from the layer above; if ``cache["mask"]`` is not
           None, ``dA = dropout_backward(dA, cache["mask"], self.keep_prob)``; then
           ``dZ = dA * g'(cache["Z"])`` with ``g'`` of layer ``l``; if ``cache["bn"]`` is not None,
           ``dZ, grads["dgamma{l}"], grads["dbeta{l}"] = batchnorm_backward(dZ, cache["bn"])``.
        2. ``dA, grads["dW{l}"], grads["db{l}"] = linear_backward(dZ, cache["linear"])``
           (``dA`` is now the gradient for layer ``l - 1``).

        Finally, if ``self.l2 > 0``, add ``regularization.l2_grads(self.params, self.l2, m)``
        to the weight gradients (``m = AL.shape[1]``).

        Args:
            AL: network output from ``forward``, shape ``(n_L, m)``.
            Y: targets, shape ``(n_L, m)`` (one-hot for softmax; integer labels ``(m,)`` are
                accepted for softmax, 0/1 labels ``(m,)`` for a single output unit).
            caches: the list returned by the same ``forward`` call (``training=True`` when the
                network has batch norm).

        Returns:
            dict with ``"dW{l}"`` ``(n_l, n_{l-1})`` and ``"db{l}"`` ``(n_l, 1)`` for
            ``l = 1..L`` and, with batch norm, ``"dgamma{l}"``, ``"dbeta{l}"`` ``(n_l, 1)`` for
            ``l = 1..L-1``: exactly one gradient, named ``"d" + key``, per key of ``self.params``.

        Raises:
            ValueError: shapes of ``AL``/``Y`` do not match, ``caches`` has the wrong length, or
                batch-norm caches come from an evaluation-mode forward pass.
        """
        if not isinstance(caches, (list, tuple)) or len(caches) != self.L:
            got = f"{len(caches)} caches" if isinstance(caches, (list, tuple)) else type(caches).__name__
            raise ValueError(f"caches must be the list of L = {self.L} layer caches returned by forward, got {got}")
        AL = self._check_output(AL)
        Y = self._targets(Y, AL.shape[1])
        if self.batchnorm and self.L > 1 and caches[0]["bn"] is None:
            raise ValueError(
                "backward needs the caches of forward(X, training=True): with batchnorm, "
                "evaluation-mode caches hold no batch statistics"
            )
        ### BEGIN SOLUTION
        L = self.L
        grads = {}
        output = self.activations[-1]
        if output in ("softmax", "sigmoid"):
            dZ = AL - Y
        else:
            dZ = mse_grad(AL, Y) * ACTIVATIONS[output][1](caches[-1]["Z"])
        dA = None
        for l in range(L, 0, -1):
            cache = caches[l - 1]
            if l < L:
                if cache["mask"] is not None:
                    dA = dropout_backward(dA, cache["mask"], self.keep_prob)
                dZ = dA * ACTIVATIONS[self.activations[l - 1]][1](cache["Z"])
                if cache["bn"] is not None:
                    dZ, grads[f"dgamma{l}"], grads[f"dbeta{l}"] = batchnorm_backward(dZ, cache["bn"])
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, cache["linear"])
        if self.l2 > 0:
            for key, g in l2_grads(self.params, self.l2, AL.shape[1]).items():
                grads[key] += g
        return grads
        ### END SOLUTION

    # ------------------------------------------------------------------ given

    def loss(self, AL, Y):
        """Training objective: data loss plus L2 penalty.

        The data loss is eq. (cross-entropy), (bce) or (mse) of chapter 05, chosen by the output
        activation; the penalty is eq. (l2-penalty) of chapter 08.

        Args:
            AL: network output, shape ``(n_L, m)``.
            Y: targets as in ``backward``.

        Returns:
            ``loss_fn(AL, Y) + l2_penalty(self.params, self.l2, m)`` as a float, where
            ``loss_fn`` is the loss named by ``self.loss_name``.

        Raises:
            ValueError: the shapes of ``AL`` and ``Y`` do not match the network.
        """
        AL = self._check_output(AL)
        m = AL.shape[1]
        value = self._loss_fn(AL, self._targets(Y, m))
        if self.l2 > 0:
            value += l2_penalty(self.params, self.l2, m)
        return float(value)

    def train_step(self, X, Y):
        """One optimization step on a minibatch: forward (training mode), loss, backward, update.

        Args:
            X: minibatch, shape ``(n_x, m)``.
            Y: its targets as in ``backward``.

        Returns:
            The minibatch loss before the update, a float.
        """
        AL, caches = self.forward(X, training=True)
        value = self.loss(AL, Y)
        grads = self.backward(AL, Y, caches)
        self.optimizer.step(self.params, grads)
        return value

    def evaluate(self, X, Y):
        """Loss and accuracy on a data set in evaluation mode (no dropout, running batch-norm statistics).

        Args:
            X: inputs, shape ``(n_x, m)``.
            Y: targets as in ``backward``.

        Returns:
            ``{"loss": float, "accuracy": float}``; without ``"accuracy"`` for an MSE-trained
            output (regression), where accuracy is undefined.
        """
        AL = self.predict_proba(X)
        Y = self._targets(Y, AL.shape[1])
        metrics = {"loss": self.loss(AL, Y)}
        if self.loss_name != "mse":
            metrics["accuracy"] = self._accuracy(AL, Y)
        return metrics

    def fit(self, X, Y, epochs, batch_size=32, schedule=None, validation=None, verbose=False):
        """Train the network by minibatch optimization, eq. (mlp-fit) of chapter 11.

        ``history`` starts as ``{"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [],
        "lr": []}``, without the ``"val_*"`` keys when ``validation`` is None and without the
        accuracy keys for an MSE-trained output (regression). Then for ``epoch in range(epochs)``:

        1. if ``schedule`` is given, ``self.optimizer.lr = schedule(epoch)``;
        2. for ``Xb, Yb in data.minibatches(X, Y, batch_size, self.rng)``: ``self.train_step(Xb, Yb)``;
        3. append ``self.evaluate(X, Y)`` (loss and accuracy on the WHOLE training set, evaluation
           mode) to ``"loss"``/``"accuracy"``, ``self.evaluate(*validation)`` to
           ``"val_loss"``/``"val_accuracy"``, and ``float(self.optimizer.lr)`` to ``"lr"``;
        4. if ``verbose``, print one line with the epoch number and the values just appended.

        Finally store the dict in ``self.history`` and return it. ``X``, ``Y`` (and the
        validation pair) arrive here already checked, and ``Y`` in the ``(n_L, m)`` layout.

        Args:
            X: training inputs, shape ``(n_x, m)``.
            Y: targets, ``(n_L, m)``; integer labels ``(m,)`` for softmax; 0/1 ``(m,)`` for sigmoid.
            epochs: number of passes over the data, an int >= 1.
            batch_size: minibatch size, an int >= 1 (the last minibatch may be smaller).
            schedule: optional callable ``epoch -> lr`` (e.g. built from ``schedules``), called at
                the start of every epoch; it must return a positive number.
            validation: optional pair ``(X_val, Y_val)`` evaluated after every epoch.
            verbose: print one line per epoch.

        Returns:
            The history: a dict of lists of floats, one entry per epoch.

        Raises:
            ValueError: invalid data shapes, epochs, batch_size, schedule or validation; or, with
                batch norm, a batch_size that leaves a minibatch of a single example.
        """
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        X = self._check_input(X)
        m = X.shape[1]
        Y = self._targets(Y, m)
        if self.batchnorm and self.L > 1 and (batch_size == 1 or m % batch_size == 1):
            raise ValueError(
                f"with batchnorm every minibatch needs at least 2 examples (a batch of one has zero variance); "
                f"m = {m} and batch_size = {batch_size} leave one of size 1, choose another batch_size"
            )
        if schedule is not None:
            schedule = self._checked_schedule(schedule)
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise ValueError(f"validation must be a pair (X_val, Y_val), got {type(validation).__name__}")
            X_val = self._check_input(validation[0], "X_val")
            validation = (X_val, self._targets(validation[1], X_val.shape[1], "Y_val"))
        ### BEGIN SOLUTION
        classify = self.loss_name != "mse"
        history = {"loss": [], "accuracy": []} if classify else {"loss": []}
        if validation is not None:
            history.update({"val_loss": [], "val_accuracy": []} if classify else {"val_loss": []})
        history["lr"] = []
        for epoch in range(epochs):
            if schedule is not None:
                self.optimizer.lr = schedule(epoch)
            for Xb, Yb in minibatches(X, Y, batch_size, self.rng):
                self.train_step(Xb, Yb)
            for key, value in self.evaluate(X, Y).items():
                history[key].append(value)
            if validation is not None:
                for key, value in self.evaluate(*validation).items():
                    history["val_" + key].append(value)
            history["lr"].append(float(self.optimizer.lr))
            if verbose:
                line = "  ".join(f"{key} {values[-1]:.4g}" for key, values in history.items())
                print(f"epoch {epoch + 1}/{epochs}  {line}")
        self.history = history
        return history
        ### END SOLUTION

    def predict_proba(self, X):
        """Network output in evaluation mode.

        Args:
            X: inputs, shape ``(n_x, m)``.

        Returns:
            ``AL`` of shape ``(n_L, m)``: class probabilities (columns) for softmax,
            ``P(y = 1)`` for sigmoid, the raw output otherwise.
        """
        return self.forward(X, training=False)[0]

    def predict(self, X):
        """Predictions in evaluation mode.

        Args:
            X: inputs, shape ``(n_x, m)``.

        Returns:
            softmax output: class labels ``argmax`` over the rows, int array ``(m,)``;
            sigmoid output: ``(AL > 0.5)`` as an int array ``(m,)`` of 0/1;
            any other output: ``AL`` itself, ``(n_L, m)``.
        """
        AL = self.predict_proba(X)
        if self.loss_name == "cross_entropy":
            return AL.argmax(axis=0)
        if self.loss_name == "bce":
            return (AL[0] > 0.5).astype(np.int64)
        return AL

    def accuracy(self, X, Y):
        """Fraction of examples classified correctly (evaluation mode).

        Args:
            X: inputs, shape ``(n_x, m)``.
            Y: targets as in ``backward``.

        Returns:
            A float in ``[0, 1]``.

        Raises:
            ValueError: the output is trained with MSE (no classes), or shapes do not match.
        """
        self._require_classifier()
        AL = self.predict_proba(X)
        return self._accuracy(AL, self._targets(Y, AL.shape[1]))
