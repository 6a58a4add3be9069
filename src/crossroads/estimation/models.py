"""Uploaded token files and stored hidden-victim estimates.

A :class:`TokenUpload` is one outside list (police, labour inspectorate,
another NGO) for a country and year, as the analyst uploaded it: only its
tokens, reduced to the 64-bit keys the linker uses. It can be deleted but
never downloaded again.

An :class:`Estimate` keeps everything needed to reproduce a figure: which
lists went in (with their sizes and the key fingerprint), the exact overlap
table, the linkage diagnostics, the analysis settings (seed included) and
the result. The exact overlap table is stored for reproduction; pages only
ever show it with small cells masked.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.stats.linkage import LEVEL_NAMES, TokenList
from crossroads.tasks.models import TaskRun

#: Stored as the error of an estimate stopped by a fault of the software (the page explains).
UNEXPECTED = "unexpected error"


class TokenUpload(models.Model):
    """The tokens of one outside list, uploaded by an analyst of the secretariat."""

    label = models.CharField(
        max_length=64, help_text=_("Short name of the list, used as its column in overlap tables.")
    )
    holder = models.CharField(
        max_length=200, help_text=_("Who keeps the list, e.g. the national police.")
    )
    country = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    fingerprint = models.CharField(max_length=16)
    people = models.PositiveIntegerField()
    keys = models.BinaryField(help_text=_("The 64-bit token keys, people by level; never shown."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country", "-year", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "label"], name="token_upload_label_unique"
            )
        ]
        verbose_name = _("uploaded token file")

    def __str__(self) -> str:
        return f"{self.label} ({self.country} {self.year})"

    def token_list(self, name: str | None = None) -> TokenList:
        """The list, ready for :func:`crossroads.stats.linkage.link`."""
        keys = np.frombuffer(bytes(self.keys), dtype="<u8").astype(np.uint64)
        return TokenList(name or self.label, keys.reshape(self.people, len(LEVEL_NAMES)))


class Estimate(models.Model):
    """A hidden-victim estimate for one country and year, with its full specification."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    country = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    sources = models.JSONField(
        default=list, help_text=_("The lists linked: kind, id, label, name, people.")
    )
    specification = models.JSONField(
        default=dict, help_text=_("The analysis settings, seed included.")
    )
    overlap = models.JSONField(
        default=dict, help_text=_("The exact overlap table (shown only with small cells masked).")
    )
    linkage = models.JSONField(default=dict, help_text=_("What each linkage level did."))
    fingerprint = models.CharField(max_length=16)
    note = models.TextField(blank=True, help_text=_("The analyst's note: purpose, caveats."))
    repeats = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repetitions",
        help_text=_("The estimate whose stored inputs this one ran again."),
    )
    software_version = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    comparison = models.JSONField(default=list, blank=True)
    population_size = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    run = models.ForeignKey(
        TaskRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The background task computing it."),
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the analyst marked it for publication.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_methods = models.JSONField(
        default=list,
        blank=True,
        help_text=_("The methods whose results are published next to the estimate (their keys)."),
    )
    named_holders = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "The lists (their labels) whose holders agreed to be named where it is published."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["country", "year"], name="estimate_country_year")]
        constraints = [
            # One published figure per country and year: publishing another replaces it.
            models.UniqueConstraint(
                fields=["country", "year"],
                condition=models.Q(published_at__isnull=False),
                name="estimate_one_published_per_country_year",
            )
        ]
        verbose_name = _("hidden-victim estimate")

    def __str__(self) -> str:
        return f"{self.country} {self.year} #{self.pk}"

    @property
    def list_names(self) -> list[str]:
        """The overlap table's columns, in order."""
        names: list[str] = self.overlap.get("lists", [])
        return names

    @property
    def observed(self) -> int:
        """People seen on at least one list."""
        return sum(int(count) for count in self.overlap.get("patterns", {}).values())

    @property
    def is_published(self) -> bool:
        """Marked for publication in the annual report and on the public pages."""
        return self.published_at is not None

    @property
    def is_finished(self) -> bool:
        """Done or failed: nothing will change any more."""
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def overlap_counts(self) -> dict[str, int]:
        """The exact counts by pattern string (``"1010"``: on the 1st and 3rd lists)."""
        patterns: dict[str, Any] = self.overlap.get("patterns", {})
        return {pattern: int(count) for pattern, count in patterns.items()}
