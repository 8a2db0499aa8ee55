"""Sphinx extension for the course's book build (listed in _config.yml under sphinx.local_extensions).

* Executed notebook cells see the *reference* ``nnlib``: ``solutions/`` is put first on the
  ``PYTHONPATH`` that the notebook kernels inherit, so every figure and widget is drawn with
  working code, whatever state the student stubs in ``nnlib/`` are in.
* ``NNFS_STATIC_WIDGETS=1`` tells ``nnlib.viz.explore`` to pre-render its frames for the static
  site; ``nnfs-explorable.js`` swaps them as the reader moves a control.
* Jupyter Book always loads sphinx-thebe, whose configuration script is added twice (a console
  error) and points at a CDN; the book has no live kernels, so its scripts are left out of pages.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"


def _kernel_environment() -> None:
    paths = [str(ROOT / "solutions"), str(ROOT)]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    os.environ["NNFS_STATIC_WIDGETS"] = "1"
    os.environ["MPLBACKEND"] = "Agg"
    # Widgets multiply small matrices thousands of times: one BLAS thread is faster than two
    # fighting over two cores with the build itself, and the frames are the same.
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"


def _add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", None) or str(script)
    body = getattr(script, "attributes", {}).get("body", "") if hasattr(script, "attributes") else ""
    return "thebe" in filename or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


def setup(app):
    _kernel_environment()
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", _drop_thebe)
    app.add_js_file("nnfs-explorable.js")
    app.add_css_file("nnfs-explorable.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
