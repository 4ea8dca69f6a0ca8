"""The screening Excel functions (SPEC §13) and the benchmark arguments of FOF_STAT/FOF_PERF,
called with what classic xlwings passes, against hand-worked figures and independent
computations (pandas, numpy)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from excel_data import classic_cells, navs_frame

from fofxl_addin import udfs
from fofxl_addin.runtime import CellError

D = [dt.datetime(2024, m, d) for m, d in ((1, 31), (2, 29), (3, 31), (4, 30), (5, 31), (6, 30))]
NAV = [1.00, 1.10, 0.99, 0.891, 1.0692, 1.17612]
BENCH = [1.00, 1.05, 1.05, 0.945, 1.0395, 1.0395]


def col(values):
    return [[v] for v in values]


def test_stat_with_benchmark_hand_worked():
    # returns r: .1 -.1 -.1 .2 .1, b: .05 0 -.1 .1 0 -> cov sum .033 / var sum .022 = 1.5
    dates = [["date"], *col(D)]
    navs = [["fund"], *col(NAV)]
    bench_dates, bench = [["date"], *col(D)], [["CSI 300"], *col(BENCH)]
    args = (None, None, None, None, bench_dates, bench)
    assert udfs.fof_stat(dates, navs, "beta", *args) == pytest.approx(1.5)
    assert udfs.fof_stat(dates, navs, "win_rate", *args) == pytest.approx(0.6)
    assert udfs.fof_stat(dates, navs, "max_dd_days") == 61
    with pytest.raises(CellError, match=r"^FOF_STAT: beta is measured against a benchmark"):
        udfs.fof_stat(dates, navs, "beta")
    with pytest.raises(CellError, match="bench_dates and bench_navs go together"):
        udfs.fof_stat(dates, navs, "beta", None, None, None, None, bench_dates, None)


def test_perf_with_benchmark_rows():
    out = udfs.fof_perf(col(D), col(NAV), "full", None, 12, "beta,up_capture", col(D), col(BENCH))
    assert out[0] == ["series", "metric", "full"]
    assert out[1][1:] == ["beta", pytest.approx(1.5)]
    assert out[2][1:] == ["up_capture", pytest.approx(2.0)]


def test_stat_one_return_window_is_blank_in_excel():
    # [2024-06-01, ...]: base 1.0692 (05-31), one return to 1.17612 = +10%. SPEC §8: only n,
    # total_return, best and worst; every other figure is an empty cell (None), where it
    # showed ann_return 1.1^12 - 1, max_dd 0, pos_share 1 before
    dates, navs = [["date"], *col(D)], [["fund"], *col(NAV)]
    start = dt.datetime(2024, 6, 1)
    assert udfs.fof_stat(dates, navs, "n", start) == 1
    for metric in ("total_return", "best", "worst"):
        assert udfs.fof_stat(dates, navs, metric, start) == pytest.approx(0.1), metric
    for metric in ("ann_return", "ann_return_days", "max_dd", "pos_share", "calmar", "sortino"):
        assert udfs.fof_stat(dates, navs, metric, start, None, None, 12) is None, metric
    # the whole history (5 returns) keeps them: max_dd = 0.891 / 1.10 - 1
    assert udfs.fof_stat(dates, navs, "max_dd") == pytest.approx(0.891 / 1.1 - 1)


def test_perf_year_with_one_return_is_blank_in_excel():
    # 2024: the fund's first NAV 1.00, then 5 returns to 1.17612 (partial: annualized with
    # n = 5). 2025: base 1.17612, one return -5% to 1.117314 (partial): only n,
    # total_return and worst show; ann_return, max_dd, calmar and pos_share are empty cells
    dates = [["date"], *col([*D, dt.datetime(2025, 1, 31)])]
    navs = [["fund"], *col([*NAV, 1.117314])]
    metrics = "n,total_return,worst,ann_return,max_dd,calmar,pos_share"
    out = udfs.fof_perf(dates, navs, "year", None, 12, metrics)
    assert out[0] == ["series", "metric", 2024, 2025, "full"]
    rows = {row[1]: row[2:] for row in out[1:]}
    assert rows["n"] == [5, 1, 6]
    assert rows["total_return"][1] == pytest.approx(1.117314 / 1.17612 - 1)
    assert rows["worst"][1] == pytest.approx(-0.05)
    for metric in ("ann_return", "max_dd", "calmar", "pos_share"):
        assert rows[metric][1] is None, metric
    assert rows["ann_return"][0] == pytest.approx(1.17612 ** (12 / 5) - 1)
    assert rows["max_dd"][0] == pytest.approx(0.891 / 1.1 - 1)
    assert rows["max_dd"][2] == pytest.approx(0.891 / 1.1 - 1)
    assert rows["periods_per_year"] == [12, 12, 12]


def test_screen_table():
    dates = [["date"], *col(D)]
    navs = [["a", "b"], *[[v, None if i == 0 else 1.0 + 0.01 * i] for i, v in enumerate(NAV)]]
    out = udfs.fof_screen(dates, navs, "total_return,max_dd,worst", None, None, None, None)
    assert out[0] == ["series", "total_return", "max_dd", "worst"]
    assert out[1][0] == "a"
    assert out[1][1:] == [pytest.approx(0.17612), pytest.approx(-0.19), pytest.approx(-0.1)]
    # b: 1.01 ... 1.05, no drawdown; its smallest return is the last, 1.05 / 1.04 - 1
    assert out[2] == ["b", pytest.approx(1.05 / 1.01 - 1), 0.0, pytest.approx(1.05 / 1.04 - 1)]


def test_trailing_table():
    dates = [["date"], *col(D)]
    out = udfs.fof_trailing(dates, [["fund"], *col(NAV)], "1M,3M,SI,5Y")
    assert out[0] == ["series", "metric", "1M", "3M", "SI", "5Y"]
    # as of 2024-06-30: 1M starts EDATE(06-30, -1) = 05-30; the base is the last NAV on or
    # before it, 0.891 (04-30), as 05-31 falls inside the window
    assert out[1][2] == pytest.approx(1.17612 / 0.891 - 1)
    # 3M starts 03-30: base 1.10 (02-29)
    assert out[1][3] == pytest.approx(1.17612 / 1.10 - 1)
    assert out[1][4] == pytest.approx(0.17612)
    assert out[1][5] is None  # younger than the window
    assert out[2][:2] == ["fund", "periods_per_year"]


def test_monthly_grid_against_pandas():
    panel = navs_frame(n=300, k=2)
    dates, values, _ = classic_cells(panel)
    out = udfs.fof_monthly(dates, values)
    assert out[0][:3] == ["series", "year", "Jan"] and out[0][-1] == "total"
    ends = panel["fund A"].dropna().resample("ME").last()
    expected = ends.pct_change(fill_method=None).dropna()
    rows = {(r[0], r[1]): r for r in out[1:]}
    for day, value in expected.items():
        assert rows[("fund A", day.year)][1 + day.month] == pytest.approx(value)
    single = udfs.fof_monthly(dates, [[r[0]] for r in values])
    assert single[0][:2] == ["year", "Jan"]


def test_peerrank_ties_groups_header():
    values = [["sharpe"], [1.2], [0.8], [1.2], [None], [2.0]]
    groups = [["strategy"], ["CTA"], ["CTA"], ["CTA"], ["CTA"], ["neutral"]]
    out = udfs.fof_peerrank(values, groups)
    assert out[0] == ["rank", "count", "top"]
    assert out[1] == [1.0, 3.0, pytest.approx(1 / 3)]
    assert out[2] == [3.0, 3.0, 1.0]
    assert out[3] == [1.0, 3.0, pytest.approx(1 / 3)]
    assert out[4] == [None, None, None]
    assert out[5] == [1.0, 1.0, 1.0]
    assert udfs.fof_peerrank(values, None, "asc")[2] == [1.0, 4.0, 0.25]


def test_corr_matrix_against_pandas():
    panel = navs_frame(n=400, k=3, freq="B")
    dates, values, _ = classic_cells(panel)
    out = udfs.fof_corr(dates, values)
    names = list(panel.columns)
    assert out[0] == ["series", *names]
    assert [row[0] for row in out[1:]] == names
    weekly = panel.groupby(panel.index + pd.to_timedelta((4 - panel.index.day_of_week) % 7, "D"))
    levels = weekly.last()
    for i, a in enumerate(names):
        assert out[1 + i][1 + i] == 1.0
        for j, b in enumerate(names):
            if i >= j:
                continue
            both = levels[[a, b]].dropna()  # the pair's common weeks
            expected = both.pct_change().dropna().corr().iloc[0, 1]
            assert out[1 + i][1 + j] == pytest.approx(expected)
            assert out[1 + j][1 + i] == pytest.approx(expected)
    assert math.isfinite(out[1][2])
    assert np.isclose(out[2][1], out[1][2])
