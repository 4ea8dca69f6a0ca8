"""Shared data for the add-in tests: clean frames, the cells Excel sends for them, SPEC §3.

A plain module (not conftest.py): test modules import it by name, which stays unambiguous
when other test folders have their own conftest.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def serial(day: Any) -> float:
    """The Excel serial number of a date (what Office.js sends)."""
    return (pd.Timestamp(day).to_pydatetime() - EXCEL_EPOCH).total_seconds() / 86400.0


def navs_frame(n: int = 420, k: int = 3, seed: int = 7, freq: str = "B") -> pd.DataFrame:
    """k NAV series on n dates, with missing cells (NaN) scattered in every column."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2020-01-02", periods=n, freq=freq)
    steps = rng.normal(0.0004, 0.012, (n, k))
    navs = np.cumprod(1 + steps, axis=0)
    holes = rng.random((n, k)) < 0.04
    holes[0] = False
    navs[holes] = np.nan
    return pd.DataFrame(navs, index=dates, columns=[f"fund {c}" for c in "ABCDEFG"[:k]])


def classic_cells(
    frame: pd.DataFrame,
    header: bool = True,
    shuffle: bool = True,
    blank_rows: int = 3,
    seed: int = 1,
) -> tuple[list[list[Any]], list[list[Any]], list[int]]:
    """(dates cells, values cells, source row of each cell row) as classic xlwings passes them:
    datetimes, floats, None for blanks; rows shuffled and fully blank rows inserted.

    The third item maps each data row of the cells (header excluded) to the frame's row, or
    -1 for an inserted blank row.
    """
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(len(frame))) if shuffle else list(range(len(frame)))
    for _ in range(blank_rows):
        order.insert(int(rng.integers(0, len(order))), -1)
    dates: list[list[Any]] = [["date"]] if header else []
    values: list[list[Any]] = [list(frame.columns)] if header else []
    for i in order:
        if i < 0:
            dates.append([None])
            values.append([None] * frame.shape[1])
            continue
        dates.append([frame.index[i].to_pydatetime()])
        values.append([None if np.isnan(v) else float(v) for v in frame.iloc[i]])
    return dates, values, order


def officejs_cells(rows: list[list[Any]]) -> list[list[Any]]:
    """The same cells as Office.js sends them: dates as serials, blanks as None (null)."""
    return [[serial(c) if isinstance(c, dt.datetime) else c for c in row] for row in rows]


def expected_aligned(
    result: pd.Series | pd.DataFrame, frame: pd.DataFrame, order: list[int], header: bool
) -> list[list[Any]]:
    """What an aligned UDF must return: the pylib result on each input row's date, None where
    the row is blank or its value missing, the frame's names as a header row."""
    result = result.to_frame() if isinstance(result, pd.Series) else result
    out: list[list[Any]] = [list(frame.columns)] if header else []
    for i in order:
        if i < 0:
            out.append([None] * frame.shape[1])
            continue
        day = frame.index[i]
        row = []
        for j in range(frame.shape[1]):
            value = result.iloc[:, j].get(day, np.nan) if not np.isnan(frame.iat[i, j]) else None
            row.append(None if value is None or pd.isna(value) else value)
        out.append(row)
    return out


def same_cells(actual: Any, expected: Any, rel: float = 1e-12) -> bool:
    """Cell grids equal: floats to ``rel``, None/NaN as blank, datetimes exactly."""
    if isinstance(expected, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(expected)
            and all(same_cells(a, e, rel) for a, e in zip(actual, expected, strict=True))
        )
    if expected is None or (isinstance(expected, float) and np.isnan(expected)):
        return actual is None
    if isinstance(expected, bool | np.bool_):
        return actual is bool(expected) or actual == bool(expected)
    if isinstance(expected, int | float | np.integer | np.floating):
        return (
            isinstance(actual, int | float)
            and not isinstance(actual, bool)
            and actual == pytest.approx(float(expected), rel=rel, abs=1e-15)
        )
    if isinstance(expected, pd.Timestamp):
        expected = expected.to_pydatetime()
    return actual == expected


REQUIRED = ...
GIVEN = object()  # optional; SPEC names no default value

