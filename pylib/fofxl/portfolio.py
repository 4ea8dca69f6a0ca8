"""FoF portfolio: the NAV of a fund of funds from its holdings' NAVs and target weights.

The holdings report NAVs on their own days (weekly on different weekdays, monthly, with gaps).
:func:`portfolio_nav` values them as of each period end (a stale NAV is a zero return until the
next one arrives: how a fund of funds is valued), lets the weights drift with the holdings'
returns between rebalances, and resets them to the targets at the end of each rebalance period
and at dated reallocations. :func:`portfolio_contributions` splits the portfolio's return over
a span into what each holding contributed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import _options
from ._running import down_columns
from .clean import as_frame, is_blank, to_number
from .drawdowns import _window_rows
from .errors import InputError, OptionError
from .periods import _DAY_NS, period_grid
from .resample import _asof

__all__ = [
    "REBALANCE",
    "grid_freq",
    "portfolio_contributions",
    "portfolio_nav",
    "rebalance_freq",
]

#: Rebalancing choices: the end of each week, month, quarter or year, or only at dated rows.
REBALANCE = ("W", "M", "Q", "Y", "none")
_NEVER = frozenset({"none", "never", "no", "0", "false"})
_GRID_FREQS = {"W-FRI": "W", "M": "M"}
_FREQ_ORDER = {"W-FRI": 0, "M": 1, "Q": 2, "Y": 3}
#: Sums of weights above 1 by no more than floating-point noise (0.1 + 0.2 + 0.7) are 1.
_SUM_TOLERANCE = 1e-9


@dataclass(frozen=True)
class _Path:
    """The simulated portfolio on its grid (row 0 is the base date).

    ``fund_returns[t]`` and ``weights[t]`` are r_i,t and the beginning-of-period weights
    w_i,t−1 of the period ending on ``dates[t]`` (row 0: NaN / the starting weights);
    ``returns[t]`` is r_p,t (row 0: NaN).
    """

    dates: pd.DatetimeIndex
    funds: pd.Index
    fund_returns: np.ndarray | None  # computed only when asked for
    weights: np.ndarray | None
    returns: np.ndarray


def portfolio_nav(
    navs: pd.DataFrame,
    weights: Any,
    rebalance: Any = "M",
    freq: Any = "W",
    base: Any = 1.0,
) -> pd.DataFrame:
    r"""Portfolio NAV from fund NAVs and target weights, with cash, drift and rebalancing.

    Parameters
    ----------
    navs : DataFrame
        NAV panel (each > 0), one column per fund, indexed by date; a blank cell is a missing
        observation. Funds may report on different days.
    weights : Series, mapping, sequence or DataFrame
        Target weights (fractions ≥ 0 summing to ≤ 1; the rest is cash earning 0). A Series
        or mapping fund name → weight, or a sequence in the columns' order, gives constant
        targets; a DataFrame indexed by date with one column per fund gives dated targets, each
        row in force from the first grid date on or after its date. Funds left out have weight
        0; a blank weight is 0.
    rebalance : {"M", "Q", "Y", "W", "none"}, default "M"
        Weights are reset to the targets at the last grid date of each month, quarter, year
        (week: every grid date of a weekly grid); ``"none"`` resets only at dated rows (buy and
        hold with constant targets).
    freq : {"W", "M"}, default "W"
        The grid: Fridays (a week being the days after the previous Friday up to this Friday)
        or month ends.
    base : float, default 1.0
        NAV on the first grid date (> 0).

    Returns
    -------
    DataFrame
        Indexed by the grid dates from the start, columns ``nav`` and ``return`` (NaN on the
        base row).

    Raises
    ------
    InputError
        Unreadable NAVs or weights, a weight < 0, weights summing above 1, a fund in the weights
        that is not in the NAVs, a dated row giving weight to a fund with no NAV yet, or no
        date on which every fund with a positive weight has a NAV.
    OptionError
        Unknown ``rebalance`` or ``freq``, a rebalance more frequent than the grid, a base that
        is not a positive number.

    Notes
    -----
    Grid dates :math:`g_t` are the period ends from the first NAV's period to the last one's;
    the portfolio starts on the first grid date on which every fund with a positive weight (in
    the row in force then) has a NAV on or before it. Fund *i* is valued at its last NAV on or
    before :math:`g_t`, :math:`r_{i,t} = V_{i,t} / V_{i,t-1} - 1`. With the weights
    :math:`w_{i,t-1}` at the start of the period,

    .. math:: r_{p,t} = \sum_i w_{i,t-1} r_{i,t}, \qquad
              w_{i,t} = w_{i,t-1} \frac{1 + r_{i,t}}{1 + r_{p,t}}, \qquad
              NAV_t = NAV_{t-1} (1 + r_{p,t}),

    cash :math:`1 - \sum_i w_{i,t}` earning 0. At a rebalance date (and at a dated row) the
    weights are reset to the targets in force after that period's return. This is
    PerformanceAnalytics' ``Return.portfolio`` (geometric, ``rebalance_on``) on complete data.

    Examples
    --------
    >>> import pandas as pd
    >>> navs = pd.DataFrame({"a": [1.0, 1.1, 1.21], "b": [1.0, 1.0, 0.9]},
    ...                     index=pd.to_datetime(["2024-01-05", "2024-01-12", "2024-01-19"]))
    >>> out = portfolio_nav(navs, {"a": 0.5, "b": 0.4}, rebalance="none")
    >>> out["nav"].round(6).tolist()  # 0.1 + 0.5 × 1.21 + 0.4 × 0.9
    [1.0, 1.05, 1.065]
    """
    level0 = _options.positive(base, "base", "it is the NAV on the first date: try 1 or 100")
    path = _simulate(navs, weights, rebalance, freq, with_weights=False)
    returns = path.returns
    growth = np.where(np.isnan(returns), 1.0, 1.0 + returns)
    nav = level0 * np.cumprod(growth)
    return pd.DataFrame({"nav": nav, "return": returns}, index=path.dates)


def portfolio_contributions(
    navs: pd.DataFrame,
    weights: Any,
    rebalance: Any = "M",
    freq: Any = "W",
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    r"""What each fund contributed to the portfolio's return over a span.

    Parameters
    ----------
    navs, weights, rebalance, freq
        As for :func:`portfolio_nav`.
    start, end : date, optional
        The span: the periods whose grid date is within [start, end] (blank: open-ended).

    Returns
    -------
    DataFrame
        Indexed by ``fund``: one row per column of ``navs`` then a ``total`` row; columns
        ``avg_weight``, ``fund_return``, ``contribution``, ``share``.

    Raises
    ------
    InputError, OptionError
        As for :func:`portfolio_nav`; start after end.

    Notes
    -----
    Over the span's periods *t* (the base date has no period):

    .. math:: c_i = \sum_t w_{i,t-1} r_{i,t}, \qquad \text{share}_i = c_i / \sum_t r_{p,t},

    fund_return :math:`= \prod_t (1 + r_{i,t}) - 1` (empty when the fund has no NAV at the
    start of one of the periods), avg_weight = the mean of :math:`w_{i,t-1}`. The ``total``
    row: contribution :math:`\sum_t r_{p,t}` (the sum of the funds' contributions: cash adds
    0), share 1, avg_weight the mean invested weight (:math:`\sum_i` avg_weight) and
    fund_return the portfolio's own return :math:`\prod_t (1 + r_{p,t}) - 1`. Shares are
    empty when the total contribution is 0. PerformanceAnalytics' ``Return.portfolio(...,
    contribution=TRUE)`` gives the per-period :math:`w_{i,t-1} r_{i,t}`.

    Examples
    --------
    >>> import pandas as pd
    >>> navs = pd.DataFrame({"a": [1.0, 1.1, 1.21], "b": [1.0, 1.0, 0.9]},
    ...                     index=pd.to_datetime(["2024-01-05", "2024-01-12", "2024-01-19"]))
    >>> out = portfolio_contributions(navs, {"a": 0.5, "b": 0.4}, rebalance="none")
    >>> out["contribution"].round(6).tolist()  # a: 0.05 + 0.55/1.05 × 0.1; b: 0.4/1.05 × −0.1
    [0.102381, -0.038095, 0.064286]
    """
    path = _simulate(navs, weights, rebalance, freq, with_weights=True)
    assert path.fund_returns is not None and path.weights is not None
    a, b = _window_rows(path.dates, start, end)
    a = max(a, 1)  # the base row has no period
    b = max(a, b)
    r = path.fund_returns[a:b]
    w = path.weights[a:b]
    rp = path.returns[a:b]
    contribution = np.where(w > 0, w * r, 0.0).sum(axis=0)  # r is blank only where w = 0
    total = float(rp.sum())
    n = b - a
    avg_weight = w.mean(axis=0) if n else np.full(len(path.funds), np.nan)
    fund_return = np.prod(1.0 + r, axis=0) - 1.0 if n else np.full(len(path.funds), np.nan)
    share = contribution / total if total != 0.0 else np.full(len(path.funds), np.nan)
    total_row = {
        "avg_weight": float(avg_weight.sum()) if n else math.nan,
        "fund_return": float(np.prod(1.0 + rp) - 1.0) if n else math.nan,
        "contribution": total if n else math.nan,
        "share": 1.0 if n and total != 0.0 else math.nan,
    }
    if not n:
        contribution = np.full(len(path.funds), np.nan)
    index = pd.Index([*path.funds, "total"], name="fund", dtype=object)
    return pd.DataFrame(
        {
            "avg_weight": np.append(avg_weight, total_row["avg_weight"]),
            "fund_return": np.append(fund_return, total_row["fund_return"]),
            "contribution": np.append(contribution, total_row["contribution"]),
            "share": np.append(share, total_row["share"]),
        },
        index=index,
    )


# --------------------------------------------------------------------------------------------
# The simulation


def _simulate(navs: Any, weights: Any, rebalance: Any, freq: Any, with_weights: bool) -> _Path:
    """Grid, as-of values, start, reset dates and the drifting weights of one portfolio."""
    grid_code = grid_freq(freq)
    reset_freq = _on_grid(rebalance_freq(rebalance), grid_code, rebalance)
    panel = as_frame(navs, "navs", kind="nav")
    funds = panel.columns
    row_dates, targets = _targets(weights, funds)
    if len(panel.index) == 0:
        raise InputError("navs holds no NAV; give the funds' NAVs, one column per fund.")
    if (panel.index.asi8 % _DAY_NS).any():  # a NAV stamped 15:00 counts that day
        panel = panel.set_axis(panel.index.normalize())
    grid = period_grid(panel.index[0], panel.index[-1], grid_code).as_unit("ns")
    grid = pd.DatetimeIndex(grid, name="date")
    # as-of NAV of each fund on each grid date (resample.align's kernel: panel is clean)
    values = _asof(panel.index.to_numpy(), panel.to_numpy(), grid.to_numpy())
    has_nav = ~np.isnan(values)

    # the row of targets in force on each grid date (-1: none yet)
    if row_dates is None:
        row_at = np.zeros(len(targets), dtype=np.int64)  # one row, from the first grid date
    else:
        row_at = grid.searchsorted(row_dates.as_unit("ns"), side="left")
        if row_at[0] >= len(grid):
            raise InputError(
                f"weights: the first row is dated {row_dates[0]:%Y-%m-%d}, after the last NAV "
                f"({panel.index[-1]:%Y-%m-%d}); date the targets within the NAVs' history."
            )
    in_force = np.searchsorted(row_at, np.arange(len(grid)), side="right") - 1

    start = _start(grid, funds, targets, in_force, has_nav)
    resets = _reset_mask(grid, start, reset_freq, row_at)
    _check_reallocations(grid, funds, targets, row_at, row_dates, start, has_nav, panel)

    grid = grid[start:]
    values = values[start:]
    in_force = in_force[start:]
    resets = resets[start:]
    ratio = np.ones(values.shape)
    np.divide(values[1:], values[:-1], out=ratio[1:])
    undefined = np.isnan(ratio)  # no NAV yet at the period's start: the fund has weight 0
    growth = np.where(undefined, 1.0, ratio) if undefined.any() else ratio
    returns, weights_bop = _drift(growth, targets, in_force, resets, with_weights)
    fund_returns = None
    if with_weights:
        fund_returns = ratio - 1.0
        fund_returns[0] = np.nan
    return _Path(grid, funds, fund_returns, weights_bop, returns)


def _drift(
    growth: np.ndarray,
    targets: np.ndarray,
    in_force: np.ndarray,
    resets: np.ndarray,
    with_weights: bool,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Portfolio returns (and beginning-of-period weights), vectorised across funds and time.

    ``growth`` is T × N, 1 + r_i,t (row 0 unused, no NaN); ``targets[in_force[t]]`` the
    targets in force on grid date t; ``resets[t]`` whether the weights are reset to them after
    t's return (True on row 0). Between resets the holdings grow with their funds: a holding
    set to w_i at reset s is worth w_i ∏_{s<u≤t} (1 + r_i,u) at t (cash stays), so within a
    segment everything follows from one cumulative product; this equals the period-by-period
    drift w_i,t = w_i,t−1 (1 + r_i,t) / (1 + r_p,t) (the naive twin in the tests checks it).
    """
    n_rows = growth.shape[0]
    reset_rows = np.flatnonzero(resets)
    # the reset each row's period starts from: the last reset strictly before the row
    segment = reset_rows[np.maximum(np.searchsorted(reset_rows, np.arange(n_rows)) - 1, 0)]
    cumulative = down_columns(np.multiply, growth)
    since = np.divide(cumulative, cumulative[segment], out=cumulative)  # growth since reset
    rows = in_force[segment]  # the targets set at each row's reset
    if (rows == rows[0]).all():  # one set of targets throughout (constant targets)
        invested = since @ targets[rows[0]]
        cash = 1.0 - targets[rows[0]].sum()
    else:
        invested = np.einsum("ij,ij->i", since, targets[rows])
        cash = 1.0 - targets.sum(axis=1)[rows]
    value = cash + invested  # per 1 invested at the segment's reset
    previous_value = np.ones(n_rows)
    previous_value[1:] = np.where(resets[:-1], 1.0, value[:-1])
    returns = value / previous_value - 1.0
    returns[0] = np.nan
    if not with_weights:
        return returns, None
    held = targets[rows]
    holdings = held * since
    previous_holdings = np.empty_like(holdings)
    previous_holdings[0] = targets[in_force[0]]
    previous_holdings[1:] = np.where(resets[:-1, None], held[1:], holdings[:-1])
    return returns, previous_holdings / previous_value[:, None]


