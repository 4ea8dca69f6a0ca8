"""Choosing and building each fund's NAV during an import (SPEC §12).

复权净值 is used as given. With 单位净值 and 累计净值 (or a 日增长率) the adjusted NAV is built by
:func:`fofxl.adjnav.build_adjusted` and checked against the 日增长率; what was built, what fell
back and why, and the dividends a 分红送配 column lists go into the quality report. What each
fund's NAV was built from is kept (``ImportResult.built_from``): a pool of several files of one
fund joins those columns and builds once (:func:`_rebuild`), as from one file.

A 分红送配 text gives a cash dividend, a split or share conversion ratio
(:mod:`fofxl.io.dividend_text`), both, or neither (quoted, not used: warned where the NAVs
break that day, the day's return beyond its usual moves or 累计净值 − 单位净值 jumping, or
where it names a cash dividend with an amount in 元, else noted with the day's return and its
size in usual moves; noted too where the NAV is built from 单位净值 and 累计净值 and 累计净值 −
单位净值 rises by the amount it names that day, the return holding the dividend). Each goes on
the 单位净值 step that shows it (:func:`fofxl.adjnav.place_events`: a dividend on a day without
a NAV at the next NAV; a split of 1:1.5 or more listed on the row before the NAV shows it, such
as its 权益登记日, on the next step; a cash dividend or a smaller ratio stays on the date
given, since a day's move up then down looks the same, unless 累计净值 − 单位净值, rising by a
dividend on its ex-date alone, places it on that step, its own, the next or one of the two
before, each of two dividends a few rows apart on its own step). One kept on its date while the
next step, or one of the two before (listed on its 红利发放日, or a row late), fits it better
(a ratio by odds of 30 to 1; a cash dividend of 2 usual moves or more by odds of 3 to 1, a
smaller one never: listed a row off, it makes two returns wrong by its size) is reported by
what gave those two dates' returns (:func:`_report_unsure`): a 日增长率 on both (a note: the
text's date does not decide them), 累计净值 (warned: it does not rise by the dividend there) or
the date given (warned). With 单位净值 alone they build r_t = (U_t · ratio + d_t) / U_t−1 − 1;
where 累计净值 stays on the units before a split (A − U falls after it, or A − ratio · U is
flat while A − U moves), 累计净值 is used before the split and that build from it on, checked
against a 日增长率 where the file has one; with no 分红送配 split, so too where one step of
单位净值 moves like a split, 累计净值 − 单位净值 jumps there and A − F·U (F a clean ratio)
stays flat after it (:func:`fofxl.adjnav._unlisted_split`), warned as a split the file does not
give. A step of the NAV built that moves like a split (1:1.4 or more and 10 usual moves or
more, :func:`fofxl.adjnav._breaks`) with nothing the file gives for that day to explain it
stays in the returns, warned with its date, row, return and size, what 累计净值 − 单位净值 does
that day and the clean split ratio that would make it an ordinary day. A 日增长率 that is the
unit or cumulative NAV's own return, or written too coarsely for a money fund's income, is not
used as the total return, said in the report.

A date a fund's rows give twice with different cells takes all of its data (NAVs, 日增长率,
分红送配) from one row, chosen by :mod:`fofxl.io.repeated` (the one the 日增长率, 累计净值 −
单位净值 or the NAV path shows to be right, else the later), the other left out and reported.

A date holding 单位净值 whose 累计净值 is blank is kept, as an analyst expects, where its
累计净值 is known (:func:`_filled_cumulative`): 累计净值 − 单位净值 is the same on the dates
holding both before and after it (no dividend over either step), or rises between them by
the cash dividend 分红送配 gives for it (or for the next date) alone; its returns are then the
单位净值's, with that dividend, noted with the date and row. Elsewhere (a dividend the two
NAVs cannot place, the first or last date) it is a missing observation (SPEC §12), listed
under the report's dropped with its date, row and why (:func:`_name_lost`), as is a date
holding 累计净值 alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from .dividend_text import (
    cash_per_unit,
    names_cash,
    payment_amounts,
    per_unit_cells,
    split_ratio,
    text_event,
)
from .grid import _column_name, _Reader
from .repeated import _repeat_choices
from .report import _PREVIEW_LIMIT, Issue, QualityReport, _Inputs

if TYPE_CHECKING:
    from ..adjnav import AdjustedBuild, Placement

__all__: list[str] = []


@dataclass
class _Extras:
    """The columns beside the NAVs that say how to read them: a 日增长率 (growth per body
    row, as the cells give it) and a 分红送配 (dividend texts)."""

    growth: np.ndarray | None = None
    growth_name: str = ""
    growth_percent: bool = False  # the cells were percent text, or the header says (%)
    growth_col: int = -1
    growth_plain: np.ndarray | None = None  # plain numbers beside percent text (scale open)
    dividends: list[tuple[int, str]] = field(default_factory=list)
    dividend_name: str = ""
    dividend_col: int = -1


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
            extras.growth_name, extras.growth_col = name, growth_col
            # plain numbers beside percent text: scaled by the unit NAV's returns (_scaled_growth)
            extras.growth_plain = reader.mixed_plain(growth_col, column)
            scaled = None
            if extras.growth_plain is None:
                scaled = reader.in_percent(growth_col, column)
            extras.growth = column if scaled is None else scaled  # 日增长率(%): 1.11 is 1.11%
            extras.growth_percent = scaled is not None
    if dividend_col is not None:
        extras.dividend_name = _column_name(reader.header[dividend_col], dividend_col)
        extras.dividend_col = dividend_col
        extras.dividends = per_unit_cells(reader.texts(dividend_col), extras.dividend_name)
    return extras


def _half_unit(*columns: np.ndarray) -> float:
    """Half a unit of the last decimal the NAVs are printed with (0.00005 for 4 decimals)."""
    values = np.concatenate([c[~np.isnan(c)] for c in columns]) if columns else np.array([])
    for digits in range(9):
        scaled = values * 10.0**digits
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-6 * np.maximum(1.0, np.abs(scaled))):
            return 0.5 * 10.0**-digits
    return 0.0


def _paid_rounding(unit: pd.Series, cumulative: pd.Series) -> float:
    """How far a step of 累计净值 − 单位净值 (the dividends paid) moves by the rounding of the
    two columns alone: two half units of the last printed decimal each (:func:`_half_unit`)."""
    return 4.0 * _half_unit(unit.to_numpy(), cumulative.to_numpy()) + 1e-9


def _by_date(dates: np.ndarray, rows: np.ndarray, column: np.ndarray) -> pd.Series:
    """Values of ``rows`` by date, sorted; a repeated date keeps the file's last row. A fund's
    rows (:func:`_fund_nav`) give a date twice only where the two rows' cells are the same."""
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
    at: np.ndarray | None = None,
) -> tuple[np.ndarray, str] | None:
    """The NAV to use for one fund, per body row (NaN elsewhere), and its kind
    (:func:`_nav_of`), every value of a date the file gives on two rows with different cells
    from the one row :func:`~fofxl.io.repeated._repeat_choices` keeps: the other row is left
    out of the build (its NAVs, 日增长率 and 分红送配 alike), given the kept row's NAV, and
    registered in ``reader.kept_rows`` with why, for :func:`~fofxl.io.layouts._clean_records`
    to keep and report."""
    dropped = _repeats(reader, name, dates, mine, columns, extras, at)
    if not dropped:
        return _nav_of(reader, name, dates, mine, columns, extras, at)
    lost = np.zeros(len(dates), dtype=bool)
    lost[list(dropped)] = True
    kept_texts = [(i, text) for i, text in extras.dividends if not lost[i]]
    own = dataclasses.replace(extras, dividends=kept_texts)
    chosen = _nav_of(reader, name, dates, mine & ~lost, columns, own, at)
    if chosen is None:
        return None
    values, kind = chosen
    values = values.copy()
    for i, (kept, _) in dropped.items():
        values[i] = values[kept]
    return values, kind


def _repeats(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    mine: np.ndarray,
    columns: dict[str, np.ndarray],
    extras: _Extras,
    at: np.ndarray | None,
) -> dict[int, tuple[int, str | None]]:
    """The rows of one fund dropped where it gives a date twice with different cells: {row:
    (kept, why)} (:func:`~fofxl.io.repeated._repeat_choices`), each registered in
    ``reader.kept_rows`` by the fund's name and file row."""
    held = np.zeros(len(dates), dtype=bool)
    for column in columns.values():
        held |= ~np.isnan(column)
    rows = mine & held & ~np.isnat(dates)
    if not rows.any():
        return {}
    steps = np.diff(dates[rows].view(np.int64))
    if (steps > 0).all() or (steps < 0).all():  # dates in order, either way: none repeats
        return {}  # (np.unique per fund cost ~0.35 s on a pool of 2,000 funds)
    on = dates[rows]
    if len(np.unique(on)) == len(on):
        return {}
    growth = extras.growth if extras.growth is not None and extras.growth_percent else None
    texts = dict(extras.dividends)
    half = _half_unit(*(column[rows] for column in columns.values()))
    named = (extras.growth_name or "日增长率", extras.dividend_name or "分红送配")
    dropped = _repeat_choices(dates, rows, columns, growth, texts, half, *named, text_event)
    for i, (kept, why) in dropped.items():
        row = _file_row(reader, at, i)
        reason = None if why is None else why.replace("{other}", f"row {row}")
        reader.kept_rows[(name, row)] = (_file_row(reader, at, kept), reason)
    return dropped


