"""Chapter 11 — capstone: the ``MLP`` class.

In the sandbox the student's whole ``MLP`` class is installed (the rest of nnlib is the
reference), so every case builds its model with ``nn.network.MLP(...)`` and a seeded generator,
and the three exercises see each other: ``backward`` cases make their caches with the model's own
``forward(training=True)``, and ``fit`` runs the model's own ``forward``/``backward`` through the
given ``train_step``. Cases report the generator's next numbers (``rng_next``) so that drawing
too many or too few dropout masks or permutations shows. Each exercise also has a property case
that any correct implementation passes whatever its random draws: dropout averaging out in
``forward``, agreement with central differences of ``loss`` in ``backward``, learning a separable
problem in ``fit``.
"""

import numpy as np

from autograder.cases._common import randn, rng
from autograder.registry import Case, Exercise, Mistake

# ----------------------------------------------------------------------------- inputs


def _one_hot(labels, k):
    return np.eye(k)[:, labels]


def _targets(kind: str, k: int, m: int, seed: int):
    """``"onehot"`` (k, m), ``"labels"`` (m,) ints, ``"binary"`` (1, m) 0/1, ``"binary_flat"`` (m,), ``"real"`` (k, m)."""
    gen = rng(seed)
    if kind == "onehot":
        return _one_hot(gen.integers(0, k, m), k)
    if kind == "labels":
        return gen.integers(0, k, m)
    if kind == "binary":
        return gen.integers(0, 2, (1, m)).astype(float)
    if kind == "binary_flat":
        return gen.integers(0, 2, m).astype(float)
    return gen.standard_normal((k, m))


def _perturb_batchnorm(model, seed: int) -> None:
    """Non-trivial gamma, beta and running statistics, so that none of them can be ignored unnoticed."""
    for l in sorted(model.bn_states):
        n = model.layer_dims[l]
        model.params[f"gamma{l}"] = 1.0 + 0.3 * randn(seed + l, n, 1)
        model.params[f"beta{l}"] = 0.2 * randn(seed + 20 + l, n, 1)
        model.bn_states[l]["running_mean"] = 0.5 * randn(seed + 40 + l, n, 1)
        model.bn_states[l]["running_var"] = 0.5 + rng(seed + 60 + l).random((n, 1))


def _model(nn, dims, acts, seed, optimizer=None, **kwargs):
    model = nn.network.MLP(dims, acts, rng=rng(seed), optimizer=optimizer, **kwargs)
    if model.bn_states:
        _perturb_batchnorm(model, seed + 500)
    return model


def _bn_states(model) -> dict:
    return {
        str(l): {"running_mean": np.array(s["running_mean"]), "running_var": np.array(s["running_var"])}
        for l, s in sorted(model.bn_states.items())
    }


# ----------------------------------------------------------------------------- forward


def _forward(dims, acts, seed, calls=(False,), m=6, with_caches=False, **kwargs):
    """Build a model, call ``forward`` once per entry of ``calls`` (its ``training`` flag), each on a new batch."""

    def run(nn):
        model = _model(nn, dims, acts, seed, **kwargs)
        results = []
        for i, training in enumerate(calls):
            X = randn(seed + 10 + i, dims[0], m)
            X_in = X.copy()
            AL, caches = model.forward(X_in, training=training)
            entry = {"AL": AL, "X_unchanged": bool(np.array_equal(X_in, X))}
            if with_caches:
                entry["caches"] = caches
            if model.bn_states:
                entry["bn_states"] = _bn_states(model)
            results.append(entry)
        return {"calls": results, "rng_next": model.rng.random(3)}

    return run


