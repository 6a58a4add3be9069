"""The drafted submission as an editable Word document (DOCX, python-docx).

NGO staff finish a submission in a word processor, so the document uses the
word processor's own headings, lists and table styles (a reader can restyle
it in one step) rather than imitating the PDF's layout.
"""

from __future__ import annotations

import io

import docx as python_docx
from django.utils import translation
from django.utils.translation import gettext as _
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from crossroads.bodies.drafting import Draft, Statement
from crossroads.reports.templatetags.reports import long_date

BRAND = RGBColor(0x1F, 0x4E, 0x5F)
FAINT = RGBColor(0x6B, 0x76, 0x85)
GROUP_FILL = "E6EEF1"
HEAD_FILL = "F2F5F7"
# A4 with 20 mm margins leaves 170 mm for text; the tables' columns share it.
LEGAL_COLUMNS = (Mm(62), Mm(43), Mm(65))
FIGURE_COLUMNS = (Mm(96), Mm(42), Mm(32))


def docx(draft: Draft) -> bytes:
    """The draft as DOCX bytes."""
    with translation.override(draft.language):
        return _write(draft)


def _write(draft: Draft) -> bytes:
    document = python_docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    document.core_properties.title = draft.title
    document.core_properties.language = draft.language
    document.core_properties.author = _("Crossroads network of anti-trafficking NGOs")
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = BRAND

    _faint(document.add_paragraph(), _("Crossroads network of anti-trafficking NGOs"))
    document.add_paragraph(draft.title, style="Title")
    document.add_paragraph(f"{draft.body.name} · {draft.round.title}", style="Subtitle")
    facts = [
        (_("Deadline"), long_date(draft.round.deadline)),
        (_("Contributing members"), str(len(draft.credits))),
    ]
    if draft.year:
        facts.insert(1, (_("Figures of"), str(draft.year)))
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    paragraph = document.add_paragraph()
    run = paragraph.add_run(_("Draft for review"))
    run.bold = True
    if draft.demo:
        note = document.add_paragraph()
        note.add_run(
            _(
                "Demonstration draft: the organisations, figures, narratives and dates in it "
                "are invented. It states nothing about any real country."
            )
        ).italic = True

    document.add_heading(_("About this submission"), level=1)
    document.add_paragraph(
        _(
            "This submission to %(body)s is made by the members of the Crossroads network who "
            "work in the country. It brings together the legal framework as the network's "
            "analysts recorded it, figures from the annual data exchange of the members, and "
            "what members observed in their work with trafficked persons."
        )
        % {"body": draft.body.short}
    )
    document.add_paragraph(
        _(
            "The figures are counts of persons assisted by members, not of all victims in the "
            "country. They are protected: counts below the network's threshold are withheld, "
            "and a figure based on too few persons is not shown. Each percentage comes with its "
            "%(level)s interval."
        )
        % {"level": "95%"}
    )
    document.add_heading(_("Contributors"), level=2)
    for credit in draft.credits:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(credit.name).bold = True
        item.add_run(f": {', '.join(credit.uses)}")
    if not draft.credits:
        _empty(document, _("No member has shared anything about this country yet."))

    document.add_heading(_("Legal and policy framework"), level=1)
    if draft.legal:
        table = document.add_table(rows=1, cols=3, style="Table Grid")
        for cell, text in zip(
            table.rows[0].cells, (_("Question"), _("Answer"), _("Source")), strict=True
        ):
            cell.paragraphs[0].add_run(text).bold = True
        for group, rows in draft.legal:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[2])
            merged.paragraphs[0].add_run(group).bold = True
            merged.paragraphs[0].paragraph_format.keep_with_next = True
            _shade(merged, GROUP_FILL)
            for row in rows:
                cells = table.add_row().cells
                cells[0].text = row.label
                _small(cells[0].add_paragraph(), row.anchor)
                cells[1].text = row.value
                source = row.source + (f", {row.source_date}" if row.source_date else "")
                cells[2].text = source
                if row.note:
                    _small(cells[2].add_paragraph(), row.note)
        _finish(table, LEGAL_COLUMNS)
    else:
        _empty(document, _("The country profile has no answer yet."))

    document.add_heading(_("Rights of trafficked persons in practice"), level=1)
    for chapter in draft.chapters:
        title = chapter.title + (f" ({chapter.article})" if chapter.article else "")
        document.add_heading(title, level=2)
        if chapter.figures:
            table = document.add_table(rows=1, cols=3, style="Table Grid")
            heads = (_("Indicator"), draft.country_name, _("Network"))
            for cell, text in zip(table.rows[0].cells, heads, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for figure in chapter.figures:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(f"{figure.code} ").bold = True
                cells[0].paragraphs[0].add_run(figure.title)
                _small(cells[0].add_paragraph(), figure.anchor)
                cells[1].paragraphs[0].add_run(figure.rate).bold = True
                _small(cells[1].add_paragraph(), f"{figure.interval} · {figure.counts}")
                cells[2].text = figure.network or "–"
                for cell in cells[1:]:
                    for paragraph in cell.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _finish(table, FIGURE_COLUMNS)
        for reason, codes in chapter.withheld_by_reason:
            note = document.add_paragraph()
            note.paragraph_format.space_before = Pt(4)
            note.paragraph_format.space_after = Pt(0)
            _faint(
                note,
                _("No figure for %(codes)s: %(reason)s.")
                % {"codes": ", ".join(codes), "reason": reason},
            )
        for statement in chapter.changes:
            _statement(document, statement, statement.meta, sources=statement.sources)
        for statement in chapter.obstacles:
            _statement(document, statement, f"{_('Obstacle')} · {statement.meta}")
    if draft.silent:
        _empty(
            document,
            _("Nothing shared yet on: %(rights)s.") % {"rights": draft.silent_titles},
        )

    document.add_heading(_("Good practices and projects"), level=1)
    for statement in draft.practices:
        _entry(document, statement, statement.meta)
    for statement in draft.projects:
        _entry(document, statement, f"{_('Project')}: {statement.meta}")
    if not draft.practices and not draft.projects:
        _empty(document, _("No good practice or project shared yet."))

    document.add_heading(_("Recommendations to the authorities"), level=1)
    for statement in draft.recommendations:
        item = document.add_paragraph(style="List Number")
        item.add_run(f"{statement.meta}: ").bold = True
        item.add_run(statement.text)
        _faint(item, f" ({statement.member})")
    if not draft.recommendations:
        _empty(document, _("No recommendation shared yet."))

    document.add_heading(_("Sources"), level=1)
    for doc in draft.documents:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(f"{doc.organisation.name}, ")
        item.add_run(doc.title).italic = True
        item.add_run(f", {doc.year} ({doc.get_kind_display().lower()})")
    if not draft.documents:
        _empty(document, _("No document about this country in the library."))

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _statement(
    document: WordDocument, statement: Statement, meta: str, *, sources: str = ""
) -> None:
    if meta:
        heading = document.add_paragraph()
        heading.paragraph_format.keep_with_next = True
        _small(heading, meta.upper())
    for line in statement.text.splitlines() or [""]:
        document.add_paragraph(line)
    if sources:
        _faint(document.add_paragraph(), f"{_('Sources:')} {sources}")
    _faint(document.add_paragraph(), f"{statement.member}, {statement.year}")


def _entry(document: WordDocument, statement: Statement, title: str) -> None:
    """A good practice or a project: its title as a heading, its details, its text."""
    document.add_heading(title, level=3)
    if statement.sources:
        details = document.add_paragraph()
        details.paragraph_format.keep_with_next = True
        _small(details, statement.sources)
    for line in statement.text.splitlines() or [""]:
        document.add_paragraph(line)
    _faint(document.add_paragraph(), f"{statement.member}, {statement.year}")


def _finish(table: Table, widths: tuple[Length, ...]) -> None:
    """Fix the columns' widths, repeat the heading row on every page, keep each row on one
    page, and set the table's text a size smaller than the body's."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
        merged = len({id(cell._tc) for cell in row.cells}) < len(row.cells)
        for cell, width in zip(row.cells, widths, strict=True):
            if not merged:
                cell.width = width
            if index == 0:
                _shade(cell, HEAD_FILL)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(2)
                for run in paragraph.runs:
                    if run.font.size is None:
                        run.font.size = Pt(9.5)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _faint(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.color.rgb = FAINT
    run.font.size = Pt(9)


def _small(paragraph: Paragraph, text: str) -> None:
    if text:
        _faint(paragraph, text)


def _empty(document: WordDocument, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True
