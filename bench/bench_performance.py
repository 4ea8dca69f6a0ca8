"""Benchmark: the per-year performance table (Table 1) of 2,000 funds × 10 years of weekly NAVs.

Workload and target (brief): annualized return, volatility, max drawdown, Sharpe and Calmar
for each calendar year and the full span, every fund, ≤ 30 ms. Funds start on different dates
and some stop reporting. Peers compute the same cells from the same NAVs: pandas (one pass
per year over the frame of returns), empyrical (its functions on each year's 2-D array of
returns), quantstats (its functions on each year's frame; slow, so timed on 100 funds and
scaled ×20) and ffn (``calc_stats``, whose yearly statistics are the closest it has; timed on
50 funds, scaled ×40), the latter two when installed. A last line, for information, times the
table on a panel with 1% blank NAVs inside the series.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from harness import median_time, optional, report, weekly_panel, with_blanks

from fofxl.performance import performance_table

empyrical, ffn, quantstats = optional("empyrical"), optional("ffn"), optional("quantstats")

TARGET = 0.030
METRICS = ["ann_return", "ann_vol", "max_dd", "sharpe", "calmar"]
P = 52


def ours(navs: pd.DataFrame) -> pd.DataFrame:
    return performance_table(navs, metrics=METRICS)


def pandas_table(navs: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Per calendar year, from the returns dated in it (the first spans new year)."""
    returns = navs.pct_change(fill_method=None)
    observed = navs.notna()
    years = navs.index.year
    late_days = (navs.index.month == 12) & (navs.index.day >= 25)
    out = {}
    for year, r in returns.groupby(returns.index.year):
        n = r.count()
        wealth = (1.0 + r).cumprod()
        growth = (1.0 + r).prod().where(n > 0)
        # a complete year (SPEC §2): a NAV before it, and one after it or on/after 25 December
        complete = observed[years < year].any() & (
            observed[years > year].any() | observed[(years == year) & late_days].any()
        )
        ann = (growth - 1.0).where(complete, growth ** (P / n) - 1.0)
        vol = r.std() * np.sqrt(P)
        peak = wealth.cummax().clip(lower=1.0)
        mdd = (wealth / peak - 1.0).min().clip(upper=0.0)
        out[year] = pd.DataFrame(
            {
                "ann_return": ann,
                "ann_vol": vol,
                "max_dd": mdd,
                "sharpe": ann / vol,
                "calmar": ann / mdd.abs().where(mdd < 0),
            }
        ).where(n >= 2)  # SPEC §8: a year with fewer than 2 returns shows none of these
    return out


