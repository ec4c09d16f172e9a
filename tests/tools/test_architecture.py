"""Agent code does not import models or django.db (the import-linter contract in pyproject.toml)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from agents.tools.manifests import MANIFESTS

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120,
    )


def contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    [agents_contract] = [c for c in config["contracts"] if c["id"] == "agents-use-tools"]
    return agents_contract


def test_it_keeps_the_contract_on_the_code_as_it_is():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_breaks_the_contract_when_an_agent_module_imports_a_model(tmp_path):
    # A copy of the code, so a deliberately bad module never appears in the shared tree.
    ignore = shutil.ignore_patterns("__pycache__", "migrations", "*.pyc")
    for package in ("agents", "procurement", "approvals"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    librarian = tmp_path / "agents" / "librarian"
    librarian.mkdir(exist_ok=True)
    (librarian / "__init__.py").touch()
    (librarian / "shortcut.py").write_text("from procurement.models import Vendor  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "agents.librarian.shortcut -> procurement.models" in result.stdout


def test_it_names_every_agent_of_the_manifests_in_the_contract():
    assert set(contract()["source_modules"]) == {f"agents.{agent}" for agent in MANIFESTS}


def test_it_forbids_the_models_and_the_database_layer():
    assert {
        "procurement.models",
        "approvals.models",
        "agents.orchestrator.models",
        "agents.tools.models",
        "django.db",
    } <= set(contract()["forbidden_modules"])
