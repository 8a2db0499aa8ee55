# Generated from solutions/nnlib/viz.py by `python -m autograder stubs`: maintainers edit the solution there.
"""Figures that respond to sliders, for the chapters (given to students, not an exercise).

One definition serves both places a chapter is read:

* in a live Jupyter kernel, :func:`explore` shows ipywidgets controls and redraws the figure
  with the student's own ``nnlib``; while a function it needs is still a stub, it shows
  "implement nnlib.x.y (chapter N, exercise K) to bring this to life" instead;
* on the static website (the book build sets ``NNFS_STATIC_WIDGETS=1``), it renders the figure
  for every point of the controls' small grids with the reference ``nnlib`` and emits HTML
  whose frames a small script (``nnfs-explorable.js``) swaps as the reader moves a control.

Example::

    from nnlib import viz

    def draw(w, b):
        fig, ax = viz.figure()
        ...
        return fig

    viz.explore(draw, alt="A neuron's output as its weight and bias change",
                w=viz.slider(-2, 2, 9), b=viz.slider(-1, 1, 5, default=0.0))
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import os
import re
from dataclasses import dataclass

import numpy as np

STATIC_ENV = "NNFS_STATIC_WIDGETS"
MAX_FRAMES = 64
_STUB = re.compile(r"implement (nnlib\.[\w.]+) \(chapter (\d+), exercise (\d+)\)")


@dataclass(frozen=True)
class Control:
    """A control of an explorable figure: a slider over a grid of numbers, or a choice of options."""

    values: tuple
    label: str | None = None
    default_index: int = 0
    kind: str = "slider"

    def text(self, value) -> str:
        """How a value is shown next to the control."""
        return f"{value:.3g}" if self.kind == "slider" else str(value)


def slider(low: float, high: float, n: int, label: str | None = None, default: float | None = None) -> Control:
    """A slider over ``n`` evenly spaced values from ``low`` to ``high`` (the static site renders each).

    Args:
        low, high: ends of the grid.
        n: number of grid points, >= 2.
        label: text shown before the slider (default: the parameter name).
        default: initial value; the grid point nearest to it (default: the middle point).
    """
    if not (isinstance(n, (int, np.integer)) and n >= 2):
        raise ValueError(f"a slider needs n >= 2 grid points, got {n!r}")
    if not low < high:
        raise ValueError(f"a slider needs low < high, got {low!r} and {high!r}")
    values = tuple(float(v) for v in np.linspace(low, high, int(n)))
    index = len(values) // 2 if default is None else int(np.argmin([abs(v - default) for v in values]))
    return Control(values, label, index, "slider")


def choice(options, label: str | None = None, default=None) -> Control:
    """A choice among ``options`` (strings or numbers), shown as a drop-down list."""
    options = tuple(options)
    if len(options) < 2:
        raise ValueError(f"a choice needs at least 2 options, got {options!r}")
    if default is not None and default not in options:
        raise ValueError(f"default {default!r} is not one of the options {options!r}")
    return Control(options, label, 0 if default is None else options.index(default), "choice")


def figure(width: float = 6.4, height: float = 3.6, ncols: int = 1, nrows: int = 1):
    """A matplotlib figure sized for the book (``fig, ax`` or ``fig, axes``) that never opens a window."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True)
    return fig, axes


def static_mode() -> bool:
    """True while the book is being built (frames are pre-rendered instead of live widgets)."""
    return os.environ.get(STATIC_ENV) == "1"


def explore(draw, *, alt: str, max_frames: int = MAX_FRAMES, **controls: Control):
    """Show ``draw(**values)`` with a control per keyword argument.

    Args:
        draw: function of the control values returning a matplotlib ``Figure``.
        alt: text alternative describing what the figure shows (screen readers, static frames).
        max_frames: largest allowed product of the grid sizes (each is one image on the website).
        **controls: name -> :func:`slider` or :func:`choice`, passed to ``draw`` by name.

    Returns:
        None (the controls and figure are displayed).

    Raises:
        ValueError: no controls, a control of the wrong type, empty alt text, or too many frames.
    """
    if not controls:
        raise ValueError("explore needs at least one control, e.g. w=viz.slider(-2, 2, 9)")
    for name, control in controls.items():
        if not isinstance(control, Control):
            raise ValueError(f"control {name!r} must be made with viz.slider or viz.choice, got {type(control).__name__}")
    if not alt or not alt.strip():
        raise ValueError("explore needs alt text describing the figure")
    n_frames = int(np.prod([len(c.values) for c in controls.values()]))
    if n_frames > max_frames:
        raise ValueError(f"{n_frames} frames exceed max_frames={max_frames}: use coarser grids")
    if static_mode():
        from IPython.display import HTML, display

        display(HTML(static_html(draw, alt, controls)))
        return None
    _live(draw, alt, controls)
    return None


