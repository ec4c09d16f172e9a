"""A character n-gram TF-IDF model over example utterances: the router's whole "embedding".

Text is folded (lower case, accents off, digits to 0, a minus sign before an amount to the word
"minus"), cut into character n-grams of 3 to 5 inside word boundaries, weighted by sub-linear term
frequency times inverse document frequency over the utterances, times how few routes use the
n-gram (an n-gram every route's examples use, "total" or "date", says little about which route a
document is), and compared by cosine with one prototype per route (the mean of its utterances'
vectors). Only n-grams that occur in some utterance count, so the names, addresses and article
lines of a document do not dilute what it says about itself. The first lines of a document
(where its title is) count more than the rest: TITLE_WEIGHTS.

Pure Python, no dependency: the model of the shipped examples is built in well under 0.1 s,
once per process (and again when a learned example arrives); a page is scored in about a
millisecond (bench/router.py).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

N_MIN, N_MAX = 3, 5
# A document is scored on its beginning: titles, labels and the opening sentence say what it is.
TEXT_LIMIT = 3000
# How much the first non-empty lines count: the first TITLE_LINES[0] lines WEIGHTS[0] times, the
# next up to TITLE_LINES[1] WEIGHTS[1] times, the rest once. A letterhead's name and address lines
# hold few n-grams any example uses, so they take little of the title's weight. Set on the
# calibration split (tests/router/calibration.py).
TITLE_LINES = (4, 10)
TITLE_WEIGHTS = (3, 2)
# How much an n-gram shared by every route still counts, against one route's own (1.0).
SHARED_FLOOR = 0.5
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
# A minus sign (or hyphen, or a dash) right before an amount with decimals: a credit, a refund.
_NEGATIVE = re.compile(
    r"(?:(?<=\s)|^|(?<=[(:=]))[-\u2212\u2013]\s?(?=[$€£]?\s?\d[\d.,' ]*[.,]\d\d\b)", re.MULTILINE
)


def fold(text: str) -> str:
    """Lower case, accents and ß folded, digit runs to one 0, a minus before an amount to
    "minus", everything else to single spaces."""
    text = _NEGATIVE.sub(" minus ", text)
    # NFKD splits "é" into "e" and a combining accent, which the ASCII encoding then drops (as it
    # drops any other non-Latin letter: they would become spaces anyway).
    text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    text = _DIGITS.sub("0", text)
    return _NON_WORD.sub(" ", text).strip()


def ngrams(text: str) -> Counter[str]:
    grams = []
    for word in fold(text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(N_MIN, min(N_MAX, size) + 1):
            grams.extend([padded[i : i + n] for i in range(size - n + 1)])
    return Counter(grams)


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


class Classifier:
    """Cosine similarity of a text to each route's prototype, 0..1 per route."""

    def __init__(self, examples: Mapping[str, Iterable[str]]):
        utterances = [(route, text) for route, texts in examples.items() for text in texts]
        self.routes: tuple[str, ...] = tuple(examples)
        grams = [ngrams(text) for _, text in utterances]
        document_frequency: Counter[str] = Counter()
        routes_using: dict[str, set[str]] = {}
        for (route, _), counts in zip(utterances, grams, strict=True):
            document_frequency.update(counts.keys())
            for gram in counts:
                routes_using.setdefault(gram, set()).add(route)
        total = len(utterances)
        spread = max(len(self.routes) - 1, 1)
        self.idf = {
            gram: (math.log((1 + total) / (1 + df)) + 1.0)
            * (1.0 - (1.0 - SHARED_FLOOR) * (len(routes_using[gram]) - 1) / spread)
            for gram, df in document_frequency.items()
        }
        sums: dict[str, dict[str, float]] = {route: {} for route in self.routes}
        for (route, _), counts in zip(utterances, grams, strict=True):
            vector = _normalised(self._weigh(counts))
            into = sums[route]
            for gram, value in vector.items():
                into[gram] = into.get(gram, 0.0) + value
        self.prototypes = {route: _normalised(vector) for route, vector in sums.items()}
        # gram -> its weight in each route's prototype, in route order: one pass over a
        # document's grams scores every route.
        self.columns = {
            gram: tuple(self.prototypes[route].get(gram, 0.0) for route in self.routes)
            for gram in self.idf
        }

    def _weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        idf = self.idf
        return {g: (1.0 + math.log(c)) * idf[g] for g, c in counts.items() if g in idf}

    def vector(self, text: str) -> dict[str, float]:
        lines = [line for line in text[:TEXT_LIMIT].splitlines() if line.strip()]
        counts: Counter[str] = Counter()
        for index, line in enumerate(lines):
            weight = next((w for limit, w in zip(TITLE_LINES, TITLE_WEIGHTS, strict=True)
                           if index < limit), 1)
            for gram, count in ngrams(line).items():
                counts[gram] += count * weight
        return _normalised(self._weigh(counts))

    def scores(self, text: str) -> dict[str, float]:
        columns = self.columns
        dots = [0.0] * len(self.routes)
        for gram, value in self.vector(text).items():
            for i, weight in enumerate(columns[gram]):
                if weight:
                    dots[i] += value * weight
        return {route: round(max(0.0, dot), 4) for route, dot in zip(self.routes, dots,
                                                                      strict=True)}
