"""Benchmark: drawdowns of 2,000 funds × 10 years of weekly NAVs.

Workloads and targets (brief): the drawdown series and max drawdown of every fund (≤ 15 ms);
the top-5 drawdown episodes of every fund (≤ 0.1 s). Funds start on different dates and some
stop reporting. Peers do the same work: pandas (cummax for the series; groupby over
underwater runs for the episodes, depth and trough only), empyrical (max drawdown of the
funds' returns as one 2-D array; it has no episode table), ffn and quantstats when installed
(their episode tables take one series at a time, and quantstats is slow throughout, so those
are timed on 100 funds and scaled ×20, as the label says). A last line, for information,
times the same work on a panel with 1% blank NAVs inside the series. One fund's NAVs (a Series
of 5,000 days, and of a million rows) show the fixed cost of a call. The rolling worst drawdown
(FOF_ROLLDD, 52 weeks) is timed against its plain numpy floor: every window walked row by row
(three passes per row of the window), checked equal to ours; pandas has no such function
(``rolling(53).apply`` of a max-drawdown function takes seconds per column, so it is left out).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from harness import median_time, optional, report, weekly_panel, with_blanks

from fofxl.drawdowns import (
    drawdown,
    drawdown_episodes_panel,
    max_drawdown,
    rolling_max_drawdown,
)

empyrical, ffn, quantstats = optional("empyrical"), optional("ffn"), optional("quantstats")

TARGET_SERIES = 0.015
TARGET_EPISODES = 0.100
TARGET_ROLLING = 0.100
SUBSET = 100


def ours_series(navs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    return drawdown(navs), max_drawdown(navs)


def pandas_series(navs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    dd = navs / navs.cummax() - 1.0
    return dd, dd.min()


def pandas_episodes(navs: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """Depth and trough of the top underwater runs per fund, with groupby (no recovery)."""
    dd = (navs / navs.cummax() - 1.0).stack()
    dd.index.names = ["date", "fund"]
    frame = dd.rename("dd").reset_index()
    frame["run"] = (frame["dd"] == 0).groupby(frame["fund"]).cumsum()
    under = frame[frame["dd"] < 0]
    runs = under.groupby(["fund", "run"])["dd"]
    table = pd.DataFrame({"depth": runs.min(), "trough": under.loc[runs.idxmin(), "date"].values})
    return table.sort_values("depth").groupby(level="fund").head(top)


def scaled(fn: Callable[[], object], factor: float, repeat: int = 7) -> float:
    return median_time(fn, repeat=repeat).scaled(factor)


def floor_series(navs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The numpy floor: running max, ratio, column minimum on the raw array (no checks)."""
    x = navs.to_numpy()
    dd = x / np.fmax.accumulate(x, axis=0) - 1.0
    return dd, np.fmin.reduce(dd, axis=0)


def peers_series(navs: pd.DataFrame) -> dict[str, float | None]:
    peers: dict[str, float | None] = {"pandas": median_time(lambda: pandas_series(navs))}
    returns = navs.pct_change(fill_method=None)
    peers["empyrical (max DD only)"] = (
        median_time(lambda: empyrical.max_drawdown(navs.pct_change(fill_method=None).to_numpy()))
        if empyrical
        else None
    )
    peers["ffn"] = (
        median_time(lambda: (ffn.to_drawdown_series(navs), ffn.calc_max_drawdown(navs)))
        if ffn
        else None
    )
    if quantstats:  # slow: timed on a subset
        part = returns.iloc[:, :SUBSET]
        factor = navs.shape[1] / SUBSET
        peers[f"quantstats ({SUBSET} funds x{factor:.0f})"] = scaled(
            lambda: (
                quantstats.stats.to_drawdown_series(part),
                quantstats.stats.max_drawdown(part),
            ),
            factor,
        )
    else:
        peers["quantstats"] = None
    return peers


def peers_episodes(navs: pd.DataFrame) -> dict[str, float | None]:
    peers: dict[str, float | None] = {
        "pandas groupby": median_time(lambda: pandas_episodes(navs)),
        "empyrical": None,
    }
    subset = navs.iloc[:, :SUBSET]
    factor = navs.shape[1] / SUBSET
    if ffn:
        dd = ffn.to_drawdown_series(subset)

        def ffn_episodes() -> None:
            for name in dd:
                ffn.drawdown_details(dd[name].dropna())["drawdown"].astype(float).nsmallest(5)

        peers[f"ffn ({SUBSET} funds x{factor:.0f})"] = scaled(ffn_episodes, factor)
    else:
        peers["ffn"] = None
    if quantstats:
        returns = subset.pct_change(fill_method=None)

        def qs_episodes() -> None:
            for name in returns:
                dd = quantstats.stats.to_drawdown_series(returns[name].dropna())
                quantstats.stats.drawdown_details(dd)["max drawdown"].astype(float).nsmallest(5)

        peers[f"quantstats ({SUBSET} funds x{factor:.0f})"] = scaled(qs_episodes, factor)
    else:
        peers["quantstats"] = None
    return peers