def _nav_of(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    mine: np.ndarray,
    columns: dict[str, np.ndarray],
    extras: _Extras,
    at: np.ndarray | None = None,
) -> tuple[np.ndarray, str] | None:
    """The NAV to use for one fund, per body row (NaN elsewhere), and its kind.

    The arrays run down the body rows, or down the rows ``at`` (sorted) alone: one fund's rows
    of a long file, so that each fund costs its own rows (messages still count file rows).

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

    _note_dividends(reader.report, name, dates, mine, extras, columns)
    adjusted = rows_of("adjusted")
    if adjusted is not None:
        values = np.where(adjusted, columns["adjusted"], np.nan)
        unit_rows, cumulative_rows = rows_of("unit"), rows_of("cumulative")
        if unit_rows is not None and cumulative_rows is not None:
            values = _extend_adjusted(reader, name, dates, values, unit_rows & cumulative_rows,
                                      columns, at)  # fmt: skip
        return values, "adjusted"
    unit, cumulative = rows_of("unit"), rows_of("cumulative")
    growth = None
    if extras.growth is not None:
        growth = mine & ~np.isnan(extras.growth) & ~np.isnat(dates)
        growth = growth if growth.any() else None
    if unit is not None and (
        cumulative is not None or growth is not None or _lists_events(extras, mine)
    ):
        built = _build_fund(reader, name, dates, unit, cumulative, growth, columns, extras, at)
        if built is not None:
            values, kind = built
            return values, "unit" if kind == "unit_fallback" else kind
    if (
        unit is None
        and cumulative is not None
        and growth is not None
        and extras.growth is not None
        and (extras.growth_percent or extras.growth_plain is not None)
    ):
        # no 单位净值: the 日增长率 (the platform's total return) compounded from the first
        # 累计净值 is right where the 累计净值 alone understates returns after a dividend
        built = _build_fund(reader, name, dates, None, cumulative, growth, columns, extras, at)
        if built is not None:
            return built
    for kind in ("cumulative", "unit", "unstated"):
        keep = rows_of(kind)
        if keep is not None:
            return np.where(keep, columns[kind], np.nan), kind
    return None


def _build_fund(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    unit_rows: np.ndarray | None,
    cumulative_rows: np.ndarray | None,
    growth_rows: np.ndarray | None,
    columns: dict[str, np.ndarray],
    extras: _Extras,
    at: np.ndarray | None = None,
) -> tuple[np.ndarray, str] | None:
    """The adjusted NAV of one fund from its 单位净值 (None: from 累计净值 and 日增长率 alone),
    累计净值 and 日增长率 (:func:`fofxl.adjnav.build_adjusted`), and what the report says."""
    rep = reader.report
    usable = {}
    for kind, rows in (("unit", unit_rows), ("cumulative", cumulative_rows)):
        if rows is None:
            continue
        column = columns[kind]
        bad = rows & (column <= 0)
        for i in np.flatnonzero(bad).tolist():
            rep.non_positive.append(
                Issue(
                    _file_row(reader, at, i), name, f"{column[i]:g}", "must be > 0: value dropped"
                )
            )
        usable[kind] = rows & ~bad
    if not any(rows.any() for rows in usable.values()):
        return None
    u = a = None
    if "unit" in usable and usable["unit"].any():
        u = _by_date(dates, np.flatnonzero(usable["unit"]), columns["unit"])
    if "cumulative" in usable and usable["cumulative"].any():
        a = _by_date(dates, np.flatnonzero(usable["cumulative"]), columns["cumulative"])
    if u is None and (a is None or growth_rows is None):
        return None
    g = None
    if growth_rows is not None and extras.growth is not None:
        g = _scaled_growth(reader, u, dates, growth_rows, extras)
        _check_growth(reader, name, dates, growth_rows, g, extras, at)
    cash = _cash_dividends(dates, extras)
    if u is not None:
        cash = _at_next_nav(reader, name, cash, u.index, extras)
    splits = _events(dates, extras, split_ratio)
    unsure: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    given_splits, given_cash = splits, cash
    if u is not None:
        splits, cash, unsure = _placed_events(reader, name, u, splits, cash, extras, a)
    if u is not None and a is not None:
        doubt = {day for day, _ in unsure}
        sure = cash[~cash.index.isin(list(doubt))] if cash is not None else None
        a = _filled_cumulative(reader, name, u, a, sure, dates, usable["unit"], at, extras)
    build = _rebuild(_built_from(reader, name, u, a, g, cash, splits))
    gname = extras.growth_name or "日增长率"
    if u is not None:
        _report_unsure(reader, name, u, a, unsure, build, given_splits, given_cash, extras)
    rows_used = usable["unit"] if u is not None else usable["cumulative"]
    _name_lost(reader, name, build.nav.index, u, a, dates, usable, at)
    _warn_breaks(reader, name, build, u, a, dates, rows_used, at, extras)
    if build.gaps:
        rep.warnings.append(
            f"{name}: rows are missing before {_listed(build.gaps)} (a step longer than the "
            f"file's usual one by more than a holiday): {gname} there is one day's return, so "
            "the return across each gap is from the NAVs and is not compared with it"
        )
    if u is None:
        rep.notes.append(
            f"{name}: adjusted NAV compounded from {gname}, from the first 累计净值 (no 单位净值 "
            "to build it from)"
        )
        if build.filled:
            listed = [d for d in build.filled if cash is not None and d in cash.index]
            rep.warnings.append(
                f"{name}: {gname} is blank on {_listed(build.filled)}: the 累计净值 return is "
                "used there, which understates a return across a dividend"
                + (
                    f" ({extras.dividend_name} lists one on {_listed(listed)}: get the 单位净值)"
                    if listed
                    else ""
                )
            )
        return _on_rows(dates, rows_used, build.nav), "growth"
    if build.inferred is not None:
        assert unit_rows is not None and a is not None
        _warn_inferred(reader, name, build, u, a, dates, unit_rows, at)
        _note_growth_check(reader, name, build, gname, extras)
        return _on_rows(dates, unit_rows, build.nav), "built"  # (from both, and the ratio)
    if build.first_fall is not None:
        assert unit_rows is not None
        row = _first_row_of(reader, dates, unit_rows, build.first_fall, at)
        why = (
            f"{name}: 累计净值 − 单位净值 (the dividends paid) falls on "
            f"{build.first_fall:%Y-%m-%d} (row {row}): a share conversion, another share "
            "class or bad data, so no adjusted NAV is built from them; "
        )
        if build.source == "growth":
            text = why + f"the compounded {gname} is used instead"
            if build.filled:
                text += (
                    f"; {gname} is blank on {_listed(build.filled)}, whose return is from "
                    "单位净值 and 累计净值 (单位净值 alone where 累计净值 − 单位净值 falls"
                    + _with_dividend(build.with_dividend, cash, extras)
                    + ")"
                )
            rep.warnings.append(text)
            return _on_rows(dates, unit_rows, build.nav), "growth"
        if build.source == "unit_cash":
            assert splits is not None
            _report_split_fallback(reader, name, build, splits, why, row, extras)
            _note_growth_check(reader, name, build, gname, extras)
            _note_splits(reader, name, splits, build.nav, extras)
            return _on_rows(dates, unit_rows, build.nav), "unit_cash"
        rep.warnings.append(
            why + "the unit NAV (单位净值) is used instead, and it drops at every dividend: "
            f"get the fund's 复权净值, or give its {extras.growth_name or '日增长率'} beside "
            "them, which is then compounded"
        )
        return np.where(usable["unit"], columns["unit"], np.nan), "unit_fallback"
    assert unit_rows is not None
    if build.source == "growth":  # (a money fund: the 单位净值 never moves)
        rep.notes.append(
            f"{name}: 单位净值 stays at {u.iloc[0]:g} (a money-market fund): adjusted NAV "
            f"compounded from {gname}, its daily income"
        )
        return _on_rows(dates, unit_rows, build.nav), "growth"
    if build.source == "built":
        text = f"{name}: adjusted NAV built from 单位净值 and 累计净值, r = (A_t − A_t−1) / U_t−1"
        if build.checked:
            text += f"; {build.checked} returns checked against {gname}"
        rep.notes.append(text)
        _note_growth_check(reader, name, build, gname, extras)
    elif build.source == "unit_cash" and build.old_units:
        assert splits is not None  # 累计净值 on the old units, though A − U never falls
        _report_split_fallback(reader, name, build, splits, "", None, extras)
        _note_growth_check(reader, name, build, gname, extras)
    elif build.source == "unit_cash":
        _note_unit_cash(reader, name, build, cash, extras)
    elif build.source == "unit_growth":
        if build.growth_measure is not None:
            rep.warnings.append(
                f"{name}: {gname} is not the fund's total return: it differs from the 单位净值's "
                f"return on {_listed(build.disagreed)} of {build.checked}, most of them; so it "
                "is not used, the NAV is from 单位净值"
                + (
                    f" and the cash dividends {extras.dividend_name} gives"
                    if cash is not None
                    else ", and it drops at every dividend"
                )
                + ": check what the column measures"
            )
        elif build.replaced or cash is None:
            rep.notes.append(
                f"{name}: adjusted NAV from 单位净值 returns and {gname}, used on "
                f"{_listed(build.replaced)} where they differ (dividends)"
            )
        else:
            rep.notes.append(
                f"{name}: adjusted NAV from 单位净值 returns with the cash dividends "
                f"{extras.dividend_name} gives, (U_t + d) / U_t−1 − 1; {build.checked} returns "
                f"checked against {gname}"
            )
        if build.filled:
            text = (
                f"{name}: {gname} is blank on {_listed(build.filled)}, whose return is from "
                "单位净值" + _with_dividend(build.with_dividend, cash, extras)
            )
            if extras.dividend_name:
                rep.notes.append(text)
            else:
                rep.warnings.append(text + ": a dividend paid on one of them would show as a loss")
    _note_splits(reader, name, splits, build.nav, extras)
    return _on_rows(dates, unit_rows, build.nav), build.source


def _filled_cumulative(
    reader: _Reader,
    name: str,
    unit: pd.Series,
    cumulative: pd.Series,
    cash: pd.Series | None,
    dates: np.ndarray,
    rows: np.ndarray,
    at: np.ndarray | None,
    extras: _Extras,
) -> pd.Series:
    """``cumulative`` with the dates of ``unit`` it is blank on filled where that is exact,
    between two dates holding both (the row is kept, as an analyst expects of a row with its
    单位净值): where 累计净值 − 单位净值 (the dividends paid) is the same on both within the
    rounding of the two columns, no dividend was paid over either step, so A_t = U_t + that;
    where it rises between them by the cash dividend ``cash`` gives for that date alone (or
    for the next date holding both alone), the dividend is paid on that step, so A_t is U_t
    plus the dividends paid after (before) it. Rounded to the columns' decimals, noted with
    the dates and rows. Elsewhere (a dividend over the two steps that neither places, the
    first or last date) the date is left out of the build, named by :func:`_name_lost`."""
    paid = (cumulative - unit).dropna()  # (on the dates holding both)
    missing = unit.index.difference(cumulative.index)
    if not len(missing) or len(paid) < 2:
        return cumulative
    tolerance = _paid_rounding(unit, cumulative)
    given = cash if cash is not None else pd.Series(dtype=float, index=pd.DatetimeIndex([]))
    flat, paid_on = [], []
    days, values = [], []
    for day in missing:
        k = int(paid.index.searchsorted(day))
        if not 0 < k < len(paid):
            continue
        before, after = float(paid.iloc[k - 1]), float(paid.iloc[k])
        here = float(given.get(day, 0.0))
        later = float(given.get(paid.index[k], 0.0))
        between = given[(given.index > paid.index[k - 1]) & (given.index < paid.index[k])]
        if abs(after - before) <= tolerance:
            flat.append(day)
            days.append(day)
            values.append(unit.loc[day] + before)
        elif len(between) <= 1 and here and not later and abs(after - before - here) <= tolerance:
            paid_on.append((day, day, here))
            days.append(day)
            values.append(unit.loc[day] + after)
        elif not len(between) and later and abs(after - before - later) <= tolerance:
            paid_on.append((day, paid.index[k], later))
            days.append(day)
            values.append(unit.loc[day] + before)
    if not days:
        return cumulative
    filled = np.array(values)
    half = _half_unit(unit.to_numpy(), cumulative.to_numpy())
    if half:
        filled = np.round(filled, int(round(-np.log10(2.0 * half))))

    def where(day: pd.Timestamp) -> str:
        return f"{day:%Y-%m-%d} (row {_first_row_of(reader, dates, rows, day, at)})"

    if flat:
        shown = ", ".join(where(day) for day in flat[:_PREVIEW_LIMIT])
        more = f" and {len(flat) - _PREVIEW_LIMIT} more" if len(flat) > _PREVIEW_LIMIT else ""
        one = len(flat) == 1
        reader.report.notes.append(
            f"{name}: 累计净值 is blank on {len(flat)} date{'' if one else 's'} holding 单位净值 "
            f"({shown}{more}); 累计净值 − 单位净值 (the dividends paid) is the same on the dates "
            f"before and after {'it' if one else 'each'}, so no dividend was paid over "
            f"{'it' if one else 'them'}: {'its' if one else 'each'} 累计净值 is taken as "
            "单位净值 + the dividends paid, and the returns to and from it are the 单位净值's"
        )
    for day, on, d in paid_on:
        reader.report.notes.append(
            f"{name}: 累计净值 is blank on {where(day)}, which holds 单位净值; 累计净值 − 单位净值 "
            f"(the dividends paid) rises by {d:g} over it, the cash dividend "
            f"{extras.dividend_name} gives for {on:%Y-%m-%d}: its 累计净值 is taken as 单位净值 + "
            f"the dividends paid {'with' if on == day else 'before'} it, the dividend "
            f"reinvested on {on:%Y-%m-%d}"
        )
    return pd.concat([cumulative, pd.Series(filled, index=pd.DatetimeIndex(days))]).sort_index()


def _name_lost(
    reader: _Reader,
    name: str,
    used: pd.DatetimeIndex,
    unit: pd.Series | None,
    cumulative: pd.Series | None,
    dates: np.ndarray,
    usable: dict[str, np.ndarray],
    at: np.ndarray | None,
) -> None:
    """List in the report's ``dropped`` each date holding one of 单位净值 and 累计净值 that the
    NAV built (on the dates ``used``) leaves out, with its file row and why: a missing
    observation (SPEC §12), the next return spanning it. 累计净值 blank beside a 单位净值 is
    filled where that is exact (:func:`_filled_cumulative`); elsewhere 累计净值 − 单位净值
    rises over the two steps around the date (a dividend on that day or the next, which the
    two NAVs cannot place), or the date is the first or last holding both."""
    if unit is None or cumulative is None:
        return
    paid = (cumulative - unit).dropna()
    said = {(issue.row, issue.series) for issue in reader.report.dropped}
    said |= {(i + reader.first_row, name) for i, *_ in reader.bad_cells}  # (reported later)
    for kind, column, other in (("unit", unit, "累计净值"), ("cumulative", cumulative, "单位净值")):
        label = "单位净值" if kind == "unit" else "累计净值"
        for day in column.index.difference(used):
            k = int(paid.index.searchsorted(day))
            if other == "单位净值":
                why = "单位净值 blank"
            elif k == 0 or k == len(paid):
                edge = "before the first" if k == 0 else "after the last"
                why = f"累计净值 blank, {edge} date holding both: no return can be built to it"
            else:
                why = (
                    f"累计净值 blank, and 累计净值 − 单位净值 (the dividends paid) goes from "
                    f"{paid.iloc[k - 1]:.4f} on {paid.index[k - 1]:%Y-%m-%d} to "
                    f"{paid.iloc[k]:.4f} on {paid.index[k]:%Y-%m-%d}: a dividend on that day "
                    "or the next, which the two NAVs cannot place"
                )
            row = _first_row_of(reader, dates, usable[kind], day, at)
            if (row, name) in said:  # (its other NAV's cell was dropped, said so)
                continue
            reader.report.dropped.append(
                Issue(
                    row,
                    name,
                    f"{day:%Y-%m-%d} {label} {column.loc[day]:g}",
                    f"{why}: the date is dropped (a missing observation; the next return spans it)",
                )
            )


def _warn_breaks(
    reader: _Reader,
    name: str,
    build: AdjustedBuild,
    unit: pd.Series | None,
    cumulative: pd.Series | None,
    dates: np.ndarray,
    rows: np.ndarray,
    at: np.ndarray | None,
    extras: _Extras,
) -> None:
    """Warn of each step of the NAV used that moves like a split with nothing in the file to
    explain it (``build.breaks``, :func:`fofxl.adjnav._breaks`): its date and row, its return
    and how many usual moves it is, what 累计净值 − 单位净值 does that day, the clean split
    ratio that would make it an ordinary day (within 3 usual moves), if one does
    (:func:`fofxl.adjnav._clean_ratio`), and that it stays in the returns. A step holding
    a 分红送配 text fofxl does not read is left to that text's warning (:func:`_note_dividends`).
    """
    from ..adjnav import _clean_ratio

    index = build.nav.index
    quoted = {  # (warned of as unread, unless 累计净值 − 单位净值 confirms its amount)
        index[min(int(index.searchsorted(dates[i])), len(index) - 1)]
        for i, text in extras.dividends
        if not np.isnat(dates[i])
        and cash_per_unit(text) is None
        and split_ratio(text) is None
        and (
            build.source != "built"
            or _paid_as_named(pd.Timestamp(dates[i]), text, unit, cumulative) is None
        )
    }
    for day, ret, usual in build.breaks:
        if day in quoted:
            continue
        row = _first_row_of(reader, dates, rows, day, at)
        gross = 1.0 + ret
        ratio = _clean_ratio(gross)
        usual_move = abs(np.log(gross)) / usual
        text = (
            f"{name}: the NAV {'falls' if ret < 0 else 'rises'} {abs(ret):.2%} on {day:%Y-%m-%d} "
            f"(row {row}), {usual:.0f} times its usual move, and nothing the file gives for "
            f"that day explains it{_paid_on(day, unit, cumulative)}"
        )
        text += ": a split, 份额折算 or dividend not listed"
        if abs(np.log(gross * ratio)) <= 3.0 * usual_move:
            shown = f"1:{ratio:g}" if ratio > 1 else f"{1 / ratio:g}:1"
            text += (
                f" (at a split of {shown} it would be {gross * ratio - 1:+.2%}, an ordinary day)"
            )
        text += (
            "? It stays in the returns; check the row, and give the event in a 分红送配 column "
            "or get the fund's 复权净值"
        )
        reader.report.warnings.append(text)


def _warn_inferred(
    reader: _Reader,
    name: str,
    build: AdjustedBuild,
    unit: pd.Series,
    cumulative: pd.Series,
    dates: np.ndarray,
    rows: np.ndarray,
    at: np.ndarray | None,
) -> None:
    """Warn that a split no 分红送配 gives was found and used (``build.inferred``,
    :func:`fofxl.adjnav._unlisted_split`): its date and row, the 单位净值's move there,
    累计净值 − 单位净值's jump and the return used."""
    assert build.inferred is not None
    day, ratio = build.inferred.index[0], float(build.inferred.iloc[0])
    row = _first_row_of(reader, dates, rows, day, at)
    paid = (cumulative - unit).dropna()
    k = int(paid.index.get_loc(day))
    before = paid.index[k - 1]
    move = unit.loc[day] / unit.loc[before] - 1
    jump = paid.iloc[k] - paid.iloc[k - 1]
    used = build.nav.loc[day] / build.nav.loc[before] - 1
    shown = f"1:{ratio:g}" if ratio > 1 else f"{1 / ratio:g}:1"
    reader.report.warnings.append(
        f"{name}: no 分红送配 gives a split, but on {day:%Y-%m-%d} (row {row}) 单位净值 moves "
        f"{move:+.2%} and 累计净值 − 单位净值 jumps by {jump:+.4f}, and after it "
        f"累计净值 − 单位净值 × {ratio:g} stays flat: 累计净值 stays on the units before a "
        f"split of {shown}. The split is used as if given: the return that day is "
        f"U_t × {ratio:g} / U_t−1 − 1 = {used:+.2%}, 累计净值 is used before it and 单位净值 "
        "with the ratio from it on; check the fund's announcement"
    )


