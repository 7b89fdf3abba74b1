"""The apology builder's rules: ``apology_rules.toml`` joined to the message rules."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from repair_app.content.message_rules import default_message_rules
from repair_app.content.validated import passed
from repair_app.core.apology import ApologyRules, combine_rules
from repair_app.core.content import ContentError
from repair_app.core.message_rules import MessageRules, parse_message_rules

APOLOGY_RULES_FILE = Path(__file__).with_name("apology_rules.toml")


def load_apology_rules(path: Path = APOLOGY_RULES_FILE, *,
                       messages: MessageRules | None = None,
                       phase_count: int = 4) -> ApologyRules:
    """Read and validate the apology rules and join them to the message rules; a
    malformed file raises ContentError naming the file and the exact place."""
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
    try:
        lead = doc.pop("lead_kinds", [])
        if not isinstance(lead, list) or not all(isinstance(k, str) for k in lead):
            raise ContentError("lead_kinds: expected a list of message rule ids")
        own = parse_message_rules(doc, phase_count=phase_count,
                                  check_phrases=not passed(path, data))
        return combine_rules(messages or default_message_rules(), own, lead)
    except ContentError as error:
        raise ContentError(f"{path}: {error}") from error


@cache
def default_apology_rules() -> ApologyRules:
    """The bundled rules, loaded once (validated at app start)."""
    return load_apology_rules()
