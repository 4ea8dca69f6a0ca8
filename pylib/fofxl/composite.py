"""Strategy composite index: an equal-weight index of a screened pool of funds.

The pool's funds report NAVs on irregular, misaligned dates (weekly on different weekdays,
every two weeks, with holidays and gaps). :func:`composite_index` puts them on one grid of
period ends, takes each fund's return only when a new NAV arrived in the period, re-screens the
pool once per rebalance period without look-ahead, and compounds the equal-weight mean return.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._options import Span
from ._running import last_valid_row
from .clean import as_frame
from .errors import InputError, OptionError
from .periods import _DAY_NS, _ns_stamps, period_end, period_grid, span_start

__all__ = ["composite_index", "grid_freq", "rebalance_freq"]

_GRID_FREQS = ("W-FRI", "M")
_FREQ_ORDER = {"W-FRI": 0, "M": 1, "Q": 2, "Y": 3}
_FREQ_TEXT = {"W-FRI": "W", "M": "M", "Q": "Q", "Y": "Y"}
_NO_AGE_FLOOR = np.iinfo(np.int64).max


def composite_index(
    navs: pd.DataFrame,
    freq: str = "W",
    min_age: str = "6M",
    max_gap: str = "14D",
    rebalance: str = "M",
    base: float = 1.0,
) -> pd.DataFrame:
    r"""Equal-weight composite index of a pool of funds with irregular NAV dates.

    The pool is re-screened each rebalance period (age since the first NAV, regular reporting);
    a fund's return counts in the period its new NAV arrives.

    Parameters
    ----------
    navs : DataFrame
        NAV panel, one column per fund, indexed by date; a blank cell is a missing
        observation of that fund. A Series is taken as a one-fund pool. NAVs must be > 0.
    freq : {"W", "M"}, default "W"
        Grid of the index: Fridays (a week being the days after the previous Friday up to
        this Friday) or month ends.
    min_age : str, default "6M"
        Minimum age at the screening date: the fund's first NAV must be on or before the
        screening date minus this span (month arithmetic like EDATE). A span such as "6M",
        "26W" or "180D"; "0D" switches the age screen off.
    max_gap : str, default "14D"
        Longest accepted distance between two NAVs: a return is taken only across a gap of at
        most this span, and at screening the fund's last NAV must be at most this old. A span
        such as "14D", "2W" or "1M".
    rebalance : {"M", "Q", "Y", "W"}, default "M"
        How often the pool is re-screened; not more often than ``freq``.
    base : float, default 1.0
        Index level at the first grid date (> 0).

    Returns
    -------
    DataFrame
        Indexed by the grid dates from the base date (the grid date before the first period
        in which a fund is eligible) to the period of the last NAV; column ``"index"`` is the
        index level (``base`` on the base date), column ``"funds"`` the number of funds whose
        return entered that period's mean (0 on the base date and in flat periods). Empty when
        no fund is ever eligible.

    Raises
    ------
    OptionError
        For an unknown frequency, a rebalance more frequent than the grid, an unreadable span
        or a base that is not a positive number.
    InputError
        For unreadable NAVs, NAVs <= 0 or duplicate dates, and when funds are eligible but no
        fund's return counts in any period (the NAVs are further apart than ``max_gap``: the
        index would be flat, a wrong number rather than an index).

    Notes
    -----
    Grid dates :math:`g_0 < g_1 < \dots` are the period ends from the first to the last date
    of the panel; the index keeps them from the base date, the one before the first period
    with an eligible fund (periods before it are not part of the index, not flat returns).
    For fund *i*, :math:`t_i(g)` is the date of its last NAV on or before *g*.
    Fund *i* has a return in period :math:`(g_{k-1}, g_k]` when a new NAV arrived in it,
    :math:`t_i(g_k) > g_{k-1}`, and the previous NAV is at most ``max_gap`` older,
    :math:`t_i(g_{k-1}) \ge t_i(g_k) - \text{max\_gap}`; then

    .. math:: r_{i,k} = \frac{NAV_i(t_i(g_k))}{NAV_i(t_i(g_{k-1}))} - 1

    (a Thursday NAV of a holiday week counts in that Friday's period; a fund reporting every
    two weeks contributes its two-week return in the week its NAV arrives). Eligibility is
    screened at :math:`s_k`, the last grid date of the rebalance period before the one of
    :math:`g_k` (no look-ahead; no eligible fund before the first full rebalance period):
    fund *i* is eligible when its first NAV is on or before :math:`s_k - \text{min\_age}` and
    :math:`t_i(s_k) \ge s_k - \text{max\_gap}` (both boundaries included). With
    :math:`C_k` the eligible funds that have a return in period *k*,

    .. math:: R_k = \frac{1}{|C_k|} \sum_{i \in C_k} r_{i,k}, \qquad
              I_k = I_{k-1} (1 + R_k), \quad I_0 = \text{base},

    and :math:`R_k = 0` (a flat period) when :math:`C_k` is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> navs = pd.DataFrame(
    ...     {"a": [1.00, 1.02, 1.0098], "b": [2.00, None, 2.04]},
    ...     index=pd.to_datetime(["2024-01-05", "2024-01-12", "2024-01-18"]),
    ... )
    >>> out = composite_index(navs, min_age="0D", rebalance="W")
    >>> out["funds"].tolist()  # week 2: a only; week 3: a (Thursday NAV) and b (two-week return)
    [0, 1, 2]
    >>> out["index"].round(6).tolist()  # 1.02 × (1 + (-0.01 + 0.02) / 2)
    [1.0, 1.02, 1.0251]
    """
    grid_code = grid_freq(freq)
    every = _on_grid(rebalance_freq(rebalance), grid_code, rebalance, freq)
    age = _options.age(min_age)
    gap = _options.gap(max_gap)
    level0 = _base(base)
    panel = as_frame(navs, "navs", kind="nav")

    if len(panel.index) == 0:
        empty = pd.DatetimeIndex([], dtype="datetime64[ns]", name="date")
        return pd.DataFrame(
            {"index": np.array([], dtype=np.float64), "funds": np.array([], dtype=np.int64)},
            index=empty,
        )

    dates = panel.index
    days = dates.normalize()
    grid = pd.DatetimeIndex(period_grid(dates[0], dates[-1], grid_code)).as_unit("ns")
    grid = pd.DatetimeIndex(grid.to_numpy(), name="date")

    # each row's grid position, and the last row on or before each grid date
    row_period = grid.searchsorted(period_end(dates, grid_code).as_unit("ns"))
    row_end = np.searchsorted(row_period, np.arange(len(grid)), side="right") - 1

    # screening grid position per grid date: the last one of the previous rebalance period
    rebalance_key = _ns_stamps(period_end(grid, every))
    screen = np.searchsorted(rebalance_key, rebalance_key, side="left") - 1

    grid_gap_floor = _ns_stamps(span_start(grid, gap))
    grid_age_floor = (
        np.full(len(grid), _NO_AGE_FLOOR, dtype=np.int64)
        if age is None
        else _ns_stamps(span_start(grid, age))
    )
    returns, funds, first_eligible = _composite_kernel(
        panel.to_numpy(dtype=np.float64),
        _ns_stamps(days),
        _ns_stamps(span_start(days, gap)),
        row_end,
        screen,
        grid_gap_floor,
        grid_age_floor,
    )
    # periods before the first one with an eligible fund are not part of the index: it
    # starts (at ``base``) on the grid date before that period
    start = max(first_eligible - 1, 0) if first_eligible > 0 else len(grid)
    returns, funds, grid = returns[start:], funds[start:], grid[start:]
    if len(funds) > 1 and not funds.any():
        raise InputError(_no_return_message(panel, gap, grid_code))
    if len(returns):
        returns[0], funds[0] = 0.0, 0
    level = level0 * np.cumprod(1.0 + returns)
    return pd.DataFrame({"index": level, "funds": funds}, index=grid)


def _composite_kernel(
    values: np.ndarray,
    day: np.ndarray,
    gap_floor: np.ndarray,
    row_end: np.ndarray,
    screen: np.ndarray,
    grid_gap_floor: np.ndarray,
    grid_age_floor: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Per-period mean return and contributor count on a clean NAV panel, and the first grid
    position (≥ 1) with an eligible fund (-1: none).

    ``values`` is rows × funds float64 (NaN = no NAV that day); ``day`` the rows' dates and
    ``gap_floor`` each row's date minus max_gap, as int64 nanoseconds; ``row_end[k]`` the last
    row on or before grid date k; ``screen[k]`` the grid position of k's screening date (-1:
    none); ``grid_gap_floor``/``grid_age_floor`` the grid dates minus max_gap / min_age.
    """
    n_funds = values.shape[1]
    n_grid = len(row_end)
    valid = ~np.isnan(values)

    # as-of row of every fund at every grid date: forward-filled index of the last valid row
    at = last_valid_row(valid)[row_end]  # grid × funds, -1 before a fund's first NAV
    seen = at >= 0
    safe = np.maximum(at, 0)
    nav = np.take_along_axis(values, safe, axis=0)
    nav_day = day[safe]

    # a return needs a new NAV in the period and a previous NAV at most max_gap older
    new, prev = at[1:], at[:-1]
    has_return = (new > prev) & (prev >= 0) & (nav_day[:-1] >= gap_floor[safe[1:]])
    ret = nav[1:] / nav[:-1] - 1.0

    # eligibility at every grid date used as a screening date
    has_any = valid.any(axis=0)
    first_day = np.where(has_any, day[valid.argmax(axis=0)], _NO_AGE_FLOOR)
    ok = (
        seen
        & (nav_day >= grid_gap_floor[:, None])
        & (first_day[None, :] <= grid_age_floor[:, None])
        & has_any[None, :]
    )
    eligible = np.zeros((n_grid, n_funds), dtype=bool)
    screened = screen >= 0
    eligible[screened] = ok[screen[screened]]

    contrib = eligible[1:] & has_return
    count = contrib.sum(axis=1)
    total = np.where(contrib, ret, 0.0).sum(axis=1)
    mean = np.divide(total, count, out=np.zeros(n_grid - 1), where=count > 0)
    returns = np.concatenate(([0.0], mean))
    funds = np.concatenate(([0], count)).astype(np.int64)
    any_eligible = np.flatnonzero(eligible[1:].any(axis=1))
    first = int(any_eligible[0]) + 1 if any_eligible.size else -1
    return returns, funds, first