def _paid_on(day: pd.Timestamp, unit: pd.Series | None, cumulative: pd.Series | None) -> str:
    """ " (累计净值 − 单位净值 jumps by +0.5447 that day)", or that it does not move: what the
    dividends paid do on ``day``'s step; "" without both NAVs on it and the date before."""
    if unit is None or cumulative is None:
        return ""
    paid = (cumulative - unit).dropna()
    k = int(paid.index.searchsorted(day))
    if not 1 <= k < len(paid) or paid.index[k] != day:
        return ""
    step = float(paid.iloc[k] - paid.iloc[k - 1])
    if abs(step) <= _paid_rounding(unit, cumulative):
        return " (单位净值 and 累计净值 move together: 累计净值 − 单位净值 does not move that day)"
    return (
        f" (累计净值 − 单位净值 {'jumps' if step > 0 else 'falls'} by {step:+.4f} that day: "
        "累计净值 left on the units before a split?)"
    )


#: What a 日增长率 that is not the total return measures (AdjustedBuild.growth_measure).
_MEASURES = {
    "cumulative": "the return of 累计净值, A_t / A_t−1 − 1 (dividends left out)",
    "unit": "the return of 单位净值, U_t / U_t−1 − 1 (a dividend shows as a loss)",
}


def _note_growth_check(
    reader: _Reader, name: str, build: AdjustedBuild, gname: str, extras: _Extras
) -> None:
    """What the report says of the check against the 日增长率: the dates where it was used, the
    built return differing beyond rounding (a warning); or that it was not used at all (it is
    another NAV's return, or disagrees on most dates); or overruled on a dividend date the
    分红送配 cash confirms. The NAV checked is ``built`` from 单位净值 and 累计净值, or (with
    ``old_units``) from 累计净值 before a split and 单位净值 with its ratio from it on."""
    from ..adjnav import GROWTH_ROUNDING

    rep = reader.report
    built = (
        "from 累计净值 before the split and 单位净值 with its ratio from it on"
        if build.old_units
        else "built from 单位净值 and 累计净值"
    )
    if build.old_units and build.checked and build.growth_measure is None:
        rep.notes.append(f"{name}: {build.checked} returns checked against {gname}")
    if build.replaced:
        rep.warnings.append(
            f"{name}: the built return differs from {gname} by more than its "
            f"{GROWTH_ROUNDING:.2%} rounding on {_listed(build.replaced)}, as at a share "
            f"conversion: the {gname} return is used there; check those rows"
        )
    if build.confirmed:
        rep.notes.append(
            f"{name}: {gname} differs from the built return on {_listed(build.confirmed)}, "
            f"where 累计净值 − 单位净值 rose by the cash dividend {extras.dividend_name} gives: "
            "a dividend, so the built return is kept there"
        )
    if build.growth_measure is None:
        return
    where = f"it differs from the built return on {_listed(build.disagreed)} of {build.checked}"
    if build.growth_measure in _MEASURES:
        rep.notes.append(
            f"{name}: {gname} is {_MEASURES[build.growth_measure]}, not the total return: {where} "
            "and is that return there, within its rounding; so it is not used, the adjusted NAV "
            f"is {built}"
        )
    else:
        rep.warnings.append(
            f"{name}: {gname} is not the fund's total return: {where}, most of them; so it is "
            f"not used, the adjusted NAV is {built}: check what the column measures"
        )


