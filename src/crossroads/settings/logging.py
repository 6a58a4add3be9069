"""Logging: plain lines on the console, and never a request body."""

from __future__ import annotations

from crossroads.env import env_str

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
