"""The wording-similarity index the held-out tables and the near-duplicate filter use."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .similarity import NEAR_DUPLICATE, Nearest

WORDS = ["you", "late", "again", "sorry", "love", "the", "dog", "car", "never", "call",
         "me", "back", "ok", "why", "dinner", "home", "😂", "tonight"]
messages = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


def test_a_reworded_message_is_not_a_near_duplicate():
    index = Nearest(["you left the back door open again", "see you at seven"])
    assert index.nearest_at_least("You left the back door open AGAIN", NEAR_DUPLICATE)[1] == 0
    assert index.nearest_at_least("the door was open when I got home", NEAR_DUPLICATE) == \
        (0.0, -1)


@settings(max_examples=200, deadline=None)
@given(st.lists(messages, min_size=1, max_size=30), messages,
       st.sampled_from([0.3, 0.5, 0.8, 0.95]))
def test_the_fast_search_agrees_with_the_full_one(texts, query, threshold):
    """Prefix filtering finds every text at least ``threshold`` similar: the same answer as
    scoring every text that shares a gram."""
    index = Nearest(texts)
    best, _ = index.nearest(query)
    found, at = index.nearest_at_least(query, threshold)
    if best >= threshold:
        assert abs(found - best) < 1e-9 and at >= 0
    else:
        assert (found, at) == (0.0, -1)
