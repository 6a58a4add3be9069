"""Rounds of the monitoring bodies per country, members' contributions, sent reminders.

A :class:`Round` is one cycle of one body for one country (GRETA's fourth
evaluation round of the Netherlands, the UPR's fifth cycle of Poland), with
the dates that matter to NGOs: when the body asks, the deadline of NGO
contributions, and the event (country visit, session, review). Rounds typed
for the demonstration network are marked ``demo`` and say so on every page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation
from crossroads.bodies.register import choices as body_choices


class Stage(models.TextChoices):
    """Where a round stands, for the network."""

    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for contributions")
    SUBMITTED = "submitted", _("Network contribution sent")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """One cycle of a monitoring body for one country, with its dates."""

    body = models.CharField(_("Monitoring body"), max_length=20, choices=body_choices)
    country = models.CharField(
        _("Country"),
        max_length=3,
        blank=True,
        help_text=_("Empty for a call to the whole network (a thematic report, an EU report)."),
    )
    title = models.CharField(
        _("Round"), max_length=200, help_text=_("As the body names it: “Fourth evaluation round”.")
    )
    opens_on = models.DateField(
        _("Questionnaire or call published"), null=True, blank=True, help_text=_("If known.")
    )
    deadline = models.DateField(_("Deadline for NGO contributions"))
    event_on = models.DateField(
        _("Country visit, session or review"), null=True, blank=True, help_text=_("If known.")
    )
    event = models.CharField(
        _("What happens then"), max_length=200, blank=True, help_text=_("“Country visit”.")
    )
    stage = models.CharField(_("Stage"), max_length=20, choices=Stage.choices, default=Stage.OPEN)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("Lead member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member that coordinates the contribution, if any."),
    )
    notes = models.TextField(_("Notes"), blank=True, max_length=3000)
    source_url = models.URLField(_("Source"), max_length=500, blank=True)
    demo = models.BooleanField(default=False, help_text=_("Invented for the demonstration."))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "body", "country"]
        indexes = [models.Index(fields=["deadline"], name="round_deadline")]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "country", "title"], name="round_body_country_title_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.country} {self.title}"


class Contribution(models.Model):
    """What one organisation contributed to a round: a written submission, a meeting."""

    class Kind(models.TextChoices):
        WRITTEN = "written", _("Written submission")
        JOINT = "joint", _("Joint network submission")
        MEETING = "meeting", _("Meeting or hearing")
        DATA = "data", _("Data or figures")
        FOLLOW_UP = "follow_up", _("Follow-up of recommendations")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="body_contributions"
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("What was contributed"), max_length=500)
    made_on = models.DateField(_("Date"))
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("Document in the library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    demo = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id} → round {self.round_id}"


class Reminder(models.Model):
    """A reminder sent about a round's deadline; one per round and lead time, so that a
    worker restarted, or two workers, never send it twice."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    deadline = models.DateField(help_text="The deadline the reminder was about.")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "days_before", "deadline"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"round {self.round_id}, {self.days_before} days before {self.deadline}"


class DraftFile(models.Model):
    """The latest drafted submission of a round in one language: the HTML, DOCX and PDF
    written together by a task worker from what members shared with the network."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    language = models.CharField(max_length=8)
    html = models.TextField()
    docx = models.BinaryField()
    pdf = models.BinaryField()
    figures_year = models.PositiveSmallIntegerField(null=True)
    contributors = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "language"], name="draft_file_per_language")
        ]

    def __str__(self) -> str:
        return f"draft of round {self.round_id} ({self.language})"
