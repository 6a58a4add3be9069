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


class Method(models.TextChoices):
    """How a publication protects the persons behind its counts."""

    SUPPRESSION = "suppression", _("Suppression of small counts")
    PRIVACY = "differential_privacy", _("Differential privacy")


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
    method = models.CharField(max_length=24, choices=Method.choices, default=Method.SUPPRESSION)
    epsilon = models.FloatField(
        null=True, blank=True, help_text=_("Privacy budget of each newly noised cohort year.")
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


class PrivacyRelease(models.Model):
    """One cohort year's counts released with differential privacy: a line of the
    privacy-budget ledger (the spending by table and scope is in its
    :class:`PrivacySpending` rows). A later publication that covers the same
    year reuses these counts while its accepted submissions are unchanged."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="privacy_releases"
    )
    year = models.PositiveSmallIntegerField(db_index=True, help_text=_("Cohort year."))
    epsilon = models.FloatField(help_text=_("Budget spent on the cohort year."))
    key = models.CharField(
        max_length=64, help_text=_("Identifies the accepted submissions the counts come from.")
    )
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "released_at"]

    def __str__(self) -> str:
        return f"{self.year}: ε={self.epsilon:g} ({self.publication})"


class PrivacySpending(models.Model):
    """The budget one table of a :class:`PrivacyRelease` spent in one scope."""

    release = models.ForeignKey(PrivacyRelease, on_delete=models.PROTECT, related_name="spending")
    table = models.CharField(max_length=100)
    scope = models.CharField(max_length=16, help_text=_("network, or an ISO alpha-3 code."))
    epsilon = models.FloatField()

    class Meta:
        ordering = ["release", "table", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "table", "scope"], name="privacy_spending_table_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.scope}: ε={self.epsilon:g}"
