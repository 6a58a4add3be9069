"""The deployment mode, debug pages and the data directory, on which the other sections depend."""

from __future__ import annotations

from pathlib import Path

from crossroads.env import ConfigurationError, env_bool, env_str

CROSSROADS_ENV = env_str("CROSSROADS_ENV", "local")
if CROSSROADS_ENV not in {"local", "production"}:
    raise ConfigurationError("CROSSROADS_ENV must be 'local' or 'production'.")
PRODUCTION = CROSSROADS_ENV == "production"

DATA_DIR = Path(env_str("CROSSROADS_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("CROSSROADS_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ConfigurationError(
        "CROSSROADS_DEBUG=true is refused when CROSSROADS_ENV=production: debug pages show "
        "settings and request data to anyone who causes an error."
    )
