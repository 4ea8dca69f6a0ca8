"""The bundled demo universe: SYNTHETIC market and fund data from a seeded generator.

Nothing here is real market or fund data. The generator builds a small universe that behaves
like the markets described by the two source reports (SPEC §1), so that the demo reports say
something:

* ``market`` — a daily CSI 800-like index, 2015-01 → 2024-06, on an A-share calendar (weekends,
  the Spring Festival and National Day weeks and the one-day holidays closed): ``close``,
  ``high``, ``low`` and ``turnover`` (daily turnover rate as a fraction, 0.012 = 1.2 %), with
  volatility regimes: the 2015 crash, the quiet 2017, the 2020 Covid shock and the early-2024
  small-cap crisis. Turnover rises with volatility.
* ``t0_pool`` — weekly 复权净值 (adjusted NAVs) of 9 T0 products, 2018-01 → 2024-06, whose returns
  rise with market turnover, volatility and intraday amplitude (each measured as its trailing
  3-year percentile), as the T0 report found — all but T0-5, whose edge shrinks a little when
  the market is busy (the product a per-product sensitivity table shows last). Irregular like
  real private funds: late starts, a biweekly reporter (T0-6), a fund that stops reporting
  (T0-3), missed weeks, and NAVs dated on the Thursday (or earlier) of weeks whose Friday is a
  holiday.
* ``neutral_pool`` — weekly NAVs of 40 market-neutral products, 2017-01 → 2024-06: new launches
  every year, closures, stale spells and monthly or biweekly reporters, so the monthly
  eligibility screen (≥ 6 months old, NAV within 2 weeks) matters.
* ``quant_pool`` — daily NAVs of 6 index-enhanced products (benchmarks in
  :data:`QUANT_BENCHMARKS`) whose excess return loses 8–10 % in the four trading days
  2024-02-02 → 2024-02-07, wiping out their 2023 excess return.
* ``benchmarks`` — daily closes of CSI 300 / 500 / 1000 / 2000-like indices; from the 2023-11-20
  peak to the early-February 2024 trough the CSI 1000-like index loses about a third and the
  CSI 2000-like about 40 %, then the CSI 2000-like rebounds sharply (+8.75 % on 2024-02-08).

Each file is a CSV in ``fofxl/data`` named ``synthetic_<name>.csv`` whose first line is a
``#`` comment saying the data is synthetic. :func:`load_demo` reads one through
:func:`fofxl.io.import_file`; :func:`write_demo` (``fofxl demo-data``) regenerates them,
byte for byte identical for the same seed.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .._options import choose
from ..periods import period_end

__all__ = [
    "DEMO_NAMES",
    "QUANT_BENCHMARKS",
    "SCREEN_STRATEGIES",
    "SEED",
    "check_demo",
    "demo_path",
    "generate",
    "load_demo",
    "screening_pool",
    "trading_calendar",
    "write_demo",
]

#: The seed of the bundled files.
SEED = 20240208

#: Names accepted by :func:`load_demo`, in file-writing order.
DEMO_NAMES = ("market", "t0_pool", "neutral_pool", "quant_pool", "benchmarks")

#: Benchmark column (in ``benchmarks``) of each product of ``quant_pool``.
QUANT_BENCHMARKS: Mapping[str, str] = {
    "QE500-1": "csi500",
    "QE500-2": "csi500",
    "QE500-3": "csi500",
    "QE1000-1": "csi1000",
    "QE1000-2": "csi1000",
    "QE1000-3": "csi1000",
}

_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
_START, _END = "2015-01-01", "2024-06-28"
_DESCRIPTIONS = {
    "market": "daily CSI 800-like index: close, high, low, turnover (fraction)",
    "t0_pool": "weekly adjusted NAVs (fu quan jing zhi) of 9 T0 products",
    "neutral_pool": "weekly NAVs of 40 market-neutral products",
    "quant_pool": "daily NAVs of 6 index-enhanced products (benchmarks: QE500-* csi500, "
    "QE1000-* csi1000)",
    "benchmarks": "daily closes of CSI 300/500/1000/2000-like indices",
}

# --------------------------------------------------------------------------------------------
# Calendar: SSE closures 2015-2024 (approximate where it does not matter; weekends excluded
# separately). Spring Festival and National Day weeks plus the one-day holidays.
_HOLIDAYS: tuple[tuple[str, str], ...] = (
    ("2015-01-01", "2015-01-02"), ("2015-02-18", "2015-02-24"), ("2015-04-06", "2015-04-06"),
    ("2015-05-01", "2015-05-01"), ("2015-06-22", "2015-06-22"), ("2015-09-03", "2015-09-04"),
    ("2015-10-01", "2015-10-07"),
    ("2016-01-01", "2016-01-01"), ("2016-02-08", "2016-02-12"), ("2016-04-04", "2016-04-04"),
    ("2016-05-02", "2016-05-02"), ("2016-06-09", "2016-06-10"), ("2016-09-15", "2016-09-16"),
    ("2016-10-03", "2016-10-07"),
    ("2017-01-02", "2017-01-02"), ("2017-01-27", "2017-02-02"), ("2017-04-03", "2017-04-04"),
    ("2017-05-01", "2017-05-01"), ("2017-05-29", "2017-05-30"), ("2017-10-02", "2017-10-06"),
    ("2018-01-01", "2018-01-01"), ("2018-02-15", "2018-02-21"), ("2018-04-05", "2018-04-06"),
    ("2018-04-30", "2018-05-01"), ("2018-06-18", "2018-06-18"), ("2018-09-24", "2018-09-24"),
    ("2018-10-01", "2018-10-05"),
    ("2019-01-01", "2019-01-01"), ("2019-02-04", "2019-02-08"), ("2019-04-05", "2019-04-05"),
    ("2019-05-01", "2019-05-03"), ("2019-06-07", "2019-06-07"), ("2019-09-13", "2019-09-13"),
    ("2019-10-01", "2019-10-07"),
    ("2020-01-01", "2020-01-01"), ("2020-01-24", "2020-01-31"), ("2020-04-06", "2020-04-06"),
    ("2020-05-01", "2020-05-05"), ("2020-06-25", "2020-06-26"), ("2020-10-01", "2020-10-08"),
    ("2021-01-01", "2021-01-01"), ("2021-02-11", "2021-02-17"), ("2021-04-05", "2021-04-05"),
    ("2021-05-03", "2021-05-05"), ("2021-06-14", "2021-06-14"), ("2021-09-20", "2021-09-21"),
    ("2021-10-01", "2021-10-07"),
    ("2022-01-03", "2022-01-03"), ("2022-01-31", "2022-02-04"), ("2022-04-04", "2022-04-05"),
    ("2022-05-02", "2022-05-04"), ("2022-06-03", "2022-06-03"), ("2022-09-12", "2022-09-12"),
    ("2022-10-03", "2022-10-07"),
    ("2023-01-02", "2023-01-02"), ("2023-01-23", "2023-01-27"), ("2023-04-05", "2023-04-05"),
    ("2023-05-01", "2023-05-03"), ("2023-06-22", "2023-06-23"), ("2023-09-29", "2023-09-29"),
    ("2023-10-02", "2023-10-06"),
    ("2024-01-01", "2024-01-01"), ("2024-02-09", "2024-02-16"), ("2024-04-04", "2024-04-05"),
    ("2024-05-01", "2024-05-03"), ("2024-06-10", "2024-06-10"),
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Index paths: levels at anchor dates (the path between anchors is a random bridge), and days
# whose simple return is scripted. Columns: csi300, csi500, csi1000, csi2000.
_INDEX_NAMES = ("csi300", "csi500", "csi1000", "csi2000")
_ANCHORS: tuple[tuple[str, float, float, float, float], ...] = (
    ("2015-01-05", 3640, 5500, 5800, 1600),
    ("2015-06-12", 5380, 11600, 14000, 4200),
    ("2015-07-08", 3660, 7000, 8000, 2300),
    ("2015-07-24", 4150, 8400, 9900, 2900),
    ("2015-08-26", 3025, 6000, 7000, 2000),
    ("2015-12-31", 3730, 7620, 8900, 2900),
    ("2016-01-28", 2950, 5600, 6200, 1950),
    ("2016-12-30", 3310, 6260, 6800, 2150),
    ("2017-12-29", 4030, 6250, 6050, 1750),
    ("2018-12-28", 3010, 4170, 4050, 1150),
    ("2019-04-19", 4120, 6000, 5900, 1700),
    ("2019-12-31", 4096, 5500, 5700, 1550),
    ("2020-01-23", 4000, 5530, 5850, 1600),
    ("2020-02-21", 4150, 6000, 6400, 1750),
    ("2020-03-23", 3530, 5000, 5300, 1450),
    ("2020-12-31", 5211, 6370, 6650, 1750),
    ("2021-02-18", 5930, 6700, 6850, 1800),
    ("2021-03-09", 5000, 6100, 6300, 1700),
    ("2021-09-13", 4900, 7600, 8000, 2500),
    ("2021-12-31", 4940, 7360, 8000, 2600),
    ("2022-04-26", 3750, 5400, 5500, 1800),
    ("2022-07-05", 4480, 6500, 7200, 2450),
    ("2022-10-31", 3500, 5500, 6200, 2150),
    ("2022-12-30", 3870, 5950, 6500, 2300),
    ("2023-01-30", 4180, 6400, 6900, 2450),
    ("2023-08-31", 3760, 5750, 6100, 2500),
    ("2023-10-23", 3400, 5400, 5850, 2300),
    ("2023-11-20", 3580, 5700, 6350, 2650),
    ("2024-01-31", 3215, 4800, 4930, 1986),
    ("2024-03-20", 3480, 5380, 5700, 2250),
    ("2024-05-20", 3690, 5600, 5800, 2200),
    ("2024-06-28", 3460, 5000, 4850, 1880),
)
_SCRIPTED: tuple[tuple[str, float, float, float, float], ...] = (
    ("2016-01-04", -0.070, -0.080, -0.085, -0.085),  # circuit-breaker days
    ("2016-01-07", -0.072, -0.080, -0.085, -0.088),
    ("2020-02-03", -0.079, -0.085, -0.088, -0.090),  # first day after the Covid Spring Festival
    ("2024-02-01", -0.009, -0.020, -0.025, -0.030),
    ("2024-02-02", -0.010, -0.030, -0.060, -0.085),
    ("2024-02-05", -0.010, -0.045, -0.063, -0.060),
    ("2024-02-06", 0.035, 0.050, 0.055, 0.020),
    ("2024-02-07", 0.014, 0.015, 0.010, -0.065),
    ("2024-02-08", 0.013, 0.025, 0.045, 0.0875),
)
_INDEX_VOL = np.array([1.0, 1.15, 1.25, 1.35])  # relative daily volatility
_SIZE_LOAD = np.array([-0.25, 0.25, 0.55, 0.8])  # loading on the size (small-minus-big) shock

# Volatility regimes: multiplier of the base daily volatility from each date on.
_BASE_VOL = 0.011
_VOL_REGIMES: tuple[tuple[str, float], ...] = (
    ("2015-01-01", 1.3), ("2015-04-01", 1.6), ("2015-06-15", 2.8), ("2015-09-15", 1.6),
    ("2015-12-01", 1.1), ("2016-01-04", 2.3), ("2016-03-01", 1.2), ("2016-06-01", 0.8),
    ("2017-01-01", 0.5), ("2018-01-29", 1.3), ("2018-03-15", 0.95), ("2018-10-01", 1.3),
    ("2019-01-01", 1.0), ("2019-02-15", 1.45), ("2019-06-01", 0.95), ("2020-01-20", 2.1),
    ("2020-04-15", 1.0), ("2020-07-01", 1.45), ("2020-08-15", 1.0), ("2021-02-18", 1.4),
    ("2021-04-01", 0.9), ("2022-01-01", 1.1), ("2022-03-01", 1.6), ("2022-05-15", 1.0),
    ("2023-01-01", 0.7), ("2023-07-25", 0.85), ("2024-01-02", 2.7), ("2024-03-01", 1.0),
)  # fmt: skip

# Turnover level (fraction per day) at dates; log-linear in between.
_TURNOVER_LEVELS: tuple[tuple[str, float], ...] = (
    ("2015-01-05", 0.020), ("2015-05-15", 0.036), ("2015-06-15", 0.032), ("2015-09-30", 0.018),
    ("2015-12-31", 0.017), ("2016-06-30", 0.011), ("2017-06-30", 0.0085), ("2018-06-30", 0.0085),
    ("2019-04-30", 0.012), ("2019-12-31", 0.010), ("2020-08-31", 0.014), ("2021-09-30", 0.013),
    ("2022-06-30", 0.011), ("2023-03-31", 0.0095), ("2023-12-31", 0.0095), ("2024-06-28", 0.010),
)  # fmt: skip

# Quant excess-return (alpha) factor: annual drift by year, episodes with a total log drift,
# and scripted days (simple daily excess return).
_ALPHA_YEARLY = {
    2015: 0.25, 2016: 0.18, 2017: 0.10, 2018: 0.14, 2019: 0.14, 2020: 0.16, 2021: 0.18,
    2022: 0.14, 2023: 0.11, 2024: 0.03,
}  # fmt: skip
_ALPHA_EPISODES: tuple[tuple[str, str, float], ...] = (
    ("2021-09-06", "2021-12-31", -0.04),
    ("2022-01-04", "2022-04-26", -0.02),
    ("2024-01-02", "2024-01-31", -0.04),
    ("2024-02-19", "2024-03-29", 0.05),
)
_ALPHA_SCRIPTED: tuple[tuple[str, float], ...] = (
    ("2024-02-01", 0.003),
    ("2024-02-02", -0.018),
    ("2024-02-05", -0.032),
    ("2024-02-06", -0.027),
    ("2024-02-07", -0.016),
    ("2024-02-08", 0.020),
)
#: Column of the T0 product whose returns do not rise with market activity (T0-5).
_T0_CONTRARIAN = 4
_T0_YEARLY = {2018: 1.0, 2019: 0.75, 2020: 1.0, 2021: 0.9, 2022: 0.7, 2023: 0.65, 2024: 0.65}
_HEDGE_COST = {
    2015: 0.12, 2016: 0.10, 2017: 0.05, 2018: 0.06, 2019: 0.03, 2020: 0.04, 2021: 0.05,
    2022: 0.06, 2023: 0.075, 2024: 0.04,
}  # fmt: skip


def trading_calendar(start: str = _START, end: str = _END) -> pd.DatetimeIndex:
    """The synthetic A-share trading days: weekdays minus the holiday closures of 2015–2024.

    Parameters
    ----------
    start, end : str
        First and last calendar day (inclusive).

    Returns
    -------
    pandas.DatetimeIndex
        Trading days, ascending.
    """
    days = pd.bdate_range(start, end)
    closed = np.zeros(len(days), dtype=bool)
    for first, last in _HOLIDAYS:
        closed |= (days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))
    return pd.DatetimeIndex(days[~closed], name="date").as_unit("ns")


def _step_values(days: pd.DatetimeIndex, table: Sequence[tuple[str, float]]) -> np.ndarray:
    """Piecewise-constant values: each table entry holds from its date on."""
    starts = pd.DatetimeIndex([d for d, _ in table]).as_unit("ns")
    values = np.array([v for _, v in table], dtype=np.float64)
    pos = np.searchsorted(starts.asi8, days.asi8, side="right") - 1
    return values[np.clip(pos, 0, None)]


def _log_interp(days: pd.DatetimeIndex, table: Sequence[tuple[str, float]]) -> np.ndarray:
    x = pd.DatetimeIndex([d for d, _ in table]).as_unit("ns").asi8.astype(np.float64)
    y = np.log([v for _, v in table])
    return np.exp(np.interp(days.asi8.astype(np.float64), x, y))


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    """A stationary AR(1) path with marginal standard deviation ``sd``."""
    shocks = rng.standard_normal(n) * sd * np.sqrt(1 - phi**2)
    out = np.empty(n)
    out[0] = rng.standard_normal() * sd
    for t in range(1, n):
        out[t] = phi * out[t - 1] + shocks[t]
    return out


def _student(rng: np.random.Generator, size: tuple[int, ...] | int, df: float = 5.0) -> np.ndarray:
    """Student-t draws scaled to unit variance (fat-tailed daily shocks)."""
    return rng.standard_t(df, size) * np.sqrt((df - 2) / df)


def _daily_vol(days: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    regime = pd.Series(np.log(_step_values(days, _VOL_REGIMES)))
    smooth = regime.ewm(halflife=4).mean().to_numpy()
    return _BASE_VOL * np.exp(smooth + _ar1(rng, len(days), 0.97, 0.22))


def _bridge(
    days: pd.DatetimeIndex,
    noise: np.ndarray,
    anchors: Sequence[tuple[str, float]],
    scripted: Mapping[pd.Timestamp, float],
) -> np.ndarray:
    """Log returns: ``noise`` shifted per segment so the path hits each anchor level exactly.

    Scripted days keep their given simple return; the first anchor is the first day's level.
    """
    out = noise.copy()
    fixed = np.zeros(len(days), dtype=bool)
    for day, ret in scripted.items():
        i = days.get_loc(day)
        out[i], fixed[i] = np.log1p(ret), True
    pos = [days.get_loc(pd.Timestamp(d)) for d, _ in anchors]
    levels = np.log([v for _, v in anchors])
    out[0] = 0.0
    for j in range(len(pos) - 1):
        a, b, la, lb = pos[j], pos[j + 1], levels[j], levels[j + 1]
        seg = slice(a + 1, b + 1)
        free = ~fixed[seg]
        gap = (lb - la) - out[seg].sum()
        shift = np.where(free, gap / free.sum(), 0.0)
        out[seg] = out[seg] + shift
    return np.exp(levels[0] + np.cumsum(out))


def _indices(days: pd.DatetimeIndex, vol: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    n = len(days)
    market = _student(rng, n)
    size = _student(rng, n)
    idio = _student(rng, (n, 4))
    # unit-variance mix per index: market, size and own shocks
    load_m = np.sqrt(1 - _SIZE_LOAD**2 * 0.35 - 0.04)
    shocks = load_m * market[:, None] + np.sqrt(0.35) * _SIZE_LOAD * size[:, None] + 0.2 * idio
    noise = shocks * vol[:, None] * _INDEX_VOL
    levels = {}
    for k, name in enumerate(_INDEX_NAMES):
        anchors = [(row[0], float(row[1 + k])) for row in _ANCHORS]
        scripted = {pd.Timestamp(row[0]): float(row[1 + k]) for row in _SCRIPTED}
        levels[name] = _bridge(days, noise[:, k], anchors, scripted)
    return pd.DataFrame(levels, index=days)


def _market(
    days: pd.DatetimeIndex, vol: np.ndarray, idx: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """CSI 800-like: 70/30 blend of the CSI 300- and 500-like returns; high/low; turnover."""
    rets = idx[["csi300", "csi500"]].pct_change().fillna(0.0).to_numpy()
    r800 = 0.7 * rets[:, 0] + 0.3 * rets[:, 1]
    close = 3950.0 * np.cumprod(1 + r800)
    prev = np.concatenate(([close[0] / (1 + r800[0])], close[:-1]))
    n = len(days)
    opening = prev * np.exp(rng.standard_normal(n) * 0.3 * vol)
    high = np.maximum(opening, close) * np.exp(np.abs(rng.standard_normal(n)) * 0.45 * vol)
    low = np.minimum(opening, close) * np.exp(-np.abs(rng.standard_normal(n)) * 0.45 * vol)
    surprise = np.abs(np.log1p(r800)) / vol
    log_turn = (
        np.log(_log_interp(days, _TURNOVER_LEVELS))
        + 0.6 * np.log(vol / _BASE_VOL)
        + 0.08 * (surprise - 0.8)
        + _ar1(rng, n, 0.9, 0.12)
        + 0.06 * rng.standard_normal(n)
    )
    return pd.DataFrame(
        {"close": close, "high": high, "low": low, "turnover": np.exp(log_turn)}, index=days
    )


def _activity(market: pd.DataFrame) -> pd.DataFrame:
    """Weekly market activity: trailing 3-year percentile ranks of turnover, vol and amplitude.

    The mechanism of the T0 pool: a T0 book earns more when the market trades more, moves more
    and swings more within the day than it usually did over the previous three years.
    """
    close = market["close"]
    logret = np.log(close).diff()
    daily = pd.DataFrame(
        {
            "turnover": market["turnover"],
            "vol": logret.rolling(20).std() * np.sqrt(252),
            "amplitude": (market["high"] - market["low"]) / close.shift(1),
        }
    )
    week = period_end(daily.index, "W-FRI")  # weeks run Saturday -> Friday
    weekly = daily.groupby(week).mean()
    pct = weekly.rolling("1095D", min_periods=52).rank(pct=True)
    score = 0.5 * pct["turnover"] + 0.25 * pct["vol"] + 0.25 * pct["amplitude"]
    # last trading day of each week: the NAV date of that week
    last_day = pd.Series(daily.index, index=daily.index).groupby(week).max()
    return pd.DataFrame({"score": score, "nav_date": last_day})


def _nav_path(weekly_returns: np.ndarray) -> np.ndarray:
    return np.cumprod(1 + weekly_returns, axis=0)


def _t0_pool(activity: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    weeks = activity.loc["2018-01-01":]
    n = len(weeks)
    a = weeks["score"].to_numpy()
    year = weeks.index.year.to_numpy()
    decay = pd.Series(year).map(_T0_YEARLY).to_numpy()  # crowding: lower returns from 2022
    mu = (0.0006 + 0.0010 * a + 0.0050 * a**4) * decay
    sigma = 0.0022 + 0.0040 * a**2
    funds = [f"T0-{k}" for k in range(1, 10)]
    launch = ["2018-01-05", "2018-01-05", "2018-01-05", "2018-07-06", "2019-03-01", "2019-01-04",
              "2020-06-05", "2021-04-02", "2022-01-07"]  # fmt: skip
    scale = rng.uniform(0.75, 1.25, 9)
    noise_scale = rng.uniform(0.8, 1.2, 9)
    common = 0.0004 * rng.standard_normal(n)
    z = 0.5 * rng.standard_normal((n, 9)) + 0.9 * (rng.standard_exponential((n, 9)) - 1)
    means = mu[:, None] * scale
    # T0-5 trades against the crowd: its edge shrinks when the market is busy (the product
    # the per-product sensitivity table must show last)
    means[:, _T0_CONTRARIAN] = (0.0022 - 0.0014 * a) * decay
    rets = means + common[:, None] + sigma[:, None] * noise_scale * z
    navs = _nav_path(rets)
    frame = pd.DataFrame(navs, index=weeks.index, columns=funds)
    missed = rng.random((n, 9)) < 0.02
    for j, fund in enumerate(funds):
        start = pd.Timestamp(launch[j])
        col = frame[fund].to_numpy()
        col = col / col[frame.index.get_indexer([start])[0]]  # NAV 1.0000 at launch
        col[frame.index < start] = np.nan
        col[missed[:, j] & (frame.index > start)] = np.nan
        frame[fund] = col
    frame.loc[frame.index > pd.Timestamp("2022-09-30"), "T0-3"] = np.nan  # stops reporting
    biweekly = np.arange(n) % 2 == 1
    frame.loc[biweekly, "T0-6"] = np.nan
    frame.index = pd.DatetimeIndex(weeks["nav_date"].to_numpy(), name="date")
    return frame


def _alpha(days: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    """Daily excess return of a typical quant stock selection over its index (simple).

    Noise is shifted so that each episode adds exactly its total (log) and the rest of each
    calendar year earns the year's drift pro rata; scripted days keep their value.
    """
    n = len(days)
    vol = 0.0022 * np.where((days >= "2021-09-01") & (days <= "2021-12-31"), 1.5, 1.0)
    vol = vol * np.where((days >= "2024-01-02") & (days <= "2024-03-31"), 2.0, 1.0)
    log_alpha = vol * _student(rng, n)
    fixed = np.isin(days, pd.DatetimeIndex([d for d, _ in _ALPHA_SCRIPTED]).as_unit("ns"))
    free_ep = np.zeros(n, dtype=bool)
    segments = []
    for first, last, total in _ALPHA_EPISODES:
        mask = (days >= first) & (days <= last)
        free_ep |= mask
        segments.append((mask & ~fixed, total))
    for year, drift in _ALPHA_YEARLY.items():
        in_year = days.year == year
        mask = in_year & ~free_ep & ~fixed
        segments.append((mask, drift * mask.sum() / max(in_year.sum(), 1)))
    for mask, total in segments:
        if mask.any():
            log_alpha[mask] += (total - log_alpha[mask].sum()) / mask.sum()
    alpha = np.expm1(log_alpha)
    for day, value in _ALPHA_SCRIPTED:
        alpha[days.get_loc(pd.Timestamp(day))] = value
    return alpha


def _quant_pool(
    days: pd.DatetimeIndex, idx: pd.DataFrame, alpha: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    launch = {
        "QE500-1": "2019-01-02", "QE500-2": "2019-07-01", "QE500-3": "2020-07-01",
        "QE1000-1": "2020-01-02", "QE1000-2": "2021-03-01", "QE1000-3": "2022-03-01",
    }  # fmt: skip
    crisis = np.isin(days, pd.DatetimeIndex([d for d, _ in _ALPHA_SCRIPTED]))
    calm = (days >= "2024-01-15") & (days <= "2024-03-15")
    loads = np.array([0.93, 1.02, 1.07, 0.97, 1.05, 0.91])
    out = {}
    n = len(days)
    for j, (fund, start) in enumerate(launch.items()):
        bench = idx[QUANT_BENCHMARKS[fund]].to_numpy()
        r_bench = np.concatenate(([0.0], bench[1:] / bench[:-1] - 1))
        own = 0.0012 * rng.standard_normal(n)
        excess = loads[j] * alpha + np.where(crisis, 0.0, own)
        r = (1 + r_bench) * (1 + excess) - 1
        live = days >= pd.Timestamp(start)
        r[~live] = 0.0
        r[np.flatnonzero(live)[0]] = 0.0  # launch day: NAV 1.0000
        nav = np.cumprod(1 + r)
        missing = (rng.random(n) < 0.01) & ~calm
        nav[~live | missing] = np.nan
        out[fund] = nav
    frame = pd.DataFrame(out, index=days)
    return frame.loc[min(launch.values()) :]


def _neutral_pool(
    days: pd.DatetimeIndex, alpha: np.ndarray, activity: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    week = period_end(days, "W-FRI")
    cost = np.array([_HEDGE_COST[y] for y in days.year]) / 244
    daily = pd.Series(np.log1p(alpha) - cost, index=days)
    weekly = np.expm1(daily.groupby(week).sum())
    weeks = weekly.loc["2017-01-01":]
    nav_dates = activity["nav_date"].reindex(weeks.index)
    n, m = len(weeks), 40
    # launches: 8 before 2017 plus new ones every year; (launch Friday, load, idio vol)
    per_year = {2017: 4, 2018: 5, 2019: 5, 2020: 5, 2021: 6, 2022: 4, 2023: 2, 2024: 1}
    launch = [weeks.index[0]] * 8
    for year, count in per_year.items():
        fridays = weeks.index[weeks.index.year == year]
        picks = np.sort(rng.choice(len(fridays) - (20 if year == 2024 else 4), count, False))
        launch += list(fridays[picks])
    loads = rng.uniform(0.6, 1.2, m)
    idio = rng.uniform(0.002, 0.005, m)
    rets = loads * weekly.loc[weeks.index].to_numpy()[:, None] + idio * rng.standard_normal((n, m))
    frame = pd.DataFrame(_nav_path(rets), index=weeks.index)
    funds = [f"MN-{k:02d}" for k in range(1, m + 1)]
    frame.columns = funds
    order = np.argsort(pd.DatetimeIndex(launch).asi8, kind="stable")
    last_week = weeks.index[-1]
    # closures (last NAV), stale spells, reporting frequency
    closures = {3: "2019-08-30", 6: "2021-03-26", 11: "2022-06-24", 14: "2023-05-26",
                17: "2023-11-24", 9: "2024-03-29"}  # fmt: skip
    monthly = {20, 27, 33}
    biweekly = {5, 23, 30}
    missed = rng.random((n, m)) < 0.015
    for j, fund in enumerate(funds):
        k = int(order[j])
        start = launch[k]
        col = frame.iloc[:, k].to_numpy()
        pos = frame.index.get_indexer([start])[0]
        col = col / col[pos]  # NAV 1.0000 at launch
        col[frame.index < start] = np.nan
        col[missed[:, k] & (frame.index > start)] = np.nan
        if j in closures:
            col[frame.index > pd.Timestamp(closures[j])] = np.nan
        if j in monthly:
            month_end = frame.index.to_series().groupby(frame.index.to_period("M")).transform("max")
            col[frame.index != month_end.to_numpy()] = np.nan
        if j in biweekly:
            col[np.arange(n) % 2 == 0] = np.nan
        if j % 3 == 1:  # one to three stale spells of 3-12 weeks after the first half year
            for _ in range(int(rng.integers(1, 4))):
                first = pos + 26 + int(rng.integers(0, max(1, n - pos - 40)))
                col[first : first + int(rng.integers(3, 13))] = np.nan
        frame[fund] = col
    frame = frame[funds]
    # two funds stopped updating near the end of the file (stale at the last date)
    frame.loc[frame.index > last_week - pd.Timedelta(weeks=5), "MN-13"] = np.nan
    frame.loc[frame.index > last_week - pd.Timedelta(weeks=3), "MN-26"] = np.nan
    frame.index = pd.DatetimeIndex(nav_dates.to_numpy(), name="date")
    return frame


@functools.cache
def _generate_cached(seed: int) -> dict[str, pd.DataFrame]:
    days = trading_calendar()
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    vol = _daily_vol(days, streams[0])
    idx = _indices(days, vol, streams[1])
    market = _market(days, vol, idx, streams[2])
    activity = _activity(market)
    alpha = _alpha(days, streams[3])
    frames = {
        "market": market,
        "t0_pool": _t0_pool(activity, streams[4]),
        "neutral_pool": _neutral_pool(days, alpha, activity, streams[5]),
        "quant_pool": _quant_pool(days, idx, alpha, streams[6]),
        "benchmarks": idx,
    }
    for frame in frames.values():
        frame.index.name = "date"
    return frames


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Generate the synthetic demo universe (full precision, before rounding for the files).

    Parameters
    ----------
    seed : int
        Seed of the numpy ``Generator`` streams; the bundled files use :data:`SEED`.

    Returns
    -------
    dict of str to pandas.DataFrame
        One date-indexed frame per name of :data:`DEMO_NAMES`.
    """
    return {name: frame.copy() for name, frame in _generate_cached(int(seed)).items()}