def _note_unit_cash(
    reader: _Reader, name: str, build: AdjustedBuild, cash: pd.Series | None, extras: _Extras
) -> None:
    """What the report says of a NAV built from 单位净值 and the 分红送配 cells alone: the
    dividends reinvested, and those given outside the 单位净值's dates (not used; one given
    between two of them is moved to the next, :func:`_at_next_nav`)."""
    used = build.with_dividend
    text = f"{name}: adjusted NAV built from 单位净值 and {extras.dividend_name}"
    if used and cash is not None:
        days = f"{len(used)} date{'s' if len(used) != 1 else ''}"
        text += f", (U_t + d) / U_t−1 − 1 on {days} ({_cash_on(used, cash)})"
    reader.report.notes.append(text)
    lost = [d for d in (cash.index if cash is not None else []) if d not in set(used)]
    if lost:
        reader.report.warnings.append(
            f"{name}: {extras.dividend_name} gives a cash dividend on {_listed(lost)}, outside "
            "the 单位净值's dates (before the first or after the last): not used; check that "
            "row's date"
        )


def _report_split_fallback(
    reader: _Reader,
    name: str,
    build: AdjustedBuild,
    splits: pd.Series,
    why: str,
    row: int | None,
    extras: _Extras,
) -> None:
    """What the report says when the NAV is from 单位净值 with the split ratios
    (:func:`fofxl.adjnav._unit_fallback`) because A − U falls (first on file row ``row``, the
    fall's text ``why``) or, never falling, moves with the NAV after a split: after the first
    split, 累计净值 left on the units before it (a note), or on no basis (a warning), and each
    dividend it shows that the cash given misses; before it, the fall's warning with the
    ratios used."""
    rep, column = reader.report, extras.dividend_name
    day, ratio = splits.index[0], splits.iloc[0]
    split = f"the split of 1:{ratio:g} on {day:%Y-%m-%d} ({column})"
    how = (
        f"from 单位净值 with the split ratio and the cash dividends {column} gives, "
        "(U_t × ratio + d) / U_t−1 − 1"
    )
    if build.first_fall is not None and build.first_fall < day:
        given = ", ".join(f"1:{r:g} on {d:%Y-%m-%d}" for d, r in splits.items())
        rep.warnings.append(
            why + f"the unit NAV (单位净值) is used instead, with the split ratio {column} gives "
            f"({given}) and its cash dividends, (U_t × ratio + d) / U_t−1 − 1; it drops at "
            f"every dividend {column} does not give: get the fund's 复权净值"
        )
        return
    fell = (
        f"it falls first on {build.first_fall:%Y-%m-%d}, row {row}"
        if build.first_fall is not None
        else "it never falls here, but rises with it"
    )
    used = f"so 累计净值 is used before {day:%Y-%m-%d} and the NAV from it on is {how}"
    if build.off_basis:
        rep.warnings.append(
            f"{name}: 累计净值 − 单位净值 moves with the NAV after {split} ({fell}), and "
            f"累计净值 − 单位净值 × {ratio:g} falls (on {_listed(build.off_basis)}): 累计净值 is "
            f"on neither the new units nor the old (bad data or another share class), {used}; "
            "check those rows"
        )
    else:
        rep.notes.append(
            f"{name}: 累计净值 stays on the units before the split of 1:{ratio:g} on "
            f"{day:%Y-%m-%d} ({column}): 累计净值 − 单位净值 × {ratio:g} does not fall after it, "
            f"while 累计净值 − 单位净值 moves with the NAV ({fell}), {used}"
        )
    if build.unlisted:
        rep.warnings.append(
            f"{name}: 累计净值 − 单位净值 × {ratio:g} rises on {_listed(build.unlisted)}, after "
            f"{split}, where {column} gives no cash dividend: a dividend paid there shows as a "
            f"loss (累计净值 on the old units does not say how much a unit got): give it in "
            f"{column}, or get the fund's 复权净值"
        )


