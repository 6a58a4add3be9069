"""Released tables as grids for people: the same layout on screen and in spreadsheets.

Markers are the same everywhere: a suppressed cell shows ``x`` (flag
``c``), a true zero ``0``, a structurally empty cell ``·`` (an age band
under another age group, a permit decision for a person who never
applied). A suppressed cell is never blank and never a zero.

Layouts: one dimension is a column of counts; two dimensions a matrix
with margins; three dimensions one matrix per category of the first. A
dimension nested in another (CTDC bands within child/adult, countries
within their citizenship group) is laid out under its parent with the
parent's subtotal, and the impossible combinations are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from crossroads.codebook.loader import load_standard
from crossroads.exchange import catalogue
from crossroads.exchange.released import Cell, ReleasedTable
from crossroads.stats.disclosure import SUPPRESSED_SYMBOL, TOTAL

STRUCTURAL_SYMBOL = "·"


@dataclass(frozen=True)
class Entry:
    """One row or column of a grid: its label and the category codes it fixes."""

    label: str
    codes: tuple[str, ...]
    level: str = ""  # "" for a category, "subtotal", "total"


@dataclass(frozen=True)
class Shown:
    """One displayed cell."""

    text: str
    css: str
    title: str
    value: int | None
    status: str
    original: int | None = None


@dataclass
class Block:
    """A matrix: rows by columns, with an optional heading (the first dimension of three)."""

    heading: str
    rows: list[Entry]
    columns: list[Entry]
    cells: list[list[Shown]] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[Entry, str, list[tuple[Entry, Shown]]]]:
        """Rows with their CSS class and their (column, cell) pairs, for templates."""
        out = []
        for row, shown in zip(self.rows, self.cells, strict=True):
            nested = len(row.codes) == 2 and not row.level
            css = f"is-{row.level}" if row.level else ("is-child" if nested else "")
            out.append((row, css, list(zip(self.columns, shown, strict=True))))
        return out


@dataclass
class Grid:
    """A whole table ready to show."""

    code: str
    title: str
    description: str
    notes: str
    row_title: str
    column_title: str
    blocks: list[Block]
    multi_response: bool
    suppressed: int
    block_title: str = ""


def category_label(name: str, code: str, language: str) -> str:
    """A category's label in ``language`` (countries from ISO 3166, the rest from the catalogue)."""
    if code == TOTAL:
        return _("Total")
    try:
        spec = catalogue.dimension(name)
    except catalogue.CatalogueError:
        return code
    if spec.dynamic:
        value = load_standard().vocabularies["country"].get(code)
        return value.label.get(language) if value else code
    category = spec.category(code)
    return category.label_in(language) if category else code


def dimension_title(name: str, language: str) -> str:
    try:
        return catalogue.label_in(catalogue.dimension(name).title, language)
    except catalogue.CatalogueError:
        return name


Structure = Mapping[str, Mapping[str, str]]


def _axis(
    table: ReleasedTable,
    names: Sequence[str],
    structure: Structure,
    lang: str,
    *,
    heading_first: bool = False,
) -> list[Entry]:
    """Entries along one or two (parent, child) dimensions, totals last."""
    if len(names) == 0:
        return [Entry(_("Persons"), ())]
    dims = {d.name: d for d in table.dimensions}
    if len(names) == 1:
        name = names[0]
        single = [Entry(category_label(name, c, lang), (c,)) for c in dims[name].categories]
        return [*single, Entry(_("Total"), (TOTAL,), "total")]
    parent, child = names
    parents_of = dict(structure.get(child, {}))
    spec_categories = catalogue.dimension(child).categories if not _dynamic(child) else None
    for category in spec_categories or ():
        parents_of.setdefault(category.code, category.parent)
    entries: list[Entry] = []
    for group in dims[parent].categories:
        members = [c for c in dims[child].categories if parents_of.get(c, group) == group]
        members = [c for c in members if _present(table, parent, child, group, c)]
        children = [Entry(category_label(child, code, lang), (group, code)) for code in members]
        if len(members) == 1 and members[0] == group:
            entries.extend(children)
            continue
        subtotal = Entry(category_label(parent, group, lang), (group, TOTAL), "subtotal")
        entries.extend([subtotal, *children] if heading_first else [*children, subtotal])
    entries.append(Entry(_("Total"), (TOTAL, TOTAL), "total"))
    return entries


def _present(table: ReleasedTable, parent: str, child: str, group: str, code: str) -> bool:
    """Whether a (group, category) pair of a nested dimension can hold anyone."""
    key = [TOTAL] * len(table.dimensions)
    names = [d.name for d in table.dimensions]
    key[names.index(parent)], key[names.index(child)] = group, code
    cell = table.cell(*key)
    return cell.suppressed or bool(cell.value) or not _dynamic(child)


