"""The public reporting form, the return form, and the staff's forms."""

from __future__ import annotations

import gettext
from typing import Any

import pycountry
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crossroads.collation import sorted_by_text
from crossroads.reporting import attachments, choices
from crossroads.reporting.models import Status
from crossroads.reporting.services.conversation import MAX_MESSAGE

MIN_REPORTER_PASSPHRASE = 8


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the current language (pycountry's translations, which
    cover more languages than the standard's labels: the reporting form needs them)."""
    language = (get_language() or "en").split("-")[0]
    names = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
    rows = [
        (
            c.alpha_3,
            names.gettext(c.name) if language != "en" else getattr(c, "common_name", c.name),
        )
        for c in pycountry.countries
    ]
    return sorted_by_text(rows, lambda row: row[1])


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files, each cleaned of its metadata: the cleaned value is a list of
    :class:`~crossroads.reporting.attachments.CleanFile`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[attachments.CleanFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        try:
            return attachments.clean_all([(str(f.name), f.read()) for f in uploads])
        except attachments.AttachmentRefused as error:
            raise forms.ValidationError(str(error)) from error


class ReportForm(forms.Form):
    """What happened, where, when, who, danger, free text, consents and passphrase."""

    in_danger = forms.ChoiceField(
        label=_("Are you or someone else in danger right now?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    kinds = forms.MultipleChoiceField(
        label=_("What is happening? Choose all that fit."),
        # Lazy, so that the label is translated per request, not once when the module loads.
        choices=[(code, format_lazy("{} {}", icon, label)) for code, label, icon in choices.KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(
        label=_("Where does the work happen?"),
        choices=[("", _("Choose…")), *choices.SECTORS],
        required=False,
    )
    controls = forms.MultipleChoiceField(
        label=_("What do they do? Choose all that fit."),
        choices=choices.CONTROLS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country = forms.ChoiceField(label=_("In which country?"))
    region = forms.CharField(
        label=_("Town or region (if you want to say)"), max_length=100, required=False
    )
    when = forms.ChoiceField(label=_("When?"), choices=choices.WHEN, widget=forms.RadioSelect)
    who = forms.ChoiceField(
        label=_("Who is this about?"), choices=choices.WHO, widget=forms.RadioSelect
    )
    child = forms.ChoiceField(
        label=_("Is a child (under 18) involved?"),
        choices=choices.YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Tell us what happened, in your own words"),
        help_text=_("Do not write names or addresses unless you want us to know them."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_MESSAGE,
        required=False,
    )
    documents = FilesField(
        label=_("Photos or documents (if you want)"),
        help_text=format_lazy(
            _(
                "For example a contract, a payslip or a message. At most {count} photos or "
                "PDF files of {size} MB each. We remove the hidden details a phone adds to a "
                "photo (such as where it was taken) before anything is kept."
            ),
            count=attachments.MAX_FILES,
            size=attachments.MAX_BYTES // (1024 * 1024),
        ),
        required=False,
    )
    contact = forms.ChoiceField(
        label=_("May we contact you?"), choices=choices.CONTACT, widget=forms.RadioSelect
    )
    channel = forms.CharField(
        label=_("How can we reach you safely?"),
        help_text=_("Only if you chose a way above. Say when it is safe to call or write."),
        max_length=200,
        required=False,
    )
    statistics = forms.ChoiceField(
        label=_("May we count this report in anonymous statistics?"),
        help_text=_(
            "Only numbers: how many reports, of which kind, in which country and month, and "
            "the choices made on this form. Never what you wrote."
        ),
        choices=[("yes", _("Yes, count it")), ("no", _("No, do not count it"))],
        widget=forms.RadioSelect,
    )
    case_record = forms.ChoiceField(
        label=_("May we open a file on this to help you or the person concerned?"),
        help_text=_("The file holds no name. You can say no and still get answers here."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    authorities = forms.ChoiceField(
        label=_("May we tell the police or the labour inspection about this report?"),
        choices=choices.AUTHORITIES,
        initial="no",
        widget=forms.RadioSelect,
    )
    passphrase = forms.CharField(
        label=_("Choose a passphrase to come back and read our answer"),
        help_text=_(
            "At least 8 characters. Write it down somewhere safe: we cannot see it or reset it."
        ),
        min_length=MIN_REPORTER_PASSPHRASE,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("The same passphrase again"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, default_country: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("Choose…")), *country_choices()]
        if default_country and not self.is_bound:
            self.initial["country"] = default_country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        if data.get("contact") == "channel" and not data.get("channel", "").strip():
            self.add_error("channel", _("Write how we can reach you, or choose another answer."))
        return data

    def answers(self) -> dict[str, Any]:
        """The answers to seal: everything but the passphrase."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "in_danger", "kinds", "sector", "controls", "country", "region", "when", "who",
                "child", "text", "contact", "channel", "statistics", "case_record", "authorities",
            )
        }  # fmt: skip


class ReturnForm(forms.Form):
    """A reporter comes back with their receipt code and passphrase."""

    receipt = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    passphrase = forms.CharField(
        label=_("Your passphrase"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_receipt(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["receipt"] if ch.isdigit())
        if len(digits) != 16:
            raise forms.ValidationError(_("A receipt code has 16 digits."))
        return digits


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 4})
    )


class UnlockForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Your organisation's reporting passphrase"),
        max_length=500,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class KeyForm(forms.Form):
    passphrase = forms.CharField(
        label=_("New reporting passphrase"),
        max_length=500,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("The same passphrase again"),
        max_length=500,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        return data


class RotateForm(KeyForm):
    """A new key: opened with the current passphrase or the recovery code."""

    current = forms.CharField(
        label=_("Current passphrase, or the recovery code if the passphrase is lost"),
        max_length=500,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["current", "passphrase", "passphrase_again"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class PointForm(forms.Form):
    is_open = forms.BooleanField(label=_("Take reports"), required=False)
    countries = forms.MultipleChoiceField(
        label=_("Countries whose reports you take"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of report you take (none chosen: every kind)"),
        choices=[(code, label) for code, label, _icon in choices.KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages your staff read and answer in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    network_fallback = forms.BooleanField(
        label=_("Also take the reports that no other member takes (network fallback)"),
        required=False,
    )
    retention_days = forms.IntegerField(
        label=_("Delete closed reports after (days)"), min_value=7, max_value=3650
    )

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = self.fields["countries"]
        assert isinstance(countries, forms.MultipleChoiceField)
        countries.choices = country_choices()
        langs = self.fields["languages"]
        assert isinstance(langs, forms.MultipleChoiceField)
        langs.choices = languages
