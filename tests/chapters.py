"""The chapter notebooks of the book, as listed in _toc.yml."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CHAPTER_DIR = re.compile(r"chapters/(\d\d)_[a-z_]+/[a-z_]+$")


def toc_files() -> list[str]:
    """Files of the table of contents, in order (without suffix), the root first."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [toc["root"]] + [entry["file"] for entry in toc.get("chapters", [])]


def chapter_notebooks() -> list[tuple[int, Path]]:
    """(chapter number, notebook path) of every chapter listed in the table of contents."""
    found = []
    for name in toc_files()[1:]:
        match = CHAPTER_DIR.fullmatch(name)
        assert match, f"_toc.yml entry {name!r} is not chapters/NN_topic/notebook"
        found.append((int(match.group(1)), REPO / f"{name}.ipynb"))
    return found