def _forward_property(nn):
    """Any correct forward: evaluation is deterministic and leaves the rng alone, keep_prob = 1 training equals
    evaluation, and with inverted dropout the training output averages out to the evaluation output."""
    dims, acts = [3, 40, 2], ["relu", "linear"]
    X = randn(1190, 3, 4)
    repeats = 2000
    model = nn.network.MLP(dims, acts, keep_prob=0.5, rng=rng(1191))
    AL_eval, _ = model.forward(X, training=False)
    state = model.rng.bit_generator.state
    AL_eval2, _ = model.forward(X, training=False)
    rng_untouched = model.rng.bit_generator.state == state
    AL_train, _ = model.forward(np.tile(X, repeats), training=True)
    samples = np.asarray(AL_train).reshape(2, repeats, 4)
    # E[AL_train] = AL_eval for a linear output: the mean of 2000 draws is within 5 standard errors of it
    # (each of the 8 entries fails with probability 6e-7 for a correct forward)
    standard_error = samples.std(axis=1) / np.sqrt(repeats)
    z = np.abs(samples.mean(axis=1) - AL_eval) / np.maximum(standard_error, 1e-12)
    plain = nn.network.MLP(dims, acts, keep_prob=1.0, rng=rng(1191))
    same_without_dropout = np.allclose(plain.forward(X, training=True)[0], plain.forward(X, training=False)[0])
    return {
        "shape": np.asarray(AL_eval).shape,
        "evaluation_deterministic": bool(np.array_equal(AL_eval, AL_eval2)),
        "evaluation_leaves_rng_alone": bool(rng_untouched),
        "keep_prob_1_training_equals_evaluation": bool(same_without_dropout),
        "dropout_averages_out": bool(z.max() < 5.0),
    }


_FWD_TEMPLATE = (
    "def forward(self, X, training=False):\n"
    "    X = self._check_input(X)\n"
    "    params, L = self.params, self.L\n"
    "    A = X\n"
    "    caches = []\n"
    "    for l in range(1, L + 1):\n"
    "        Z, linear_cache = linear_forward(A, params[f'W{l}'], params[f'b{l}'])\n"
    "        hidden = l < L\n"
    "        bn_cache = None\n"
    "        Z_lin = Z\n"
    "        if hidden and self.batchnorm:\n"
    "            Z, bn_cache = batchnorm_forward(Z, params[f'gamma{l}'], params[f'beta{l}'], self.bn_states[l],\n"
    "                                            training=@BN_TRAINING@)\n"
    "        name = self.activations[l - 1]\n"
    "        A = softmax(Z) if name == 'softmax' else ACTIVATIONS[name][0](Z)\n"
    "        mask = None\n"
    "        if @DROPOUT@ and self.keep_prob < 1:\n"
    "            A, mask = dropout_forward(A, self.keep_prob, self.rng)\n"
    "        caches.append({'linear': linear_cache, 'bn': bn_cache, 'Z': @CACHE_Z@, 'mask': mask})\n"
    "    return A, caches\n"
)


def _fwd(bn_training="training", dropout="hidden and training", cache_z="Z"):
    return (
        _FWD_TEMPLATE.replace("@BN_TRAINING@", bn_training).replace("@DROPOUT@", dropout).replace("@CACHE_Z@", cache_z)
    )


_FWD_ACTIVATION_FIRST = (
    "def forward(self, X, training=False):\n"
    "    params, L = self.params, self.L\n"
    "    A = X\n"
    "    caches = []\n"
    "    for l in range(1, L + 1):\n"
    "        Z, linear_cache = linear_forward(A, params[f'W{l}'], params[f'b{l}'])\n"
    "        name = self.activations[l - 1]\n"
    "        A = softmax(Z) if name == 'softmax' else ACTIVATIONS[name][0](Z)\n"
    "        bn_cache = None\n"
    "        if l < L and self.batchnorm:\n"
    "            A, bn_cache = batchnorm_forward(A, params[f'gamma{l}'], params[f'beta{l}'], self.bn_states[l],\n"
    "                                            training=training)\n"
    "        mask = None\n"
    "        if l < L and training and self.keep_prob < 1:\n"
    "            A, mask = dropout_forward(A, self.keep_prob, self.rng)\n"
    "        caches.append({'linear': linear_cache, 'bn': bn_cache, 'Z': Z, 'mask': mask})\n"
    "    return A, caches\n"
)

# ----------------------------------------------------------------------------- backward


