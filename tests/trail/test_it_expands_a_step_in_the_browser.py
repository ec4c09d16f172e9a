"""In a real browser: a clerk opens a processed invoice and unfolds a step's output."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_it_expands_a_step_in_the_browser(processed_demo, clerk, login_as):
    screen = login_as(clerk)
    screen.goto(f"/documents/{processed_demo.pk}/")

    trail = screen.locator("#trail")
    finished = trail.locator(".tl-entry.kind-step_finished", has_text="validation finished")
    output = finished.locator("details", has_text="Output")
    assert not output.locator("pre").is_visible()

    output.locator("summary").click()

    assert output.locator("pre").is_visible()
    assert '"kind": "price_variance"' in output.locator("pre").inner_text()
    assert trail.locator(".tl-entry.kind-tool_call").count() >= 10
    assert screen.get_by_text("Price differs from PO").is_visible()