def floor_rolling(x: np.ndarray, window: int) -> np.ndarray:
    """numpy floor for the rolling worst drawdown: each column's observations packed to the
    top, then every window walked position by position (running max, worst ratio)."""
    order = np.argsort(np.isnan(x), axis=0, kind="stable")
    packed = np.take_along_axis(x, order, axis=0)
    ends = len(x) - window
    peak, worst = packed[:ends].copy(), np.ones((ends, x.shape[1]))
    ratio = np.empty_like(peak)
    for offset in range(1, window + 1):
        nav = packed[offset : offset + ends]
        np.maximum(peak, nav, out=peak)
        np.divide(nav, peak, out=ratio)
        np.minimum(worst, ratio, out=worst)
    result = np.full(x.shape, np.nan)
    result[window:] = worst - 1.0
    out = np.full(x.shape, np.nan)
    np.put_along_axis(out, order, result, axis=0)
    return out


def one_series() -> bool:
    """Drawdown and max drawdown of one fund's NAVs (a Series), 5,000 days and a million rows:
    the fixed cost of a call (its checks) against the same numpy floor and pandas. Timed as two
    calls (``drawdown``, then ``max_drawdown``: the running max twice, where pandas and the
    floor take the min of their one drawdown) and as ``drawdown`` then its min."""
    ok = True
    rng = np.random.default_rng(12)
    for rows in (5_000, 1_000_000):
        days = pd.date_range("1900-01-01", periods=rows, freq="D" if rows <= 50_000 else "h")
        nav = pd.Series(np.cumprod(1.0 + rng.normal(0.0, 0.01, rows)), index=days)
        ours_dd, ours_mdd = ours_series(nav)
        peer_dd, peer_mdd = pandas_series(nav)
        assert np.allclose(ours_dd.to_numpy(), peer_dd.to_numpy(), rtol=0, atol=1e-14)
        assert abs(ours_mdd - peer_mdd) <= 1e-14 and ours_dd.min() == ours_mdd
        repeat = 51 if rows <= 50_000 else 9
        frame = nav.to_frame()
        floor = median_time(lambda f=frame: floor_series(f), repeat=repeat)
        peers = {"pandas": median_time(lambda n=nav: pandas_series(n), repeat=repeat)}
        for calls, work in (
            ("drawdown, max_drawdown", ours_series),
            ("drawdown, then its min", lambda n: (lambda dd: (dd, dd.min()))(drawdown(n))),
        ):
            ok &= report(
                f"one series x {rows:,} rows: {calls}",
                median_time(lambda n=nav, w=work: w(n), repeat=repeat),
                None,  # no absolute target: the floor and pandas bars
                peers,
                floor=floor,
            )
    return ok


def run() -> bool:
    navs = weekly_panel(2000, 520, 11)  # 2,000 funds x 10 years of weekly NAVs
    ours_dd, ours_mdd = ours_series(navs)
    peer_dd, peer_mdd = pandas_series(navs)
    assert np.allclose(ours_dd.to_numpy(), peer_dd.to_numpy(), rtol=0, atol=1e-14, equal_nan=True)
    assert np.allclose(ours_mdd.to_numpy(), peer_mdd.to_numpy(), rtol=0, atol=1e-14)
    rolling = rolling_max_drawdown(navs, 52).to_numpy()
    assert np.array_equal(rolling, floor_rolling(navs.to_numpy(), 52), equal_nan=True)
    table = drawdown_episodes_panel(navs, top=5)
    check = pandas_episodes(navs).reset_index()
    assert np.allclose(np.sort(table["depth"]), np.sort(check["depth"]), atol=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ok = report(
            f"drawdown + max DD, {navs.shape[1]} funds x 520 weeks",
            median_time(lambda: ours_series(navs), repeat=9),
            TARGET_SERIES,
            peers_series(navs),
            floor=median_time(lambda: floor_series(navs), repeat=9),
        )
        ok &= report(
            f"top-5 drawdown episodes, {navs.shape[1]} funds x 520 weeks",
            median_time(lambda: drawdown_episodes_panel(navs, top=5), repeat=7),
            TARGET_EPISODES,
            peers_episodes(navs),
        )
    ok &= report(
        f"rolling 52-week max DD, {navs.shape[1]} funds x 520 weeks",
        median_time(lambda: rolling_max_drawdown(navs, 52), repeat=9),
        TARGET_ROLLING,
        floor=median_time(lambda: floor_rolling(navs.to_numpy(), 52)),
    )
    ok &= one_series()
    holes = with_blanks(navs)
    print(
        f"  info, same panel with 1% blank NAVs: drawdown + max DD "
        f"{median_time(lambda: ours_series(holes)) * 1e3:.1f} ms, episodes "
        f"{median_time(lambda: drawdown_episodes_panel(holes, top=5)) * 1e3:.1f} ms",
        flush=True,
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