def _backward(dims, acts, seed, targets, m=5, **kwargs):
    """Caches from the model's own ``forward(training=True)``, then ``backward``; parameters must survive."""

    def run(nn):
        model = _model(nn, dims, acts, seed, **kwargs)
        X = randn(seed + 10, dims[0], m)
        Y = _targets(targets, dims[-1], m, seed + 11)
        params_before = {key: np.array(value) for key, value in model.params.items()}
        AL, caches = model.forward(X, training=True)
        grads = model.backward(AL, Y, caches)
        unchanged = params_before.keys() == model.params.keys() and all(
            np.array_equal(params_before[k], model.params[k]) for k in params_before
        )
        return {"grads": grads, "params_unchanged": bool(unchanged)}

    return run


def _gradient_property(dims, acts, seed, targets, m=6, **kwargs):
    """Any correct backward agrees with central differences of ``loss(forward(X, training=True))``."""

    def run(nn):
        model = _model(nn, dims, acts, seed, **kwargs)
        X = randn(seed + 10, dims[0], m)
        Y = _targets(targets, dims[-1], m, seed + 11)
        AL, caches = model.forward(X, training=True)
        grads = model.backward(AL, Y, caches)
        h, worst, keys_ok = 1e-5, 0.0, set(grads) == {"d" + k for k in model.params}
        for key, value in model.params.items():
            numeric = np.zeros_like(value)
            for idx in np.ndindex(value.shape):
                old = value[idx]
                value[idx] = old + h
                plus = model.loss(model.forward(X, training=True)[0], Y)
                value[idx] = old - h
                minus = model.loss(model.forward(X, training=True)[0], Y)
                value[idx] = old
                numeric[idx] = (plus - minus) / (2 * h)
            analytic = np.asarray(grads.get("d" + key, np.full(value.shape, np.nan)), dtype=float)
            if analytic.shape != value.shape:
                return {"keys_match_params": bool(keys_ok), "gradients_match_finite_differences": False}
            rel = np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric))
            worst = max(worst, float(np.nan_to_num(rel, nan=1.0).max()))
        # smooth net (tanh/sigmoid), h = 1e-5: the reference's worst relative error is ~1e-8
        return {"keys_match_params": bool(keys_ok), "gradients_match_finite_differences": worst < 1e-5}

    return run


_BWD_TEMPLATE = (
    "def backward(self, AL, Y, caches):\n"
    "    AL = self._check_output(AL)\n"
    "    Y = self._targets(Y, AL.shape[1])\n"
    "    L = self.L\n"
    "    grads = {}\n"
    "    output = self.activations[-1]\n"
    "@OUTPUT@"
    "    dA = None\n"
    "    for l in range(L, 0, -1):\n"
    "        cache = caches[l - 1]\n"
    "        if l < L:\n"
    "            if cache['mask'] is not None:\n"
    "@DROPOUT@"
    "            g_prime = ACTIVATIONS[self.activations[l - 1]][1](cache['Z'])\n"
    "@HIDDEN@"
    "        dA, grads[f'dW{l}'], grads[f'db{l}'] = linear_backward(dZ, cache['linear'])\n"
    "@L2@"
    "    return grads\n"
)

_OUT_RIGHT = (
    "    if output in ('softmax', 'sigmoid'):\n"
    "        dZ = AL - Y\n"
    "    else:\n"
    "        dZ = mse_grad(AL, Y) * ACTIVATIONS[output][1](caches[-1]['Z'])\n"
)
_DROP_RIGHT = "                dA = dropout_backward(dA, cache['mask'], self.keep_prob)\n"
_HIDDEN_RIGHT = (
    "            dZ = dA * g_prime\n"
    "            if cache['bn'] is not None:\n"
    "                dZ, grads[f'dgamma{l}'], grads[f'dbeta{l}'] = batchnorm_backward(dZ, cache['bn'])\n"
)
_L2_RIGHT = (
    "    if self.l2 > 0:\n"
    "        for key, g in l2_grads(self.params, self.l2, AL.shape[1]).items():\n"
    "            grads[key] += g\n"
)


