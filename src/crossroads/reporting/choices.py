"""The reporting form's answers, in plain language, each mapped to the standard's codes.

The standard's own labels are written for caseworkers ("Activities of households as
employers"); a reporter reads "In a private home (cleaning, care, nanny)". Each choice
below is a code of the standard's vocabulary (or of this form, where the standard has
no such field), so a report becomes a case record without translation.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# exploitation_form codes; the icon is a short symbol for people who read little, chosen
# among those that the fonts of old phones and of Linux browsers (DejaVu) draw.
KINDS = [
    ("labour", _("Forced work or unpaid work"), "⚒"),
    ("sexual", _("Forced sex work or sexual exploitation"), "⚠"),
    ("domestic_servitude", _("Forced to work and live in someone's home"), "⌂"),
    ("forced_criminality", _("Forced to commit crimes (theft, drugs)"), "⚖"),
    ("forced_begging", _("Forced to beg"), "¤"),
    ("forced_marriage", _("Forced marriage"), "⚭"),
    ("other", _("Something else"), "…"),
    ("unknown", _("I am not sure"), "?"),
]
KIND_CODES = [code for code, _label, _icon in KINDS]

# labour_sector codes (NACE sections)
SECTORS = [
    ("A", _("Farm, fields, greenhouse or fishing")),
    ("F", _("Building site")),
    ("C", _("Factory or workshop")),
    ("I", _("Hotel, restaurant, bar or kitchen")),
    ("T", _("In a private home (cleaning, care, nanny)")),
    ("H", _("Driving, delivery or warehouse")),
    ("G", _("Shop, market or car wash")),
    ("N", _("Cleaning company or agency work")),
    ("S", _("Beauty salon, massage or other services")),
    ("other", _("Somewhere else")),
    ("unknown", _("I don't know")),
]

# means_of_control codes
CONTROLS = [
    ("withholds_documents", _("They keep the passport or ID card")),
    ("takes_earnings", _("They keep the wages or most of them")),
    ("debt_bondage", _("A debt that never gets smaller")),
    ("restricts_movement", _("Not allowed to leave or go out alone")),
    ("physical_threats", _("Threats of violence")),
    ("threats_family", _("Threats against family")),
    ("threat_law_enforcement", _("Threats to call the police or immigration")),
    ("physical_abuse", _("Hitting or other violence")),
    ("sexual_abuse", _("Sexual violence")),
    ("excessive_working_hours", _("Very long hours, no days off")),
    ("false_promises", _("The job or pay is not what was promised")),
    ("withholds_necessities", _("Not enough food, sleep or medical care")),
]

WHEN = [
    ("ongoing", _("It is still happening")),
    ("last_month", _("In the last month")),
    ("last_year", _("In the last year")),
    ("earlier", _("More than a year ago")),
    ("unknown", _("I don't know")),
]

WHO = [
    ("self", _("It is happening (or happened) to me")),
    ("other", _("It is happening to someone else")),
]

YES_NO_UNKNOWN = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("unknown", _("I don't know")),
]

CONTACT = [
    ("here", _("Yes, but only through this reporting point (with my receipt code)")),
    ("channel", _("Yes, by a way I write below (phone, messaging app, e-mail)")),
    ("none", _("No, do not contact me")),
]

AUTHORITIES = [
    ("no", _("No, do not share it")),
    ("police", _("Yes, with the police")),
    ("labour_inspection", _("Yes, with the labour inspection")),
    ("both", _("Yes, with the police and the labour inspection")),
]
