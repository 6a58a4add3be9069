"""MEL pages: the yearly report (and its PDF), the log frame, activities, learning notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import allowed_or_404
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.library import tags
from crossroads.mel import report as reports
from crossroads.mel import services
from crossroads.mel.access import can_plan, can_read_mel, get_activity_for_user, may_change
from crossroads.mel.forms import ActivityForm, FocusAreaForm, IndicatorForm, NoteForm, ObjectiveForm
from crossroads.mel.measures import MEASURES
from crossroads.mel.models import Activity, FocusArea, Indicator, LearningNote, Objective
from crossroads.mel.services import PlanItem
from crossroads.reports.builder import render_pdf

YEARS_SHOWN = 6
PLAN_KINDS: dict[str, tuple[type[Objective] | type[FocusArea] | type[Indicator], Any]] = {
    "objective": (Objective, ObjectiveForm),
    "area": (FocusArea, FocusAreaForm),
    "indicator": (Indicator, IndicatorForm),
}


def _reader(request: HttpRequest) -> User:
    return allowed_or_404(request.user, can_read_mel)  # type: ignore[arg-type]


def _planner(request: HttpRequest) -> User:
    return allowed_or_404(request.user, can_plan)  # type: ignore[arg-type]


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - YEARS_SHOWN, -1))


def _year(request: HttpRequest) -> int:
    years = _years()
    try:
        year = int(request.GET.get("year", years[1]))
    except ValueError:
        year = years[1]
    return year if year in years else years[1]


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The yearly MEL report: indicators against targets, activities, learning notes."""
    user = _reader(request)
    year = _year(request)
    built = reports.build(year, user)
    record(user, Action.READ, object_type="mel_report", summary=f"Viewed the MEL report of {year}")
    return render(
        request,
        "mel/report.html",
        {"report": built, "year": year, "years": _years(), "planner": can_plan(user)},
    )


def _css() -> str:
    found = finders.find("crossroads/css/report.css")
    assert found, "static asset crossroads/css/report.css is missing"
    return Path(str(found)).read_text(encoding="utf-8")


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The yearly MEL report as PDF."""
    user = _reader(request)
    if year not in _years():
        raise Http404
    built = reports.build(year, user)
    page = render_to_string(
        "mel/print.html",
        {"report": built, "year": year, "css": _css(), "made": timezone.localdate()},
    )
    content = render_pdf(page)
    record(
        user,
        Action.EXPORT,
        object_type="mel_report",
        summary=f"Downloaded the MEL report of {year} as PDF",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mel-report-{year}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def logframe(request: HttpRequest) -> HttpResponse:
    """The plan's objectives, focus areas and indicators, to change them."""
    _planner(request)
    objectives = Objective.objects.prefetch_related("areas__indicators")
    targets = {
        indicator.pk: reports.show(indicator.target, MEASURES[indicator.measure])
        for indicator in Indicator.objects.exclude(target=None)
        if indicator.measure in MEASURES
    }
    return render(
        request,
        "mel/logframe.html",
        {"objectives": objectives, "measures": MEASURES, "targets": targets},
    )


