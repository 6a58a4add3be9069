"""Demo step: members' reports in the library, each with its audience.

Invented documents; each file is a one-page PDF holding the title and the
summary, written here so that the demo builds in no time.
"""

from __future__ import annotations

from typing import Any

from crossroads.accounts.models import Role, User
from crossroads.core.demo import DemoContext
from crossroads.library.models import Document
from crossroads.library.services import upload_document

# (organisation, title, kind, country, year, language, rights, forms, audience, summary)
DOCUMENTS: list[tuple[str, str, str, str, int, str, list[str], list[str], str, str]] = [
    (
        "nl-overweg",
        "Annual report 2024",
        "annual_report",
        "NLD",
        2024,
        "en",
        ["R1", "R4"],
        ["labour", "sexual"],
        "public",
        "Our assistance, shelter and legal counselling in 2024, and what changed for residence "
        "permits after the new scheme.",
    ),
    (
        "nl-overweg",
        "Men in logistics: a study of labour exploitation",
        "research",
        "NLD",
        2025,
        "nl",
        ["R2", "R1"],
        ["labour"],
        "network",
        "Interviews with caseworkers and labour inspectors on how men exploited in warehouses are "
        "identified and why so few reach shelter.",
    ),
    (
        "de-wegweiser",
        "Schattenbericht an GRETA",
        "shadow_report",
        "DEU",
        2024,
        "de",
        ["R3", "R6", "R7"],
        ["sexual", "labour"],
        "public",
        "Contribution of German counselling centres to the third evaluation round: reflection "
        "period for EU citizens, compensation, non-punishment.",
    ),
    (
        "fr-carrefour",
        "Rapport d'activité 2024",
        "annual_report",
        "FRA",
        2024,
        "fr",
        ["R4", "R6"],
        ["sexual"],
        "public",
        "Accompagnement juridique, titres de séjour et indemnisation des victimes suivies à Lyon.",
    ),
    (
        "it-approdo",
        "Terra Libera: outreach to farm workers",
        "research",
        "ITA",
        2025,
        "it",
        ["R2", "R9"],
        ["labour"],
        "network",
        "Findings of two years of outreach in rural settlements: recruitment, debts and housing.",
    ),
    (
        "ro-punte",
        "Return and reintegration: three-month follow-up",
        "research",
        "ROU",
        2025,
        "ro",
        ["R1", "R10"],
        ["sexual", "forced_begging"],
        "network",
        "What happened to persons returned with a receiving caseworker, three months on.",
    ),
    (
        "hu-keresztut",
        "Internal note on funding cuts",
        "guidance",
        "HUN",
        2025,
        "en",
        [],
        [],
        "organisation",
        "How the organisation continues its hotline after the ministry ended the grant.",
    ),
]


def pdf(title: str, summary: str) -> bytes:
    """A one-page PDF showing ``title`` and ``summary`` (Latin-1 text, Helvetica)."""

    def text(value: str) -> str:
        safe = value.encode("latin-1", "replace").decode("latin-1")
        return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    words, lines, line = summary.split(), [], ""
    for word in words:
        if len(line) + len(word) > 80:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    body = f"BT /F1 18 Tf 60 780 Td ({text(title)}) Tj ET\n" + "".join(
        f"BT /F1 11 Tf 60 {740 - 16 * n} Td ({text(row)}) Tj ET\n" for n, row in enumerate(lines)
    )
    stream = body.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def build(context: DemoContext) -> str:
    """Add the documents through the service, as the members' data officers."""
    officers: dict[str, Any] = {
        u.organisation.code: u
        for u in User.objects.filter(role=Role.DATA_OFFICER).select_related("organisation")
        if u.organisation
    }
    for code, title, kind, country, year, language, rights, forms, audience, summary in DOCUMENTS:
        if code not in officers:
            continue
        values = {
            "title": title,
            "kind": kind,
            "summary": summary,
            "country": country,
            "year": year,
            "language": language,
            "rights": rights,
            "exploitation": forms,
            "audience": audience,
        }
        upload_document(officers[code], values, f"{code}-{year}.pdf", pdf(title, summary))
    public = Document.objects.filter(audience="public").count()
    return f"{Document.objects.count()} library documents, {public} public"