def _lists_events(extras: _Extras, mine: np.ndarray) -> bool:
    """Does the 分红送配 column give a cash dividend or a split on one of the rows ``mine``?"""
    return any(
        mine[i] and (cash_per_unit(text) is not None or split_ratio(text) is not None)
        for i, text in extras.dividends
    )


def _built_from(
    reader: _Reader,
    name: str,
    unit: pd.Series | None,
    cumulative: pd.Series | None,
    growth: pd.Series | None,
    cash: pd.Series | None = None,
    splits: pd.Series | None = None,
) -> _Inputs:
    """The fund's :class:`~fofxl.io.report._Inputs`, kept by the reader."""
    reader.built_from[name] = _Inputs(unit, cumulative, growth, cash, splits)
    return reader.built_from[name]


def _rebuild(inputs: _Inputs) -> AdjustedBuild:
    """The adjusted NAV of one fund from its inputs (:func:`_built_from`), of one file or of
    several files joined: :func:`fofxl.adjnav.build_adjusted` (without unit NAVs, from the
    累计净值 and the 日增长率), the cash dividends of a 分红送配 column used where a return comes
    from the unit NAV alone, its split ratios on their dates."""
    from ..adjnav import build_adjusted

    u, a, g, cash, splits = inputs
    half = _half_unit(*(s.to_numpy() for s in (u, a) if s is not None))
    return build_adjusted(u, a, g, half, cash, splits)


def _extend_adjusted(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    adjusted: np.ndarray,
    both: np.ndarray,
    columns: dict[str, np.ndarray],
    at: np.ndarray | None,
) -> np.ndarray:
    """A 复权净值 column blank on rows before its first value (or after its last) that hold
    单位净值 and 累计净值: those rows' NAV built from them (SPEC §12) and chained to the first
    (last) 复权净值, said in a warning; where it cannot be built (A − U falls), the rows are
    named as not used. Rows blank inside its span are missing observations, named in a note."""
    from ..adjnav import build_adjusted

    rep = reader.report
    both = both & (columns["unit"] > 0) & (columns["cumulative"] > 0)
    out = adjusted.copy()
    for outside, edge, where in _edges(reader, dates, adjusted, both, at):
        span = np.flatnonzero(outside | (both & (dates == edge)))
        u = _by_date(dates, span, columns["unit"])
        build = build_adjusted(u, _by_date(dates, span, columns["cumulative"]))
        if pd.Timestamp(edge) not in u.index or build.source != "built":
            rep.warnings.append(
                f"{name}: 复权净值 is blank on {where} that hold 单位净值 and 累计净值; "
                "they are not used: 累计净值 − 单位净值 falls there, so no adjusted NAV can be "
                "built from them"
            )
            continue
        out = _chained(dates, out, outside, edge, build.nav)
        rep.warnings.append(
            f"{name}: 复权净值 is blank on {where} that hold 单位净值 and 累计净值: "
            "their NAV is built from them, r = (A_t − A_t−1) / U_t−1, and chained to the "
            f"复权净值 of {pd.Timestamp(edge):%Y-%m-%d}"
        )
    have = ~np.isnan(adjusted)
    inside = both & ~have & (dates > dates[have].min()) & (dates < dates[have].max())
    if inside.any():
        rep.notes.append(
            f"{name}: 复权净值 is blank on {int(inside.sum())} rows between its first and last "
            "value that hold 单位净值 and 累计净值: missing observations, the next return spans "
            "them"
        )
    return out


def _edges(
    reader: _Reader,
    dates: np.ndarray,
    adjusted: np.ndarray,
    rows: np.ndarray,
    at: np.ndarray | None = None,
) -> list[tuple[np.ndarray, np.datetime64, str]]:
    """The rows ``rows`` dated before the first value of an adjusted column (NAV or close)
    and those after its last: each side's rows, the date of that value and the rows as a
    message names them (``40 rows before 2023-02-27 (rows 2-41)``). ``at``: as in
    :func:`_fund_nav`."""
    have = ~np.isnan(adjusted)
    first, last = dates[have].min(), dates[have].max()
    out = []
    for side, outside, edge in (
        ("before", rows & (dates < first), first),
        ("after", rows & (dates > last), last),
    ):
        if not outside.any():
            continue
        lines = [_file_row(reader, at, i) for i in np.flatnonzero(outside).tolist()]
        many = len(lines) > 1
        shown = f"rows {min(lines)}-{max(lines)}" if many else f"row {lines[0]}"
        day = pd.Timestamp(edge)
        out.append(
            (
                outside,
                edge,
                f"{len(lines)} row{'s' if many else ''} {side} {day:%Y-%m-%d} ({shown})",
            )
        )
    return out


def _chained(
    dates: np.ndarray,
    adjusted: np.ndarray,
    outside: np.ndarray,
    edge: np.datetime64,
    nav: pd.Series,
) -> np.ndarray:
    """``adjusted`` (down the rows) with the rows ``outside`` given the by-date ``nav`` scaled
    to join the adjusted value of ``edge`` (a date ``nav`` holds): chained to it."""
    scale = adjusted[~np.isnan(adjusted) & (dates == edge)][-1] / nav.loc[pd.Timestamp(edge)]
    return np.where(outside, _on_rows(dates, outside, nav * scale), adjusted)


def _placed_events(
    reader: _Reader,
    name: str,
    unit: pd.Series,
    splits: pd.Series | None,
    cash: pd.Series | None,
    extras: _Extras,
    cumulative: pd.Series | None = None,
) -> tuple[pd.Series | None, pd.Series | None, list[tuple[pd.Timestamp, pd.Timestamp]]]:
    """The split ratios and cash dividends on the 单位净值 steps that show them
    (:func:`fofxl.adjnav.place_events`), and the events kept on their date while the next
    step, or one of the two before, fits them better (the date given and that
    step), for :func:`_report_unsure` to say what the build made of them. A split used on the
    next date is noted, a ratio no step shows is warned of and not used. A cash dividend in
    doubt that 累计净值 − 单位净值 places (:func:`_placed_by_cumulative`) goes where it rises
    by the dividend, noted."""
    from ..adjnav import _movable, place_events

    placed = place_events(unit, splits, cash)
    rep = reader.report
    col = extras.dividend_name
    if cumulative is not None and placed.unsure and placed.dividends is not None:
        placed.unsure, placed.dividends = _placed_by_cumulative(
            reader, name, unit, cumulative, placed, extras
        )
    for day, on in placed.moved:
        what = _event_on(day, splits, cash)
        rep.notes.append(
            f"{name}: {col} gives {what} on {day:%Y-%m-%d}, but the 单位净值 shows it on "
            f"{on:%Y-%m-%d} (it moves by about that there, not on {day:%Y-%m-%d}): it is used "
            f"on {on:%Y-%m-%d}"
        )
    for day in placed.unseen:
        ratio = float(np.prod(splits.loc[[day]].to_numpy())) if splits is not None else 1.0
        dates = (
            "that date, the next or the one before" if _movable(ratio) else "that date or the next"
        )
        rep.warnings.append(
            f"{name}: {col} gives {_event_on(day, splits, None)} on {day:%Y-%m-%d}, but the "
            f"单位净值 does not move by about that ratio on {dates}: the ratio is not used; "
            "check the row"
        )
    return placed.splits, placed.dividends, placed.unsure