def _start(
    grid: pd.DatetimeIndex,
    funds: pd.Index,
    targets: np.ndarray,
    in_force: np.ndarray,
    has_nav: np.ndarray,
) -> int:
    """The first grid row where targets are in force and every positive-weight fund is valued."""
    active = in_force >= 0
    rows = np.maximum(in_force, 0)
    ready = active & ~((targets[rows] > 0) & ~has_nav).any(axis=1)
    if ready.any():
        return int(np.argmax(ready))
    never = [str(f) for f in funds[(targets > 0).any(axis=0)]]
    shown = ", ".join(never[:5]) + (", …" if len(never) > 5 else "")
    raise InputError(
        f"weights: no date on which every fund with a positive weight ({shown}) has a NAV; "
        "give NAVs that overlap in time or date the weights after the funds' first NAVs."
    )


def _reset_mask(
    grid: pd.DatetimeIndex, start: int, reset_freq: str | None, row_at: np.ndarray
) -> np.ndarray:
    """Grid rows after whose return the weights are reset to the targets in force."""
    resets = np.zeros(len(grid), dtype=bool)
    resets[start] = True
    if reset_freq is not None:
        key = _period_key(grid, reset_freq)
        resets[:-1] |= key[1:] != key[:-1]  # the last grid date of each rebalance period
    dated = row_at[(row_at > start) & (row_at < len(grid))]
    resets[dated] = True
    resets[:start] = False
    return resets