_DECIMALS = {"market": None, "t0_pool": 4, "neutral_pool": 4, "quant_pool": 4, "benchmarks": 2}
_MARKET_DECIMALS = {"close": 2, "high": 2, "low": 2, "turnover": 6}


def _file_name(name: str) -> str:
    return f"synthetic_{name}.csv"


def _csv_text(name: str, frame: pd.DataFrame, seed: int) -> str:
    """The file text: a ``#`` comment line, a header, one row per date (fixed decimals)."""
    buf = io.StringIO()
    buf.write(
        f"# SYNTHETIC demo data, not real market or fund data: {_DESCRIPTIONS[name]}. "
        f"Generated by fofxl.demo_data (seed {seed}); regenerate with: fofxl demo-data\n"
    )
    decimals = _MARKET_DECIMALS if name == "market" else dict.fromkeys(frame, _DECIMALS[name])
    buf.write(",".join(["date", *frame.columns]) + "\n")
    cols = []
    for column in frame.columns:
        values = frame[column].to_numpy()
        fmt = f"{{:.{decimals[column]}f}}"
        cols.append(["" if np.isnan(v) else fmt.format(v) for v in values])
    dates = frame.index.strftime("%Y-%m-%d")
    for i, date in enumerate(dates):
        buf.write(",".join([date, *(col[i] for col in cols)]) + "\n")
    return buf.getvalue()


