"""Opening a case record from a report, with the reporter's consent.

What carries over is only what the form asked in the standard's own codes: the forms of
exploitation, the sector, the means of control, the country, whether a child is involved,
who referred the person (when the reporter wrote for themself), the day of first contact
and the consent to statistics. Nothing the reporter wrote in their own words (the account,
the town or region, the contact channel) is copied: a record holds no name, address or
contact, and only a caseworker who has read the report can judge what belongs in it. They
add it in the record's own fields afterwards.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.models import Case
from crossroads.cases.services import create_case
from crossroads.codebook.loader import load_standard
from crossroads.reporting.models import Report
from crossroads.reporting.services import OBJECT, ReportingError

# The answers of the form that are never carried into a record, and why (shown to staff).
NOT_CARRIED = ("text", "region", "channel", "contact", "authorities", "in_danger", "when")


def _codes_of(vocabulary_field: str, values: list[str]) -> list[str]:
    """The values that are codes of the standard's field (the form's "other" and
    "not sure" answers have codes of their own only where the standard has them)."""
    standard = load_standard()
    vocabulary = standard.vocabulary_of(standard.field(vocabulary_field))
    return [value for value in values if vocabulary.get(value) is not None]


def case_fields(report: Report, answers: dict[str, Any]) -> dict[str, Any]:
    """The standard's fields of a new record, pre-filled from ``report`` and its opened
    ``answers``: coded answers only, never free text (see the module's note)."""
    fields: dict[str, Any] = {
        "year_of_registration": report.received_on.year,
        "first_contact_date": report.received_on.isoformat(),
        "case_status": "active",
        # The reporter's consent to be counted becomes the record's: counted in
        # aggregate statistics only, or not at all (research needs the person's own word).
        "consent_data_use": "aggregate_only" if report.consent_statistics else "refused",
    }
    kinds = _codes_of("exploitation_forms", list(answers.get("kinds") or report.kinds))
    if kinds:
        fields["exploitation_forms"] = kinds
    sectors = _codes_of("labour_sectors", [answers["sector"]] if answers.get("sector") else [])
    if sectors:
        fields["labour_sectors"] = sectors
    controls = _codes_of("means_of_control", list(answers.get("controls") or []))
    if controls:
        fields["means_of_control"] = controls
    if report.country:
        fields["countries_of_exploitation"] = [report.country]
    if answers.get("child") in {"yes", "no", "unknown"}:
        fields["minor_at_exploitation"] = answers["child"]
    if answers.get("who") == "self":
        fields["referred_by"] = "self"
    return fields


def open_case(user: User, report: Report, answers: dict[str, Any], client_code: str) -> Case:
    """Create a record of ``user``'s organisation from ``report`` (opened: ``answers``),
    under ``client_code``, and link the two; audited on both sides.

    Refused when the reporter did not agree to a file, when a record was already opened
    from this report, and with the cases app's own errors for a bad client code."""
    if not report.consent_case_record:
        raise ReportingError(_("The reporter did not agree to a case file being opened."))
    if report.case_id is not None:
        raise ReportingError(_("A case record was already opened from this report."))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.case_id is not None:
            raise ReportingError(_("A case record was already opened from this report."))
        case = create_case(user, client_code, case_fields(report, answers), from_form=False)
        Report.objects.filter(pk=report.pk).update(case=case)
        report.case = case
        record(
            user,
            Action.CREATE,
            object_type=OBJECT,
            object_id=report.pk,
            summary=f"Case record {case.client_code} opened from report {report.reference}",
            detail={"case": case.pk, "fields": sorted(case_fields(report, answers))},
        )
    return case
