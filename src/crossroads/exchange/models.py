"""Data exchange agreements, submissions and their history, and members' signing keys.

A submission is one organisation's protected tables for one year, in one
version. A draft can be rebuilt; once submitted it never changes (the
model refuses it, and so does the database's service layer): a correction
is a new version, and every version stays. The original counts are kept
with the submission for the member and, when the agreement allows it, for
the secretariat's aggregation; they are never shown to the secretariat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation

if TYPE_CHECKING:
    from crossroads.accounts.permissions import AnyUser

NETWORK_THRESHOLD = 10
"""The network's default and minimum suppression threshold (persons)."""


class Agreement(models.Model):
    """One version of an organisation's data exchange agreement with the network."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements"
    )
    version = models.PositiveIntegerField()
    modules = models.JSONField(
        default=list, help_text=_("Catalogue modules shared (the profile module always).")
    )
    contributes_tokens = models.BooleanField(
        default=False,
        help_text=_("Contributes linkage tokens to the network's hidden-victim estimates."),
    )
    threshold = models.PositiveSmallIntegerField(
        default=NETWORK_THRESHOLD,
        validators=[MinValueValidator(NETWORK_THRESHOLD), MaxValueValidator(100)],
        help_text=_("Counts below this number of persons are suppressed."),
    )
    rounding_base = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(5, "5"), (10, "10")],
        help_text=_("Released counts are rounded to a multiple of this base (optional)."),
    )
    originals_to_secretariat = models.BooleanField(
        default=True,
        help_text=_(
            "The secretariat may keep the original counts of accepted submissions to add "
            "them up with other members' counts before protecting the network tables. "
            "They are never shown or published."
        ),
    )
    effective_from = models.DateField()
    member_signatory = models.CharField(max_length=200)
    member_signed_on = models.DateField()
    secretariat_signatory = models.CharField(max_length=200)
    secretariat_signed_on = models.DateField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="agreement_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("An agreement version is never changed; add a new version."))
        super().save(*args, **kwargs)

    def terms(self) -> dict[str, Any]:
        """What a submission records of the agreement it was built under."""
        return {
            "version": self.version,
            "modules": sorted(self.modules),
            "contributes_tokens": self.contributes_tokens,
            "threshold": self.threshold,
            "rounding_base": self.rounding_base,
            "originals_to_secretariat": self.originals_to_secretariat,
        }


class Status(models.TextChoices):
    """Where a submission is in its lifecycle."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")
    SUPERSEDED = "superseded", _("Accepted, superseded by a later version")


FROZEN_FIELDS = (
    "organisation_id",
    "year",
    "version",
    "agreement_id",
    "terms",
    "standard_version",
    "catalogue_version",
    "built_at",
    "original",
    "released",
    "preview",
    "metadata",
    "narrative",
    "checksum",
    "submitted_at",
    "submitted_by_id",
    "source",
)


class SubmissionQuerySet(models.QuerySet["Submission"]):
    """Query rules for submissions."""

    def visible_to(self, user: AnyUser) -> SubmissionQuerySet:
        """Submissions ``user`` may see.

        Members: every version of their own organisation's, drafts included.
        Analysts: every member's, except drafts. Everyone else: none.
        """
        from crossroads.accounts.permissions import can_work_with_cases, is_analyst

        if is_analyst(user):
            return self.exclude(status=Status.DRAFT)
        if can_work_with_cases(user):
            return self.filter(organisation=user.organisation)
        return self.none()

    def latest_versions(self) -> SubmissionQuerySet:
        """Only the latest version of each organisation and year (among this queryset)."""
        newer = self.filter(
            organisation=models.OuterRef("organisation"),
            year=models.OuterRef("year"),
            version__gt=models.OuterRef("version"),
        )
        return self.exclude(models.Exists(newer))


