"""`manage.py rqscheduler`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqscheduler import Command

__all__ = ["Command"]
