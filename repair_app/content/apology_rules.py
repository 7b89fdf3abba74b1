"""The apology builder's rules: ``apology_rules.toml`` joined to the message rules."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from repair_app.content import load_content_file
from repair_app.content.message_rules import default_message_rules
from repair_app.core.apology import ApologyRules, combine_rules
from repair_app.core.content import ContentError
from repair_app.core.message_rules import MessageRules, parse_message_rules

APOLOGY_RULES_FILE = Path(__file__).with_name("apology_rules.toml")


def load_apology_rules(path: Path = APOLOGY_RULES_FILE, *,
                       messages: MessageRules | None = None,
                       phase_count: int = 4) -> ApologyRules:
    """Read and validate the apology rules and join them to the message rules; a
    malformed file raises ContentError naming the file and the exact place."""

    def parse(doc: dict[str, Any], check_phrases: bool = True) -> ApologyRules:
        lead = doc.pop("lead_kinds", [])
        if not isinstance(lead, list) or not all(isinstance(k, str) for k in lead):
            raise ContentError("lead_kinds: expected a list of message rule ids")
        own = parse_message_rules(doc, phase_count=phase_count, check_phrases=check_phrases)
        return combine_rules(messages or default_message_rules(), own, lead)

    return load_content_file(path, parse,
                             parse_passed=lambda doc: parse(doc, check_phrases=False))


@cache
def default_apology_rules() -> ApologyRules:
    """The bundled rules, loaded once (validated at app start)."""
    return load_apology_rules()