def _no_return_message(panel: pd.DataFrame, gap: Span, grid_code: str) -> str:
    """Why no fund ever has a return: the NAVs' typical spacing (or, when the grid's dates are
    further apart, the grid's: a month-end grid's return spans a month of weekly NAVs) against
    max_gap, and the fix."""
    spacings = [
        np.diff(_ns_stamps(panel.index[panel[c].notna().to_numpy()].normalize())) / _DAY_NS
        for c in panel.columns
    ]
    days = np.concatenate(spacings) if spacings else np.array([])
    apart = int(round(float(np.median(days)))) if days.size else 0
    spread = f"the NAVs are about {apart} days apart"
    if grid_code == "M" and 0 < apart < _MONTH_DAYS:
        # a period's return spans the last NAVs on or before two month ends: up to a month
        # and the NAVs' spacing apart
        spread += f", a month-end grid (freq=M) takes them up to {_MONTH_DAYS + apart} days apart,"
        advice = f"set max_gap to at least {_MONTH_DAYS + apart}D, or freq to W"
    elif apart:
        advice = f"set max_gap to at least {apart}D, e.g. {2 * apart}D"
        if apart > 20:  # about monthly: month-end index dates fit them
            advice += ", and freq to M"
    else:
        advice = "check max_gap"
    return (
        f"no fund's return counts in any period: {spread} and max_gap={gap.text} takes a "
        f"return only between NAVs at most that far apart; {advice}."
    )


