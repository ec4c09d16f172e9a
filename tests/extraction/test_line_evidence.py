"""Intake keeps where each invoice line was read (the page image boxes it), under "lines.<n>"."""
from __future__ import annotations

from agents.intake.extraction import extract_invoice
from agents.intake.extraction.model import line_evidence_key
from procurement.demo.generate import matching_invoice_specs
from procurement.demo.pdfs import PAGE_HEIGHT, PAGE_WIDTH, render_invoice_pdf


def test_it_boxes_every_line_row_on_every_demo_layout():
    for spec in matching_invoice_specs(4):  # one per vendor, so every layout
        extraction = extract_invoice(render_invoice_pdf(spec))

        assert len(extraction.lines) == len(spec.lines), spec.layout
        tops = []
        for number in range(1, len(extraction.lines) + 1):
            where = extraction.evidence[line_evidence_key(number)]
            x0, top, x1, bottom = where.bbox
            assert where.page == 0
            assert 0 <= x0 < x1 <= PAGE_WIDTH and 0 <= top < bottom <= PAGE_HEIGHT
            tops.append(top)
        assert tops == sorted(tops), f"{spec.layout}: rows top to bottom"
        # the row's box reaches from the description to the amount column
        assert all(
            extraction.evidence[line_evidence_key(n)].bbox[2]
            > extraction.evidence["total"].bbox[0] - 1
            for n in range(1, len(extraction.lines) + 1)
        ), spec.layout


def test_it_keeps_the_line_boxes_out_of_the_line_shape():
    extraction = extract_invoice(render_invoice_pdf(matching_invoice_specs(1)[0]))

    assert set(extraction.lines[0].model_dump()) == {
        "description", "quantity", "unit_price", "amount", "sku",
    }
    assert line_evidence_key(1) in extraction.model_dump()["evidence"]
