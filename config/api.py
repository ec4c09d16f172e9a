"""The JSON API for people, under /api/: one NinjaAPI, one bearer auth, one error shape.

Apps add their routers here (`api.add_router("/cases/", ...)`). A person's token
(`manage.py api_token USERNAME`, model procurement.ApiToken) acts with that person's roles; the
services decide what the person may do, exactly as for the pages. Agents use their own tokens on
/api/tools/ (agents/tools/api.py); the two kinds of token are never accepted for each other.

Errors are JSON `{"error": "<what went wrong, for a person>"}` with a 4xx status: 401 no or bad
token, 403 not allowed (role), 404 no such object, 409 the object is not in a state that allows
it (or changed since it was read), 422 bad input.

CSRF: ninja marks these views csrf-exempt, which is right: a browser attaches cookies, never our
bearer token, so a forged cross-site request carries no credential. No view here reads the session.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from procurement.cases.actions import CaseActionRefused
from procurement.cases.tokens import api_token_authenticate
from procurement.roles import user_roles


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class PersonBearer(HttpBearer):
    """`Authorization: Bearer <token>`; `request.auth` (and `request.user`) is the token's user."""

    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_authenticate(raw_token=token.strip())
        if found is None:
            raise ApiError(401, "The bearer token is not valid.")
        if not found.is_active:
            raise ApiError(401, "This bearer token has been revoked.")
        if not found.user.is_active:
            raise ApiError(401, "The token's user is no longer active.")
        if not user_roles(found.user):
            raise ApiError(403, "Your account has no role: ask an AP admin for one.")
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="Procurement Triage",
    version="1",
    description="Cases and the actions people take on them. Authenticate with "
    "`Authorization: Bearer <token>` (a token from `manage.py api_token USERNAME`).",
    urls_namespace="api",
    auth=PersonBearer(),
    # No Swagger page: it loads its script from a CDN, which the CSP (and no-CDN rule) forbid.
    docs_url=None,
)


def _error(request: HttpRequest, status: int, message: str, **extra) -> HttpResponse:
    return api.create_response(request, {"error": message, **extra}, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.message)


@api.exception_handler(CaseActionRefused)
def _refused(request: HttpRequest, exc: CaseActionRefused) -> HttpResponse:
    return _error(request, exc.status, exc.message)


@api.exception_handler(AuthenticationError)
def _missing_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, "A bearer token is required: Authorization: Bearer <token>.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', ())[1:]) or 'body'}: {error['msg']}"
        for error in exc.errors
    )
    return _error(request, 422, f"Invalid input: {problems}", details=exc.errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc.message))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "You may not do this.")


api.add_router("/cases/", "procurement.api.cases.router")
api.add_router("/approvals/", "approvals.api.router")
api.add_router("/memory/", "memory.api.router")
