"""Label -> value search over the layout: value in the same cell, to the right, or below."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .text import Document, Line, Segment

# A parser gets the text after the label and returns (value, start, end) of what it took.
Parser = Callable[[str], tuple[Any, int, int] | None]

_LEADING_PUNCT = re.compile(r"^[\s:#.\-–=|]*")


@dataclass
class Candidate:
    value: Any
    score: float
    page: int
    bbox: list[float]
    line: Line | None = None
    label: str = ""


@dataclass
class LabelHit:
    line: Line
    seg_index: int
    start: int
    end: int

    @property
    def segment(self) -> Segment:
        return self.line.segments[self.seg_index]


def iter_label_hits(doc: Document, label: re.Pattern[str]) -> Iterator[LabelHit]:
    for line in doc.lines:
        for i, seg in enumerate(line.segments):
            for m in label.finditer(seg.text):
                yield LabelHit(line, i, m.start(), m.end())


def _label_box(hit: LabelHit) -> tuple[float, float]:
    box = hit.segment.bbox(hit.start, hit.end)
    return box[0], box[2]


def lines_below(doc: Document, line: Line, max_lines: int = 3) -> list[Line]:
    page = doc.pages[line.page]
    below = page.lines[line.index + 1 : line.index + 1 + max_lines]
    # Stop at a big vertical jump: the next block is not this label's value.
    out: list[Line] = []
    prev = line
    for ln in below:
        if ln.top - prev.bottom > 2.5 * max(prev.height, 6.0):
            break
        out.append(ln)
        prev = ln
    return out


def value_after_label(
    doc: Document,
    hit: LabelHit,
    parse: Parser,
    *,
    allow_right: bool = True,
    allow_below: bool = True,
    max_below: int = 3,
) -> Candidate | None:
    """Find a value for a label: same cell after it, then the next cell right, then below."""
    seg = hit.segment
    rest = seg.text[hit.end :]
    lead = len(_LEADING_PUNCT.match(rest).group(0))  # type: ignore[union-attr]
    got = parse(rest[lead:]) if rest[lead:].strip() else None
    if got is not None:
        value, s, e = got
        off = hit.end + lead
        return Candidate(value, 1.0, seg.page, seg.bbox(off + s, off + e), hit.line)
    if rest[lead:].strip() and len(rest[lead:].strip()) > 3:
        return None  # the cell goes on with other words: this is not a label/value pair
    if allow_right:
        for nxt in hit.line.segments[hit.seg_index + 1 : hit.seg_index + 2]:
            got = parse(_LEADING_PUNCT.sub("", nxt.text))
            if got is not None:
                value, s, e = got
                shift = len(nxt.text) - len(_LEADING_PUNCT.sub("", nxt.text))
                return Candidate(value, 0.9, nxt.page, nxt.bbox(shift + s, shift + e), hit.line)
    if allow_below:
        lx0, lx1 = _label_box(hit)
        for depth, ln in enumerate(lines_below(doc, hit.line, max_below)):
            for cell in ln.segments:
                # Value column overlaps the label's horizontal extent (left-aligned or centred).
                if cell.x1 < lx0 - 4 or cell.x0 > lx1 + 4:
                    continue
                got = parse(cell.text)
                if got is not None:
                    value, s, e = got
                    return Candidate(value, 0.8 - 0.05 * depth, cell.page, cell.bbox(s, e), ln)
    return None
