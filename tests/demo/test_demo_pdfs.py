"""Every demo invoice is a real, readable PDF, in several layouts, the same bytes every time."""
from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest

from procurement.demo import DOCUMENTS, LAYOUTS, render_invoice_pdf
from procurement.demo.pdfs import printed_amount
from procurement.demo.specs import format_iban


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1
        return doc.pages[0].extract_text()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.file)
def test_each_pdf_opens_and_prints_its_key_fields(seeded, pdf_dir, document):
    pdf = (pdf_dir / document.file).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    spec = document.spec
    assert spec.invoice_number in text
    assert printed_amount(spec.layout, spec.total) in text
    assert spec.vendor_name in text
    assert spec.vendor_tax_id in text
    assert spec.po_number in text
    assert format_iban(spec.iban) in text
    for line in spec.lines:
        assert line.sku in text


def test_it_renders_the_same_bytes_every_time():
    for document in DOCUMENTS:
        assert render_invoice_pdf(document.spec) == render_invoice_pdf(document.spec)


def test_it_uses_at_least_three_layouts():
    used = {document.spec.layout for document in DOCUMENTS}
    assert len(used) >= 3
    assert used <= set(LAYOUTS)


def test_the_german_layout_speaks_german():
    spec = next(d.spec for d in DOCUMENTS if d.spec.layout == "german" and d.vendor == "nordwind")
    text = _text(render_invoice_pdf(spec))
    for label in ("Rechnung", "Rechnungsnummer", "Rechnungsdatum", "MwSt", "Gesamtbetrag",
                  "Bestellnummer"):
        assert label in text
    assert spec.invoice_date.strftime("%d.%m.%Y") in text
    assert "2.108,09" in text


def test_the_copy_is_stamped_and_differs_from_the_original():
    copy = next(d for d in DOCUMENTS if "duplicate_invoice" in d.discrepancies)
    original = next(
        d for d in DOCUMENTS
        if d.spec.invoice_number == copy.spec.invoice_number and d is not copy
    )
    assert "COPY" in _text(render_invoice_pdf(copy.spec))
    assert render_invoice_pdf(copy.spec) != render_invoice_pdf(original.spec)


def test_it_refuses_an_unknown_layout():
    spec = dataclasses.replace(DOCUMENTS[0].spec, layout="comic-sans")
    with pytest.raises(ValueError, match="unknown layout"):
        render_invoice_pdf(spec)
