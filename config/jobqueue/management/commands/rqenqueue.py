"""`manage.py rqenqueue`: django-rq's, imported only when it runs (see config.jobqueue)."""
from django_rq.management.commands.rqenqueue import Command

__all__ = ["Command"]
