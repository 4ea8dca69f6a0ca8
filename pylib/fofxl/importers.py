"""Importers: the CSV and XLSX files analysts really have, read into clean date-indexed frames.

:func:`import_file` reads one file (or one sheet of a workbook) and returns an
:class:`ImportResult`: the data (a DataFrame indexed by ``date``, one float64 column per series,
NaN where a series has no value) and a :class:`QualityReport` saying what was read, dropped and
found. The input file is only read, never written (its bytes are read once, then parsed in
memory).

Layouts, recognised from the header row (English or Chinese names, case and spaces ignored):

* **wide** — a date column plus one column per fund (``日期, 基金A, 基金B``);
* **long** — a fund column, a date column and NAV column(s) (``基金名称, 日期, 单位净值, 累计净值,
  复权净值``), or a NAV-type column plus a value column (``fund, date, nav_type, nav``);
* **single** — a date column plus NAV-type columns for one fund (a product's own export); the
  series is named after the file;
* **market** — a date column plus price fields (``收盘价, 最高价, 最低价, 开盘价, 换手率, 成交量,
  成交额``), returned with the English names ``close, high, low, open, turnover, volume,
  amount``.

Rows above the header (titles, notes, ``#`` comments) are skipped; the header is the first row
naming a date column (日期, 净值日期, date, ...). Dates may be date cells, Excel serials,
``2023-06-30``, ``2023/6/30`` or ``20230630``; all coercion goes through :mod:`fofxl.clean`.

NAV choice, per fund: 复权净值 (adjusted) over 累计净值 (cumulative) over 单位净值 (unit), with a
warning when only the unit NAV exists (it drops at every dividend).

Bad-data policy (the same for CSV and XLSX):

* a row with an unreadable or blank date, a text or error cell where a number belongs, or a
  NAV/price <= 0 loses that observation; the report lists each one with its file row number;
* a date that repeats for a series keeps the last row (later rows are usually corrections);
  the report lists the dropped rows and says whether their values differed;
* a column holding no numbers at all (a notes column) is skipped with a warning;
* it is an :class:`~fofxl.errors.InputError` naming the file, sheet and row when the file is
  not a spreadsheet, is encrypted or damaged, the sheet is empty, no date column exists, most
  dates are unreadable, or nothing usable is left;
* with ``strict=True`` the first bad cell is an error instead of a report entry.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .clean import Kind, as_frame, is_blank, to_date, to_dates, to_number, to_numbers, to_text
from .errors import InputError, OptionError
from .files import OLE_SIGNATURE, ZIP_SIGNATURE, check_size, check_xlsx

__all__ = ["ImportResult", "Issue", "QualityReport", "import_file"]

# --------------------------------------------------------------------------------------------
# Header vocabulary (normalised: lower case, no spaces/underscores/hyphens/dots, units in
# brackets removed).
_DATE_NAMES = frozenset(
    {"日期", "净值日期", "交易日期", "估值日期", "时间", "截止日期", "统计日期", "日期时间",
     "指标名称", "date", "navdate", "tradedate", "tradingdate", "valuationdate", "asof", "asofdate",
     "day", "time"}
)  # fmt: skip
_FUND_NAMES = frozenset(
    {"基金名称", "产品名称", "基金简称", "产品简称", "名称", "基金", "产品", "基金代码", "产品代码",
     "代码", "证券简称", "证券代码", "fund", "fundname", "name", "product", "productname",
     "code", "fundcode", "ticker", "series", "seriesname", "portfolio"}
)  # fmt: skip
_NAV_TYPE_NAMES = frozenset({"净值类型", "类型", "navtype", "type", "valuetype"})
_NAV_NAMES = {
    "adjusted": frozenset(
        {"复权净值", "复权单位净值", "复权累计净值", "adjustednav", "adjnav", "adjusted",
         "navadjusted", "adjustedunitnav"}
    ),
    "cumulative": frozenset(
        {"累计净值", "累计单位净值", "累计", "cumulativenav", "accumulatednav", "accnav",
         "cumnav", "cumulative", "accumulated"}
    ),
    "unit": frozenset({"单位净值", "unitnav", "unit", "navperunit", "navpershare"}),
    "unstated": frozenset({"净值", "nav", "value", "数值", "值", "navvalue"}),
}  # fmt: skip
_NAV_RANK = ("adjusted", "cumulative", "unit", "unstated")
_NAV_LABELS = {
    "adjusted": "adjusted (复权净值)",
    "cumulative": "cumulative (累计净值)",
    "unit": "unit (单位净值)",
    "unstated": "NAV, type not stated",
}
_MARKET_NAMES = {
    "close": frozenset({"收盘价", "收盘", "收盘点位", "收盘指数", "close", "closeprice",
                        "closingprice", "adjclose"}),
    "high": frozenset({"最高价", "最高", "最高点位", "high", "highprice"}),
    "low": frozenset({"最低价", "最低", "最低点位", "low", "lowprice"}),
    "open": frozenset({"开盘价", "开盘", "开盘点位", "open", "openprice"}),
    "turnover": frozenset({"换手率", "turnover", "turnoverrate", "turn"}),
    "volume": frozenset({"成交量", "volume", "vol"}),
    "amount": frozenset({"成交额", "成交金额", "amount", "turnovervalue"}),
}  # fmt: skip
_NAV_KIND = {name: kind for kind, names in _NAV_NAMES.items() for name in names}
_MARKET_FIELD = {name: col for col, names in _MARKET_NAMES.items() for name in names}
_PRICE_FIELDS = frozenset({"close", "high", "low", "open"})
_HEADER_SCAN = 30
_PREVIEW_LIMIT = 12


def _norm(cell: Any) -> str:
    if is_blank(cell):
        return ""
    text = str(cell).strip().lower()
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)  # units: 换手率(%), close (CNY)
    return re.sub(r"[\s_\-.:：/]", "", text)


def _role(cell: Any) -> tuple[str, str | None]:
    """(role, detail) of a header cell: date, fund, navtype, nav/<type>, market/<field>, other."""
    key = _norm(cell)
    if not key:
        return "blank", None
    if key in _DATE_NAMES:
        return "date", None
    if key in _FUND_NAMES:
        return "fund", None
    if key in _NAV_TYPE_NAMES:
        return "navtype", None
    if key in _NAV_KIND:
        return "nav", _NAV_KIND[key]
    if key in _MARKET_FIELD:
        return "market", _MARKET_FIELD[key]
    return "other", None


def _nav_kind_of(value: Any) -> str | None:
    """NAV type named in a NAV-type cell (复权净值, cumulative, ...), None if unknown."""
    return _NAV_KIND.get(_norm(value))


# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Issue:
    """One observation (or row) dropped or flagged by an import.

    Attributes
    ----------
    row : int
        Row number in the file (1-based, as a spreadsheet or text editor shows it).
    series : str or None
        The fund or column concerned; None when the whole row is concerned.
    value : str
        The raw cell (shortened), or a description.
    reason : str
        Why, in words.
    """

    row: int
    series: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" ({self.series})" if self.series else "")
        value = f" {self.value!r}" if self.value != "" else ""
        return f"{where}:{value} {self.reason}"


@dataclass
class QualityReport:
    """What an import read, dropped and found.

    Attributes
    ----------
    source : str
        File name (and sheet, for a workbook).
    layout : str
        ``wide``, ``long``, ``single`` or ``market``.
    header_row : int
        Row number of the header row.
    rows_read : int
        Non-blank rows below the header.
    observations : int
        Values kept (non-missing cells of the returned data).
    dropped : list of Issue
        Observations or rows dropped: unreadable or blank dates, text in number cells, blank
        fund names.
    duplicates : list of Issue
        Rows dropped because their date repeats for the same series (the last row is kept).
    non_positive : list of Issue
        NAVs or prices <= 0, dropped.
    stale : dict of str to Timestamp
        Series with no value in the file's last ``stale_weeks`` weeks: their last date.
    gaps : dict of str to (Timestamp, Timestamp)
        Longest gap per series: the two consecutive dates furthest apart.
    nav_types : dict of str to str
        NAV type used per series (adjusted, cumulative, unit, unstated); empty for market data.
    warnings : list of str
        Anything else worth reading (unit NAV only, skipped columns, ...).
    stale_weeks : int
        The staleness horizon used.
    """

    source: str
    layout: str
    header_row: int
    rows_read: int = 0
    observations: int = 0
    first_date: pd.Timestamp | None = None
    last_date: pd.Timestamp | None = None
    series: list[str] = field(default_factory=list)
    dropped: list[Issue] = field(default_factory=list)
    duplicates: list[Issue] = field(default_factory=list)
    non_positive: list[Issue] = field(default_factory=list)
    stale: dict[str, pd.Timestamp] = field(default_factory=dict)
    gaps: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=dict)
    nav_types: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    stale_weeks: int = 4

    @property
    def ok(self) -> bool:
        """True when nothing was dropped and there are no warnings."""
        return not (self.dropped or self.duplicates or self.non_positive or self.warnings)

    def to_text(self, limit: int = _PREVIEW_LIMIT) -> str:
        """The report as plain text (lists cut after ``limit`` entries)."""
        span = (
            f"{self.first_date:%Y-%m-%d} to {self.last_date:%Y-%m-%d}"
            if self.first_date is not None and self.last_date is not None
            else "none"
        )
        lines = [
            f"file: {self.source}",
            f"layout: {self.layout}; header on row {self.header_row}",
            f"rows read: {self.rows_read}; values kept: {self.observations} in "
            f"{len(self.series)} series; dates {span}",
        ]
        kinds = sorted(set(self.nav_types.values()), key=_NAV_RANK.index)
        if kinds:
            text = "; ".join(_nav_types_text(self.nav_types, k) for k in kinds)
            lines.append(f"NAV type: {text}")

        def block(title: str, items: Sequence[object]) -> None:
            if not items:
                lines.append(f"{title}: none")
                return
            lines.append(f"{title}: {len(items)}")
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more")

        block("dropped", self.dropped)
        block("duplicate dates", self.duplicates)
        block("non-positive values", self.non_positive)
        block(
            f"stale series (no value in the last {self.stale_weeks} weeks)",
            [f"{name}: last value {last:%Y-%m-%d}" for name, last in self.stale.items()],
        )
        lines.append("longest gap per series:")
        gap_items = [
            f"{name}: {(end - start).days} days ({start:%Y-%m-%d} to {end:%Y-%m-%d})"
            for name, (start, end) in self.gaps.items()
        ]
        lines.extend(f"  {item}" for item in gap_items[:limit])
        if len(gap_items) > limit:
            lines.append(f"  ... and {len(gap_items) - limit} more")
        if not gap_items:
            lines.append("  none (fewer than two dates per series)")
        block("warnings", self.warnings)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _nav_types_text(types: dict[str, str], kind: str) -> str:
    names = [name for name, k in types.items() if k == kind]
    label = _NAV_LABELS[kind]
    return label if len(names) == len(types) else f"{label} for {', '.join(names)}"


@dataclass
class ImportResult:
    """The data of an import and its quality report.

    Attributes
    ----------
    data : pandas.DataFrame
        Indexed by ``date`` (sorted, unique), one float64 column per series.
    report : QualityReport
        What was read, dropped and found.
    """

    data: pd.DataFrame
    report: QualityReport

    def preview(self, rows: int = 5) -> str:
        """The first and last ``rows`` rows of the data as text."""
        frame = self.data
        if len(frame) > 2 * rows:
            frame = pd.concat([frame.head(rows), frame.tail(rows)])
        with pd.option_context("display.max_columns", 8, "display.width", 100):
            text = frame.to_string(float_format=lambda v: f"{v:.6g}", na_rep="")
        if len(self.data) > 2 * rows:
            lines = text.splitlines()
            lines.insert(len(lines) - rows, "...")
            text = "\n".join(lines)
        return text


# --------------------------------------------------------------------------------------------
# Reading a file into a grid of raw cells.


def _read_grid(path: Path, sheet: str | None) -> tuple[list[Sequence[Any]], str]:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the name and folder.")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file; give a .csv or .xlsx file.")
    check_size(path)
    raw = path.read_bytes()
    name = path.name
    workbook = path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}
    if workbook or raw.startswith((ZIP_SIGNATURE, OLE_SIGNATURE)):
        check_xlsx(raw, name)  # encrypted, old .xls, damaged, not a workbook, zip bomb
        return _read_xlsx(raw, name, sheet)
    if sheet is not None:
        raise OptionError(
            f"sheet={sheet!r} applies to .xlsx workbooks only; {name} is a text (CSV) file: "
            "drop the sheet option."
        )
    return _read_csv(raw, name), name


def _read_xlsx(raw: bytes, name: str, sheet: str | None) -> tuple[list[Sequence[Any]], str]:
    import openpyxl  # defusedxml (a dependency) makes openpyxl parse the XML safely
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
            TypeError, AttributeError, IndexError):  # fmt: skip
        raise InputError(
            f"{name} cannot be read as an .xlsx workbook (damaged, or not really .xlsx); open "
            "it in Excel and save it again, or export a .csv."
        ) from None
    try:
        names = [ws.title for ws in book.worksheets]
        if not names:
            raise InputError(f"{name} has no worksheets; add a sheet with the data.")
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            raise InputError(
                f"{name}: there is no sheet {sheet!r}; the sheets are: {', '.join(names)}."
            )
        ws.reset_dimensions()  # do not trust the stored dimension: read every row
        rows: list[Sequence[Any]] = [tuple(r) for r in ws.iter_rows(values_only=True)]
        return rows, f"{name} [sheet {ws.title}]"
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise InputError(
            f"{name} cannot be read as an .xlsx workbook (damaged); open it in Excel and save "
            "it again, or export a .csv."
        ) from None
    finally:
        book.close()


def _read_csv(raw: bytes, name: str) -> list[Sequence[Any]]:
    if b"\x00" in raw[:4096]:
        raise InputError(
            f"{name} is not a spreadsheet (binary content); give a .csv or .xlsx file."
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise InputError(f"{name} is not a text (CSV) file; give a .csv or .xlsx file.")
    lines = [line for line in text.splitlines()[:60] if line.strip() and not line.startswith("#")]
    delimiter = max(",\t;|", key=lambda d: sum(d in line for line in lines))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise InputError(
            f"{name} is not a readable CSV file (broken quoting); export it again."
        ) from None


# --------------------------------------------------------------------------------------------
def _blank_row(row: Sequence[Any]) -> bool:
    return all(is_blank(cell) for cell in row)


def _cell(row: Sequence[Any], j: int) -> Any:
    return row[j] if j < len(row) else None


def _find_header(rows: list[Sequence[Any]], source: str) -> tuple[int, int]:
    """(index of the header row, index of the date column)."""
    nonblank = [i for i, row in enumerate(rows) if not _blank_row(row)]
    if not nonblank:
        raise InputError(f"{source} is empty; put a header row and data in it.")
    for i in nonblank[:_HEADER_SCAN]:
        for j, cell in enumerate(rows[i]):
            if _role(cell)[0] == "date":
                return i, j
    # A header whose date column is untitled (a Wind export): the first column of dates.
    first = nonblank[0]
    below = [rows[i] for i in nonblank[1:21]]
    for j, cell in enumerate(rows[first]):
        if not is_blank(cell) or not below:
            continue
        readable = 0
        for row in below:
            try:
                readable += not is_blank(_cell(row, j)) and to_date(_cell(row, j)) is not pd.NaT
            except InputError:
                pass
        if readable >= 0.8 * len(below):
            return first, j
    header = ", ".join(repr(str(c)) for c in rows[first][:6] if not is_blank(c))
    raise InputError(
        f"{source}: no date column; the header (row {first + 1}: {header or 'blank'}) needs a "
        "column named 日期 or date."
    )


def _column_name(cell: Any, j: int) -> str:
    text = to_text(cell) if not is_blank(cell) else None
    return text or f"column {_letters(j)}"


def _letters(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class _Records:
    """Observations as parallel arrays (series code, date, value, file row)."""

    series: list[str]
    codes: np.ndarray
    dates: np.ndarray  # datetime64[ns]
    values: np.ndarray
    rows: np.ndarray


class _Reader:
    """One import: holds the grid, the report and the strictness, and builds the records."""

    def __init__(self, rows: list[Sequence[Any]], source: str, strict: bool, stem: str) -> None:
        self.source = source
        self.strict = strict
        self.stem = stem
        self.header_index, self.date_col = _find_header(rows, source)
        self.header = list(rows[self.header_index])
        self.body = rows[self.header_index + 1 :]
        self.first_row = self.header_index + 2  # file row number of body[0]
        self.nonblank = np.array([not _blank_row(r) for r in self.body], dtype=bool)
        self.report = QualityReport(source=source, layout="", header_row=self.header_index + 1)
        self.report.rows_read = int(self.nonblank.sum())
        self.bad_cells: list[tuple[int, int, str, Any]] = []  # (body row, column, name, cell)

    # -- cell columns ---------------------------------------------------------------------
    def column(self, j: int) -> list[Any]:
        return [_cell(row, j) for row in self.body]

    def dates(self) -> np.ndarray:
        """Date per body row (NaT for blank or unreadable; unreadable ones reported)."""
        label = f"{self.source} column {_column_name(self.header[self.date_col], self.date_col)}"
        cells = self.column(self.date_col)
        try:
            return to_dates(cells, label, self.first_row).as_unit("ns").to_numpy()
        except InputError:
            if self.strict:
                raise
        out = np.full(len(cells), np.datetime64("NaT", "ns"))
        bad: list[tuple[int, Any, InputError]] = []
        for i, cell in enumerate(cells):
            try:
                stamp = to_date(cell, label, i + self.first_row)
            except InputError as exc:
                bad.append((i, cell, exc))
                continue
            if stamp is not pd.NaT:
                out[i] = stamp.as_unit("ns").to_datetime64()
        nonblank_dates = sum(not is_blank(c) for c in cells)
        if len(bad) * 2 > nonblank_dates:
            first = bad[0][2]
            raise InputError(
                f"{str(first).rstrip('.')} ({len(bad)} of {nonblank_dates} dates in the file are "
                "unreadable)."
            )
        for i, cell, _exc in bad:
            if self.nonblank[i]:
                self.report.dropped.append(
                    Issue(i + self.first_row, None, _short(cell), "unreadable date: row dropped")
                )
        return out

    def numbers(self, j: int, series: str) -> np.ndarray | None:
        """Numbers of column j (NaN for blank or bad cells, bad ones reported); None when the
        column holds no number at all but has text (a notes column)."""
        label = f"{self.source} column {series}"
        cells = self.column(j)
        try:
            return to_numbers(cells, label, self.first_row)
        except InputError as exc:
            error = exc
        out = np.full(len(cells), np.nan)
        bad: list[tuple[int, Any]] = []
        for i, cell in enumerate(cells):
            try:
                out[i] = to_number(cell, label, i + self.first_row)
            except InputError:
                bad.append((i, cell))
        if np.isnan(out).all():  # no number at all: not a data column, whatever the mode
            i, cell = bad[0]
            self.report.warnings.append(
                f"column {series} holds no numbers (row {i + self.first_row}: "
                f"{_short(cell)!r}); it was skipped"
            )
            return None
        if self.strict:
            raise error
        self.bad_cells.extend((i, j, series, cell) for i, cell in bad)
        return out

    def report_bad_cells(self, dates: np.ndarray, funds: Sequence[str | None] = ()) -> None:
        """Report the text cells found by :meth:`numbers` (long layout: under the fund's name)."""
        for i, _j, column, cell in self.bad_cells:
            if np.isnat(dates[i]):
                continue  # the whole row is already reported
            fund = funds[i] if funds else None
            what = "an Excel error" if str(cell).strip().startswith("#") else "not a number"
            reason = f"{what}: value dropped"
            if fund is not None:
                reason = f"{what} in column {column}: value dropped"
            self.report.dropped.append(
                Issue(i + self.first_row, fund or column, _short(cell), reason)
            )

    def blank_dates(self, dates: np.ndarray, value_cols: Sequence[int]) -> None:
        """Report rows whose date is blank but which hold values."""
        for i in np.flatnonzero(np.isnat(dates) & self.nonblank):
            row = self.body[i]
            if is_blank(_cell(row, self.date_col)) and any(
                not is_blank(_cell(row, j)) for j in value_cols
            ):
                if self.strict:
                    raise InputError(
                        f"{self.source}: row {i + self.first_row} has values but a blank date; "
                        "give the date or clear the row."
                    )
                self.report.dropped.append(
                    Issue(int(i) + self.first_row, None, "", "blank date: row dropped")
                )


def _short(cell: Any) -> str:
    text = str(cell).strip()
    return text[:40] + "…" if len(text) > 40 else text


# --------------------------------------------------------------------------------------------
def _build_wide(reader: _Reader, columns: list[tuple[int, str]], layout: str) -> _Records:
    dates = reader.dates()
    reader.blank_dates(dates, [j for j, _ in columns])
    series, codes, values, idx = [], [], [], []
    for j, name in columns:
        column = reader.numbers(j, name)
        if column is None:
            continue
        keep = ~np.isnat(dates) & ~np.isnan(column)
        series.append(name)
        codes.append(np.full(int(keep.sum()), len(series) - 1))
        values.append(column[keep])
        idx.append(np.flatnonzero(keep))
    reader.report_bad_cells(dates)
    reader.report.layout = layout
    return _records(reader, dates, series, codes, values, idx)


def _records(
    reader: _Reader,
    dates: np.ndarray,
    series: list[str],
    codes: list[np.ndarray],
    values: list[np.ndarray],
    idx: list[np.ndarray],
) -> _Records:
    if not series or not any(len(v) for v in values):
        raise InputError(_nothing_usable(reader))
    at = np.concatenate(idx)
    return _Records(
        series=series,
        codes=np.concatenate(codes).astype(np.int64),
        dates=dates[at],
        values=np.concatenate(values),
        rows=at + reader.first_row,
    )


def _nothing_usable(reader: _Reader) -> str:
    rep = reader.report
    problems = sorted(rep.dropped + rep.non_positive, key=lambda issue: issue.row)
    skipped = [w for w in rep.warnings if "holds no numbers" in w]
    if problems:
        return (
            f"{reader.source}: no usable data: all values were dropped ({len(problems)} "
            f"problems, first: {problems[0]}); fix those cells."
        )
    if skipped:
        return f"{reader.source}: no usable data: {skipped[0]}; NAV columns must hold numbers."
    return (
        f"{reader.source}: no usable data below the header (row {rep.header_row}): no row has "
        "both a date and a number; check the file's columns."
    )


def _build_long(
    reader: _Reader, fund_col: int, nav_cols: list[tuple[int, str]], type_col: int | None
) -> _Records:
    dates = reader.dates()
    label = f"{reader.source} column {_column_name(reader.header[fund_col], fund_col)}"
    funds: list[str | None] = []
    for i, cell in enumerate(reader.column(fund_col)):
        try:
            funds.append(to_text(cell, label, i + reader.first_row))
        except InputError:
            if reader.strict:
                raise
            funds.append(None)
    value_cols = [j for j, _ in nav_cols]
    reader.blank_dates(dates, value_cols)
    # candidate (fund, kind) values per row
    kinds: list[tuple[str, np.ndarray]] = []
    row_kinds: list[str] = []  # NAV type named on each row (with a NAV-type column)
    if type_col is not None:
        j, _ = nav_cols[0]
        column = reader.numbers(j, _column_name(reader.header[j], j))
        row_kinds = [_nav_kind_of(c) or "unstated" for c in reader.column(type_col)]
        if column is not None:
            for kind in _NAV_RANK:
                mask = np.array([k == kind for k in row_kinds])
                if mask.any():
                    kinds.append((kind, np.where(mask, column, np.nan)))
    else:
        for j, kind in nav_cols:
            column = reader.numbers(j, _column_name(reader.header[j], j))
            if column is None:
                continue
            kinds.append((kind, column))
    has_values = np.zeros(len(dates), dtype=bool)
    for _, column in kinds:
        has_values |= ~np.isnan(column)
    for i in np.flatnonzero(has_values & ~np.isnat(dates)).tolist():
        if funds[i] is None:
            cell = _cell(reader.body[i], fund_col)
            reader.report.dropped.append(
                Issue(
                    i + reader.first_row,
                    None,
                    "" if is_blank(cell) else _short(cell),
                    "blank or unreadable fund name: row dropped",
                )
            )
    valid = ~np.isnat(dates) & np.array([f is not None for f in funds], dtype=bool)
    order: dict[str, int] = {}
    for i in np.flatnonzero(valid & has_values).tolist():
        order.setdefault(funds[i], len(order))  # type: ignore[arg-type]
    series = list(order)
    fund_codes = np.array([order.get(f, -1) if f is not None else -1 for f in funds])
    codes, values, idx = [], [], []
    for k, name in enumerate(series):
        mine = valid & (fund_codes == k)
        for kind, column in sorted(kinds, key=lambda kc: _NAV_RANK.index(kc[0])):
            keep = mine & ~np.isnan(column)
            if keep.any():
                reader.report.nav_types[name] = kind
                codes.append(np.full(int(keep.sum()), k))
                values.append(column[keep])
                idx.append(np.flatnonzero(keep))
                break
    # A bad cell in a NAV type the fund does not use (a text 单位净值 cell of a fund whose
    # 累计净值 is used) drops nothing: report only those of the type used (or of a fund with
    # no usable value at all, whose bad cells say why).
    column_kinds = dict(nav_cols)
    used = reader.report.nav_types
    reader.bad_cells = [
        (i, j, column, cell)
        for i, j, column, cell in reader.bad_cells
        if (fund := funds[i]) is None
        or fund not in used
        or used[fund] == (row_kinds[i] if type_col is not None else column_kinds[j])
    ]
    reader.report_bad_cells(dates, funds)
    reader.report.layout = "long"
    return _records(reader, dates, series, codes, values, idx)


def _build_single(reader: _Reader, nav_cols: list[tuple[int, str]]) -> _Records:
    dates = reader.dates()
    reader.blank_dates(dates, [j for j, _ in nav_cols])
    best: tuple[str, np.ndarray] | None = None
    for j, kind in sorted(nav_cols, key=lambda jk: _NAV_RANK.index(jk[1])):
        column = reader.numbers(j, _column_name(reader.header[j], j))
        if column is not None and (~np.isnan(column) & ~np.isnat(dates)).any():
            best = (kind, column)
            break
    reader.report_bad_cells(dates)
    reader.report.layout = "single"
    if best is None:
        raise InputError(_nothing_usable(reader))
    kind, column = best
    reader.report.nav_types[reader.stem] = kind
    keep = ~np.isnat(dates) & ~np.isnan(column)
    return _records(
        reader, dates, [reader.stem], [np.zeros(int(keep.sum()))], [column[keep]],
        [np.flatnonzero(keep)],
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
def _clean_records(
    records: _Records, report: QualityReport, positive: set[str], strict: bool = False
) -> _Records:
    """Drop values <= 0 (where positive) and duplicate dates per series (keep the last row);
    with ``strict``, the first of either is an error instead."""
    names = np.array(records.series, dtype=object)
    check = np.isin(names[records.codes], list(positive)) if positive else None
    if check is not None:
        bad = check & (records.values <= 0)
        for k in np.flatnonzero(bad):
            if strict:
                raise InputError(
                    f"{report.source} column {names[records.codes[k]]}: row "
                    f"{int(records.rows[k])} is {records.values[k]:g}; a NAV or price must be "
                    "> 0: correct it or clear the cell."
                )
            report.non_positive.append(
                Issue(
                    int(records.rows[k]),
                    records.series[records.codes[k]],
                    f"{records.values[k]:g}",
                    "must be > 0: value dropped",
                )
            )
        records = _subset(records, ~bad)
    order = np.lexsort((records.rows, records.dates, records.codes))
    records = _subset(records, order)
    same = (records.codes[1:] == records.codes[:-1]) & (records.dates[1:] == records.dates[:-1])
    drop = np.zeros(len(records.values), dtype=bool)
    drop[:-1] = same  # the earlier of two rows with the same series and date
    for k in np.flatnonzero(drop):
        if strict:
            raise InputError(
                f"{report.source} column {records.series[records.codes[k]]}: the date "
                f"{pd.Timestamp(records.dates[k]):%Y-%m-%d} appears on rows "
                f"{int(records.rows[k])} and {int(records.rows[k + 1])}; keep one row per date."
            )
        last = k + 1
        while drop[last]:
            last += 1
        kept_row, kept_value = int(records.rows[last]), records.values[last]
        differs = records.values[k] != kept_value
        report.duplicates.append(
            Issue(
                int(records.rows[k]),
                records.series[records.codes[k]],
                f"{records.values[k]:g}",
                f"date {pd.Timestamp(records.dates[k]):%Y-%m-%d} repeats on row {kept_row}"
                + (f" with a different value {kept_value:g}" if differs else " (same value)")
                + f"; kept row {kept_row}",
            )
        )
    return _subset(records, ~drop)


def _subset(records: _Records, which: np.ndarray) -> _Records:
    return _Records(
        records.series,
        records.codes[which],
        records.dates[which],
        records.values[which],
        records.rows[which],
    )


def _to_frame(records: _Records) -> pd.DataFrame:
    dates, inverse = np.unique(records.dates, return_inverse=True)
    data = np.full((len(dates), len(records.series)), np.nan)
    data[inverse, records.codes] = records.values
    frame = pd.DataFrame(data, index=pd.DatetimeIndex(dates, name="date"), columns=records.series)
    return frame.loc[:, frame.notna().any()]


def _finish_report(report: QualityReport, frame: pd.DataFrame, stale_weeks: int) -> None:
    for issues in (report.dropped, report.duplicates, report.non_positive):
        issues.sort(key=lambda issue: (issue.row, issue.series or ""))
    report.series = list(frame.columns)
    report.observations = int(frame.notna().to_numpy().sum())
    report.first_date, report.last_date = frame.index[0], frame.index[-1]
    report.stale_weeks = stale_weeks
    horizon = frame.index[-1] - pd.Timedelta(weeks=stale_weeks)
    for name in frame.columns:
        dates = frame.index[frame[name].notna().to_numpy()]
        if len(dates) and dates[-1] <= horizon:
            report.stale[name] = dates[-1]
        if len(dates) >= 2:
            steps = np.diff(dates.asi8)
            k = int(np.argmax(steps))
            report.gaps[name] = (dates[k], dates[k + 1])
    unit_only = [name for name, kind in report.nav_types.items() if kind == "unit"]
    if unit_only:
        report.warnings.append(
            "only the unit NAV (单位净值) exists for "
            + ", ".join(unit_only)
            + "; it drops at every dividend, so returns across a dividend are wrong: "
            "use 复权净值 or 累计净值 if you can get them"
        )
    if report.layout == "market":
        _check_ohlc(frame, report)


def _check_ohlc(frame: pd.DataFrame, report: QualityReport) -> None:
    if not {"close", "high", "low"} <= set(frame.columns):
        return
    bad = (frame["low"] > frame["close"]) | (frame["close"] > frame["high"])
    if bad.any():
        first = frame.index[bad.to_numpy()][0]
        report.warnings.append(
            f"{int(bad.sum())} rows have the close outside [low, high] (first "
            f"{first:%Y-%m-%d}); check the column order"
        )


# --------------------------------------------------------------------------------------------
def import_file(
    path: str | Path,
    sheet: str | None = None,
    *,
    stale_weeks: int = 4,
    strict: bool = False,
) -> ImportResult:
    """Read a CSV or XLSX file of NAVs or market data into a clean frame and a quality report.

    Wide (date + one column per fund), long (fund, date, NAV columns or NAV type + value),
    single-fund (date + NAV-type columns) and market (date + 收盘价/最高价/最低价/换手率 ...)
    layouts; English or Chinese headers; the file is never modified.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (UTF-8 or GBK, comma/semicolon/tab separated) or ``.xlsx`` file.
    sheet : str, optional
        Worksheet of an ``.xlsx`` workbook; default: the first sheet.
    stale_weeks : int
        A series is reported stale when it has no value in the file's last ``stale_weeks``
        weeks.
    strict : bool
        If True, the first bad cell (unreadable date, text in a number column, NAV <= 0,
        duplicate date) raises instead of being dropped and reported.

    Returns
    -------
    ImportResult
        ``data``: DataFrame indexed by ``date`` (sorted, unique), one float64 column per series,
        NaN where a series has no value; ``report``: a :class:`QualityReport`.

    Raises
    ------
    InputError
        Not a spreadsheet, encrypted or damaged workbook, empty sheet, no date column, mostly
        unreadable dates, or nothing usable; the message names the file, sheet and row.

    Notes
    -----
    NAV choice per fund: 复权净值 > 累计净值 > 单位净值 (a warning when only the unit NAV exists,
    since it drops at dividends). Rows with an unreadable date and cells with text where a
    number belongs are dropped; NAVs and prices must be > 0; a repeated date keeps the file's
    last row for that series. Every dropped value is listed in the report with its row number.

    Examples
    --------
    >>> from fofxl.importers import import_file
    >>> from fofxl.demo_data import demo_path
    >>> result = import_file(demo_path("t0_pool"))
    >>> result.report.layout, result.data.shape[1]
    ('wide', 9)
    """
    path = Path(path)
    if isinstance(stale_weeks, bool) or not isinstance(stale_weeks, int) or stale_weeks < 1:
        raise OptionError(f"stale_weeks={stale_weeks!r} must be a whole number >= 1, e.g. 4.")
    rows, source = _read_grid(path, sheet)
    reader = _Reader(rows, source, strict, path.stem)
    roles = [(j, *_role(cell)) for j, cell in enumerate(reader.header) if j != reader.date_col]
    fund_cols = [j for j, role, _ in roles if role == "fund"]
    type_cols = [j for j, role, _ in roles if role == "navtype"]
    nav_cols = [(j, kind) for j, role, kind in roles if role == "nav" and kind is not None]
    market_cols = [(j, name) for j, role, name in roles if role == "market" and name is not None]
    positive: set[str]
    if fund_cols:
        if type_cols:
            values = [(j, k) for j, k in nav_cols if k == "unstated"] or nav_cols
            if not values:
                raise InputError(
                    f"{source}: the header (row {reader.report.header_row}) has a NAV-type column "
                    "but no value column; name it 净值 or nav."
                )
            records = _build_long(reader, fund_cols[0], values[:1], type_cols[0])
        elif nav_cols:
            records = _build_long(reader, fund_cols[0], nav_cols, None)
        else:
            raise InputError(
                f"{source}: the header (row {reader.report.header_row}) has a fund column but no "
                "NAV column; name it 复权净值, 累计净值, 单位净值 or nav."
            )
        positive = set(records.series)
    elif nav_cols:
        records = _build_single(reader, nav_cols)
        positive = set(records.series)
    elif market_cols:
        records = _build_wide(reader, market_cols, "market")
        positive = set(_PRICE_FIELDS)
    else:
        columns = [
            (j, _column_name(cell, j))
            for j, cell in enumerate(reader.header)
            if j != reader.date_col
            and not (is_blank(cell) and all(is_blank(c) for c in reader.column(j)))
        ]
        records = _build_wide(reader, columns, "wide")
        positive = set(records.series)
        for name in records.series:
            reader.report.nav_types[name] = "unstated"
    records = _clean_records(records, reader.report, positive, strict)
    if not len(records.values):
        raise InputError(_nothing_usable(reader))
    frame = _to_frame(records)
    reader.report.nav_types = {
        k: v for k, v in reader.report.nav_types.items() if k in frame.columns
    }
    kind: Kind = "value" if reader.report.layout == "market" else "nav"
    frame = as_frame(frame, name=source, kind=kind)  # the shared invariants, checked once more
    _finish_report(reader.report, frame, stale_weeks)
    return ImportResult(frame, reader.report)