class Submission(models.Model):
    """One version of an organisation's annual submission."""

    class Source(models.TextChoices):
        BUILT = "built", _("Built here")
        IMPORTED = "imported", _("Imported from a signed file")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    year = models.PositiveSmallIntegerField()
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.BUILT)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True)
    terms = models.JSONField(default=dict)
    standard_version = models.CharField(max_length=16)
    catalogue_version = models.CharField(max_length=16)
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    original = models.JSONField(
        null=True, blank=True, help_text=_("Original counts: never shown outside the member.")
    )
    released = models.JSONField(help_text=_("The protected tables, exactly as they leave."))
    preview = models.JSONField(
        default=dict, help_text=_("Suppression reasons and audit, for the member's data officer.")
    )
    metadata = models.JSONField(default=dict)
    narrative = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("The narrative answers that leave with the tables (empty if none)."),
    )
    checksum = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    warnings = models.JSONField(default=list)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "version"], name="submission_version_unique"
            )
        ]
        indexes = [models.Index(fields=["year", "status"], name="submission_year_status")]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.year} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse any change to the content of a submission that has left the draft state."""
        if not self._state.adding:
            stored = Submission.objects.filter(pk=self.pk).values(*FROZEN_FIELDS, "status").first()
            if stored is not None and stored["status"] != Status.DRAFT:
                changed = [f for f in FROZEN_FIELDS if stored[f] != getattr(self, f)]
                if stored["status"] != self.status and self.status == Status.DRAFT:
                    changed.append("status")
                if changed:
                    raise ValidationError(
                        _("Submitted version %(v)s cannot change (%(fields)s); build a new one.")
                        % {"v": self.version, "fields": ", ".join(changed)}
                    )
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class SubmissionEvent(models.Model):
    """A step of a submission's history: built, submitted, accepted, returned (with comments)."""

    class Kind(models.TextChoices):
        BUILT = "built", _("Draft built")
        REBUILT = "rebuilt", _("Draft rebuilt")
        SUBMITTED = "submitted", _("Submitted")
        IMPORTED = "imported", _("Imported from a signed file")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for correction")
        SUPERSEDED = "superseded", _("Superseded")
        EXPORTED = "exported", _("Exported as a signed file")
        DISCARDED = "discarded", _("Draft discarded")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission} {self.kind}"


class Narrative(models.Model):
    """The member's working copy of a year's narrative, edited beside the tables.

    It stays with the member: what leaves is the copy attached to a
    submission version when the draft is built and again when it is
    submitted (``Submission.narrative``), checked for personal data first.
    After a version is returned, the data officer corrects this copy and the
    next version carries the correction. ``revision`` counts saves, so a
    save based on an older revision is refused instead of lost.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="narratives"
    )
    year = models.PositiveSmallIntegerField()
    questionnaire_version = models.CharField(max_length=16)
    answers = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="narrative_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} narrative {self.year}"


class SigningKey(models.Model):
    """A member instance's public key, registered at the secretariat's instance."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signing_keys"
    )
    key_id = models.CharField(max_length=64, unique=True)
    public_key = models.CharField(max_length=100, help_text=_("Ed25519 public key, base64."))
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-registered_at"]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.key_id}"


class NetworkRelease(models.Model):
    """The network and per-country tables of one year, protected, with their provenance.

    Computed from the accepted submissions (``crossroads exchange aggregate``
    or the analyst's button) and kept, because protecting every country's
    tables together takes a while; ``key`` identifies the accepted versions
    it was computed from, so a page can tell when it is out of date.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    key = models.CharField(max_length=64)
    by_country = models.BooleanField(
        default=False, help_text=_("Holds per-country tables, protected with the network's.")
    )
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rule = models.JSONField(default=dict)
    contributions = models.JSONField(default=list)
    withheld = models.JSONField(default=list)
    tables = models.JSONField(default=dict)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"network {self.year}"


class PooledRelease(models.Model):
    """Country tables of a three-year cohort (``first_year`` to ``last_year``), protected.

    For countries whose single-year cohorts are too small to show figures:
    the accepted submissions of the three years summed together and
    protected with the same rule, then audited jointly with the three years'
    published tables (:mod:`crossroads.exchange.services.pooling`). Only
    countries that pass are kept (``countries``); ``withheld`` lists those
    the audit took out. ``key`` identifies the three years' releases it was
    computed from, so it is current only while all three are.
    """

    first_year = models.PositiveSmallIntegerField(unique=True)
    last_year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=64)
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rule = models.JSONField(default=dict)
    contributions = models.JSONField(default=list)
    countries = models.JSONField(default=list)
    withheld = models.JSONField(default=list)
    tables = models.JSONField(default=dict)
    audit = models.JSONField(default=dict)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-first_year"]

    def __str__(self) -> str:
        return f"pooled {self.first_year}-{self.last_year}"