def _period_key(grid: pd.DatetimeIndex, freq: str) -> np.ndarray:
    """A number per grid date, the same for the dates of one rebalance period."""
    if freq == "W-FRI":  # grid dates are Fridays: each one ends its week
        return np.arange(len(grid))
    months = grid.to_numpy().astype("datetime64[M]").astype(np.int64)  # since January 1970
    return months // {"M": 1, "Q": 3, "Y": 12}[freq]


def _check_reallocations(
    grid: pd.DatetimeIndex,
    funds: pd.Index,
    targets: np.ndarray,
    row_at: np.ndarray,
    row_dates: pd.DatetimeIndex | None,
    start: int,
    has_nav: np.ndarray,
    panel: pd.DataFrame,
) -> None:
    """A dated row coming into force after the start may not weight a fund with no NAV yet."""
    if row_dates is None:
        return
    later = (row_at > start) & (row_at < len(grid))
    # of several rows in force from the same grid date, the last one counts
    last_of_date = np.append(row_at[1:] != row_at[:-1], True)
    for r in np.flatnonzero(later & last_of_date):
        missing = (targets[r] > 0) & ~has_nav[row_at[r]]
        if missing.any():
            j = int(np.argmax(missing))
            first = panel.iloc[:, j].first_valid_index()
            since, fix = (
                ("it has no NAV at all", "give its NAVs, or weight it 0")
                if first is None
                else (f"its first NAV is {first:%Y-%m-%d}", "date the row on or after it")
            )
            raise InputError(
                f"weights: the row dated {row_dates[r]:%Y-%m-%d} gives {funds[j]} "
                f"{targets[r, j]:g}, but {funds[j]} has no NAV on or before "
                f"{grid[row_at[r]]:%Y-%m-%d} ({since}); {fix}."
            )


