"""Websocket routes (live updates of queues and workflow states are added by their issues)."""

websocket_urlpatterns: list = []
