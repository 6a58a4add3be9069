"""Forms of the library: a document's tags and audience, and the search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.library import tags
from crossroads.library.models import LANGUAGES, Audience, DocumentKind

FIRST_YEAR = 1990


class DocumentForm(forms.Form):
    """What a document is, which country, year, language, rights and forms it concerns."""

    file = forms.FileField(label=_("File (PDF, DOCX or ODT, at most 25 MB)"))
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    rights = forms.MultipleChoiceField(
        label=_("Rights"), required=False, widget=forms.CheckboxSelectMultiple
    )
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Audience.choices,
        initial=Audience.NETWORK,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, language: str, with_file: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices(self, language)
        year = self.fields["year"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = timezone.localdate().year
        year.validators.append(MaxValueValidator(timezone.localdate().year))
        if not with_file:
            del self.fields["file"]

    @staticmethod
    def _set_choices(form: forms.Form, language: str) -> None:
        choices: dict[str, list[tuple[str, Any]]] = {
            "country": [("", _("Several countries or none")), *tags.country_choices(language)],
            "rights": tags.right_choices(language),
            "exploitation": tags.form_choices(language),
        }
        for name, values in choices.items():
            field = form.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values


class SearchForm(forms.Form):
    """Words of the title or summary, and any tag."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *DocumentKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *LANGUAGES]
    )
    right = forms.ChoiceField(label=_("Right"), required=False)
    form = forms.ChoiceField(label=_("Form of exploitation"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        for name, values in (
            ("country", tags.country_choices(language)),
            ("right", tags.right_choices(language)),
            ("form", tags.form_choices(language)),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [anything, *values]
