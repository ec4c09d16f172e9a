"""`manage.py rqworker-pool`: django-rq's command, imported only when it runs (see
config.jobqueue). The module name has django-rq's hyphen, so the command keeps its name."""
import importlib

Command = importlib.import_module("django_rq.management.commands.rqworker-pool").Command

__all__ = ["Command"]
