"""Fixtures for the demo data tests: a private PDF folder and a seeded world."""
from __future__ import annotations

import pytest

from procurement.demo import seed_demo


@pytest.fixture
def pdf_dir(tmp_path):
    return tmp_path / "demo_invoices"


@pytest.fixture
def seeded(db, settings, pdf_dir):
    """The demo world seeded once, with DEBUG on so the demo logins exist."""
    settings.DEBUG = True
    return seed_demo(pdf_dir=pdf_dir)
