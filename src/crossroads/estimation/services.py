"""State changes of the estimation app; each writes its audit entry in the same transaction.

* :func:`upload_tokens` / :func:`delete_upload` - an outside list's token file;
* :func:`request_estimate` - link the chosen lists, store the overlap table
  and the specification, and start the estimate (see :mod:`.runner`);
* :func:`delete_estimate` and :func:`record_estimate_view`;
* :func:`publish_estimate` / :func:`unpublish_estimate` - what the annual
  report and the public pages show (read through :mod:`.publication`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import crossroads
from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.services import linkage_key
from crossroads.estimation import runner
from crossroads.estimation.models import Estimate, TokenUpload
from crossroads.estimation.sources import Source, choices, token_lists
from crossroads.estimation.tasks import run_estimate
from crossroads.stats.linkage import TokenFileError, check_list_name, link, read_token_file
from crossroads.stats.mse import MSESettings
from crossroads.tasks.execution import TaskFailed
from crossroads.tasks.progress import Progress
from crossroads.tasks.queueing import start


class Refused(ValueError):
    """A request that cannot be carried out; the message says why, for the analyst."""


def upload_tokens(
    user: User,
    *,
    content: bytes,
    holder: str,
    country: str,
    year: int,
    label: str = "",
) -> TokenUpload:
    """Store an outside list's token file for ``country`` and ``year``; audit it as an import.

    The file must be a valid token file made with this deployment's linkage
    key. ``label`` (default: the list label in the file) becomes the list's
    column in overlap tables; it must differ from members' codes and from the
    other uploads of that country and year. Raises :class:`Refused`.
    """
    try:
        parsed = read_token_file(content)
    except TokenFileError as error:
        raise Refused(_("The file cannot be read: %(error)s") % {"error": error}) from None
    expected = linkage_key().fingerprint
    if parsed.fingerprint != expected:
        raise Refused(
            _(
                "The tokens were made with another linkage key (fingerprint %(found)s; "
                "this network's key has fingerprint %(expected)s). Ask the list holder to "
                "tokenise the list again with the network's key."
            )
            % {"found": parsed.fingerprint, "expected": expected}
        )
    try:
        name = check_list_name(label or parsed.list_name)
    except ValueError:
        raise Refused(
            _("The list name must be 1 to 64 letters, digits, '.', '_' or '-'.")
        ) from None
    if Organisation.objects.filter(code=name).exists():
        raise Refused(
            _("“%(name)s” is the code of a member organisation; give the list another name.")
            % {"name": name}
        )
    keys = np.ascontiguousarray(parsed.keys, dtype="<u8")
    upload = TokenUpload(
        label=name,
        holder=holder.strip(),
        country=country,
        year=year,
        fingerprint=parsed.fingerprint,
        people=parsed.people,
        keys=keys.tobytes(),
        uploaded_by=user,
    )
    try:
        with transaction.atomic():
            upload.save()
            record(
                user,
                Action.IMPORT,
                object_type="token_upload",
                object_id=upload.pk,
                summary=f"Uploaded token file {name} ({country} {year}, {parsed.people} people)",
                detail={"country": country, "year": year, "people": parsed.people},
            )
    except IntegrityError:
        raise Refused(
            _("%(country)s %(year)s already has a list called “%(name)s”.")
            % {"country": country, "year": year, "name": name}
        ) from None
    return upload


def delete_upload(user: User, upload: TokenUpload) -> None:
    """Erase an uploaded token file; estimates made with it keep their overlap table."""
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="token_upload",
            object_id=upload.pk,
            summary=f"Deleted token file {upload.label} ({upload.country} {upload.year})",
        )
        upload.delete()


def request_estimate(
    user: User,
    *,
    country: str,
    year: int,
    sources: Sequence[Source],
    settings: MSESettings,
    note: str = "",
    here: bool = False,
) -> Estimate:
    """Link ``sources``, store the overlap table and the specification, and start the estimate.

    Linking takes well under a second even for large lists, so it runs
    here; the model fit and its bootstrap run afterwards, as a background
    task (:mod:`.tasks`), or in this process when ``here`` (the demo).
    Raises :class:`Refused` when fewer than two lists are given.
    """
    if len(sources) < 2:
        raise Refused(_("Choose at least two lists."))
    linkage = link(token_lists(sources, year))
    with transaction.atomic():
        estimate = Estimate.objects.create(
            country=country,
            year=year,
            sources=[source.snapshot() for source in sources],
            specification=settings.to_dict(),
            overlap=linkage.overlap(),
            linkage=linkage.report(),
            fingerprint=linkage_key().fingerprint,
            software_version=crossroads.__version__,
            note=note.strip(),
            created_by=user,
        )
        record(
            user,
            Action.ESTIMATE,
            object_type="estimate",
            object_id=estimate.pk,
            summary=f"Requested an estimate for {country} {year} from {len(sources)} lists",
            detail={
                "lists": [source.label for source in sources],
                "method": settings.method,
                "people_observed": linkage.people,
            },
        )
        _start(user, estimate, here=here)
    return estimate


def upload_from_form(user: User, cleaned: Mapping[str, Any]) -> TokenUpload:
    """:func:`upload_tokens` with the cleaned data of the upload form (the page and the API)."""
    return upload_tokens(
        user,
        content=cleaned["file"].read(),
        holder=cleaned["holder"],
        country=cleaned["country"],
        year=cleaned["year"],
        label=cleaned["label"],
    )


def request_from_form(user: User, country: str, year: int, cleaned: Mapping[str, Any]) -> Estimate:
    """:func:`request_estimate` with the cleaned data of the estimate form (lists by key)."""
    return request_estimate(
        user,
        country=country,
        year=year,
        sources=choices(country, year, cleaned["sources"]),
        settings=cleaned["settings"],
        note=cleaned["note"],
    )


def repeat_estimate(user: User, estimate: Estimate) -> Estimate:
    """Run a stored estimate's specification again on its stored overlap table.

    The lists are not linked again, so the same settings give the same
    figures: this is how a published figure is reproduced (or an
    interrupted estimate finished).
    """
    with transaction.atomic():
        again = Estimate.objects.create(
            country=estimate.country,
            year=estimate.year,
            sources=estimate.sources,
            specification=estimate.specification,
            overlap=estimate.overlap,
            linkage=estimate.linkage,
            fingerprint=estimate.fingerprint,
            software_version=crossroads.__version__,
            note=estimate.note,
            repeats=estimate,
            created_by=user,
        )
        record(
            user,
            Action.ESTIMATE,
            object_type="estimate",
            object_id=again.pk,
            summary=f"Repeated estimate {estimate.pk} for {estimate.country} {estimate.year}",
            detail={"repeats": estimate.pk},
        )
        _start(user, again)
    return again


def _start(user: User, estimate: Estimate, *, here: bool = False) -> None:
    """Queue the estimate's fit (or run it in this process when ``here``)."""
    if here:
        # A failure is recorded on the estimate, which says why it could not be computed.
        with suppress(TaskFailed):
            runner.run(estimate.pk, Progress(None))
        return
    run = start(
        run_estimate,
        user=user,
        key=f"estimation.run:{estimate.pk}",
        estimate_id=estimate.pk,
        country=estimate.country,
        year=estimate.year,
    )
    Estimate.objects.filter(pk=estimate.pk).update(run=run)


