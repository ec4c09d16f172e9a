"""`manage.py rqresume`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqresume import Command

__all__ = ["Command"]