#: SPEC §3: every Excel function with its arguments and defaults, in order.
SPEC = {
    "FOF_RETURNS": [("dates", REQUIRED), ("navs", REQUIRED), ("freq", "native")],
    "FOF_RESAMPLE": [("dates", REQUIRED), ("values", REQUIRED), ("freq", "W"), ("how", "last")],
    "FOF_ALIGN": [
        ("target_dates", REQUIRED),
        ("dates", REQUIRED),
        ("values", REQUIRED),
        ("how", "asof"),
    ],
    "FOF_PCTRANK": [
        ("dates", REQUIRED),
        ("values", REQUIRED),
        ("window", "3Y"),
        ("method", "inc"),
        ("min_periods", None),
    ],
    "FOF_REGIME": [
        ("dates", REQUIRED),
        ("values", REQUIRED),
        ("window", "3Y"),
        ("low", 0.2),
        ("high", 0.8),
        ("labels", "low,balance,high"),
        ("method", GIVEN),
    ],
    "FOF_BUCKET": [("values", REQUIRED), ("breaks", REQUIRED), ("labels", GIVEN)],
    "FOF_VOL": [
        ("dates", REQUIRED),
        ("closes", REQUIRED),
        ("window", 20),
        ("periods_per_year", 252),
    ],
    "FOF_AMPLITUDE": [
        ("highs", REQUIRED),
        ("lows", REQUIRED),
        ("closes", REQUIRED),
        ("dates", GIVEN),  # (beyond SPEC: rows in any order)
    ],
    "FOF_BUCKETSTATS": [
        ("values", REQUIRED),
        ("labels", REQUIRED),
        ("order", GIVEN),
        ("total", False),
    ],
    "FOF_REGIMESTATS": [
        ("ret_dates", REQUIRED),
        ("returns", REQUIRED),
        ("ind_dates", REQUIRED),
        ("indicator", REQUIRED),
        ("window", "3Y"),
        ("low", GIVEN),
        ("high", GIVEN),
        ("agg", "mean"),
        ("lag", 0),
    ],
    "FOF_REGIMETEST": [
        ("ret_dates", REQUIRED),
        ("returns", REQUIRED),
        ("ind_dates", REQUIRED),
        ("indicator", REQUIRED),
        ("window", "3Y"),
        ("low", GIVEN),
        ("high", GIVEN),
        ("agg", "mean"),
        ("lag", 0),
        ("a", "high"),
        ("b", "low"),
        ("unit", "period"),
    ],
    "FOF_REGIMEPRODUCTS": [
        ("ret_dates", REQUIRED),
        ("returns", REQUIRED),
        ("ind_dates", REQUIRED),
        ("indicator", REQUIRED),
        ("window", "3Y"),
        ("low", GIVEN),
        ("high", GIVEN),
        ("agg", "mean"),
        ("lag", 0),
        ("sort", False),
    ],
    "FOF_DRAWDOWN": [("dates", REQUIRED), ("navs", REQUIRED)],
    "FOF_MAXDD": [("dates", REQUIRED), ("navs", REQUIRED), ("start", GIVEN), ("end", GIVEN)],
    "FOF_DDTABLE": [("dates", REQUIRED), ("navs", REQUIRED), ("top", 5)],
    "FOF_ROLLDD": [("dates", REQUIRED), ("navs", REQUIRED), ("window", REQUIRED)],
    "FOF_EXCESS": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("bench_dates", REQUIRED),
        ("bench_navs", REQUIRED),
        ("method", "ratio"),
    ],
    "FOF_PERF": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("by", "year"),
        ("rf", 0),
        ("periods_per_year", GIVEN),
        ("metrics", GIVEN),
        ("bench_dates", GIVEN),
        ("bench_navs", GIVEN),
    ],
    "FOF_STAT": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("metric", REQUIRED),
        ("start", GIVEN),
        ("end", GIVEN),
        ("rf", GIVEN),
        ("periods_per_year", GIVEN),
        ("bench_dates", GIVEN),
        ("bench_navs", GIVEN),
    ],
    "FOF_INDEX": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("freq", "W"),
        ("min_age", "6M"),
        ("max_gap", "14D"),
        ("rebalance", "M"),
        ("base", 1),
    ],
    "FOF_PCTSNAPSHOT": [
        ("dates", REQUIRED),
        ("values", REQUIRED),
        ("window", "3Y"),
        ("period", "Q"),
    ],
    "FOF_SCREEN": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("metrics", GIVEN),
        ("start", GIVEN),
        ("end", GIVEN),
        ("bench_dates", GIVEN),
        ("bench_navs", GIVEN),
        ("rf", GIVEN),
        ("periods_per_year", GIVEN),
    ],
    "FOF_TRAILING": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("windows", "1M,3M,6M,YTD,1Y,3Y,SI"),
        ("metrics", "total_return"),
        ("as_of", GIVEN),
        ("rf", GIVEN),
        ("periods_per_year", GIVEN),
    ],
    "FOF_MONTHLY": [("dates", REQUIRED), ("navs", REQUIRED)],
    "FOF_PEERRANK": [("values", REQUIRED), ("groups", GIVEN), ("order", "desc")],
    "FOF_CORR": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("freq", "W"),
        ("method", "pearson"),
        ("min_periods", 12),
    ],
    "FOF_PORTFOLIO": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("weights", REQUIRED),
        ("rebalance", "M"),
        ("freq", "W"),
        ("base", 1),
    ],
    "FOF_CONTRIB": [
        ("dates", REQUIRED),
        ("navs", REQUIRED),
        ("weights", REQUIRED),
        ("rebalance", "M"),
        ("freq", "W"),
        ("start", GIVEN),
        ("end", GIVEN),
    ],
    "FOF_ADJNAV": [("dates", REQUIRED), ("unit_navs", REQUIRED), ("acc_navs", REQUIRED)],
    "FOF_VERSION": [],
}


