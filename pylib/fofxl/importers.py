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

__all__ = ["ImportResult", "Issue", "QualityReport", "import_file", "import_rows"]

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
     "代码", "证券简称", "证券代码", "股票代码", "指数代码", "指数名称", "指数简称", "股票名称",
     "fund", "fundname", "name", "product", "productname", "code", "fundcode", "ticker",
     "series", "seriesname", "portfolio", "symbol"}
)  # fmt: skip
#: A platform's own period return (天天基金's 日增长率 is often "1.11%" text): never a NAV.
_GROWTH_NAMES = frozenset(
    {"日增长率", "增长率", "日涨跌幅", "涨跌幅", "净值增长率", "日收益率", "收益率", "dailygrowth",
     "dailyreturn", "growth", "growthrate", "pctchange", "pctchg", "changepct", "return"}
)  # fmt: skip
_DIVIDEND_NAMES = frozenset(
    {"分红送配", "分红", "分红送转", "分红信息", "分红拆分", "分红配送", "每份分红", "分红金额",
     "dividend", "dividends", "distribution", "distributions"}
)  # fmt: skip
#: Words inside brackets that make a 累计净值 header an adjusted NAV (私募排排网's
#: "累计净值(分红再投资)").
_REINVESTED_WORDS = ("分红再投", "再投资", "复权", "reinvest", "adjusted")
#: Untitled or pandas-made headers of a date column (``df.reset_index().to_csv()``).
_INDEX_HEADERS = frozenset({"", "index", "unnamed0", "level0"})
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
_NAV_RANK = ("adjusted", "built", "unit_growth", "growth", "cumulative", "unit", "unstated")
#: The file's NAV types each chosen kind reads (for reporting bad cells of the used ones).
_NAV_USES = {"built": ("unit", "cumulative"), "unit_growth": ("unit",), "growth": ("unit",)}
_NAV_LABELS = {
    "adjusted": "adjusted (复权净值)",
    "built": "adjusted NAV built from 单位净值 and 累计净值 (SPEC §12)",
    "unit_growth": "adjusted NAV built from 单位净值 and 日增长率",
    "growth": "adjusted NAV compounded from 日增长率",
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
    """(role, detail) of a header cell: date, fund, navtype, nav/<type>, market/<field>,
    growth, dividend, other."""
    key = _norm(cell)
    if not key:
        return "blank", None
    if key in _DATE_NAMES:
        return "date", None
    if key in _FUND_NAMES:
        return "fund", None
    if key in _NAV_TYPE_NAMES:
        return "navtype", None
    if key in _GROWTH_NAMES:
        return "growth", None
    if key in _DIVIDEND_NAMES:
        return "dividend", None
    if key in _NAV_KIND:
        kind = _NAV_KIND[key]
        raw = str(cell).lower()
        if kind in ("cumulative", "unit") and any(w in raw for w in _REINVESTED_WORDS):
            return "nav", "adjusted"  # 累计净值(分红再投资): dividends reinvested
        return "nav", kind
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
        Anything else worth reading (unit NAV only, skipped columns, a fallback of the adjusted
        NAV, back-filled rows, ...).
    stale_weeks : int
        The staleness horizon used.
    notes : list of str
        What was found and done that needs no action (an adjusted NAV built and checked, the
        dividends a column lists, columns not used, header rows combined).
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
    notes: list[str] = field(default_factory=list)

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
        block("notes", self.notes)
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
        if _norm(cell) not in _INDEX_HEADERS or not below:
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


def _is_label(cell: Any) -> bool:
    """A header-like cell: text that is neither a number nor a date."""
    if not isinstance(cell, str) or is_blank(cell):
        return False
    try:
        to_number(cell)
        return False
    except InputError:
        pass
    try:
        return to_date(cell) is pd.NaT
    except InputError:
        return True


def _is_description(row: Sequence[Any], date_col: int) -> bool:
    """A row describing the columns under a Wind header (频率 | 日 | 日, 单位 | 点 | 元)."""
    first = _cell(row, date_col)
    if not _is_label(first):
        return False
    return all(_is_label(c) for j, c in enumerate(row) if j != date_col and not is_blank(c))


def _is_sub_header(row: Sequence[Any], date_col: int) -> bool:
    """A second header row under the first (日期 merged down over two rows, 净值 merged over
    单位净值 | 累计净值): blank under the date, and only labels elsewhere."""
    if not is_blank(_cell(row, date_col)):
        return False
    cells = [c for j, c in enumerate(row) if j != date_col and not is_blank(c)]
    return bool(cells) and all(_is_label(c) for c in cells)


def _combine_headers(
    top: Sequence[Any], sub: Sequence[Any], date_col: int
) -> tuple[list[Any], list[tuple[str, list[str]]]]:
    """One header from two rows: a column's own name is the lower cell when it has one (a
    merged upper cell spans the blanks after it), else the upper cell. Upper cells that are
    not NAV words (净值, nav) group the columns under them: returned as (group, names)."""
    width = max(len(top), len(sub))
    header: list[Any] = []
    groups: dict[str, list[str]] = {}
    over: Any = None
    for j in range(width):
        t, b = _cell(top, j), _cell(sub, j)
        if j == date_col:
            header.append(t)
            over = None
            continue
        if not is_blank(t):
            over = t
        if is_blank(b):
            header.append(t)
            continue
        header.append(b)
        if over is not None and _role(over)[0] not in ("nav", "date"):
            groups.setdefault(str(over).strip(), []).append(str(b).strip())
    return header, list(groups.items())


def _groups_above(
    rows: list[Sequence[Any]], header_index: int, date_col: int
) -> list[tuple[str, list[str]]]:
    """A group row just above the header (股票型 merged over two funds): (group, names)."""
    above = header_index - 1
    if above < 0 or _blank_row(rows[above]) or not is_blank(_cell(rows[above], date_col)):
        return []
    row, header = rows[above], rows[header_index]
    labels = [(j, c) for j, c in enumerate(row) if not is_blank(c)]
    if len(labels) < 1 or not all(_is_label(c) for _, c in labels) or labels[0][0] <= date_col:
        return []
    groups: dict[str, list[str]] = {}
    over: Any = None
    for j in range(len(header)):
        if j == date_col:
            continue
        if not is_blank(_cell(row, j)):
            over = _cell(row, j)
        if over is not None and not is_blank(_cell(header, j)):
            groups.setdefault(str(over).strip(), []).append(str(_cell(header, j)).strip())
    return list(groups.items())


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
        self.report = QualityReport(source=source, layout="", header_row=self.header_index + 1)
        groups = _groups_above(rows, self.header_index, self.date_col)
        below = self.header_index + 1
        if below < len(rows) and _is_sub_header(rows[below], self.date_col):
            self.header, more = _combine_headers(self.header, rows[below], self.date_col)
            groups += more
            named = [
                _column_name(c, j)
                for j, c in enumerate(self.header)
                if j != self.date_col and not is_blank(c)
            ]
            self.report.notes.append(
                f"header on rows {self.header_index + 1} and {below + 1} (the second names "
                f"the columns): {', '.join(named)}"
            )
            below += 1
        if groups:
            self.report.notes.append(
                "series grouped by the header: "
                + "; ".join(f"{g}: {', '.join(names)}" for g, names in groups)
            )
        described = []
        while below < len(rows) and _is_description(rows[below], self.date_col):
            described.append(str(_cell(rows[below], self.date_col)).strip())
            below += 1
        if described:
            self.report.notes.append(
                f"rows {below - len(described) + 1} to {below} describe the columns "
                f"({', '.join(described)}): not data, skipped"
                if len(described) > 1
                else f"row {below} describes the columns ({described[0]}): not data, skipped"
            )
        self.body = rows[below:]
        self.first_row = below + 1  # file row number of body[0]
        self.nonblank = np.array([not _blank_row(r) for r in self.body], dtype=bool)
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
            if not self.nonblank[i]:
                continue
            if all(
                _is_label(c) or is_blank(c)
                for j, c in enumerate(self.body[i])
                if j != self.date_col
            ):
                self.report.notes.append(
                    f"row {i + self.first_row} is not data ({_short(cell)!r}): skipped"
                )
                continue
            self.report.dropped.append(
                Issue(i + self.first_row, None, _short(cell), "unreadable date: row dropped")
            )
        return out

    def numbers(self, j: int, series: str, nav: bool = False) -> np.ndarray | None:
        """Numbers of column j (NaN for blank or bad cells, bad ones reported); None when the
        column holds no number at all but has text (a notes column), or, for a NAV column
        (``nav``), only percentages like ``1.11%`` (a growth rate, never a NAV)."""
        label = f"{self.source} column {series}"
        cells = self.column(j)
        percent = [i for i, c in enumerate(cells) if nav and _is_percent(c)]
        if not percent:
            try:
                return to_numbers(cells, label, self.first_row)
            except InputError as exc:
                error = exc
        else:
            error = InputError(
                f"{label}: row {percent[0] + self.first_row} is the percentage "
                f"{_short(cells[percent[0]])!r}; a NAV is not a percentage: give the NAV, or "
                "name the column 日增长率 if it holds growth rates."
            )
        out = np.full(len(cells), np.nan)
        bad: list[tuple[int, Any]] = []
        skip = set(percent)
        for i, cell in enumerate(cells):
            if i in skip:
                bad.append((i, cell))
                continue
            try:
                out[i] = to_number(cell, label, i + self.first_row)
            except InputError:
                bad.append((i, cell))
        if np.isnan(out).all():  # no number at all: not a data column, whatever the mode
            i, cell = bad[0]
            what = "percentages, not NAVs" if percent else "no numbers"
            self.report.warnings.append(
                f"column {series} holds {what} (row {i + self.first_row}: "
                f"{_short(cell)!r}); it was skipped"
            )
            return None
        if self.strict:
            raise error
        self.bad_cells.extend((i, j, series, cell) for i, cell in bad)
        return out

    def texts(self, j: int) -> list[tuple[int, str]]:
        """(body row, text) of the non-blank cells of column j."""
        return [(i, str(c).strip()) for i, c in enumerate(self.column(j)) if not is_blank(c)]

    def report_bad_cells(self, dates: np.ndarray, funds: Sequence[str | None] = ()) -> None:
        """Report the text cells found by :meth:`numbers` (long layout: under the fund's name)."""
        for i, _j, column, cell in self.bad_cells:
            if np.isnat(dates[i]):
                continue  # the whole row is already reported
            fund = funds[i] if funds else None
            what = "an Excel error" if str(cell).strip().startswith("#") else "not a number"
            if _is_percent(cell):
                what = "a percentage, not a NAV"
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


def _is_percent(cell: Any) -> bool:
    return isinstance(cell, str) and cell.strip().endswith(("%", "％"))


def _short(cell: Any) -> str:
    text = str(cell).strip()
    return text[:40] + "…" if len(text) > 40 else text


# --------------------------------------------------------------------------------------------
def _build_wide(reader: _Reader, columns: list[tuple[int, str]], layout: str) -> _Records:
    dates = reader.dates()
    reader.blank_dates(dates, [j for j, _ in columns])
    series, codes, values, idx = [], [], [], []
    for j, name in columns:
        column = reader.numbers(j, name, nav=layout == "wide")
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


@dataclass
class _Extras:
    """The columns beside the NAVs that say how to read them: a 日增长率 (growth per body
    row, as the cells give it) and a 分红送配 (dividend texts)."""

    growth: np.ndarray | None = None
    growth_name: str = ""
    growth_percent: bool = False  # the cells were percent text, or the header says (%)
    dividends: list[tuple[int, str]] = field(default_factory=list)
    dividend_name: str = ""


def _extras(reader: _Reader, growth_col: int | None, dividend_col: int | None) -> _Extras:
    extras = _Extras()
    if growth_col is not None:
        name = _column_name(reader.header[growth_col], growth_col)
        strict, reader.strict = reader.strict, False  # a bad growth cell is only unchecked
        before = len(reader.bad_cells)
        column = reader.numbers(growth_col, name)
        reader.bad_cells = reader.bad_cells[:before]
        reader.strict = strict
        if column is not None:
            cells = reader.column(growth_col)
            extras.growth = column
            extras.growth_name = name
            extras.growth_percent = any(_is_percent(c) for c in cells)
            if not extras.growth_percent and re.search(r"[%％]", str(reader.header[growth_col])):
                extras.growth = column / 100.0
                extras.growth_percent = True
    if dividend_col is not None:
        extras.dividend_name = _column_name(reader.header[dividend_col], dividend_col)
        extras.dividends = reader.texts(dividend_col)
    return extras


def _half_unit(*columns: np.ndarray) -> float:
    """Half a unit of the last decimal the NAVs are printed with (0.00005 for 4 decimals)."""
    values = np.concatenate([c[~np.isnan(c)] for c in columns]) if columns else np.array([])
    for digits in range(9):
        scaled = values * 10.0**digits
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-6 * np.maximum(1.0, np.abs(scaled))):
            return 0.5 * 10.0**-digits
    return 0.0


