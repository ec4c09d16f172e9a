"""`manage.py route FILE...`: one JSON line per file, for PDFs, pictures, .eml and plain text."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from procurement.demo.data import DOCUMENTS
from procurement.demo.pdfs import render_invoice_pdf

ROOT = Path(__file__).resolve().parents[2]
ROUTES = {"invoice", "credit_note", "statement", "po_confirmation", "vendor_inquiry", "other"}


def route(*paths) -> list[dict]:
    out = io.StringIO()
    call_command("route", *map(str, paths), stdout=out, stderr=io.StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_demo_invoice_routes_as_an_invoice(tmp_path):
    paths = []
    for n, document in enumerate(DOCUMENTS):
        path = tmp_path / f"demo-{n}.pdf"
        path.write_bytes(render_invoice_pdf(document.spec))
        paths.append(path)
    lines = route(*paths)
    assert [(line["route"], line["triage"]) for line in lines] == [("invoice", False)] * len(paths)
    assert set(lines[0]["scores"]) == ROUTES
    assert lines[0]["path"] == str(paths[0])


def test_a_mail_without_attachment_and_a_text_file_route_on_their_text(tmp_path):
    mail = tmp_path / "reminder.eml"
    mail.write_text(
        "From: credit@brightline.example\nTo: ap@halvorsen.example\n"
        "Subject: Payment reminder: invoice BOS-22871 is overdue\n\n"
        "Dear AP team, we have not yet received payment for invoice BOS-22871.\n"
        "If you have already paid, please disregard this reminder.\n"
    )
    text = tmp_path / "statement.txt"
    text.write_text("Kontoauszug per 30.04.2026\nSaldovortrag 0,00\nOffene Posten 1.200,00\n")
    assert [(line["route"], line["triage"]) for line in route(mail, text)] == [
        ("vendor_inquiry", True), ("statement", True)]


def test_a_mail_with_a_pdf_attachment_routes_on_the_attachment(tmp_path):
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "Documents"
    message.set_content("Please find attached.")
    message.add_attachment(render_invoice_pdf(DOCUMENTS[0].spec), maintype="application",
                           subtype="pdf", filename="invoice.pdf")
    path = tmp_path / "with-pdf.eml"
    path.write_bytes(message.as_bytes())
    assert route(path)[0]["route"] == "invoice"


def test_a_missing_file_is_reported_and_the_others_still_routed(tmp_path):
    good = tmp_path / "note.txt"
    good.write_text("Out of office: I am out of the office until Monday. Automatic reply.")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("route", str(tmp_path / "missing.pdf"), str(good), stdout=out, stderr=err)
    assert exit_.value.code == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {"path": str(tmp_path / "missing.pdf"),
                        "error": "cannot be read (FileNotFoundError)"}
    assert lines[1]["route"] == "other"
    assert "missing.pdf" in err.getvalue()


def test_the_router_modules_import_neither_the_job_nor_the_web_stack():
    script = (
        "import sys\n"
        "import agents.router, agents.router.reading, agents.management.commands.route\n"
        "heavy = ('django_rq', 'rq', 'channels', 'daphne', 'twisted', 'openai')\n"
        "print(' '.join(m for m in heavy if m in sys.modules) or 'none')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"