def _placed_by_cumulative(
    reader: _Reader,
    name: str,
    unit: pd.Series,
    cumulative: pd.Series,
    placed: Placement,
    extras: _Extras,
) -> tuple[list[tuple[pd.Timestamp, pd.Timestamp]], pd.Series | None]:
    """The cash dividends in doubt (``placed.unsure``: kept on their date though another
    单位净值 step, the next or one of the two before, fits them better) that 累计净值 places,
    and the dividends as placed.

    累计净值 − 单位净值 is the dividends paid so far, so it rises by a dividend on its ex-date
    and nowhere else: a dividend d in doubt goes to the one step, of its own, the next and the
    two before (those :func:`fofxl.adjnav.place_events` weighs), where 累计净值 − 单位净值 rises
    by d (within the rounding of the two columns), while it is flat on the date given if that
    is another; a step holding another dividend it rises by is that one's, not a candidate
    (two dividends a few rows apart, each placed on its own step, in date order). Noted;
    elsewhere (a split that day too, a date 累计净值 lacks, no rise or two that fit) it stays
    in doubt, for :func:`_report_unsure`.
    """
    dividends = placed.dividends
    assert dividends is not None
    paid = (cumulative - unit).reindex(unit.index)
    rises = paid.diff()
    tolerance = _paid_rounding(unit, cumulative)
    splits = placed.splits.index if placed.splits is not None else ()
    unsure = []
    for day, on in sorted(placed.unsure):
        d = float(dividends.get(day, np.nan))
        if day in splits or not d > 2 * tolerance or day not in unit.index:
            unsure.append((day, on))
            continue
        k = int(unit.index.get_loc(day))
        steps = [unit.index[j] for j in (k - 2, k - 1, k, k + 1) if 1 <= j < len(unit)]
        others = dividends.drop(day)
        owned = {
            step for step, amount in others.items()
            if abs(rises.get(step, np.nan) - amount) <= tolerance
        }  # fmt: skip
        fits = [
            step for step in steps
            if step not in owned and abs(rises.get(step, np.nan) - d) <= tolerance
        ]  # fmt: skip
        if len(fits) != 1 or (fits[0] != day and not abs(rises.get(day, np.nan)) <= tolerance):
            unsure.append((day, on))
            continue
        ex = fits[0]
        if ex == day:
            reader.report.notes.append(
                f"{name}: {extras.dividend_name} gives a cash dividend of {d:g} on "
                f"{day:%Y-%m-%d}, and 累计净值 − 单位净值 rises by it that day: it is used there"
            )
            continue
        late = int(unit.index.get_loc(day)) - int(unit.index.get_loc(ex))
        given = (
            "权益登记日"
            if ex > day
            else "红利发放日, or " + ("a row late" if late == 1 else f"{late} rows late")
        )
        reader.report.notes.append(
            f"{name}: {extras.dividend_name} gives a cash dividend of {d:g} on "
            f"{day:%Y-%m-%d}, but 累计净值 − 单位净值 rises by it on {ex:%Y-%m-%d} "
            f"(the ex-date; {day:%Y-%m-%d} as its {given}): it is used on {ex:%Y-%m-%d}"
        )
        dividends = dividends.drop(day)
        dividends.loc[ex] = dividends.get(ex, 0.0) + d
        dividends = dividends.sort_index()
    return unsure, dividends


def _report_unsure(
    reader: _Reader,
    name: str,
    unit: pd.Series,
    cumulative: pd.Series | None,
    unsure: list[tuple[pd.Timestamp, pd.Timestamp]],
    build: AdjustedBuild,
    splits: pd.Series | None,
    cash: pd.Series | None,
    extras: _Extras,
) -> None:
    """Say what the build made of each event kept on its date though the 单位净值 step ``on``
    fits it better (``unsure``, :func:`_placed_events`), by what gave the returns of the two
    dates. The 日增长率 on both (used, or checked and agreeing: ``unit_growth``, ``growth``):
    a note, the 日增长率's return used where it differs, the text's date not deciding the
    returns. A cash dividend alone in a NAV built from 累计净值 (``built``): the returns are
    (A_t − A_t−1) / U_t−1 whatever the text's date, warned since 累计净值 − 单位净值 does not
    rise by the dividend on either date. Else the event is used on the date given, warned."""
    if not unsure:
        return
    col, gname = extras.dividend_name, extras.growth_name or "日增长率"
    later = build.nav.index[1:]
    off = set(build.filled) | set(build.gaps)
    by_growth = build.source in ("unit_growth", "growth") and build.growth_measure is None
    replaced = set(build.replaced)
    paid = None
    if cumulative is not None:
        paid = (cumulative - unit).reindex(unit.index).diff()
    for day, on in unsure:
        what = _event_on(day, splits, cash)
        text = (
            f"{name}: {col} gives {what} on {day:%Y-%m-%d}, but the 单位净值 fits it better on "
            f"{on:%Y-%m-%d}, {_other_date(unit, day, on)}"
        )
        both = [day, on]
        if by_growth and all(step in later and step not in off for step in both):
            used = [step for step in sorted(both) if step in replaced]
            if build.source == "growth":
                how = f"{gname} (the platform's total return) gives the returns of both dates"
            elif used:
                how = (
                    f"{gname} (the platform's total return) gives the returns of both dates: "
                    f"its return is used on {_listed(used)}, where the return with the "
                    f"dividend on {day:%Y-%m-%d} differs from it"
                )
            else:
                how = (
                    f"{gname} (the platform's total return) is checked on both dates and agrees "
                    f"with the dividend on {day:%Y-%m-%d}"
                )
            reader.report.notes.append(
                text + f": {how}. The text's date, which differs from the day the 单位净值's "
                "drop shows, does not decide the returns"
            )
        elif build.source == "built" and (splits is None or day not in splits.index):
            rises = ""
            if paid is not None:
                moves = [
                    f"{paid.get(step, np.nan):+.4f} on {step:%Y-%m-%d}"
                    if np.isfinite(paid.get(step, np.nan))
                    else f"no step on {step:%Y-%m-%d} (累计净值 blank)"
                    for step in (day, on)
                ]
                rises = f"; 累计净值 − 单位净值 moves by {' and '.join(moves)}"
            reader.report.warnings.append(
                text + f"{rises}: the returns are built from 单位净值 and 累计净值, "
                "(A_t − A_t−1) / U_t−1, whatever the text's date; check the rows"
            )
        else:
            reader.report.warnings.append(
                text + f": it is used on {day:%Y-%m-%d} as given; check which date it belongs to"
            )


def _other_date(unit: pd.Series, day: pd.Timestamp, on: pd.Timestamp) -> str:
    """What the 单位净值 date ``on``, which fits the events given for ``day`` better, is to it:
    "the next date (as if listed on its 权益登记日 or 折算基准日)", or "one row before (the
    单位净值 moves by −4.00% there: as if listed on its 红利发放日, or a row late)"."""
    if on > day:
        return "the next date (as if listed on its 权益登记日 or 折算基准日)"
    rows = int(unit.index.searchsorted(day, side="left")) - int(unit.index.get_loc(on))
    move = unit.iloc[unit.index.get_loc(on)] / unit.shift(1).loc[on] - 1
    late = "a row late" if rows == 1 else f"{rows} rows late"
    return (
        f"{'one' if rows == 1 else rows} row{'s' if rows > 1 else ''} before (the 单位净值 moves "
        f"by {move:+.2%} there: as if listed on its 红利发放日, or {late})"
    )


def _event_on(day: pd.Timestamp, splits: pd.Series | None, cash: pd.Series | None) -> str:
    """ "a split of 1:2", "a cash dividend of 0.08", or both: what is given for ``day``."""
    parts = []
    if splits is not None and day in splits.index:
        parts.append(f"a split of 1:{splits.loc[day]:g}")
    if cash is not None and day in cash.index:
        parts.append(f"a cash dividend of {cash.loc[day]:g}")
    return " and ".join(parts)


