"""The network's monitoring, evaluation and learning (MEL).

The plan's log frame is data: :class:`Objective` → :class:`FocusArea` →
:class:`Indicator`, each indicator tied to one :mod:`measure <crossroads.mel.measures>`
that Crossroads computes from what it already knows (members' submissions, the
figures, the monitoring bodies' rounds, reporting-point reports) or counts from
the recorded :class:`Activity` rows, with a yearly target. :class:`LearningNote`
keeps what the network learned and changes. The yearly MEL report puts them
together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation

if TYPE_CHECKING:
    from crossroads.accounts.permissions import AnyUser


class Objective(models.Model):
    """One objective of the network's plan (“Strengthen members' data collection”)."""

    code = models.CharField(_("Number"), max_length=10, unique=True, help_text=_("“1”, “2”…"))
    title = models.CharField(_("Objective"), max_length=300)
    description = models.TextField(_("What it means"), blank=True, max_length=3000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class FocusArea(models.Model):
    """A focus area (outcome) of an objective, the level indicators are attached to."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("Number"), max_length=10, unique=True, help_text=_("“1.2”"))
    title = models.CharField(_("Focus area"), max_length=300)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """An indicator of the log frame: what is measured, and the yearly target."""

    area = models.ForeignKey(
        FocusArea, verbose_name=_("Focus area"), on_delete=models.CASCADE, related_name="indicators"
    )
    measure = models.CharField(_("Measured by"), max_length=40)
    target = models.FloatField(
        _("Yearly target"),
        null=True,
        blank=True,
        help_text=_("A number, or a percentage for a share (80 for 80 %). Empty: no target."),
    )
    note = models.CharField(_("Means of verification"), max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "measure"], name="mel_indicator_once_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area.code}: {self.measure}"


class ActivityKind(models.TextChoices):
    """What kind of activity the network or a member carried out."""

    TRAINING = "training", _("Training")
    CAPACITY = "capacity", _("Capacity building")
    ADVOCACY = "advocacy", _("Advocacy action")
    PUBLICATION = "publication", _("Publication")
    BODY_SUBMISSION = "body_submission", _("Submission to a monitoring body")
    MEETING = "meeting", _("Network meeting or exchange")


class ActivityQuerySet(models.QuerySet["Activity"]):
    """Query rules for activities."""

    def visible_to(self, user: AnyUser) -> ActivityQuerySet:
        """Analysts (the secretariat): every activity; members' data officers and
        administrators: their organisation's and the secretariat's."""
        from crossroads.accounts.permissions import can_manage_data, is_analyst

        if is_analyst(user):
            return self.all()
        if can_manage_data(user):
            return self.filter(
                models.Q(organisation=user.organisation) | models.Q(by_secretariat=True)
            )
        return self.none()


class Activity(models.Model):
    """One activity: a training, an advocacy action, a publication, a submission."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mel_activities"
    )
    by_secretariat = models.BooleanField(default=False)
    kind = models.CharField(_("Kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("Title"), max_length=300)
    started_on = models.DateField(_("Date"))
    ended_on = models.DateField(_("Until"), null=True, blank=True, help_text=_("If it lasted."))
    area = models.ForeignKey(
        FocusArea,
        verbose_name=_("Focus area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    countries = models.JSONField(_("Countries"), default=list, blank=True)
    participants = models.PositiveIntegerField(
        _("Participants"), null=True, blank=True, help_text=_("People trained or reached, if any.")
    )
    outputs = models.TextField(
        _("Outputs and results"),
        blank=True,
        max_length=4000,
        help_text=_("What came of it, without names of persons."),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["started_on"], name="mel_activity_date")]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on}: {self.title}"


class LearningNote(models.Model):
    """What the network learned in a year, and what it changes because of it."""

    year = models.PositiveSmallIntegerField(_("Year"))
    area = models.ForeignKey(
        FocusArea,
        verbose_name=_("Focus area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
    )
    title = models.CharField(_("Title"), max_length=300)
    observed = models.TextField(_("What we observed"), max_length=4000)
    learned = models.TextField(_("What we learned"), max_length=4000)
    change = models.TextField(_("What we change"), blank=True, max_length=4000)
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"
