"""The "Before you send" rules as data: ``message_rules.toml``, validated when loaded."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from repair_app.core.content import ContentError
from repair_app.core.message_rules import MessageRules, parse_message_rules

MESSAGE_RULES_FILE = Path(__file__).with_name("message_rules.toml")


def load_message_rules(path: Path = MESSAGE_RULES_FILE, *, phase_count: int = 4) -> MessageRules:
    """Read and validate a rules file; a malformed one raises ContentError naming the file
    and the exact place (``…/message_rules.toml: kinds[2].phrases[4]: not a valid pattern``)."""
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
        return parse_message_rules(doc, phase_count=phase_count)
    except ContentError as error:
        raise ContentError(f"{path}: {error}") from error


@cache
def default_message_rules() -> MessageRules:
    """The bundled rules, loaded once (the app loads them at start, so a bad file stops it
    there with a clear message rather than later on the screen)."""
    return load_message_rules()
