"""Demo step: invented country profiles for every country of the demo network.

Each profile is marked as demo content and every answer cites a demo
source, so nobody can mistake them for real legal facts.
"""

from __future__ import annotations

from datetime import date

from crossroads.accounts.models import Organisation, User
from crossroads.core.demo import DemoContext
from crossroads.monitoring import services
from crossroads.monitoring.demo_profiles import COUNTRIES, answers
from crossroads.monitoring.models import CountryProfile

SOURCE = "Demo content: invented for the demonstration network (not a real legal source)"


def build(context: DemoContext) -> str:
    """Create the profiles, answering every item as the demo's analyst."""
    users: dict[str, User] = context.shared["users"]
    analyst = users["analyst"]
    organisations: dict[str, Organisation] = context.shared["organisations"]
    countries = sorted({o.country for o in organisations.values() if o.holds_case_records})
    # A rebuilt demo replaces the previous demo profiles; real profiles are never touched.
    CountryProfile.objects.filter(demo_content=True).delete()
    count = 0
    for country in countries:
        if country not in COUNTRIES or CountryProfile.objects.filter(country=country).exists():
            continue
        profile = services.create_profile(analyst, country, demo_content=True)
        for item, value in answers(country).items():
            services.save_answer(
                analyst,
                profile,
                item,
                services.AnswerInput(value=value, source=SOURCE, source_date=date(2025, 11, 3)),
                based_on=None,
            )
            count += 1
    return f"{len(countries)} country profiles (demo content), {count} answers"
