from django.apps import AppConfig
from django.core import checks


class ToolsConfig(AppConfig):
    name = "agents.tools"
    label = "tools"
    verbose_name = "Agent tools"

    def ready(self) -> None:
        checks.register(check_rate_limit_setting)


def check_rate_limit_setting(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """TOOLS_RATE_LIMIT must parse: runserver, rqworker and `check --deploy` refuse to start."""
    from django.conf import settings

    from agents.tools.ratelimit import parse_rate

    try:
        parse_rate(settings.TOOLS_RATE_LIMIT)
    except ValueError:
        return [
            checks.Error(
                f"TOOLS_RATE_LIMIT must look like 120/minute, got {settings.TOOLS_RATE_LIMIT!r}",
                id="tools.E001",
            )
        ]
    return []
