"""A malformed TOOLS_RATE_LIMIT stops servers and workers at start-up (a system check), with the
value in the message."""
from agents.tools.apps import check_rate_limit_setting


def test_it_refuses_a_rate_that_does_not_parse(settings):
    settings.TOOLS_RATE_LIMIT = "lots"
    errors = check_rate_limit_setting()
    assert [e.id for e in errors] == ["tools.E001"]
    assert "TOOLS_RATE_LIMIT must look like 120/minute, got 'lots'" in errors[0].msg


def test_it_accepts_the_limits_notation(settings):
    settings.TOOLS_RATE_LIMIT = "5/second"
    assert check_rate_limit_setting() == []
