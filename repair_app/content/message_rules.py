"""The "Before you send" rules as data: ``message_rules.toml``, validated when loaded."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from repair_app.content import load_content_file
from repair_app.core.message_rules import MessageRules, parse_message_rules

MESSAGE_RULES_FILE = Path(__file__).with_name("message_rules.toml")


def load_message_rules(path: Path = MESSAGE_RULES_FILE, *, phase_count: int = 4) -> MessageRules:
    """Read and validate a rules file; a malformed one raises ContentError naming the file
    and the exact place (``…/message_rules.toml: kinds[2].phrases[4]: not a valid pattern``)."""
    return load_content_file(path, lambda doc: parse_message_rules(doc,
                                                                   phase_count=phase_count))


@cache
def default_message_rules() -> MessageRules:
    """The bundled rules, loaded once (the app loads them at start, so a bad file stops it
    there with a clear message rather than later on the screen)."""
    return load_message_rules()
