"""The audit log: who did what to which data, when, in an append-only hash chain.

A request appends its entries without waiting for anyone: an entry gets an id
from the database and no position in the chain yet. A periodic task
(:mod:`crossroads.audit.sealing`) then seals the waiting entries in order: it
gives each its position (``seq``), the previous entry's hash and the SHA-256
of its own content, and signs a :class:`Checkpoint` of the chain's head with
the instance's signing key, which is not in the database. The checkpoints are
also appended to a file outside the database (and can be sent to the
secretariat), so that ``crossroads audit verify`` detects a rewritten and
re-hashed log, removed entries and an emptied table, which a chain kept only
in the database could not.

Entries hold no identity data and no field values of case records: only
which record and which fields, so that a record can be erased without
erasing the log. The database refuses updates (except the one sealing
update), deletes and, on PostgreSQL, TRUNCATE (triggers installed by
migration), and the model refuses them too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What happened."""

    CREATE = "create", _("Created")
    READ = "read", _("Viewed")
    LIST = "list", _("Listed")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    LOCKED = "locked", _("Account locked")
    ADMIN = "admin", _("Administration")
    SUBMIT = "submit", _("Submitted")
    REVIEW = "review", _("Reviewed")
    PUBLISH = "publish", _("Published")
    ESTIMATE = "estimate", _("Estimated")
    SECURITY = "security", _("Security")
    BACKUP = "backup", _("Backup")
    API = "api", _("Used the API")


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk updates and deletes are refused: the log only grows."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One entry of the log. Actor and organisation are copied, not linked, so that
    deleting a user or an organisation never alters the log."""

    seq = models.BigIntegerField(
        unique=True,
        null=True,
        blank=True,
        help_text=_("Position in the chain, from 1, once sealed."),
    )
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_code = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    objects: ClassVar[AppendOnlyQuerySet] = AppendOnlyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="audit_entry_object"),
            # The sealer's queue: the entries not sealed yet, in the order they were written.
            models.Index(
                fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"
            ),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id} by {self.actor_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries cannot be deleted")


class Checkpoint(models.Model):
    """The chain's head at one moment, signed with the instance's signing key.

    The same line is appended to the checkpoint file outside the database
    (:func:`crossroads.audit.sealing.checkpoint_path`); the file is what
    ``crossroads audit verify`` trusts, this table what the sealer continues from.
    """

    seq = models.BigIntegerField(unique=True, help_text=_("Last entry the checkpoint covers."))
    hash = models.CharField(max_length=64, help_text=_("That entry's hash: the chain's head."))
    sealed = models.PositiveIntegerField(help_text=_("Entries sealed since the previous one."))
    at = models.DateTimeField()
    key_id = models.CharField(max_length=40)
    signature = models.CharField(max_length=120)

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"checkpoint at entry {self.seq}"


class Verification(models.Model):
    """The outcome of one full check of the log (``crossroads audit verify`` or the daily task)."""

    at = models.DateTimeField(default=timezone.now)
    intact = models.BooleanField()
    entries = models.BigIntegerField(help_text=_("Sealed entries checked."))
    checkpoints = models.PositiveIntegerField(
        help_text=_("Signed checkpoints they were checked against.")
    )
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"verification of {self.at:%Y-%m-%d %H:%M}: {'intact' if self.intact else 'altered'}"


class Witness(models.Model):
    """A checkpoint sent to an outside witness (the secretariat's address)."""

    checkpoint_seq = models.BigIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"checkpoint {self.checkpoint_seq} witnessed on {self.sent_at:%Y-%m-%d}"
