from django.apps import AppConfig


class LlmConfig(AppConfig):
    name = "agents.llm"
    label = "llm"
    verbose_name = "LLM usage and budgets"

    def ready(self) -> None:
        # The rules provider answers a task only once its implementation is registered.
        from agents.llm import rules  # noqa: F401
