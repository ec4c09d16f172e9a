"""`manage.py import_csv`: the admin's import from a shell, with exit codes scripts can trust."""
from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from procurement.models import Vendor
from tests.conftest import child_database_url
from tests.foundation.csv_files import csv_bytes


def test_it_prints_a_summary_when_every_row_is_imported(db, tmp_path):
    path = tmp_path / "vendors.csv"
    path.write_bytes(csv_bytes("legal_name,currency", "Acme,EUR", "Beta,GBP"))
    out = StringIO()

    call_command("import_csv", "vendors", str(path), stdout=out)

    assert out.getvalue().strip() == (
        "Imported 2 rows of vendors. vendors: 2 created, 0 updated, 0 unchanged."
    )
    assert Vendor.objects.count() == 2


def test_it_prints_the_report_and_fails_when_a_row_is_wrong(db, tmp_path):
    path = tmp_path / "vendors.csv"
    path.write_bytes(csv_bytes("legal_name,currency", "Acme,EUR", "Beta,POUNDS"))
    out = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem in the file"):
        call_command("import_csv", "vendors", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        'row 3, currency: "POUNDS" is not a currency code; use the three-letter ISO 4217 code, '
        "e.g. EUR, USD, GBP"
    ]
    assert not Vendor.objects.exists()


# The commands run in child processes on the test database (migrating a database of their own
# took most of this test's time), so its rows must be committed.
@pytest.mark.django_db(transaction=True)
def test_it_exits_0_on_success_and_1_on_a_bad_row_or_a_missing_file(tmp_path):
    env = {**os.environ, "DATABASE_URL": child_database_url(),
           "MEDIA_ROOT": str(tmp_path / "media")}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*manage, *args], env=env, capture_output=True, text=True,
                              timeout=120, cwd=settings.BASE_DIR)

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes("legal_name", "Acme"))
    bad.write_bytes(csv_bytes("legal_name,payment_terms_days", "Acme,soon"))

    ok = run("import_csv", "vendors", str(good))
    failed = run("import_csv", "vendors", str(bad))
    missing = run("import_csv", "vendors", str(tmp_path / "nope.csv"))

    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == (
        "Imported 1 row of vendors. vendors: 1 created, 0 updated, 0 unchanged.")
    assert failed.returncode == 1
    assert failed.stdout.strip() == 'row 2, payment_terms_days: "soon" is not a whole number'
    assert "Nothing was imported: 1 problem in the file." in failed.stderr
    assert missing.returncode == 1
    assert "cannot read" in missing.stderr