def floor_table(navs: pd.DataFrame) -> dict[int, np.ndarray]:
    """numpy floor: per calendar year, the five metrics from that year's returns."""
    x = navs.to_numpy()
    returns = x[1:] / x[:-1] - 1.0
    years = navs.index.year.to_numpy()[1:]
    edges = np.flatnonzero(np.diff(years)) + 1
    observed = ~np.isnan(x)
    ever = np.logical_or.accumulate(observed, axis=0)  # a NAV on or before each row
    later = np.logical_or.accumulate(observed[::-1], axis=0)[::-1]  # on or after
    late = np.asarray((navs.index.month == 12) & (navs.index.day >= 25))
    out = {}
    starts = np.r_[0, edges + 1]  # NAV rows of each year (return i is dated at row i + 1)
    stops = np.r_[edges + 1, len(x)]
    for r, year, a, b in zip(
        np.split(returns, edges), years[np.r_[0, edges]], starts, stops, strict=True
    ):
        n = np.count_nonzero(~np.isnan(r), axis=0)
        complete = (ever[a - 1] if a > 0 else False) & (
            (later[b] if b < len(x) else False) | observed[a:b][late[a:b]].any(axis=0)
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            growth = np.where(n > 0, np.nanprod(1.0 + r, axis=0), np.nan)
            ann = np.where(complete, growth - 1.0, growth ** (P / n) - 1.0)
            vol = np.nanstd(r, axis=0, ddof=1) * np.sqrt(P)
            wealth = np.nancumprod(1.0 + r, axis=0)
            peak = np.maximum(np.maximum.accumulate(wealth, axis=0), 1.0)
            mdd = np.where(n > 0, np.minimum((wealth / peak - 1.0).min(axis=0), 0.0), np.nan)
            cells = np.array([ann, vol, mdd, ann / vol, ann / np.where(mdd < 0, -mdd, np.nan)])
            cells[:, n < 2] = np.nan  # SPEC §8: fewer than 2 returns show none of these
            out[int(year)] = cells
    return out


def empyrical_table(navs: pd.DataFrame) -> dict[int, tuple]:
    returns = navs.pct_change(fill_method=None)
    out = {}
    for year, r in returns.groupby(returns.index.year):
        values = r.to_numpy()
        ann = empyrical.annual_return(values, annualization=P)
        mdd = empyrical.max_drawdown(values)
        out[year] = (
            ann,
            empyrical.annual_volatility(values, annualization=P),
            mdd,
            empyrical.sharpe_ratio(values, annualization=P),
            ann / np.abs(mdd),
        )
    return out


def quantstats_table(navs: pd.DataFrame) -> dict[int, tuple]:
    stats = quantstats.stats
    returns = navs.pct_change(fill_method=None)
    out = {}
    for year, frame in returns.groupby(returns.index.year):
        r = frame.dropna(axis=1, how="all")  # quantstats rejects a column without data
        out[year] = (
            stats.cagr(r, periods=P),
            stats.volatility(r, periods=P, annualize=True),
            stats.max_drawdown(r),
            stats.sharpe(r, periods=P),
            stats.calmar(r),
        )
    return out


def check(table: pd.DataFrame, peer: dict[int, pd.DataFrame]) -> None:
    """Our cells equal the pandas peer's for every year, fund and metric."""
    for year, frame in peer.items():
        for metric in METRICS:
            mine = table.loc[table["metric"] == metric, year].to_numpy()
            assert np.allclose(mine, frame[metric].to_numpy(), rtol=1e-9, equal_nan=True), (
                year,
                metric,
            )


def run() -> bool:
    navs = weekly_panel(2000, 522, 5)  # 2,000 funds x 10 years of weekly NAVs
    table = ours(navs)
    peer = pandas_table(navs)
    check(table, peer)
    for year, cells in floor_table(navs).items():  # the floor computes the same cells
        for k, metric in enumerate(METRICS):
            assert np.allclose(cells[k], peer[year][metric], rtol=1e-9, equal_nan=True)
    peers: dict[str, float | None] = {"pandas": median_time(lambda: pandas_table(navs))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peers["empyrical"] = median_time(lambda: empyrical_table(navs)) if empyrical else None
        if quantstats:
            part = navs.iloc[:, :100]
            peers["quantstats (100 funds x20)"] = median_time(
                lambda: quantstats_table(part)
            ).scaled(navs.shape[1] / 100)
        else:
            peers["quantstats"] = None
        if ffn:
            few = navs.iloc[:, :50]
            peers["ffn calc_stats (50 funds x40)"] = median_time(
                lambda: ffn.calc_stats(few)
            ).scaled(navs.shape[1] / 50)
        else:
            peers["ffn"] = None
        ok = report(
            f"per-year table (5 metrics), {navs.shape[1]} funds x 10y weekly",
            median_time(lambda: ours(navs), repeat=9),
            TARGET,
            peers,
            floor=median_time(lambda: floor_table(navs), repeat=9),
        )
    holes = with_blanks(navs)
    print(
        f"  info, same panel with 1% blank NAVs: {median_time(lambda: ours(holes)) * 1e3:.1f} ms",
        flush=True,
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
