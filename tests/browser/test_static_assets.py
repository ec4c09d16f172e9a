"""The pages load htmx and the stylesheet from our own /static/, never from a CDN."""
from __future__ import annotations

from urllib.parse import urlsplit


def test_it_serves_htmx_from_static_without_a_cdn(page, clerk, login_as, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    login_as(clerk)

    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert any(urlsplit(src).path.startswith("/static/") and "htmx" in src for src in scripts)
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    ours = urlsplit(live_server.url).netloc
    foreign = [url for url in requested if urlsplit(url).netloc != ours]
    assert foreign == [], f"the page fetched from other hosts: {foreign}"
