"""Range arguments: what arrives from Excel, header rows, orientation, and the pylib inputs.

What arrives
    Range arguments arrive as lists of rows (the UDFs ask xlwings for ``ndim=2`` and
    ``err_to_str=True``); plain-Python callers may also pass a flat list (one column), a scalar,
    a numpy array or a pandas object. Blanks are ``None`` or ``""``. Classic xlwings passes dates
    as ``datetime`` and Excel errors as text (``"#DIV/0!"``); Office.js (xlwings Lite, xlwings
    Server) passes dates as serial numbers, blanks as ``null`` and errors as error objects
    (``{"type": "Error", "basicValue": "#DIV/0!"}``), which :func:`grid` turns into the same text.
    Numbers may be numeric text, dates may be ISO text. The cell values themselves are coerced
    by :mod:`fofxl.clean` (the one coercion module); this module only shapes them.

Header rows
    If the first cell of a dates range is text that is not a date, the first row of that range
    and of its value range(s) is a header: its names label the output, and row numbers in
    messages count it (row 1 is the header). Functions without a dates range apply the same rule
    to their first range, with "not a number" instead of "not a date".

Rows and columns
    A range one row high (and more than one cell wide) runs along a row: it is read as a column
    and the aligned output is written back along a row. A value range with several columns is
    a panel, one series per column. Aligned outputs have one row per input row, in the input's
    order (unsorted input stays aligned; blank input rows stay blank), with a header row when
    the input had one.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd

from fofxl.clean import (
    EXCEL_ERRORS,
    Kind,
    frame_from_cells,
    is_blank,
    series_from_cells,
    to_categories,
    to_date,
    to_dates,
    to_number,
    to_number_columns,
    to_number_rows,
    to_numbers,
    to_texts,
)
from fofxl.errors import FofError, InputError

from .output import BLANK, Cells, out_cell, out_rows

__all__ = [
    "DateColumn",
    "Dated",
    "Layout",
    "Undated",
    "grid",
    "read_dated",
    "read_dated_ranges",
    "read_dates",
    "read_undated",
    "read_weights",
]


_ERROR_TYPES = {
    "Div0": "#DIV/0!",
    "NotAvailable": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "Spill": "#SPILL!",
    "Calc": "#CALC!",
    "Field": "#FIELD!",
    "Busy": "#BUSY!",
    "Connect": "#CONNECT!",
    "Blocked": "#BLOCKED!",
    "GettingData": "#GETTING_DATA",
}


def _office_value(cell: dict[str, Any]) -> Any:
    """An Office.js cell-value object as the plain value classic xlwings would pass."""
    if cell.get("type") == "Error":
        return cell.get("basicValue") or _ERROR_TYPES.get(cell.get("errorType", ""), "#VALUE!")
    return cell.get("basicValue")


def grid(value: Any) -> list[list[Any]]:
    """Any argument as a rectangular list of rows (``[]`` for nothing).

    A scalar is one cell; a flat list, a 1-D array and a Series are one column; a DataFrame
    gives its values. Office.js cell-value objects become plain values.
    """
    if value is None:
        return []
    if isinstance(value, pd.DataFrame):
        rows: list[list[Any]] = value.to_numpy(dtype=object).tolist()
    elif isinstance(value, pd.Series | pd.Index):
        rows = [[v] for v in value.tolist()]
    elif isinstance(value, np.ndarray):
        rows = value.tolist() if value.ndim == 2 else [[v] for v in value.ravel().tolist()]
    elif isinstance(value, list | tuple):
        if not value:
            return []
        kinds = set(map(type, value))
        if kinds <= {list, tuple}:
            rows = value if isinstance(value, list) else list(value)
        elif kinds & {list, tuple}:
            raise InputError("A range argument mixes rows and single cells; pass a rectangle.")
        else:
            rows = [[v] for v in value]
    else:
        rows = [[value]]
    if len(set(map(len, rows))) != 1:
        raise InputError("A range argument has rows of different lengths; pass a rectangle.")
    if dict in set(map(type, itertools.chain.from_iterable(rows))):
        rows = [list(map(_plain_cell, row)) for row in rows]
    return rows


def _transpose(rows: list[list[Any]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else []


def _is_header(cell: Any, of_dates: bool) -> bool:
    """Text that is neither blank nor an Excel error nor a date (or number) heads the range."""
    if not isinstance(cell, str) or is_blank(cell) or cell.strip().upper() in EXCEL_ERRORS:
        return False
    try:
        (to_date if of_dates else to_number)(cell)
    except InputError:
        return True
    return False


@dataclass(frozen=True)
class Layout:
    """How an aligned output is written: a header row first, and along a row or down a column."""

    header: bool
    by_row: bool
    #: Blank rows the input ended with (a whole-column reference such as A:A), left out of
    #: the reading and given back as blank rows of the output.
    trailing: int = 0

    def emit(self, rows: list[list[Any]], names: Sequence[Any]) -> Cells:
        """The output grid of cells made by :mod:`fofxl_addin.output`: ``names`` as a header
        row when the input had one, a blank row for each blank row the input ended with;
        transposed back when the input ran along a row."""
        out = [list(names), *rows] if self.header else rows
        if self.trailing:
            width = len(out[0]) if out else len(names)
            out.extend([BLANK] * width for _ in range(self.trailing))
        return Cells(_transpose(out) if self.by_row else out)

    def located(self, error: FofError) -> FofError:
        """``error`` as the input was laid out: along a row, its "row 3" is the third cell of
        the row (the readers number cells down a column)."""
        if not self.by_row:
            return error
        return type(error)(re.sub(r"\brow (\d+)", r"cell \1 of the row", str(error)))


@contextmanager
def _along(layout: Layout) -> Iterator[None]:
    """Errors raised inside name the cells as ``layout`` has them (:meth:`Layout.located`)."""
    try:
        yield
    except FofError as error:
        raise layout.located(error) from None


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name} ({count + 1})")
    return out


def _plain_cell(cell: Any) -> Any:
    """One cell as classic xlwings passes it (an Office.js cell-value object as its value)."""
    return _office_value(cell) if type(cell) is dict else cell


def _grid_columns(value: Any) -> Sequence[list[Any]]:
    """Any argument as its columns, each a list of cells (``[]`` for nothing).

    The list of rows Excel passes is split into columns in one pass per column; anything else
    goes through :func:`grid`. Office.js cell-value objects may remain in the columns of a list
    of rows: :func:`_convert` turns them into plain values when a conversion meets one.
    """
    if isinstance(value, list) and value and type(value[0]) is list:
        if len(value[0]) == 1:
            try:  # one column, the usual range: unpacking each row checks its width too
                return [[cell for (cell,) in value]]
            except (TypeError, ValueError):
                pass  # a wider row, or a single cell: the general split says what is wrong
        try:
            widths = set(map(len, value))  # a row that is a single cell has no length
        except TypeError:
            widths = set()
        if len(widths) == 1:  # a rectangle of rows: split it (else grid says what is wrong)
            width = widths.pop()
            if width >= _WIDE:  # a fund panel: kept as rows, converted in one pass
                return _Rows(value, width)
            return [list(map(operator.itemgetter(j), value)) for j in range(width)]
    rows = grid(value)
    return [list(map(operator.itemgetter(j), rows)) for j in range(len(rows[0]))] if rows else []


#: From this many columns on, a list of rows stays a list of rows (:class:`_Rows`): its
#: numbers convert in one numpy pass over the rows, and a column is split off only when one is
#: asked for (measured on 520 rows x 2,000 funds: splitting alone cost more than converting).
_WIDE = 16


class _Rows(Sequence[list[Any]]):
    """The columns of a wide rectangle of rows (a fund panel), kept as its rows.

    It reads like the list of columns :func:`_grid_columns` gives (``len`` is the width,
    ``[j]`` column j), splitting a column off only when asked; :func:`read_dated` converts
    :attr:`rows` whole.
    """

    def __init__(self, rows: list[list[Any]], width: int) -> None:
        self.rows = rows
        self.width = width

    def __len__(self) -> int:
        return self.width

    @overload
    def __getitem__(self, j: int) -> list[Any]: ...
    @overload
    def __getitem__(self, j: slice) -> list[list[Any]]: ...
    def __getitem__(self, j: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(j, slice):
            return [self[k] for k in range(self.width)[j]]
        if not -self.width <= j < self.width:
            raise IndexError(j)
        return list(map(operator.itemgetter(j), self.rows))

    def __iter__(self) -> Iterator[list[Any]]:
        return (list(column) for column in zip(*self.rows, strict=True))

    def first_cells(self) -> list[Any]:
        """The cells of the first row (a header row's names)."""
        return list(self.rows[0]) if self.rows else []

    def without_first(self) -> _Rows:
        """The same columns without their first cell (the header row removed)."""
        return _Rows(self.rows[1:], self.width)


def _swap(columns: Sequence[list[Any]]) -> list[list[Any]]:
    """Columns of a transposed range: each row becomes a column."""
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def _convert_columns(
    convert: Callable[..., Any], columns: Sequence[Sequence[Any]], *args: Any, **kwargs: Any
) -> Any:
    """``convert(columns, ...)``; when it refuses a cell and the columns hold Office.js
    cell-value objects, again on their plain values (so the common ranges pay no extra pass)."""
    try:
        return convert(columns, *args, **kwargs)
    except InputError:
        if dict not in set(map(type, itertools.chain.from_iterable(columns))):
            raise
    return convert([list(map(_plain_cell, cells)) for cells in columns], *args, **kwargs)


def _convert(convert: Callable[..., Any], cells: list[Any], *args: Any, **kwargs: Any) -> Any:
    """:func:`_convert_columns` for one column of cells."""
    return _convert_columns(
        lambda columns, *a, **k: convert(columns[0], *a, **k), [cells], *args, **kwargs
    )


def _read_group(
    anchor: Any, anchor_name: str, others: dict[str, Any], of_dates: bool
) -> tuple[list[Any], dict[str, Sequence[list[Any]]], Layout, dict[str, list[str] | None]]:
    """The anchor column and the other ranges of one group as lists of columns, header removed.

    Returns the anchor's cells, each other range's columns, the layout, and each other range's
    header names (None without a header).
    """
    columns = _grid_columns(anchor)
    if not columns or not columns[0]:
        raise InputError(f"{anchor_name} is empty; select the cells holding the data.")
    by_row = len(columns[0]) == 1 and len(columns) > 1
    if by_row:
        columns = _swap(columns)
    if of_dates and len(columns) != 1:
        raise InputError(
            f"{anchor_name} has {len(columns)} columns; select one column (or row) of dates."
        )
    first = columns[0]
    header = _is_header(_plain_cell(first[0]), of_dates)
    height = len(first)
    ranges: dict[str, Sequence[list[Any]]] = {}
    names: dict[str, list[str] | None] = {}
    for name, value in others.items():
        cols = first_cols = columns if value is anchor else _grid_columns(value)
        rows = len(cols[0]) if cols else 0
        if value is not anchor and (by_row or (rows == 1 and len(cols) == height > 1)):
            cols = _swap(first_cols)
            rows = len(cols[0]) if cols else 0
        if rows != height:
            along = ("cells along its row", "width") if by_row else ("rows", "height")
            raise InputError(
                f"{anchor_name} has {height} {along[0]} but {name} has {rows}; give ranges of "
                f"the same {along[1]}."
            )
        ranges[name] = cols
    if not header and of_dates and is_blank(_plain_cell(first[0])) and ranges:
        header = _names_over_values(ranges.values())  # (a wide export's blank corner cell)
    # blank rows at the end of every range (a whole column, A:A) are not read: at most all
    # but two rows, so that an all-blank range still gets its own message
    limit = height - 2
    trailing = min([_blank_tail(columns, limit), *(_blank_tail(c, limit) for c in ranges.values())])
    if trailing:
        height -= trailing
        whole, columns = columns, _cut(columns, height)
        first = columns[0]
        ranges = {k: columns if c is whole else _cut(c, height) for k, c in ranges.items()}
    for name, cols in ranges.items():
        names[name] = None
        if header:
            heads = cols.first_cells() if isinstance(cols, _Rows) else [c[0] for c in cols]
            texts = to_texts(list(map(_plain_cell, heads)), f"{name} header")
            names[name] = [t if t else f"{name} {j + 1}" for j, t in enumerate(texts)]
            if isinstance(cols, _Rows):
                cols = cols.without_first()
            elif cols is columns:  # the anchor's own columns: its first column is cut below
                cols = [c[1:] for c in cols]
            else:  # lists made by _grid_columns: the header cells go in place, without a copy
                for c in cols:
                    del c[0]
        ranges[name] = cols
    if header and anchor_name not in names:  # the dates' own header text
        corner = _plain_cell(first[0])
        names[anchor_name] = ["date" if is_blank(corner) else str(corner).strip()]
    if header:
        del first[0]  # made by _grid_columns too
    return first, ranges, Layout(header, by_row, trailing), names


def _names_over_values(groups: Iterable[Sequence[list[Any]]]) -> bool:
    """Whether the first row of the ranges beside a blank date cell names their columns
    (text such as fund names, no number): a header row whose corner cell was left blank, as
    wide exports leave the cell above the dates."""
    heads = [
        _plain_cell(cell)
        for cols in groups
        for cell in (cols.first_cells() if isinstance(cols, _Rows) else [c[0] for c in cols])
    ]
    named = [cell for cell in heads if not is_blank(cell)]
    return bool(named) and all(_is_header(cell, False) for cell in named)


#: Rows looked at together when finding the blank rows a range ends with.
_TAIL_STEP = 1024


def _blank_tail(columns: Sequence[list[Any]], limit: int) -> int:
    """How many rows at the end of the range are blank in every column (None as classic
    xlwings sends an empty cell, or "" as Office.js does), at most ``limit``."""
    if limit <= 0 or not len(columns):
        return 0
    if isinstance(columns, _Rows):
        rows, width = columns.rows, columns.width
        last = rows[-1][-1] if rows and rows[-1] else 0
        if not _is_empty(last):
            return 0

        def blank_rows(a: int, b: int) -> bool:
            counts = map(list.count, rows[a:b], itertools.repeat(last))
            return sum(counts) == (b - a) * width

        return _tail(len(rows), limit, blank_rows)
    run = limit
    for cells in columns:
        last = cells[-1] if cells else 0
        if not _is_empty(last):
            return 0

        def blank_cells(a: int, b: int, cells: list[Any] = cells, last: Any = last) -> bool:
            return cells[a:b].count(last) == b - a

        run = _tail(len(cells), run, blank_cells)
        if not run:
            return 0
    return run


def _is_empty(cell: Any) -> bool:
    return cell is None or (type(cell) is str and cell == "")


def _tail(length: int, limit: int, blank: Callable[[int, int], bool]) -> int:
    """The length of the run of blank items at the end (at most ``limit``), ``blank(a, b)``
    telling whether items ``[a, b)`` all are: whole steps from the end, then one by one."""
    end = length
    stop = length - limit
    while end > stop:
        start = max(end - _TAIL_STEP, stop)
        if not blank(start, end):
            while end > start and blank(end - 1, end):
                end -= 1
            break
        end = start
    return length - end


def _cut(columns: Sequence[list[Any]], height: int) -> Sequence[list[Any]]:
    """The first ``height`` rows of each column."""
    if isinstance(columns, _Rows):
        return _Rows(columns.rows[:height], columns.width)
    return [cells[:height] for cells in columns]


@dataclass(frozen=True)
class Dated:
    """A dates range and a value range read together.

    ``frame`` is the clean panel pylib gets (sorted unique dates, one column per series);
    ``dates`` and ``present`` remember the input rows so that results can be put back on them.
    ``names`` label the series and ``date_name`` the dates (the header row's text, else
    generic names).
    """

    frame: pd.DataFrame
    names: list[str]
    layout: Layout
    dates: pd.DatetimeIndex
    present: np.ndarray
    values_name: str
    date_name: str = "date"
    rows: np.ndarray | None = None  # the input row of each frame row, when in the same order
    #: Header names given more than once (their columns are named "A", "A (2)", ...).
    repeated: frozenset[str] = frozenset()

    @property
    def series(self) -> pd.Series:
        """The one series of a one-column range (for pylib functions that take a Series)."""
        if self.frame.shape[1] != 1:
            raise InputError(
                f"{self.values_name} has {self.frame.shape[1]} columns where one series is "
                "expected; select one column."
            )
        return self.frame.iloc[:, 0]

    def aligned(self, result: pd.Series | pd.DataFrame) -> list[list[Any]]:
        """One output row per input row: the result on each row's date, blank where the row
        had no date or no value."""
        frame = result.to_frame() if isinstance(result, pd.Series) else result
        values = self._placed(frame)
        if values.shape[1] != self.present.shape[1]:
            raise InputError(
                f"{self.values_name}: the result has {values.shape[1]} columns for "
                f"{self.present.shape[1]} input columns."
            )
        return self.layout.emit(out_rows(values, ~self.present), self.names)

    def _placed(self, frame: pd.DataFrame) -> np.ndarray:
        """The result's values on the input rows: scattered straight back when the result has
        the cleaned frame's dates and the input rows were in date order, else by date."""
        values = frame.to_numpy()
        index = frame.index
        if (
            self.rows is not None
            and values.dtype.kind in "fO"
            and isinstance(index, pd.DatetimeIndex)
            and len(index) == len(self.rows)
            and np.array_equal(index.as_unit("ns").asi8, self.frame.index.as_unit("ns").asi8)
        ):
            if len(self.rows) == len(self.dates):  # every input row kept, in order: as is
                return values
            blank = None if values.dtype == object else np.nan  # as out_array writes a blank
            out = np.full((len(self.dates), values.shape[1]), blank, dtype=values.dtype)
            out[self.rows] = values
            return out
        return _on_dates(frame, self.dates)

    def per_column(self, values: Sequence[Any]) -> Any:
        """One value per series: a scalar for one column (header or not), else a row, under
        the names when the input had a header row."""
        cells = [out_cell(v) for v in values]
        if len(cells) == 1:
            return cells[0]
        return [self.names, cells] if self.layout.header else [cells]


def _on_dates(frame: pd.DataFrame, dates: pd.DatetimeIndex) -> np.ndarray:
    """``frame.reindex(dates).to_numpy()``; for sorted unique result dates (what pylib
    returns) by binary search, a third of the time of pandas' hash lookup on a whole column."""
    index = frame.index
    values = frame.to_numpy()
    if not (
        values.dtype.kind in "fO"  # numbers or labels: a missing row is NaN, as reindex gives
        and isinstance(index, pd.DatetimeIndex)
        and index.tz is None
        and index.is_monotonic_increasing
        and index.is_unique
        and len(index)
    ):
        return frame.reindex(dates).to_numpy()
    stamps = index.as_unit("ns").asi8
    wanted = dates.as_unit("ns").asi8
    at = np.minimum(np.searchsorted(stamps, wanted), len(stamps) - 1)
    values = values[at]
    values[(stamps[at] != wanted) | np.asarray(dates.isna())] = np.nan
    return values


def read_dated(
    dates: Any,
    values: Any,
    *,
    dates_name: str = "dates",
    values_name: str = "values",
    kind: Kind = "value",
    default_name: str | None = None,
) -> Dated:
    """Read a dates range and its value range (one or several columns) for pylib.

    Without a header row the series are named ``default_name`` (default: the argument's
    name), numbered when there are several.
    """
    read = read_dated_ranges(
        dates, {values_name: values}, dates_name=dates_name, kind=kind, default_name=default_name
    )
    return read[values_name]


def read_dated_ranges(
    dates: Any,
    values: dict[str, Any],
    *,
    dates_name: str = "dates",
    kind: Kind = "value",
    default_name: str | None = None,
) -> dict[str, Dated]:
    """Read one dates range and several value ranges on it (highs, lows and closes): the
    dates are converted once, each value range is read as :func:`read_dated` reads it alone.

    The ranges are read in the order given, so a message names the first bad cell met.
    """
    column, ranges, layout, names = _read_group(dates, dates_name, values, True)
    first_row = 2 if layout.header else 1
    with _along(layout):
        index = _convert(to_dates, column, dates_name, first_row)
    header = names.get(dates_name)
    on_dates = _OnDates(index, layout, dates_name, header[0] if header else "date", first_row)
    return {
        name: on_dates.read(name, cols, names[name], kind, default_name or name)
        for name, cols in ranges.items()
    }


@dataclass(frozen=True)
class _OnDates:
    """The converted dates of a group, ready to read each value range on them."""

    index: pd.DatetimeIndex
    layout: Layout
    dates_name: str
    date_name: str
    first_row: int

    def read(
        self,
        values_name: str,
        cols: Sequence[list[Any]],
        given: list[str] | None,
        kind: Kind,
        default: str,
    ) -> Dated:
        """One value range (its columns, header names ``given``) as a :class:`Dated`."""
        index, first_row = self.index, self.first_row
        width = len(cols) or 1
        given = given or [default if width == 1 else f"{default} {j + 1}" for j in range(width)]
        labels = _unique(given)
        repeated = frozenset(name for name, n in Counter(map(str.strip, given)).items() if n > 1)
        column_names = [values_name if width == 1 else f"{values_name} ({lb})" for lb in labels]
        percent = kind not in ("nav", "price")
        with _along(self.layout):
            data = (
                _convert_columns(to_number_rows, cols.rows, column_names, first_row, percent)
                if isinstance(cols, _Rows)
                else _convert_columns(to_number_columns, cols, column_names, first_row, percent)
            )
            has_value = ~np.isnan(data)
            _require_some(index.notna().any(), self.dates_name, "date")
            _require_some(bool(has_value.any()), values_name, "value")
            frame = frame_from_cells(
                index,
                data,
                names=labels,
                name=values_name,
                dates_name=self.dates_name,
                kind=kind,
                first_row=first_row,
                copy=False,  # data was made above, for this frame alone
            )
        present = has_value & ~np.asarray(index.isna())[:, None]
        kept = np.flatnonzero(present.any(axis=1))  # the rows the frame keeps, in input order
        in_order = len(kept) == len(frame) and (
            index.is_monotonic_increasing  # (blank dates, NaT, come first): the kept rows are too
            or np.array_equal(frame.index.as_unit("ns").asi8, index.as_unit("ns").asi8[kept])
        )
        return Dated(
            frame,
            labels,
            self.layout,
            index,
            present,
            values_name,
            self.date_name,
            kept if in_order else None,
            repeated,
        )


@dataclass(frozen=True)
class DateColumn:
    """A dates range on its own (the target dates of FOF_ALIGN)."""

    dates: pd.DatetimeIndex
    layout: Layout


def _require_some(found: bool, name: str, what: str) -> None:
    """A required data range with no usable cell at all (all blank or #N/A) is an error."""
    if not found:
        raise InputError(
            f"{name} has no {what}: every cell is blank or #N/A; select the cells holding the "
            f"data, or fill them."
        )


def read_dates(dates: Any, name: str = "dates") -> DateColumn:
    """Read a dates range alone: blank cells are NaT, the order is kept."""
    column, _, layout, _ = _read_group(dates, name, {}, True)
    with _along(layout):
        found = _convert(to_dates, column, name, 2 if layout.header else 1)
    _require_some(bool(found.notna().any()), name, "date")
    return DateColumn(found, layout)


@dataclass(frozen=True)
class Undated:
    """Ranges without dates, read together (the first one decides header and orientation).

    ``numbers[name]`` is a float array (rows, columns) with NaN for blanks; ``texts[name]`` the
    same cells as labels. ``cells[name]`` holds each range's columns (header removed).
    """

    cells: dict[str, Sequence[list[Any]]]
    names: dict[str, list[str] | None]
    layout: Layout

    @property
    def first_row(self) -> int:
        return 2 if self.layout.header else 1

    def numbers(self, name: str) -> np.ndarray:
        with _along(self.layout):
            out = self._by_column(name, to_numbers, np.float64)
        _require_some(bool((~np.isnan(out)).any()), name, "value")
        return out

    def texts(self, name: str) -> np.ndarray:
        with _along(self.layout):
            return self._by_column(name, to_texts, object)

    def labels(self, name: str) -> pd.Categorical | np.ndarray:
        """The range ``name`` as labels: one column as a Categorical (each distinct cell
        converted once), several as :meth:`texts`."""
        cols = self.cells[name]
        if len(cols) != 1:
            return self.texts(name)
        with _along(self.layout):
            return _convert(to_categories, cols[0], name, self.first_row)

    def _by_column(self, name: str, convert: Callable[..., Any], dtype: Any) -> np.ndarray:
        """The range ``name`` converted column by column (messages name the column)."""
        cols = self.cells[name]
        if len(cols) == 1:  # the usual one column: as converted, without a copy
            converted = _convert(convert, cols[0], name, self.first_row)
            return np.asarray(converted, dtype).reshape(-1, 1)
        width = len(cols) or 1
        out = np.empty((self.height, width), dtype=dtype)
        for j, cells in enumerate(cols):
            label = name if width == 1 else f"{name} (column {j + 1})"
            out[:, j] = _convert(convert, cells, label, self.first_row)
        return out

    @property
    def height(self) -> int:
        cols = next(iter(self.cells.values()))
        return len(cols[0]) if cols else 0

    @property
    def positions(self) -> pd.DatetimeIndex:
        """Stand-in dates for ranges without dates: one day per row, in row order (from
        1700-01-01; past 200,000 rows one second per row)."""
        step = "D" if self.height <= _MAX_DAILY_ROWS else "s"
        return pd.date_range(_FIRST_POSITION, periods=self.height, freq=step, unit="ns")

    def series(self, name: str, kind: Kind = "value") -> pd.Series:
        """A one-column range as a series on :attr:`positions` (blank rows dropped)."""
        cols = self.cells[name]
        if len(cols) != 1:
            raise InputError(f"{name} has {len(cols)} columns; select one column (or row).")
        with _along(self.layout):
            values = _convert(
                to_numbers, cols[0], name, self.first_row, percent=kind not in ("nav", "price")
            )
        _require_some(bool((~np.isnan(values)).any()), name, "value")
        return series_from_cells(
            self.positions, values, name=name, kind=kind, first_row=self.first_row
        )

    def rows_in(self, error: FofError) -> FofError:
        """``error`` with the stand-in dates of its message replaced by row numbers."""
        positions = self.positions
        first = positions[0] if len(positions) else None

        def row(match: re.Match[str]) -> str:
            stamp = pd.Timestamp(match.group(2))
            if first is None or self.height > _MAX_DAILY_ROWS:
                return match.group(0)
            offset = (stamp - first).days
            if 0 <= offset < self.height:
                return f"{'in ' if match.group(1) else ''}row {offset + self.first_row}"
            return match.group(0)

        text = re.sub(r"(on )?(\d{4}-\d{2}-\d{2})", row, str(error))
        return self.layout.located(type(error)(text))


_FIRST_POSITION = pd.Timestamp("1700-01-01")
_MAX_DAILY_ROWS = 200_000


def read_undated(ranges: dict[str, Any]) -> Undated:
    """Read ranges that have no dates (highs/lows/closes, values/labels); same heights."""
    (first_name, first), *rest = ranges.items()
    # The first range is its own anchor: read it as an "other" of itself to keep its width.
    column, cells, layout, names = _read_group(first, first_name, dict(ranges), False)
    del column
    return Undated(cells, names, layout)


#: Header texts that mark the first column of a dated weights table.
_DATE_HEADERS = frozenset({"date", "dates", "日期", "as of", "effective"})


def read_weights(weights: Any, navs: Dated) -> Any:
    """The target weights of a portfolio, in the form pylib's portfolio functions take.

    * Fund names over their weights (two rows), or names beside their weights (two columns):
      constant targets, a Series by fund name.
    * A dated table: a header row ``date`` and fund names, then one row per date: a
      DataFrame indexed by date (each row in force from its date on).
    * Numbers only (one row or one column): one weight per NAV column, in the NAVs' order.

    A blank weight is 0; an Excel error in a weight is refused.
    """
    cells = grid(weights)
    if not cells or all(is_blank(c) for row in cells for c in row):
        raise InputError(
            "weights is empty; select fund names over their target weights (two rows), or a "
            "table headed date and fund names."
        )
    for i, row in enumerate(cells):
        for cell in row:
            if isinstance(cell, str) and cell.strip().upper() in EXCEL_ERRORS:
                raise InputError(
                    f"weights: row {i + 1} holds the Excel error {cell.strip()}; fix that cell "
                    "or clear it (a blank weight is 0)."
                )
    first = cells[0]
    named_twice = sorted(
        {str(c).strip() for row in cells for c in row if isinstance(c, str)} & navs.repeated
    )
    if named_twice:
        raise InputError(
            f"weights name the fund {named_twice[0]!r}, which heads more than one column of "
            f"{navs.values_name}; give each fund column its own name."
        )
    funds = {str(name).strip() for name in navs.names}
    corner = str(first[0]).strip() if isinstance(first[0], str) else None
    others = [str(c).strip() for c in first[1:] if not is_blank(c)]
    dated = corner is not None and (
        corner.lower() in _DATE_HEADERS
        or corner.lower() == navs.date_name.strip().lower()
        or (corner not in funds and bool(others) and set(others) <= funds)
    )
    if dated:
        if len(cells) < 2 or len(first) < 2:
            raise InputError(
                "weights: the dated table has no weights; under the header date and fund names "
                "give one row per date."
            )
        table = read_dated(
            [[row[0]] for row in cells],
            [row[1:] for row in cells],
            dates_name="weights dates",
            values_name="weights",
        )
        return table.frame
    if all(_is_header(c, False) for c in first if not is_blank(c)):
        if len(cells) != 2:
            raise InputError(
                f"weights has {len(cells)} rows; give two rows (fund names over their "
                "weights) or a table headed date and fund names."
            )
        return _named_weights(first, cells[1])
    if len(first) == 2 and all(_is_header(row[0], False) or is_blank(row[0]) for row in cells):
        return _named_weights([row[0] for row in cells], [row[1] for row in cells])
    if len(cells) != 1 and len(first) != 1:
        raise InputError(
            f"weights is a block of {len(cells)}×{len(first)} numbers; give fund names over "
            "their weights, or one row of weights in the order of the NAV columns."
        )
    return [c for row in cells for c in row]


def _named_weights(names: list[Any], values: list[Any]) -> pd.Series:
    """Fund name → weight cells (pairs blank in both cells are skipped)."""
    pairs = [
        (n, v) for n, v in zip(names, values, strict=True) if not (is_blank(n) and is_blank(v))
    ]
    for name, value in pairs:
        if is_blank(name):
            raise InputError(
                f"weights: the weight {value} has no fund name above it; name the fund or clear "
                "the weight."
            )
    return pd.Series([v for _, v in pairs], index=[str(n).strip() for n, _ in pairs], dtype=object)
