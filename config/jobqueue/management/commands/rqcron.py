"""`manage.py rqcron`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqcron import Command

__all__ = ["Command"]
