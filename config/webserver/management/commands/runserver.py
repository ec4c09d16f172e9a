"""`manage.py runserver`: Daphne's development server, so websockets work as in production."""
# Imported only when runserver runs. Daphne installs Twisted's reactor when its server module is
# imported; nothing imported before this point uses Twisted.
from daphne.management.commands.runserver import Command

__all__ = ["Command"]