def show(fig, *, alt: str) -> None:
    """Display a matplotlib figure as an image with alt text (in a kernel and on the website alike).

    Args:
        fig: the ``Figure`` to show (e.g. from :func:`figure`).
        alt: text alternative describing what the figure shows.

    Raises:
        ValueError: empty alt text.
    """
    from IPython.display import HTML, display

    if not alt or not alt.strip():
        raise ValueError("show needs alt text describing the figure")
    data = base64.b64encode(_png(fig, dpi=90)).decode("ascii")
    display(HTML(f'<img class="nnfs-figure" src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'))


# ----------------------------------------------------------------------------- static website


def _png(fig, dpi: int = 80) -> bytes:
    """The figure as a compact palette PNG (a few tens of kB)."""
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    small = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(small, format="PNG", optimize=True)
    return small.getvalue()


def static_html(draw, alt: str, controls: dict) -> str:
    """HTML with every frame of the grid pre-rendered and the controls that select one."""
    names = list(controls)
    frames = []
    for values in itertools.product(*(controls[n].values for n in names)):
        fig = draw(**dict(zip(names, values)))
        frames.append(base64.b64encode(_png(fig)).decode("ascii"))
    start = [controls[n].default_index for n in names]
    index = int(np.ravel_multi_index(start, [len(controls[n].values) for n in names]))
    spec = {
        "alt": alt,
        "controls": [
            {"name": n, "label": controls[n].label or n, "labels": [controls[n].text(v) for v in controls[n].values]}
            for n in names
        ],
        "frames": frames,
    }
    rows = []
    for n, i in zip(names, start):
        c = controls[n]
        label = html.escape(c.label or n)
        if c.kind == "slider":
            widget = (
                f'<input type="range" min="0" max="{len(c.values) - 1}" step="1" value="{i}" '
                f'data-control="{html.escape(n)}" aria-label="{label}">'
            )
        else:
            options = "".join(
                f'<option value="{k}"{" selected" if k == i else ""}>{html.escape(c.text(v))}</option>'
                for k, v in enumerate(c.values)
            )
            widget = f'<select data-control="{html.escape(n)}" aria-label="{label}">{options}</select>'
        rows.append(
            f'<label class="nnfs-control"><span class="nnfs-name">{label}</span>{widget}'
            f'<output>{html.escape(c.text(c.values[i]))}</output></label>'
        )
    current = ", ".join(f"{controls[n].label or n} = {controls[n].text(controls[n].values[i])}" for n, i in zip(names, start))
    return (
        '<div class="nnfs-explorable">'
        f'<div class="nnfs-controls">{"".join(rows)}</div>'
        f'<img class="nnfs-frame" src="data:image/png;base64,{frames[index]}" alt="{html.escape(alt)} ({html.escape(current)})">'
        f'<script type="application/json" class="nnfs-frames">{json.dumps(spec)}</script>'
        "</div>"
    )


# ----------------------------------------------------------------------------- live kernel


def stub_message(error: NotImplementedError) -> str | None:
    """"implement `nnlib.x.y` (chapter N, exercise K) to bring this to life" for a stub's error, else None."""
    match = _STUB.search(str(error))
    if match is None:
        return None
    name, chapter, number = match.groups()
    return f"implement `{name}` (chapter {int(chapter)}, exercise {number}) to bring this to life"


def _live(draw, alt: str, controls: dict):
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    inputs = {}
    for name, c in controls.items():
        options = [(c.text(v), v) for v in c.values]
        description = c.label or name
        if c.kind == "slider":
            inputs[name] = widgets.SelectionSlider(options=options, value=c.values[c.default_index], description=description)
        else:
            inputs[name] = widgets.Dropdown(options=options, value=c.values[c.default_index], description=description)
    out = widgets.Output()

    def update(**values):
        out.clear_output(wait=True)
        with out:
            try:
                fig = draw(**values)
            except NotImplementedError as error:
                message = stub_message(error)
                if message is None:
                    raise
                display(Markdown(f"**{message}**"))
                return
            display(fig)

    widgets.interactive_output(update, inputs)
    box = widgets.VBox([widgets.HBox(list(inputs.values())), out])
    box.layout.width = "100%"
    box.add_class("nnfs-explorable")
    out.add_class("nnfs-frame")
    display(box)
    display(Markdown(f"*Figure: {alt}.*"))
    return box
