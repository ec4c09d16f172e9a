"""A character n-gram TF-IDF model over example utterances: the router's whole "embedding".

Text is folded (lower case, accents off, digits to 0), cut into character n-grams of 3 to 5
inside word boundaries, weighted by sub-linear term frequency times inverse document frequency
over the utterances, and compared by cosine with one prototype per route (the mean of its
utterances' vectors). Only n-grams that occur in some utterance count, so the names, addresses
and article lines of a document do not dilute what it says about itself. The first lines of a
document (where its title is) count twice.

Pure Python, no dependency: the model of the shipped examples is built in about 30 ms, once per
process (and again when a learned example arrives); a page is scored in a few milliseconds
(bench/router.py).
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
HEAD_CHARS = 400  # counted twice
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")


def fold(text: str) -> str:
    """Lower case, accents and ß folded, digit runs to one 0, everything else to single spaces."""
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
        for counts in grams:
            document_frequency.update(counts.keys())
        total = len(utterances)
        self.idf = {
            gram: math.log((1 + total) / (1 + df)) + 1.0 for gram, df in document_frequency.items()
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

    def _weigh(self, counts: Mapping[str, int]) -> dict[str, float]:
        idf = self.idf
        return {g: (1.0 + math.log(c)) * idf[g] for g, c in counts.items() if g in idf}

    def vector(self, text: str) -> dict[str, float]:
        text = text[:TEXT_LIMIT]
        counts = ngrams(text)
        counts.update(ngrams(text[:HEAD_CHARS]))
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
