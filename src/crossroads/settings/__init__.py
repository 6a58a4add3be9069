"""Django settings for Crossroads, read from environment variables.

Two modes (``CROSSROADS_ENV``):

* ``local`` (default): a laptop or a test run. Missing secrets are generated
  once and kept in the data directory, and the embedded SQLite database is used
  unless ``DATABASE_URL`` says otherwise.
* ``production``: every secret must be given; start-up stops otherwise.

The linkage key turns identity fields into linkage tokens. It belongs to the
network's key custodian and must be the same at every member that links lists;
it is never stored in the database or shown to the secretariat.

Each group of settings with an idea of its own lives in a module of this package
(mode, keys, database, security, limits, workers, logging) and is imported whole
here, so Django reads one module, ``crossroads.settings``.
"""

from __future__ import annotations

from datetime import date

from crossroads.env import (
    ConfigurationError,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_optional,
    env_secret,
    env_str,
)
from crossroads.settings.keys import *  # noqa: F403
from crossroads.settings.mode import CROSSROADS_ENV as CROSSROADS_ENV
from crossroads.settings.mode import DATA_DIR, DEBUG, PRODUCTION

# isort: split
# The secrets are read first, so a production instance missing one stops before it
# creates anything in the data directory.
from crossroads.settings.database import *  # noqa: F403
from crossroads.settings.limits import *  # noqa: F403
from crossroads.settings.logging import *  # noqa: F403
from crossroads.settings.security import *  # noqa: F403
from crossroads.settings.workers import *  # noqa: F403

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