# --------------------------------------------------------------------------------------------
# Weights and options


def _targets(weights: Any, funds: pd.Index) -> tuple[pd.DatetimeIndex | None, np.ndarray]:
    """Target weights as rows × funds (in the NAVs' column order) and the rows' dates.

    Constant targets give one row and no dates.
    """
    if isinstance(weights, pd.DataFrame):
        table = as_frame(weights, "weights")
        columns = _fund_columns(table.columns, funds)
        matrix = np.zeros((len(table.index), len(funds)))
        matrix[:, columns] = _blank_is_zero(table.to_numpy(dtype=np.float64))
        labels = [f"weights: the row dated {d:%Y-%m-%d}" for d in table.index]
        _check_rows(matrix, funds, labels)
        if len(table.index) == 0:
            raise InputError("weights has no row; give one row of target weights per date.")
        return pd.DatetimeIndex(table.index).normalize(), matrix
    if isinstance(weights, pd.Series | Mapping):
        names: list[Any] = []
        if isinstance(weights, pd.Series) and weights.dtype.kind in "fiu":
            names, numbers = weights.index.tolist(), _blank_is_zero(weights.to_numpy(np.float64))
        else:
            found: list[float] = []
            for name, value in weights.items():
                names.append(name)
                found.append(0.0 if is_blank(value) else to_number(value, f"weights ({name})"))
            numbers = np.array(found, dtype=np.float64)
        columns = _fund_columns(pd.Index(names), funds)
        row = np.zeros((1, len(funds)))
        row[0, columns] = numbers
    else:
        cells = np.asarray(weights, dtype=object).ravel()
        if len(cells) != len(funds):
            raise InputError(
                f"weights has {len(cells)} values for the {len(funds)} columns of navs; give "
                "one weight per column of navs, in the same order, or name the funds."
            )
        row = np.array(
            [[0.0 if is_blank(v) else to_number(v, "weights", i + 1) for i, v in enumerate(cells)]]
        )
    _check_rows(row, funds, ["weights"])
    return None, row