def _by_date(dates: np.ndarray, rows: np.ndarray, column: np.ndarray) -> pd.Series:
    """Values of ``rows`` by date, sorted; a repeated date keeps the file's last row (as
    :func:`_clean_records` does)."""
    frame = pd.Series(column[rows], index=pd.DatetimeIndex(dates[rows]))
    frame = frame[~frame.index.duplicated(keep="last")]
    return frame.sort_index(kind="stable")


def _fund_nav(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    mine: np.ndarray,
    columns: dict[str, np.ndarray],
    extras: _Extras,
) -> tuple[np.ndarray, str] | None:
    """The NAV to use for one fund, per body row (NaN elsewhere), and its kind.

    复权净值 as given; else, with 单位净值 and 累计净值 (or a 日增长率), the adjusted NAV built
    by :func:`fofxl.adjnav.build_adjusted` (SPEC §12); else 累计净值, 单位净值 or an unstated
    NAV, with a warning for the first two.
    """

    def rows_of(kind: str) -> np.ndarray | None:
        column = columns.get(kind)
        if column is None:
            return None
        keep = mine & ~np.isnan(column) & ~np.isnat(dates)
        return keep if keep.any() else None

    _note_dividends(reader.report, name, dates, mine, extras)
    adjusted = rows_of("adjusted")
    if adjusted is not None:
        return np.where(adjusted, columns["adjusted"], np.nan), "adjusted"
    unit, cumulative = rows_of("unit"), rows_of("cumulative")
    growth = None
    if extras.growth is not None:
        growth = mine & ~np.isnan(extras.growth) & ~np.isnat(dates)
        growth = growth if growth.any() else None
    if unit is not None and (cumulative is not None or growth is not None):
        built = _build_fund(reader, name, dates, unit, cumulative, growth, columns, extras)
        if built is not None:
            values, kind = built
            return values, "unit" if kind == "unit_fallback" else kind
    for kind in ("cumulative", "unit", "unstated"):
        keep = rows_of(kind)
        if keep is not None:
            return np.where(keep, columns[kind], np.nan), kind
    return None


