"""How alike two messages' wordings are: cosine similarity of their character 3-gram
counts (case-folded, spaces squeezed, each word padded). 1.0 is the same wording, a
reworded message with the same idea scores about 0.4-0.6, unrelated ones below 0.3."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

NEAR_DUPLICATE = 0.8
#: nearest_at_least reads grams past those that find the candidates until the bound on
#: the rest is this share of the threshold, so fewer candidates are scored in full.
TIGHTEN = 0.85
_SPACE = re.compile(r"\s+")


def grams(text: str) -> Counter[str]:
    padded = " " + _SPACE.sub(" ", text.casefold().replace("\u2019", "'")).strip() + " "
    return Counter(padded[i:i + 3] for i in range(len(padded) - 2))


class Nearest:
    """Finds, for a message, the most similar one in a fixed collection (inverted index)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts: list[str] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.norms: list[float] = []
        self.counts: list[Counter[str]] = []
        self._answers: dict[str, tuple[float, int]] = {}  # cleared by add()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        i = len(self.texts)
        self.texts.append(text)
        self._answers.clear()
        counts = grams(text)
        self.norms.append(math.sqrt(sum(c * c for c in counts.values())) or 1.0)
        self.counts.append(counts)
        for gram, count in counts.items():
            self.postings[gram].append((i, count))

    def nearest(self, text: str) -> tuple[float, int]:
        """(similarity, index) of the most similar text; (0.0, -1) if none shares a gram.
        Each answer is kept: the held-out tables ask for a message more than once."""
        answer = self._answers.get(text)
        if answer is None:
            answer = self._answers[text] = self._search(text)
        return answer

    def _search(self, text: str) -> tuple[float, int]:
        counts = grams(text)
        norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
        dots: dict[int, int] = defaultdict(int)
        for gram, count in counts.items():
            for i, other in self.postings.get(gram, ()):
                dots[i] += count * other
        if not dots:
            return 0.0, -1
        best = max(dots, key=lambda i: dots[i] / self.norms[i])
        return dots[best] / (norm * self.norms[best]), best

    def nearest_at_least(self, text: str, threshold: float) -> tuple[float, int]:
        """What ``nearest`` answers when that similarity is at least ``threshold``, else
        (0.0, -1); much faster for a high threshold (prefix filtering). Grams are taken
        rarest first. By Cauchy-Schwarz, a text that shares none of the grams taken so far
        has cosine at most |rest of the query| / |query|, so once that bound is below
        ``threshold`` only texts already met are candidates; and a candidate whose dot
        product on the grams taken, plus that bound, stays below it is dropped unscored."""
        counts = grams(text)
        norm_sq = sum(c * c for c in counts.values()) or 1
        norm = math.sqrt(norm_sq)
        rest_sq = norm_sq
        partial: dict[int, int] = defaultdict(int)
        ranked = sorted(counts, key=lambda g: (len(self.postings.get(g, ())), g))
        taken = 0
        for gram in ranked:  # the grams that find every candidate
            if math.sqrt(rest_sq) / norm < threshold:
                break
            count = counts[gram]
            for i, other in self.postings.get(gram, ()):
                partial[i] += count * other
            rest_sq -= count * count
            taken += 1
        for gram in ranked[taken:]:  # a few more, only to tighten the bound
            # ...while the bound is loose and reading the gram costs less than scoring
            # the candidates would
            if math.sqrt(rest_sq) / norm < threshold * TIGHTEN or \
                    len(self.postings.get(gram, ())) > 4 * len(partial):
                break
            count = counts[gram]
            for i, other in self.postings.get(gram, ()):
                if i in partial:
                    partial[i] += count * other
            rest_sq -= count * count
        rest = math.sqrt(max(rest_sq, 0)) / norm
        best, best_i = 0.0, -1
        for i in sorted(partial):
            if partial[i] / (norm * self.norms[i]) + rest < threshold:
                continue
            other = self.counts[i]
            dot = sum(c * other[g] for g, c in counts.items() if g in other)
            similarity = dot / (norm * self.norms[i])
            if similarity > best:
                best, best_i = similarity, i
        return (best, best_i) if best >= threshold else (0.0, -1)


_SHARED: list[tuple[tuple[str, ...], Nearest]] = []


def shared_nearest(texts: Sequence[str]) -> Nearest:
    """One index per collection for a whole test run: the held-out tables score each set,
    then all sets together, against the same ~27,000 training messages."""
    key = tuple(texts)
    for kept_key, index in _SHARED:
        if kept_key == key:
            return index
    index = Nearest(key)
    _SHARED[:] = [(key, index)]
    return index
