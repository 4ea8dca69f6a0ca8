"""Benchmark: the market indicators (SPEC §2 "Indicators") against the numpy floor and peers.

Workloads: one index of 5,000 business days (FOF_VOL's usual input, the CSI 800) and a panel
of 200 instruments × 5,000 days with 5% of the closes blank.

* FOF_VOL (:func:`fofxl.indicators.realized_volatility`, N = 20): the floor is numpy's
  two-pass sample std over sliding windows of the log returns, column by column (each column
  over its own observations); the peers are pandas ``rolling(20).std()`` and bottleneck's
  ``move_std``, both running-sum formulas in C (less exact: 1e-7 off on a smooth series,
  see tests/pylib/test_indicators.py).
* FOF_AMPLITUDE (:func:`fofxl.indicators.amplitude`): (high − low) / the last close before
  the date; the floor in numpy (forward fill by index, one division), the peer pandas
  ``(h - l) / c.ffill().shift(1)``.

Bars (issue 15): ≤ 2× the floor and faster than every peer, medians of 7 runs.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from harness import median_time, optional, report
from numpy.lib.stride_tricks import sliding_window_view

from fofxl.indicators import amplitude, realized_volatility

bottleneck = optional("bottleneck")
WINDOW = 20


def make_data(width: int, days: int = 5000, seed: int = 31) -> pd.DataFrame:
    """Closes of ``width`` instruments, 5% of them blank (none in a single series)."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2005-01-03", periods=days)
    closes = 100 * np.exp(np.cumsum(rng.normal(0, 0.012, (days, width)), axis=0))
    if width > 1:
        closes[rng.random(closes.shape) < 0.05] = np.nan
    return pd.DataFrame(closes, index=dates)


def floor_vol(closes: np.ndarray) -> np.ndarray:
    """Two-pass sample std of each column's last 20 log returns × √252, on its own rows."""
    out = np.full(closes.shape, np.nan)
    for j in range(closes.shape[1]):
        rows = np.flatnonzero(~np.isnan(closes[:, j]))
        returns = np.diff(np.log(closes[rows, j]))
        windows = sliding_window_view(returns, WINDOW)
        out[rows[WINDOW:], j] = windows.std(axis=1, ddof=1) * np.sqrt(252)
    return out


def pandas_vol(closes: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(
        {k: np.log(c.dropna()).diff().rolling(WINDOW).std() for k, c in closes.items()},
        axis=1,
        sort=True,
    ).reindex(closes.index) * np.sqrt(252)


def bottleneck_vol(closes: pd.DataFrame) -> np.ndarray:
    out = np.full(closes.shape, np.nan)
    for j, (_, column) in enumerate(closes.items()):
        own = column.to_numpy()
        rows = np.flatnonzero(~np.isnan(own))
        returns = np.diff(np.log(own[rows]))
        out[rows[1:], j] = bottleneck.move_std(returns, WINDOW, ddof=1) * np.sqrt(252)
    return out


def floor_amplitude(h: np.ndarray, lo: np.ndarray, c: np.ndarray) -> np.ndarray:
    rows = np.arange(c.shape[0])[:, None]
    last = np.maximum.accumulate(np.where(np.isnan(c), -1, rows), axis=0)
    filled = np.take_along_axis(c, np.maximum(last, 0), axis=0)
    filled[last < 0] = np.nan
    out = np.full(c.shape, np.nan)
    out[1:] = (h[1:] - lo[1:]) / filled[:-1]
    return out


def run() -> bool:
    ok = True
    for width in (1, 200):
        closes = make_data(width)
        label = "1 index" if width == 1 else f"{width} instruments, 5% blank"
        x = closes.to_numpy()
        given = closes.iloc[:, 0] if width == 1 else closes
        ours = np.asarray(realized_volatility(given)).reshape(x.shape)
        assert np.allclose(ours, floor_vol(x), rtol=1e-12, equal_nan=True), "FOF_VOL floor"
        peers = {"pandas rolling(20).std per column": median_time(lambda c=closes: pandas_vol(c))}
        if bottleneck:
            peers["bottleneck.move_std per column"] = median_time(
                lambda c=closes: bottleneck_vol(c)
            )
        ok &= report(
            f"FOF_VOL core (N=20) x 5,000 days, {label}",
            median_time(lambda g=given: realized_volatility(g)),
            None,
            peers,
            floor=median_time(lambda v=x: floor_vol(v)),
        )

        rng = np.random.default_rng(width)
        highs = closes * (1 + 0.02 * rng.random(closes.shape))
        lows = closes * (1 - 0.02 * rng.random(closes.shape))
        args = (highs, lows, closes) if width > 1 else (highs[0], lows[0], closes[0])
        arrays = [a.to_numpy() for a in (highs, lows, closes)]
        ours = np.asarray(amplitude(*args)).reshape(x.shape)
        assert np.allclose(ours, floor_amplitude(*arrays), equal_nan=True), "FOF_AMPLITUDE floor"
        ok &= report(
            f"FOF_AMPLITUDE core x 5,000 days, {label}",
            median_time(lambda a=args: amplitude(*a)),
            None,
            {
                "pandas (h - l) / c.ffill().shift(1)": median_time(
                    lambda h=highs, lo=lows, c=closes: (h - lo) / c.ffill().shift(1)
                )
            },
            floor=median_time(lambda a=arrays: floor_amplitude(*a)),
        )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