def _build_fund(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    unit_rows: np.ndarray,
    cumulative_rows: np.ndarray | None,
    growth_rows: np.ndarray | None,
    columns: dict[str, np.ndarray],
    extras: _Extras,
) -> tuple[np.ndarray, str] | None:
    from .adjnav import GROWTH_ROUNDING, build_adjusted

    rep = reader.report
    usable = {}
    for kind, rows in (("unit", unit_rows), ("cumulative", cumulative_rows)):
        if rows is None:
            continue
        column = columns[kind]
        bad = rows & (column <= 0)
        for i in np.flatnonzero(bad).tolist():
            rep.non_positive.append(
                Issue(i + reader.first_row, name, f"{column[i]:g}", "must be > 0: value dropped")
            )
        usable[kind] = rows & ~bad
    if not usable["unit"].any():
        return None
    u = _by_date(dates, np.flatnonzero(usable["unit"]), columns["unit"])
    a = None
    if "cumulative" in usable and usable["cumulative"].any():
        a = _by_date(dates, np.flatnonzero(usable["cumulative"]), columns["cumulative"])
    g = None
    if growth_rows is not None and extras.growth is not None:
        g = _by_date(dates, np.flatnonzero(growth_rows), extras.growth)
        if not extras.growth_percent:
            g = g * _growth_scale(reader, name, u, g, extras)
    half = _half_unit(u.to_numpy(), *([a.to_numpy()] if a is not None else []))
    build = build_adjusted(u, a, g, half)
    days = ", ".join(f"{d:%Y-%m-%d}" for d in build.replaced[:_PREVIEW_LIMIT])
    more = f" and {len(build.replaced) - _PREVIEW_LIMIT} more" if len(build.replaced) > 12 else ""
    gname = extras.growth_name or "日增长率"
    if build.first_fall is not None:
        row = _first_row_of(reader, dates, unit_rows, build.first_fall)
        why = (
            f"{name}: 累计净值 − 单位净值 (the dividends paid) falls on "
            f"{build.first_fall:%Y-%m-%d} (row {row}): a share conversion, another share "
            "class or bad data, so no adjusted NAV is built from them; "
        )
        if build.source == "growth":
            rep.warnings.append(why + f"the compounded {gname} is used instead")
            return _on_rows(dates, unit_rows, build.nav), "growth"
        rep.warnings.append(
            why + "the unit NAV (单位净值) is used instead, and it drops at every dividend: "
            "get the fund's 复权净值"
        )
        return np.where(usable["unit"], columns["unit"], np.nan), "unit_fallback"
    if build.source == "built":
        text = f"{name}: adjusted NAV built from 单位净值 and 累计净值, r = (A_t − A_t−1) / U_t−1"
        if build.checked:
            text += f"; {build.checked} returns checked against {gname}"
        rep.notes.append(text)
        if build.replaced:
            rep.warnings.append(
                f"{name}: the built return differs from {gname} by more than its "
                f"{GROWTH_ROUNDING:.2%} rounding on {len(build.replaced)} date"
                f"{'s' if len(build.replaced) != 1 else ''} ({days}{more}), as at a share "
                f"conversion: the {gname} return is used there; check those rows"
            )
    else:  # unit_growth
        rep.notes.append(
            f"{name}: adjusted NAV from 单位净值 returns and {gname}, used on "
            f"{len(build.replaced)} date{'s' if len(build.replaced) != 1 else ''} where they "
            f"differ (dividends){': ' + days + more if days else ''}"
        )
    return _on_rows(dates, unit_rows, build.nav), build.source


