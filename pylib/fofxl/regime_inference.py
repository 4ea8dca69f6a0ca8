"""Regime inference: is a regime's effect on returns more than noise, and which products carry it?

:func:`regime_test` runs Welch's t test and the Mann–Whitney U test between two regimes and the
Kruskal–Wallis test across all three, on the regime-labelled returns of
:func:`~fofxl.regime_table.return_regimes` (same windows, thresholds, aggregation and lag), with
one of two units of observation:

* ``period`` (default): one observation per calendar period of the returns' frequency (weeks
  ending Friday), the equal-weight mean of all product returns dated in it. Products' returns
  in one week move together, so they are not independent observations.
* ``pooled``: each product-period is one observation, as in Table 3.

:func:`regime_products` gives, per product, its count and mean return in each regime, the
spread mean(high) − mean(low), Welch's t and p for it, and its rank by spread.

The figures are scipy.stats' (``ttest_ind(equal_var=False)``,
``mannwhitneyu(method="asymptotic", use_continuity=True)``, ``kruskal``), computed here on all
observations at once: Welch's test of every product in one numpy pass, and one sort ranking the
observations for both rank tests (scipy ranks them once per test), with scipy.special's
distributions; the tests pin them to scipy.stats.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import _options
from ._options import choose
from .clean import as_frame
from .errors import OptionError
from .regime_table import row_regimes
from .regimes import DEFAULT_LABELS

__all__ = ["TEST_COLUMNS", "UNITS", "period_means", "regime_products", "regime_test"]

#: Units of observation (``unit``); the first is the default.
UNITS = ("period", "pooled")

#: Columns of :func:`regime_test` (SPEC §13).
TEST_COLUMNS = (
    "test",
    "a",
    "b",
    "unit",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "statistic",
    "df",
    "p_value",
)

_ALL = "all"  # the Kruskal–Wallis row's a: every regime


def period_means(values: np.ndarray, periods: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equal-weight mean of all non-blank values of each period, and the period of each mean.

    Parameters
    ----------
    values : ndarray
        float64, one row per date (sorted by date), one column per product; NaN is blank.
    periods : ndarray
        The period end of each row (non-decreasing, as the rows are sorted by date).

    Returns
    -------
    means : ndarray
        One value per distinct period, NaN when the period holds no value.
    first_rows : ndarray
        The first row of each period (to look up the period's regime).
    """
    if len(periods) == 0:
        return np.empty(0), np.empty(0, dtype=np.intp)
    starts = np.flatnonzero(np.r_[True, periods[1:] != periods[:-1]])
    present = ~np.isnan(values)
    sums = np.add.reduceat(np.where(present, values, 0.0).sum(axis=1), starts)
    counts = np.add.reduceat(present.sum(axis=1), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return means, starts


def _observations(
    frame: pd.DataFrame, codes: np.ndarray, periods: np.ndarray, unit: str
) -> tuple[np.ndarray, np.ndarray]:
    """Flat observations and their regime codes (blank values and rows without regime dropped)."""
    values = frame.to_numpy(dtype=np.float64)
    if unit == "period":
        flat, first = period_means(values, periods)
        flat_codes = codes[first]
    else:
        flat = values.ravel()
        flat_codes = np.broadcast_to(codes.reshape(-1, 1), values.shape).ravel()
    keep = (flat_codes >= 0) & ~np.isnan(flat)
    return flat[keep], flat_codes[keep]


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if x.size else np.nan


def _finite(value: Any) -> float:
    number = float(value)
    return number if np.isfinite(number) else np.nan


def _welch(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Welch's t, its Welch–Satterthwaite df and the two-sided p; empty with n < 2 or no spread."""
    t, df, p = _welch_columns(_moments(x.reshape(-1, 1)), _moments(y.reshape(-1, 1)))
    return float(t[0]), float(df[0]), float(p[0])


class _Moments(NamedTuple):
    """Per column of a block of samples: count, mean, sample variance, values not all equal."""

    n: np.ndarray
    mean: np.ndarray
    var: np.ndarray
    varied: np.ndarray


def _moments(block: np.ndarray) -> _Moments:
    """Per column of ``block`` (NaN is blank): count, mean, sample variance (two passes, as
    numpy's ``var(ddof=1)``) and whether the values differ (max > min)."""
    present = ~np.isnan(block)
    n = present.sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, block, 0.0).sum(axis=0) / n
        deviation = np.where(present, block - mean, 0.0)
        var = (deviation * deviation).sum(axis=0) / (n - 1)
    varied = np.fmax.reduce(block, axis=0, initial=-np.inf) > np.fmin.reduce(
        block, axis=0, initial=np.inf
    )
    return _Moments(n, mean, var, varied)


def _welch_columns(a: _Moments, b: _Moments) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Welch's test of sample a against sample b in every column at once.

    ``a`` and ``b`` are the :func:`_moments` of each column's two samples (the rows of two
    regimes). Returns t, the Welch–Satterthwaite df and the two-sided p per column, as
    ``scipy.stats.ttest_ind(a, b, equal_var=False)`` gives them (two-pass sample variances, p
    from Student's t), NaN where a sample has fewer than 2 values, both samples are
    constant, or a figure is not finite.
    """
    from scipy import special  # on first use: importing scipy takes a while

    n_a, mean_a, var_a, spread_a = a
    n_b, mean_b, var_b, spread_b = b
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        vn_a, vn_b = var_a / n_a, var_b / n_b
        df = (vn_a + vn_b) ** 2 / (vn_a**2 / (n_a - 1) + vn_b**2 / (n_b - 1))
        t = (mean_a - mean_b) / np.sqrt(vn_a + vn_b)
        p = 2.0 * special.stdtr(df, -np.abs(t))
    empty = (n_a < 2) | (n_b < 2) | ~(spread_a | spread_b)
    t, df, p = (np.where(empty | ~np.isfinite(f), np.nan, f) for f in (t, df, p))
    return t, df, p


def _rank_sums(ordered: np.ndarray, codes: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """The sum of the average ranks (ties share the mean of their ranks, as
    ``scipy.stats.rankdata``) of each code's values, and the tie term sum(t³ − t) over the
    groups of t equal values; ``ordered`` is sorted and ``codes`` (0 … k − 1) go with it."""
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], ordered.size]
    ties = (ends - starts).astype(np.float64)
    ranks = np.repeat((starts + 1 + ends) / 2.0, ends - starts)
    return np.bincount(codes, weights=ranks, minlength=k), float((ties**3 - ties).sum())


def _mann_whitney(ordered: np.ndarray, codes: np.ndarray, a: int, b: int) -> tuple[float, float]:
    """U of regime ``a`` against regime ``b`` and the two-sided p: the normal approximation
    with tie and continuity correction of ``scipy.stats.mannwhitneyu(method="asymptotic")``;
    empty with fewer than 2 values in either or all values equal. ``ordered`` holds the sorted
    observations, ``codes`` their regimes."""
    from scipy import special  # on first use: importing scipy takes a while

    inside = (codes == a) | (codes == b)
    values = ordered[inside]
    in_a = (codes[inside] == a).astype(np.intp)
    n1 = int(in_a.sum())
    n2 = values.size - n1
    if n1 < 2 or n2 < 2 or values[0] == values[-1]:
        return np.nan, np.nan
    sums, tie_term = _rank_sums(values, in_a, 2)
    u1 = sums[1] - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    spread = np.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = float(np.clip(2 * special.ndtr(-(u - n1 * n2 / 2 - 0.5) / spread), 0.0, 1.0))
    return _finite(u1), _finite(p)


def _kruskal(ordered: np.ndarray, codes: np.ndarray, k: int) -> tuple[float, float]:
    """H (tie-corrected) across the k regimes and its χ² p with k − 1 df, as
    ``scipy.stats.kruskal``; empty if a regime has fewer than 2 values or all are equal."""
    from scipy import special  # on first use: importing scipy takes a while

    counts = np.bincount(codes, minlength=k)
    if (counts < 2).any() or ordered[0] == ordered[-1]:
        return np.nan, np.nan
    sums, tie_term = _rank_sums(ordered, codes, k)
    total = int(counts.sum())
    ssbn = sum(float(sums[i]) ** 2 / int(counts[i]) for i in range(k))
    h = 12.0 / (total * (total + 1)) * ssbn - 3 * (total + 1)
    h /= 1 - tie_term / (total**3 - total)
    return _finite(h), _finite(special.chdtrc(k - 1, h))


def regime_test(
    returns: pd.Series | pd.DataFrame,
    indicator: pd.Series,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: str = "mean",
    lag: Any = 0,
    a: Any = None,
    b: Any = None,
    unit: str = "period",
    method: str = "inc",
    labels: Any = DEFAULT_LABELS,
    freq: Any = None,
) -> pd.DataFrame:
    """Tests of the difference in returns between market regimes (Welch, Mann–Whitney, Kruskal).

    Parameters
    ----------
    returns : Series or DataFrame
        Date-indexed periodic returns; a DataFrame holds one product per column.
    indicator : Series
        Date-indexed daily indicator (turnover, volatility, amplitude); its whole history is
        used, also before the first return.
    window : int or str, default "3Y"
        Percentile window over the periodic indicator: a count of periods or a span like 3Y.
    low : float, default 0.2
        Percentile below which the regime is low.
    high : float, default 0.8
        Percentile above which the regime is high.
    agg : str, default "mean"
        The indicator's value for a period: ``"mean"`` or ``"last"``.
    lag : int, default 0
        Use the regime of k periods earlier.
    a : str, optional
        The first regime of the two-sample tests; empty: the high regime (third label).
    b : str, optional
        The second regime; empty: the low regime (first label).
    unit : str, default "period"
        ``"period"``: one observation per calendar period (week ending Friday for weekly
        returns), the equal-weight mean of all product returns dated in it. ``"pooled"``:
        every product-period is one observation (as in Table 3).
    method : str, default "inc"
        Percentile method: inc, exc or rank.
    labels : str or sequence, default ("low", "balance", "high")
        The three regime names, from low to high.
    freq : str, optional
        The returns' frequency (W, M, Q, Y or native); empty: inferred from their dates.

    Returns
    -------
    DataFrame
        Columns ``test, a, b, unit, n_a, n_b, mean_a, mean_b, statistic, df, p_value``; rows
        ``welch_t`` (statistic t, Welch–Satterthwaite df, two-sided p), ``mann_whitney``
        (statistic U of sample a, df empty, two-sided p) and ``kruskal`` (H, df = number of
        regimes − 1, χ² p; a = ``all`` with n_a and mean_a over all labelled observations, b,
        n_b, mean_b empty). Empty (NaN) statistic, df and p where a regime taking part has
        fewer than 2 observations or all values taking part are equal.

    Raises
    ------
    OptionError
        Bad window, thresholds, agg, lag, method, labels, freq, unit, or a / b not a regime
        name (or the same regime twice).
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    SPEC §10. Regimes as in :func:`~fofxl.regime_table.return_regimes`. Welch:
    t = (m_a − m_b) / √(s_a²/n_a + s_b²/n_b), df by Welch–Satterthwaite
    (scipy.stats.ttest_ind, equal_var=False). Mann–Whitney: U of a, normal approximation with
    tie and continuity correction (scipy.stats.mannwhitneyu, method="asymptotic").
    Kruskal–Wallis: H with tie correction, p from χ² with k − 1 df (scipy.stats.kruskal).

    Examples
    --------
    >>> import pandas as pd
    >>> ind = pd.Series(range(1, 13), index=pd.date_range("2024-01-05", periods=12, freq="W-FRI"),
    ...                 dtype=float)
    >>> rets = pd.Series([0.01, 0.02, 0.03], index=ind.index[-3:])
    >>> regime_test(rets, ind, window=4)["n_a"].tolist()
    [3.0, 3.0, 3.0]
    """
    chosen = choose(unit, UNITS, "unit")
    frame = as_frame(returns, "returns", kind="return")
    codes, names, periods = row_regimes(
        frame, indicator, window, low, high, agg, lag, method, labels, freq
    )
    first = choose(a, names, "a") if _options.given(a) else names[2]
    second = choose(b, names, "b") if _options.given(b) else names[0]
    if first == second:
        raise OptionError(f"a and b are both {first!r}; compare two different regimes.")
    flat, flat_codes = _observations(frame, codes, periods, chosen)
    groups = [flat[flat_codes == i] for i in range(len(names))]
    x, y = groups[names.index(first)], groups[names.index(second)]
    t, df, p_t = _welch(x, y)
    order = np.argsort(flat)  # one sort ranks the observations for both rank tests
    ordered, ordered_codes = flat[order], flat_codes[order].astype(np.intp)
    ia, ib = names.index(first), names.index(second)
    u, p_u = _mann_whitney(ordered, ordered_codes, ia, ib)
    h, p_h = _kruskal(ordered, ordered_codes, len(names))
    labelled = np.concatenate(groups)
    kruskal_df = float(len(names) - 1) if np.isfinite(h) else np.nan
    figures = np.array(
        [
            [x.size, y.size, _mean(x), _mean(y), t, df, p_t],
            [x.size, y.size, _mean(x), _mean(y), u, np.nan, p_u],
            [labelled.size, np.nan, _mean(labelled), np.nan, h, kruskal_df, p_h],
        ],
        dtype=np.float64,
    )
    table = pd.DataFrame(
        {
            "test": ["welch_t", "mann_whitney", "kruskal"],
            "a": [first, first, _ALL],
            "b": pd.Series([second, second, None], dtype=object),  # a blank, not NaN
            "unit": [chosen] * 3,
            **dict(zip(TEST_COLUMNS[4:], figures.T, strict=True)),
        }
    )
    return table


def regime_products(
    returns: pd.Series | pd.DataFrame,
    indicator: pd.Series,
    window: Any = "3Y",
    low: Any = 0.2,
    high: Any = 0.8,
    agg: str = "mean",
    lag: Any = 0,
    method: str = "inc",
    labels: Any = DEFAULT_LABELS,
    freq: Any = None,
    sort: Any = False,
) -> pd.DataFrame:
    """Per product: its returns per regime, the high − low spread, Welch's t and p, its rank.

    Parameters
    ----------
    returns : Series or DataFrame
        Date-indexed periodic returns; a DataFrame holds one product per column.
    indicator : Series
        Date-indexed daily indicator; its whole history is used.
    window : int or str, default "3Y"
        Percentile window over the periodic indicator: a count of periods or a span like 3Y.
    low : float, default 0.2
        Percentile below which the regime is low.
    high : float, default 0.8
        Percentile above which the regime is high.
    agg : str, default "mean"
        The indicator's value for a period: ``"mean"`` or ``"last"``.
    lag : int, default 0
        Use the regime of k periods earlier.
    method : str, default "inc"
        Percentile method: inc, exc or rank.
    labels : str or sequence, default ("low", "balance", "high")
        The three regime names, from low to high; they name the columns.
    freq : str, optional
        The returns' frequency (W, M, Q, Y or native); empty: inferred from their dates.
    sort : bool, default False
        Rows by rank (largest spread first, products without a spread last, ties in input
        order) instead of the input's order.

    Returns
    -------
    DataFrame
        One row per product, in the input's order (or by rank with ``sort``). Columns
        ``product``, ``n_<regime>`` and ``mean_<regime>`` for the three regimes (low,
        balance, high), ``spread`` = mean_high − mean_low, ``t`` and ``p_value`` of Welch's
        test of high against low, and ``rank`` by spread (1 = largest spread, i.e. most
        helped by the high regime; ties share the best rank, like RANK.EQ; empty spread: no
        rank).

    Raises
    ------
    OptionError
        Bad window, thresholds, agg, lag, method, labels or freq.
    InputError
        Unreadable values or duplicate dates.

    Notes
    -----
    SPEC §10 "Per-product sensitivity". Each product-period is one observation of its
    product. t and p as in :func:`regime_test` (scipy.stats.ttest_ind, equal_var=False);
    empty when the product has fewer than 2 returns in the high or the low regime.

    Examples
    --------
    >>> import pandas as pd
    >>> ind = pd.Series(range(1, 13), index=pd.date_range("2024-01-05", periods=12, freq="W-FRI"),
    ...                 dtype=float)
    >>> rets = pd.DataFrame({"A": [0.01, 0.02, 0.03]}, index=ind.index[-3:])
    >>> regime_products(rets, ind, window=4)["n_high"].tolist()
    [3.0]
    """
    frame = as_frame(returns, "returns", kind="return")
    codes, names, _ = row_regimes(
        frame, indicator, window, low, high, agg, lag, method, labels, freq
    )
    values = frame.to_numpy(dtype=np.float64)
    moments = [_moments(values[codes == i]) for i in range(len(names))]  # each regime's rows
    counts = [m.n for m in moments]
    means = [np.where(m.n > 0, m.mean, np.nan) for m in moments]
    spread = means[2] - means[0]
    t, _, p = _welch_columns(moments[2], moments[0])
    rank = pd.Series(spread).rank(method="min", ascending=False).to_numpy()
    table = pd.DataFrame({"product": [str(c) for c in frame.columns]})
    for i, name in enumerate(names):
        table[f"n_{name}"] = counts[i]
    for i, name in enumerate(names):
        table[f"mean_{name}"] = means[i]
    table["spread"] = spread
    table["t"] = t
    table["p_value"] = p
    table["rank"] = rank
    if _options.flag(sort, "sort", False):
        order = np.argsort(np.where(np.isnan(rank), np.inf, rank), kind="stable")
        table = table.iloc[order].reset_index(drop=True)
    return table
