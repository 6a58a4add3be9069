"""Demo step: the network's organisations and the demo sign-ins.

All organisation names are invented. The first member organisation and the
secretariat get one account per role, so a newcomer can see every view.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.hashers import make_password

from crossroads.accounts.models import Organisation, Role, User
from crossroads.core.demo import DEMO_PASSWORD, DemoContext

SECRETARIAT_CODE = "network-secretariat"

# (code, name, country alpha-3, kind)
ORGANISATIONS: list[tuple[str, str, str, str]] = [
    ("nl-overweg", "Stichting Overweg", "NLD", "member"),
    ("nl-kompas", "Kompas Hulpverlening Rotterdam", "NLD", "member"),
    ("de-wegweiser", "Beratungsstelle Wegweiser Berlin", "DEU", "member"),
    ("de-fairarbeit", "FairArbeit Beratung München", "DEU", "member"),
    ("fr-carrefour", "Association Carrefour Lyon", "FRA", "member"),
    ("fr-escale", "L'Escale Marseille", "FRA", "member"),
    ("be-passage", "Passage Bruxelles", "BEL", "member"),
    ("it-crocevia", "Associazione Crocevia Torino", "ITA", "member"),
    ("it-approdo", "Rete Approdo Palermo", "ITA", "member"),
    ("es-encrucijada", "Fundación Encrucijada Madrid", "ESP", "member"),
    ("pt-farol", "Associação Farol Lisboa", "PRT", "member"),
    ("at-kreuzweg", "Verein Kreuzweg Wien", "AUT", "member"),
    ("cz-rozcesti", "Rozcestí Praha", "CZE", "member"),
    ("pl-rozdroze", "Fundacja Rozdroże", "POL", "member"),
    ("ro-rascruce", "Asociația Răscruce Iași", "ROU", "member"),
    ("ro-punte", "Fundația Punte București", "ROU", "member"),
    ("bg-krastopat", "Krastopat Foundation Sofia", "BGR", "member"),
    ("gr-stavrodromi", "Stavrodromi Athens", "GRC", "member"),
    ("hu-keresztut", "Keresztút Egyesület Budapest", "HUN", "member"),
    ("sk-razcestie", "Rázcestie Bratislava", "SVK", "member"),
    ("se-vagskal", "Vägskäl Göteborg", "SWE", "member"),
    ("ie-lantern", "Lantern Project Dublin", "IRL", "member"),
    ("lt-kryzkele", "Kryžkelė Vilnius", "LTU", "member"),
    ("hr-raskrizje", "Raskrižje Zagreb", "HRV", "member"),
    ("md-raspantie", "Centrul Răspântie Chișinău", "MDA", "associate"),
    (SECRETARIAT_CODE, "Network Secretariat", "BEL", "secretariat"),
]

# (username, first name, last name, role, organisation code)
ACCOUNTS: list[tuple[str, str, str, Role, str]] = [
    ("caseworker", "Lena", "Visser", Role.CASEWORKER, "nl-overweg"),
    ("dataofficer", "Joris", "Bakker", Role.DATA_OFFICER, "nl-overweg"),
    ("orgadmin", "Mireille", "de Wit", Role.ORG_ADMIN, "nl-overweg"),
    # Signs in with a second factor whose key is published (crossroads.safety.demo).
    ("caseworker.2fa", "Samir", "El Idrissi", Role.CASEWORKER, "nl-overweg"),
    ("caseworker.de", "Anke", "Vogel", Role.CASEWORKER, "de-wegweiser"),
    ("dataofficer.de", "Tobias", "Brandt", Role.DATA_OFFICER, "de-wegweiser"),
    ("analyst", "Sofia", "Marin", Role.ANALYST, SECRETARIAT_CODE),
]


def demo_exists() -> bool:
    """Whether the demo network has been built in this database."""
    return Organisation.objects.filter(code=SECRETARIAT_CODE, name="Network Secretariat").exists()


def build(context: DemoContext) -> str:
    """Create the organisations, one data officer per member, and the named demo accounts."""
    orgs = Organisation.objects.bulk_create(
        Organisation(code=code, name=name, country=country, kind=kind)
        for code, name, country, kind in ORGANISATIONS
    )
    by_code = {org.code: org for org in orgs}
    context.shared["organisations"] = by_code
    users = []
    named = {account[4] for account in ACCOUNTS if account[3] is Role.DATA_OFFICER}
    for username, first, last, role, org_code in ACCOUNTS:
        users.append(_user(username, first, last, role, by_code[org_code]))
    for org in orgs:
        if org.holds_case_records and org.code not in named:
            users.append(_user(f"data.{org.code}", "Data", "Officer", Role.DATA_OFFICER, org))
    User.objects.bulk_create(users)
    context.shared["users"] = {u.username: u for u in User.objects.all()}
    countries = len({o.country for o in orgs})
    return f"{len(orgs)} organisations in {countries} countries, {len(users)} accounts"


def _user(username: str, first: str, last: str, role: Role, org: Organisation) -> User:
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@{org.code}.example",
        role=role,
        organisation=org,
        language="en",
    )
    # One hash for every demo account: hashing is deliberately slow.
    user.password = _demo_password_hash()
    return user


@cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def sign_ins() -> list[tuple[str, str, str]]:
    """(username, role, organisation) of the named demo accounts, for the start-up message."""
    rows = []
    for username, _first, _last, role, org_code in ACCOUNTS:
        org = next(name for code, name, _c, _k in ORGANISATIONS if code == org_code)
        rows.append((username, str(role.label), org))
    return rows
