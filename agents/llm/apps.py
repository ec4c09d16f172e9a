from django.apps import AppConfig


class LlmConfig(AppConfig):
    name = "agents.llm"
    label = "llm"
    verbose_name = "LLM usage and budgets"
    # No ready() importing agents.llm.rules: RulesProvider imports it (which registers every
    # rule) when it first answers, so commands that never ask an LLM do not pay for it at start.