def _blank_is_zero(values: np.ndarray) -> np.ndarray:
    """A blank weight (NaN) is 0; infinities stay, to be refused by the checks."""
    return np.where(np.isnan(values), 0.0, values)


def _fund_columns(names: pd.Index, funds: pd.Index) -> np.ndarray:
    """Positions in ``funds`` of each weights name (compared as trimmed text)."""
    lookup = {str(f).strip(): j for j, f in enumerate(funds.tolist())}
    if len(lookup) == len(funds) and names.equals(funds):  # the NAVs' own names, in order
        return np.arange(len(funds), dtype=np.intp)
    seen: set[str] = set()
    columns = []
    for name in names.tolist():
        key = str(name).strip()
        if key in seen:
            raise InputError(f"weights names fund {key!r} twice; give each fund one weight.")
        seen.add(key)
        if key not in lookup:
            known = ", ".join(str(f) for f in funds[:6]) + (", …" if len(funds) > 6 else "")
            raise InputError(
                f"weights names fund {key!r}, which is not among the NAVs ({known}); check the "
                "spelling or add its NAVs."
            )
        columns.append(lookup[key])
    return np.array(columns, dtype=np.intp)


def _check_rows(matrix: np.ndarray, funds: pd.Index, labels: list[str]) -> None:
    """Every weight finite and ≥ 0, every row summing to ≤ 1."""
    bad = ~np.isfinite(matrix) | (matrix < 0)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise InputError(
            f"{labels[i]} gives {funds[j]} {matrix[i, j]:g}; a weight must be a "
            "fraction ≥ 0 (the part not invested is cash): correct it."
        )
    sums = matrix.sum(axis=1)
    over = sums > 1.0 + _SUM_TOLERANCE
    if over.any():
        i = int(np.argmax(over))
        hint = (
            "weights are fractions: give 0.6 for 60%"
            if sums[i] > 1.5
            else "lower some weights (the rest is cash)"
        )
        verb = "add" if labels[i] == "weights" else "adds"
        raise InputError(f"{labels[i]} {verb} up to {sums[i]:g}, above 1; {hint}.")