def _growth_scale(
    reader: _Reader, name: str, unit: pd.Series, growth: pd.Series, extras: _Extras
) -> float:
    """Plain numbers in a 日增长率 column: fractions (0.0111) or percent (1.11)? The one that
    matches the unit NAV's own returns on most days; said in the notes when percent."""
    returns = unit.pct_change().iloc[1:]
    common = growth.reindex(returns.index).dropna()
    if not len(common):
        return 1.0
    r = returns.loc[common.index].to_numpy()
    as_fraction = np.median(np.abs(common.to_numpy() - r))
    as_percent = np.median(np.abs(common.to_numpy() / 100.0 - r))
    if as_percent < as_fraction:
        note = f"column {extras.growth_name}: numbers read as percent (1.11 = 1.11%)"
        if note not in reader.report.notes:
            reader.report.notes.append(note)
        return 0.01
    return 1.0


def _on_rows(dates: np.ndarray, rows: np.ndarray, nav: pd.Series) -> np.ndarray:
    """A by-date NAV put back on the body rows (every row of a date gets its value)."""
    out = np.full(len(dates), np.nan)
    at = np.flatnonzero(rows)
    found = nav.reindex(pd.DatetimeIndex(dates[at])).to_numpy()
    out[at] = found
    return out


def _first_row_of(reader: _Reader, dates: np.ndarray, rows: np.ndarray, day: pd.Timestamp) -> int:
    hits = np.flatnonzero(rows & (dates == np.datetime64(day.as_unit("ns"))))
    return int(hits[-1]) + reader.first_row if hits.size else reader.first_row


