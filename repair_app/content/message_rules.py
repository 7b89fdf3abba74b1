"""The "Before you send" rules as data: ``message_rules.toml``, validated when loaded, and
the learned layer's weights, ``message_model.json`` (written by
``scripts/train_message_model.py``), loaded on the first check that needs them."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from functools import cache, lru_cache
from pathlib import Path

from repair_app.content import load_content_file
from repair_app.core.content import ContentError
from repair_app.core.message_model import MessageModel, parse_message_model
from repair_app.core.message_rules import IndexPlan, Kind, MessageRules, parse_message_rules

log = logging.getLogger(__name__)

MESSAGE_RULES_FILE = Path(__file__).with_name("message_rules.toml")
MESSAGE_MODEL_FILE = Path(__file__).with_name("message_model.json")
#: The phrase index's plan for the bundled rules, written ahead by
#: ``python scripts/write_message_rules_plan.py`` (a test says when it is out of date).
MESSAGE_PLAN_FILE = Path(__file__).with_name("message_rules.plan.json")


def load_message_model(path: Path = MESSAGE_MODEL_FILE) -> MessageModel:
    """Read and validate the learned layer's weights; a problem raises ContentError naming
    the file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror or error})") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContentError(f"{path}: is not valid JSON ({error})") from error
    try:
        return parse_message_model(doc)
    except ContentError as error:
        raise ContentError(f"{path}: {error}") from error


def load_message_rules(path: Path = MESSAGE_RULES_FILE, *, phase_count: int = 4,
                       model_file: Path | None = MESSAGE_MODEL_FILE,
                       plan_file: Path | None = None) -> MessageRules:
    """Read and validate a rules file; a malformed one raises ContentError naming the file
    and the exact place (``…/message_rules.toml: kinds[2].phrases[4]: not a valid pattern``).
    ``model_file``: the learned layer to attach (loaded lazily), or None for rules only.
    ``plan_file``: the phrase index's plan written ahead for these rules (read when the
    index is built; one for other phrases, or unreadable, is worked out again instead)."""
    rules = load_content_file(
        path, lambda doc: parse_message_rules(doc, phase_count=phase_count),
        parse_passed=lambda doc: parse_message_rules(doc, phase_count=phase_count,
                                                     check_phrases=False))
    if model_file is not None:
        rules = dataclasses.replace(rules, model_loader=lambda: _shared_model(model_file))
    if plan_file is not None:
        rules = dataclasses.replace(rules, plan_loader=lambda kinds: read_index_plan(
            plan_file, kinds))
        IndexPlan.key(rules.kinds)  # (remembered: the first check needs it)
    return rules


def read_index_plan(path: Path, kinds: tuple[Kind, ...]) -> IndexPlan | None:
    """The plan in ``path`` if it was written for exactly these phrases; else None (and
    the index works its plan out itself: slower, never wrong)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        plan = IndexPlan.from_doc(doc, IndexPlan.key(kinds))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError, ContentError) as error:
        # (ValueError: not UTF-8, not JSON, or a number too long to read)
        log.warning("%s: not used, the phrase index works its plan out instead (%s)",
                    path, error)
        return None
    if plan is None:
        log.info("%s: written for other phrases, not used", path)
    return plan


def write_index_plan(rules: MessageRules, path: Path = MESSAGE_PLAN_FILE) -> None:
    """Write the plan of ``rules``'s phrase index for ``read_index_plan``."""
    doc = IndexPlan.of(rules.kinds).to_doc(IndexPlan.key(rules.kinds))
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":"),
                                  sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)


@lru_cache(maxsize=4)
def _shared_model(path: Path) -> MessageModel:
    """One copy of a model file in memory, shared by every rule set that uses it (the
    messages' and the apology builder's); a failed read is not cached."""
    return load_message_model(path)


@cache
def default_message_rules() -> MessageRules:
    """The bundled rules, loaded once (the app loads them at start, so a bad file stops it
    there with a clear message rather than later on the screen). The learned layer comes
    with them and is read on the first check."""
    return load_message_rules(plan_file=MESSAGE_PLAN_FILE)


#: Words most messages start a phrase with ("I", "you", "my", ...): their phrases are
#: compiled while the first check is prepared (unless it comes first), not by that check.
COMMON_FIRST_WORDS = ("I just think you never listen to me and my mum says it's your fault, "
                      "I'm sorry but why are we not ok? If you really cared, so whatever, "
                      "the kids don't know, it was not me, we can talk, can you answer? ok")
_preparing: dict[int, threading.Thread] = {}
_preparing_lock = threading.Lock()


def prepare_first_check(rules: MessageRules) -> threading.Thread:
    """Get ``rules`` ready for a first check that feels instant, on a thread of its own:
    the phrase index, the learned layer, then the phrases of the commonest first words.
    Called when a screen that checks messages is built: the person reads or types for a
    while before the first check, and the app holds none of it (about 5 MB) until someone
    opens such a screen. Started once per rule set; the thread is returned for tests and
    benchmarks to wait on. A check that comes sooner waits for the index and the learned
    layer; compiling ahead stops once a check has started (it compiles what it needs)."""
    with _preparing_lock:
        thread = _preparing.get(id(rules))
        # (an id can be reused by a newer rule set: then the old thread is done and the
        # new set not prepared)
        if thread is None or not (thread.is_alive() or rules.prepared):
            thread = threading.Thread(target=_prepare, args=(rules,), daemon=True,
                                      name="prepare-first-check")
            _preparing[id(rules)] = thread
            thread.start()
        return thread


def _prepare(rules: MessageRules) -> None:
    try:
        index = rules.index
        _ = rules.model
        index.compile_ahead(COMMON_FIRST_WORDS)
    except Exception:  # the check itself will say what is wrong, where it is asked for
        log.exception("preparing the message check failed")