#: The days between a month-end grid's dates, at most (a 31-day month).
_MONTH_DAYS = 31


def grid_freq(value: Any, name: str = "freq") -> str:
    """The grid of :func:`composite_index` (its ``freq``): ``"W-FRI"`` or ``"M"``.

    Raises
    ------
    OptionError
        Any other frequency (native, Q, Y, a typo).
    """
    try:
        canonical = _options.frequency(value, name, allow_native=False)
    except OptionError:
        canonical = None
    if canonical not in _GRID_FREQS:
        raise OptionError(
            f"{name}={value!r} is not a grid of the composite index; use W (Fridays) or M "
            "(month ends)."
        )
    return str(canonical)


def rebalance_freq(value: Any, name: str = "rebalance") -> str:
    """How often :func:`composite_index` re-screens the pool (its ``rebalance``): ``"W-FRI"``,
    ``"M"``, ``"Q"`` or ``"Y"`` (no finer than the grid: checked against ``freq`` there).

    Raises
    ------
    OptionError
        Native or an unknown frequency.
    """
    try:
        return str(_options.frequency(value, name, allow_native=False))
    except OptionError:
        raise OptionError(
            f"{name}={value!r} is not a rebalance frequency; use one of: M, Q, Y, W."
        ) from None


def _on_grid(canonical: str, grid_freq: str, rebalance: Any, freq: Any) -> str:
    """``canonical`` (the rebalance frequency) when it is no finer than the grid."""
    if _FREQ_ORDER[canonical] < _FREQ_ORDER[grid_freq]:
        allowed = ", ".join(
            text for key, text in _FREQ_TEXT.items() if _FREQ_ORDER[key] >= _FREQ_ORDER[grid_freq]
        )
        raise OptionError(
            f"rebalance={rebalance!r} is more frequent than freq={freq!r}; the pool is "
            f"re-screened at grid dates: use rebalance {allowed}."
        )
    return canonical


def _base(value: Any) -> float:
    return _options.positive(value, "base", "it is the index level at the first date: try 1 or 100")