def delete_estimate(user: User, estimate: Estimate) -> None:
    """Erase a stored estimate; the audit log keeps that it existed."""
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="estimate",
            object_id=estimate.pk,
            summary=f"Deleted estimate for {estimate.country} {estimate.year}",
        )
        estimate.delete()


def record_estimate_view(user: User, estimate: Estimate) -> None:
    """Audit that ``user`` opened an estimate (its overlap table and result)."""
    record(
        user,
        Action.READ,
        object_type="estimate",
        object_id=estimate.pk,
        summary=f"Viewed estimate for {estimate.country} {estimate.year}",
    )


def publish_estimate(
    user: User,
    estimate: Estimate,
    *,
    methods: Sequence[str],
    named_holders: Sequence[str] = (),
) -> Estimate:
    """Mark a finished estimate for publication in the annual report and the public pages.

    ``methods`` are the comparison rows (their keys) published next to the
    estimate; the estimate's own method is always among them. ``named_holders``
    are the labels of the lists whose holders agreed to be named; the others
    are published without their holder's name. Another estimate published for
    the same country and year is withdrawn in the same transaction (one
    published figure per country and year). Raises :class:`Refused`.
    """
    if estimate.status != Estimate.Status.DONE:
        raise Refused(_("Only a finished estimate can be published."))
    available = [row["key"] for row in estimate.comparison if not row.get("error")]
    main = [row["key"] for row in estimate.comparison if row.get("main")]
    unknown = sorted(set(methods) - set(available))
    if unknown:
        raise Refused(
            _("These methods have no result to publish: %(methods)s.")
            % {"methods": ", ".join(unknown)}
        )
    chosen = [key for key in available if key in set(methods) or key in main]
    labels = set(estimate.list_names)
    strangers = sorted(set(named_holders) - labels)
    if strangers:
        raise Refused(
            _("These are not lists of this estimate: %(lists)s.") % {"lists": ", ".join(strangers)}
        )
    with transaction.atomic():
        for other in Estimate.objects.filter(
            country=estimate.country, year=estimate.year, published_at__isnull=False
        ).exclude(pk=estimate.pk):
            _withdraw(user, other, reason=f"replaced by estimate {estimate.pk}")
        estimate.published_at = timezone.now()
        estimate.published_by = user
        estimate.published_methods = chosen
        estimate.named_holders = [label for label in estimate.list_names if label in named_holders]
        estimate.save(
            update_fields=["published_at", "published_by", "published_methods", "named_holders"]
        )
        record(
            user,
            Action.PUBLISH,
            object_type="estimate",
            object_id=estimate.pk,
            summary=f"Marked the estimate for {estimate.country} {estimate.year} for publication",
            detail={"methods": chosen, "named_holders": estimate.named_holders},
        )
    return estimate


def unpublish_estimate(user: User, estimate: Estimate) -> Estimate:
    """Withdraw an estimate from publication (the report and public pages stop showing it)."""
    if not estimate.is_published:
        raise Refused(_("This estimate is not published."))
    with transaction.atomic():
        _withdraw(user, estimate, reason="withdrawn by the analyst")
    return estimate


def _withdraw(user: User, estimate: Estimate, *, reason: str) -> None:
    estimate.published_at = None
    estimate.published_by = None
    estimate.save(update_fields=["published_at", "published_by"])
    record(
        user,
        Action.UPDATE,
        object_type="estimate",
        object_id=estimate.pk,
        summary=f"Withdrew the estimate for {estimate.country} {estimate.year} from publication",
        detail={"reason": reason},
    )
