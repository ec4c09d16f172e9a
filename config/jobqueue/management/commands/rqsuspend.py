"""`manage.py rqsuspend`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqsuspend import Command

__all__ = ["Command"]
