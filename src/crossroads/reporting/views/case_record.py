"""Opening a case record from a report: the staff's review page and the action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.accounts.permissions import allowed_or_404, can_work_with_cases
from crossroads.codebook.display import display
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import RecordInvalid
from crossroads.reporting import access
from crossroads.reporting.forms import UnlockForm
from crossroads.reporting.services import ReportingError, triage
from crossroads.reporting.services.case_record import case_fields, open_case
from crossroads.reporting.views.inbox import displayed_answers


class CaseCodeForm(forms.Form):
    client_code = forms.CharField(
        label=gettext_lazy("Client code of the new record"),
        help_text=gettext_lazy("Your organisation's own code for the person: never a name."),
        max_length=64,
    )


@login_required
def open_case_record(request: HttpRequest, report_id: int) -> HttpResponse:
    """Review what a new record would hold, then open it (with the reporter's consent)."""
    user = allowed_or_404(request.user, can_work_with_cases)
    assert isinstance(user, User)
    report = access.get_report_for_user(user, report_id)
    if report.case_id is not None:
        return redirect("cases:detail", report.case_id)
    private = access.unlocked_key(request, report.key)
    context: dict[str, Any] = {"report": report, "unlock_form": UnlockForm()}
    if private is None:
        context["locked"] = True
        return render(request, "reporting/case_record.html", context)
    opened = triage.read(user, report, private)
    form = CaseCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = open_case(user, report, opened.answers, form.cleaned_data["client_code"])
        except ReportingError as error:
            form.add_error(None, str(error))
        except RecordInvalid as error:
            for problem in error.problems:
                form.add_error(
                    "client_code" if problem.path == "client_code" else None, problem.message
                )
        else:
            messages.success(
                request,
                _("Record %(code)s opened from report %(report)s. Complete it here.")
                % {"code": case.client_code, "report": report.reference},
            )
            return redirect("cases:edit", case.pk)
    standard = load_standard()
    language = user.language
    carried = [
        (
            standard.field(code).label.get(language),
            display(standard, standard.field(code), value, language),
        )
        for code, value in case_fields(report, opened.answers).items()
    ]
    context.update(
        {
            "form": form,
            "carried": carried,
            "answers": displayed_answers(opened.answers),
            "consent": report.consent_case_record,
        }
    )
    return render(request, "reporting/case_record.html", context)
