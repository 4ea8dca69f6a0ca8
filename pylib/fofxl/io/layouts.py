"""The layouts a file can have, each turned into observation records (series, date, value,
file row): wide, long (fund column), single (one fund's NAV-type columns) and market (prices).
Then one cleaning pass: NAVs and prices <= 0, a market file's 成交额, 成交量 and 换手率 < 0
(0 is a day without trading) and repeated dates are dropped and reported, each quoting the
file's cell as written (a 换手率(%) of -0.52, not the -0.0052 read; of a NAV built from
several columns, the cells of the row, never the NAV built). A date repeated for a series
keeps the file's later row, as the adjusted NAV's build does (the file cannot say which row
is right); the report says whether the kept row's cells are the same and, where not, which
differ and what they hold, and asks for a check."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..clean import chinese_unit, is_blank, to_number, to_text, to_texts, unit_size
from ..errors import InputError
from .adjusted import _by_date, _chained, _edges, _Extras, _extras, _fund_nav, _repeats
from .grid import _cell, _column_name, _is_percent, _letters, _Reader, _short
from .report import Issue, QualityReport
from .vocabulary import (
    _AMPLITUDE_NAMES,
    _CHANGE_NAMES,
    _FLOAT_VALUE_NAMES,
    _NAV_LABELS,
    _NAV_RANK,
    _NAV_USES,
    _PRICE_BASES,
    _PRICE_FIELDS,
    _nav_kind_of,
    _norm,
    _price_basis,
    _role,
    _share_base,
)

__all__: list[str] = []


@dataclass
class _Records:
    """Observations as parallel arrays (series code, date, value, file row); with ``reader``,
    each series' ``sources``: the columns its values are read from, whose cells a message
    quotes (a value may be scaled, 换手率(%) divided by 100, or built, an adjusted NAV)."""

    series: list[str]
    codes: np.ndarray
    dates: np.ndarray  # datetime64[ns]
    values: np.ndarray
    rows: np.ndarray
    sources: list[list[int]] = dataclasses.field(default_factory=list)
    reader: _Reader | None = None


#: A market file's fields that count money or shares, which vendors may write with a Chinese
#: unit (成交额 2505.55亿, 成交量 4567万): never a price, a rate or a NAV.
_COUNTS = frozenset({"amount", "volume"})
#: A market file's fields that cannot be negative, though 0 (a day without trading) can.
_NON_NEGATIVE = _COUNTS | {"turnover"}
_A_COUNT = {"amount": "an amount", "volume": "a volume", "turnover": "a turnover"}


def _build_wide(
    reader: _Reader,
    columns: list[tuple[int, str]],
    layout: str,
    nav: bool = False,
    returns: bool = False,
    raw: dict[int, int] | None = None,
) -> _Records:
    """One series per column; with ``returns``, and for a market file's fields other than
    prices (换手率), columns in percent (by the header or unit row, 周收益率(%), 单位 | %, or by
    percent text in their cells) are read as fractions (:meth:`_Reader.in_percent`), noted.
    ``raw``: an adjusted price's column → the raw price's, which gives the rows before and
    after the adjusted one's values (:func:`_extend_from_raw`)."""
    dates = reader.dates()
    reader.blank_dates(dates, [j for j, _ in columns])
    series, codes, values, idx = [], [], [], []
    sources: list[list[int]] = []
    for j, name in columns:
        counts = layout == "market" and name in _COUNTS
        column = reader.numbers(j, name, nav=nav, units=counts)
        if column is None:
            continue
        if raw and j in raw:
            column = _extend_from_raw(reader, dates, name, column, j, raw[j])
        rates = returns or (layout == "market" and name not in _PRICE_FIELDS)
        scaled = reader.in_percent(j, column) if rates else None
        if scaled is None and layout == "market" and name == "turnover":
            scaled = _turnover_in_percent(reader, j, column, dict((n, k) for k, n in columns))
        if scaled is not None:
            column = scaled
            if reader.says_percent(j):
                label = _column_name(reader.header[j], j)
                reader.report.notes.append(
                    f"column {label}: {'returns' if returns else 'numbers'} in percent (its "
                    "header or unit row says %): divided by 100"
                )
        keep = ~np.isnat(dates) & ~np.isnan(column)
        if nav:  # a date given twice: the row to keep, as of a fund's NAV (_fund_nav)
            _repeats(reader, name, dates, keep, {"unstated": column}, _Extras(), None)
        series.append(name)
        codes.append(np.full(int(keep.sum()), len(series) - 1))
        values.append(column[keep])
        idx.append(np.flatnonzero(keep))
        sources.append([j])
    reader.report_bad_cells(dates)
    reader.report.layout = layout
    return _records(reader, dates, series, codes, values, idx, sources)


def _extend_from_raw(
    reader: _Reader, dates: np.ndarray, field: str, column: np.ndarray, j: int, raw_j: int
) -> np.ndarray:
    """An adjusted price (column j: 复权收盘价) blank on rows before its first value (or after
    its last) that hold the raw price (column raw_j: 收盘价): those rows' price is the raw one
    chained to the adjusted price of that first (last) date, warned: right only if nothing was
    paid or split on those rows, which the raw price does not show (the rule of a partial
    复权净值, :func:`~fofxl.io.adjusted._extend_adjusted`). Where the raw price is blank on
    that date, the rows are not used, warned."""
    seen = len(reader.bad_cells)
    prices = reader.numbers(raw_j, _column_name(reader.header[raw_j], raw_j))
    if prices is None or np.isnan(column).all():
        return column
    rows = (prices > 0) & np.isnan(column) & ~np.isnat(dates)
    edges = _edges(reader, dates, column, rows)
    gap = np.zeros(len(column), dtype=bool)
    for outside, _, _ in edges:
        gap |= outside
    reader.bad_cells[seen:] = [cell for cell in reader.bad_cells[seen:] if gap[cell[0]]]
    given, other = _placed(reader, j), _placed(reader, raw_j)
    out = column
    for outside, edge, where in edges:
        day = pd.Timestamp(edge)
        side = "before" if dates[outside].max() < edge else "after"
        blank = f"{field}: {given} is blank on {where} that hold {other}"
        span = np.flatnonzero(outside | (~np.isnan(prices) & (dates == edge)))
        price = _by_date(dates, span, prices)
        if day not in price.index:
            reader.report.warnings.append(
                f"{blank}; they are not used: {other} is blank on {day:%Y-%m-%d}, so it cannot "
                f"be chained to {_letters(j)}"
            )
            continue
        out = _chained(dates, out, outside, edge, price)
        reader.report.warnings.append(
            f"{blank}: their {field} is {_letters(raw_j)}'s, chained to {_letters(j)}'s on "
            f"{day:%Y-%m-%d}: right only if nothing was paid or split {side} then (a "
            f"distribution would show as a loss); else give {_letters(j)} on those rows"
        )
    return out