def _texts(seed: int) -> dict[str, str]:
    frames = _generate_cached(int(seed))
    return {_file_name(name): _csv_text(name, frames[name], seed) for name in DEMO_NAMES}


def write_demo(out: str | Path | None = None, seed: int = SEED) -> list[Path]:
    """Write the demo files (``synthetic_<name>.csv``) into ``out``; return their paths.

    Parameters
    ----------
    out : str or Path, optional
        Folder to write into (created if needed); default: the package data folder.
    seed : int
        Generator seed; the same seed gives byte-identical files.

    Returns
    -------
    list of Path
        The written files, in :data:`DEMO_NAMES` order.
    """
    folder = Path(out) if out is not None else _DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for file_name, text in _texts(seed).items():
        path = folder / file_name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def check_demo(folder: str | Path | None = None, seed: int = SEED) -> list[str]:
    """Names of the demo files in ``folder`` that differ from (or are missing in) a fresh run.

    Parameters
    ----------
    folder : str or Path, optional
        Folder holding the files; default: the package data folder.
    seed : int
        Generator seed.

    Returns
    -------
    list of str
        File names that are missing or not byte-identical; empty when all match.
    """
    folder = Path(folder) if folder is not None else _DATA_DIR
    stale = []
    for file_name, text in _texts(seed).items():
        path = folder / file_name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(file_name)
    return stale


