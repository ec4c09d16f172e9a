"""Each bar of the dashboard's charts (and each segment of the per-day columns) links to the
queue narrowed to the cases it counts: the queue shows as many cases as the bar says."""
from __future__ import annotations

import html
import re

from tests.conftest import PASSWORD

_BAR = re.compile(r'<a class="chart-link" href="([^"]+)"><g class="chart-row"><title>'
                  r"([^<]+): (\d+)</title>")
_SEGMENT = re.compile(r'<a class="chart-link" href="([^"]+)"><rect [^>]*><title>'
                      r"[^<]+: (\d+) [^<]+</title>")


def _chart(page: str, chart_id: str) -> str:
    return page.split(f'id="{chart_id}"', 1)[1].split("</svg>", 1)[0]


def _queue_count(client, href: str) -> int:
    response = client.get(html.unescape(href))
    assert response.status_code == 200
    return int(re.search(r"<title>\((\d+)\) ", response.content.decode()).group(1))


def test_every_bar_leads_to_a_queue_of_as_many_cases(client, clerk, world):
    client.login(username=clerk.username, password=PASSWORD)
    page = client.get("/dashboard/").content.decode()

    kinds = _BAR.findall(_chart(page, "chart-open-kind"))
    assert [(label, count) for _, label, count in kinds] == [
        ("Price differs from PO", "3"), ("Bank account changed", "1"),
        ("More than ordered", "1")]
    assert html.unescape(kinds[0][0]) == "/cases/?state=open&kind=price_variance"

    ages = _BAR.findall(_chart(page, "chart-open-age"))
    assert [html.unescape(href) for href, _, _ in ages] == [
        "/cases/?state=open&age_under=1", "/cases/?state=open&age=1&age_under=3",
        "/cases/?state=open&age=3&age_under=7", "/cases/?state=open&age=7&age_under=14",
        "/cases/?state=open&age=14"]

    segments = _SEGMENT.findall(_chart(page, "chart-per-day"))
    assert len(segments) >= 8  # a segment per (day, state) with cases
    for href, count in [(h, c) for h, _, c in kinds + ages] + segments:
        assert _queue_count(client, href) == int(count), html.unescape(href)


def test_a_vendor_bar_leads_to_that_vendors_cases(client, clerk, world):
    client.login(username=clerk.username, password=PASSWORD)
    page = client.get("/dashboard/").content.decode()

    vendors = _BAR.findall(_chart(page, "chart-vendors"))
    hrefs = {label: html.unescape(href) for href, label, _ in vendors}
    assert hrefs["Unknown GmbH"] == "/cases/?state=&vendor=Unknown+GmbH"
    queue = client.get(hrefs["Unknown GmbH"]).content.decode()
    assert "<title>(1) All cases" in queue and "Unknown GmbH" in queue
