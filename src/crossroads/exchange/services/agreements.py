"""Data exchange agreements: recording a new version, finding the one in force."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD, Agreement


class AgreementError(ValueError):
    """The terms of an agreement are not acceptable; the message says which and why."""


@dataclass(frozen=True)
class Terms:
    """What an agreement says, before it is recorded."""

    modules: tuple[str, ...]
    contributes_tokens: bool
    threshold: int
    rounding_base: int | None
    originals_to_secretariat: bool
    effective_from: date
    member_signatory: str
    member_signed_on: date
    secretariat_signatory: str
    secretariat_signed_on: date
    notes: str = ""


def current_agreement(organisation: Organisation, on: date | None = None) -> Agreement | None:
    """The latest version in force on ``on`` (today by default), or None."""
    day = on or timezone.localdate()
    return (
        Agreement.objects.filter(organisation=organisation, effective_from__lte=day)
        .order_by("-version")
        .first()
    )


def _clean_modules(modules: Iterable[str]) -> list[str]:
    known = {str(m) for m in catalogue.MODULES}
    unknown = sorted(set(modules) - known)
    if unknown:
        raise AgreementError(
            _("Unknown module(s) %(unknown)s; the catalogue has %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))}
        )
    return sorted(set(modules) | {str(m) for m in catalogue.REQUIRED_MODULES})


def record_agreement(user: User, organisation: Organisation, terms: Terms) -> Agreement:
    """Record a new version of ``organisation``'s agreement (secretariat analysts only)."""
    if not is_analyst(user):
        raise AgreementError(_("Only the secretariat records agreements."))
    if not organisation.holds_case_records:
        raise AgreementError(_("Only member organisations have data exchange agreements."))
    if terms.threshold < NETWORK_THRESHOLD:
        raise AgreementError(
            _("The threshold must be at least the network's %(minimum)s persons.")
            % {"minimum": NETWORK_THRESHOLD}
        )
    if terms.rounding_base not in (None, 5, 10):
        raise AgreementError(_("Rounding is to a multiple of 5 or 10, or none."))
    if not terms.member_signatory.strip() or not terms.secretariat_signatory.strip():
        raise AgreementError(_("Both sides' signatories are required."))
    modules = _clean_modules(terms.modules)
    with transaction.atomic():
        last = (
            Agreement.objects.select_for_update()
            .filter(organisation=organisation)
            .aggregate(last=Max("version"))["last"]
        )
        agreement = Agreement.objects.create(
            organisation=organisation,
            version=(last or 0) + 1,
            modules=modules,
            contributes_tokens=terms.contributes_tokens,
            threshold=terms.threshold,
            rounding_base=terms.rounding_base,
            originals_to_secretariat=terms.originals_to_secretariat,
            effective_from=terms.effective_from,
            member_signatory=terms.member_signatory.strip(),
            member_signed_on=terms.member_signed_on,
            secretariat_signatory=terms.secretariat_signatory.strip(),
            secretariat_signed_on=terms.secretariat_signed_on,
            notes=terms.notes.strip(),
            created_by=user,
        )
        record(
            user,
            Action.CREATE,
            organisation=user.organisation,
            object_type="agreement",
            object_id=agreement.pk,
            summary=f"Recorded agreement v{agreement.version} of {organisation.code}",
            detail={"organisation": organisation.code, **agreement.terms()},
        )
    return agreement
