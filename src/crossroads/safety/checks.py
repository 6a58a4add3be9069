"""Live checks beside the protocol's rules, computed from the instance itself.

Each check reads what Crossroads knows (accounts, the audit log, the
retention schedule, backups) and says in one line how the organisation
stands, with a status: ``ok``, ``warn`` (look at it), ``bad`` (act now) or
``info`` (a figure with no right answer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crossroads.accounts.models import Organisation
from crossroads.accounts.people import UNUSED_DAYS
from crossroads.accounts.second_factor import users_with_second_factor
from crossroads.audit.models import Action, AuditEntry, Verification, Witness
from crossroads.safety.models import Backup, Erasure, Incident, RetentionSchedule

BACKUP_FRESH = timedelta(days=35)
VERIFICATION_FRESH = timedelta(days=2)


@dataclass(frozen=True)
class Check:
    """One live check: what it looks at, what it found, and how that stands."""

    code: str
    label: str
    finding: str
    status: str  # ok | warn | bad | info


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def second_factor(organisation: Organisation, now: datetime) -> Check:
    active = organisation.users.filter(is_active=True)
    total = active.count()
    with_factor = len(users_with_second_factor(active))
    share = 100 * with_factor // total if total else 100
    finding = _("%(with)d of %(total)d active accounts (%(share)d%%)") % {
        "with": with_factor,
        "total": total,
        "share": share,
    }
    status = "ok" if with_factor == total else ("warn" if share >= 50 else "bad")
    return Check("second_factor", _("Accounts with a second factor"), finding, status)


def unused_accounts(organisation: Organisation, now: datetime) -> Check:
    cutoff = now - timedelta(days=UNUSED_DAYS)
    unused = sum(
        1
        for last, joined in organisation.users.filter(is_active=True).values_list(
            "last_login", "date_joined"
        )
        if (last or joined) < cutoff
    )
    finding = ngettext(
        "%(count)d active account unused for 90 days",
        "%(count)d active accounts unused for 90 days",
        unused,
    ) % {"count": unused}
    return Check("unused_accounts", _("Unused accounts"), finding, "ok" if unused == 0 else "warn")


def exports(organisation: Organisation, now: datetime) -> Check:
    count = AuditEntry.objects.filter(
        organisation_id=organisation.pk, action=Action.EXPORT, at__gte=now - timedelta(days=30)
    ).count()
    finding = ngettext(
        "%(count)d export of records or reports in the last 30 days",
        "%(count)d exports of records or reports in the last 30 days",
        count,
    ) % {"count": count}
    return Check("exports", _("Exports in the last month"), finding, "info")


def incidents(organisation: Organisation, now: datetime) -> Check:
    open_ = Incident.objects.filter(organisation=organisation).exclude(
        status=Incident.Status.CLOSED
    )
    overdue = [
        incident
        for incident in open_
        if incident.needs_notification
        and incident.authority_notified_at is None
        and incident.notify_by < now
    ]
    if overdue:
        finding = ngettext(
            "%(count)d breach not notified within 72 hours",
            "%(count)d breaches not notified within 72 hours",
            len(overdue),
        ) % {"count": len(overdue)}
        return Check("incidents", _("Open incidents"), finding, "bad")
    count = open_.count()
    finding = ngettext("%(count)d open incident", "%(count)d open incidents", count) % {
        "count": count
    }
    return Check("incidents", _("Open incidents"), finding, "warn" if count else "ok")


def retention(organisation: Organisation, now: datetime) -> Check:
    schedule = RetentionSchedule.objects.filter(organisation=organisation).first()
    if schedule is None:
        return Check("retention", _("Retention schedule"), _("No schedule set"), "bad")
    finding = ngettext(
        "Closed records erased %(years)d year after their last event",
        "Closed records erased %(years)d years after their last event",
        schedule.closed_after_years,
    ) % {"years": schedule.closed_after_years}
    last = Erasure.objects.filter(organisation=organisation).first()
    if last is not None:
        finding += "; " + _("last purge on %(day)s") % {"day": _day(last.at)}
    return Check("retention", _("Retention schedule"), finding, "ok")


def backups(organisation: Organisation, now: datetime) -> Check:
    last = Backup.objects.filter(verified_at__isnull=False).order_by("-verified_at").first()
    if last is None or last.verified_at is None:
        return Check("backups", _("Last verified backup"), _("No verified backup yet"), "bad")
    finding = _("Backup of %(day)s, verified") % {"day": _day(last.at)}
    fresh = now - last.verified_at <= BACKUP_FRESH
    return Check("backups", _("Last verified backup"), finding, "ok" if fresh else "warn")


def audit(organisation: Organisation, now: datetime) -> Check:
    label = _("Audit log verified and witnessed")
    verification = Verification.objects.order_by("-at").first()
    if verification is None:
        return Check("audit", label, _("Never verified"), "bad")
    if not verification.intact:
        found = _("Altered: the check of %(day)s found problems") % {"day": _day(verification.at)}
        return Check("audit", label, found, "bad")
    finding = _("Intact when checked on %(day)s") % {"day": _day(verification.at)}
    witness = Witness.objects.order_by("-sent_at").first()
    if witness is not None:
        finding += "; " + _("checkpoint sent to the witness on %(day)s") % {
            "day": _day(witness.sent_at)
        }
    else:
        finding += "; " + _("no checkpoint sent to an outside witness")
    fresh = now - verification.at <= VERIFICATION_FRESH
    witnessed = witness is not None and now - witness.sent_at <= VERIFICATION_FRESH
    return Check("audit", label, finding, "ok" if fresh and witnessed else "warn")


CHECKS: dict[str, Callable[[Organisation, datetime], Check]] = {
    "second_factor": second_factor,
    "unused_accounts": unused_accounts,
    "exports": exports,
    "incidents": incidents,
    "retention": retention,
    "backups": backups,
    "audit": audit,
}


def run_checks(organisation: Organisation, now: datetime | None = None) -> dict[str, Check]:
    """Every live check for ``organisation``, by code."""
    moment = now or timezone.now()
    return {code: check(organisation, moment) for code, check in CHECKS.items()}
