"""Django settings for Crossroads, read from environment variables.

Two modes (``CROSSROADS_ENV``):

* ``local`` (default): a laptop or a test run. Missing secrets are generated
  once and kept in the data directory, and the embedded SQLite database is used
  unless ``DATABASE_URL`` says otherwise.
* ``production``: every secret must be given; start-up stops otherwise.

The linkage key turns identity fields into linkage tokens. It belongs to the
network's key custodian and must be the same at every member that links lists;
it is never stored in the database or shown to the secretariat.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

import dj_database_url

from crossroads.env import (
    ConfigurationError,
    ensure_private_file,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_optional,
    env_secret,
    env_str,
    require_base64_key,
    require_key_length,
    write_private_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent

CROSSROADS_ENV = env_str("CROSSROADS_ENV", "local")
if CROSSROADS_ENV not in {"local", "production"}:
    raise ConfigurationError("CROSSROADS_ENV must be 'local' or 'production'.")
PRODUCTION = CROSSROADS_ENV == "production"

DATA_DIR = Path(env_str("CROSSROADS_DATA_DIR", str(Path.cwd() / "var"))).resolve()


def _new_token() -> str:
    return secrets.token_urlsafe(48)


def _local_secret(name: str, filename: str, generate: Callable[[], str] = _new_token) -> str:
    """Read a secret from the environment, or in local mode from a generated file."""
    value = env_secret(name)
    if value:
        return value
    if PRODUCTION:
        raise ConfigurationError(
            f"{name} (or {name}_FILE) must be set when CROSSROADS_ENV=production."
        )
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = DATA_DIR / filename
    if not path.exists():
        write_private_file(path, generate())
    return path.read_text(encoding="utf-8").strip()


def _new_key_base64() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


SECRET_KEY = require_key_length(
    "CROSSROADS_SECRET_KEY", _local_secret("CROSSROADS_SECRET_KEY", "secret_key")
)
LINKAGE_KEY = require_key_length(
    "CROSSROADS_LINKAGE_KEY", _local_secret("CROSSROADS_LINKAGE_KEY", "linkage_key")
)
# Signs submission files exchanged between instances (docs/exchange.md) and the audit
# log's checkpoints: an Ed25519 private key as 32 bytes in base64 (any 32 random bytes
# are a valid key).
SIGNING_KEY = require_base64_key(
    "CROSSROADS_SIGNING_KEY",
    _local_secret("CROSSROADS_SIGNING_KEY", "signing_key", _new_key_base64),
)
# Encrypts the archives of ``crossroads backup`` (AES-256-GCM): 32 bytes in base64, kept
# apart from the backups themselves (docs/security.md). In production it is needed only by
# an instance that makes its backups with ``crossroads backup``.
_backup_key = (
    env_secret("CROSSROADS_BACKUP_KEY")
    if PRODUCTION
    else _local_secret("CROSSROADS_BACKUP_KEY", "backup_key", _new_key_base64)
)
BACKUP_KEY = require_base64_key("CROSSROADS_BACKUP_KEY", _backup_key) if _backup_key else ""

DEBUG = env_bool("CROSSROADS_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ConfigurationError(
        "CROSSROADS_DEBUG=true is refused when CROSSROADS_ENV=production: debug pages show "
        "settings and request data to anyone who causes an error."
    )
# Shows a banner saying that all data is synthetic (set by ``crossroads demo``).
CROSSROADS_DEMO = env_bool("CROSSROADS_DEMO", default=False)
# The differential-privacy budget ε of each cohort year, over all its publications with
# differentially private counts (docs/privacy.md); a publication that would spend more
# is refused.
CROSSROADS_PRIVACY_BUDGET = env_float("CROSSROADS_PRIVACY_BUDGET", 4.0, minimum=0.0)
ALLOWED_HOSTS = env_list(
    "CROSSROADS_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CROSSROADS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crossroads.core",
    "crossroads.accounts",
    "crossroads.audit",
    "crossroads.codebook",
    "crossroads.cases",
    "crossroads.exchange",
    "crossroads.monitoring",
    "crossroads.reports",
    "crossroads.estimation",
    "crossroads.tasks",
    "crossroads.safety",
    "crossroads.civicspace",
    "crossroads.library",
    "crossroads.bodies",
    "crossroads.reporting",
    "crossroads.mel",
    "ninja",
    "crossroads.api",
]

MIDDLEWARE = [
    "crossroads.core.middleware.RequestLogMiddleware",
    "crossroads.api.problems.ApiProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "crossroads.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "crossroads.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crossroads.core.middleware.SessionLimitsMiddleware",
    "crossroads.accounts.middleware.SecondFactorMiddleware",
    "crossroads.core.middleware.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "crossroads.urls"
WSGI_APPLICATION = "crossroads.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crossroads.core.context_processors.navigation",
            ],
            "builtins": ["crossroads.core.templatetags.crossroads"],
        },
    }
]

# SQLite: WAL lets readers continue while one writer imports a file; an immediate
# transaction takes the write lock at its start, so two writers queue rather than fail.
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
_database_url = env_optional("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        if str(DATABASES["default"]["NAME"]) not in {"", ":memory:"}:
            ensure_private_file(Path(str(DATABASES["default"]["NAME"])))
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
        DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Owner-only: the database file holds the records. The file is created here, mode
    # 0600, before SQLite opens it (SQLite would create it following the umask, and
    # gives its -wal and -shm files the database file's mode).
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    ensure_private_file(DATA_DIR / "crossroads.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "crossroads.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2id first (see crossroads/accounts/hashers.py); the others only verify hashes
# made by earlier versions, which are rewritten with Argon2id at the next sign-in.
PASSWORD_HASHERS = [
    "crossroads.accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("bg", "Български"),
    ("cs", "Čeština"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sr", "Српски"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
]
# Each app keeps its own translations in <app>/locale/, found automatically.
LOCALE_PATHS: list[str] = []
USE_I18N = True
# English dates as Europe writes them (3 December 2026); see crossroads/formats.
FORMAT_MODULE_PATH = ["crossroads.formats"]
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the app directories, so a laptop needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions end when the browser closes, after CROSSROADS_IDLE_MINUTES without a request,
# and at the latest CROSSROADS_SESSION_SECONDS after sign-in (core.middleware.SessionLimits).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("CROSSROADS_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CROSSROADS_IDLE_MINUTES = env_int("CROSSROADS_IDLE_MINUTES", 30, minimum=1)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (the default in production): cookies only travel encrypted, plain
# HTTP is redirected, and browsers are told to insist on HTTPS (HSTS).
HTTPS = env_bool("CROSSROADS_HTTPS", default=PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    # Only behind a reverse proxy that sets this header itself (docs/security.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("CROSSROADS_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_SSL_REDIRECT = env_bool("CROSSROADS_SSL_REDIRECT", default=True)

# Uploads are parsed in memory up to this size; imports of large spreadsheets stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Two-factor sign-in (crossroads.accounts.second_factor): "required" makes every role (all
# of them see case data or submissions) sign in with a second factor; "optional" lets
# people choose, and lets each organisation require it for its own people. Production
# cannot be weaker than required unless CROSSROADS_SECOND_FACTOR=optional is set on purpose.
CROSSROADS_SECOND_FACTOR = env_str(
    "CROSSROADS_SECOND_FACTOR", "required" if PRODUCTION else "optional"
)
if CROSSROADS_SECOND_FACTOR not in {"required", "optional"}:
    raise ConfigurationError("CROSSROADS_SECOND_FACTOR must be 'required' or 'optional'.")
# The issuer shown in authenticator apps next to the account name.
OTP_TOTP_ISSUER = env_str("CROSSROADS_OTP_ISSUER", "Crossroads")
# django-otp's own per-device delay is replaced by crossroads.core.throttle's limit (five
# codes per lockout period), which also counts recovery codes and holds under concurrency.
OTP_TOTP_THROTTLE_FACTOR = 0

# Sign-in protection (crossroads.core.throttle): after this many attempts an account (any
# username, existing or not) pauses for a while, and so does a client address after its own
# larger number; the password is not even checked meanwhile.
CROSSROADS_LOCKOUT_ATTEMPTS = env_int("CROSSROADS_LOCKOUT_ATTEMPTS", 5, minimum=1)
CROSSROADS_LOCKOUT_MINUTES = env_int("CROSSROADS_LOCKOUT_MINUTES", 15, minimum=1)
# The cost of opening an organisation's reporting key: scrypt with 2**N iterations of
# 1 KiB rows (16: 64 MiB and about a quarter of a second per attempt; reporters' keys cost
# a quarter of that). Tests lower it; never lower it in production.
CROSSROADS_REPORTING_KDF_LOG2 = env_int("CROSSROADS_REPORTING_KDF_LOG2", 16, minimum=10)
CROSSROADS_ADDRESS_ATTEMPTS = env_int("CROSSROADS_ADDRESS_ATTEMPTS", 30, minimum=1)
# Reverse proxies in front of Crossroads that append the client's address to
# X-Forwarded-For (0: the connection's address is the client's).
CROSSROADS_TRUSTED_PROXIES = env_int("CROSSROADS_TRUSTED_PROXIES", 0, minimum=0)

# Long work (imports, estimates, network tables, reports, publishing) runs in task
# workers (``crossroads worker``, started by ``crossroads serve``) through Django's
# tasks framework; the queue is a table of the same database, so nothing else needs
# to run. A hosted network may move it to a dedicated backend (docs/architecture.md).
TASKS = {
    "default": {"BACKEND": env_str("CROSSROADS_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# ``crossroads serve``: web server processes and threads, and task workers beside them.
CROSSROADS_WEB_PROCESSES = env_int(
    "CROSSROADS_WEB_PROCESSES", max(2, min(8, (os.cpu_count() or 1) + 1)), minimum=1
)
CROSSROADS_WEB_THREADS = env_int("CROSSROADS_WEB_THREADS", 4, minimum=1)
CROSSROADS_TASK_WORKERS = env_int(
    "CROSSROADS_TASK_WORKERS", max(1, (os.cpu_count() or 1) // 2), minimum=0
)

# The joint audit of a three-year window's pooled tables stops after this long; the window
# is then not pooled (exchange.services.pooling): nothing is published on an unfinished audit.
CROSSROADS_POOLED_AUDIT_SECONDS = env_int("CROSSROADS_POOLED_AUDIT_SECONDS", 3600, minimum=0)

CROSSROADS_IMPORT_MAX_MEGABYTES = env_int("CROSSROADS_IMPORT_MAX_MEGABYTES", 200, minimum=1)
# An .xlsx is a zip archive: its unpacked size is limited too (a "zip bomb" guard).
CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES = env_int(
    "CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES", 2000, minimum=1
)
# A workbook's first sheet is refused before it is read when it spans more than this: a
# reader allocates every cell from A1 to the last one, so a tiny file can ask for more
# memory than any server has (docs/security.md).
CROSSROADS_IMPORT_MAX_ROWS = env_int("CROSSROADS_IMPORT_MAX_ROWS", 1_048_576, minimum=1)
CROSSROADS_IMPORT_MAX_COLUMNS = env_int("CROSSROADS_IMPORT_MAX_COLUMNS", 1000, minimum=1)
CROSSROADS_IMPORT_MAX_CELLS = env_int("CROSSROADS_IMPORT_MAX_CELLS", 40_000_000, minimum=1)
# No request body may be larger than the largest upload (an import, or a token file of
# up to 300 MB) with its form; larger ones are refused before they are read.
CROSSROADS_REQUEST_MAX_MEGABYTES = env_int(
    "CROSSROADS_REQUEST_MAX_MEGABYTES", max(CROSSROADS_IMPORT_MAX_MEGABYTES, 300) + 10, minimum=1
)
# The API: requests per access token (or signed-in person) and minute, and the largest
# JSON body (uploads through the API have their own limits, as on the pages).
CROSSROADS_API_REQUESTS_PER_MINUTE = env_int("CROSSROADS_API_REQUESTS_PER_MINUTE", 600, minimum=1)
CROSSROADS_API_MAX_KILOBYTES = env_int("CROSSROADS_API_MAX_KILOBYTES", 1024, minimum=1)
# Processes that check the rows of a large import in parallel (1: in the server process).
CROSSROADS_IMPORT_PROCESSES = env_int("CROSSROADS_IMPORT_PROCESSES", 2, minimum=1)

# The address people use to reach this instance, for links in e-mails sent by tasks.
CROSSROADS_BASE_URL = env_str(
    "CROSSROADS_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000",
)
# E-mail (password resets, invitations, notifications; never a client's data): printed to
# the console on a laptop, sent through SMTP in production.
DEFAULT_FROM_EMAIL = env_str("CROSSROADS_EMAIL_FROM", "Crossroads <crossroads@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 15
_email_host = env_optional("CROSSROADS_EMAIL_HOST")
if _email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email_host
    EMAIL_PORT = env_int("CROSSROADS_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("CROSSROADS_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("CROSSROADS_EMAIL_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("CROSSROADS_EMAIL_TLS", default=True)
elif PRODUCTION:
    raise ConfigurationError(
        "CROSSROADS_EMAIL_HOST must be set when CROSSROADS_ENV=production: password resets and "
        "invitations are sent by e-mail (see docs/security.md)."
    )
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The audit log (crossroads.audit.sealing): where the signed checkpoints are appended, outside
# the database (default: audit-checkpoints.jsonl in the data directory), and who receives the
# latest one each day as an outside witness (comma-separated addresses; none by default).
CROSSROADS_AUDIT_CHECKPOINTS = env_str("CROSSROADS_AUDIT_CHECKPOINTS", "")
CROSSROADS_AUDIT_WITNESS_EMAILS = env_list("CROSSROADS_AUDIT_WITNESS_EMAILS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("CROSSROADS_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Request bodies never reach the logs: identity fields travel in form posts.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per request: method, path, status, time; no address, no query value.
        "crossroads.requests": {
            "handlers": ["console"],
            "level": env_str("CROSSROADS_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "crossroads.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# Civic space incidents: counts by country and year below this number are hidden.
CROSSROADS_CIVIC_THRESHOLD = env_int("CROSSROADS_CIVIC_THRESHOLD", 3, minimum=2)
# The network's MEL: a year's tables are on time when submitted by this day (MM-DD) of the
# following year.
CROSSROADS_EXCHANGE_DEADLINE = env_str("CROSSROADS_EXCHANGE_DEADLINE", "03-31")
try:
    _deadline_month, _deadline_day = (int(part) for part in CROSSROADS_EXCHANGE_DEADLINE.split("-"))
    date(2001, _deadline_month, _deadline_day)
except ValueError as _bad_deadline:
    raise ConfigurationError(
        "CROSSROADS_EXCHANGE_DEADLINE must be a day of the year as MM-DD, such as 03-31."
    ) from _bad_deadline
