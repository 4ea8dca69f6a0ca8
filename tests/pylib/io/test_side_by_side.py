"""Tables side by side on one sheet, each with its own date column: each read on its own dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from io_files import write_csv

from fofxl.io import import_file

D = dt.datetime
HEADER = ["净值日期", "单位净值", "累计净值"]
# 基金甲: daily, a 0.05 dividend on 2024-01-04 (累计净值 − 单位净值 goes 0 -> 0.05)
FUND_A = [
    (D(2024, 1, 2), 1.00, 1.00),
    (D(2024, 1, 3), 1.01, 1.01),
    (D(2024, 1, 4), 0.97, 1.02),
    (D(2024, 1, 5), 0.98, 1.03),
]
# 基金乙: other dates (March), fewer rows
FUND_B = [(D(2024, 3, 1), 2.00, 2.00), (D(2024, 3, 4), 2.20, 2.20), (D(2024, 3, 5), 2.10, 2.10)]


def _returns(rows: list[tuple[dt.datetime, float, float]]) -> pd.Series:
    """SPEC §12 by hand: r_t = (A_t − A_t−1) / U_t−1, dated as written."""
    r = [(a1 - a0) / u0 for (_, u0, a0), (_, _, a1) in zip(rows, rows[1:], strict=False)]
    return pd.Series(r, index=pd.DatetimeIndex([d for d, _, _ in rows[1:]]))


def _side_rows(names_over: str) -> list[list[object]]:
    """Row 1 the funds' names (over the NAV columns, or over the whole table), row 2 the two
    headers with column D blank, then the two tables' rows side by side."""
    at = (1, 5) if names_over == "navs" else (0, 4)
    names: list[object] = [None] * 7
    names[at[0]], names[at[1]] = "基金甲", "基金乙"
    rows: list[list[object]] = [names, [*HEADER, None, *HEADER]]
    for i, a in enumerate(FUND_A):
        b = FUND_B[i] if i < len(FUND_B) else (None, None, None)
        rows.append([*a, None, *b])
    return rows


def _write(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    if path.suffix == ".csv":
        text = [[f"{c:%Y-%m-%d}" if isinstance(c, dt.datetime) else c for c in r] for r in rows]
        return write_csv(path, text)
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    book.save(path)
    return path


def _check_returns(series: pd.Series, rows: list[tuple[dt.datetime, float, float]]) -> None:
    got = series.dropna()
    assert list(got.index) == [pd.Timestamp(d) for d, _, _ in rows]
    expected = _returns(rows)
    np.testing.assert_allclose(
        got.pct_change().iloc[1:].to_numpy(), expected.to_numpy(), atol=1e-12
    )


@pytest.mark.parametrize(
    ("names_over", "merges"),
    [("navs", ("B1:C1", "F1:G1")), ("tables", ("A1:C1", "E1:G1"))],
)
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_tables_side_by_side_are_each_read_on_their_own_dates(
    tmp_path: Path, suffix: str, names_over: str, merges: tuple[str, ...]
) -> None:
    # pool15 X62/X63 (A: 基金乙's NAVs were put on 基金甲's dates, the second 净值日期 "not
    # used") and X61 (C: refused saying no row above the header names a fund, names merged over
    # each whole table); repro side.xlsx / side2.xlsx
    path = _write(tmp_path / f"side{suffix}", _side_rows(names_over), merges)
    result = import_file(path)
    assert list(result.data.columns) == ["基金甲", "基金乙"]
    _check_returns(result.data["基金甲"], FUND_A)
    _check_returns(result.data["基金乙"], FUND_B)
    report = result.report
    assert report.notes[0] == (
        "2 tables side by side, each read on its own date column: 基金甲 from A:C on 净值日期 A; "
        "基金乙 from E:G on 净值日期 E"
    )
    assert not report.warnings and not report.dropped
    assert report.nav_types == {"基金甲": "built", "基金乙": "built"}
    assert not any("not used" in note for note in report.notes)
    # the file's last date is 基金乙's: 基金甲 ends two months before it
    assert report.stale == {"基金甲": pd.Timestamp("2024-01-05")}


def test_tables_side_by_side_without_names_are_named_after_the_file_and_their_columns(
    tmp_path: Path,
) -> None:
    # pool15 X60: no row names the funds (refused today, "columns B and F are both 单位净值")
    path = _write(tmp_path / "navs.xlsx", _side_rows("navs")[1:])
    result = import_file(path)
    assert list(result.data.columns) == ["navs", "navs (E:G)"]
    _check_returns(result.data["navs"], FUND_A)
    _check_returns(result.data["navs (E:G)"], FUND_B)


def test_wide_tables_side_by_side_are_each_read_on_their_own_dates(tmp_path: Path) -> None:
    # as X62 for a wide sheet: 日期 | 基金A | 基金B, then 日期 | 基金C of other dates
    rows: list[list[object]] = [
        ["日期", "基金A", "基金B", "日期", "基金C"],
        ["2024-01-02", 1.0, 1.0, "2024-03-01", 2.0],
        ["2024-01-03", 1.01, 1.02, "2024-03-04", 2.2],
    ]
    data = import_file(_write(tmp_path / "wide.csv", rows)).data
    assert data["基金C"].dropna().to_dict() == {
        pd.Timestamp("2024-03-01"): 2.0,
        pd.Timestamp("2024-03-04"): 2.2,
    }
    assert (
        data["基金B"].dropna().index.tolist()
        == pd.to_datetime(["2024-01-02", "2024-01-03"]).tolist()
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_one_table_imports_as_before(tmp_path: Path, suffix: str) -> None:
    # control for X61-X63: a single fund's table is one table (no second date column)
    rows: list[list[object]] = [HEADER, *(list(r) for r in FUND_A)]
    result = import_file(_write(tmp_path / f"one{suffix}", rows))
    assert result.report.layout == "single"
    assert list(result.data.columns) == ["one"]
    _check_returns(result.data["one"], FUND_A)
    assert not any("side by side" in note for note in result.report.notes)


def test_wide_file_of_many_funds_under_one_date_column_imports_as_before(tmp_path: Path) -> None:
    # control for X61-X63: many funds under one 日期 column, a 月份 helper column of the days'
    # months beside it (a date column of periods starts no table)
    funds = [f"基金{k}" for k in range(8)]
    dates = pd.bdate_range("2024-01-02", periods=6)
    navs = 1.0 + np.arange(6)[:, None] * 0.01 + np.arange(8)[None, :] * 0.1
    rows: list[list[object]] = [["日期", "月份", *funds]]
    rows += [[f"{d:%Y-%m-%d}", f"{d:%Y-%m}", *v] for d, v in zip(dates, navs.tolist(), strict=True)]
    result = import_file(_write(tmp_path / "many.csv", rows))
    assert result.report.layout == "wide"
    assert list(result.data.columns) == funds
    assert list(result.data.index) == list(dates)
    np.testing.assert_allclose(result.data.to_numpy(), navs)
    assert not any("side by side" in note for note in result.report.notes)
