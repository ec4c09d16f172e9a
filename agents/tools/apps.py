from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "agents.tools"
    label = "tools"
    verbose_name = "Agent tools"