def demo_path(name: str) -> Path:
    """Path of a bundled demo file.

    Parameters
    ----------
    name : str
        One of :data:`DEMO_NAMES`: market, t0_pool, neutral_pool, quant_pool, benchmarks.

    Returns
    -------
    Path
        ``fofxl/data/synthetic_<name>.csv``.
    """
    return _DATA_DIR / _file_name(choose(name, DEMO_NAMES, "name"))


@functools.cache
def _load(name: str) -> pd.DataFrame:
    from .importer import import_file

    return import_file(demo_path(name)).data


def load_demo(name: str) -> pd.DataFrame:
    """Load one bundled synthetic demo table (no network; read through the importer).

    Parameters
    ----------
    name : str
        ``market`` (close, high, low, turnover of a CSI 800-like index, daily), ``t0_pool``
        (weekly adjusted NAVs of 9 T0 products), ``neutral_pool`` (weekly NAVs of 40
        market-neutral products), ``quant_pool`` (daily NAVs of 6 index-enhanced products) or
        ``benchmarks`` (daily closes csi300, csi500, csi1000, csi2000).

    Returns
    -------
    pandas.DataFrame
        Date-indexed (``date``), one float64 column per series, NaN where a series has no
        value on that date. A fresh copy on every call.

    Examples
    --------
    >>> from fofxl.io.demo_data import load_demo
    >>> load_demo("market").columns.tolist()
    ['close', 'high', 'low', 'turnover']
    """
    return _load(choose(name, DEMO_NAMES, "name")).copy()


