"""The per-route thresholds are the ones bench/router.py derives from the calibration split
(tests/router/calibration.py), not numbers tuned on the test split."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from agents.router import THRESHOLDS, decide
from tests.router.calibration import CALIBRATION

BENCH = Path(__file__).resolve().parents[2] / "bench" / "router.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_router", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_thresholds_are_what_the_calibration_split_suggests():
    decisions = [decide(text) for *_, text in CALIBRATION]
    assert _bench().suggested_thresholds(CALIBRATION, decisions) == THRESHOLDS