#: A 换手率 nothing marks as percent is read at the scale 成交额 / 流通市值 gives it where the
#: file has both (:func:`_float_scale`), noted. Else the size of its median and the scale of
#: the file's own rates (:func:`_rates_scale`) are weighed together (an analyst's own 涨跌幅
#: or 换手率 may sit beside a vendor's, so neither alone decides):
#:
#: * below :data:`_TURNOVER_FRACTIONS`: fractions (as percent numbers it would be under 0.02%
#:   a day, below the lowest of a real stock's, 工商银行's 0.03-0.06%): silently, noted beside
#:   rates in fractions, warned beside rates in percent (they say the other reading);
#: * from it to :data:`_TURNOVER_EITHER`: either (0.05: a small-cap's 5% or a large bank's
#:   0.05%): read as percent numbers beside rates in percent, else as fractions, always
#:   warned naming both readings and how to state the other;
#: * from it to :data:`_TURNOVER_PERCENT`: percent numbers, noted beside rates in percent
#:   (0.1%-10% a day, the common Wind file); else warned naming both (0.6: an index's 0.6%
#:   or a T+0 ETF's 60%, which rates in fractions make likelier, not unlikely);
#: * above it: percent numbers (as fractions: over 1000% a day), noted.
#:
#: An index's turnover as a fraction has a median of 0.003-0.01 (沪深300), 0.01-0.04
#: (中证500/1000, 创业板) and up to 0.06 over months of a hot market (创业板 2015:
#: 0.045-0.057), 0.06-0.10 in its hottest weeks; as percent numbers it is 0.05-0.2 at its
#: lowest (上证50), 0.3-0.85 for 沪深300.
_TURNOVER_FRACTIONS = 0.02
_TURNOVER_EITHER = 0.1
_TURNOVER_PERCENT = 10.0


def _turnover_in_percent(
    reader: _Reader, j: int, column: np.ndarray, fields: dict[str, int]
) -> np.ndarray | None:
    """A 换手率 nothing marks as percent (column j, ``column``), as fractions (divided by 100)
    when it is percent numbers; None (fractions as given) when it is fractions. 成交额 /
    流通市值 (:func:`_float_scale`) decides, noted; else its size weighed with the file's own
    rates (its 涨跌幅 or 振幅 against its prices ``fields``: field → column,
    :func:`_rates_scale`), as :data:`_TURNOVER_FRACTIONS` states."""
    label = _column_name(reader.header[j], j)
    given = np.abs(column[~np.isnan(column)])
    given = given[given > 0]  # (0: a day without trading, a suspension: no scale in it)
    median = float(np.median(given)) if given.size else 0.0
    exact = _float_scale(reader, column, fields)
    if exact is not None:
        scale, why = exact
        what = "percent numbers (divided by 100)" if scale == 100 else "fractions"
        reader.report.notes.append(f"column {label}: read as {what}, {why}")
        return column / 100.0 if scale == 100 else None
    rates = _rates_scale(reader, fields)
    if rates is None:
        percent = _turnover_by_size(reader, label, median, "")
    elif rates[0] == 100:
        percent = _turnover_beside_percent_rates(reader, label, median, rates[1])
    elif median < _TURNOVER_FRACTIONS:
        reader.report.notes.append(
            f"column {label}: read as fractions, the scale of the file's own rates: {rates[1]}"
        )
        percent = False
    else:  # an analyst's own 涨跌幅 beside a vendor's 换手率: the size decides
        why = f" (the file's own rates are fractions: {rates[1]}, but a turnover is often not)"
        percent = _turnover_by_size(reader, label, median, why)
    return column / 100.0 if percent else None


def _turnover_by_size(reader: _Reader, label: str, median: float, rates: str) -> bool:
    """Whether a 换手率 (column ``label``) of ``median`` a day is percent numbers by its size
    alone: fractions below :data:`_TURNOVER_FRACTIONS` (silently), percent numbers above
    :data:`_TURNOVER_PERCENT` (noted), between warned naming both readings and ``rates`` (the
    file's own rates in fractions, or "")."""
    if median < _TURNOVER_FRACTIONS:
        return False
    if median > _TURNOVER_PERCENT:
        reader.report.notes.append(
            f"column {label}: turnover of {median:g} a day (the median) is percent numbers (as "
            f"a fraction it would be over {_TURNOVER_PERCENT:.0%} a day): divided by 100"
        )
        return True
    percent = median >= _TURNOVER_EITHER
    reader.report.warnings.append(
        f"column {label}: nothing says the scale of its turnover ({_both_readings(median)})"
        f"{rates}; read as {_reading(percent)}: {_stating_the_other(percent)}"
    )
    return percent


def _turnover_beside_percent_rates(reader: _Reader, label: str, median: float, why: str) -> bool:
    """Whether a 换手率 (column ``label``) of ``median`` a day beside rates in percent numbers
    (``why``) is percent numbers: noted from :data:`_TURNOVER_EITHER` (the common Wind file);
    below it warned, as the rates say from :data:`_TURNOVER_FRACTIONS` (an analyst's own
    成交量 / 流通股本 beside a vendor's 涨跌幅 is as plausible) and as fractions below it
    (as percent numbers it would be under 0.02% a day)."""
    if median >= _TURNOVER_EITHER:
        reader.report.notes.append(
            f"column {label}: read as percent numbers (divided by 100), the scale of the "
            f"file's own rates: {why}"
        )
        return True
    percent = median >= _TURNOVER_FRACTIONS
    size = (
        "its size allows fractions too"
        if percent
        else f"as percent numbers it would be under {_TURNOVER_FRACTIONS:g}% a day, below "
        "a real stock's"
    )
    reader.report.warnings.append(
        f"column {label}: the file's own rates are percent numbers ({why}), but its turnover "
        f"may not be ({_both_readings(median)}; {size}); read as {_reading(percent)}: "
        f"{_stating_the_other(percent)}"
    )
    return percent


def _both_readings(median: float) -> str:
    """A turnover's median read both ways: 'median 0.0496 a day: 0.0496% as percent numbers,
    4.96% as a fraction' (as many digits as the median has, up to 3)."""
    return (
        f"median {median:g} a day: {median:g}% as percent numbers, {100 * median:.3g}% as a "
        "fraction"
    )


def _reading(percent: bool) -> str:
    """How a 换手率 is read, for a message."""
    return "percent numbers (divided by 100)" if percent else "fractions"


