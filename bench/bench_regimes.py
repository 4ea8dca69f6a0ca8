"""Benchmark: the regime functions (SPEC §10) on a fund universe against the floor and peers.

Workloads: 2,000 funds × 520 weekly returns (staggered starts) and a daily indicator of 5,000
business days (its whole history: the 3-year percentile window needs the years before the first
return).

* FOF_REGIMESTATS (:func:`fofxl.regime_table.regime_stats`): weekly indicator means, their
  3-year PERCENTRANK.INC, the regime of each week, then the bucket statistics of every
  product-week pooled.
* FOF_REGIMETEST (:func:`fofxl.regime_inference.regime_test`), both units: the weekly mean of
  all products (``period``) and every product-week (``pooled``, about 750,000 observations):
  Welch's t, Mann–Whitney U and Kruskal–Wallis H.
* FOF_REGIMEPRODUCTS (:func:`fofxl.regime_inference.regime_products`): per product, counts and
  means per regime and Welch's test of high against low.

The numpy floor labels the weeks the same way (week ids, ``np.add.reduceat`` means, the
3-year windows compared at once) and computes each statistic straight from dense arrays: one
sort for both rank tests, masked moments for Welch. Its numbers are checked against fofxl's
before timing. Peers do the same work the way an analyst would with the libraries at hand:
pandas for the labelling and grouping, scipy.stats for the tests (per product in a loop, and
vectorised over products with ``nan_policy="omit"``).

Bars (issue 15): ≤ 2× the floor and faster than every peer, medians of 7 runs.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from bench_percentiles import SpanWindows
from harness import median_time, report, weekly_panel
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special, stats

from fofxl.regime_inference import regime_products, regime_test
from fofxl.regime_table import regime_stats

LOW, HIGH = 0.2, 0.8
MONTHS = 36  # the "3Y" window


def make_data(
    n_funds: int = 2000, weeks: int = 520, days: int = 5000, seed: int = 21
) -> tuple[pd.DataFrame, pd.Series]:
    """Weekly returns of ``n_funds`` and a daily indicator starting five years earlier."""
    returns = weekly_panel(n_funds, weeks, seed).pct_change(fill_method=None).iloc[1:]
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2010-01-04", periods=days)
    indicator = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.03, days))), index=dates)
    return returns, indicator


# ---------------------------------------------------------------------------------------------
# numpy floor
# ---------------------------------------------------------------------------------------------


def _fridays(dates: pd.DatetimeIndex) -> np.ndarray:
    """The Friday ending each date's week (datetime64[D])."""
    days = dates.to_numpy().astype("M8[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday: Monday is 0
    return days + ((4 - weekday) % 7).astype("m8[D]")


def floor_codes(returns: pd.DataFrame, indicator: pd.Series) -> np.ndarray:
    """The regime code of each return row (0 low, 1 balance, 2 high, -1 none) in numpy."""
    weeks = _fridays(indicator.index)
    starts = np.flatnonzero(np.r_[True, weeks[1:] != weeks[:-1]])
    x = indicator.to_numpy()
    means = np.add.reduceat(x, starts) / np.diff(np.r_[starts, x.size])
    ends = weeks[starts]
    # PERCENTRANK.INC over the weeks dated after (week - 36 months), once 36 months are in
    opened = (pd.DatetimeIndex(ends) - pd.DateOffset(months=MONTHS)).to_numpy().astype("M8[D]")
    lo = np.searchsorted(ends, opened, side="right")
    size = np.arange(ends.size) - lo + 1
    width = int(size.max())
    windows = sliding_window_view(np.r_[np.full(width - 1, np.nan), means], width)
    inside = np.arange(width)[None, :] >= (width - size)[:, None]
    below = np.count_nonzero((windows < means[:, None]) & inside, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = below / (size - 1.0)
    pct[opened < ends[0]] = np.nan  # (no week before a full window)
    codes = np.where(np.isnan(pct), -1, np.where(pct < LOW, 0, np.where(pct > HIGH, 2, 1)))
    at = np.searchsorted(ends, _fridays(returns.index))
    found = (at < ends.size) & (ends[np.minimum(at, ends.size - 1)] == _fridays(returns.index))
    return np.where(found, codes[np.minimum(at, ends.size - 1)], -1)


def floor_stats(returns: pd.DataFrame, indicator: pd.Series) -> np.ndarray:
    """count, mean, std, min, quartiles, max, >0 share, stability per regime."""
    values = returns.to_numpy()
    codes = np.broadcast_to(floor_codes(returns, indicator)[:, None], values.shape).ravel()
    flat = values.ravel()
    keep = (codes >= 0) & ~np.isnan(flat)
    flat, codes = flat[keep], codes[keep]
    ordered = flat[np.argsort(codes, kind="stable")]
    out = np.empty((3, 10))
    for k, segment in enumerate(np.split(ordered, np.cumsum(np.bincount(codes, minlength=3))[:-1])):
        segment.sort()
        n = segment.size
        std = segment.std(ddof=1)
        out[k] = [
            n,
            segment.mean(),
            std,
            segment[0],
            *np.interp([0.25, 0.5, 0.75], np.linspace(0, 1, n), segment),
            segment[-1],
            (n - np.searchsorted(segment, 0.0, side="right")) / n,
            segment.mean() / std,
        ]
    return out


def _observations(
    returns: pd.DataFrame, codes: np.ndarray, unit: str
) -> tuple[np.ndarray, np.ndarray]:
    values = returns.to_numpy()
    if unit == "period":
        present = ~np.isnan(values)
        with np.errstate(invalid="ignore", divide="ignore"):
            flat = np.where(present, values, 0.0).sum(axis=1) / present.sum(axis=1)
        flat_codes = codes
    else:
        flat = values.ravel()
        flat_codes = np.broadcast_to(codes[:, None], values.shape).ravel()
    keep = (flat_codes >= 0) & ~np.isnan(flat)
    return flat[keep], flat_codes[keep]


def _welch(values: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Welch's t and two-sided p per column, samples marked by a and b."""
    n_a, n_b = a.sum(axis=0), b.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        m_a = np.where(a, values, 0).sum(axis=0) / n_a
        m_b = np.where(b, values, 0).sum(axis=0) / n_b
        v_a = (np.where(a, values - m_a, 0) ** 2).sum(axis=0) / (n_a - 1)
        v_b = (np.where(b, values - m_b, 0) ** 2).sum(axis=0) / (n_b - 1)
        q_a, q_b = v_a / n_a, v_b / n_b
        df = (q_a + q_b) ** 2 / (q_a**2 / (n_a - 1) + q_b**2 / (n_b - 1))
        t = (m_a - m_b) / np.sqrt(q_a + q_b)
    return t, 2 * special.stdtr(df, -np.abs(t))


def floor_test(returns: pd.DataFrame, indicator: pd.Series, unit: str) -> np.ndarray:
    """Welch t and p (high vs low), Mann–Whitney U and p, Kruskal H and p."""
    flat, codes = _observations(returns, floor_codes(returns, indicator), unit)
    t, p_t = _welch(flat[:, None], (codes == 2)[:, None], (codes == 0)[:, None])
    order = np.argsort(flat)
    ordered, oc = flat[order], codes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], ordered.size]
    ranks = np.repeat((starts + 1 + ends) / 2.0, ends - starts)
    ties = (ends - starts).astype(float)
    counts = np.bincount(oc, minlength=3)
    sums = np.bincount(oc, weights=ranks, minlength=3)
    n = counts.sum()
    h = 12.0 / (n * (n + 1)) * (sums**2 / counts).sum() - 3 * (n + 1)
    h /= 1 - (ties**3 - ties).sum() / (n**3 - n)
    # Mann–Whitney on high ∪ low: ranks within those two alone
    two = oc != 1
    o2, c2 = ordered[two], oc[two]
    s2 = np.flatnonzero(np.r_[True, o2[1:] != o2[:-1]])
    e2 = np.r_[s2[1:], o2.size]
    r2 = np.repeat((s2 + 1 + e2) / 2.0, e2 - s2)
    t2 = (e2 - s2).astype(float)
    n1, n2 = counts[2], counts[0]
    u1 = r2[c2 == 2].sum() - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    m = n1 + n2
    s = np.sqrt(n1 * n2 / 12 * ((m + 1) - (t2**3 - t2).sum() / (m * (m - 1))))
    p_u = min(1.0, 2 * special.ndtr(-(u - n1 * n2 / 2 - 0.5) / s))
    return np.array([t[0], p_t[0], u1, p_u, h, special.chdtrc(2, h)])


def floor_products(returns: pd.DataFrame, indicator: pd.Series) -> np.ndarray:
    """Per product: count and mean in each regime, Welch t and p of high against low (each
    regime's rows taken once, blanks NaN)."""
    values = returns.to_numpy()
    codes = floor_codes(returns, indicator)
    out = []
    blocks = [values[codes == k] for k in range(3)]
    for block in blocks:
        present = ~np.isnan(block)
        n = present.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out += [n, np.where(present, block, 0).sum(axis=0) / n]
    high, low = blocks[2], blocks[0]
    t, p = _welch(
        np.r_[high, low],
        np.r_[~np.isnan(high), np.zeros_like(low, bool)],
        np.r_[np.zeros_like(high, bool), ~np.isnan(low)],
    )
    return np.column_stack([*out, t, p])


# ---------------------------------------------------------------------------------------------
# peers: pandas for the labelling and grouping, scipy.stats for the tests
# ---------------------------------------------------------------------------------------------


def pandas_codes(returns: pd.DataFrame, indicator: pd.Series) -> pd.Series:
    """Regime per return row with pandas: weekly means, rolling rank over 3-year windows."""
    weekly = indicator.resample("W-FRI").mean().dropna()
    opened = weekly.index - pd.DateOffset(months=MONTHS)
    start = weekly.index.searchsorted(opened, side="right").astype(np.int64)
    end = np.arange(1, len(weekly) + 1, dtype=np.int64)
    rank = weekly.rolling(SpanWindows(start=start, end=end), min_periods=1).rank(method="min")
    pct = (rank - 1) / (end - start - 1)
    pct[opened < weekly.index[0]] = np.nan
    regime = pd.cut(pct, [-np.inf, LOW - 1e-15, HIGH, np.inf], labels=["low", "balance", "high"])
    friday = returns.index + pd.to_timedelta((4 - returns.index.dayofweek) % 7, unit="D")
    return pd.Series(regime.reindex(friday).to_numpy(), index=returns.index)


def pandas_stats(returns: pd.DataFrame, indicator: pd.Series) -> pd.DataFrame:
    regime = pandas_codes(returns, indicator)
    long = returns.stack().rename("r").reset_index(level=1, drop=True).to_frame()
    long["regime"] = regime.reindex(long.index).to_numpy()
    return long.groupby("regime", observed=False)["r"].describe()


def scipy_test(returns: pd.DataFrame, indicator: pd.Series, unit: str) -> list[float]:
    regime = pandas_codes(returns, indicator)
    if unit == "period":
        data = pd.DataFrame({"r": returns.mean(axis=1), "regime": regime})
    else:
        data = returns.stack().rename("r").reset_index(level=1, drop=True).to_frame()
        data["regime"] = regime.reindex(data.index).to_numpy()
    groups = {k: g["r"].dropna().to_numpy() for k, g in data.groupby("regime", observed=True)}
    welch = stats.ttest_ind(groups["high"], groups["low"], equal_var=False)
    mwu = stats.mannwhitneyu(groups["high"], groups["low"], method="asymptotic")
    kw = stats.kruskal(groups["low"], groups["balance"], groups["high"])
    return [welch.statistic, welch.pvalue, mwu.statistic, mwu.pvalue, kw.statistic, kw.pvalue]


def scipy_products_loop(returns: pd.DataFrame, indicator: pd.Series) -> list[tuple]:
    regime = pandas_codes(returns, indicator).to_numpy()
    out = []
    for name in returns.columns:
        column = returns[name].to_numpy()
        high = column[(regime == "high") & ~np.isnan(column)]
        low = column[(regime == "low") & ~np.isnan(column)]
        out.append(stats.ttest_ind(high, low, equal_var=False)[:2])
    return out


def scipy_products_vectorised(returns: pd.DataFrame, indicator: pd.Series) -> tuple:
    regime = pandas_codes(returns, indicator).to_numpy()[:, None]
    values = returns.to_numpy()
    high = np.where(regime == "high", values, np.nan)
    low = np.where(regime == "low", values, np.nan)
    return stats.ttest_ind(high, low, equal_var=False, nan_policy="omit", axis=0)


# ---------------------------------------------------------------------------------------------


def _check(ours: np.ndarray, floor: np.ndarray, what: str) -> None:
    if not np.allclose(ours, floor, rtol=1e-9, atol=1e-13, equal_nan=True):
        raise AssertionError(f"{what}: fofxl and the numpy floor disagree")


def run() -> bool:
    with warnings.catch_warnings():  # (scipy's and pandas' on the peers' paths)
        warnings.simplefilter("ignore")
        return _run()


def _run() -> bool:
    returns, indicator = make_data()
    ok = True

    table = regime_stats(returns, indicator)
    _check(table.to_numpy(np.float64), floor_stats(returns, indicator), "regime_stats")
    ok &= report(
        "FOF_REGIMESTATS core, 2000 funds x 520 weeks, daily indicator 5000 days",
        median_time(lambda: regime_stats(returns, indicator)),
        None,
        {
            "pandas resample + rolling rank + groupby.describe": median_time(
                lambda: pandas_stats(returns, indicator), repeat=3
            )
        },
        floor=median_time(lambda: floor_stats(returns, indicator)),
    )

    for unit in ("period", "pooled"):
        tests = regime_test(returns, indicator, unit=unit).set_index("test")
        ours = tests.loc[["welch_t", "mann_whitney", "kruskal"], ["statistic", "p_value"]]
        _check(ours.to_numpy().ravel(), floor_test(returns, indicator, unit), f"regime_test {unit}")
        ok &= report(
            f"FOF_REGIMETEST core, unit={unit}, 2000 funds x 520 weeks",
            median_time(lambda u=unit: regime_test(returns, indicator, unit=u)),
            None,
            {
                "pandas labelling + scipy.stats tests": median_time(
                    lambda u=unit: scipy_test(returns, indicator, u), repeat=3
                )
            },
            floor=median_time(lambda u=unit: floor_test(returns, indicator, u)),
        )

    products = regime_products(returns, indicator)
    columns = [f"{k}_{r}" for r in ("low", "balance", "high") for k in ("n", "mean")]
    ours = products[[*columns, "t", "p_value"]].to_numpy()
    _check(ours, floor_products(returns, indicator), "regime_products")
    ok &= report(
        "FOF_REGIMEPRODUCTS core, 2000 funds x 520 weeks",
        median_time(lambda: regime_products(returns, indicator)),
        None,
        {
            "scipy.stats.ttest_ind per product (200 funds x10)": median_time(
                lambda: scipy_products_loop(returns.iloc[:, :200], indicator), repeat=3
            ).scaled(10),
            "scipy.stats.ttest_ind(axis=0, nan_policy='omit')": median_time(
                lambda: scipy_products_vectorised(returns, indicator), repeat=3
            ),
        },
        floor=median_time(lambda: floor_products(returns, indicator)),
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
