"""Shared data for the add-in tests: clean frames and the cells Excel would send for them."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
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


@pytest.fixture
def officejs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """xlwings and the add-in imported afresh as under Office.js (xlwings Lite / Server).

    Yields ``(xlwings.server, fofxl_addin.udfs)``; afterwards the modules imported before the
    test are restored, so other tests keep the plain-Python decorators.
    """
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")

    def ours(name: str) -> bool:
        return name.split(".")[0] in ("xlwings", "fofxl_addin", "main")

    saved = {name: module for name, module in sys.modules.items() if ours(name)}
    for name in saved:
        del sys.modules[name]
    try:
        import xlwings.server

        import fofxl_addin.udfs

        yield xlwings.server, fofxl_addin.udfs
    finally:
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