def _bwd(output=_OUT_RIGHT, dropout=_DROP_RIGHT, hidden=_HIDDEN_RIGHT, l2=_L2_RIGHT):
    return (
        _BWD_TEMPLATE.replace("@OUTPUT@", output).replace("@DROPOUT@", dropout).replace("@HIDDEN@", hidden)
        .replace("@L2@", l2)
    )


# ----------------------------------------------------------------------------- fit


def _optimizer(nn, spec):
    name, kwargs = spec
    return getattr(nn.optimizers, name)(**kwargs)


def _fit(dims, acts, seed, targets, m, epochs, batch_size, optimizer, schedule=None, validation=False,
         report_stored=False, **kwargs):
    """Train a tiny model for a few epochs; report the history, the final parameters and the rng's next numbers."""

    def run(nn):
        model = _model(nn, dims, acts, seed, optimizer=_optimizer(nn, optimizer), **kwargs)
        X = randn(seed + 10, dims[0], m)
        Y = _targets(targets, dims[-1], m, seed + 11)
        val = None
        if validation:
            val = (randn(seed + 12, dims[0], 5), _targets(targets, dims[-1], 5, seed + 13))
        history = model.fit(X, Y, epochs, batch_size=batch_size, schedule=schedule, validation=val)
        out = {
            "history": history,
            "params": {key: np.array(value) for key, value in model.params.items()},
            "lr_after": float(model.optimizer.lr),
            "rng_next": model.rng.random(3),
        }
        if model.bn_states:
            out["bn_states"] = _bn_states(model)
        if report_stored:
            out["history_stored_in_self"] = bool(model.history == history)
        return out

    return run


def _blobs(seed, m):
    """Two well-separated Gaussian blobs in 2-D, labels 0/1 alternating."""
    y = np.arange(m) % 2
    centres = np.array([[-2.0, 2.0], [1.5, -1.5]])
    return centres[:, y] + 0.6 * randn(seed, 2, m), y


def _fit_learns(nn):
    """Any correct training loop: loss falls, the separable blobs are learned, one history entry per epoch."""
    X, y = _blobs(1180, 40)
    epochs = 20
    model = nn.network.MLP([2, 8, 2], ["relu", "softmax"], optimizer=nn.optimizers.Adam(lr=0.05), rng=rng(1181))
    history = model.fit(X, y, epochs, batch_size=10)
    loss = np.asarray(history.get("loss", [np.nan]), dtype=float)
    # the reference ends near loss 0.01 and accuracy 1.0 for any shuffling seed; the bounds are loose on purpose
    return {
        "entries_per_epoch": {key: len(history.get(key, ())) for key in ("loss", "accuracy", "lr")},
        "loss_decreased": bool(loss[-1] < 0.5 * loss[0]),
        "final_training_accuracy_high": bool(model.accuracy(X, y) >= 0.95),
        "history_accuracy_high": bool(history.get("accuracy", [0.0])[-1] >= 0.95),
    }


def _fit_schedule_property(nn):
    """Any correct loop: ``lr`` in the history is ``schedule(epoch)``, set before the epoch; keys and lengths."""
    X = randn(1170, 2, 12)
    Y = _targets("real", 1, 12, 1171)
    model = nn.network.MLP([2, 3, 1], ["tanh", "linear"], optimizer=nn.optimizers.GradientDescent(lr=1.0),
                           rng=rng(1172))
    seen = []

    def schedule(epoch):
        seen.append(epoch)
        return 0.1 * 0.5 ** epoch

    history = model.fit(X, Y, 4, batch_size=5, schedule=schedule, validation=(X[:, :4], Y[:, :4]))
    return {
        "keys_and_lengths": {key: len(value) for key, value in history.items()},
        "lr": history.get("lr"),
        "schedule_called_with": seen,
        "optimizer_lr_after": float(model.optimizer.lr),
    }


