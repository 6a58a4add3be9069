"""The organisation administrator's page: the reporting point's settings and its key."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from crossroads.accounts.permissions import allowed_or_404, can_administer_organisation
from crossroads.reporting.forms import KeyForm, PointForm, RotateForm
from crossroads.reporting.languages import public_languages
from crossroads.reporting.services import ReportingError, keys


@login_required
def point_settings(request: HttpRequest) -> HttpResponse:
    """The organisation administrator's settings: open or closed, routing, retention, key."""
    user = allowed_or_404(request.user, can_administer_organisation)
    assert user.organisation is not None
    point = keys.point_for(user.organisation)
    key = point.current_key()
    initial = {
        "is_open": point.is_open,
        "countries": point.countries,
        "kinds": point.kinds,
        "languages": point.languages,
        "network_fallback": point.network_fallback,
        "retention_days": point.retention_days,
    }
    form = PointForm(initial=initial, languages=public_languages())
    key_form = KeyForm()
    rotate_form = RotateForm()
    recovery = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "set_up":
                key_form = KeyForm(request.POST)
                if key_form.is_valid():
                    key, recovery = keys.set_up_key(
                        user, user.organisation, key_form.cleaned_data["passphrase"]
                    )
                    key_form = KeyForm()
            elif action == "rotate":
                rotate_form = RotateForm(request.POST)
                if rotate_form.is_valid():
                    key, recovery = keys.rotate_key(
                        user,
                        user.organisation,
                        rotate_form.cleaned_data["current"],
                        rotate_form.cleaned_data["passphrase"],
                    )
                    rotate_form = RotateForm()
            else:
                form = PointForm(request.POST, initial=initial, languages=public_languages())
                if form.is_valid():
                    keys.update_point(user, point, **form.cleaned_data)
                    messages.success(request, _("Settings saved."))
                    return redirect("reporting:settings")
        except ReportingError as error:
            target = {"set_up": key_form, "rotate": rotate_form}.get(action, form)
            target.add_error(None, str(error))
    context = {
        "point": point,
        "key": key,
        "form": form,
        "key_form": key_form,
        "rotate_form": rotate_form,
        # Shown once, in this response only: the server keeps no copy.
        "recovery": recovery,
        "public_url": request.build_absolute_uri(f"/report/to/{user.organisation.code}/"),
    }
    return render(request, "reporting/settings.html", context)