def _stating_the_other(percent: bool) -> str:
    """How a user states the reading of a 换手率 not taken, or makes it exact."""
    other = (
        "if they are fractions, write them × 100 under the header 换手率(%)"
        if percent
        else "if they are percent numbers, head the column 换手率(%)"
    )
    return f"{other}, or give 成交额 and 流通市值 beside it (their ratio is the turnover)"


def _float_scale(
    reader: _Reader, column: np.ndarray, fields: dict[str, int]
) -> tuple[float, str] | None:
    """The scale of a 换手率 (``column``) by the file's 成交额 / 流通市值, the turnover itself
    (each in 元 or the unit its header or cells state): (1, why) when the 换手率 is within
    a factor of 4 of it on the median (a vendor's 换手率 on another float, 自由流通, or
    its amount at the day's average price), (100, why) when it is 100 × that; None when the
    file has no such pair or the ratio is neither."""
    value = next(
        (k for k, cell in enumerate(reader.header) if _norm(cell) in _FLOAT_VALUE_NAMES), None
    )
    if value is None or "amount" not in fields:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):  # (a blank or 0 is no evidence)
        ratio = column * _in_base_unit(reader, value) / _in_base_unit(reader, fields["amount"])
    ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
    if ratio.size < 5:
        return None
    median = float(np.median(ratio))
    for scale in (1.0, 100.0):
        if scale / 4 <= median <= scale * 4:
            times = "100 × " if scale == 100 else ""
            return scale, (
                f"成交额 / 流通市值 ({_placed(reader, fields['amount'], value)}) is "
                f"{times}its scale (the median ratio {median:.3g})"
            )
    return None


def _in_base_unit(reader: _Reader, j: int) -> np.ndarray:
    """Column j's numbers in 元 (or shares): its cells' Chinese units (2505.55亿) and its
    header's (流通市值(亿元)) applied, NaN for any other cell, nothing reported: evidence
    read beside the data, not data."""
    stated = reader.stated_unit(j)
    out = np.full(len(reader.body), np.nan)
    for i, cell in enumerate(reader.column(j)):
        number, unit = chinese_unit(cell)
        try:
            out[i] = to_number(number) * unit_size(unit or stated or "")
        except InputError:
            pass
    return out


#: A vendor's 涨跌幅 (or 振幅) agrees with the one the file's prices give when they differ by
#: at most this, or 2% of it (the vendor's rounding: 0.39 for 0.3915%, 0.0039 for 0.003915).
_AGREE = 5e-4
#: Rows that tell the two scales apart: the price's move at least this (a 0.2% day).
_TELLING = 0.002


def _rates_scale(reader: _Reader, fields: dict[str, int]) -> tuple[float, str] | None:
    """The scale a market file writes its rates at, by its own rates: (100, why) when its
    涨跌幅 is 100 × the close's returns, or its 振幅 100 × (high − low) / previous close, on
    most rows that tell (东方财富, akshare, 同花顺: percent numbers); (1, why) when they agree
    as fractions; None when the file has neither column, they agree at neither scale, or
    disagree with each other."""
    dates = reader.dates()
    prices = {f: _plain_values(reader, fields[f]) for f in ("close", "high", "low") if f in fields}
    if "close" not in prices:
        return None
    order = np.flatnonzero(~np.isnat(dates) & (prices["close"] > 0))
    order = order[np.argsort(dates[order], kind="stable")]
    now, before = order[1:], prices["close"][order[:-1]]
    implied = {"涨跌幅": prices["close"][now] / before - 1.0}
    if "high" in prices and "low" in prices:
        implied["振幅"] = (prices["high"][now] - prices["low"][now]) / before
    found = {}
    for k, cell in enumerate(reader.header):
        kind = _rate_kind(cell)
        if kind in implied and kind not in found:
            text = reader.percent_text(k)
            scale = _agreeing_scale(_rate_values(reader, k, text)[now], implied[kind])
            if scale is not None:
                times = "100 × " if scale == 100 else ""
                written = " (percent text)" if text.any() else ""
                found[kind] = (
                    scale,
                    f"{_column_name(cell, k)} is {times}{_RATES[kind]}{written}",
                )
    scales = {scale for scale, _ in found.values()}
    if len(scales) != 1:
        return None
    return scales.pop(), "; ".join(why for _, why in found.values())


#: What a vendor's rate is of the file's prices.
_RATES = {"涨跌幅": "the close's returns", "振幅": "(high − low) / previous close"}


def _rate_kind(cell: object) -> str | None:
    """涨跌幅 for a header naming a daily change (涨跌幅, pctchg, 同花顺's 涨幅), 振幅 for an
    amplitude."""
    if _role(cell)[0] == "growth" or _norm(cell) in _CHANGE_NAMES:
        return "涨跌幅"
    return "振幅" if _norm(cell) in _AMPLITUDE_NAMES else None


def _agreeing_scale(given: np.ndarray, implied: np.ndarray) -> float | None:
    """100 when ``given`` (a vendor's rates) is 100 × ``implied`` (the rates its prices give)
    on at least 80% of at least 5 rows that tell the two apart (:data:`_TELLING`), 1 when it
    is ``implied`` itself there; else None."""
    telling = ~np.isnan(given) & ~np.isnan(implied) & (np.abs(implied) >= _TELLING)
    if telling.sum() < 5:
        return None
    given, implied = given[telling], implied[telling]
    slack = np.maximum(_AGREE, 0.02 * np.abs(implied))
    for scale in (100.0, 1.0):
        if np.mean(np.abs(given / scale - implied) <= slack) >= 0.8:
            return scale
    return None


def _rate_values(reader: _Reader, j: int, text: np.ndarray) -> np.ndarray:
    """A vendor's rates (column j) as it prints them: plain numbers, and percent text
    (``text``: 3.21%) as its number (3.21), the vendor's percent scale; nothing reported."""
    out, cells = _plain_values(reader, j), reader.column(j)
    for i in np.flatnonzero(text):
        try:
            out[i] = 100.0 * to_number(cells[i])
        except InputError:
            pass
    return out


def _plain_values(reader: _Reader, j: int) -> np.ndarray:
    """Column j's plain numbers, NaN for any other cell (percent text, text, blank), nothing
    reported: evidence read beside the data, not data."""
    out = np.full(len(reader.body), np.nan)
    for i, cell in enumerate(reader.column(j)):
        if not _is_percent(cell):
            try:
                out[i] = to_number(cell)
            except InputError:
                pass
    return out