def _note_dividends(
    report: QualityReport, name: str, dates: np.ndarray, mine_rows: np.ndarray, extras: _Extras
) -> None:
    listed = [
        (pd.Timestamp(dates[i]), text)
        for i, text in extras.dividends
        if mine_rows[i] and not np.isnat(dates[i])
    ]
    if not listed:
        return
    listed.sort(key=lambda item: item[0])
    shown = "; ".join(f"{d:%Y-%m-%d} {t}" for d, t in listed[:5])
    more = f"; and {len(listed) - 5} more" if len(listed) > 5 else ""
    report.notes.append(
        f"{name}: column {extras.dividend_name} lists {len(listed)} dividend"
        f"{'s' if len(listed) != 1 else ''} ({shown}{more})"
    )


def _build_long(
    reader: _Reader,
    fund_col: int,
    nav_cols: list[tuple[int, str]],
    type_col: int | None,
    extras: _Extras,
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
        column = reader.numbers(j, _column_name(reader.header[j], j), nav=True)
        row_kinds = [_nav_kind_of(c) or "unstated" for c in reader.column(type_col)]
        if column is not None:
            for kind in _NAV_RANK:
                mask = np.array([k == kind for k in row_kinds])
                if mask.any():
                    kinds.append((kind, np.where(mask, column, np.nan)))
    else:
        for j, kind in nav_cols:
            column = reader.numbers(j, _column_name(reader.header[j], j), nav=True)
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
    by_kind: dict[str, np.ndarray] = {}
    for kind, column in kinds:
        by_kind.setdefault(kind, column)
    for k, name in enumerate(series):
        mine = valid & (fund_codes == k)
        chosen = _fund_nav(reader, name, dates, mine, by_kind, extras)
        if chosen is None:
            continue
        column, kind = chosen
        reader.report.nav_types[name] = kind
        keep = mine & ~np.isnan(column)
        codes.append(np.full(int(keep.sum()), k))
        values.append(column[keep])
        idx.append(np.flatnonzero(keep))
    # A bad cell in a NAV type the fund does not use (a text 单位净值 cell of a fund whose
    # 累计净值 is used) drops nothing: report only those of the types used (or of a fund with
    # no usable value at all, whose bad cells say why).
    column_kinds = dict(nav_cols)
    used = {name: _NAV_USES.get(kind, (kind,)) for name, kind in reader.report.nav_types.items()}
    reader.bad_cells = [
        (i, j, column, cell)
        for i, j, column, cell in reader.bad_cells
        if (fund := funds[i]) is None
        or fund not in used
        or (row_kinds[i] if type_col is not None else column_kinds[j]) in used[fund]
    ]
    reader.report_bad_cells(dates, funds)
    reader.report.layout = "long"
    return _records(reader, dates, series, codes, values, idx)


def _build_single(reader: _Reader, nav_cols: list[tuple[int, str]], extras: _Extras) -> _Records:
    dates = reader.dates()
    reader.blank_dates(dates, [j for j, _ in nav_cols])
    columns: dict[str, np.ndarray] = {}
    kind_of: dict[int, str] = {}
    for j, kind in sorted(nav_cols, key=lambda jk: _NAV_RANK.index(jk[1])):
        column = reader.numbers(j, _column_name(reader.header[j], j), nav=True)
        if column is not None and kind not in columns:
            columns[kind] = column
            kind_of[j] = kind
    reader.report.layout = "single"
    chosen = _fund_nav(reader, reader.stem, dates, np.ones(len(dates), bool), columns, extras)
    if chosen is not None:
        uses = _NAV_USES.get(chosen[1], (chosen[1],))
        reader.bad_cells = [b for b in reader.bad_cells if kind_of.get(b[1]) in uses]
    reader.report_bad_cells(dates)
    if chosen is None:
        raise InputError(_nothing_usable(reader))
    column, kind = chosen
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
            "only the unit NAV (单位净值) is used for "
            + ", ".join(unit_only)
            + "; it drops at every dividend, so returns across a dividend are wrong: get the "
            "复权净值 (adjusted NAV), or give 累计净值 or 日增长率 beside it so the adjusted NAV "
            "can be built"
        )
    cumulative_only = [name for name, kind in report.nav_types.items() if kind == "cumulative"]
    if cumulative_only:
        report.warnings.append(
            "only the cumulative NAV (累计净值) is used for "
            + ", ".join(cumulative_only)
            + "; it adds dividends back without reinvesting them, so returns after a dividend "
            "are understated: get the 复权净值 (adjusted NAV), or give 单位净值 beside it so the "
            "adjusted NAV can be built"
        )
    if report.layout == "market":
        _check_ohlc(frame, report)
        _check_backfill(frame, report)


