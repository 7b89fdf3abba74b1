"""The program's words as data: ``program.toml`` is the one file to edit or translate."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from repair_app.content.validated import passed
from repair_app.core.content import ContentError, Program, parse_program

PROGRAM_FILE = Path(__file__).with_name("program.toml")
T = TypeVar("T")


def load_content_file(path: Path, parse: Callable[[dict[str, Any]], T], *,
                      parse_passed: Callable[[dict[str, Any]], T] | None = None) -> T:
    """Read a TOML content file and build typed objects with ``parse``. Any problem raises
    ContentError naming the file and, for a schema error, the exact place in it.
    ``parse_passed``: used instead for bytes that passed the full check before
    (``validated.passed``), to skip the part of the check that only names a mistake."""
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ContentError(f"{path}: is not valid UTF-8 text ({error.reason})") from error
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: is not valid TOML ({error})") from error
    if parse_passed is not None and passed(path, data):
        parse = parse_passed
    try:
        return parse(doc)
    except ContentError as error:
        raise ContentError(f"{path}: {error}") from error


def load_program(path: Path = PROGRAM_FILE) -> Program:
    """Read and validate a content file; a malformed one raises ContentError naming the file."""
    return load_content_file(path, parse_program)


@cache
def default_program() -> Program:
    """The bundled program, loaded once."""
    return load_program()