def _dynamic(name: str) -> bool:
    try:
        return catalogue.dimension(name).dynamic
    except catalogue.CatalogueError:
        return True


def _layout(names: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """(block, row, column) dimensions of a table."""
    if len(names) == 1:
        return [], [names[0]], []
    if len(names) == 2:
        if _spec_parent(names[1]) == names[0]:
            return [], list(names), []
        return [], [names[0]], [names[1]]
    if _spec_parent(names[2]) == names[1]:
        return [], [names[0]], [names[1], names[2]]
    return [names[0]], [names[1]], [names[2]]


def _spec_parent(name: str) -> str:
    try:
        return catalogue.dimension(name).parent
    except catalogue.CatalogueError:
        return ""


def _structural(names: Sequence[str], codes: Sequence[str]) -> bool:
    """A combination that cannot hold anyone: one dimension at "no such event", another not."""
    states = []
    for name, code in zip(names, codes, strict=True):
        try:
            none = catalogue.dimension(name).none_code
        except catalogue.CatalogueError:
            none = ""
        if none and code != TOTAL:
            states.append(code == none)
    return True in states and False in states


def show(
    cell: Cell,
    *,
    structural: bool,
    rounded: bool,
    original: int | None = None,
    preview: bool = False,
) -> Shown:
    """How one cell is shown (text, CSS class, explanation)."""
    if cell.suppressed:
        reason = cell.status
        if preview and reason == "suppressed_primary":
            title = _("Suppressed: below the threshold")
        elif preview and reason == "suppressed_secondary":
            title = _("Suppressed so that a small count cannot be recomputed from the totals")
        else:
            title = _("Suppressed (confidential)")
        css = "cell-suppressed" + (f" cell-{reason.replace('_', '-')}" if preview else "")
        return Shown(SUPPRESSED_SYMBOL, css, title, None, cell.status, original)
    if cell.value == 0:
        if structural:
            return Shown(STRUCTURAL_SYMBOL, "cell-structural", _("Not applicable"), 0, "zero")
        return Shown("0", "cell-zero", _("True zero"), 0, "zero", original)
    title = _("Rounded") if rounded else ""
    return Shown(f"{cell.value}", "", title, cell.value, cell.status, original)


def grid(
    table: ReleasedTable,
    language: str,
    *,
    structure: Structure | None = None,
    originals: ReleasedTable | None = None,
    preview: bool = False,
) -> Grid:
    """Lay out a released table (``originals``: the member's exact counts, shown in previews)."""
    names = [d.name for d in table.dimensions]
    structure = structure or {}
    block_dims, row_dims, col_dims = _layout(names)
    rounded = any(c.status == "rounded" for c in table.cells())
    block_entries = _axis(table, block_dims, structure, language) if block_dims else [Entry("", ())]
    blocks: list[Block] = []
    for block in block_entries:
        rows = _axis(table, row_dims, structure, language, heading_first=True)
        columns = _axis(table, col_dims, structure, language)
        out = Block(block.label if block_dims else "", rows, columns)
        for row in rows:
            line: list[Shown] = []
            for column in columns:
                codes = dict(zip(block_dims, block.codes, strict=True))
                codes |= dict(zip(row_dims, row.codes, strict=True))
                codes |= dict(zip(col_dims, column.codes, strict=True))
                key = [codes[n] for n in names]
                original = originals.cell(*key).value if originals is not None else None
                line.append(
                    show(
                        table.cell(*key),
                        structural=_structural(names, key),
                        rounded=rounded,
                        original=original,
                        preview=preview,
                    )
                )
            out.cells.append(line)
        blocks.append(out)
    spec = _spec(table.name)
    return Grid(
        code=table.name,
        title=catalogue.label_in(spec.title, language) if spec else table.name,
        description=catalogue.label_in(spec.description, language) if spec else "",
        notes=catalogue.label_in(spec.notes, language) if spec and spec.notes else "",
        row_title=" / ".join(dimension_title(n, language) for n in row_dims),
        column_title=" / ".join(dimension_title(n, language) for n in col_dims),
        blocks=blocks,
        multi_response=any(not d.additive for d in table.dimensions),
        suppressed=table.suppressed_count,
        block_title=" / ".join(dimension_title(n, language) for n in block_dims),
    )


def _spec(code: str) -> catalogue.TableSpec | None:
    try:
        return catalogue.table(code)
    except catalogue.CatalogueError:
        return None
