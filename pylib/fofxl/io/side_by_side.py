"""Tables side by side on one sheet, each with its own date column (净值日期 | 单位净值 | 累计净值
for one fund in A:C, the same for another fund in E:G on other dates; 日期 | 收盘价 for 沪深300 in
A:B, 日期 | 收盘价 for 恒生指数 in D:E on Hong Kong's trading days): found in the header row, and
each table cut out of the sheet to be read on its own dates (:mod:`~fofxl.io.importer`).

A table is a date column and the columns after it up to the next date column (the first also
takes the columns before its date column, a 序号); it is one only when it holds values: a NAV
type column (单位净值) or a column of numbers under another header (a wide sheet's fund). A date
column of periods (月份, a helper column of the days' months) starts no table. A header with a
fund column (a long file) is never cut, but for indices side by side.

Indices side by side (a header with price fields, 收盘价, and no NAV type) are tables holding
a close or numbers (a date column followed by 成交额 alone, a 更新日期, starts none); each may
hold a 名称 / 代码 column naming its index (before its date column too, when the first table
has one there). Each table holds one index's 收盘价 alone (:func:`_one_close`), and is named
by the one label over it, else by its 名称 column, else by its close column's header
(收盘价:沪深300) (:func:`_index_name`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..clean import is_blank, to_number
from ..errors import InputError
from .grid import _cell, _column_name, _is_label, _letters, _Reader
from .layouts import _securities
from .vocabulary import _PERIOD_NAMES, _norm, _role, _series_of

__all__: list[str] = []


class _Table(NamedTuple):
    """One table of a sheet: its columns [start, end), its date column, the name its fund
    is given where no group over its columns names several, and the one label over its
    columns that gave it, if one did (:func:`_tables`)."""

    start: int
    end: int
    date_col: int
    name: str
    label: str | None = None

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
    roles = [_role(cell)[0] for cell in header]
    prices = _of_prices(reader)
    if "fund" in roles and not prices:
        return []
    starts = [reader.date_col] + [
        j
        for j in range(reader.date_col + 1, len(header))
        if roles[j] == "date" and _norm(header[j]) not in _PERIOD_NAMES
    ]
    if len(starts) < 2:
        return []
    width = max(len(header), max((len(row) for row in rows), default=0))
    # each table's first column: its date column, or (indices) the 名称 / 代码 columns before
    # it when the first table has its own there
    lead = prices and "fund" in roles[: reader.date_col]
    firsts = [0]
    for before, at in zip(starts, starts[1:], strict=False):
        lo = at
        while lead and lo - 1 > before and roles[lo - 1] == "fund":
            lo -= 1
        firsts.append(lo)
    bounds = [*firsts, width]
    held = [
        (lo, at)
        for lo, hi, at in zip(bounds, bounds[1:], starts, strict=False)
        if any(
            _holds_values(reader, j) or (prices and _role(header[j]) == ("market", "close"))
            for j in range(lo, hi)
            if j != at
        )
    ]
    if len(held) < 2 or held[0][1] != reader.date_col:
        return []
    # a date column with no values after it (before the next) is no table: not used, noted
    ends = [lo for lo, _ in held[1:]] + [width]
    spans = [(lo, end, at) for (lo, at), end in zip(held, ends, strict=True)]
    above = rows[reader.header_index - 1] if reader.header_index else ()
    tables = []
    for k, (lo, end, at) in enumerate(spans):
        hi = end  # (blank columns at its end, between it and the next, are no part of it)
        while hi - 1 > at and _is_empty(reader, hi - 1):
            hi -= 1
        labels = {str(c).strip() for j in range(lo, hi) if _is_label(c := _cell(above, j))}
        label = labels.pop() if len(labels) == 1 else None
        if label is not None:
            name = label
        elif k == 0:
            name = reader.stem
        else:
            name = f"{reader.stem} ({_letters(lo)}:{_letters(hi - 1)})"
        tables.append(_Table(lo, hi, at, name, label))
    return tables


def _of_prices(reader: _Reader) -> bool:
    """Whether the sheet's header holds price fields (收盘价, ...) and no NAV type: a sheet of
    indices (or securities), whose tables side by side each hold one index."""
    roles = {_role(cell)[0] for cell in reader.header}
    return "market" in roles and "nav" not in roles


def _one_close(reader: _Reader, tables: list[_Table]) -> None:
    """Check that each table of indices side by side holds one price field, the close.

    Raises
    ------
    InputError
        A table holds a field besides its close (成交额, 最高价, ...): the file, the tables'
        columns and that table's fields are named.
    """
    if not _of_prices(reader):
        return
    for table in tables:
        fields = {
            j: detail
            for j in range(table.start, table.end)
            if (role := _role(_cell(reader.header, j)))[0] == "market"
            and (detail := role[1]) is not None
        }
        if set(fields.values()) <= {"close"}:
            continue
        shown = ", ".join(_column_name(reader.header[j], j) for j in fields)
        raise InputError(
            f"{reader.source} holds {len(tables)} tables side by side "
            f"({', '.join(t.span for t in tables)}), each with its own date column, and the one "
            f"in columns {table.span} holds several fields ({shown}); "
            "indices side by side are read from their 收盘价 alone, a date column and a close "
            "column per table: keep only each index's 收盘价, or give each index its own file "
            "or sheet."
        )


def _index_name(part: _Reader, table: _Table) -> str:
    """The index a table of closes side by side holds (``part``: the table cut out of its
    sheet): the one label over the table (沪深300 merged over A1:B1), else the one name its
    名称 column (or, without one, its 代码 column) gives, else the one its close column's header
    gives (收盘价:沪深300).

    Raises
    ------
    InputError
        Nothing names it: the file, the table's columns and where a name is read from.
    """
    if table.label is not None:
        return table.label
    columns = range(table.start, table.end)
    funds = [j for j in columns if _role(_cell(part.header, j))[0] == "fund"]
    funds.sort(key=lambda j: any(w in _norm(part.header[j]) for w in ("代码", "code")))
    for j in funds:
        names = _securities(part, j)
        if len(names) == 1:
            return names[0]
    series = {s for j in columns if (s := _series_of(_cell(part.header, j))) is not None}
    if len(series) == 1:
        return series.pop()
    header = " | ".join(_column_name(_cell(part.header, j), j) for j in columns)
    raise InputError(
        f"{part.source}: the table in columns {table.span} ({header}), one of tables side by "
        "side, does not name its index: put its name in the cell over the table (merged over "
        "its header), in a 名称 column in it, or in its close column's header (收盘价:沪深300)."
    )


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
