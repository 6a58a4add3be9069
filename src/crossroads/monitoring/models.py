"""Country profiles: the legal-framework checklist of each country, with sources and history.

A profile holds one answer per checklist item (:mod:`crossroads.monitoring.checklist`).
Every answer says where it comes from (source and its date); every change
keeps the previous answer in :class:`AnswerRevision` and writes an audit entry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CountryProfile(models.Model):
    """The legal framework of one country, as documented by the network's analysts."""

    country = models.CharField(max_length=3, unique=True, help_text=_("ISO 3166-1 alpha-3."))
    demo_content = models.BooleanField(
        default=False,
        help_text=_("Invented for the demonstration network; states no real legal fact."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return self.country


class Answer(models.Model):
    """The current answer to one checklist item for one country."""

    profile = models.ForeignKey(CountryProfile, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    value = models.JSONField(help_text=_("A code, a list of codes, a whole number or a date."))
    source = models.CharField(max_length=300, help_text=_("Where the answer comes from."))
    source_url = models.URLField(max_length=500, blank=True)
    source_date = models.DateField(help_text=_("Date of the source, or when it was consulted."))
    note = models.TextField(blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "item"], name="answer_profile_item_unique")
        ]
        ordering = ["profile", "item"]

    def __str__(self) -> str:
        return f"{self.profile.country}:{self.item}"


class AnswerRevision(models.Model):
    """One saved state of an answer (the first and every later one), newest last."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    value = models.JSONField()
    source = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500, blank=True)
    source_date = models.DateField()
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.CharField(max_length=150, blank=True)
    audit_seq = models.BigIntegerField(null=True)

    class Meta:
        ordering = ["answer", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="revision_answer_version")
        ]

    def __str__(self) -> str:
        return f"{self.answer} v{self.version}"


class FigureSet(models.Model):
    """The read model of the figures of one edition: the latest accepted data, or a publication.

    Computed once when a release changes (:mod:`crossroads.monitoring.readmodel`)
    and read by every page. ``years`` holds, per cohort year, what was read
    to compute it (the release's fingerprint, contributors, countries), so a
    page can tell when the figures no longer match the releases.
    """

    edition = models.CharField(max_length=40, unique=True)
    computed_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0.0)
    years = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"figures {self.edition}"


class ScopeFigures(models.Model):
    """Every indicator's figure of one scope and cohort year, and the cells its charts read.

    Only released values are stored: a suppressed cell is None, as in the
    released tables themselves.
    """

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="scopes")
    year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=8)
    cohort = models.IntegerField(null=True)
    figures = models.JSONField(default=dict)
    cells = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["figure_set", "year", "scope"], name="scope_figures_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure_set.edition} {self.year} {self.scope}"


class CheckInPoint(models.Model):
    """A member's anonymous check-in, offered to the persons it assists.

    The link carries ``token``; closing the check-in or opening it again with
    a new token ends the old link. Answers keep no trace of the member.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="checkin"
    )
    token = models.CharField(max_length=40, unique=True)
    is_open = models.BooleanField(default=True)
    opened_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"check-in of {self.organisation}"


class CheckInAnswer(models.Model):
    """One person's anonymous answers to the five check-in questions.

    Only the country and year are kept, to count the answers beside the
    cohort's figures: no member, no time of day, no address, no language.
    """

    country = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    informed = models.CharField(max_length=8)
    interpreter = models.CharField(max_length=8)
    pressured = models.CharField(max_length=8)
    legal_advice = models.CharField(max_length=8)
    suspect = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["country", "year"])]

    def __str__(self) -> str:
        return f"check-in answer {self.country} {self.year}"
