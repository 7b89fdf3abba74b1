"""The program's words as data: ``program.toml`` is the one file to edit or translate."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from repair_app.core.content import ContentError, Program, parse_program

PROGRAM_FILE = Path(__file__).with_name("program.toml")
T = TypeVar("T")


def load_content_file(path: Path, parse: Callable[[dict[str, Any]], T]) -> T:
    """Read a TOML content file and build typed objects with ``parse``. Any problem raises
    ContentError naming the file and, for a schema error, the exact place in it."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ContentError(f"{path}: is not valid UTF-8 text ({error.reason})") from error
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: is not valid TOML ({error})") from error
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
