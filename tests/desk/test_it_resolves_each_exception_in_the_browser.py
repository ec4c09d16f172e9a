"""In headless Chromium, a clerk works the queue: the demo invoices run through the real agents
(rules provider, in-process jobs), then each test takes one action as a person would and checks
what the person sees next. Screenshots land in test-artifacts/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from procurement.demo.data import DOCUMENTS
from procurement.models import Case, Vendor
from tests.browser.conftest import ARTIFACTS
from tests.desk.conftest import scanned_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRICE = "07-acme-ACM-INV-10502.pdf"
ARITHMETIC = "10-lumiere-FA-2026-0171.pdf"
UNKNOWN_VENDOR = "12-orion-2026-1187.pdf"
ORIGINAL = "02-nordwind-RE-2026-0311.pdf"
DUPLICATE = "13-nordwind-RE-2026-0311-copy.pdf"


def state_of(screen):
    return screen.locator("#case-state")


def test_it_accepts_a_price_variance_from_the_queue(demo_world, clerk, login_as):
    [case] = demo_world(PRICE)
    screen = login_as(clerk)

    screen.goto("/cases/")
    expect(screen).to_have_title(re.compile(r"^\(1\) Needs a clerk"))
    row = screen.locator(f"tr[data-case='{case.pk}']")
    expect(row).to_contain_text("Price differs from PO")
    row.get_by_role("link", name="ACM-INV-10502").click()

    lines = screen.locator("table.po-lines")
    expect(lines).to_contain_text("Deep groove ball bearing 6204-2RS")
    differing = lines.locator("td.differs")
    expect(differing.first).to_contain_text("2.49")
    expect(differing.first).to_contain_text("over +2 %")
    expect(screen.locator("#page-image")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    screen.screenshot(path=ARTIFACTS / "desk-case-page-before-accepting.png", full_page=True)
    # validation may also flag the invoice's total over the order: each finding is accepted
    while screen.get_by_label("Accept it, because").count():
        screen.get_by_label("Accept it, because").first.fill("Price rise agreed with Acme by phone")
        screen.get_by_role("button", name="Accept", exact=True).first.click()
        screen.wait_for_load_state()

    expect(state_of(screen)).to_have_text("Ready to pay")
    expect(screen.locator("#case-reason")).to_contain_text("Approved for payment by carla.clerk")
    screen.locator("#story summary").first.click()
    expect(screen.locator("#story")).to_contain_text("Price rise agreed with Acme by phone")


def test_it_corrects_a_misread_total_and_validation_runs_again(demo_world, clerk, login_as):
    [case] = demo_world(ARITHMETIC)
    screen = login_as(clerk)
    screen.goto(f"/cases/{case.pk}/")
    expect(screen.locator(".findings")).to_contain_text("Figures do not add up")

    screen.get_by_label("Field").select_option("total")
    screen.get_by_label("Correct value").fill(str(case.invoice.subtotal + case.invoice.tax))
    screen.get_by_role("button", name="Correct and check again").click()

    expect(screen.locator(".messages")).to_contain_text("validation is running again")
    expect(state_of(screen)).to_have_text("Ready to pay")
    screen.locator("#story summary").first.click()
    story = screen.locator("#story")
    expect(story).to_contain_text("corrected the total")
    expect(story).to_contain_text("Validation runs again")
    assert case.document.workflow.steps.filter(agent="validation").count() == 2


def test_it_rejects_a_duplicate(demo_world, clerk, login_as):
    demo_world(ORIGINAL)
    [case] = demo_world(DUPLICATE)
    screen = login_as(clerk)
    screen.goto("/cases/?kind=duplicate_invoice")
    screen.get_by_role("link", name="RE-2026-0311").click()

    screen.get_by_label("Because", exact=True).select_option("Duplicate invoice")
    screen.get_by_label("Details").fill("Sent twice; the copy stamp says so")
    screen.get_by_role("button", name="Reject", exact=True).click()

    expect(state_of(screen)).to_have_text("Rejected")
    expect(screen.locator("#case-reason")).to_contain_text("Duplicate invoice: Sent twice")
    expect(screen.get_by_role("button", name="Reject", exact=True)).to_have_count(0)
    assert Case.objects.get(pk=case.pk).state == "rejected"


def test_it_resolves_an_unknown_vendor_by_adding_it(demo_world, clerk, login_as):
    [case] = demo_world(UNKNOWN_VENDOR)
    screen = login_as(clerk)
    screen.goto(f"/cases/{case.pk}/")
    expect(screen.locator(".findings")).to_contain_text("Unknown vendor")

    form = screen.locator("#resolve-vendor")
    form.get_by_label("New vendor's legal name").fill("Orion Print & Promotion GmbH")
    form.get_by_role("button", name="Save the vendor and check again").click()

    expect(screen.locator(".messages")).to_contain_text("Vendor resolved")
    findings = screen.locator(".findings")
    expect(findings).not_to_contain_text("Unknown vendor")
    expect(findings).to_contain_text("Unknown PO")  # still to decide: the PO does not exist
    assert Vendor.objects.filter(legal_name="Orion Print & Promotion GmbH").exists()
    assert Case.objects.get(pk=case.pk).vendor.legal_name == "Orion Print & Promotion GmbH"


def test_it_keys_in_an_unreadable_pdf(demo_world, clerk, login_as, tmp_path):
    scan = tmp_path / "scanned-invoice.pdf"
    scanned_pdf(scan)
    [case] = demo_world(scan)
    assert case.state == "needs_clerk"
    screen = login_as(clerk)
    screen.goto(f"/cases/{case.pk}/")
    expect(screen.get_by_role("heading", name="Key the invoice in")).to_be_visible()

    form = screen.locator("form.key-in")
    form.get_by_label("Vendor name (printed)").fill("Acme Industrial Supplies Ltd")
    form.get_by_label("Invoice number").fill("ACM-INV-10999")
    form.get_by_label("Invoice date").fill("2026-03-10")
    form.get_by_label("Currency").fill("GBP")
    form.get_by_label("Total", exact=True).fill("120.00")
    form.get_by_label("Line 1 description").fill("Cable ties, pack of 100")
    form.get_by_label("Line 1 quantity").fill("10")
    form.get_by_label("Line 1 unit price").fill("12.00")
    form.get_by_label("Line 1 amount").fill("120.00")
    form.get_by_role("button", name="Save and check it").click()

    expect(screen.locator(".messages")).to_contain_text("validation is checking it")
    expect(screen.locator("h1")).to_contain_text("Invoice ACM-INV-10999 from Acme Industrial")
    screen.locator("#story summary").first.click()
    expect(screen.locator("#story")).to_contain_text("carla.clerk keyed the invoice in (1 lines)")
    case.refresh_from_db()
    assert case.state == "needs_clerk" and "missing_po" in case.finding_kinds


def test_it_lists_every_held_demo_invoice_in_the_queue(demo_world, clerk, login_as):
    demo_world(*(document.file for document in DOCUMENTS))
    held = {d.spec.invoice_number for d in DOCUMENTS if d.expected == "exception"}
    screen = login_as(clerk)

    screen.goto("/cases/")

    expect(screen).to_have_title(re.compile(rf"^\({len(held)}\) Needs a clerk"))
    rows = screen.locator("table.queue tbody tr")
    expect(rows).to_have_count(len(held))
    assert {rows.nth(i).locator("td").nth(2).locator("a").inner_text()
            for i in range(len(held))} == held
    screen.get_by_label("Finding").select_option("price_variance")
    expect(rows).to_have_count(1)
    expect(screen).to_have_url(re.compile(r"kind=price_variance"))
    screen.go_back()
    expect(rows).to_have_count(len(held))
