"""ASGI: HTTP via Django behind a request-size limit; websockets via Channels (sets scope["user"],
does not require login).
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up first
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from agents.orchestrator.in_process import start_in_process_sweeper  # noqa: E402
from config.request_limit import RequestBodyLimit  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(
            django_asgi_app, max_bytes=settings.MAX_REQUEST_MB * 1024 * 1024
        ),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Embedded mode has no scheduler: the web process sweeps (README: "The sweeper and the scheduler").
start_in_process_sweeper()