def _check_backfill(frame: pd.DataFrame, report: QualityReport) -> None:
    """Rows an index vendor back-filled: volume and amount 0 (those present), high = low =
    close. Kept (SPEC §7), reported with their spans."""
    traded = [c for c in ("volume", "amount") if c in frame.columns]
    if not traded or not {"close", "high", "low"} <= set(frame.columns):
        return
    flat = (frame["high"] == frame["low"]) & (frame["low"] == frame["close"])
    for column in traded:
        flat &= frame[column] == 0
    marks = flat.to_numpy()
    if not marks.any():
        return
    edges = np.diff(np.r_[0, marks.astype(np.int8), 0])
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    index = frame.index
    spans = [
        f"{index[a]:%Y-%m-%d} to {index[b]:%Y-%m-%d} ({b - a + 1} rows)"
        if b > a
        else f"{index[a]:%Y-%m-%d} (1 row)"
        for a, b in zip(starts, stops, strict=True)
    ]
    shown = "; ".join(spans[:_PREVIEW_LIMIT])
    more = f"; and {len(spans) - _PREVIEW_LIMIT} more spans" if len(spans) > _PREVIEW_LIMIT else ""
    report.warnings.append(
        f"{int(marks.sum())} rows look back-filled by the vendor ({' and '.join(traded)} 0, "
        f"high = low = close): {shown}{more}; they are kept, so returns over them are flat"
    )


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
    _check_stale_weeks(stale_weeks)
    rows, source = _read_grid(path, sheet)
    return _import_grid(rows, source, path.stem, strict, stale_weeks)