def _acc(unit: Any) -> Any:
    """A cumulative NAV beside a unit NAV: 0.1 paid before the data starts."""
    return None if unit is None else unit + 0.1


def calls() -> list[tuple[str, tuple[Any, ...]]]:
    """One classic call per Excel function (header rows, blanks, unsorted rows)."""
    panel = navs_frame(n=300)
    dates, navs, _ = classic_cells(panel)
    one = [[r[0]] for r in navs]
    weekly = panel.resample("W-FRI").last().pct_change().iloc[1:]
    rd, rv, _ = classic_cells(weekly)
    market = navs_frame(n=700, k=1, seed=3)
    idd, iv, _ = classic_cells(market)
    targets = [["when"], [dt.datetime(2020, 5, 5)], [None], [dt.datetime(2020, 2, 3)]]
    labels = [["regime"], *[["low" if i % 3 else "high"] for i in range(len(rv) - 1)]]
    highs = [["h"], [10.5], [10.8], [None], [10.6]]
    lows = [["l"], [9.5], [10.0], [None], [10.1]]
    closes = [["c"], [10.0], [10.4], [10.3], [10.2]]
    return [
        ("fof_returns", (dates, navs, "M")),
        ("fof_resample", (dates, navs, "W", "mean")),
        ("fof_align", (targets, dates, navs)),
        ("fof_pctrank", (dates, navs, 40)),
        ("fof_regime", (dates, navs, 40, 0.3, 0.7)),
        ("fof_bucket", (one, "0.9,1,1.1", "below,above")),
        ("fof_vol", (dates, one, 10)),
        ("fof_amplitude", (highs, lows, closes)),
        ("fof_bucketstats", (rv, labels, None, True)),
        ("fof_regimestats", (rd, rv, idd, iv, 20)),
        ("fof_regimetest", (rd, rv, idd, iv, 20, None, None, None, None, None, None, "pooled")),
        ("fof_regimeproducts", (rd, rv, idd, iv, 20)),
        ("fof_drawdown", (dates, navs)),
        ("fof_maxdd", (dates, navs, dt.datetime(2020, 3, 1), None)),
        ("fof_ddtable", (dates, one, 3)),
        ("fof_rolldd", (dates, navs, 5)),
        ("fof_excess", (dates, navs, dates, one)),
        ("fof_perf", (dates, navs)),
        ("fof_stat", (dates, one, "sharpe")),
        ("fof_index", (dates, navs, "W", "2M")),
        ("fof_pctsnapshot", (dates, navs, 40, "M")),
        ("fof_screen", (dates, navs, "sharpe,max_dd,var_95,beta", None, None, dates, one)),
        ("fof_trailing", (dates, navs, "1M,3M,YTD,SI")),
        ("fof_monthly", (dates, navs)),
        ("fof_peerrank", (one, None, "asc")),
        ("fof_corr", (dates, navs, "W", "spearman", 5)),
        ("fof_portfolio", (dates, navs, [["fund A", "fund C"], [0.5, 0.3]], "Q")),
        ("fof_contrib", (dates, navs, [["fund A", 0.4], ["fund B", 0.4]], "M", "W", None, None)),
        ("fof_adjnav", (dates, one, [[f"{one[0][0]} acc"], *[[_acc(r[0])] for r in one[1:]]])),
        ("fof_version", ()),
    ]
