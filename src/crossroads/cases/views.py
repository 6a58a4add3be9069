"""Case record pages: list, record, create, edit, delete, history.

Views are thin: they fetch through :func:`get_case_for_user`, call one service,
and render. Identity fields posted to create and edit are read once, turned
into tokens, and never echoed back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, can_work_with_cases
from crossroads.cases import services
from crossroads.cases.access import get_case_for_user
from crossroads.cases.filters import ListPaginator, apply_filters, filterable_fields
from crossroads.cases.forms import IDENTITY_FIELDS, CaseForm
from crossroads.cases.history import history_of
from crossroads.cases.models import Case
from crossroads.cases.presenters import missing_fields, record_sections
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import Problem, RecordInvalid
from crossroads.stats.linkage import IdentityError

PAGE_SIZE = 50
HISTORY_SHOWN = 50
LIST_COLUMNS = (
    "id", "client_code", "year", "status", "trafficking_status", "completeness",
    "missing_count", "updated_at", "updated_by__username",
)  # fmt: skip
TOKENS_SALT = "crossroads.cases.pending-tokens"
TOKENS_MAX_AGE = 3600


def _case_user(request: HttpRequest) -> User:
    """The signed-in user if they may work with case records; 403 otherwise."""
    user = request.user
    if not can_work_with_cases(user):
        raise PermissionDenied
    return user


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The organisation's records: search, filters, sorting, pages."""
    user = _case_user(request)
    standard = load_standard()
    result = apply_filters(Case.objects.visible_to(user), request.GET, standard, user.language)
    paginator = ListPaginator(
        result.queryset.select_related("updated_by").only(*LIST_COLUMNS),
        PAGE_SIZE,
        capped=result.filtered,
    )
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    services.record_listing(user, {k: params.getlist(k) for k in params})
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "count_more": paginator.more,
            "filter": result,
            "fields": filterable_fields(standard, user.language, request.GET),
            "query_without_page": params.urlencode(),
            "export_query": request.GET.urlencode(),
            "can_manage": can_manage_data(user),
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One record, by section, with its completeness and history."""
    user = _case_user(request)
    case = get_case_for_user(user, case_id)
    services.record_view(user, case)
    standard = load_standard(case.standard_version)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "sections": record_sections(standard, case, user.language),
            "missing": missing_fields(standard, case, user.language),
            "history": history_of(case, standard, user.language, limit=HISTORY_SHOWN),
            "history_limit": HISTORY_SHOWN,
            "can_delete": can_manage_data(user),
        },
    )


def _form_context(form: CaseForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "sections": form.sections(),
        "error_summary": form.error_summary(),
        "identity_fields": IDENTITY_FIELDS,
        **extra,
    }


@sensitive_post_parameters(*IDENTITY_FIELDS)
@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    """Create a record."""
    user = _case_user(request)
    assert user.organisation is not None
    standard = load_standard()
    country = user.organisation.country
    if request.method == "POST":
        raw = CaseForm.parse(request.POST, standard)
        client_code = request.POST.get("client_code", "")
        variants = None
        try:
            variants = _posted_tokens(request)
            tokens = _tokens_for_saved(variants, raw)
            case = services.create_case(user, client_code, raw, tokens=tokens)
        except (RecordInvalid, IdentityError, services.NoToken) as exc:
            form = CaseForm(
                standard,
                language=user.language,
                country=country,
                document=raw,
                problems=_problems(exc),
            )
            context = _form_context(
                form, client_code=client_code, creating=True, pending_tokens=_sign(variants)
            )
            return render(request, "cases/form.html", context, status=422)
        messages.success(request, _("Record %(code)s saved.") % {"code": case.client_code})
        return redirect("cases:detail", case.pk)
    initial = {"year_of_registration": request.GET.get("year", "")} if "year" in request.GET else {}
    form = CaseForm(standard, language=user.language, country=country, document=initial)
    return render(request, "cases/form.html", _form_context(form, client_code="", creating=True))


@sensitive_post_parameters(*IDENTITY_FIELDS)
@login_required
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Edit a record; a save after someone else's is refused, not lost."""
    user = _case_user(request)
    case = get_case_for_user(user, case_id)
    standard = load_standard()
    country = case.organisation.country
    if request.method == "POST":
        raw = CaseForm.parse(request.POST, standard)
        client_code = request.POST.get("client_code", case.client_code)
        expected = _version(request.POST.get("version"))
        if expected is None:
            # Without the version it was based on, a save could silently overwrite
            # someone else's; the form always sends it, so only a hand-made post lacks it.
            return HttpResponse(
                _(
                    "This save did not say which version of the record it was based on, "
                    "so it was refused. Open the record again and make your change there."
                ),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        conflict, variants = None, None
        try:
            variants = _posted_tokens(request)
            tokens = _tokens_for_saved(variants, raw)
            services.update_case(
                user,
                case,
                raw,
                expected_version=expected,
                client_code=client_code,
                tokens=tokens,
            )
        except (RecordInvalid, IdentityError, services.NoToken) as exc:
            problems = _problems(exc)
        except services.ConcurrentEdit as exc:
            conflict, problems = exc, []
        else:
            messages.success(request, _("Record %(code)s saved.") % {"code": client_code})
            return redirect("cases:detail", case.pk)
        form = CaseForm(
            standard, language=user.language, country=country, document=raw, problems=problems
        )
        context = _form_context(
            form,
            case=case,
            client_code=client_code,
            version=expected,
            conflict=conflict,
            current=conflict.case if conflict else None,
            pending_tokens=_sign(variants),
        )
        return render(request, "cases/form.html", context, status=409 if conflict else 422)
    form = CaseForm(standard, language=user.language, country=country, document=case.data)
    context = _form_context(form, case=case, client_code=case.client_code, version=case.version)
    return render(request, "cases/form.html", context)


@require_POST
@login_required
def case_delete(request: HttpRequest, case_id: int) -> HttpResponse:
    """Erase a record (data officers and organisation administrators)."""
    user = _case_user(request)
    case = get_case_for_user(user, case_id, delete=True)
    code = case.client_code
    services.delete_case(user, case)
    messages.success(request, _("Record %(code)s was erased.") % {"code": code})
    return redirect("cases:list")


#: The sexes a linkage token can be made with: the gender saved decides which is used.
TOKEN_SEXES = ("female", "male", "trans_nonbinary", "")


def _posted_tokens(request: HttpRequest) -> dict[str, list[str]] | None:
    """Tokens from the identity fields typed now, or kept (signed) from a previous attempt,
    one set for each sex a token can carry.

    Identity fields are read here and nowhere else; they are not kept and not echoed.
    Tokens include the person's sex, and a save refused for a problem may be corrected
    to another gender: keeping a set for each lets the tokens of the record finally
    saved follow what is saved (:func:`_tokens_for_saved`), not the failed attempt.
    """
    if CaseForm.identity(request.POST, "") is not None:
        variants: dict[str, list[str]] = {}
        for sex in TOKEN_SEXES:
            tokens = services.tokens_for(CaseForm.identity(request.POST, sex))
            if tokens:
                variants[sex] = tokens
        return variants
    signed = request.POST.get("pending_tokens", "")
    if signed:
        try:
            kept = signing.loads(signed, salt=TOKENS_SALT, max_age=TOKENS_MAX_AGE)
        except signing.BadSignature:
            return None
        if isinstance(kept, dict) and all(isinstance(v, list) for v in kept.values()):
            return {str(sex): [str(t) for t in tokens] for sex, tokens in kept.items()}
    return None


def _tokens_for_saved(
    variants: dict[str, list[str]] | None, raw: dict[str, Any]
) -> list[str] | None:
    """The tokens made with the gender of the record being saved."""
    if not variants:
        return None
    gender = str(raw.get("gender", ""))
    return variants.get(gender if gender in TOKEN_SEXES else "")


def _sign(variants: dict[str, list[str]] | None) -> str:
    """Tokens carried across a failed save, so identity fields need not be retyped."""
    return signing.dumps(variants, salt=TOKENS_SALT) if variants else ""


def _problems(exc: Exception) -> list[Problem]:
    if isinstance(exc, RecordInvalid):
        return exc.problems
    assert isinstance(exc, (IdentityError, services.NoToken))
    return services.identity_problems(exc)


def _version(value: str | None) -> int | None:
    """The version a save was based on, or None when the post does not say it."""
    try:
        return int(value or "")
    except ValueError:
        return None