def import_rows(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    source: str = "pasted data",
    name: str | None = None,
    stale_weeks: int = 4,
    strict: bool = False,
) -> ImportResult:
    """Read a header row and data rows already in memory (a pasted-in sheet) like a file.

    Parameters
    ----------
    header : sequence
        The header row (日期/date, fund names or NAV-type names, ...).
    rows : sequence of sequences
        The data rows below it, as cells (numbers, text, dates, None).
    source : str
        What the report and messages call the data (a sheet name, say).
    name : str, optional
        Series name for a single-fund layout (date + NAV-type columns); default ``source``.
    stale_weeks, strict
        As in :func:`import_file`.

    Returns
    -------
    ImportResult
        Exactly what :func:`import_file` gives for a file holding these rows; row numbers in
        the report count the header as row 1.

    Examples
    --------
    >>> result = import_rows(["日期", "A"], [["2024-01-05", 1.0], ["2024-01-12", 1.1]])
    >>> result.data["A"].tolist(), result.report.layout
    ([1.0, 1.1], 'wide')
    """
    _check_stale_weeks(stale_weeks)
    grid: list[Sequence[Any]] = [list(header), *(list(row) for row in rows)]
    return _import_grid(grid, source, name or source, strict, stale_weeks)


def _check_stale_weeks(stale_weeks: Any) -> None:
    if isinstance(stale_weeks, bool) or not isinstance(stale_weeks, int) or stale_weeks < 1:
        raise OptionError(f"stale_weeks={stale_weeks!r} must be a whole number >= 1, e.g. 4.")


