from django.apps import AppConfig


class OrchestratorConfig(AppConfig):
    name = "agents.orchestrator"
    label = "orchestrator"
    verbose_name = "Workflows"