#: Strategies of the screening demo pool (label, English name).
SCREEN_STRATEGIES = (("股票多头", "equity long"), ("市场中性", "market neutral"), ("CTA", "CTA"))


def screening_pool(seed: int = SEED, per_strategy: int = 12) -> tuple[pd.DataFrame, pd.Series]:
    """A SYNTHETIC fund pool in three strategies for the manager-screening report.

    ``per_strategy`` funds of each of :data:`SCREEN_STRATEGIES`: equity long funds (beta 0.6
    to 1.0 to the CSI 500-like index plus alpha), market-neutral funds (the first of
    ``neutral_pool``) and CTA funds (trend-following returns nearly uncorrelated with equities).
    Weekly NAVs dated on each week's last trading day, 2019 → 2024-06; funds launch at
    different dates, a few report monthly and a few miss weeks.

    Parameters
    ----------
    seed : int
        Seed of the universe (:func:`generate`) and of this pool's own stream.
    per_strategy : int
        Funds per strategy.

    Returns
    -------
    navs : pandas.DataFrame
        Date-indexed weekly NAVs, one column per fund (NaN: no NAV that week).
    strategies : pandas.Series
        The strategy label of each fund, indexed by fund name (in the columns' order).
    """
    universe = generate(seed)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 12]))
    closes = universe["benchmarks"].loc["2019-01-01":]
    weekly = closes.groupby(period_end(closes.index, "W-FRI")).tail(1)
    index_returns = weekly["csi500"].pct_change().fillna(0.0).to_numpy()
    n_weeks = len(weekly)
    columns: dict[str, np.ndarray] = {}
    labels: dict[str, str] = {}
    trend = np.convolve(rng.normal(0, 0.01, n_weeks), np.ones(8) / 8, mode="same")
    for s, (label, _) in enumerate(SCREEN_STRATEGIES):
        for k in range(per_strategy):
            name = f"{label}{k + 1:02d}"
            if s == 0:
                beta = rng.uniform(0.6, 1.0)
                r = beta * index_returns + rng.normal(0.0015, 0.012, n_weeks)
            elif s == 1:
                neutral = universe["neutral_pool"].iloc[:, k]
                level = neutral.reindex(weekly.index, method="ffill").to_numpy()
                r = np.nan_to_num(level[1:] / level[:-1] - 1.0, nan=0.0)
                r = np.concatenate([[0.0], r]) + rng.normal(0.0, 0.001, n_weeks)
            else:
                r = rng.uniform(0.5, 1.5) * trend + rng.normal(0.0012, 0.018, n_weeks)
            nav = np.cumprod(1.0 + r)
            nav /= nav[0]
            start = int(rng.integers(0, n_weeks // 2)) if k % 3 else 0
            nav[:start] = np.nan
            if k % 5 == 4:  # a monthly reporter: the last week of each month only
                months = weekly.index.to_period("M")
                nav[np.r_[months[1:] == months[:-1], False]] = np.nan
            missed = rng.random(n_weeks) < 0.02
            nav[missed & (np.arange(n_weeks) > start)] = np.nan
            columns[name] = np.round(nav, 4)
            labels[name] = label
    navs = pd.DataFrame(columns, index=pd.DatetimeIndex(weekly.index, name="date"))
    return navs, pd.Series(labels, name="strategy")