def _import_grid(
    rows: list[Sequence[Any]], source: str, stem: str, strict: bool, stale_weeks: int
) -> ImportResult:
    reader = _Reader(rows, source, strict, stem)
    roles = [(j, *_role(cell)) for j, cell in enumerate(reader.header) if j != reader.date_col]
    blank = _blank_columns(reader)
    roles = [(j, role, detail) for j, role, detail in roles if j not in blank]
    fund_cols = [j for j, role, _ in roles if role == "fund"]
    type_cols = [j for j, role, _ in roles if role == "navtype"]
    nav_cols = [(j, kind) for j, role, kind in roles if role == "nav" and kind is not None]
    market_cols = [(j, name) for j, role, name in roles if role == "market" and name is not None]
    growth_cols = [j for j, role, _ in roles if role == "growth"]
    dividend_cols = [j for j, role, _ in roles if role == "dividend"]
    positive: set[str]
    used: set[int] = set()
    if nav_cols or (fund_cols and not market_cols):
        extras = _extras(
            reader, growth_cols[0] if growth_cols else None,
            dividend_cols[0] if dividend_cols else None,
        )  # fmt: skip
        used |= set(growth_cols[:1]) | set(dividend_cols[:1])
    if fund_cols and (nav_cols or not market_cols):
        if type_cols:
            values = [(j, k) for j, k in nav_cols if k == "unstated"] or nav_cols
            if not values:
                raise InputError(
                    f"{source}: the header (row {reader.report.header_row}) has a NAV-type column "
                    "but no value column; name it 净值 or nav."
                )
            records = _build_long(reader, fund_cols[0], values[:1], type_cols[0], extras)
            used |= {fund_cols[0], type_cols[0], values[0][0]}
        elif nav_cols:
            records = _build_long(reader, fund_cols[0], nav_cols, None, extras)
            used |= {fund_cols[0], *(j for j, _ in nav_cols)}
        else:
            raise InputError(
                f"{source}: the header (row {reader.report.header_row}) has a fund column but no "
                "NAV column; name it 复权净值, 累计净值, 单位净值 or nav."
            )
        positive = set(records.series)
    elif nav_cols:
        records = _build_single(reader, nav_cols, extras)
        used |= {j for j, _ in nav_cols}
        positive = set(records.series)
    elif market_cols:
        _market_names(reader, fund_cols)
        records = _build_wide(reader, market_cols, "market")
        used |= {j for j, _ in market_cols} | set(fund_cols)
        positive = set(_PRICE_FIELDS)
    else:
        not_navs = {j for j, role, _ in roles if role in ("growth", "dividend", "navtype")}
        columns = [
            (j, _column_name(cell, j))
            for j, cell in enumerate(reader.header)
            if j != reader.date_col
            and j not in blank
            and j not in not_navs
            and not (is_blank(cell) and all(is_blank(c) for c in reader.column(j)))
        ]
        records = _build_wide(reader, columns, "wide")
        used |= {j for j, _ in columns}
        positive = set(records.series)
        for name in records.series:
            reader.report.nav_types[name] = "unstated"
    _note_unused(reader, used | blank)
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


def _blank_columns(reader: _Reader) -> set[int]:
    """Columns with a header but no value in any row: reported, never dropped silently."""
    blank = set()
    for j, cell in enumerate(reader.header):
        if j == reader.date_col or is_blank(cell):
            continue
        if all(is_blank(c) for c in reader.column(j)):
            blank.add(j)
            reader.report.warnings.append(
                f"column {_column_name(cell, j)} is blank: no value in any row, so it holds no "
                "series"
            )
    return blank


def _note_unused(reader: _Reader, used: set[int]) -> None:
    """Columns holding something that the chosen layout does not read."""
    unused = [
        _column_name(cell, j)
        for j, cell in enumerate(reader.header)
        if j != reader.date_col
        and j not in used
        and not (is_blank(cell) and all(is_blank(c) for c in reader.column(j)))
    ]
    if unused:
        reader.report.notes.append(f"columns not used: {', '.join(unused)}")


def _market_names(reader: _Reader, fund_cols: list[int]) -> None:
    """名称 / 股票代码 text beside index prices (163.com, 东方财富): one security per file."""
    for j in fund_cols:
        names = list(dict.fromkeys(text.lstrip("'") for _, text in reader.texts(j)))
        label = _column_name(reader.header[j], j)
        if len(names) > 1:
            raise InputError(
                f"{reader.source}: column {label} names {len(names)} securities "
                f"({', '.join(names[:3])}{', ...' if len(names) > 3 else ''}); give one index "
                "or security per file."
            )
        if names:
            reader.report.notes.append(f"{label}: {names[0]}")
