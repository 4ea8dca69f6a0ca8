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
  series is named after the file. Several funds' NAV-type columns, each fund's name over its
  own (merged over 单位净值 | 累计净值 in a two-row header or a row above it, a Wind 简称 row),
  give one series per fund, named by it; repeated NAV columns no name tells apart are an error;
* **market** — a date column plus price fields (``收盘价, 最高价, 最低价, 开盘价, 换手率, 成交量,
  成交额``) of one index or security, returned with the English names ``close, high, low,
  open, turnover, volume, amount``; two indices' fields under one date column are an error,
  while tables side by side each of one index's 收盘价 on its own date column (日期 | 收盘价
  in A:B, 日期 | 收盘价 in D:E) are read as a wide panel of closes, one column per index
  named by its table (:mod:`~fofxl.io.side_by_side`). One security's field on several
  price bases (收盘价(不复权) | 收盘价(后复权)) is read from its 后复权 column, else its 前复权
  one (noted, with the columns not used); a plain 收盘价 beside 复权收盘价 is the
  raw close, and the adjusted one is read, its blank leading (or trailing) rows taking the raw
  close chained to it, warned. A field in percent (换手率(%), a unit row's %, or cells of
  percent text such as 1.42%) is read as fractions, one scale for the column (1.42 and 1.42%
  are both 0.0142). A bare 换手率 is at the scale 成交额 / 流通市值 (the turnover itself) gives
  it where the file has both, noted; else at the scale of the file's own rates where they
  are percent numbers, noted: its 涨跌幅 (同花顺's 涨幅) is 100 × the close's returns or its
  振幅 100 × (high − low) / previous close on most rows (东方财富, akshare, 同花顺; percent
  text such as 1.23% counts). Else its size: a median below 0.02 is fractions (noted where
  the file's rates are fractions too); above 10, percent numbers (noted); between, either
  is a plausible turnover (0.05: a small-cap index's 5% or a large bank's 0.05% a day), so
  the reading is warned, naming both: fractions below 0.1, percent numbers from 0.1; rates
  in fractions beside it do not decide it (an analyst's own 涨跌幅 beside a vendor's 换手率).
  成交额 / 成交量 cells written with 亿, 万 or a combined unit (2505.55亿, 4567万元, 1.2212万亿)
  are read with 亿 as 1e8, 万 as 1e4, 万亿 as 1e12 ... (in 元 or shares, or in the unit its
  header states, if one does: 成交额(万元) stays in 万, 成交量(手) in 手), noted with the unit;
  a volume in lots (手, 100 shares: 374.06万手, 9876手) is read in shares, a plain number
  beside it as lots too; a number with a unit not read (1.2兆) is dropped, warned (the
  column, the count and one cell).

A header may name its fund or security after a colon (Choice's ``单位净值:华夏成长 |
累计净值:华夏成长``, Wind EDB's ``收盘价:沪深300 | 最高价:沪深300``), or a fund before its NAV
type (an analyst's ``华夏成长(单位净值)``, ``华夏成长_单位净值``, ``华夏成长单位净值``) or in
brackets after it (``单位净值(A类)``, ``单位净值(华夏成长)``): each fund's NAV is then chosen
from its own columns, and one security's prices are market data. Words of another day,
period, fee basis or estimate before or after a NAV type (前一日单位净值, 年初单位净值,
单位净值(虚拟), 累计净值(计提后)) mark a column that is not the fund's NAV: not used, noted
(warned where it would have been a fund of a panel). One named column beside the file's own
unnamed NAV of its type is warned and not used, not read as a second fund.

Rows above the header (titles, notes, ``#`` comments) are skipped; the header is the first row
naming a date column (日期, 净值日期, date, ...; or 月份, 季度, 报告期, ..., a column of
periods, when no such name is in the header). Dates may be date cells, Excel serials,
``2023-06-30``, ``2023/6/30`` or ``20230630``; all coercion goes through :mod:`fofxl.clean`.
A time of day (``2023-03-14 15:00:00``, a serial's fraction) is dropped, noted: NAVs are daily,
so one day at two times is a repeated date and files join by day; market bars several a day
(intraday) keep their times. A date column of month labels alone (``2021-01``, ``2021年1月``,
``2021.01``, numbers 2021.01 … 2021.1 as Excel shows 2021.10, placed in order, and yyyymm
``201901`` as a number or text) is read as month-end dates, and one of quarter labels
(``2019Q1``, ``2019年1季度``) as quarter-end dates, noted; a typo among them, or months and
quarters mixed, is an error naming the row. Month labels among day dates are dropped, warned
(a label is no day). A date column whose dates all fall before 1907 (row numbers, 1905
serials) is an error.

NAV choice, per fund: 复权净值 (adjusted) over 累计净值 (cumulative) over 单位净值 (unit), with a
warning when only the unit NAV exists (it drops at every dividend). Two columns of one type
(火富牛's 复权净值(费前) | 复权净值(费后)) are never chosen between by their order: two 复权净值
beside 单位净值 and 累计净值 are left out (noted) and the adjusted NAV built from those; any other
pair is an error naming both. How the adjusted NAV is built from 单位净值, 累计净值, a 日增长率 and
a 分红送配 column (cash dividends, split ratios, each on the NAV step that shows it) is
:mod:`fofxl.io.adjusted`'s. A stated NAV equal on every one of at least 20 dates is warned of:
at 1 or 100 (also on 5 daily dates beside a 日增长率 that did not give the return) as a
money-market fund or 理财 product, whose income its NAV does not show (give 每万份收益); at
another level as unchanged from the first date to the last, a stale or suspended valuation.
A NAV that moves before a stretch unchanged on 5 dates or more spanning 4 weeks or more (a
私募's weekly NAV the same five weeks running, a bond fund's 停估 for a month) is noted with
the stretch (from, to, the number of dates): its returns there are 0. It is a fact of the
source, read right, not a doubt of the reading, so it is no warning. Shorter stretches (a
bond fund's few flat days, a 私募's NAV the same two or three weeks running) and a NAV
unchanged from the first date (a new fund not yet invested) are not noted.

Bad-data policy (the same for CSV and XLSX):

* a row with an unreadable or blank date, a text or error cell where a number belongs, a
  NAV/price <= 0, or a market file's 成交额, 成交量 or 换手率 < 0 (0 is a day without
  trading, kept) loses that observation; the report lists each one with its file row number
  (and the date, for the 成交额, 成交量 or 换手率);
* a date that repeats for a series keeps the last row (later rows are usually corrections);
  the report lists the dropped rows and says whether their values differed;
* a column holding no numbers at all (a notes column) is skipped with a warning;
* it is an :class:`~fofxl.errors.InputError` naming the file, sheet and row when the file is
  not a spreadsheet, is encrypted or damaged, the sheet is empty, no date column exists, most
  dates are unreadable, or nothing usable is left;
* with ``strict=True`` the first bad cell is an error instead of a report entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..clean import Kind, as_frame, is_blank, to_number
from ..errors import InputError, OptionError
from .adjusted import _extras
from .compound import _compound
from .grid import _all_blank, _column_name, _Grid, _letters, _read_grid, _Reader
from .layouts import (
    _NON_NEGATIVE,
    _NOT_READ,
    _build_funds,
    _build_long,
    _build_wide,
    _clean_records,
    _market_names,
    _named_funds,
    _nothing_usable,
    _one_price_basis,
    _placed,
    _single_funds,
    _to_frame,
)
from .report import _PREVIEW_LIMIT, ImportResult, QualityReport, _Inputs
from .side_by_side import _cut, _index_name, _one_close, _Table, _tables
from .vocabulary import (
    _PRICE_FIELDS,
    _YIELD_NAMES,
    _norm,
    _qualifier_of,
    _role,
    _says_reinvested,
    _series_of,
)

__all__ = ["import_file", "import_rows"]


def import_file(
    path: str | Path,
    sheet: str | None = None,
    *,
    stale_weeks: int = 4,
    strict: bool = False,
    returns: bool = False,
) -> ImportResult:
    """Read a CSV or XLSX file of NAVs or market data into a clean frame and a quality report.

    Wide (date + one column per fund), long (fund, date, NAV columns or NAV type + value),
    single-fund (date + NAV-type columns) and market (date + 收盘价/最高价/最低价/换手率 ...)
    layouts; English or Chinese headers; the file is never modified.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (UTF-8 or GBK, comma/semicolon/tab separated; also Excel's Unicode Text,
        UTF-16 after its byte-order mark) or ``.xlsx`` file.
    sheet : str, optional
        Worksheet of an ``.xlsx`` workbook, hidden or not; default: the first visible sheet
        (never another one guessed: when it has no header, the message lists the workbook's
        sheets).
    stale_weeks : int
        A series is reported stale when it has no value in the file's last ``stale_weeks``
        weeks.
    strict : bool
        If True, the first bad cell (unreadable date, text in a number column, NAV <= 0,
        duplicate date) raises instead of being dropped and reported.
    returns : bool
        The file holds periodic returns (wide layout: date + one column per series; fractions
        such as 0.0119, text such as 1.19%, or numbers in percent such as 1.19 under a header
        or unit row that says % (周收益率(%), 单位 | %)), compounded into NAVs: 1.0 on the
        period before each series' first return, then NAV × (1 + return), so the NAVs'
        returns are the file's.

    Returns
    -------
    ImportResult
        ``data``: DataFrame indexed by ``date`` (sorted, unique), one float64 column per series,
        NaN where a series has no value; ``report``: a :class:`QualityReport`.

    Raises
    ------
    InputError
        Not a spreadsheet, encrypted or damaged workbook, empty sheet, no date column, mostly
        unreadable dates, or nothing usable; columns of returns where NAVs are expected (half
        the columns or more; fewer are left out and reported); with ``returns`` (or for a
        money-market fund's 每万份收益), a return dropped or repeated, a blank between two
        returns of a series, a return of -100% or less, or percents. The message names the
        file, sheet and row.

    Notes
    -----
    A money-market fund's export (每万份收益, 7日年化收益率; no NAV, or a NAV of one value on
    every row such as 1.0000) is compounded into a NAV: the day's return is 每万份收益 / 10,000.
    Never read as NAVs: a column whose header names returns or a measure of them (周收益率,
    累计收益率, ...), or with a tenth or more of its values negative. Reported, the values kept: a
    move of 3x or more between two values (a misplaced decimal point?), formulas without a saved
    result (read as blank).
    NAV choice per fund: 复权净值 > 累计净值 > 单位净值 (a warning when only the unit NAV exists,
    since it drops at dividends). Rows with an unreadable date and cells with text where a
    number belongs are dropped; NAVs and prices must be > 0; a repeated date keeps the file's
    last row for that series. Every dropped value is listed in the report with its row number.

    Examples
    --------
    >>> from fofxl.io import import_file
    >>> from fofxl.io.demo_data import demo_path
    >>> result = import_file(demo_path("t0_pool"))
    >>> result.report.layout, result.data.shape[1]
    ('wide', 9)
    """
    path = Path(path)
    _check_stale_weeks(stale_weeks)
    return _import_grid(_read_grid(path, sheet), path.stem, strict, stale_weeks, returns)


def import_rows(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    source: str = "pasted data",
    name: str | None = None,
    stale_weeks: int = 4,
    strict: bool = False,
    returns: bool = False,
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
    stale_weeks, strict, returns
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
    return _import_grid(_Grid(grid, source), name or source, strict, stale_weeks, returns)


def _check_stale_weeks(stale_weeks: Any) -> None:
    if isinstance(stale_weeks, bool) or not isinstance(stale_weeks, int) or stale_weeks < 1:
        raise OptionError(f"stale_weeks={stale_weeks!r} must be a whole number >= 1, e.g. 4.")


def _import_grid(
    grid: _Grid, stem: str, strict: bool, stale_weeks: int, returns: bool = False
) -> ImportResult:
    reader = _Reader(grid.rows, grid.source, strict, stem, grid.hint, grid.date1904)
    tables = _tables(reader, grid.rows)
    if tables:
        return _import_tables(reader, grid, tables, stale_weeks, returns)
    reader.report.notes.extend(grid.notes)
    reader.report.warnings.extend(grid.warnings)
    frame, ohlc, flat = _read_sheet(reader, returns)
    _finish_report(reader.report, frame, stale_weeks, ohlc, flat)
    built = {k: v for k, v in reader.built_from.items() if k in frame.columns}
    return ImportResult(frame, reader.report, built)


def _read_sheet(reader: _Reader, returns: bool) -> tuple[pd.DataFrame, bool, set[str]]:
    """The series of one table (the sheet's, or one of its tables side by side): the frame,
    whether its closes can be compared with its highs and lows (one price basis), and the
    funds not to warn of for a unit NAV used alone (:func:`_finish_report`'s ``flat``)."""
    source = reader.source
    roles = [(j, *_role(cell)) for j, cell in enumerate(reader.header) if j != reader.date_col]
    blank = _blank_columns(reader)
    roles = [(j, role, detail) for j, role, detail in roles if j not in blank]
    named = {j: name for j, _, _ in roles if (name := _series_of(reader.header[j])) is not None}
    roles = _one_security(reader, roles, named)
    fund_cols = [j for j, role, _ in roles if role == "fund"]
    type_cols = [j for j, role, _ in roles if role == "navtype"]
    nav_cols = [(j, kind) for j, role, kind in roles if role == "nav" and kind is not None]
    market_cols = [(j, name) for j, role, name in roles if role == "market" and name is not None]
    growth_cols = _adjusted_growth_first(reader, [j for j, role, _ in roles if role == "growth"])
    income_cols = [j for j, role, _ in roles if role == "income"]
    dividend_cols = [j for j, role, _ in roles if role == "dividend"]
    positive: set[str]
    used: set[int] = set()
    ohlc = True  # the close can be compared with the high and low (one price basis)
    compound = returns  # values that are returns, compounded into NAVs after cleaning
    flat = None  # a money-market fund's NAV (1.0000 on every row) beside its 每万份收益
    if income_cols and nav_cols and not fund_cols and not returns:
        flat = _flat_value(reader, [j for j, _ in nav_cols])
    if returns and (fund_cols or nav_cols or market_cols):
        raise OptionError(
            f"{source}: returns are read from the wide layout (a date column and one column of "
            "returns per series); this file's header names NAV, fund or market columns: "
            "import it without returns."
        )
    if fund_cols and (nav_cols or not market_cols):
        extras = _extras(
            reader, growth_cols[0] if growth_cols else None,
            dividend_cols[0] if dividend_cols else None,
        )  # fmt: skip
        used |= set(growth_cols[:1]) | set(dividend_cols[:1])
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
    elif nav_cols and flat is None:
        if any(j in named for j, _ in nav_cols):  # (Choice)
            funds = _named_funds(reader, nav_cols, named, growth_cols, dividend_cols)
            layout = "wide" if len(funds) > 1 else "single"
        else:
            funds = _single_funds(reader, nav_cols, growth_cols, dividend_cols)
            layout = "single"
        records = _build_funds(reader, funds, layout)
        used |= set().union(*(fund.columns for fund in funds))
        positive = set(records.series)
    elif income_cols and not returns:  # a money-market fund: no NAV, an income a day
        if flat is not None:
            used |= {j for j, _ in nav_cols}
            reader.report.notes.append(
                f"{', '.join(_column_name(reader.header[j], j) for j, _ in nav_cols)}: "
                f"{flat:g} on every row (a money-market fund), so the NAV is compounded from "
                f"{_column_name(reader.header[income_cols[0]], income_cols[0])}"
            )
        records = _build_wide(reader, [(income_cols[0], reader.stem)], "single")
        records.values /= 10_000.0
        used.add(income_cols[0])
        positive = set()
        reader.report.nav_types[reader.stem] = "income"
        compound = True
    elif market_cols:
        reader.intraday = True  # (several bars a day keep their times)
        used |= {j for j, _ in market_cols} | set(fund_cols)
        market_cols, ohlc, raw = _one_price_basis(reader, market_cols)
        _market_names(reader, fund_cols, market_cols)
        records = _build_wide(reader, market_cols, "market", raw=raw)
        positive = set(_PRICE_FIELDS)
    else:
        series_roles = {"other", "blank", "growth", "returns"} if returns else {"other", "blank"}
        for j, role, _ in roles:
            if role in _NOT_READ and role not in series_roles:
                name = _column_name(reader.header[j], j)
                reader.report.warnings.append(f"column {name} {_NOT_READ[role]}")
        not_navs = {j for j, role, _ in roles if role not in series_roles}
        columns = [
            (j, _column_name(cell, j))
            for j, cell in enumerate(reader.header)
            if j != reader.date_col
            and j not in blank
            and j not in not_navs
            and not (is_blank(cell) and all(is_blank(c) for c in reader.column(j)))
        ]
        records = _build_wide(reader, columns, "wide", nav=not returns, returns=returns)
        used |= {j for j, _ in columns}
        positive = set() if returns else set(records.series)
        for name in records.series:
            reader.report.nav_types[name] = "returns" if returns else "unstated"
    _note_unused(reader, used | blank, named)
    counts = _NON_NEGATIVE if reader.report.layout == "market" else frozenset()
    records = _clean_records(records, reader.report, positive, reader.strict, counts)
    if not len(records.values):
        raise InputError(_nothing_usable(reader))
    if compound:
        calendar = reader.dates()
        records = _compound(records, reader.report, np.unique(calendar[~np.isnat(calendar)]))
    frame = _to_frame(records)
    reader.report.nav_types = {
        k: v for k, v in reader.report.nav_types.items() if k in frame.columns
    }
    kind: Kind = "value" if reader.report.layout == "market" else "nav"
    frame = as_frame(frame, name=source, kind=kind)  # the shared invariants, checked once more
    never_move = _warn_flat(reader, frame)
    _note_unchanged(reader, frame, never_move)
    # a fund whose 累计净值 was read but not used (累计净值 − 单位净值 falls: warned with what
    # to give by the build) is no fund with the unit NAV alone
    with_cumulative = {k for k, v in reader.built_from.items() if v.cumulative is not None}
    return frame, ohlc, never_move | with_cumulative


def _import_tables(
    reader: _Reader, grid: _Grid, tables: list[_Table], stale_weeks: int, returns: bool
) -> ImportResult:
    """A sheet of tables side by side, each read on its own date column (never one table's
    values on another's dates), joined by date; one report, its notes and findings each
    table's, saying which columns each fund was read from. A table of an index's 收盘价 gives
    a column named by its index (:func:`~.side_by_side._index_name`), as a wide panel of
    closes does.

    Raises
    ------
    InputError
        Tables of indices holding several fields (:func:`~.side_by_side._one_close`); two
        tables holding one series (or index); an index no table names.
    """
    _one_close(reader, tables)
    whole = reader.report
    report = QualityReport(whole.source, "wide", whole.header_row, whole.rows_read)
    report.notes.extend(grid.notes)
    report.warnings.extend(grid.warnings)
    report.stale_weeks = stale_weeks
    frames: list[pd.DataFrame] = []
    built: dict[str, _Inputs] = {}
    ohlc, flat, read = True, set(), []
    for table in tables:
        part = _Reader(
            _cut(grid.rows, table), grid.source, reader.strict, table.name, "", grid.date1904
        )
        frame, same_basis, not_warned = _read_sheet(part, returns)
        if part.report.layout == "market":  # (one index's close: _one_close)
            index = _index_name(part, table)
            frame = frame.rename(columns={"close": index})
            part.report.nav_types[index] = "unstated"  # (as a wide panel of closes has it)
        ohlc &= same_basis
        flat |= not_warned
        held = [name for f in frames for name in f.columns if name in frame.columns]
        if held and part.report.layout == "market":
            first = next(t for t, f in zip(tables, frames, strict=False) if held[0] in f.columns)
            raise InputError(
                f"{reader.source}: the tables side by side in columns {first.span} and "
                f"{table.span} are both of the index {held[0]}: name each table's index once "
                "(in the cell over it, its 名称 column or its close column's header), or "
                "import each table separately."
            )
        if held:
            raise InputError(
                f"{reader.source}: the tables side by side in columns {tables[0].span} ... "
                f"{tables[-1].span} both hold a series {held[0]}: name each table's fund in "
                "the row above its header, or import each table separately."
            )
        frames.append(frame)
        built.update((k, v) for k, v in part.built_from.items() if k in frame.columns)
        date = _column_name(part.header[part.date_col], part.date_col)
        read.append(f"{', '.join(frame.columns)} from {table.span} on {date} "
                    f"{_letters(part.date_col)}")  # fmt: skip
        found = part.report
        report.dropped += found.dropped
        report.duplicates += found.duplicates
        report.non_positive += found.non_positive
        report.nav_types.update(found.nav_types)
        report.notes += [n for n in found.notes if n not in report.notes]
        report.warnings += [w for w in found.warnings if w not in report.warnings]
    report.notes.insert(
        0,
        f"{len(tables)} tables side by side, each read on its own date column: " + "; ".join(read),
    )
    joined = as_frame(pd.concat(frames, axis=1, sort=True), name=reader.source, kind="nav")
    _finish_report(report, joined, stale_weeks, ohlc, flat)
    return ImportResult(joined, report, built)


def _adjusted_growth_first(reader: _Reader, growth_cols: list[int]) -> list[int]:
    """The growth columns with the 复权 ones (复权单位净值增长率, the total return; never
    日增长率(未复权): :func:`~.vocabulary._says_reinvested`) first, the one used for each fund;
    noted when that puts it before another (日增长率, which may be the unit NAV's own return, a
    dividend showing as a loss)."""
    ordered = sorted(growth_cols, key=lambda j: not _says_reinvested(str(reader.header[j])))
    if len(ordered) > 1 and ordered[0] != growth_cols[0]:
        first, other = (_column_name(reader.header[j], j) for j in (ordered[0], growth_cols[0]))
        reader.report.notes.append(
            f"column {first} (复权: the total return) is the growth used, not {other}"
        )
    return ordered


def _one_security(
    reader: _Reader, roles: list[tuple[int, str, str | None]], named: dict[int, str]
) -> list[tuple[int, str, str | None]]:
    """The roles, with price fields named with their security (Wind EDB's ``收盘价:沪深300 |
    最高价:沪深300``) kept as the market data of that security (noted) when they name one; the
    same field of several (``收盘价:沪深300 | 收盘价:中证500``) is a wide file of them, one
    series per column.

    Raises
    ------
    InputError
        Several fields of several securities: one security's prices per file.
    """
    securities = list(
        dict.fromkeys(named[j] for j, role, _ in roles if role == "market" and j in named)
    )
    if len(securities) == 1:
        reader.report.notes.append(f"the header names the security: {securities[0]}")
    if len(securities) <= 1:
        return roles
    fields = list(dict.fromkeys(f for j, role, f in roles if role == "market" and j in named))
    if len(fields) > 1:
        shown = ", ".join(securities[:3]) + (", ..." if len(securities) > 3 else "")
        raise InputError(
            f"{reader.source}: the header names {len(securities)} securities ({shown}) and "
            f"{len(fields)} fields ({', '.join(map(str, fields))}); give one security's prices "
            "(收盘价, 最高价, ...) per file, or one field (收盘价) of several securities."
        )
    return [(j, "other" if j in named and role == "market" else role, detail)
            for j, role, detail in roles]  # fmt: skip


def _flat_value(reader: _Reader, columns: list[int]) -> float | None:
    """The one value the columns hold on every row that has one (a money-market fund's
    单位净值 and 累计净值 of 1.0000), or None (another value, or a cell that is no number)."""
    values = set()
    for j in columns:
        for i, cell in enumerate(reader.column(j)):
            if is_blank(cell):
                continue
            try:
                values.add(to_number(cell, "", i))
            except InputError:
                return None
            if len(values) > 1:
                return None
    return values.pop() if values else None


def _blank_columns(reader: _Reader) -> set[int]:
    """Columns with a header but no value in any row: reported, never dropped silently; but
    a blank 分红送配 says the fund paid nothing (every money-market fund's): no warning."""
    blank = set()
    for j, cell in enumerate(reader.header):
        if j == reader.date_col or is_blank(cell):
            continue
        if _all_blank(reader.column(j)):
            blank.add(j)
            if _role(cell)[0] == "dividend":
                continue
            reader.report.warnings.append(
                f"column {_column_name(cell, j)} is blank: no value in any row, so it holds no "
                "series"
            )
    return blank


def _note_unused(reader: _Reader, used: set[int], named: dict[int, str]) -> None:
    """Columns holding something that the chosen layout does not read; in a panel whose
    headers name each fund (华夏成长(单位净值)), those stating a NAV type with words read as
    its qualifier (前一日(单位净值)) are warned of: the words might be a fund's name."""
    unused = [
        j
        for j, cell in enumerate(reader.header)
        if j != reader.date_col
        and j not in used
        and not (is_blank(cell) and all(is_blank(c) for c in reader.column(j)))
    ]
    panel = any(j in used for j in named)
    qualified = {j: w for j in unused if panel and (w := _qualifier_of(reader.header[j]))}
    if qualified:
        shown = _placed(reader, *qualified)
        words = ", ".join(dict.fromkeys(qualified.values()))
        one = len(qualified) == 1
        reader.report.warnings.append(
            f"column{'' if one else 's'} {shown} state{'s' if one else ''} a NAV type, but "
            f"{words} reads as a qualifier of it (another date's or basis's value), not a fund, "
            "so it is not used: if it is a fund, give its full name in the header"
        )
    rest = [_column_name(reader.header[j], j) for j in unused if j not in qualified]
    if rest:
        reader.report.notes.append(f"columns not used: {', '.join(rest)}")


#: A fund's NAV equal on every one of at least this many dates (four weeks of daily NAVs, or
#: twenty weekly ones) never moves over the file: at 1 or 100 a money-market fund's or 理财
#: product's unit NAV (its income paid as new units), whose return the NAV cannot give; at
#: another level a stale or suspended valuation. Fewer equal dates may be a new fund not yet
#: invested; a suspension, holidays or a 私募's NAV unchanged for a few weeks leave the NAV
#: moving elsewhere in the file, and are not warned of.
_FLAT_DATES = 20
#: ... or this many daily dates when the file's one fund is at 1 or 100 with a 日增长率 beside
#: it (0.00% each day, or too coarse to compound): a money fund's file of a month or less. A
#: new fund not yet invested publishes weekly (the 天天基金 export gives it a 日增长率 too).
_FLAT_DAILY_DATES = 5
#: Dates at most this many days apart (the median step) are daily ones.
_DAILY_STEP = np.timedelta64(4, "D")
#: The NAVs a money-market fund or 理财 product stays at: 1.0000, or 100 a hundred units.
_PAR_NAVS = (1.0, 100.0)


def _flat_dates(reader: _Reader, frame: pd.DataFrame, values: pd.Series) -> int:
    """How many dates a fund's NAV ``values`` must stay equal on to be warned of as never
    moving (:data:`_FLAT_DATES`, :data:`_FLAT_DAILY_DATES`)."""
    if values.iloc[0] not in _PAR_NAVS:
        return _FLAT_DATES
    growth = any(_role(cell)[0] == "growth" for cell in reader.header)
    steps = np.diff(values.index.to_numpy())
    daily = len(steps) > 0 and np.median(steps) <= _DAILY_STEP
    return _FLAT_DAILY_DATES if growth and daily and len(frame.columns) == 1 else _FLAT_DATES


def _warn_flat(reader: _Reader, frame: pd.DataFrame) -> set[str]:
    """Warn of each fund whose NAV (of a stated type: 单位净值, 累计净值, ...) never moves
    (:func:`_flat_dates`, :func:`_flat_warning`), and return their names."""
    if reader.report.layout == "market":
        return set()
    flat = set()
    navs = frame.to_numpy(dtype=np.float64)
    present = ~np.isnan(navs)
    first = navs[present.argmax(axis=0), np.arange(navs.shape[1])]
    unmoved = present.any(axis=0) & ((navs == first) | ~present).all(axis=0)
    for name in frame.columns[unmoved]:  # (a fund universe: the columns that move at once)
        values = frame[name].dropna()
        stated = reader.report.nav_types.get(str(name)) not in ("income", "returns", "unstated")
        if not stated or len(values) < _flat_dates(reader, frame, values):
            continue
        flat.add(str(name))
        reader.report.warnings.append(_flat_warning(reader, frame, str(name), values))
    return flat


def _flat_warning(reader: _Reader, frame: pd.DataFrame, name: str, values: pd.Series) -> str:
    """The warning of a fund whose NAV ``values`` never move: at 1 or 100 (:data:`_PAR_NAVS`)
    a money-market fund or 理财 product, whose 每万份收益 is asked for (a file of that one fund
    has its 日增长率 and 7日年化 columns named: neither gave the return; a 日增长率 written finer
    than 0.01% would have been compounded, :func:`fofxl.adjnav.build_adjusted`; an annualised
    yield is never turned into returns); at another level a stale or suspended valuation."""
    level = values.iloc[0]
    first, last = values.index[0], values.index[-1]
    if level not in _PAR_NAVS:
        return (
            f"{name}: the NAV is unchanged at {level:g} for all {len(values)} dates from "
            f"{first:%Y-%m-%d} to {last:%Y-%m-%d} (stale or suspended valuation?), so its "
            "return over the file is 0: check that the source has the fund's NAVs"
        )
    why = _not_returns(reader) if len(frame.columns) == 1 else ""
    return (
        f"{name}: the NAV stays at {level:g} on all {len(values)} dates "
        f"({first:%Y-%m-%d} to {last:%Y-%m-%d}), a return of 0 over the file: a money-market "
        f"fund or 理财 product, whose unit NAV does not show its income? {why}give its "
        "每万份收益 (income per 10,000 units), which fofxl compounds"
    )


#: A NAV equal on at least this many consecutive dates of its own, spanning at least
#: :data:`_STALE_STRETCH` (a weekly NAV the same five weeks running: four weeks without a
#: move), after moving, is a stale or suspended valuation in the middle (or at the end) of a
#: file. A 私募's NAV the same two or three weeks running, or a bond fund's few flat days, is
#: not; a NAV unchanged from the first date is a new fund not yet invested.
_STALE_DATES = 5
_STALE_STRETCH = np.timedelta64(28, "D")


def _note_unchanged(reader: _Reader, frame: pd.DataFrame, flat: set[str]) -> None:
    """Note each fund (not market data, returns or an income; not the ``flat`` funds, which
    never move, warned of) whose NAV moves, then stays unchanged on :data:`_STALE_DATES` dates
    or more spanning :data:`_STALE_STRETCH` or more: each stretch's first and last date, its
    number of dates and days, and that its returns are 0. A note, not a warning: the NAVs are
    read as the source gives them (a 私募 not valued for five weeks, a bond fund's 停估), which
    the analyst may want to know but need not act on in the file (QA10 N12/N13/F06)."""
    if reader.report.layout == "market":
        return
    navs = frame.to_numpy(dtype=np.float64)
    stamps = frame.index.to_numpy()
    for j, name in enumerate(frame.columns):
        if str(name) in flat or reader.report.nav_types.get(str(name)) in ("income", "returns"):
            continue
        present = ~np.isnan(navs[:, j])
        values, days = navs[present, j], stamps[present]
        if len(values) <= _STALE_DATES:
            continue
        same = np.r_[0, (values[1:] == values[:-1]).astype(np.int8), 0]
        edges = np.diff(same)
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # dates a..b
        stretches = [
            (a, b)
            for a, b in zip(starts.tolist(), stops.tolist(), strict=True)
            if a > 0 and b - a + 1 >= _STALE_DATES and days[b] - days[a] >= _STALE_STRETCH
        ]
        if not stretches:
            continue
        shown = "; ".join(
            f"{values[a]:g} from {pd.Timestamp(days[a]):%Y-%m-%d} to "
            f"{pd.Timestamp(days[b]):%Y-%m-%d} ({b - a + 1} dates, "
            f"{int((days[b] - days[a]) / np.timedelta64(1, 'D'))} days)"
            for a, b in stretches[:_PREVIEW_LIMIT]
        )
        more = len(stretches) - _PREVIEW_LIMIT
        where = "there are" if len(stretches) == 1 else "in each are"
        reader.report.notes.append(
            f"{name}: the NAV moves, then stays unchanged at {shown}"
            + (f"; and {more} more stretches" if more > 0 else "")
            + f": a stale or suspended valuation? Its returns {where} 0 (a move after it falls "
            "on one date): check the source's NAVs for those dates"
        )


def _not_returns(reader: _Reader) -> str:
    """Why the file's 日增长率 and 7日年化 columns did not give a flat NAV's return."""
    why = ""
    for j, cell in enumerate(reader.header):
        name = _column_name(cell, j)
        if _role(cell)[0] == "growth":
            why += f"{name} does not give it either (written to 0.01%, or 0 on most dates); "
        elif _norm(cell) in _YIELD_NAMES:
            why += (
                f"{name} is an annualised yield, which fofxl does not turn into returns "
                "(compounding it by calendar day is an approximation); "
            )
    return why


def _finish_report(
    report: QualityReport,
    frame: pd.DataFrame,
    stale_weeks: int,
    ohlc: bool = True,
    flat: set[str] | None = None,
) -> None:
    """The report's series, counts, stale series and gaps, and its warnings of unit or
    cumulative NAVs used (not of the ``flat`` funds, warned of by :func:`_warn_flat` or, where
    the file's 累计净值 was not used, by the build), jumps, and (market data) back-filled rows
    and, with ``ohlc``, closes outside [low, high]."""
    for issues in (report.dropped, report.duplicates, report.non_positive):
        issues.sort(key=lambda issue: (issue.row, issue.series or ""))
    report.series = list(frame.columns)
    report.observations = int(frame.notna().to_numpy().sum())
    report.first_date, report.last_date = frame.index[0], frame.index[-1]
    report.stale_weeks = stale_weeks
    horizon = frame.index[-1] - pd.Timedelta(weeks=stale_weeks)
    # each column's last date with a value so far, row by row (all columns at once)
    valid = frame.notna().to_numpy()
    stamps = frame.index.as_unit("ns").asi8
    none = np.iinfo(np.int64).min
    seen = np.maximum.accumulate(np.where(valid, stamps[:, None], none), axis=0)
    before = np.vstack([np.full((1, valid.shape[1]), none), seen[:-1]])
    steps = np.where(valid & (before > none), stamps[:, None] - before, -1)
    longest = np.argmax(steps, axis=0)  # the first longest step between two values
    for j, name in enumerate(frame.columns):
        if seen[-1, j] > none and seen[-1, j] <= horizon.value:
            report.stale[name] = pd.Timestamp(seen[-1, j])
        k = longest[j]
        if steps[k, j] >= 0:
            report.gaps[name] = (pd.Timestamp(before[k, j]), pd.Timestamp(stamps[k]))
    kinds = {name: kind for name, kind in report.nav_types.items() if name not in (flat or ())}
    unit_only = [name for name, kind in kinds.items() if kind == "unit"]
    if unit_only:
        report.warnings.append(
            "only the unit NAV (单位净值) is used for "
            + ", ".join(unit_only)
            + "; it drops at every dividend, so returns across a dividend are wrong: get the "
            "复权净值 (adjusted NAV), or give 累计净值 or 日增长率 beside it so the adjusted NAV "
            "can be built"
        )
    cumulative_only = [name for name, kind in kinds.items() if kind == "cumulative"]
    if cumulative_only:
        report.warnings.append(
            "only the cumulative NAV (累计净值) is used for "
            + ", ".join(cumulative_only)
            + "; it adds dividends back without reinvesting them, so returns after a dividend "
            "are understated: get the 复权净值 (adjusted NAV), or give 单位净值 beside it so the "
            "adjusted NAV can be built"
        )
    prices = [c for c in frame.columns if c in _PRICE_FIELDS]
    _check_jumps(frame, report, prices if report.layout == "market" else list(frame.columns))
    if report.layout == "market":
        if ohlc:
            _check_ohlc(frame, report)
        _check_backfill(frame, report)


#: A move from one NAV (or price) to the next by this factor, up or down (+200%, -67%), is
#: reported: far more often a typo (a misplaced decimal point) or a change of unit than a move.
_JUMP = 3.0


def _check_jumps(frame: pd.DataFrame, report: QualityReport, columns: list[Any]) -> None:
    """Warn of each series' moves by :data:`_JUMP` or more from its previous value (the values
    are kept: the file may be right)."""
    if not columns:
        return
    part = frame[columns]
    values = part.to_numpy()
    before = part.ffill().shift(1).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = values / before
    rows, cols = np.nonzero((ratio >= _JUMP) | (ratio <= 1.0 / _JUMP))
    for j in np.unique(cols):
        at = rows[cols == j]
        i = at[0]
        more = f"; {len(at)} such moves in all" if len(at) > 1 else ""
        report.warnings.append(
            f"{columns[j]} moves from {before[i, j]:g} to {values[i, j]:g} on "
            f"{frame.index[i]:%Y-%m-%d} ({ratio[i, j]:.3g}x){more}: a typo (a misplaced "
            "decimal point) or a change of unit? The values are kept as the file gives them"
        )


def _check_backfill(frame: pd.DataFrame, report: QualityReport) -> None:
    """Rows without trading: volume and amount 0 (those present) and, where the file has
    them, high = low = close. A run of them whose close stays at the close before it (a
    security suspended, 停牌, or a day a vendor filled with the last close) is noted with its
    spans: its returns of 0 are the holder's. A run whose close moves with nothing traded
    (an index vendor's back-filled history: a price computed, no trade; needs the high and
    low) is warned of with its spans. Both are kept (SPEC §7)."""
    traded = [c for c in ("volume", "amount") if c in frame.columns]
    if not traded or "close" not in frame.columns:
        return
    ranged = {"high", "low"} <= set(frame.columns)
    close = frame["close"].to_numpy()
    idle = np.ones(len(frame), dtype=bool)
    for column in traded:
        idle &= frame[column].to_numpy() == 0
    if ranged:
        idle &= (frame["high"].to_numpy() == close) & (frame["low"].to_numpy() == close)
    if not idle.any():
        return

    def spans(runs: list[tuple[int, int]]) -> tuple[str, str]:
        """How many rows the (first, last) positions ``runs`` hold, and the runs as dates."""
        texts = [
            f"{frame.index[a]:%Y-%m-%d} to {frame.index[b]:%Y-%m-%d} ({b - a + 1} rows)"
            if b > a
            else f"{frame.index[a]:%Y-%m-%d} (1 row)"
            for a, b in runs
        ]
        more = len(texts) - _PREVIEW_LIMIT
        shown = "; ".join(texts[:_PREVIEW_LIMIT]) + (f"; and {more} more spans" if more > 0 else "")
        count = sum(b - a + 1 for a, b in runs)
        return f"{count} row{'s' if count > 1 else ''}", shown

    edges = np.diff(np.r_[0, idle.astype(np.int8), 0])
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    flat: list[tuple[int, int]] = []
    moving: list[tuple[int, int]] = []
    before = frame["close"].ffill().shift(1).to_numpy()  # (the last close before each row)
    for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
        level = close[a] if np.isnan(before[a]) else before[a]  # (the file's first: its own)
        (flat if np.all(close[a : b + 1] == level) else moving).append((a, b))
    what = " and ".join(traded)
    if flat:
        rows, shown = spans(flat)
        report.notes.append(
            f"{rows} without trading ({what} 0, the close unchanged from the row before): "
            f"a suspension (停牌), or days a vendor filled with the last close: {shown}; "
            "kept, each a return of 0"
        )
    if moving and ranged:
        rows, shown = spans(moving)
        report.warnings.append(
            f"{rows} look back-filled by the vendor ({what} 0, high = low = close): "
            f"{shown}; nothing traded, yet the close moves on them (a price computed, as an "
            "index's history before its launch): kept, their returns are the vendor's"
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
