"""Carrying an organisation's records to the current version of the standard.

A record keeps the version it was last saved under (``Case.standard_version``)
and stays valid and counted under it; saving a record through a form or an
import stores it under the current version. This module upgrades the records
still on an earlier version in one go, by the version's declared mapping
(:mod:`crossroads.codebook.upgrade`): each record's document is mapped,
checked against the new version as the organisation would save it, and
stored with its new version, a batch per transaction with one audit entry per
batch. A record the mapping cannot carry over (it fails the new version's
checks) stays on its version and is listed with the reason. Stopping at any
point loses nothing: running again picks up the records not yet upgraded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.models import Case
from crossroads.cases.services import indexed_columns
from crossroads.codebook.loader import CURRENT_VERSION, load_standard
from crossroads.codebook.upgrade import upgrade_document
from crossroads.codebook.validation import RecordInvalid, validate_record
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import background

BATCH = 500


@dataclass
class UpgradeOutcome:
    """What one run did: records upgraded, and those left on their version with why."""

    upgraded: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)


def pending_upgrade(user: User, target: str = CURRENT_VERSION) -> dict[str, int]:
    """How many of the organisation's records are on each version other than ``target``."""
    counts: dict[str, int] = {}
    for version in (
        Case.objects.filter(organisation=user.organisation)
        .exclude(standard_version=target)
        .values_list("standard_version", flat=True)
    ):
        counts[version] = counts.get(version, 0) + 1
    return counts


def upgrade_records(
    user: User,
    *,
    target: str = CURRENT_VERSION,
    batch: int = BATCH,
    say: Callable[[int, int], None] | None = None,
) -> UpgradeOutcome:
    """Upgrade the organisation's records on earlier versions to ``target`` (see the module).

    Only the organisation's data officers may. ``say(done, total)`` reports
    progress after each batch. A record changed by someone while its batch
    was being mapped is left for the next run rather than overwritten.
    """
    if not can_manage_data(user):
        raise PermissionError(_("Only the organisation's data officers upgrade its records."))
    assert user.organisation is not None
    if target != CURRENT_VERSION:
        raise ValueError(_("Records can only be upgraded to the current version of the standard."))
    standard = load_standard(target)
    queryset = Case.objects.filter(organisation=user.organisation).exclude(standard_version=target)
    total = queryset.count()
    outcome = UpgradeOutcome()
    last_pk = 0
    done = 0
    while True:
        cases = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:batch])
        if not cases:
            break
        last_pk = cases[-1].pk
        upgraded_here: dict[str, int] = {}
        with transaction.atomic():
            for case in cases:
                document = upgrade_document(case.data, case.standard_version, target)
                try:
                    clean = validate_record(
                        document, standard=standard, country=user.organisation.country
                    )
                except RecordInvalid as exc:
                    outcome.refused.append((case.client_code, str(exc)))
                    continue
                columns = indexed_columns(clean)
                columns["standard_version"] = target
                changed = Case.objects.filter(pk=case.pk, version=case.version).update(
                    **columns, version=F("version") + 1
                )
                if changed:
                    upgraded_here[case.standard_version] = (
                        upgraded_here.get(case.standard_version, 0) + 1
                    )
            if upgraded_here:
                count = sum(upgraded_here.values())
                outcome.upgraded += count
                record(
                    user,
                    Action.UPDATE,
                    object_type="case",
                    summary=f"upgraded {count} records to standard {target}",
                    detail={"target": target, "from": upgraded_here},
                )
        done += len(cases)
        if say is not None:
            say(done, total)
    return outcome


@background("cases.upgrade", title=gettext_lazy("Upgrade of the records to standard %(target)s"))
def upgrade_task(progress: Progress, user_id: int, target: str) -> None:
    """The task behind :func:`upgrade_records`, with its progress and outcome."""
    user = User.objects.get(pk=user_id)
    progress.step(_("Upgrading the records"))
    outcome = upgrade_records(user, target=target, say=progress.update)
    message = _("%(n)d records upgraded to standard %(v)s.") % {
        "n": outcome.upgraded,
        "v": target,
    }
    if outcome.refused:
        message += " " + _("%(n)d records stay on their version: %(codes)s") % {
            "n": len(outcome.refused),
            "codes": "; ".join(f"{code}: {why}" for code, why in outcome.refused[:20]),
        }
    progress.finish(message)
