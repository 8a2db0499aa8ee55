"""The website: builds with warnings as errors, leaks nothing, works offline in a real browser.

The book is built once per test session into a temporary folder (every notebook executes there,
against the reference nnlib). The browser tests drive Debian's chromium through Playwright.
"""

from __future__ import annotations

import functools
import gzip
import io
import html as html_lib
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from autograder import stubgen
from tests.chapters import REPO, chapter_notebooks, toc_files

pytestmark = pytest.mark.xdist_group("book")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PAGE_BUDGET = 3 * 1024 * 1024
FORBIDDEN = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "assert_exercise")


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    done = subprocess.run(
        [str(jupyter_book), "build", str(REPO), "--path-output", str(out), "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True, text=True, timeout=1800,
    )
    return done, out / "_build" / "html"


def test_book_builds_without_warnings(book):
    done, html = book
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert "build succeeded" in log
    assert not re.search(r"WARNING: ", re.sub(r"\[IPKernelApp\] WARNING \|[^\n]*", "", log)), log[-4000:]


def test_every_page_of_the_table_of_contents_is_built(book):
    _, html = book
    for name in toc_files():
        assert (html / f"{name}.html").is_file(), name


def test_notebook_sources_are_not_published(book):
    _, html = book
    assert not list(html.rglob("*.ipynb"))
    assert not (html / "_sources").exists()


def _solution_lines() -> set[str]:
    """Distinctive lines of the reference solutions and of the model answers, whitespace-normalized.

    Code lines count from 30 characters, unless students are given them anyway (a docstring of the
    stubs may spell out a line, as MLP.fit's does); model-answer lines count only when they are
    prose (six words or more), since a formula of an answer may rightly also stand in the text.
    """
    given = " ".join(" ".join(p.read_text().split()) for p in stubgen.STUBS_DIR.glob("*.py"))
    lines = set()
    for path in stubgen.REFERENCE_DIR.glob("*.py"):
        source = path.read_text().splitlines()
        for begin, end, _ in stubgen.find_regions(path.read_text(), path.stem):
            code = (" ".join(l.split()) for l in source[begin + 1 : end])
            lines.update(l for l in code if len(l) >= 30 and not l.startswith("#") and l not in given)
    for _, notebook in chapter_notebooks():
        for cell in nbformat.read(notebook, as_version=4).cells:
            match = re.search(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, re.S)
            if match:
                prose = (" ".join(l.split()) for l in match.group(1).splitlines())
                lines.update(l for l in prose if len(re.findall(r"\b[A-Za-z]{3,}\b", l)) >= 6)
    return lines


def test_no_solution_or_hidden_test_reaches_the_site(book):
    _, html = book
    solution_lines = _solution_lines()
    assert solution_lines, "found no solution lines to look for"
    for path in html.rglob("*"):
        if path.suffix not in {".html", ".js", ".json", ".txt"} or "mathjax" in path.parts:
            continue
        text = html_lib.unescape(path.read_text(errors="replace"))
        for marker in FORBIDDEN:
            assert marker not in text, f"{marker!r} in {path.relative_to(html)}"
        normalized = " ".join(re.sub(r"<[^>]+>", "", text).split())
        leaked = [l for l in solution_lines if l in normalized]
        assert not leaked, f"solution text in {path.relative_to(html)}: {leaked[:3]}"


# ----------------------------------------------------------------------------- a real browser


@pytest.fixture(scope="session")
def server(book):
    _, html = book
    handler = functools.partial(_QuietHandler, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site like any static host: text compressed with gzip when the browser accepts it."""

    COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map"}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.suffix not in self.COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert shutil.which("chromium") or Path(CHROMIUM).exists(), (
        "Debian's chromium is needed for the browser tests: apt-get install -y chromium (make test does it as root)"
    )
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def _visit(browser, url: str, origin: str):
    """Open ``url``; return the page and what happened: foreign requests, console errors, bytes transferred."""
    page = browser.new_page()
    seen = {"foreign": [], "errors": [], "bytes": 0}

    def route(request_route):
        request_url = request_route.request.url
        if request_url.startswith(origin) or request_url.startswith("data:"):
            request_route.continue_()
        else:
            seen["foreign"].append(request_url)
            request_route.abort()

    def on_finished(request):
        if not request.url.startswith("data:"):
            seen["bytes"] += request.sizes()["responseBodySize"]  # bytes on the wire (compressed)

    page.route("**/*", route)
    page.on("console", lambda msg: seen["errors"].append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("requestfinished", on_finished)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, seen


PAGES = toc_files()


@pytest.mark.parametrize("name", PAGES)
def test_page_is_offline_error_free_typeset_and_within_budget(browser, server, name):
    page, seen = _visit(browser, f"{server}/{name}.html", server)
    try:
        assert seen["foreign"] == [], f"requests left the site: {seen['foreign'][:5]}"
        assert seen["errors"] == [], f"console errors: {seen['errors'][:5]}"
        if page.locator(".math").count():
            page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=20000)
            assert page.locator("mjx-merror").count() == 0, "MathJax reported a TeX error"
        assert seen["bytes"] <= PAGE_BUDGET, f"{name} transfers {seen['bytes'] / 1e6:.2f} MB (> 3 MB)"
    finally:
        page.close()


@pytest.mark.parametrize("name", PAGES[1:])
def test_every_static_widget_control_changes_the_figure(browser, server, name):
    page, _ = _visit(browser, f"{server}/{name}.html", server)
    try:
        widgets = page.locator(".nnfs-explorable")
        assert widgets.count() >= 2, "a chapter has at least two widgets"
        for w in range(widgets.count()):
            widget = widgets.nth(w)
            img = widget.locator("img.nnfs-frame")
            controls = widget.locator("[data-control]")
            assert controls.count() >= 1
            for k in range(controls.count()):
                control = controls.nth(k)
                before = img.get_attribute("src")
                if control.evaluate("e => e.tagName") == "SELECT":
                    options = control.locator("option")
                    current = control.input_value()
                    target = next(options.nth(i).get_attribute("value") for i in range(options.count())
                                  if options.nth(i).get_attribute("value") != current)
                    control.select_option(target)
                else:
                    top = control.get_attribute("max")
                    control.fill("0" if control.input_value() == top else top)
                after = img.get_attribute("src")
                assert after != before, f"widget {w} control {k} of {name} does not change the figure"
                assert img.get_attribute("alt"), f"widget {w} of {name} lost its alt text"
    finally:
        page.close()
