"""Forms of the data exchange pages. Validation of substance happens in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation
from crossroads.codebook.questionnaire import (
    FIRST_YEAR,
    LAST_YEAR,
    ItemType,
    Questionnaire,
    Section,
    entries,
)
from crossroads.exchange import catalogue
from crossroads.exchange.models import NETWORK_THRESHOLD
from crossroads.exchange.services.drafts import year_choices

MAX_FILE_BYTES = 20 * 1024 * 1024


class BuildForm(forms.Form):
    """Which year to build a draft for."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in year_choices()]
        field.initial = timezone.localdate().year - 1


class ReviewForm(forms.Form):
    """The analyst's comment on accepting (optional) or returning (required) a submission."""

    comment = forms.CharField(
        label=_("Comment to the member"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class AgreementForm(forms.Form):
    """A new version of an organisation's data exchange agreement."""

    modules = forms.MultipleChoiceField(
        label=_("Tables shared"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        required=False,
        help_text=_("The profile module is always shared."),
    )
    contributes_tokens = forms.BooleanField(
        label=_("Contributes linkage tokens for hidden-victim estimates"), required=False
    )
    threshold = forms.IntegerField(
        label=_("Suppression threshold (persons)"),
        min_value=NETWORK_THRESHOLD,
        max_value=100,
        initial=NETWORK_THRESHOLD,
        help_text=_("The network's default and minimum is %(n)s.") % {"n": NETWORK_THRESHOLD},
    )
    rounding_base = forms.TypedChoiceField(
        label=_("Rounding of released counts"),
        choices=[("", _("No rounding")), ("5", _("To a multiple of 5")), ("10", _("To 10"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    originals_to_secretariat = forms.BooleanField(
        label=_("The secretariat may keep original counts for network aggregation"),
        required=False,
        initial=True,
        help_text=_(
            "Never shown or published. Without it, network tables add the member's "
            "released values and say so."
        ),
    )
    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    member_signatory = forms.CharField(label=_("Signed for the member by"), max_length=200)
    member_signed_on = forms.DateField(
        label=_("Signed by the member on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    secretariat_signatory = forms.CharField(
        label=_("Signed for the secretariat by"), max_length=200
    )
    secretariat_signed_on = forms.DateField(
        label=_("Signed by the secretariat on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["modules"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (str(m), catalogue.module_title(m))
            for m in catalogue.MODULES
            if m not in catalogue.REQUIRED_MODULES
        ]


class ImportForm(forms.Form):
    """A signed submission file from a member's own instance."""

    file = forms.FileField(label=_("Signed submission file (.json)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file has %(mb).1f MB; a submission file is at most %(limit)d MB.")
                % {"mb": upload.size / 1024 / 1024, "limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class KeyForm(forms.Form):
    """A member instance's public key, to register at the secretariat."""

    organisation = forms.ModelChoiceField(
        label=_("Member organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.SECRETARIAT),
    )
    public_key = forms.CharField(
        label=_("Public key (base64)"),
        max_length=100,
        help_text=_("Shown on the member instance's agreement page, with its key id."),
    )


def entry_form_class(section: Section, language: str) -> type[forms.Form]:
    """A form for one entry of a narrative section, generated from the questionnaire."""
    fields: dict[str, forms.Field] = {}
    for item in section.items:
        label = item.label.get(language)
        help_text = item.help.get(language) if item.help.values else ""
        choices = [(c.code, c.label.get(language)) for c in item.choices]
        field: forms.Field
        if item.type == ItemType.TEXT:
            field = forms.CharField(
                max_length=item.max_length,
                widget=forms.Textarea(attrs={"rows": 4}),
                strip=True,
            )
        elif item.type == ItemType.LINE:
            field = forms.CharField(max_length=item.max_length, strip=True)
        elif item.type == ItemType.CHOICE:
            field = forms.ChoiceField(choices=[("", "—"), *choices])
        elif item.type == ItemType.MULTICHOICE:
            field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
        else:
            field = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
        field.required = False  # an entry left blank is dropped; see EntryForm.clean
        field.label = f"{label} *" if item.required else label
        field.help_text = help_text
        fields[item.code] = field
    wide = frozenset(
        i.code for i in section.items if i.type in {ItemType.TEXT, ItemType.MULTICHOICE}
    )
    attributes = {**fields, "section": section, "wide": wide}
    return type(f"{section.code.title()}EntryForm", (EntryForm,), attributes)


class EntryForm(forms.Form):
    """One entry of a narrative section: blank entries are dropped, filled ones complete."""

    section: Section
    wide: frozenset[str] = frozenset()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(i.code) not in (None, "", []) for i in self.section.items)
        if filled:
            for item in self.section.items:
                if item.required and data.get(item.code) in (None, "", []):
                    self.add_error(item.code, _("Required in a filled entry."))
        return data

    def answers(self) -> dict[str, Any] | None:
        """The entry as stored (only answered items), or None for a blank entry."""
        data = self.cleaned_data
        if data.get("DELETE"):
            return None
        entry = {
            i.code: data[i.code]
            for i in self.section.items
            if data.get(i.code) not in (None, "", [])
        }
        return entry or None


class NarrativeForms:
    """The narrative page's formsets, one per section, with one blank entry each."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        language: str,
        answers: dict[str, Any] | None = None,
        data: Any = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.formsets: list[tuple[Section, forms.BaseFormSet[Any]]] = []
        for section in questionnaire.sections:
            factory = forms.formset_factory(
                entry_form_class(section, language),
                extra=1,
                can_delete=True,
                max_num=section.max_entries,
                validate_max=True,
                absolute_max=section.max_entries + 1,
            )
            initial = entries(answers or {}, section.code)
            self.formsets.append(
                (section, factory(data=data, initial=initial, prefix=section.code))
            )

    def is_valid(self) -> bool:
        return all(formset.is_valid() for _section, formset in self.formsets)

    def answers(self) -> dict[str, Any]:
        """The answers of every section (valid forms only), blank entries dropped."""
        sections: dict[str, list[dict[str, Any]]] = {}
        for section, formset in self.formsets:
            kept = [a for form in formset.forms if (a := form.answers()) is not None]
            if kept:
                sections[section.code] = kept
        return {"questionnaire": self.questionnaire.version, "sections": sections}
