"""A malformed environment stops start-up with ImproperlyConfigured naming the variable; a good
one starts. Each case runs `django.setup()` in a fresh interpreter, as a deployment would."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SETTINGS_FILE = Path(settings.BASE_DIR) / "config" / "settings.py"
SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup(); "
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.EMAIL_PORT, s.DATABASES['default']['ENGINE'], s.REDIS_URL, s.ALLOWED_HOSTS)"
)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret",
    "ALLOWED_HOSTS": "ap.example.com",
}


def settings_variables() -> set[str]:
    """Every environment variable config/settings.py reads, found in its source."""
    source = SETTINGS_FILE.read_text()
    return set(re.findall(r"""(?:env_\w+|os\.environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']""",
                          source))


def start(**env: str) -> subprocess.CompletedProcess:
    # Only the variables under test: a developer's own DATABASE_URL must not leak in.
    clean = {k: v for k, v in os.environ.items()
             if k not in settings_variables() and not k.startswith(("LLM_", "DJANGO_"))}
    return subprocess.run([sys.executable, "-c", SETUP], env={**clean, **env},
                          cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_URL": "postgres//localhost/pt"}, "DATABASE_URL is not a valid database URL"),
    ({"DATABASE_URL": "postgres://"}, "DATABASE_URL is not a valid database URL"),
    ({"DEBUG": "maybe"}, "DEBUG must be a boolean (true/false, 1/0, yes/no), got 'maybe'"),
    ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be an integer, got 'smtp'"),
    ({"EMAIL_PORT": "0"}, "EMAIL_PORT must be at least 1, got 0"),
    ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must be a URL starting with redis://"),
    ({"REDIS_URL": "http://localhost:6379/0"}, "REDIS_URL must be a URL starting with redis://"),
    ({**PRODUCTION, "SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off"),
    ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set when DEBUG is off"),
], ids=lambda value: value if isinstance(value, str) else ",".join(f"{k}={v}" for k, v in
                                                                    value.items()))
def test_it_refuses_to_start_naming_the_malformed_variable(env, message):
    result = start(**env)

    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr


def test_it_starts_with_good_production_values():
    result = start(**PRODUCTION, DATABASE_URL="postgres://ap@db.internal:5432/procurement",
                   REDIS_URL="redis://cache.internal:6379/0", EMAIL_PORT="25")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "25", "django.db.backends.postgresql", "redis://cache.internal:6379/0",
        "['ap.example.com']",
    ]


def test_it_starts_with_no_environment_at_all_for_development():
    result = start()

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["True", "587", "django.db.backends.sqlite3"]


def test_it_documents_every_variable_settings_reads():
    root = Path(settings.BASE_DIR)
    docs = (root / "README.md").read_text()

    undocumented = {name for name in settings_variables() if f"`{name}`" not in docs}

    assert undocumented == set(), "add them to the configuration table"
