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