_FIT_PRELUDE = (
    "def fit(self, X, Y, epochs, batch_size=32, schedule=None, validation=None, verbose=False):\n"
    "    X = self._check_input(X)\n"
    "    Y = self._targets(Y, X.shape[1])\n"
    "    if validation is not None:\n"
    "        X_val = self._check_input(validation[0])\n"
    "        validation = (X_val, self._targets(validation[1], X_val.shape[1]))\n"
    "    history = {}\n"
)
_FIT_RECORD = (
    "        for key, value in self.evaluate(X, Y).items():\n"
    "            history.setdefault(key, []).append(value)\n"
    "        if validation is not None:\n"
    "            for key, value in self.evaluate(*validation).items():\n"
    "                history.setdefault('val_' + key, []).append(value)\n"
    "        history.setdefault('lr', []).append(float(self.optimizer.lr))\n"
)
_FIT_END = "    self.history = history\n    return history\n"


def _fit_source(loop: str) -> str:
    return _FIT_PRELUDE + loop + _FIT_END


_FIT_RIGHT_SCHEDULE = "        if schedule is not None:\n            self.optimizer.lr = schedule(epoch)\n"
_FIT_RIGHT_BATCHES = (
    "        for Xb, Yb in minibatches(X, Y, batch_size, self.rng):\n"
    "            self.train_step(Xb, Yb)\n"
)

# ----------------------------------------------------------------------------- exercises

