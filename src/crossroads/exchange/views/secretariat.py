"""The secretariat's side: the inbox, agreements, signed files and signing keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core import signing
from crossroads.exchange import catalogue
from crossroads.exchange.forms import AgreementForm, ImportForm, KeyForm
from crossroads.exchange.models import Agreement, SigningKey, Status, Submission
from crossroads.exchange.services import files
from crossroads.exchange.services.aggregation import accepted_coverage
from crossroads.exchange.services.agreements import (
    AgreementError,
    Terms,
    current_agreement,
    record_agreement,
)
from crossroads.exchange.validation import warning_text


def analyst_user(request: HttpRequest) -> User:
    """The signed-in analyst; 403 for anyone else signed in."""
    user = request.user
    if not is_analyst(user):
        raise PermissionDenied
    return user


TABLE_FIELDS = ("original", "released", "preview", "narrative")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Submissions of every member by year: status, version, warnings."""
    user = analyst_user(request)
    visible = Submission.objects.visible_to(user).select_related("organisation")
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    year = _int(request.GET.get("year"), years[0] if years else None)
    status = request.GET.get("status", "")
    # The list shows each submission's status and warnings, never its tables: leaving the
    # large JSON fields unread made the inbox three times faster (a profile showed 80 % of
    # each request in decoding them).
    latest = (
        visible.latest_versions().filter(year=year).defer(*TABLE_FIELDS) if year else visible.none()
    )
    if status in Status.values:
        latest = latest.filter(status=status)
    members = Organisation.objects.filter(
        kind__in=[Organisation.Kind.MEMBER, Organisation.Kind.ASSOCIATE]
    ).order_by("name")
    by_org = {s.organisation_id: s for s in latest}
    # What needs the analyst's action first, then the other submissions, then
    # the members who sent nothing (alphabetical within each group).
    ordered = sorted(members, key=lambda org: _inbox_rank(by_org.get(org.pk)))
    rows = [
        {
            "organisation": org,
            "submission": by_org.get(org.pk),
            "warnings": [warning_text(w) for w in by_org[org.pk].warnings]
            if org.pk in by_org
            else [],
        }
        for org in ordered
        if org.pk in by_org or not status
    ]
    counts = visible.latest_versions().aggregate(
        awaiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
    )
    covered = accepted_coverage()
    record(user, Action.LIST, object_type="submission", summary=f"Listed submissions of {year}")
    return render(
        request,
        "exchange/inbox.html",
        {
            "years": years,
            "year": year,
            "status": status,
            "statuses": [(s.value, s.label) for s in Status if s != Status.DRAFT],
            "rows": rows,
            "awaiting": counts["awaiting"],
            "coverage": [(y, covered.get(y)) for y in years],
        },
    )


def _inbox_rank(submission: Submission | None) -> int:
    """0 for a submission awaiting review, 1 for any other, 2 for none."""
    if submission is None:
        return 2
    return 0 if submission.status == Status.SUBMITTED else 1


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    """Every member's agreement in force."""
    analyst_user(request)
    members = Organisation.objects.filter(
        kind__in=[Organisation.Kind.MEMBER, Organisation.Kind.ASSOCIATE]
    ).order_by("country", "name")
    rows = [(org, current_agreement(org)) for org in members]
    return render(request, "exchange/agreements.html", {"rows": rows})


def _member(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None or not organisation.holds_case_records:
        raise Http404
    return organisation


@login_required
def organisation_agreement(request: HttpRequest, code: str) -> HttpResponse:
    """One member's agreement versions and signing keys."""
    analyst_user(request)
    organisation = _member(code)
    return render(
        request,
        "exchange/agreement_secretariat.html",
        {
            "organisation": organisation,
            "current": current_agreement(organisation),
            "versions": Agreement.objects.filter(organisation=organisation).order_by("-version"),
            "keys": SigningKey.objects.filter(organisation=organisation),
            "modules": [
                (str(m), catalogue.module_title(m), catalogue.tables_of([m]))
                for m in catalogue.MODULES
            ],
        },
    )


@login_required
def new_agreement(request: HttpRequest, code: str) -> HttpResponse:
    """Record a new version of a member's agreement."""
    user = analyst_user(request)
    organisation = _member(code)
    current = current_agreement(organisation)
    initial = {}
    if current is not None:
        initial = {
            "modules": [m for m in current.modules if m not in catalogue.REQUIRED_MODULES],
            "contributes_tokens": current.contributes_tokens,
            "threshold": current.threshold,
            "rounding_base": current.rounding_base or "",
            "originals_to_secretariat": current.originals_to_secretariat,
            "member_signatory": current.member_signatory,
            "secretariat_signatory": current.secretariat_signatory,
        }
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = record_agreement(
                user,
                organisation,
                Terms(
                    modules=tuple(data["modules"]),
                    contributes_tokens=data["contributes_tokens"],
                    threshold=data["threshold"],
                    rounding_base=data["rounding_base"],
                    originals_to_secretariat=data["originals_to_secretariat"],
                    effective_from=data["effective_from"],
                    member_signatory=data["member_signatory"],
                    member_signed_on=data["member_signed_on"],
                    secretariat_signatory=data["secretariat_signatory"],
                    secretariat_signed_on=data["secretariat_signed_on"],
                    notes=data["notes"],
                ),
            )
        except AgreementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Agreement version %(v)s recorded.") % {"v": agreement.version}
            )
            return redirect("exchange:organisation_agreement", organisation.code)
    return render(
        request,
        "exchange/agreement_form.html",
        {"organisation": organisation, "form": form, "current": current},
    )


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a member's signed submission file."""
    user = analyst_user(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = files.import_signed(user, form.cleaned_data["file"].read())
        except files.ImportRejected as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("Imported %(org)s %(year)s version %(v)s; it awaits your review.")
                % {
                    "org": submission.organisation.name,
                    "year": submission.year,
                    "v": submission.version,
                },
            )
            return redirect("exchange:submission", submission.pk)
    return render(request, "exchange/import.html", {"form": form})


@login_required
def keys(request: HttpRequest) -> HttpResponse:
    """Members' registered public keys, and registering a new one."""
    user = analyst_user(request)
    form = KeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = files.register_key(
                user, form.cleaned_data["organisation"], form.cleaned_data["public_key"]
            )
        except (ValueError, signing.BadPublicKey) as exc:
            form.add_error("public_key", str(exc))
        else:
            messages.success(
                request,
                _("Key %(key)s registered for %(org)s.")
                % {"key": key.key_id, "org": key.organisation},
            )
            return redirect("exchange:keys")
    key_id, public_key = signing.instance_public_key()
    return render(
        request,
        "exchange/keys.html",
        {
            "form": form,
            "keys": SigningKey.objects.select_related("organisation"),
            "key_id": key_id,
            "public_key": public_key,
        },
    )


@login_required
@require_POST
def revoke_key(request: HttpRequest, key_id: int) -> HttpResponse:
    user = analyst_user(request)
    key = SigningKey.objects.select_related("organisation").filter(pk=key_id).first()
    if key is None:
        raise Http404
    files.revoke_key(user, key)
    messages.success(request, _("Key %(key)s revoked.") % {"key": key.key_id})
    return redirect("exchange:keys")
