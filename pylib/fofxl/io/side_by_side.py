"""Tables side by side on one sheet, each with its own date column (净值日期 | 单位净值 | 累计净值
for one fund in A:C, the same for another fund in E:G on other dates): found in the header row,
and each table cut out of the sheet to be read on its own dates (:mod:`~fofxl.io.importer`).

A table is a date column and the columns after it up to the next date column (the first also
takes the columns before its date column, a 序号); it is one only when it holds values: a NAV
type column (单位净值) or a column of numbers under another header (a wide sheet's fund). A date
column of periods (月份, a helper column of the days' months) starts no table. A header with a
fund column (a long file) is never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..clean import is_blank, to_number
from ..errors import InputError
from .grid import _cell, _is_label, _letters, _Reader
from .vocabulary import _PERIOD_NAMES, _norm, _role

__all__: list[str] = []


class _Table(NamedTuple):
    """One table of a sheet: its columns [start, end), its date column and the name its fund
    is given where no group over its columns names several (:func:`_tables`)."""

    start: int
    end: int
    date_col: int
    name: str

    @property
    def span(self) -> str:
        """The table's columns by letter: ``E:G``."""
        return f"{_letters(self.start)}:{_letters(self.end - 1)}"


def _tables(reader: _Reader, rows: Sequence[Sequence[Any]]) -> list[_Table]:
    """The tables side by side on the sheet, in the header's order; [] when it holds one.

    Each is named by the one label in the row above the header over its columns (基金甲 merged
    over B1:C1, or over the whole table A1:C1); else the first by the file (as a single fund's
    file is named) and each other by the file and its columns (``side (E:G)``)."""
    header = reader.header
    if any(_role(cell)[0] == "fund" for cell in header):
        return []
    starts = [reader.date_col] + [
        j
        for j in range(reader.date_col + 1, len(header))
        if _role(header[j])[0] == "date" and _norm(header[j]) not in _PERIOD_NAMES
    ]
    if len(starts) < 2:
        return []
    width = max(len(header), max((len(row) for row in rows), default=0))
    bounds = [0, *starts[1:], width]
    held = [
        at
        for lo, hi, at in zip(bounds, bounds[1:], starts, strict=False)
        if any(_holds_values(reader, j) for j in range(lo, hi) if j != at)
    ]
    if len(held) < 2 or held[0] != reader.date_col:
        return []
    # a date column with no values after it (before the next) is no table: not used, noted
    spans = list(zip([0, *held[1:]], [*held[1:], width], held, strict=True))
    above = rows[reader.header_index - 1] if reader.header_index else ()
    tables = []
    for k, (lo, end, at) in enumerate(spans):
        hi = end  # (blank columns at its end, between it and the next, are no part of it)
        while hi - 1 > at and _is_empty(reader, hi - 1):
            hi -= 1
        labels = {str(c).strip() for j in range(lo, hi) if _is_label(c := _cell(above, j))}
        if len(labels) == 1:
            name = labels.pop()
        elif k == 0:
            name = reader.stem
        else:
            name = f"{reader.stem} ({_letters(lo)}:{_letters(hi - 1)})"
        tables.append(_Table(lo, hi, at, name))
    return tables


def _holds_values(reader: _Reader, j: int) -> bool:
    """Whether column j holds a table's values: a NAV type in its header, or a number in
    a cell under another header (not a date, fund or NAV-type column)."""
    role = _role(_cell(reader.header, j))[0]
    if role == "nav":
        return True
    if role not in ("other", "blank"):
        return False
    for cell in reader.column(j):
        if is_blank(cell) or isinstance(cell, bool):
            continue
        try:
            to_number(cell)
        except InputError:
            continue
        return True
    return False


def _is_empty(reader: _Reader, j: int) -> bool:
    """Whether column j is blank in the header and down the body."""
    return is_blank(_cell(reader.header, j)) and all(map(is_blank, reader.column(j)))


def _cut(rows: Sequence[Sequence[Any]], table: _Table) -> list[Sequence[Any]]:
    """The sheet with every cell outside the table blank: its cells keep their rows and
    columns, so a message names the same row and column letter as the file."""
    lo, hi = table.start, table.end
    return [[c if lo <= j < hi else None for j, c in enumerate(row)] for row in rows]
