"""`manage.py rqstats`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqstats import Command

__all__ = ["Command"]
