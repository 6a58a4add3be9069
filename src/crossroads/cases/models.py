"""Pseudonymised case records: one per person assisted.

A record holds the organisation's own client code, the standard's fields as
a JSON document, and linkage tokens. There is no name, address, phone
number, e-mail or document number anywhere in this schema, on purpose.
A few fields are copied into indexed columns so that lists and filters stay
fast with 100,000 records in one organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation
from crossroads.tasks.models import TaskRun

if TYPE_CHECKING:
    from crossroads.accounts.permissions import AnyUser


class CaseQuerySet(models.QuerySet["Case"]):
    """Query rules for case records."""

    def visible_to(self, user: AnyUser) -> CaseQuerySet:
        """Records ``user`` may see: those of their own organisation, for case roles only."""
        from crossroads.accounts.permissions import can_work_with_cases

        if not can_work_with_cases(user):
            return self.none()
        return self.filter(organisation=user.organisation)

    def counted_in_statistics(self) -> CaseQuerySet:
        """Records whose consent allows them to be counted outside the organisation."""
        from crossroads.codebook.semantics import consent_codes

        return self.filter(consent__in=consent_codes("counts_in_statistics"))


class Case(models.Model):
    """One person assisted by one member organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    client_code = models.CharField(
        max_length=64,
        help_text=_("The organisation's own code for the person; never a name."),
    )
    standard_version = models.CharField(max_length=16)
    data = models.JSONField(default=dict)
    linkage_tokens = models.JSONField(
        default=list, blank=True, help_text=_("Keyed hashes of identity fields, by level.")
    )
    # Copies of standard fields, kept in step by the services, for fast lists.
    year = models.PositiveSmallIntegerField(db_index=True)
    status = models.CharField(max_length=32, blank=True)
    trafficking_status = models.CharField(max_length=32, blank=True)
    consent = models.CharField(max_length=32, blank=True)
    # "|gender=female|exploitation_forms=labour|…|": every coded answer of the record,
    # so a list filter on any field is a plain text match instead of parsing JSON.
    facets = models.TextField(blank=True, default="")
    # The answers the exchange tables count, in one short text (see cases.counting).
    counting_row = models.TextField(blank=True, default="")
    missing_count = models.PositiveSmallIntegerField(default=0)
    completeness = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_code"], name="case_client_code_unique"
            )
        ]
        indexes = [
            # Matches the default order exactly (ties on the time broken by id), so a
            # deep page is an index-only scan, even when an import saved 100,000
            # records in the same second.
            models.Index(fields=["organisation", "-updated_at", "-id"], name="case_org_updated_id"),
            models.Index(fields=["organisation", "year"], name="case_org_year"),
            models.Index(fields=["organisation", "client_code"], name="case_org_client"),
            models.Index(fields=["organisation", "missing_count"], name="case_org_missing"),
            # One index per sort order of the list, so a page is read in index order
            # instead of sorting 100,000 records (see benchmarks/bench_casework.py).
            models.Index(fields=["organisation", "year", "client_code"], name="case_org_year_code"),
            models.Index(
                fields=["organisation", "completeness", "client_code"], name="case_org_complete"
            ),
            models.Index(fields=["organisation", "status"], name="case_org_status"),
            models.Index(fields=["organisation", "trafficking_status"], name="case_org_tstatus"),
        ]
        verbose_name = _("case record")

    def __str__(self) -> str:
        return self.client_code

    def value(self, code: str) -> Any:
        """The stored value of a standard field (None when empty)."""
        return self.data.get(code)

    @property
    def events(self) -> dict[str, list[dict[str, Any]]]:
        """Rights-outcome events by kind."""
        events: dict[str, list[dict[str, Any]]] = self.data.get("events", {})
        return events

    @property
    def has_linkage_tokens(self) -> bool:
        """Whether identity fields were given when the record was entered."""
        return any(self.linkage_tokens)


class CaseRevision(models.Model):
    """The field values changed by one save, for the record's history page.

    Deleted together with the record (unlike the audit entry it points to),
    so erasing a record erases its values everywhere.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revisions")
    audit_entry = models.BigIntegerField(help_text="Id of the audit entry of this save.")
    version = models.PositiveIntegerField()
    at = models.DateTimeField()
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-version"]
        indexes = [models.Index(fields=["case", "-version"])]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"


class ImportJob(models.Model):
    """One spreadsheet uploaded by a data officer: its progress, its report and its outcome.

    The uploaded file is kept only while the job needs it (checking, waiting
    for the officer's decision, importing) and deleted afterwards; the report
    never holds identity values.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the file")
        NEEDS_DECISION = "needs_decision", _("Problems found")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        CANCELLED = "cancelled", _("Nothing imported")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    file_format = models.CharField(max_length=8)
    stored_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    valid_only = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    processed_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    seen_versions = models.JSONField(default=dict, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    run = models.ForeignKey(
        TaskRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The background task checking or importing the file."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="import_org_created")]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def is_running(self) -> bool:
        """Whether work is still under way (the page keeps polling)."""
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.IMPORTING}

    @property
    def is_finished(self) -> bool:
        """Whether the job has reached an end state."""
        return self.status in {self.Status.DONE, self.Status.CANCELLED, self.Status.FAILED}
