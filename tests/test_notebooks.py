"""Chapter notebooks: committed clean, valid for nbgrader, and complete for their exercises."""

import re

import nbformat
import pytest
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

from autograder import registry
from autograder.nbgrader_plugin import grade_id
from tests.chapters import REPO, chapter_notebooks

CHAPTERS = chapter_notebooks()
IDS = [p.parent.name for _, p in CHAPTERS]


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_every_chapter_folder_is_in_the_table_of_contents():
    on_disk = sorted(p.relative_to(REPO) for p in (REPO / "chapters").glob("*/*.ipynb"))
    listed = sorted(p.relative_to(REPO) for _, p in CHAPTERS)
    assert on_disk == listed


@pytest.mark.parametrize("chapter,path", CHAPTERS, ids=IDS)
def test_committed_without_outputs_and_valid(chapter, path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"outputs committed in {path.name}"


@pytest.mark.parametrize("chapter,path", CHAPTERS, ids=IDS)
def test_nbgrader_metadata(chapter, path):
    nb = nbformat.read(path, as_version=4)
    MetadataValidatorV3().validate_nb(nb)
    ids = [_nbgrader(c)["grade_id"] for c in nb.cells if _nbgrader(c)]
    assert len(ids) == len(set(ids)), f"duplicate grade ids in {path.name}"
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if meta.get("grade"):
            assert meta.get("points", 0) > 0, f"graded cell {meta['grade_id']} has no points"
        text = cell.source
        if "BEGIN SOLUTION" in text or "BEGIN HIDDEN TESTS" in text:
            assert "remove-cell" in _tags(cell), f"cell {meta.get('grade_id')} carries an answer but is not removed from the site"


@pytest.mark.parametrize("chapter,path", CHAPTERS, ids=IDS)
def test_each_exercise_has_spec_check_and_hidden_autograder_cell(chapter, path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for exercise in registry.for_chapter(chapter):
        assert f"nnlib.{exercise.id}" in markdown or f"`{exercise.qualname}`" in markdown, f"no spec for {exercise.id}"
        checks = [c for c in nb.cells if c.cell_type == "code" and f'check("{exercise.id}")' in c.source]
        assert checks, f"no visible check cell for {exercise.id}"
        assert all("remove-cell" not in _tags(c) for c in checks)
        graded = [
            c for c in nb.cells
            if c.cell_type == "code" and _nbgrader(c).get("grade") and f'assert_exercise("{exercise.id}")' in c.source
        ]
        assert len(graded) == 1, f"{exercise.id} needs exactly one hidden autograder cell"
        cell = graded[0]
        assert re.search(r"### BEGIN HIDDEN TESTS.*assert_exercise.*### END HIDDEN TESTS", cell.source, re.S)
        assert _nbgrader(cell)["points"] == exercise.points
        assert _nbgrader(cell)["grade_id"] == grade_id(exercise.id)  # how autograde finds the cell
        assert "remove-cell" in _tags(cell)


@pytest.mark.parametrize("chapter,path", CHAPTERS, ids=IDS)
def test_manually_graded_derivation_questions(chapter, path):
    nb = nbformat.read(path, as_version=4)
    answers = [c for c in nb.cells if c.cell_type == "markdown" and _nbgrader(c).get("solution") and _nbgrader(c).get("grade")]
    assert len(answers) >= 2, "each chapter asks at least two derivation questions"
    for cell in answers:
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source


@pytest.mark.parametrize("chapter,path", CHAPTERS, ids=IDS)
def test_equations_of_the_exercises_are_labelled_in_their_chapter(chapter, path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    labels = set(re.findall(r"\$\$\s*\(([a-z0-9-]+)\)", markdown))
    for exercise in registry.for_chapter(chapter):
        assert exercise.equation in labels, f"eq. ({exercise.equation}) is not a labelled equation of {path.name}"


@pytest.mark.parametrize("chapter,path", CHAPTERS, ids=IDS)
def test_at_least_two_widgets(chapter, path):
    nb = nbformat.read(path, as_version=4)
    assert sum(c.source.count("viz.explore(") for c in nb.cells if c.cell_type == "code") >= 2


def test_equation_labels_are_unique_across_the_book():
    seen = {}
    for _, path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        for label in re.findall(r"\$\$\s*\(([a-z0-9-]+)\)", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")):
            assert label not in seen, f"label {label} in {path.name} and {seen[label]}"
            seen[label] = path.name


def test_every_equation_cited_by_the_grader_and_checks_exists_in_the_book():
    """Messages say "reread eq. (label), chapter NN": the label must be an equation of that chapter."""
    defined = {}
    for chapter, path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        for label in re.findall(r"\$\$\s*\(([a-z0-9-]+)\)", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")):
            defined[label] = chapter
    sources = [REPO / "autograder" / "checks.py", *sorted((REPO / "autograder" / "cases").glob("ch*.py"))]
    cited = set()
    for source in sources:
        text = source.read_text()
        cited.update((label, int(ch)) for label, ch in re.findall(r"eq\. \(([a-z0-9-]+)\),? (?:of )?chapter (\d+)", text))
    assert cited, "found no citations to check"
    wrong = sorted((label, ch) for label, ch in cited if defined.get(label) != ch)
    assert not wrong, f"cited equations missing from their chapter: {wrong}"