def _records(
    reader: _Reader,
    dates: np.ndarray,
    series: list[str],
    codes: list[np.ndarray],
    values: list[np.ndarray],
    idx: list[np.ndarray],
    sources: list[list[int]] | None = None,
) -> _Records:
    """The records of each series' values on the body rows ``idx``; ``sources``: each
    series' columns (:class:`_Records`)."""
    if not series or not any(len(v) for v in values):
        raise InputError(_nothing_usable(reader))
    at = np.concatenate(idx)
    return _Records(
        series=series,
        codes=np.concatenate(codes).astype(np.int64),
        dates=dates[at],
        values=np.concatenate(values),
        rows=at + reader.first_row,
        sources=sources or [],
        reader=reader if sources else None,
    )


#: Why a wide file's column named for returns was not read as a series.
_NOT_READ = {
    "returns": "holds returns, not NAVs: it was not read (read a file of returns with fofxl "
    "import --returns)",
    "measure": "holds a measure made of returns (cumulative, excess or annualised), neither "
    "NAVs nor periodic returns: it was not read",
}


def _nothing_usable(reader: _Reader) -> str:
    rep = reader.report
    unsaved = [w for w in rep.warnings if "formulas without a saved result" in w]
    if unsaved:
        return f"{reader.source}: no usable data: {unsaved[0]}."
    not_read = [w for w in rep.warnings if w.endswith(tuple(_NOT_READ.values()))]
    if not_read:
        return f"{reader.source}: no usable data: {not_read[0]}."
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
    reader: _Reader,
    fund_col: int,
    nav_cols: list[tuple[int, str]],
    type_col: int | None,
    extras: _Extras,
) -> _Records:
    dates = reader.dates()
    label = f"{reader.source} column {_column_name(reader.header[fund_col], fund_col)}"
    cells = reader.column(fund_col)
    try:  # each distinct name read once
        funds: list[str | None] = to_texts(cells, label, reader.first_row)
    except InputError:
        if reader.strict:
            raise
        funds = []
        for i, cell in enumerate(cells):  # a bad name drops its rows, each one reported
            try:
                funds.append(to_text(cell, label, i + reader.first_row))
            except InputError:
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
        nav_cols = _one_per_kind(reader, nav_cols)
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
    by_kind: dict[str, np.ndarray] = {}
    for kind, column in kinds:
        by_kind.setdefault(kind, column)
    simple = len(by_kind) == 1 and extras.growth is None and not extras.dividends
    if simple:
        ((kind, navs),) = by_kind.items()
        keep = valid & (fund_codes >= 0) & ~np.isnan(navs)
        pairs = np.c_[fund_codes[keep], dates[keep].view(np.int64)]
        simple = len(np.unique(pairs, axis=0)) == len(pairs)  # (a fund's date twice: its own)
    if simple:
        # one NAV column and nothing to build from: every fund reads it (as _fund_nav would),
        # all at once, not a pass over the whole file per fund
        codes, values, idx = [fund_codes[keep]], [navs[keep]], [np.flatnonzero(keep)]
        reader.report.nav_types.update(dict.fromkeys(series, kind))
    else:
        codes, values, idx = _each_fund(reader, series, dates, np.where(valid, fund_codes, -1),
                                        by_kind, extras)  # fmt: skip
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
    # the cells a message quotes: the NAVs, and the 日增长率 and 分红送配 beside them
    beside = [j for j in (extras.growth_col, extras.dividend_col) if j >= 0]
    sources = [sorted({*value_cols, *beside})] * len(series)
    return _records(reader, dates, series, codes, values, idx, sources)


@dataclass
class _Fund:
    """One fund of a file without a fund column: its name, its NAV-type columns (column,
    kind) and the 日增长率 and 分红送配 columns beside them."""

    name: str
    navs: list[tuple[int, str]]
    growth: int | None = None
    dividend: int | None = None

    @property
    def columns(self) -> set[int]:
        """Every column the fund is read from."""
        extra = {j for j in (self.growth, self.dividend) if j is not None}
        return {j for j, _ in self.navs} | extra


def _single_funds(
    reader: _Reader,
    nav_cols: list[tuple[int, str]],
    growth_cols: list[int],
    dividend_cols: list[int],
) -> list[_Fund]:
    """The funds of a file of NAV-type columns without a fund column: one, named after the
    file; or, where the header names two funds or more over their columns (each fund's name
    merged over its 单位净值 | 累计净值, a Wind 简称 row over 复权单位净值 columns), one per
    name, read from the columns under it. A NAV column under no name, or two of the same name
    for one fund (two funds' 单位净值 with nothing to tell them apart), is an error."""
    named = [(g, set(cols)) for g, cols in reader.groups if any(j in cols for j, _ in nav_cols)]
    if len(named) < 2:
        first = [c[0] if c else None for c in (growth_cols, dividend_cols)]
        funds = [_Fund(reader.stem, nav_cols, *first)]
    else:
        loose = [j for j, _ in nav_cols if not any(j in cols for _, cols in named)]
        if loose:
            raise InputError(
                f"{reader.source}: the header names the funds {_listed([g for g, _ in named])} "
                f"over their columns, but column {_letters(loose[0])} "
                f"({_column_name(reader.header[loose[0]], loose[0])}) is under none of them: "
                "put its fund's name above it, or move it to a file of its own."
            )
        funds = [
            _Fund(g, [(j, k) for j, k in nav_cols if j in cols],
                  next((j for j in growth_cols if j in cols), None),
                  next((j for j in dividend_cols if j in cols), None))
            for g, cols in named
        ]  # fmt: skip
    for fund in funds:
        seen: dict[str, int] = {}
        for j, _ in fund.navs:
            name = _column_name(reader.header[j], j)
            if name in seen:
                whose = f" of {fund.name}" if len(funds) > 1 else ""
                raise InputError(
                    f"{reader.source}: columns {_letters(seen[name])} and {_letters(j)}{whose} "
                    f"are both {name}, and no row above the header names a fund over each: "
                    "import one fund per file, or put each fund's name in the row above the "
                    "header, over its columns."
                )
            seen[name] = j
    return funds


def _listed(names: list[str], shown: int = 3) -> str:
    return ", ".join(names[:shown]) + (", ..." if len(names) > shown else "")


def _placed(reader: _Reader, *columns: int) -> str:
    """Columns by letter and header: ``D (复权净值(费前)) and E (复权净值(费后))``."""
    return " and ".join(f"{_letters(j)} ({_column_name(reader.header[j], j)})" for j in columns)


