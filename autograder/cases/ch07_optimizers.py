"""Chapter 07 — optimizers.

Each case builds an optimizer, runs one or more ``step`` calls on a small parameter dict and
reports the parameters after each step, the optimizer's state, whether the parameter arrays
were updated in place (the same objects as before) and the gradients after the calls (a step
must not change them).
"""

import numpy as np

from autograder.cases._common import randn
from autograder.registry import Case, Exercise, Mistake


def _hand_picked():
    params = {"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([[0.25], [-1.0]])}
    grads = {"dW1": np.array([[0.5, -1.0], [0.0, 2.0]]), "db1": np.array([[-0.125], [3.0]])}
    return params, grads


def _network(seed: int, with_bn: bool = False):
    """A small two-layer parameter dict (optionally with batch-norm parameters)."""
    shapes = {"W1": (4, 3), "b1": (4, 1), "W2": (2, 4), "b2": (2, 1)}
    if with_bn:
        shapes.update({"gamma1": (4, 1), "beta1": (4, 1)})
    return {key: randn(seed + i, *shape) for i, (key, shape) in enumerate(shapes.items())}


def _grads_for(params, seed: int, scale: float = 1.0):
    return {"d" + key: scale * randn(seed + i, *p.shape) for i, (key, p) in enumerate(params.items())}


def _state(opt):
    """The optimizer's state dicts (whatever of v, m, t the class has)."""
    out = {}
    for name in ("v", "m"):
        if isinstance(getattr(opt, name, None), dict):
            out[name] = {k: np.asarray(a) for k, a in getattr(opt, name).items()}
    if hasattr(opt, "t"):
        out["t"] = np.asarray(opt.t, dtype=float)
    return out


def _scenario(make, params_fn, steps, lrs=None, identity=False):
    """Run ``len(steps)`` updates; ``steps[i]`` makes the gradients of step i; ``lrs[i]`` (if given) is assigned to opt.lr first.

    With ``identity``, also report whether ``params`` still holds the same array objects (updated in place);
    only the hand-picked case does, so that rebinding costs one case, not all.
    """

    def run(nn):
        opt = make(nn)
        params = params_fn()
        originals = dict(params)
        history, grads_unchanged = [], []
        for i, grads_fn in enumerate(steps):
            grads = grads_fn(params)
            kept = {k: g.copy() for k, g in grads.items()}
            if lrs is not None:
                opt.lr = lrs[i]
            opt.step(params, grads)
            history.append({k: np.array(p) for k, p in params.items()})
            grads_unchanged.append(bool(all(np.array_equal(grads[k], kept[k]) for k in kept)))
        out = {"params_after_each_step": history, "grads_unchanged": grads_unchanged, "state": _state(opt)}
        if identity:
            out["updated_in_place"] = [params.get(k) is p for k, p in originals.items()]
        return out

    return run


def _fixed(grads):
    return lambda params: {k: g.copy() for k, g in grads.items()}


def _random(seed: int, scale: float = 1.0, extra: bool = False):
    def make(params):
        grads = _grads_for(params, seed, scale)
        if extra:  # entries without a parameter are ignored
            grads["dA0"] = np.ones((3, 1))
        return grads

    return make


def _hp_params():
    return _hand_picked()[0]


def _hp_grads():
    return _fixed(_hand_picked()[1])


def _optimizer_cases(make, name: str) -> tuple:
    return (
        Case(f"{name}: one step on hand-picked W1, b1, updated in place",
             _scenario(make, _hp_params, [_hp_grads()], identity=True)),
        Case(
            f"{name}: three steps on a two-layer network with new gradients each step",
            _scenario(make, lambda: _network(700), [_random(710), _random(720), _random(730)]),
        ),
        Case(
            f"{name}: lr assigned between steps (a schedule), batch-norm parameters, an extra gradient entry",
            _scenario(make, lambda: _network(740, with_bn=True), [_random(750, extra=True), _random(760), _random(770, 0.1)],
                      lrs=[0.1, 0.05, 0.01]),
        ),
        Case(
            f"{name}: zero gradients on the first steps, then a gradient",
            _scenario(make, lambda: _network(780), [lambda p: {"d" + k: np.zeros_like(a) for k, a in p.items()}] * 2
                      + [_random(790)]),
        ),
    )


def _gd(nn):
    return nn.optimizers.GradientDescent(0.1)


def _momentum(nn):
    return nn.optimizers.Momentum(0.1, beta=0.8)


def _adam(nn):
    return nn.optimizers.Adam(lr=0.01, beta1=0.8, beta2=0.9, eps=1e-8)


def _adam_big_eps(nn):
    return nn.optimizers.Adam(lr=0.05, beta1=0.9, beta2=0.999, eps=0.1)


_ADAM_HEAD = (
    "def step(self, params, grads):\n"
    "    _check_step(params, grads)\n"
    "    _zeros_state(self.m, params, 'm')\n"
    "    _zeros_state(self.v, params, 'v')\n"
)

EXERCISES = [
    Exercise(
        "optimizers.GradientDescent.step", chapter=7, number=1, equation="gd-update",
        cases=_optimizer_cases(_gd, "GradientDescent(0.1)"),
        mistakes=(
            Mistake(
                "new arrays instead of in place",
                "step replaced params[k] by a new array (params[k] = params[k] - lr * g); update the caller's arrays "
                "in place, p -= lr * g, since other code (the network, the optimizer state) holds those same arrays "
                "(eq. (gd-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    for key in params:\n"
                "        params[key] = params[key] - self.lr * grads['d' + key]\n",
            ),
            Mistake(
                "gradient ascent",
                "the parameters moved along the gradient: gradient descent subtracts it, p <- p - lr * dp "
                "(eq. (gd-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    for key, p in params.items():\n"
                "        p += self.lr * grads['d' + key]\n",
            ),
            Mistake(
                "learning rate ignored",
                "the step must be scaled by the learning rate: p <- p - lr * dp, with lr read from self.lr at each "
                "step (eq. (gd-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    for key, p in params.items():\n"
                "        p -= grads['d' + key]\n",
            ),
        ),
    ),
    Exercise(
        "optimizers.Momentum.step", chapter=7, number=2, equation="momentum-update",
        cases=_optimizer_cases(_momentum, "Momentum(0.1, beta=0.8)"),
        mistakes=(
            Mistake(
                "velocity without (1 - beta)",
                "the course's momentum is a moving average: v <- beta * v + (1 - beta) * g; without (1 - beta) the "
                "steps are 1/(1 - beta) times larger (eq. (momentum-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    _zeros_state(self.v, params, 'v')\n"
                "    for key, p in params.items():\n"
                "        self.v[key] = self.beta * self.v[key] + grads['d' + key]\n"
                "        p -= self.lr * self.v[key]\n",
            ),
            Mistake(
                "velocity not kept",
                "the velocity must be stored back in self.v[k] after each step, otherwise every step starts again from "
                "v = 0 and momentum has no memory: v <- beta * v + (1 - beta) * g (eq. (momentum-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    _zeros_state(self.v, params, 'v')\n"
                "    for key, p in params.items():\n"
                "        v = self.beta * self.v[key] + (1 - self.beta) * grads['d' + key]\n"
                "        p -= self.lr * v\n",
            ),
            Mistake(
                "update with the old velocity",
                "update the velocity first, then the parameter with the new velocity: v <- beta * v + (1 - beta) * g, "
                "p <- p - lr * v (eq. (momentum-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    _zeros_state(self.v, params, 'v')\n"
                "    for key, p in params.items():\n"
                "        p -= self.lr * self.v[key]\n"
                "        self.v[key] = self.beta * self.v[key] + (1 - self.beta) * grads['d' + key]\n",
            ),
            Mistake(
                "beta and 1 - beta swapped",
                "beta weighs the old velocity and (1 - beta) the new gradient: v <- beta * v + (1 - beta) * g "
                "(eq. (momentum-update), chapter 07)",
                "def step(self, params, grads):\n"
                "    _zeros_state(self.v, params, 'v')\n"
                "    for key, p in params.items():\n"
                "        self.v[key] = (1 - self.beta) * self.v[key] + self.beta * grads['d' + key]\n"
                "        p -= self.lr * self.v[key]\n",
            ),
        ),
    ),
    Exercise(
        "optimizers.Adam.step", chapter=7, number=3, equation="adam-update",
        cases=_optimizer_cases(_adam, "Adam(lr=0.01, beta1=0.8, beta2=0.9)") + (
            Case(
                "Adam(lr=0.05, eps=0.1): eps added outside the square root, four steps",
                _scenario(_adam_big_eps, lambda: _network(800), [_random(810, 0.01), _random(820, 0.01),
                                                                  _random(830, 0.01), _random(840, 0.01)]),
            ),
        ),
        mistakes=(
            Mistake(
                "no bias correction",
                "Adam divides the moments by (1 - beta1^t) and (1 - beta2^t) before the update; without this bias "
                "correction the first steps are far too small or too large: p <- p - lr * m_hat / (sqrt(v_hat) + eps) "
                "(eq. (adam-update), chapter 07)",
                _ADAM_HEAD + "    self.t += 1\n"
                "    for key, p in params.items():\n"
                "        g = grads['d' + key]\n"
                "        self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
                "        self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g ** 2\n"
                "        p -= self.lr * self.m[key] / (np.sqrt(self.v[key]) + self.eps)\n",
            ),
            Mistake(
                "t starts at 0",
                "increment self.t before using it, so the first step has t = 1; with t = 0 the bias correction "
                "1 - beta^0 = 0 divides by zero (eq. (adam-update), chapter 07)",
                _ADAM_HEAD + "    t = self.t\n"
                "    for key, p in params.items():\n"
                "        g = grads['d' + key]\n"
                "        self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
                "        self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g ** 2\n"
                "        m_hat = self.m[key] / (1 - self.beta1 ** t)\n"
                "        v_hat = self.v[key] / (1 - self.beta2 ** t)\n"
                "        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
                "    self.t += 1\n",
            ),
            Mistake(
                "t counted per parameter",
                "t counts calls of step, not parameters: increment self.t once per step, before the loop over "
                "the parameters (eq. (adam-update), chapter 07)",
                _ADAM_HEAD + "    for key, p in params.items():\n"
                "        self.t += 1\n"
                "        t = self.t\n"
                "        g = grads['d' + key]\n"
                "        self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
                "        self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g ** 2\n"
                "        m_hat = self.m[key] / (1 - self.beta1 ** t)\n"
                "        v_hat = self.v[key] / (1 - self.beta2 ** t)\n"
                "        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
            ),
            Mistake(
                "bias-corrected moments stored",
                "keep the raw moving averages m and v in self.m, self.v; the bias-corrected m_hat, v_hat are used for "
                "the update only (eq. (adam-update), chapter 07)",
                _ADAM_HEAD + "    self.t += 1\n"
                "    t = self.t\n"
                "    for key, p in params.items():\n"
                "        g = grads['d' + key]\n"
                "        self.m[key] = (self.beta1 * self.m[key] + (1 - self.beta1) * g) / (1 - self.beta1 ** t)\n"
                "        self.v[key] = (self.beta2 * self.v[key] + (1 - self.beta2) * g ** 2) / (1 - self.beta2 ** t)\n"
                "        p -= self.lr * self.m[key] / (np.sqrt(self.v[key]) + self.eps)\n",
            ),
            Mistake(
                "eps inside the square root",
                "eps is added after the square root: p <- p - lr * m_hat / (sqrt(v_hat) + eps), not "
                "sqrt(v_hat + eps) (eq. (adam-update), chapter 07)",
                _ADAM_HEAD + "    self.t += 1\n"
                "    t = self.t\n"
                "    for key, p in params.items():\n"
                "        g = grads['d' + key]\n"
                "        self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
                "        self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g ** 2\n"
                "        m_hat = self.m[key] / (1 - self.beta1 ** t)\n"
                "        v_hat = self.v[key] / (1 - self.beta2 ** t)\n"
                "        p -= self.lr * m_hat / np.sqrt(v_hat + self.eps)\n",
            ),
            Mistake(
                "gradient not squared in v",
                "the second moment averages the squared gradient: v <- beta2 * v + (1 - beta2) * g**2 "
                "(eq. (adam-update), chapter 07)",
                _ADAM_HEAD + "    self.t += 1\n"
                "    t = self.t\n"
                "    for key, p in params.items():\n"
                "        g = grads['d' + key]\n"
                "        self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
                "        self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g\n"
                "        m_hat = self.m[key] / (1 - self.beta1 ** t)\n"
                "        v_hat = self.v[key] / (1 - self.beta2 ** t)\n"
                "        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
            ),
        ),
    ),
]
