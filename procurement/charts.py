"""Small server-rendered SVG charts: stacked columns (a figure per day) and horizontal bars.

No JavaScript and no inline styles (a strict CSP allows neither): geometry is SVG attributes,
colours are CSS classes from static/css/app.css (`chart-series-<key>`). Every chart is an image
with a title and a description for screen readers, and every bar carries a <title> with its exact
figure, which browsers show on hover. A bar (or a column's segment) given an `href` is a link, to
the queue narrowed to the cases it counts; a chart with links is a group, so they can be reached.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 900  # stacked columns span the page
BARS_WIDTH = 460  # bar charts sit in half-width cards: text stays readable when scaled
LABEL_CHARS = 26


@dataclass(frozen=True)
class Series:
    key: str  # CSS class suffix: chart-series-<key>
    label: str


@dataclass(frozen=True)
class Column:
    label: str  # shown under the column (may be "" to skip a crowded label)
    title: str  # the column's full name, for its tooltip
    values: dict[str, int]  # Series.key -> value
    hrefs: dict[str, str] = field(default_factory=dict)  # Series.key -> link of its segment


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as people read it ("3", "1.2 days", "$0.04")
    key: str = "default"  # colour: chart-series-<key>
    href: str = ""  # where the bar leads: the cases it counts


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (axis top)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _fmt(number: float) -> str:
    return f"{number:g}" if number != int(number) else str(int(number))


def stacked_columns(
    *, chart_id: str, title: str, description: str, columns: Sequence[Column],
    series: Sequence[Series],
) -> SafeString:
    """One column per entry, its value stacked by series from the bottom, with a y axis."""
    height, left, right, top, bottom = 220, 40, 28, 12, 34
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = _nice_ceiling(max((sum(c.values.values()) for c in columns), default=0))
    slot = plot_w / max(len(columns), 1)
    parts: list[str] = []
    for tick in (0, peak / 2, peak):
        y = top + plot_h - tick / peak * plot_h
        parts.append(format_html(
            '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
            '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
            left, WIDTH - right, _fmt(round(y, 1)), _fmt(round(y, 1)), left - 6,
            _fmt(round(y + 4, 1)), _fmt(tick),
        ))
    for index, column in enumerate(columns):
        x = left + index * slot + slot * 0.15
        base = top + plot_h
        for s in series:
            value = column.values.get(s.key, 0)
            if not value:
                continue
            h = value / peak * plot_h
            base -= h
            parts.append(_linked(column.hrefs.get(s.key, ""), format_html(
                '<rect class="chart-series-{}" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {} {}</title></rect>",
                s.key, _fmt(round(x, 1)), _fmt(round(base, 1)), _fmt(round(slot * 0.7, 1)),
                _fmt(round(h, 1)), column.title, value, s.label.lower(),
            )))
        if column.label:
            parts.append(format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _fmt(round(x + slot * 0.35, 1)), height - bottom + 16, column.label,
            ))
    linked = any(column.hrefs for column in columns)
    return _svg(chart_id, title, description, WIDTH, height, mark_safe("".join(parts)),  # noqa: S308 - built with format_html
                linked=linked)


def horizontal_bars(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar]
) -> SafeString:
    """One labelled bar per entry, longest first as given, with its figure at the end."""
    row, label_w, value_w = 26, 180, 64
    height = max(len(bars), 1) * row + 8
    peak = max((bar.value for bar in bars), default=0) or 1
    plot_w = BARS_WIDTH - label_w - value_w
    rows = mark_safe("".join(  # noqa: S308 - built with format_html
        _linked(bar.href, format_html(
            '<g class="chart-row"><title>{}: {}</title>'
            '<text class="chart-label" x="0" y="{}">{}</text>'
            '<rect class="chart-series-{}" x="{}" y="{}" width="{}" height="16" rx="2"></rect>'
            '<text class="chart-value" x="{}" y="{}">{}</text></g>',
            bar.label, bar.shown,
            i * row + 17, _short(bar.label),
            bar.key, label_w, i * row + 4, _fmt(round(max(bar.value / peak * plot_w, 1), 1)),
            _fmt(round(label_w + bar.value / peak * plot_w + 6, 1)), i * row + 17, bar.shown,
        ))
        for i, bar in enumerate(bars)
    ))
    return _svg(chart_id, title, description, BARS_WIDTH, height, rows,
                linked=any(bar.href for bar in bars))


def _linked(href: str, shape: SafeString) -> SafeString:
    return format_html('<a class="chart-link" href="{}">{}</a>', href, shape) if href else shape


def _svg(
    chart_id: str, title: str, description: str, width: int, height: int, body: SafeString,
    *, linked: bool = False,
) -> SafeString:
    # role="img" would hide the links inside from assistive technology.
    return format_html(
        '<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="{role}" '
        'aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id, w=width, h=height, title=title, desc=description, body=body,
        role="group" if linked else "img",
    )
