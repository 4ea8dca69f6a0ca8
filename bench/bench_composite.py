"""Benchmark: strategy composite index of 1,000 funds × 10 years of irregular weekly NAVs.

Each fund reports on its own weekday (a holiday skips a week now and then), some only every
two weeks, funds start at different dates and some stop reporting. The peer is the same rule
set written with idiomatic pandas (groupby-last per period, forward fill, frame arithmetic);
no library ships a composite index with these screening rules.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from harness import median_time, report

from fofxl.composite import composite_index
from fofxl.periods import Span, period_end, period_grid, span_start

TARGET = 0.5  # seconds; no target stated in the brief beyond "well under a second"


def make_panel(n_funds: int = 1000, years: int = 10, seed: int = 7) -> pd.DataFrame:
    """Synthetic irregular NAV panel: one column per fund, NaN where a fund did not report."""
    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2014-01-01", periods=years * 261)
    n = len(days)
    weekday = days.day_of_week.to_numpy()[:, None]
    week = ((days - days[0]).days.to_numpy() // 7)[:, None]
    report_day = rng.integers(0, 5, n_funds)[None, :]
    biweekly = (rng.random(n_funds) < 0.1)[None, :]
    start = rng.integers(0, n // 2, n_funds)[None, :]
    stop = np.where(rng.random(n_funds) < 0.2, rng.integers(n // 2, n, n_funds), n)[None, :]
    rows = np.arange(n)[:, None]
    reported = (
        (weekday == report_day)
        & (~biweekly | (week % 2 == 0))
        & (rng.random((n, n_funds)) > 0.03)
        & (rows >= start)
        & (rows < stop)
    )
    navs = np.cumprod(1.0 + rng.normal(0.0002, 0.004, (n, n_funds)), axis=0)
    navs[~reported] = np.nan
    columns = [f"fund {j:04d}" for j in range(n_funds)]
    return pd.DataFrame(navs, index=days, columns=columns)


def pandas_composite(navs: pd.DataFrame) -> pd.DataFrame:
    """The same rules (W grid, 6M age, 14D gap, monthly rebalance) in plain pandas."""
    navs = navs.dropna(how="all")
    grid = period_grid(navs.index[0], navs.index[-1], "W-FRI").as_unit("ns")
    period = period_end(navs.index, "W-FRI").as_unit("ns")
    stamp = pd.DataFrame(
        np.where(navs.notna(), navs.index.to_numpy()[:, None], np.datetime64("NaT")),
        index=navs.index,
        columns=navs.columns,
    )
    nav_at = navs.groupby(period).last().reindex(grid).ffill()
    day_at = stamp.groupby(period).last().reindex(grid).ffill()
    gap_floor = day_at.apply(lambda col: pd.Series(col.to_numpy() - pd.Timedelta(days=14)))
    gap_floor.index = grid
    has_return = (day_at > day_at.shift(1)) & (day_at.shift(1) >= gap_floor)
    ret = nav_at / nav_at.shift(1) - 1.0
    first = navs.apply(lambda col: col.first_valid_index())
    age_floor = pd.Series(span_start(grid, Span(6, "M", "6M")), index=grid)
    ok = day_at.ge(pd.Series(grid - pd.Timedelta(days=14), index=grid), axis=0)
    ok &= pd.DataFrame(
        first.to_numpy()[None, :] <= age_floor.to_numpy()[:, None], index=grid, columns=navs.columns
    )
    month = pd.Series(grid.to_period("M"), index=grid)
    screen_of_month = pd.Series(grid, index=grid).groupby(month.to_numpy()).last().shift(1)
    screen = month.map(screen_of_month)
    eligible = ok.reindex(screen.to_numpy()).fillna(False).astype(bool)
    eligible.index = grid
    contrib = eligible & has_return
    funds = contrib.sum(axis=1)
    mean = ret.where(contrib).mean(axis=1).fillna(0.0)
    return pd.DataFrame({"index": (1.0 + mean).cumprod(), "funds": funds}, index=grid)


def run() -> bool:
    navs = make_panel()
    ours = composite_index(navs)
    # the index starts at its base, the grid date before the first period with an eligible
    # fund (SPEC §3 FOF_INDEX); the peer's grid runs from the first date: compare from there
    peer = pandas_composite(navs).loc[ours.index[0] :]
    peer["index"] = peer["index"] / peer["index"].iloc[0] * ours["index"].iloc[0]
    assert np.array_equal(ours["funds"].to_numpy(), peer["funds"].to_numpy())
    assert np.allclose(ours["index"].to_numpy(), peer["index"].to_numpy(), rtol=1e-12)
    seconds = median_time(lambda: composite_index(navs))
    pandas_seconds = median_time(lambda: pandas_composite(navs))
    return report(
        f"composite_index {navs.shape[1]} funds x 10y irregular weekly",
        seconds,
        TARGET,
        {"pandas": pandas_seconds},
    )


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