@login_required
def plan_item(request: HttpRequest, kind: str, item_id: int | None = None) -> HttpResponse:
    """Add or change an objective, a focus area or an indicator."""
    user = _planner(request)
    if kind not in PLAN_KINDS:
        raise Http404
    model, form_class = PLAN_KINDS[kind]
    item = cast(PlanItem, get_object_or_404(model, pk=item_id) if item_id else model())
    initial = {"area": request.GET.get("area"), "objective": request.GET.get("objective")}
    form = form_class(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan_item(user, item, form.cleaned_data)
        except services.MelError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("mel:logframe")
    titles = {
        "objective": (_("Add an objective"), _("Change the objective")),
        "area": (_("Add a focus area"), _("Change the focus area")),
        "indicator": (_("Add an indicator"), _("Change the indicator")),
    }
    return render(
        request,
        "mel/form.html",
        {
            "form": form,
            "title": titles[kind][item_id is not None],
            "back": ("mel:logframe", _("Plan")),
            "delete": reverse("mel:plan_delete", args=[kind, item_id])
            if item_id is not None
            else "",
            "confirm": _("Remove this from the plan? What hangs under it goes with it."),
        },
    )


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """Remove an objective, a focus area or an indicator."""
    user = _planner(request)
    if kind not in PLAN_KINDS:
        raise Http404
    item = cast(PlanItem, get_object_or_404(PLAN_KINDS[kind][0], pk=item_id))
    services.delete_plan_item(user, item)
    messages.success(request, _("Removed from the plan."))
    return redirect("mel:logframe")


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    """The activities of a year the reader may see."""
    user = _reader(request)
    year = _year(request)
    rows = (
        Activity.objects.visible_to(user)
        .filter(started_on__year=year)
        .select_related("organisation", "area", "recorded_by")
    )
    record(user, Action.LIST, object_type="mel_activity", summary=f"Listed activities of {year}")
    return render(
        request,
        "mel/activities.html",
        {"activities": rows, "year": year, "years": _years()},
    )


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    """Record an activity of the reader's organisation (the secretariat's, for analysts)."""
    user = _reader(request)
    form = ActivityForm(request.POST or None, language=get_language())
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(user, form.cleaned_data)
        except services.MelError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Activity recorded."))
            return redirect(f"{reverse('mel:activities')}?year={activity.started_on.year}")
    return render(
        request,
        "mel/form.html",
        {
            "form": form,
            "title": _("Record an activity"),
            "back": ("mel:activities", _("Activities")),
        },
    )


@login_required
def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    """An activity: its organisation changes it; others read it."""
    user = _reader(request)
    item = get_activity_for_user(user, activity_id, write=False)
    if not may_change(user, item):
        record(
            user,
            Action.READ,
            object_type="mel_activity",
            object_id=item.pk,
            summary=f"Viewed activity {item.pk}",
        )
        names = dict(tags.country_choices(get_language()))
        return render(
            request,
            "mel/activity.html",
            {"activity": item, "countries": [names.get(c, c) for c in item.countries]},
        )
    form = ActivityForm(request.POST or None, instance=item, language=get_language())
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(user, item, form.cleaned_data)
        except services.MelError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Activity saved."))
            return redirect(f"{reverse('mel:activities')}?year={item.started_on.year}")
    return render(
        request,
        "mel/form.html",
        {
            "form": form,
            "title": item.title,
            "back": ("mel:activities", _("Activities")),
            "delete": reverse("mel:activity_delete", args=[item.pk]),
            "confirm": _("Remove this activity? Only do so if it was recorded by mistake."),
        },
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Remove an activity recorded by mistake."""
    user = _reader(request)
    services.delete_activity(user, get_activity_for_user(user, activity_id, write=True))
    messages.success(request, _("Activity removed."))
    return redirect("mel:activities")


@login_required
def note(request: HttpRequest, note_id: int | None = None) -> HttpResponse:
    """Write or change a learning note."""
    user = _planner(request)
    item = get_object_or_404(LearningNote, pk=note_id) if note_id else LearningNote()
    initial = {"year": request.GET.get("year") or _years()[1]}
    form = NoteForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_note(user, item, form.cleaned_data)
        except services.MelError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Learning note saved."))
            return redirect(f"{reverse('mel:report')}?year={saved.year}#notes")
    return render(
        request,
        "mel/form.html",
        {
            "form": form,
            "title": _("Change the learning note") if note_id else _("Write a learning note"),
            "back": ("mel:report", _("Plan and learning")),
            "delete": reverse("mel:note_delete", args=[note_id]) if note_id else "",
            "confirm": _("Remove this learning note?"),
        },
    )


@login_required
@require_POST
def note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    """Remove a learning note."""
    user = _planner(request)
    services.delete_note(user, get_object_or_404(LearningNote, pk=note_id))
    messages.success(request, _("Learning note removed."))
    return redirect("mel:report")
