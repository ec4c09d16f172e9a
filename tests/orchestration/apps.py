from django.apps import AppConfig


class TestAgentsConfig(AppConfig):
    """Installed only by tests.orchestration.settings, the settings of the test worker processes."""

    name = "tests.orchestration"
    label = "orchestration_tests"

    def ready(self) -> None:
        from tests.orchestration.agents import register_test_agents

        register_test_agents()
