"""Benchmark: FoF portfolio NAV of 200 funds × 10 years of weekly NAVs, monthly rebalancing.

Every fund holds a positive target weight (10% cash); 1% of the NAVs are blank inside the
series (valued as of the previous NAV) and 10% of the funds stop reporting (carried flat).
Target (brief): at most 3× the numpy floor, measured in the same run: the faster of two
bare-array versions of the same arithmetic with nothing else (no input checks, no dates: the
rows are the grid, the month of each row is known, the weights are one array): forward-filled
values, returns, and the drift either as one cumulative product per rebalance segment or as
the plain loop over weeks vectorised across funds.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from harness import median_time, report, with_blanks

from fofxl.portfolio import portfolio_nav

N_FUNDS, WEEKS = 200, 522
RATIO = 3.0


def make_panel(seed: int = 5) -> pd.DataFrame:
    """Weekly Friday NAVs of 200 funds over 10 years, 1% blanks, 10% stop early."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2015-01-02", periods=WEEKS, freq="W-FRI")
    navs = np.exp(np.cumsum(rng.normal(0.0012, 0.02, (WEEKS, N_FUNDS)), axis=0))
    stop = np.where(rng.random(N_FUNDS) < 0.1, rng.integers(WEEKS // 2, WEEKS, N_FUNDS), WEEKS)
    navs[np.arange(WEEKS)[:, None] >= stop[None, :]] = np.nan
    panel = pd.DataFrame(navs, index=dates, columns=[f"fund {j:04d}" for j in range(N_FUNDS)])
    panel = with_blanks(panel)
    panel.iloc[0] = navs[0]  # every fund has its first NAV on the first Friday
    return panel


def numpy_floor(values: np.ndarray, month: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The portfolio NAV from bare arrays: rows are Fridays, ``month`` each row's month."""
    n = values.shape[0]
    rows = np.where(np.isnan(values), -1, np.arange(n)[:, None])
    np.maximum.accumulate(rows, axis=0, out=rows)
    filled = np.take_along_axis(values, rows, axis=0)
    growth = np.ones_like(filled)
    growth[1:] = filled[1:] / filled[:-1]
    reset = np.append(month[1:] != month[:-1], True)
    reset[0] = True
    reset_rows = np.flatnonzero(reset)
    segment = reset_rows[np.maximum(np.searchsorted(reset_rows, np.arange(n)) - 1, 0)]
    cumulative = np.cumprod(growth, axis=0)
    since = np.divide(cumulative, cumulative[segment], out=cumulative)
    value = since @ weights + (1.0 - weights.sum())
    previous = np.ones(n)
    previous[1:] = np.where(reset[:-1], 1.0, value[:-1])
    return np.cumprod(value / previous)


def numpy_loop(values: np.ndarray, month: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The drift week by week (the time loop is sequential; funds vectorised)."""
    rows = np.where(np.isnan(values), -1, np.arange(values.shape[0])[:, None])
    np.maximum.accumulate(rows, axis=0, out=rows)
    filled = np.take_along_axis(values, rows, axis=0)
    r = filled[1:] / filled[:-1] - 1.0
    w, nav = weights.copy(), [1.0]
    for t in range(1, values.shape[0]):
        rp = w @ r[t - 1]
        nav.append(nav[-1] * (1.0 + rp))
        w = w * (1.0 + r[t - 1]) / (1.0 + rp)
        if t == values.shape[0] - 1 or month[t] != month[t + 1]:
            w = weights.copy()
    return np.array(nav)


def run() -> bool:
    navs = make_panel()
    weights = np.full(N_FUNDS, 0.9 / N_FUNDS)
    targets = pd.Series(weights, index=navs.columns)
    values = navs.to_numpy()
    month = (navs.index.year * 12 + navs.index.month).to_numpy()

    ours = portfolio_nav(navs, targets, rebalance="M")
    floor = numpy_floor(values, month, weights)
    loop = numpy_loop(values, month, weights)
    assert np.allclose(ours["nav"].to_numpy(), floor, rtol=1e-11)
    assert np.allclose(ours["nav"].to_numpy(), loop, rtol=1e-11)

    segment_seconds = median_time(lambda: numpy_floor(values, month, weights), repeat=15)
    seconds = median_time(lambda: portfolio_nav(navs, targets, rebalance="M"), repeat=15)
    loop_seconds = median_time(lambda: numpy_loop(values, month, weights), repeat=15)
    floor_seconds = min(segment_seconds, loop_seconds)
    return report(
        f"portfolio_nav {N_FUNDS} funds x 10y weekly, monthly rebalance (<= {RATIO:g}x floor)",
        seconds,
        RATIO * floor_seconds,
        floor=floor_seconds,
        bar=RATIO,
    ) and print_floors(segment_seconds, loop_seconds)


def print_floors(segments: float, loop: float) -> bool:
    """The two floor versions (the floor is the faster); no library ships this computation."""
    print(
        f"  floors: numpy segments {segments * 1e3:.2f} ms, numpy weekly loop {loop * 1e3:.2f} ms"
    )
    return True


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
