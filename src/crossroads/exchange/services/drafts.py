"""Building a member's draft submission: count the year's cohort, protect the tables, keep them.

The heavy step of the lifecycle (:mod:`crossroads.exchange.services.submissions`):
it counts every record of the year and protects the tables under the
agreement's rule, and writes nothing until the draft is complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import can_manage_data
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.core import signing
from crossroads.exchange import catalogue
from crossroads.exchange.building.tables import build
from crossroads.exchange.models import Status, Submission, SubmissionEvent
from crossroads.exchange.protection import protect_tables, rule_for
from crossroads.exchange.services.agreements import current_agreement
from crossroads.exchange.services.submissions import (
    SubmissionError,
    add_event,
    attach_narrative,
    leaving_payload,
)
from crossroads.exchange.validation import warnings_for

FIRST_YEAR = 2000
Progress = Callable[[str], None]


CONTENT_FIELDS = (
    "terms",
    "standard_version",
    "catalogue_version",
    "built_at",
    "built_by",
    "original",
    "released",
    "preview",
    "metadata",
)


def prepare(
    organisation: Organisation,
    year: int,
    terms: dict[str, Any],
    user: User | None,
    *,
    progress: Progress | None = None,
) -> Submission:
    """An unsaved submission of ``organisation``'s tables for ``year`` under ``terms``.

    Counts the year's cohort, applies the disclosure rule the terms ask for,
    and fills original counts, released tables, the data officer's preview
    and the metadata. Nothing is written.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    built = build(organisation, year, terms["modules"])
    say(
        _("%(persons)s persons counted, %(left)s records left out; protecting the tables…")
        % {"persons": built.cohort_size, "left": sum(built.excluded.values())}
    )
    protected = protect_tables(built.tables, rule_for(terms))
    now = timezone.now()
    submission = Submission(
        organisation=organisation,
        year=year,
        version=1,
        terms=terms,
        standard_version=load_standard().version,
        catalogue_version=catalogue.CATALOGUE_VERSION,
        built_at=now,
        built_by=user,
        original=built.tables.to_dict(),
        released=protected.released,
        preview=protected.preview
        | {
            "member": {
                "records": built.records,
                "counted": built.cohort_size,
                "excluded": dict(built.excluded),
                "seconds": {
                    **built.timings,
                    "protect": protected.seconds,
                    "total": time.perf_counter() - started,
                },
            }
        },
        metadata={
            "organisation": {
                "code": organisation.code,
                "name": organisation.name,
                "country": organisation.country,
            },
            "year": year,
            "version": 1,
            "standard_version": load_standard().version,
            "record_versions": record_versions(organisation, year),
            "catalogue_version": catalogue.CATALOGUE_VERSION,
            "built_at": now.isoformat(),
            "structure": built.structure,
        },
    )
    submission.checksum = signing.checksum(leaving_payload(submission))
    return submission


def record_versions(organisation: Organisation, year: int) -> dict[str, int]:
    """How many of the year's records were last saved under each version of the standard.

    A field that a record's version lacks counts as not recorded in the
    tables; the submission says how many records that may concern.
    """
    rows = (
        Case.objects.filter(organisation=organisation, year=year)
        .values("standard_version")
        .annotate(n=Count("pk"))
        .order_by("standard_version")
    )
    return {row["standard_version"]: row["n"] for row in rows}


def build_draft(user: User, year: int, *, progress: Progress | None = None) -> Submission:
    """Build (or rebuild) the draft of ``user``'s organisation for ``year``.

    Counts the year's cohort, applies the agreement's disclosure rule, and
    keeps original counts, released tables, the data officer's preview and
    the validation warnings. Raises :class:`SubmissionError` when there is
    no agreement in force, the year is out of range, or a version is
    awaiting review.
    """
    say = progress or (lambda _message: None)
    if not can_manage_data(user):
        raise SubmissionError(_("Only data officers and administrators build submissions."))
    organisation = user.organisation
    assert organisation is not None
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise SubmissionError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )
    agreement = current_agreement(organisation)
    if agreement is None:
        raise SubmissionError(
            _("%(org)s has no data exchange agreement in force; the secretariat records it.")
            % {"org": organisation.name}
        )
    if Submission.objects.filter(
        organisation=organisation, year=year, status=Status.SUBMITTED
    ).exists():
        raise SubmissionError(
            _("A version of %(year)s is awaiting the secretariat's review; wait for it.")
            % {"year": year}
        )
    say(_("Counting the records of %(year)s…") % {"year": year})
    prepared = prepare(organisation, year, agreement.terms(), user, progress=say)
    with transaction.atomic():
        versions = Submission.objects.select_for_update().filter(
            organisation=organisation, year=year
        )
        draft = versions.filter(status=Status.DRAFT).first()
        if versions.filter(status=Status.SUBMITTED).exists():
            raise SubmissionError(
                _("A version of %(year)s is awaiting the secretariat's review; wait for it.")
                % {"year": year}
            )
        submission = draft or Submission(
            organisation=organisation,
            year=year,
            version=(versions.aggregate(last=Max("version"))["last"] or 0) + 1,
        )
        for name in CONTENT_FIELDS:
            setattr(submission, name, getattr(prepared, name))
        submission.agreement = agreement
        submission.metadata = {**prepared.metadata, "version": submission.version}
        attach_narrative(submission)
        submission.warnings = warnings_for(submission)
        submission.save()
        add_event(
            submission,
            SubmissionEvent.Kind.REBUILT if draft else SubmissionEvent.Kind.BUILT,
            user,
        )
        record(
            user,
            Action.UPDATE if draft else Action.CREATE,
            object_type="submission",
            object_id=submission.pk,
            summary=f"{'Rebuilt' if draft else 'Built'} draft submission {year} "
            f"v{submission.version}",
            detail={"year": year, "version": submission.version, "agreement": agreement.version},
        )
    return submission


def year_choices(today: date | None = None) -> list[int]:
    """Years a draft may be built for, newest first."""
    last = (today or timezone.localdate()).year
    return list(range(last, FIRST_YEAR - 1, -1))