EXERCISES = [
    Exercise(
        "network.MLP.forward", chapter=11, number=1, equation="mlp-forward",
        cases=(
            Case("softmax output, one ReLU hidden layer, evaluation mode", _forward([4, 6, 3], ["relu", "softmax"], 1100)),
            Case("sigmoid output, tanh and ReLU hidden layers, keep_prob = 0.5 in evaluation mode (no dropout)",
                 _forward([3, 5, 4, 1], ["tanh", "relu", "sigmoid"], 1110, keep_prob=0.5)),
            Case("linear output, two training passes with dropout keep_prob = 0.6 (masks from the model's rng)",
                 _forward([3, 6, 5, 2], ["relu", "sigmoid", "linear"], 1120, calls=(True, True), keep_prob=0.6)),
            Case("batch norm: two training batches, then evaluation with the running statistics",
                 _forward([3, 5, 4, 2], ["relu", "tanh", "softmax"], 1130, calls=(True, True, False), m=8,
                          batchnorm=True)),
            Case("batch norm and dropout keep_prob = 0.75 in training, then evaluation",
                 _forward([4, 6, 5, 1], ["relu", "relu", "sigmoid"], 1140, calls=(True, False), m=7, batchnorm=True,
                          keep_prob=0.75)),
            Case("the caches: one dict {'linear', 'bn', 'Z', 'mask'} per layer (batch norm, dropout, training)",
                 _forward([3, 4, 3, 2], ["tanh", "relu", "softmax"], 1150, calls=(True,), m=5, with_caches=True,
                          batchnorm=True, keep_prob=0.8)),
            Case("a single example (m = 1), tanh output, batch norm in evaluation mode",
                 _forward([2, 4, 3, 2], ["sigmoid", "relu", "tanh"], 1160, m=1, batchnorm=True)),
            Case("property: evaluation deterministic, keep_prob = 1 changes nothing, dropout averages out",
                 _forward_property),
        ),
        mistakes=(
            Mistake(
                "dropout at evaluation",
                "forward applied dropout with training=False: masks are drawn only in training (hidden layers, "
                "keep_prob < 1); evaluation uses every unit unscaled (eq. (mlp-forward), chapter 11)",
                _fwd(dropout="hidden"),
            ),
            Mistake(
                "dropout on the output layer",
                "dropout was applied to the output layer too: only the hidden layers l < L are dropped out, the "
                "output AL is never masked (eq. (mlp-forward), chapter 11)",
                _fwd(dropout="training"),
            ),
            Mistake(
                "batch statistics at evaluation",
                "batch norm ran in training mode during evaluation: pass training=training to batchnorm_forward so "
                "that evaluation uses the running statistics (and leaves them unchanged) (eq. (mlp-forward), chapter 11)",
                _fwd(bn_training="True"),
            ),
            Mistake(
                "activation before batch norm",
                "batch norm goes between the linear step and the activation: Z = W A + b, Z = BN(Z), A = g(Z); "
                "you normalized g(Z) instead (eq. (mlp-forward), chapter 11)",
                _FWD_ACTIVATION_FIRST,
            ),
            Mistake(
                "Z cached before batch norm",
                "caches[l - 1]['Z'] must be the input of the activation, i.e. Z after batch norm, because backward "
                "evaluates g'(Z) there; you stored W A + b before normalization (eq. (mlp-forward), chapter 11)",
                _fwd(cache_z="Z_lin"),
            ),
        ),
    ),
    Exercise(
        "network.MLP.backward", chapter=11, number=2, equation="mlp-backward",
        cases=(
            Case("softmax + cross-entropy, ReLU hidden layer, one-hot targets",
                 _backward([4, 5, 3], ["relu", "softmax"], 1200, "onehot")),
            Case("sigmoid + BCE, two tanh hidden layers, L2 = 0.3",
                 _backward([3, 4, 4, 1], ["tanh", "tanh", "sigmoid"], 1210, "binary", l2=0.3)),
            Case("linear output with MSE, two output units",
                 _backward([3, 5, 2], ["relu", "linear"], 1220, "real")),
            Case("tanh output with MSE: dZ_L = mse_grad(AL, Y) * g'(Z_L)",
                 _backward([2, 4, 3, 2], ["sigmoid", "relu", "tanh"], 1230, "real", m=6)),
            Case("dropout keep_prob = 0.6 on both hidden layers (masks from the forward pass)",
                 _backward([4, 6, 5, 3], ["relu", "tanh", "softmax"], 1240, "onehot", m=7, keep_prob=0.6)),
            Case("batch norm on both hidden layers (dgamma, dbeta)",
                 _backward([3, 5, 4, 2], ["relu", "tanh", "softmax"], 1250, "onehot", m=8, batchnorm=True)),
            Case("batch norm, dropout keep_prob = 0.7 and L2 = 0.2 together, sigmoid output, 0/1 labels of shape (m,)",
                 _backward([4, 5, 4, 1], ["tanh", "relu", "sigmoid"], 1260, "binary_flat", m=6, batchnorm=True,
                           keep_prob=0.7, l2=0.2)),
            Case("a single example (m = 1) with an integer label, L2 = 0.5",
                 _backward([3, 4, 2], ["sigmoid", "softmax"], 1270, "labels", m=1, l2=0.5)),
            Case("property: gradients match central differences of loss (batch norm, L2, tanh output)",
                 _gradient_property([3, 4, 3, 2], ["tanh", "sigmoid", "tanh"], 1280, "real", batchnorm=True, l2=0.1)),
            Case("property: gradients match central differences of loss (softmax output, L2)",
                 _gradient_property([2, 3, 3], ["tanh", "softmax"], 1290, "onehot", l2=0.4)),
        ),
        mistakes=(
            Mistake(
                "dZ_L = AL - Y for an MSE output",
                "dZ_L = AL - Y holds only for softmax + cross-entropy and sigmoid + BCE; for an output trained with "
                "MSE use dZ_L = mse_grad(AL, Y) * g'(Z_L) = 2 (AL - Y) g'(Z_L) (eq. (mlp-backward), chapter 11)",
                _bwd(output="    dZ = AL - Y\n"),
            ),
            Mistake(
                "MSE output without g'(Z_L)",
                "for an MSE-trained output the chain rule needs the output activation's derivative: "
                "dZ_L = mse_grad(AL, Y) * g'(Z_L) (eq. (mlp-backward), chapter 11)",
                _bwd(output="    dZ = AL - Y if output in ('softmax', 'sigmoid') else mse_grad(AL, Y)\n"),
            ),
            Mistake(
                "dropout mask not rescaled",
                "backward through inverted dropout must rescale like the forward pass: dA = dA * mask / keep_prob "
                "(use dropout_backward) (eq. (mlp-backward), chapter 11)",
                _bwd(dropout="                dA = dA * cache['mask']\n"),
            ),
            Mistake(
                "dropout ignored in backward",
                "units dropped in the forward pass get no gradient: apply dropout_backward(dA, mask, keep_prob) to "
                "dA of every hidden layer that has a mask (eq. (mlp-backward), chapter 11)",
                _bwd(dropout="                pass\n"),
            ),
            Mistake(
                "L2 gradient missing",
                "with l2 > 0 the loss includes the L2 penalty, so add l2_grads(params, l2, m) = (l2 / m) W to every "
                "weight gradient (eq. (mlp-backward), chapter 11)",
                _bwd(l2=""),
            ),
            Mistake(
                "L2 gradient without 1/m",
                "the L2 term of the weight gradient is (l2 / m) W, not l2 * W (the penalty is averaged over the m "
                "examples like the data loss) (eq. (mlp-backward), chapter 11)",
                _bwd(l2="    if self.l2 > 0:\n        for l in range(1, L + 1):\n"
                        "            grads[f'dW{l}'] += self.l2 * self.params[f'W{l}']\n"),
            ),
            Mistake(
                "batch norm backward before the activation derivative",
                "going backwards, first multiply by the activation's derivative (dZ = dA * g'(Z)), then go through "
                "batchnorm_backward, the reverse of the forward order (eq. (mlp-backward), chapter 11)",
                _bwd(hidden=(
                    "            dZ = dA\n"
                    "            if cache['bn'] is not None:\n"
                    "                dZ, grads[f'dgamma{l}'], grads[f'dbeta{l}'] = batchnorm_backward(dZ, cache['bn'])\n"
                    "            dZ = dZ * g_prime\n"
                )),
            ),
        ),
    ),
    Exercise(
        "network.MLP.fit", chapter=11, number=3, equation="mlp-fit",
        cases=(
            Case("softmax, Adam, 3 epochs of minibatches of 4 (m = 10: the last one smaller), one-hot targets",
                 _fit([2, 5, 3], ["relu", "softmax"], 1300, "onehot", 10, 3, 4, ("Adam", {"lr": 0.02}),
                      report_stored=True)),
            Case("schedule: gradient descent with lr = schedule(epoch) set at the start of each epoch, integer labels",
                 _fit([3, 4, 2], ["tanh", "softmax"], 1310, "labels", 12, 4, 5, ("GradientDescent", {"lr": 1.0}),
                      schedule=lambda epoch: 0.3 * 0.5 ** epoch)),
            Case("sigmoid output, momentum, L2 = 0.05, with a validation set",
                 _fit([2, 4, 1], ["relu", "sigmoid"], 1320, "binary", 9, 3, 4, ("Momentum", {"lr": 0.1}),
                      validation=True, l2=0.05)),
            Case("regression (linear output, MSE) with validation: no accuracy in the history",
                 _fit([2, 3, 2], ["tanh", "linear"], 1330, "real", 8, 2, 3, ("Adam", {"lr": 0.05}), validation=True,
                      schedule=lambda epoch: 0.05 / (1 + epoch))),
            Case("batch norm and dropout keep_prob = 0.7: history measured in evaluation mode",
                 _fit([3, 5, 4, 2], ["relu", "tanh", "softmax"], 1340, "onehot", 12, 3, 4, ("Adam", {"lr": 0.01}),
                      batchnorm=True, keep_prob=0.7)),
            Case("one epoch, batch_size larger than m (a single full batch), 0/1 labels of shape (m,)",
                 _fit([2, 3, 1], ["tanh", "sigmoid"], 1350, "binary_flat", 7, 1, 32, ("GradientDescent", {"lr": 0.5}))),
            Case("property: learning rates follow the schedule, history keys and lengths", _fit_schedule_property),
            Case("property: loss decreases and two separable blobs are learned (accuracy >= 0.95)", _fit_learns),
        ),
        mistakes=(
            Mistake(
                "schedule applied after the epoch",
                "set self.optimizer.lr = schedule(epoch) at the START of each epoch, before its minibatches; you "
                "trained epoch e with the previous learning rate (eq. (mlp-fit), chapter 11)",
                _fit_source(
                    "    for epoch in range(epochs):\n" + _FIT_RIGHT_BATCHES + _FIT_RIGHT_SCHEDULE + _FIT_RECORD
                ),
            ),
            Mistake(
                "schedule counts epochs from 1",
                "epochs are counted from 0: the first epoch uses schedule(0), i.e. the initial learning rate "
                "(eq. (mlp-fit), chapter 11)",
                _fit_source(
                    "    for epoch in range(epochs):\n"
                    "        if schedule is not None:\n            self.optimizer.lr = schedule(epoch + 1)\n"
                    + _FIT_RIGHT_BATCHES + _FIT_RECORD
                ),
            ),
            Mistake(
                "no shuffling",
                "the minibatches must be reshuffled every epoch with the model's generator: "
                "minibatches(X, Y, batch_size, self.rng) (eq. (mlp-fit), chapter 11)",
                _fit_source(
                    "    for epoch in range(epochs):\n" + _FIT_RIGHT_SCHEDULE
                    + "        for Xb, Yb in minibatches(X, Y, batch_size):\n            self.train_step(Xb, Yb)\n"
                    + _FIT_RECORD
                ),
            ),
            Mistake(
                "shuffled only once",
                "call minibatches(X, Y, batch_size, self.rng) inside the epoch loop, so that every epoch gets a new "
                "permutation; you reused the batches of the first shuffle (eq. (mlp-fit), chapter 11)",
                _fit_source(
                    "    batches = list(minibatches(X, Y, batch_size, self.rng))\n"
                    "    for epoch in range(epochs):\n" + _FIT_RIGHT_SCHEDULE
                    + "        for Xb, Yb in batches:\n            self.train_step(Xb, Yb)\n" + _FIT_RECORD
                ),
            ),
            Mistake(
                "history from the last minibatch",
                "the history holds the loss and accuracy on the WHOLE training set after the epoch (self.evaluate(X, Y), "
                "evaluation mode), not the values of the last minibatch (eq. (mlp-fit), chapter 11)",
                _fit_source(
                    "    for epoch in range(epochs):\n" + _FIT_RIGHT_SCHEDULE
                    + "        for Xb, Yb in minibatches(X, Y, batch_size, self.rng):\n"
                    "            last = self.train_step(Xb, Yb)\n"
                    "        history.setdefault('loss', []).append(last)\n"
                    "        if self.loss_name != 'mse':\n"
                    "            history.setdefault('accuracy', []).append(self.accuracy(Xb, Yb))\n"
                    "        if validation is not None:\n"
                    "            for key, value in self.evaluate(*validation).items():\n"
                    "                history.setdefault('val_' + key, []).append(value)\n"
                    "        history.setdefault('lr', []).append(float(self.optimizer.lr))\n"
                ),
            ),
            Mistake(
                "history measured in training mode",
                "measure the history in evaluation mode (self.evaluate: no dropout, running batch-norm statistics); "
                "a training-mode forward pass draws masks and changes the running statistics (eq. (mlp-fit), chapter 11)",
                _fit_source(
                    "    for epoch in range(epochs):\n" + _FIT_RIGHT_SCHEDULE + _FIT_RIGHT_BATCHES
                    + "        AL = self.forward(X, training=True)[0]\n"
                    "        history.setdefault('loss', []).append(self.loss(AL, Y))\n"
                    "        if self.loss_name != 'mse':\n"
                    "            history.setdefault('accuracy', []).append(self._accuracy(AL, Y))\n"
                    "        if validation is not None:\n"
                    "            for key, value in self.evaluate(*validation).items():\n"
                    "                history.setdefault('val_' + key, []).append(value)\n"
                    "        history.setdefault('lr', []).append(float(self.optimizer.lr))\n"
                ),
            ),
        ),
    ),
]