def _one_per_kind(
    reader: _Reader, navs: list[tuple[int, str]], name: str = ""
) -> list[tuple[int, str]]:
    """A fund's NAV columns, one of each type: two of a type told apart by a qualifier alone
    (火富牛's 复权净值(费前) | 复权净值(费后)) are never chosen between by their order. Two
    复权净值 beside one 单位净值 and one 累计净值 are left out, said in a note: the adjusted NAV
    is built from those (the published NAV, before any performance fee accrual). ``name``:
    the fund's, in messages (none for the columns of every fund of a long file).

    Raises
    ------
    InputError
        Two columns of one type otherwise, naming both: keep one.
    """
    where: dict[str, list[int]] = {}
    for j, kind in navs:
        where.setdefault(kind, []).append(j)
    twice = {kind: at for kind, at in where.items() if len(at) > 1}
    if not twice:
        return navs
    shown = {kind: _placed(reader, *at) for kind, at in twice.items()}
    if set(twice) == {"adjusted"} and {"unit", "cumulative"} <= set(where):
        reader.report.notes.append(
            f"{name + ': ' if name else ''}columns {shown['adjusted']} are two adjusted NAVs "
            "(复权净值) told apart only by their qualifier, not used: the adjusted NAV is built "
            "from 单位净值 and 累计净值 (the published NAV, before any performance fee accrual)"
        )
        return [(j, kind) for j, kind in navs if kind != "adjusted"]
    kind, _ = next(iter(twice.items()))
    whose = f" of {name}" if name else ""
    raise InputError(
        f"{reader.source}: columns {shown[kind]}{whose} are both of one NAV type, "
        f"{_NAV_LABELS[kind]}, and nothing says which one to use: keep one column (delete the "
        "other) and import again."
    )


def _named_funds(
    reader: _Reader,
    nav_cols: list[tuple[int, str]],
    named: dict[int, str],
    growth_cols: list[int],
    dividend_cols: list[int],
) -> list[_Fund]:
    """The funds of NAV columns whose headers name them (Choice's ``单位净值:华夏成长 |
    累计净值:华夏成长``; a column naming none is the file's own), in the header's order; the
    日增长率 and 分红送配 beside them only when they name one fund (they cannot say which of
    several they belong to)."""
    navs: dict[str, list[tuple[int, str]]] = {}
    for j, kind in nav_cols:
        navs.setdefault(named.get(j, reader.stem), []).append((j, kind))
    _drop_lone_named(reader, navs)
    first = [c[0] if c and len(navs) == 1 else None for c in (growth_cols, dividend_cols)]
    return [_Fund(name, columns, *first) for name, columns in navs.items()]


def _drop_lone_named(reader: _Reader, navs: dict[str, list[tuple[int, str]]]) -> None:
    """Drop (warned) the one column a word names beside the file's own unnamed NAV of its type
    (单位净值 | 累计净值 | 单位净值(披露)): a panel names each fund's columns, so the word
    more likely tells another value of the file's fund (披露, 公告) than a second fund."""
    own = {kind: j for j, kind in navs.get(reader.stem, [])}
    lone = [(name, *cols[0]) for name, cols in navs.items() if name != reader.stem
            and len(cols) == 1 and cols[0][1] in own]  # fmt: skip
    if len(lone) != 1 or len(navs) != 2:
        return
    name, j, kind = lone[0]
    del navs[name]
    mine = _placed(reader, own[kind])
    reader.report.warnings.append(
        f"column {_placed(reader, j)} names {name} beside the file's own {mine} of its type, so "
        f"it is read as another value of this fund, not a second fund: not used; if {name} is "
        "a fund, name each fund's columns (华夏成长(单位净值))"
    )


def _build_funds(reader: _Reader, funds: list[_Fund], layout: str = "single") -> _Records:
    """Each fund's NAV (:func:`_one_fund`) from its own columns, down every body row: the funds
    of :func:`_single_funds` (``single``) or of :func:`_named_funds` (``wide`` for several,
    whose headers name each column's fund)."""
    dates = reader.dates()
    reader.blank_dates(dates, sorted(set().union(*(f.columns for f in funds))))
    reader.report.layout = layout
    prefix = len(funds) > 1 and layout == "single"  # (a wide file's headers name the fund)
    series: list[str] = []
    codes, values, idx = [], [], []
    sources: list[list[int]] = []
    reported: set[int] = set()  # columns whose bad cells matter: those a fund's NAV reads
    # every fund's columns read first, then each fund built: the columns in turn, not between
    # builds (4 ms less of 62 for 60 funds)
    funds = [
        dataclasses.replace(fund, navs=_one_per_kind(reader, fund.navs, fund.name))
        for fund in funds
    ]
    read_in = [_read_fund(reader, fund, prefix) for fund in funds]
    for fund, (extras, columns, kind_of) in zip(funds, read_in, strict=True):
        column, kind, read = _one_fund(reader, fund, dates, extras, columns, kind_of)
        reported |= read
        if column is None:
            if len(funds) > 1:
                reader.report.warnings.append(
                    f"{fund.name}: no usable NAV in its columns "
                    f"({', '.join(_column_name(reader.header[j], j) for j, _ in fund.navs)}); "
                    "it is not imported"
                )
            continue
        reader.report.nav_types[fund.name] = kind
        keep = ~np.isnat(dates) & ~np.isnan(column)
        series.append(fund.name)
        codes.append(np.full(int(keep.sum()), len(series) - 1))
        values.append(column[keep])
        idx.append(np.flatnonzero(keep))
        # the cells a message quotes: the NAVs, and the 日增长率 and 分红送配 beside them (a
        # date given twice on rows that differ in 分红送配 alone is quoted as differing)
        sources.append(
            sorted({*kind_of, *(j for j in (fund.growth, fund.dividend) if j is not None)})
        )
    reader.bad_cells = [b for b in reader.bad_cells if b[1] in reported]
    reader.report_bad_cells(dates)
    return _records(reader, dates, series, codes, values, idx, sources)


def _read_fund(
    reader: _Reader, fund: _Fund, prefix: bool
) -> tuple[_Extras, dict[str, np.ndarray], dict[int, str]]:
    """A fund's columns read: its 日增长率 and 分红送配 (:func:`_extras`), its NAV columns
    (:meth:`_Reader.numbers`) by kind, the first of each kind, and the kind of each column
    read. ``prefix``: messages name a column with the fund's name before it."""
    extras = _extras(reader, fund.growth, fund.dividend)
    columns: dict[str, np.ndarray] = {}
    kind_of: dict[int, str] = {}
    for j, kind in sorted(fund.navs, key=lambda jk: _NAV_RANK.index(jk[1])):
        label = _column_name(reader.header[j], j)
        column = reader.numbers(j, f"{fund.name} {label}" if prefix else label, nav=True)
        if column is not None and kind not in columns:
            columns[kind] = column
            kind_of[j] = kind
    return extras, columns, kind_of


