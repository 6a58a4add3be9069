"""Typed readers for configuration held in environment variables.

Every setting of a deployment comes through one of these helpers, so a
mistyped or missing value stops start-up with a message that names the
variable, instead of surfacing later as odd behaviour. Secrets may also be
given as a path in ``NAME_FILE`` (the Docker and systemd credentials
convention), which keeps them out of process listings.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A configuration variable is missing or malformed."""


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable ``name``, or ``default``; fail if neither exists."""
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ConfigurationError(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_optional(name: str) -> str | None:
    """Return the variable ``name``, or None when it is unset or empty."""
    value = os.environ.get(name)
    return value if value else None


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean variable; only true/false (and 1/0, yes/no, on/off) are accepted."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(
        f"Environment variable {name} must be 'true' or 'false', got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return an integer variable, checking an optional lower bound."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(
            f"Environment variable {name} must be an integer, got {value!r}."
        ) from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"Environment variable {name} must be at least {minimum}.")
    return number


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    """Return a decimal number variable, checking an optional lower bound."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigurationError(
            f"Environment variable {name} must be a number, got {value!r}."
        ) from None
    if number != number or (minimum is not None and number < minimum):
        raise ConfigurationError(f"Environment variable {name} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """Return a secret from ``name`` or from the file named by ``name_FILE``.

    Returns None when neither is set, so the caller decides whether a
    fallback is acceptable (a laptop install) or fatal (production).
    """
    direct = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if direct and path:
        raise ConfigurationError(f"Set either {name} or {name}_FILE, not both.")
    if direct:
        return direct
    if path:
        try:
            secret = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"Cannot read {name}_FILE={path}: {exc.strerror}.") from None
        if not secret:
            raise ConfigurationError(f"{name}_FILE={path} is empty.")
        return secret
    return None


def write_private_file(path: Path, text: str) -> None:
    """Create ``path`` readable and writable by its owner only (mode 0600) and write ``text``.

    The mode is set when the file is created, so the secret is never readable by
    others, not even for a moment; an existing file is an error (never overwritten).
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def ensure_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (0600) if it does not exist; make an existing
    one owner-only. Whatever the folder's mode or the process's umask, the file is never
    readable by others, not even for a moment."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        path.chmod(0o600)
    else:
        os.close(descriptor)


#: The shortest key accepted, in bytes (256 bits).
MINIMUM_KEY_BYTES = 32


def require_key_length(name: str, value: str) -> str:
    """Return the secret ``value`` of ``name``; fail if it is shorter than 32 bytes.

    A short key can be guessed: a linkage key of a few characters lets anyone
    with the tokens test guessed names offline.
    """
    if len(value.encode("utf-8")) < MINIMUM_KEY_BYTES:
        raise ConfigurationError(
            f"{name} must be at least {MINIMUM_KEY_BYTES} bytes long (it has "
            f"{len(value.encode('utf-8'))}); generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return value


def require_base64_key(name: str, value: str) -> str:
    """Return ``value`` if it is exactly 32 bytes in base64; fail with how to make one."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != MINIMUM_KEY_BYTES:
        raise ConfigurationError(
            f"{name} must be {MINIMUM_KEY_BYTES} random bytes in base64; generate one with: "
            "python3 -c 'import base64, secrets; "
            "print(base64.b64encode(secrets.token_bytes(32)).decode())'"
        )
    return value
