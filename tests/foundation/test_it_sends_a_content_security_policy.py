"""Every response carries the strict Content-Security-Policy (issue 12, item 8), and no template
of ours holds what it would refuse: an inline script or a <style> element.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("script-src 'self'", "object-src 'none'", "frame-ancestors 'self'", "base-uri 'none'")


def directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.mark.parametrize("path", ["/login/", "/admin/login/", "/no-such-page/", "/api/tools/x"])
def test_it_sends_the_policy_to_anyone(client, db, path):
    response = client.get(path) if not path.startswith("/api/") else client.post(path)
    assert set(REQUIRED) <= directives(response), path


def test_it_sends_the_policy_on_signed_in_pages(client, clerk, ap_admin):
    client.login(username=clerk.username, password=PASSWORD)
    for path in ("/", "/documents/", "/documents/upload/"):
        assert set(REQUIRED) <= directives(client.get(path)), path
    client.login(username=ap_admin.username, password=PASSWORD)
    assert set(REQUIRED) <= directives(client.get("/admin/"))


def test_it_finds_no_inline_script_or_style_element_in_our_templates():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    style_element = re.compile(r"<style\b", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)  # onclick= and friends
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        for pattern in (inline_script, style_element, handler):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern.pattern}")
    assert offenders == []
