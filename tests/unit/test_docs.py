"""The README is the front door and docs/ stands beside it: short, linked, and free of
merge debris (placeholders, empty table cells, broken links, headings glued to tables)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
CHECKED = [README, *DOCS, ROOT / "SECURITY.md", ROOT / "CONTRIBUTING.md"]

# .ci/run runs these; the README must say them exactly.
RUN_COMMAND = "python -m pip install -e . && repair-app"
TEST_COMMAND = 'python -m pip install -e ".[test]" && python -m pytest -q'

PLACEHOLDER = re.compile(r"\b[A-Z]+_RESULT\b")
FENCE = re.compile(r"^(```|~~~)")
LINK = re.compile(r"\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"")
CODE_SPAN = re.compile(r"`[^`]*`")


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) outside fenced code blocks."""
    lines, in_fence = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        if not in_fence:
            lines.append((number, line))
    return lines


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_docs_exist():
    assert {p.name for p in DOCS} >= {"user-guide.md", "phones.md", "architecture.md",
                                      "benchmarks.md"}
    assert all(p.exists() for p in CHECKED)


def test_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 160


def test_readme_holds_the_set_up_commands_verbatim():
    text = README.read_text(encoding="utf-8")
    assert RUN_COMMAND in text
    assert TEST_COMMAND in text


def test_the_ci_script_runs_the_readme_test_command():
    assert TEST_COMMAND.replace("pip install -e", "pip install -q -e") in (
        ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CHECKED, ids=name)
def test_no_placeholder_survives(path):
    found = [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if PLACEHOLDER.search(line)]
    assert not found, f"{name(path)}: placeholders at {found}"


@pytest.mark.parametrize("path", CHECKED, ids=name)
def test_no_empty_table_cell(path):
    empty = [(n, line) for n, line in prose_lines(path)
             if line.lstrip().startswith("|") and re.search(r"\|\s*\|", line)]
    assert not empty, f"{name(path)}: empty table cells at {empty}"


@pytest.mark.parametrize("path", CHECKED, ids=name)
def test_every_relative_link_points_to_a_file(path):
    broken = []
    for number, line in prose_lines(path):
        for match in LINK.finditer(CODE_SPAN.sub("", line)):
            target = (match.group(1) or match.group(2)).split("#")[0]
            if not target or re.match(r"^[a-z]+:", target):
                continue  # an anchor on the same page, or a web address
            if not (path.parent / target).exists():
                broken.append((number, target))
    assert not broken, f"{name(path)}: links to missing files {broken}"


@pytest.mark.parametrize("path", CHECKED, ids=name)
def test_every_heading_follows_a_blank_line(path):
    lines = prose_lines(path)
    pairs = zip(lines[1:], lines[:-1], strict=True)
    glued = [number for (number, line), (before_number, before) in pairs
             if line.startswith("#") and before_number == number - 1 and before.strip()]
    assert not glued, f"{name(path)}: headings right after text at lines {glued}"


def test_each_docs_file_is_linked_from_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [p.name for p in DOCS if f"](docs/{p.name})" not in text]
    assert not missing, f"README does not link {missing}"