def _note_splits(
    reader: _Reader, name: str, splits: pd.Series | None, nav: pd.Series, extras: _Extras
) -> None:
    """Say, a line each, where a split ratio of the 分红送配 column was used (the holder's units
    multiplied by it: :func:`fofxl.adjnav.build_adjusted`) and the return it gave."""
    if splits is None:
        return
    returns = nav.pct_change()
    for day, ratio in splits.items():
        at = returns.index.searchsorted(day)  # the NAV date on or after the split
        if not 1 <= at < len(returns):
            continue
        on = returns.index[at]
        when = f"{on:%Y-%m-%d}" + (f" (across the split of {day:%Y-%m-%d})" if on != day else "")
        reader.report.notes.append(
            f"{name}: {extras.dividend_name} gives a split of 1:{ratio:g} on {day:%Y-%m-%d}: "
            f"each unit became {ratio:g}, so the return on {when} is U_t × {ratio:g} / U_t−1 − 1 "
            f"(plus any cash dividend that day) = {returns.iloc[at]:.2%}"
        )


def _listed(days: list[pd.Timestamp]) -> str:
    """ "2 dates (2024-01-05, 2024-01-12)", the dates cut after the report's preview limit;
    "0 dates" for none."""
    shown = ", ".join(f"{d:%Y-%m-%d}" for d in days[:_PREVIEW_LIMIT])
    more = f" and {len(days) - _PREVIEW_LIMIT} more" if len(days) > _PREVIEW_LIMIT else ""
    return f"{len(days)} date{'s' if len(days) != 1 else ''}" + (
        f" ({shown}{more})" if days else ""
    )


def _with_dividend(days: list[pd.Timestamp], cash: pd.Series | None, extras: _Extras) -> str:
    """What the report says of returns that used a cash dividend of the 分红送配 column."""
    if not days or cash is None:
        return ""
    return (
        f", with the cash dividend {extras.dividend_name} gives ({_cash_on(days, cash)}) added: "
        "(U_t + d) / U_t−1 − 1"
    )


def _at_next_nav(
    reader: _Reader,
    name: str,
    cash: pd.Series | None,
    navs: pd.DatetimeIndex,
    extras: _Extras,
) -> pd.Series | None:
    """The cash dividends, each given on a day without a 单位净值 (a weekly NAV, an ex-date
    mid-week) moved to the next 单位净值's date, where it is reinvested (SPEC §12), noted; the
    amounts met on one date added. A dividend before the first 单位净值 or after the last stays
    where it is given (nothing to reinvest it at)."""
    if cash is None or not len(navs):
        return cash
    at = np.searchsorted(navs, cash.index, side="left")  # the first NAV on or after each
    moved = ~cash.index.isin(navs) & (at > 0) & (at < len(navs))
    if not moved.any():
        return cash
    pairs = [
        f"{a:%Y-%m-%d} → {b:%Y-%m-%d}"
        for a, b in zip(cash.index[moved], navs[at[moved]], strict=True)
    ]
    more = f" and {len(pairs) - _PREVIEW_LIMIT} more" if len(pairs) > _PREVIEW_LIMIT else ""
    reader.report.notes.append(
        f"{name}: {extras.dividend_name} gives {len(pairs)} cash dividend"
        f"{'s' if len(pairs) > 1 else ''} on a day with no 单位净值, each reinvested at the next "
        f"one ({', '.join(pairs[:_PREVIEW_LIMIT])}{more})"
    )
    index = cash.index.where(~moved, navs[np.minimum(at, len(navs) - 1)])
    return cash.groupby(index).sum().sort_index()


def _cash_on(days: list[pd.Timestamp], cash: pd.Series) -> str:
    """ "2024-01-05 0.12, 2024-06-05 0.1": the cash dividends of ``days``, cut after the report's
    preview limit."""
    shown = ", ".join(f"{d:%Y-%m-%d} {cash.loc[d]:g}" for d in days[:_PREVIEW_LIMIT])
    return shown + (f" and {len(days) - _PREVIEW_LIMIT} more" if len(days) > _PREVIEW_LIMIT else "")


def _cash_dividends(dates: np.ndarray, extras: _Extras) -> pd.Series | None:
    """Cash dividends per unit the 分红送配 column gives, one per date (None when it gives
    none)."""
    return _events(dates, extras, cash_per_unit)


def _events(
    dates: np.ndarray, extras: _Extras, parse: Callable[[str], float | None]
) -> pd.Series | None:
    """What ``parse`` reads in the 分红送配 cells (a cash dividend, a split ratio), one per date
    (None when it reads nothing)."""
    found = []
    for i, text in extras.dividends:
        value = parse(text)
        if value is not None and not np.isnat(dates[i]):
            found.append((pd.Timestamp(dates[i]), value))
    if not found:
        return None
    days, values = zip(*found, strict=True)
    events = pd.Series(values, index=pd.DatetimeIndex(days))
    # a date given twice (by rows of the same cells, _fund_nav): its later row
    return events[~events.index.duplicated(keep="last")].sort_index()


def _scaled_growth(
    reader: _Reader, unit: pd.Series | None, dates: np.ndarray, rows: np.ndarray, extras: _Extras
) -> pd.Series:
    """The 日增长率 of ``rows`` by date as fractions. Plain numbers not known to be percent are
    scaled by :func:`_growth_scale` (all of them, or those beside percent text); a mixed column
    whose unit NAV cannot tell (none, or never moving) by the numbers' size
    (:meth:`_Reader.plain_scale`)."""
    assert extras.growth is not None
    growth = _by_date(dates, np.flatnonzero(rows), extras.growth)
    if extras.growth_percent:
        return growth
    mixed = extras.growth_plain
    plain = None if mixed is None else _by_date(dates, np.flatnonzero(rows), mixed).astype(bool)
    scale = None if unit is None else _growth_scale(reader, unit, growth, extras, plain)
    if plain is None or mixed is None:
        return growth * (scale or 1.0)
    if scale is None:
        scale = reader.plain_scale(extras.growth_col, extras.growth, mixed)
    else:
        reader.note_mixed(extras.growth_col, extras.growth, mixed, scale,
                          "the 单位净值's returns show")  # fmt: skip
    return growth.where(~plain, growth * scale)


def _growth_scale(
    reader: _Reader,
    unit: pd.Series,
    growth: pd.Series,
    extras: _Extras,
    plain: pd.Series | None = None,
) -> float | None:
    """Plain numbers in a 日增长率 column (all, or the dates ``plain`` marks): fractions (0.0111)
    or percent (1.11)? The one that matches the unit NAV's own returns on the days either
    moves (days where both are 0, a NAV carried between valuations, tell nothing); said in the
    notes when percent (a column of plain numbers alone). None when no day tells."""
    returns = unit.pct_change().iloc[1:]
    common = growth.reindex(returns.index).dropna()
    if plain is not None:
        common = common[plain.reindex(common.index, fill_value=False).to_numpy()]
    g, r = common.to_numpy(), returns.loc[common.index].to_numpy()
    moving = (g != 0) | (r != 0)
    if not moving.any():
        return None
    as_fraction = np.median(np.abs(g[moving] - r[moving]))
    as_percent = np.median(np.abs(g[moving] / 100.0 - r[moving]))
    if as_percent < as_fraction:
        note = f"column {extras.growth_name}: numbers read as percent (1.11 = 1.11%)"
        if plain is None and note not in reader.report.notes:
            reader.report.notes.append(note)
        return 0.01
    return 1.0


def _check_growth(
    reader: _Reader,
    name: str,
    dates: np.ndarray,
    rows: np.ndarray,
    growth: pd.Series,
    extras: _Extras,
    at: np.ndarray | None,
) -> None:
    """A 日增长率 of −100% or less leaves no NAV: an error naming the cell (a column of
    percents read as fractions, or a wrong cell)."""
    wiped = growth[growth <= -1.0]
    if not len(wiped):
        return
    day = wiped.index[0]
    row = _first_row_of(reader, dates, rows, day, at)
    shown = f"{wiped.iloc[0]:.2%}"
    raise InputError(
        f"{reader.source} column {extras.growth_name} ({name}): row {row} ({day:%Y-%m-%d}) is a "
        f"return of {shown}, which leaves no NAV; give 日增长率 as percent text (1.23%) or as "
        "fractions (0.0123), or leave the cell blank."
    )


def _on_rows(dates: np.ndarray, rows: np.ndarray, nav: pd.Series) -> np.ndarray:
    """A by-date NAV put back on the body rows (every row of a date gets its value)."""
    out = np.full(len(dates), np.nan)
    at = np.flatnonzero(rows)
    found = nav.reindex(pd.DatetimeIndex(dates[at])).to_numpy()
    out[at] = found
    return out


def _first_row_of(
    reader: _Reader,
    dates: np.ndarray,
    rows: np.ndarray,
    day: pd.Timestamp,
    at: np.ndarray | None = None,
) -> int:
    hits = np.flatnonzero(rows & (dates == np.datetime64(day.as_unit("ns"))))
    return _file_row(reader, at, int(hits[-1])) if hits.size else reader.first_row


