"""Published years: a frozen snapshot of the released figures and the report files.

Publishing a cohort year freezes what the public may see: the
disclosure-controlled tables of every scope for the years the report
covers, the indicators computed from them, the country profiles, the
contributing members, and the report as HTML and PDF, with checksums. A
later publication of the same year supersedes the earlier one, which stays
for the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    """One publication of a cohort year's figures and report."""

    year = models.PositiveSmallIntegerField(db_index=True)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    snapshot = models.JSONField(
        help_text=_("Released tables, indicators, profiles and provenance, as published.")
    )
    report_html = models.TextField()
    report_pdf = models.BinaryField()
    html_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    members = models.PositiveIntegerField(
        default=0, help_text=_("Members with an accepted submission for the year.")
    )
    best_covered = models.PositiveIntegerField(
        default=0, help_text=_("Most members that contributed to any year the report covers.")
    )

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="publication_year_version")
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    @property
    def complete(self) -> bool:
        """Whether as many members contributed as to the best-covered year."""
        return self.members >= self.best_covered


class DraftReport(models.Model):
    """The latest report of a year built from the accepted data, in one language.

    An analyst builds it (a background task) to check it before publishing;
    building again replaces it. ``source`` fingerprints the figures it was
    built from, so the page says when the accepted data changed since.
    """

    year = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10)
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=64, help_text=_("Fingerprint of the figures used."))
    report_html = models.TextField()
    report_pdf = models.BinaryField()
    html_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "language"], name="draft_report_year_language")
        ]

    def __str__(self) -> str:
        return f"draft {self.year} ({self.language})"
