"""Forms of the safety pages: the protocol's answers, an incident, the retention schedule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.safety.models import Incident
from crossroads.safety.retention import MAX_YEARS
from crossroads.safety.services import PRACTICE_LENGTH, IncidentInput
from crossroads.safety.template import Template

STATUS_CHOICES = [
    ("in_place", _("In place")),
    ("partly", _("Partly")),
    ("not_yet", _("Not yet")),
    ("not_applicable", _("Does not apply")),
]


class ProtocolForm(forms.Form):
    """One status and one "how we do it" text per rule of the template."""

    def __init__(
        self, template: Template, answers: dict[str, Any], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for rule in template.rules():
            answer = answers.get(rule.code, {})
            self.fields[f"{rule.code}-status"] = forms.ChoiceField(
                label=rule.say(), choices=STATUS_CHOICES, initial=answer.get("status", "not_yet")
            )
            self.fields[f"{rule.code}-practice"] = forms.CharField(
                label=_("How we do it"),
                required=False,
                max_length=PRACTICE_LENGTH,
                initial=answer.get("practice", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self, template: Template) -> dict[str, dict[str, str]]:
        return {
            rule.code: {
                "status": self.cleaned_data[f"{rule.code}-status"],
                "practice": self.cleaned_data[f"{rule.code}-practice"],
            }
            for rule in template.rules()
        }


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=Incident.Kind.choices)
    occurred_on = forms.DateField(
        label=_("When it happened"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    discovered_at = forms.DateTimeField(
        label=_("When the organisation learnt of it"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    personal_data = forms.ChoiceField(
        label=_("Were personal data involved?"), choices=Incident.PersonalData.choices
    )
    risk = forms.ChoiceField(label=_("Risk to people"), choices=Incident.Risk.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Incident.Status.choices)
    authority_notified_at = forms.DateTimeField(
        label=_("Supervisory authority notified on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    persons_informed_at = forms.DateTimeField(
        label=_("People concerned informed on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=4000,
        help_text=_(
            "What was done and what is still to do. Never write a name or any detail "
            "about an assisted person."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_discovered_at(self) -> Any:
        value = self.cleaned_data["discovered_at"]
        if value and value > timezone.now():
            raise forms.ValidationError(_("This moment is in the future."))
        return value

    def as_input(self) -> IncidentInput:
        data = self.cleaned_data
        return IncidentInput(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            discovered_at=data["discovered_at"],
            personal_data=data["personal_data"],
            risk=data["risk"],
            status=data["status"],
            authority_notified_at=data["authority_notified_at"],
            persons_informed_at=data["persons_informed_at"],
            follow_up=data["follow_up"],
        )


class RetentionForm(forms.Form):
    years = forms.IntegerField(
        label=_("Erase closed records this many years after their last event"),
        min_value=1,
        max_value=MAX_YEARS,
    )