def grid_freq(value: Any, name: str = "freq") -> str:
    """The grid of the portfolio functions (their ``freq``): ``"W-FRI"`` or ``"M"``.

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
            f"{name}={_options.shown(value)} is not a grid of the portfolio; use W (Fridays) or "
            "M (month ends)."
        )
    return str(canonical)


def rebalance_freq(value: Any, name: str = "rebalance") -> str | None:
    """When the portfolio functions reset the weights (their ``rebalance``): ``"W-FRI"``,
    ``"M"``, ``"Q"``, ``"Y"``, or None for none (only at dated rows); no finer than the grid
    (checked against ``freq`` there).

    Raises
    ------
    OptionError
        Native or an unknown frequency.
    """
    if isinstance(value, str) and value.strip().lower() in _NEVER:
        return None
    try:
        return str(_options.frequency(value, name, allow_native=False))
    except OptionError:
        raise OptionError(
            f"{name}={_options.shown(value)} is not known; use one of: M, Q, Y, W or "
            "none (only at dated rows)."
        ) from None


def _on_grid(canonical: str | None, grid_freq: str, rebalance: Any) -> str | None:
    """``canonical`` (the rebalance frequency) when it is none or no finer than the grid."""
    if canonical is not None and _FREQ_ORDER[canonical] < _FREQ_ORDER[grid_freq]:
        raise OptionError(
            f"rebalance={_options.shown(rebalance)} is more frequent than the grid "
            f"(freq={_GRID_FREQS[grid_freq]}); use M, Q, Y or none."
        )
    return canonical
