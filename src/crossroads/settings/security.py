"""Sign-in and browser security: passwords, sessions, cookies, HTTPS and its headers,
two-factor sign-in and the limits on attempts.
"""

from __future__ import annotations

from crossroads.env import ConfigurationError, env_bool, env_int, env_str
from crossroads.settings.mode import PRODUCTION

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