def _file_row(reader: _Reader, at: np.ndarray | None, i: int) -> int:
    """The file row of position ``i`` of arrays down the body rows, or down the rows ``at``."""
    return int(at[i] if at is not None else i) + reader.first_row


def _note_dividends(
    report: QualityReport,
    name: str,
    dates: np.ndarray,
    mine_rows: np.ndarray,
    extras: _Extras,
    columns: dict[str, np.ndarray],
) -> None:
    """Note what the 分红送配 cells of one fund list (cash dividends, splits), and quote each
    text that is neither a cash dividend nor a split ratio fofxl reads with its date: in a
    warning where the NAVs break that day, saying how (:func:`_break_of`), or where the text
    names a cash dividend with an amount in 元 (money left the NAV that day, however small
    the day's move), else in a note; also in a note where the NAV is built from 单位净值 and
    累计净值 on every step and 累计净值 − 单位净值 rises that day by an amount the text names,
    or by all of them added (:func:`_paid_as_named`): the return built holds the dividend."""
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
    cash = [cash_per_unit(text) is not None for _, text in listed]
    split = [split_ratio(text) is not None for _, text in listed]
    unread = [item for item, c, s in zip(listed, cash, split, strict=True) if not (c or s)]
    kinds = ((sum(cash), "dividend"), (sum(split), "split"), (len(unread), "unread text"))
    counts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in kinds if n]
    counted = ", ".join(counts[:-1]) + (" and " if len(counts) > 1 else "") + counts[-1]
    report.notes.append(f"{name}: column {extras.dividend_name} lists {counted} ({shown}{more})")
    navs = {
        kind: _by_date(dates, np.flatnonzero(mine_rows & ~np.isnat(dates) & (column > 0)), column)
        for kind in ("unit", "cumulative")
        if (column := columns.get(kind)) is not None
    }
    breaks = []
    adjusted = columns.get("adjusted")
    built = (
        _built_from_cumulative(navs.get("unit"), navs.get("cumulative"))
        and not any(split)
        and (adjusted is None or not (mine_rows & ~np.isnan(adjusted)).any())
    )  # (the NAV is (A_t − A_t−1) / U_t−1 on every step)
    for day, text in unread:
        quoted = (
            f"{name}: {extras.dividend_name} on {day:%Y-%m-%d} reads '{text}', neither a cash "
            "dividend nor a split ratio fofxl reads: it is not used"
        )
        confirmed = _paid_as_named(day, text, navs.get("unit"), navs.get("cumulative"))
        if built and confirmed is not None:
            rise, ret, added = confirmed
            names = "the amounts it names added up" if added else "the amount it names"
            report.notes.append(
                f"{name}: {extras.dividend_name} on {day:%Y-%m-%d} reads '{text}', which fofxl "
                f"does not read as a cash dividend a unit, but 累计净值 − 单位净值 rises by "
                f"{rise:.4f} that day, {names}: 累计净值 holds the dividend, so the return "
                f"built that day, (A_t − A_t−1) / U_t−1 = {ret:+.2%}, includes it"
            )
            continue
        broken, what = _break_of(day, navs.get("unit"), navs.get("cumulative"), names_cash(text))
        if broken:
            breaks.append(f"on {day:%Y-%m-%d} reads '{text}'" + (f" ({what})" if what else ""))
        else:
            report.notes.append(f"{quoted} ({what})")
    if breaks:
        reads = ", ".join(breaks[:_PREVIEW_LIMIT])
        others = len(breaks) - _PREVIEW_LIMIT
        one = len(breaks) == 1
        report.warnings.append(
            f"{name}: {extras.dividend_name} {reads}"
            + (f" (and {others} more)" if others > 0 else "")
            + ", neither a cash dividend nor a split ratio fofxl reads: "
            + ("it is not used; check the row" if one else "they are not used; check the rows")
        )


def _built_from_cumulative(unit: pd.Series | None, cumulative: pd.Series | None) -> bool:
    """Is the NAV built from 单位净值 and 累计净值 on every step, (A_t − A_t−1) / U_t−1: both
    given and 累计净值 − 单位净值 never falling (with no split given: the caller's)?"""
    from ..adjnav import _falls

    if unit is None or cumulative is None:
        return False
    both = unit.index.intersection(cumulative.index)
    if len(both) < 2:
        return False
    return not _falls(unit.loc[both].to_numpy(), cumulative.loc[both].to_numpy()).size


def _paid_as_named(
    day: pd.Timestamp, text: str, unit: pd.Series | None, cumulative: pd.Series | None
) -> tuple[float, float, bool] | None:
    """Where a 分红送配 ``text`` fofxl does not read names a cash payment (:func:`payment_amounts`)
    and 累计净值 − 单位净值 rises on the step of ``day`` (the first date holding both on or
    after it) by an amount it names (in 元, else any number where it names none in 元: the
    English forms), or by all of them added (Dividend: 0.05 per unit, plus special 0.01),
    for one unit or the units it states, within the rounding of the two columns: the rise,
    the step's return (A_t − A_t−1) / U_t−1, which holds the dividend, and whether the
    amounts added up to it. Else None."""
    if unit is None or cumulative is None:
        return None
    named = payment_amounts(text)
    if named is None:
        return None
    amounts, per = named
    both = unit.index.intersection(cumulative.index)
    k = int(both.searchsorted(day, side="left"))
    if not amounts or not 1 <= k < len(both):
        return None
    step = both[k - 1 : k + 1]
    u, a = unit.loc[step].to_numpy(), cumulative.loc[step].to_numpy()
    rise = float((a[1] - u[1]) - (a[0] - u[0]))
    rounding = _paid_rounding(unit.loc[step], cumulative.loc[step])
    if rise <= rounding:
        return None
    ret = float((a[1] - a[0]) / u[0])
    if any(abs(rise - x / n) <= rounding for x in amounts for n in per):
        return rise, ret, False
    if len(amounts) > 1 and any(abs(rise - sum(amounts) / n) <= rounding for n in per):
        return rise, ret, True
    return None


def _break_of(
    day: pd.Timestamp,
    unit: pd.Series | None,
    cumulative: pd.Series | None,
    names_cash: bool = False,
) -> tuple[bool, str]:
    """Whether the NAVs break on the step of ``day`` (the first NAV date on or after it), so
    that a 分红送配 text there may matter, and what shows it. They break where the step's
    return, (A_t − A_t−1) / U_t−1 with a 累计净值 A, else U_t / U_t−1 − 1, moves by 3 b or more
    (b the Laplace scale of the log moves near it: one ordinary day in 20 moves more; a split
    both NAVs show, A restated with U, breaks the return though A − U stays), or with a 累计净值
    where A − U moves beyond the rounding of the two. Where they do not, what is said gives the
    day's return and its size in usual moves (a small split of 单位净值 alone, 1:0.985, is
    within them: the analyst checks the row), and that A − U stays. A text that ``names_cash``
    (分红 and an amount in 元) breaks them whatever the day's move: money left the NAV. A text
    on the first NAV (no return ends there) or after the last cannot matter."""
    from ..adjnav import _noise_near

    if unit is None or len(unit) < 2:
        return True, ""
    if cumulative is not None and len(cumulative):
        both = unit.index.intersection(cumulative.index)
        u, a = unit.loc[both].to_numpy(), cumulative.loc[both].to_numpy()
        moves = np.log1p(np.diff(a) / u[:-1])
    else:
        both, u, a = unit.index, unit.to_numpy(), None
        moves = np.diff(np.log(u))
    k = int(both.searchsorted(day, side="left"))
    if k == 0 or k == len(both):
        where = "on or before the first NAV" if k == 0 else "after the last NAV"
        return False, f"no return ends on it: it is {where}"
    if not np.isfinite(moves[k - 1]):
        return True, ""
    noise = _noise_near(moves, k)
    day = (
        f"the return that day is {np.expm1(moves[k - 1]):+.2%}, "
        f"{abs(moves[k - 1]) / noise:.1f} times a usual day's move"
    )
    if abs(moves[k - 1]) >= 3.0 * noise:
        return True, day
    in_it = f"{day}; the text names a cash dividend, which is not added back"
    if a is None and names_cash:
        return True, in_it
    if a is None:
        return False, f"{day}, no break (under 3): it stays in the returns; check the row"
    pair = slice(k - 1, k + 1)
    rounding = 4.0 * _half_unit(u[pair], a[pair]) + 1e-9 * max(abs(a[k]), 1.0)
    paid = float(np.diff(a[pair] - u[pair])[0])
    if abs(paid) > rounding:
        return True, f"累计净值 − 单位净值 moves by {paid:+.4f} that day"
    if names_cash:
        return True, in_it + " (累计净值 − 单位净值 does not move that day)"
    return False, (
        f"{day}, no break (under 3), and 累计净值 − 单位净值 does not move that day: it stays "
        "in the returns; check the row"
    )
