"""The form an analyst uses to answer one checklist item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crossroads.monitoring.checklist import Item, Kind


class AnswerForm(forms.Form):
    """Value, source, source date, optional link and note; the value widget follows the item."""

    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The law, report or official page the answer comes from."),
    )
    source_date = forms.DateField(
        label=_("Date of the source"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the source was published, or when it was consulted."),
    )
    source_url = forms.URLField(
        label=_("Link to the source"), required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, spec: Item, language: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        choices = [(o.code, o.label.get(language)) for o in spec.options]
        value: forms.Field
        if spec.kind is Kind.CHOICE:
            value = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        elif spec.kind is Kind.MULTICHOICE:
            value = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False
            )
        elif spec.kind is Kind.INTEGER:
            value = forms.IntegerField(min_value=spec.minimum, max_value=spec.maximum)
        else:
            value = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        value.label = spec.label.get(language)
        self.fields = {"value": value, **self.fields}
