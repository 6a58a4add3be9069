"""The audit log: who did what to which data, when, in an append-only hash chain.

Each entry stores the SHA-256 of its own content together with the previous
entry's hash, so changing or deleting any entry breaks the chain from that
point on, which ``crossroads audit verify`` detects. Entries hold no identity
data and no field values of case records: only which record and which
fields, so that a record can be erased without erasing the log.
The database refuses updates and deletes (triggers installed by migration),
and the model refuses them too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
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


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk updates and deletes are refused: the log only grows."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One entry of the chain. Actor and organisation are copied, not linked, so
    that deleting a user or an organisation never alters the log."""

    seq = models.BigIntegerField(unique=True, help_text=_("Position in the chain, from 1."))
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
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects: ClassVar[AppendOnlyQuerySet] = AppendOnlyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id} by {self.actor_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries cannot be deleted")


class ChainHead(models.Model):
    """The single row holding the latest sequence number and hash; locking it
    serialises appends so two writers never fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chain head at entry {self.seq}"
