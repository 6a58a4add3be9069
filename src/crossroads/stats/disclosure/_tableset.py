"""A set of tables released together: one member's submission or one publication."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from crossroads.stats.disclosure._constraints import (
    CellRef,
    LinearConstraints,
    Link,
    Nested,
    SameCount,
    compile_constraints,
)
from crossroads.stats.disclosure._model import Dimension, IntArray, Table, TableError

FORMAT = "crossroads-tables/1"


class TableSet:
    """The tables of one submission or publication, and the relations between them.

    Shared margins are inferred (see :class:`LinearConstraints`): tables of
    the same population share their grand total, and a dimension name used
    by several tables of one population must have the same categories and
    additivity everywhere, its margins being equal. ``links`` add what
    cannot be inferred: :class:`Nested` pairs of tables (awarded <= claimed)
    and :class:`SameCount` cells of different populations.

    Construction validates everything and raises :class:`TableError` on
    duplicate table names, inconsistent dimensions, unknown tables in
    links, or counts that disagree with a shared margin or a link. With
    ``check_counts=False`` the counts are checked (and the constraints
    compiled) only when :attr:`constraints` or :attr:`values` is first
    read: for inputs already checked, such as the stored originals summed
    into network tables, which never need their own constraints.
    """

    __slots__ = ("_by_name", "_compiled", "links", "tables")

    def __init__(
        self, tables: Sequence[Table], links: Sequence[Link] = (), *, check_counts: bool = True
    ) -> None:
        self.tables = tuple(tables)
        self.links = tuple(links)
        if not self.tables:
            raise TableError("a table set needs at least one table")
        self._by_name: dict[str, Table] = {}
        for table in self.tables:
            if not isinstance(table, Table):
                raise TableError(f"{table!r} is not a Table")
            if table.name in self._by_name:
                raise TableError(f"two tables are named {table.name!r}")
            self._by_name[table.name] = table
        self._check_dimensions()
        self._check_links()
        self._compiled: tuple[LinearConstraints, IntArray] | None = None
        if check_counts:
            self._compile()

    def _compile(self) -> tuple[LinearConstraints, IntArray]:
        if self._compiled is None:
            self._compiled = compile_constraints(self.tables, self.links)
        return self._compiled

    def _check_dimensions(self) -> None:
        seen: dict[tuple[str, str], tuple[Dimension, str]] = {}
        for table in self.tables:
            for dimension in table.dimensions:
                key = (table.population, dimension.name)
                if key not in seen:
                    seen[key] = (dimension, table.name)
                    continue
                first, where = seen[key]
                if first != dimension:
                    raise TableError(
                        f"dimension {dimension.name!r} differs between tables {where!r} and "
                        f"{table.name!r} of population {table.population!r}; a shared "
                        "dimension needs the same categories and additivity (or another name)"
                    )

    def _check_links(self) -> None:
        for link in self.links:
            if isinstance(link, Nested):
                inner, outer = self.table(link.inner), self.table(link.outer)
                if inner.dimensions != outer.dimensions:
                    raise TableError(
                        f"nested tables {inner.name!r} and {outer.name!r} need the same dimensions"
                    )
            elif isinstance(link, SameCount):
                for ref in (link.first, link.second):
                    self.table(ref.table).position(ref.categories)
            else:
                raise TableError(f"{link!r} is not a Nested or SameCount link")

    def table(self, name: str) -> Table:
        """The table called ``name``."""
        try:
            return self._by_name[name]
        except KeyError:
            raise TableError(f"no table named {name!r} in this set") from None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    @property
    def constraints(self) -> LinearConstraints:
        """The compiled linear relations between the cells of all tables."""
        return self._compile()[0]

    @property
    def values(self) -> IntArray:
        """The original count of every variable of :attr:`constraints` (read-only)."""
        view = self._compile()[1].view()
        view.setflags(write=False)
        return view

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __repr__(self) -> str:
        return f"TableSet({', '.join(self.names)})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form holding the original counts (never to leave the organisation)."""
        return {
            "format": FORMAT,
            "tables": [t.to_dict() for t in self.tables],
            "links": [_link_to_dict(link) for link in self.links],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TableSet:
        """Rebuild a table set from :meth:`to_dict`.

        A protected release (suppressed cells, no original counts) is
        refused: it cannot stand in for original counts.
        """
        if data.get("format") != FORMAT:
            raise TableError(
                f"expected a {FORMAT!r} document of original counts, got {data.get('format')!r}; "
                "protected releases cannot be turned back into original counts"
            )
        tables = [Table.from_dict(t) for t in data["tables"]]
        return cls(tables, [_link_from_dict(link) for link in data.get("links", [])])


def _link_to_dict(link: Link) -> dict[str, Any]:
    if isinstance(link, Nested):
        return {"kind": "nested", "inner": link.inner, "outer": link.outer}
    return {
        "kind": "same_count",
        "first": {"table": link.first.table, "categories": list(link.first.categories)},
        "second": {"table": link.second.table, "categories": list(link.second.categories)},
    }


def _link_from_dict(data: Mapping[str, Any]) -> Link:
    if data["kind"] == "nested":
        return Nested(str(data["inner"]), str(data["outer"]))
    if data["kind"] == "same_count":
        return SameCount(
            CellRef(str(data["first"]["table"]), tuple(data["first"]["categories"])),
            CellRef(str(data["second"]["table"]), tuple(data["second"]["categories"])),
        )
    raise TableError(f"unknown link kind {data['kind']!r}")
