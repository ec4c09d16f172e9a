"""`manage.py rqworker`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqworker import Command

__all__ = ["Command"]
