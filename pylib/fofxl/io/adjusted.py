"""Choosing and building each fund's NAV during an import (SPEC §12).

复权净值 is used as given. With 单位净值 and 累计净值 (or a 日增长率) the adjusted NAV is built by
:func:`fofxl.adjnav.build_adjusted` and checked against the 日增长率; what was built, what fell
back and why, and the dividends a 分红送配 column lists go into the quality report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .grid import _column_name, _is_percent, _Reader
from .report import _PREVIEW_LIMIT, Issue, QualityReport

__all__: list[str] = []


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
            scaled = reader.in_percent(growth_col, column)  # 日增长率(%): 1.11 is 1.11%
            if scaled is not None:
                extras.growth = scaled
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
        built = _build_fund(reader, name, dates, unit, cumulative, growth, columns, extras, at)
        if built is not None:
            values, kind = built
            return values, "unit" if kind == "unit_fallback" else kind
    if (
        unit is None
        and cumulative is not None
        and growth is not None
        and extras.growth is not None
        and extras.growth_percent
    ):
        # no 单位净值: the 日增长率 (the platform's total return) compounded from the first
        # 累计净值 is right where the 累计净值 alone understates returns after a dividend
        from ..adjnav import _from_growth

        start = _by_date(dates, np.flatnonzero(cumulative), columns["cumulative"])
        path = _from_growth(start, _by_date(dates, np.flatnonzero(growth), extras.growth))
        reader.report.notes.append(
            f"{name}: adjusted NAV compounded from {extras.growth_name or '日增长率'}, from "
            "the first 累计净值 (no 单位净值 to build it from)"
        )
        first = np.datetime64(start.index[0].as_unit("ns"))
        rows = (cumulative & (dates == first)) | (growth & (dates > first))
        return _on_rows(dates, rows, path), "growth"
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
    at: np.ndarray | None = None,
) -> tuple[np.ndarray, str] | None:
    from ..adjnav import GROWTH_ROUNDING, build_adjusted

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
        row = _first_row_of(reader, dates, unit_rows, build.first_fall, at)
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
