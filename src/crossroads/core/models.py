"""Tables of the cross-cutting machinery: the counters of :mod:`crossroads.core.throttle`."""

from __future__ import annotations

from django.db import models


class ThrottleCounter(models.Model):
    """How many attempts one (scope, identity) made in its current window.

    The identity (a client address, a username) is never stored: ``key`` is a
    keyed hash of it, useless without the instance's secret key, and the row
    is deleted once its window has passed.
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(
        db_index=True, help_text="End of the window, in seconds since the epoch."
    )

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count} until {self.expires_at}"