def _one_fund(
    reader: _Reader,
    fund: _Fund,
    dates: np.ndarray,
    extras: _Extras,
    columns: dict[str, np.ndarray],
    kind_of: dict[int, str],
) -> tuple[np.ndarray | None, str, set[int]]:
    """One fund's NAV per body row (:func:`_fund_nav`; None when it has no usable one) from
    what :func:`_read_fund` read, its kind, and the columns whose bad cells matter: those the
    NAV reads (all of the fund's NAV columns when it has none: they say why)."""
    chosen = _fund_nav(reader, fund.name, dates, np.ones(len(dates), bool), columns, extras)
    if chosen is None:
        return None, "", {j for j, _ in fund.navs}
    column, kind = chosen
    uses = _NAV_USES.get(kind, (kind,))
    return column, kind, {j for j, k in kind_of.items() if k in uses}


def _each_fund(
    reader: _Reader,
    series: list[str],
    dates: np.ndarray,
    fund_codes: np.ndarray,
    by_kind: dict[str, np.ndarray],
    extras: _Extras,
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Codes, NAVs and body rows of each fund (:func:`_fund_nav`), each fund on its own rows
    (found with one sort; ``fund_codes`` -1 where a row is no fund's), not on a mask of the
    whole file."""
    grouped = np.argsort(fund_codes, kind="stable")
    starts = np.searchsorted(fund_codes[grouped], np.arange(len(series) + 1))
    dividends: dict[int, list[tuple[int, str]]] = {}
    for i, text in extras.dividends:
        dividends.setdefault(int(fund_codes[i]), []).append((i, text))
    codes, values, idx = [], [], []
    for k, name in enumerate(series):
        at = grouped[starts[k] : starts[k + 1]]  # the fund's rows, in file order
        own = dataclasses.replace(
            extras,
            growth=None if extras.growth is None else extras.growth[at],
            dividends=_on_own_rows(at, dividends.get(k, [])),
        )
        columns = {kind: column[at] for kind, column in by_kind.items()}
        mine = np.ones(len(at), dtype=bool)
        chosen = _fund_nav(reader, name, dates[at], mine, columns, own, at)
        if chosen is None:
            continue
        column, kind = chosen
        reader.report.nav_types[name] = kind
        keep = ~np.isnan(column)
        codes.append(np.full(int(keep.sum()), k))
        values.append(column[keep])
        idx.append(at[keep])
    return codes, values, idx


def _on_own_rows(at: np.ndarray, listed: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The listed (body row, text) pairs of the rows ``at`` (sorted), by position in ``at``."""
    places = np.searchsorted(at, [i for i, _ in listed]).tolist() if listed else []
    return [
        (p, text) for p, (i, text) in zip(places, listed, strict=True) if p < len(at) and at[p] == i
    ]


def _one_price_basis(
    reader: _Reader, market_cols: list[tuple[int, str]]
) -> tuple[list[tuple[int, str]], bool, dict[int, int]]:
    """The market columns, a field in columns that each state another price basis (one
    security's 收盘价(不复权) | 收盘价(后复权)) read from the one best for returns, 后复权 then
    前复权 (:data:`_PRICE_BASES`), noted with the others, not used; whether the close can
    be compared with the high and low (False when they are not on the chosen close's basis);
    and the raw price's column of each adjusted one chosen beside it (for the rows where
    the adjusted one is blank: :func:`_extend_from_raw`). A 换手率 beside others on a stated
    share base is read alone (:func:`_one_share_base`).
    Columns under several names (securities side by side) are left to :func:`_market_names`."""
    raw: dict[int, int] = {}
    if sum(any(j in cols for j, _ in market_cols) for _, cols in reader.groups) > 1:
        return market_cols, True, raw
    where: dict[str, list[int]] = {}
    for j, field in market_cols:
        where.setdefault(field, []).append(j)
    unused: set[int] = set()
    comparable = True
    for field, at in where.items():
        if field == "turnover":
            unused.update(_one_share_base(reader, at))
            continue
        bases = [_price_basis(reader.header[j]) for j in at]
        if bases.count(None) == 1 and {"后复权", "前复权", "复权"} & set(bases):
            # a plain 收盘价 beside an adjusted one (收盘价 | 复权收盘价) is the raw close
            bases[bases.index(None)] = "不复权"
        if len(at) < 2 or None in bases or len(set(bases)) < len(bases):
            continue
        best = min(zip(bases, at, strict=True), key=lambda bj: _PRICE_BASES.index(str(bj[0])))
        others = [j for j in at if j != best[1]]
        if "不复权" in bases and best[0] != "不复权":
            raw[best[1]] = at[bases.index("不复权")]
        unused.update(others)
        note = (
            f"{field}: column {_placed(reader, best[1])} used, {best[0]} (dividends "
            f"reinvested: right for returns); not used: {_placed(reader, *others)}"
        )
        ranges = [j for j, f in market_cols if f in ("high", "low")]
        if field == "close" and any(_price_basis(reader.header[j]) != best[0] for j in ranges):
            comparable = False
            note += "; the high and low are on another basis: not compared with it"
        reader.report.notes.append(note)
    return [(j, f) for j, f in market_cols if j not in unused], comparable, raw


def _one_share_base(reader: _Reader, at: list[int]) -> list[int]:
    """Of the 换手率 columns ``at``, those not used: beside one stating no share base
    (换手率(%), the vendor's turnover), those stating another (Wind's 换手率(基准.自由流通股本)
    (%), on the free float: larger), noted; none otherwise (two plain ones are refused by
    :func:`_market_names`). A lone 换手率 on a stated base is read, noted with its base."""
    bases = [_share_base(reader.header[j]) for j in at]
    if len(at) == 1:
        if bases[0] is not None:
            reader.report.notes.append(
                f"turnover: column {_placed(reader, at[0])} is the turnover on "
                f"{bases[0]}, as its header says"
            )
        return []
    plain = [j for j, base in zip(at, bases, strict=True) if base is None]
    if len(plain) != 1:
        return []
    others = [j for j in at if j != plain[0]]
    reader.report.notes.append(
        f"turnover: column {_placed(reader, plain[0])} used (its header states no share "
        f"base: the vendor's usual one, the float); not used: {_placed(reader, *others)}, on "
        "another share base"
    )
    return others


def _market_names(
    reader: _Reader, fund_cols: list[int], market_cols: list[tuple[int, str]]
) -> None:
    """One index or security per file: a field (收盘价, ...) once, and 名称 / 股票代码 text
    beside the prices (163.com, 东方财富) naming one security. (A market sheet of a template
    holds one index's fields, read by name: close, high, low, turnover.)"""
    where: dict[str, list[int]] = {}
    for j, field in market_cols:
        where.setdefault(field, []).append(j)
    repeated = [(field, at) for field, at in where.items() if len(at) > 1]
    if repeated:
        field, at = repeated[0]
        names = [g for g, cols in reader.groups if any(j in cols for j, _ in market_cols)]
        what = (
            f"{len(names)} indices side by side ({_listed(names)})"
            if len(names) > 1
            else f"the field {field} in columns {', '.join(map(_letters, at))} "
            f"({_column_name(reader.header[at[0]], at[0])})"
        )
        raise InputError(
            f"{reader.source} holds {what}; a market file holds one index's fields (收盘价, "
            "最高价, ...), each once: give each index its own file or sheet, or their 收盘价 "
            "alone as a date column and one column per index."
        )
    for j in fund_cols:
        names = _securities(reader, j)
        label = _column_name(reader.header[j], j)
        if len(names) > 1:
            raise InputError(
                f"{reader.source}: column {label} names {len(names)} securities "
                f"({', '.join(names[:3])}{', ...' if len(names) > 3 else ''}); give one index "
                "or security per file."
            )
        if names:
            reader.report.notes.append(f"{label}: {names[0]}")


def _securities(reader: _Reader, j: int) -> list[str]:
    """The names (or codes) a 名称 / 代码 column j gives, each once, in the file's order (a
    code's leading ' that keeps Excel from reading it as a number dropped)."""
    return list(dict.fromkeys(text.lstrip("'") for _, text in reader.texts(j)))


def _clean_records(
    records: _Records,
    report: QualityReport,
    positive: set[str],
    strict: bool = False,
    nonnegative: frozenset[str] = frozenset(),
) -> _Records:
    """Drop values <= 0 where ``positive`` (NAVs, prices), values < 0 where ``nonnegative``
    (a market file's 成交额, 成交量, 换手率: 0 is a day without trading, below is no
    amount), each listed, and duplicate dates per series (keep the row a fund's build chose,
    ``reader.kept_rows``, else the last row; :func:`_repeated`); with ``strict``, the first of
    either is an error instead."""
    names = np.array(records.series, dtype=object)
    # per series, then per value by its code (np.isin on the names compares every pair)
    checked = np.array([name in positive for name in records.series], dtype=bool)
    check = checked[records.codes] if positive else None
    if check is not None:
        records, check = _drop_signed(records, check, report, strict)
    counted = np.array([name in nonnegative for name in records.series], dtype=bool)
    bad = counted[records.codes] & (records.values < 0)
    if check is not None:
        bad |= check & (records.values <= 0)
    for k in np.flatnonzero(bad).tolist():
        name = records.series[records.codes[k]]
        day = pd.Timestamp(records.dates[k])
        rule = f"on {day:%Y-%m-%d} must be >= 0" if name in nonnegative else "must be > 0"
        shown = _quoted(records, k, zero_bad=name not in nonnegative)
        if strict:
            what = (
                f"{_A_COUNT[name]} must be >= 0"
                if name in nonnegative
                else "a NAV or price must be > 0"
            )
            raise InputError(
                f"{report.source} column {names[records.codes[k]]}: row "
                f"{int(records.rows[k])} is {shown}; {what}: correct it or clear the cell."
            )
        report.non_positive.append(
            Issue(int(records.rows[k]), name, shown, f"{rule}: value dropped")
        )
    records = _subset(records, ~bad)
    order = np.lexsort((records.rows, records.dates, records.codes))
    records = _subset(records, order)
    same = (records.codes[1:] == records.codes[:-1]) & (records.dates[1:] == records.dates[:-1])
    if not same.any():
        return records
    chosen = records.reader.kept_rows if records.reader is not None else {}
    drop = np.zeros(len(records.values), dtype=bool)
    starts = np.flatnonzero(np.r_[True, ~same])
    ends = np.r_[starts[1:], len(records.values)]
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s < 2:
            continue
        if strict:
            raise InputError(
                f"{report.source} column {records.series[records.codes[s]]}: the date "
                f"{pd.Timestamp(records.dates[s]):%Y-%m-%d} appears on rows "
                f"{int(records.rows[s])} and {int(records.rows[s + 1])}; keep one row per date."
            )
        name = records.series[records.codes[s]]
        group = range(s, e)
        rows = {int(records.rows[k]) for k in group}
        given = {k: chosen.get((name, int(records.rows[k]))) for k in group}
        dropped = {k for k, why in given.items() if why is not None and why[0] in rows}
        kept = max((k for k in group if k not in dropped), default=e - 1)  # else the later row
        for k in group:
            if k == kept:
                continue
            drop[k] = True
            why = given[k]
            reason = why[1] if why is not None and why[0] == int(records.rows[kept]) else None
            report.duplicates.append(_repeated(records, k, kept, reason))
    return _subset(records, ~drop)


def _cells_of(records: _Records, k: int) -> list[tuple[str, object]]:
    """(column name, cell) of the columns record k is read from, on its row; none when the
    records do not say (:class:`_Records`)."""
    reader = records.reader
    if reader is None or not records.sources:
        return []
    row = reader.body[int(records.rows[k]) - reader.first_row]
    columns = records.sources[records.codes[k]]
    return [(_column_name(reader.header[j], j), _cell(row, j)) for j in columns]


def _as_read(cell: object) -> object:
    """A cell as compared with another: its number (1.1617 and '1.16170' are one), else its
    text; a blank is None."""
    if is_blank(cell):
        return None
    try:
        return to_number(cell)
    except InputError:
        return str(cell).strip()


def _quoted(records: _Records, k: int, zero_bad: bool) -> str:
    """Record k's cell, a value below 0 (or at 0, with ``zero_bad``), as the file writes it
    (-0.52, not the -0.0052 of a 换手率(%) read as a fraction): its one column's, or of
    several (a NAV built from 单位净值 and 累计净值) the first so; its value where no cell is
    (a NAV compounded)."""
    cells = _cells_of(records, k)
    if len(cells) > 1:
        read = [(name, cell, _as_read(cell)) for name, cell in cells]
        cells = [
            (name, cell)
            for name, cell, v in read
            if isinstance(v, float) and (v < 0 or (zero_bad and v == 0))
        ][:1]
    if len(cells) == 1 and not is_blank(cells[0][1]):
        return _short(cells[0][1])
    return f"{records.values[k]:g}"  # (no cell holds it: a NAV compounded, a price chained)


def _repeated(records: _Records, k: int, kept: int, why: str | None = None) -> Issue:
    """The issue of record k, whose date repeats on record ``kept`` (the one kept), quoting
    the cells of the row dropped and saying whether the kept row's differ, and which. The row
    kept is the one :func:`~fofxl.io.adjusted._fund_nav` chose, for the reason ``why``, else
    the file's later row: where the cells differ the file does not say which is right, so the
    reason says which differ, why that row was kept and asks for a check."""
    day = pd.Timestamp(records.dates[k])
    kept_row = int(records.rows[kept])
    mine, theirs = _cells_of(records, k), _cells_of(records, kept)
    pairs = [
        (name, a, b)
        for (name, a), (_, b) in zip(mine, theirs, strict=True)
        if not (is_blank(a) and is_blank(b))
    ]
    if not pairs:  # (no cells to quote, a NAV compounded: the values themselves)
        pairs = [("", f"{records.values[k]:g}", f"{records.values[kept]:g}")]
    changed = [(n, a, b) for n, a, b in pairs if _as_read(a) != _as_read(b)]
    shown = _short((changed or pairs)[0][1])
    text = f"date {day:%Y-%m-%d} repeats on row {kept_row}"
    if len(pairs) == 1:
        text += f" with a different value {_short(changed[0][2])}" if changed else " (same value)"
    elif changed:
        same = [n for n, _, _ in pairs if n not in {c for c, _, _ in changed}]
        text += " with a different " + ", ".join(f"{n} {_short(b)}" for n, _, b in changed)
        text += f" ({_joined(same)} the same)" if same else ""
    else:
        text += f" (the same {_joined([n for n, _, _ in pairs])})"
    text += f"; kept row {kept_row}"
    if changed:
        text += (
            f": {why}" if why else ", the later of the two in the file"
        ) + " (the file does not say which is right): check it and delete the other row"
    elif why:  # the rows differ in a cell not quoted here (one gives a 分红送配 text; QA14 R28)
        text += f": {why}"
    return Issue(int(records.rows[k]), records.series[records.codes[k]], shown, text, bool(changed))


def _joined(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _drop_signed(
    records: _Records, check: np.ndarray, report: QualityReport, strict: bool
) -> tuple[_Records, np.ndarray]:
    """The records without the checked series that are a signed measure (returns, say), not
    NAVs or prices, each reported; an error when they are half the checked series or more (a
    file of returns) or, with ``strict``, when there is one."""
    signed = _signed_series(records, check)
    what = "prices" if report.layout == "market" else "NAVs"
    tiny = _tiny_series(records, check) if what == "NAVs" else np.array([], dtype=np.int64)
    tiny = np.setdiff1d(tiny, signed)
    if not len(signed) and not len(tiny):
        return records, check
    instead = (
        "the prices themselves"
        if what == "prices"
        else "the NAVs (复权净值, 累计净值 or 单位净值), or read a file of returns with "
        "fofxl import --returns, which compounds them into NAVs"
    )
    checked = len(np.unique(records.codes[check]))
    details = [
        *((d, "returns or another signed measure") for d in _signed_details(records, signed)),
        *((d, "returns") for d in _tiny_details(records, tiny)),
    ]
    found = len(signed) + len(tiny)
    if strict or 2 * found >= checked:
        like = "returns or another signed measure" if len(signed) else "returns"
        raise InputError(
            f"{report.source}: {found} of {checked} columns look like {like}, not {what} "
            f"(first: {details[0][0]}); nothing was imported: give {instead}."
        )
    for detail, like in details:
        report.warnings.append(
            f"{detail}: it looks like {like}, not {what}, and was not imported; give {instead}."
        )
    is_signed = np.zeros(len(records.series), dtype=bool)
    is_signed[signed] = True
    is_signed[tiny] = True
    unsigned = ~is_signed[records.codes]
    return _subset(records, unsigned), check[unsigned]


def _signed_series(records: _Records, check: np.ndarray) -> np.ndarray:
    """Codes of the checked series that are no NAVs or prices but a signed measure (returns,
    say): a tenth or more of their values negative, taking three different values or more (a
    placeholder such as -1 for a missing NAV takes one)."""
    negative = check & (records.values < 0)
    k = len(records.series)
    codes, values = records.codes[negative], records.values[negative]
    order = np.lexsort((values, codes))
    codes, values = codes[order], values[order]
    new = np.ones(len(codes), dtype=bool)
    new[1:] = (codes[1:] != codes[:-1]) | (values[1:] != values[:-1])
    distinct = np.bincount(codes[new], minlength=k)
    counted = np.bincount(records.codes[check], minlength=k)
    return np.flatnonzero((distinct >= 3) & (10 * np.bincount(codes, minlength=k) >= counted))


#: A fund whose every NAV is below this is no fund's NAV but a rate: returns of a few tenths
#: of a percent a month (a bond fund's, all positive), read as if they were NAVs.
_TINY_NAV = 0.05


def _tiny_series(records: _Records, check: np.ndarray) -> np.ndarray:
    """Codes of the checked series of three values or more, every one below
    :data:`_TINY_NAV` and the largest above 0: returns (or another rate) given where NAVs are
    read."""
    k = len(records.series)
    codes, values = records.codes[check], records.values[check]
    counted = np.bincount(codes, minlength=k)
    top = np.full(k, -np.inf)
    np.maximum.at(top, codes, values)
    return np.flatnonzero((counted >= 3) & (top < _TINY_NAV) & (top > 0))


def _tiny_details(records: _Records, tiny: np.ndarray) -> list[str]:
    """What each series :func:`_tiny_series` found holds: its values' range."""
    out = []
    for code in tiny.tolist():
        values = records.values[records.codes == code]
        out.append(
            f"column {records.series[code]} holds {len(values)} values from {values.min():g} "
            f"to {values.max():g} alone, far below any fund's NAV"
        )
    return out


def _signed_details(records: _Records, signed: np.ndarray) -> list[str]:
    """Where each series :func:`_signed_series` found is signed: its count of negative values
    and the first (all series at once)."""
    negative = np.flatnonzero(np.isin(records.codes, signed) & (records.values < 0))
    order = negative[np.lexsort((records.rows[negative], records.codes[negative]))]
    codes, first = np.unique(records.codes[order], return_index=True)  # (sorted, as signed)
    counts = np.bincount(records.codes[order], minlength=len(records.series))
    totals = np.bincount(records.codes, minlength=len(records.series))
    return [
        f"column {records.series[code]} holds {counts[code]} negative values of "
        f"{totals[code]}, the first on row {int(records.rows[order[f]])}: "
        f"{records.values[order[f]]:g}"
        for code, f in zip(codes.tolist(), first.tolist(), strict=True)
    ]


def _subset(records: _Records, which: np.ndarray) -> _Records:
    return dataclasses.replace(
        records,
        codes=records.codes[which],
        dates=records.dates[which],
        values=records.values[which],
        rows=records.rows[which],
    )


def _to_frame(records: _Records) -> pd.DataFrame:
    dates, inverse = np.unique(records.dates, return_inverse=True)
    data = np.full((len(dates), len(records.series)), np.nan)
    data[inverse, records.codes] = records.values
    frame = pd.DataFrame(data, index=pd.DatetimeIndex(dates, name="date"), columns=records.series)
    return frame.loc[:, frame.notna().any()]
