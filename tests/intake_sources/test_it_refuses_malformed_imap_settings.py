"""The mailbox's settings are checked at start-up: a malformed one stops every process with a
message naming it, instead of a poll failing at 3 a.m."""
from __future__ import annotations

import pytest

from tests.foundation.test_settings import start

MAILBOX = {"IMAP_HOST": "imap.example.com", "IMAP_USER": "ap", "IMAP_PASSWORD": "secret"}


@pytest.mark.parametrize(("env", "message"), [
    ({**MAILBOX, "IMAP_PORT": "imaps"}, "IMAP_PORT must be an integer, got 'imaps'"),
    ({**MAILBOX, "IMAP_PORT": "70000"}, "IMAP_PORT must be at most 65535, got 70000"),
    ({**MAILBOX, "IMAP_SSL": "sometimes"},
     "IMAP_SSL must be a boolean (true/false, 1/0, yes/no), got 'sometimes'"),
    ({**MAILBOX, "IMAP_SSL": "false"},
     "IMAP_SSL=false is only allowed for a loopback IMAP_HOST, got 'imap.example.com'"),
    ({"IMAP_HOST": "imap.example.com"},
     "IMAP_HOST is set: IMAP_USER and IMAP_PASSWORD must be too"),
    ({**MAILBOX, "IMAP_FOLDER": 'In"box'}, "IMAP_FOLDER cannot contain quotes"),
    ({**MAILBOX, "IMAP_BATCH": "0"}, "IMAP_BATCH must be at least 1, got 0"),
    ({"MAX_UPLOAD_MB": "20", "MAX_EMAIL_MB": "10"}, "MAX_EMAIL_MB must be at least MAX_UPLOAD_MB"),
], ids=lambda value: value if isinstance(value, str) else ",".join(value))
def test_it_refuses_to_start_naming_the_malformed_mailbox_setting(env, message):
    result = start(**env)

    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr


def test_plain_imap_is_allowed_on_loopback():
    result = start(**{**MAILBOX, "IMAP_HOST": "127.0.0.1", "IMAP_SSL": "false"})

    assert result.returncode == 0, result.stderr
