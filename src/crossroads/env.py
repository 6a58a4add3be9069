"""Typed readers for configuration held in environment variables.

Every setting of a deployment comes through one of these helpers, so a
mistyped or missing value stops start-up with a message that names the
variable, instead of surfacing later as odd behaviour. Secrets may also be
given as a path in ``NAME_FILE`` (the Docker and systemd credentials
convention), which keeps them out of process listings.
"""

from __future__ import annotations

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
