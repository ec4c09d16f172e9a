"""Daphne's `runserver` (HTTP and websockets, as in production), loaded only when it runs.

Daphne's own app imports its server, and with it Twisted, as Django starts, whatever the
command: about half a second added to every `manage.py` call, `extract_invoice` included. This
app, listed first in INSTALLED_APPS as Daphne's would be, gives `runserver` the same command
without that import.
"""
