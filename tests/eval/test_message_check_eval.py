"""The check against a hand-labelled set of realistic messages (tests/eval/*.toml).

Prints precision and recall per kind, for the whole set and for the held-out round on its
own, and fails if overall precision drops below 0.85. Command for the figures:
``python -m pytest tests/eval -q``.
"""

from __future__ import annotations

import pytest

from repair_app.content.message_rules import default_message_rules

from .evaluation import evaluate, load_examples

MIN_PRECISION = 0.85


@pytest.fixture(scope="module")
def report():
    return evaluate(default_message_rules(), load_examples())


@pytest.fixture(scope="module")
def held_out_report():
    return evaluate(default_message_rules(),
                    [e for e in load_examples() if e.set == "held-out"])


def test_the_set_is_big_and_balanced():
    examples = load_examples()
    harmful = [e for e in examples if e.expect]
    fine = [e for e in examples if not e.expect]
    assert len(examples) >= 80
    assert len(harmful) >= 30 and len(fine) >= 30
    kinds = {k.id for k in default_message_rules().kinds}
    labelled = set().union(*(e.expect for e in examples))
    assert labelled <= kinds, f"unknown labels: {labelled - kinds}"
    # contempt and guilt came with issue 13; they are scored on tests/eval/data
    assert kinds - labelled <= {"contempt", "guilt"}, f"kinds with no example: {kinds - labelled}"


def test_precision_and_recall(report, held_out_report, capsys):
    examples = load_examples()
    held = sum(1 for e in examples if e.set == "held-out")
    with capsys.disabled():
        print(f"\nAll {len(examples)} labelled messages:")
        print("\n".join(report.lines()))
        print(f"Held-out round only ({held} messages, never used to tune the rules):")
        print("\n".join(held_out_report.lines()))
        print("Disagreements:")
        for mistake in report.mistakes:
            print("  ", mistake)
    assert report.overall.precision >= MIN_PRECISION
    assert report.messages.precision >= MIN_PRECISION
