"""Every UDF called with what classic xlwings passes equals the pylib function it wraps.

Classic xlwings hands a UDF lists of rows (the UDFs ask for ``ndim=2``) holding datetimes,
floats, text and None for blanks. Each test builds the cells from a clean frame (rows shuffled,
blank rows inserted, a header row), calls the UDF, and compares with the pylib function applied
to the clean frame, put back on the input rows.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from excel_data import calls, classic_cells, expected_aligned, navs_frame, same_cells
from scipy import stats

from fofxl import (
    buckets,
    composite,
    drawdowns,
    excess,
    indicators,
    percentiles,
    performance,
    regime_inference,
    regime_table,
    regimes,
    snapshot,
)
from fofxl import resample as resampling
from fofxl import returns as returns_
from fofxl_addin import udfs
from fofxl_addin.runtime import CellError


def table_of(frame: pd.DataFrame, index: str | None = None) -> list[list[Any]]:
    """A pandas table as the cells a table UDF returns: header row, then rows."""
    header = [c if isinstance(c, int | np.integer) else str(c) for c in frame.columns]
    rows = []
    for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row]
        cells = [
            None if v is pd.NaT or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v
            for v in cells
        ]
        if index is not None:
            cells = [label.to_pydatetime() if isinstance(label, pd.Timestamp) else label, *cells]
        rows.append(cells)
    return [[index, *header] if index is not None else header, *rows]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return navs_frame()


@pytest.fixture(scope="module")
def cells(panel: pd.DataFrame) -> tuple[list[list[Any]], list[list[Any]], list[int]]:
    return classic_cells(panel)


# ------------------------------------------------------------------------------ aligned


@pytest.mark.parametrize("window", [60, "1Y", 60.0])
def test_pctrank(panel, cells, window):
    dates, values, order = cells
    out = udfs.fof_pctrank(dates, values, window)
    expected = percentiles.rolling_percentile(panel, window=int(window) if window != "1Y" else "1Y")
    assert same_cells(out, expected_aligned(expected, panel, order, header=True))
    assert sum(isinstance(v, float) for row in out for v in row) > 3 * 150  # not all blank


def test_pctrank_options_and_min_periods(panel, cells):
    dates, values, order = cells
    out = udfs.fof_pctrank(dates, values, "1Y", "exc", 20)
    expected = percentiles.rolling_percentile(panel, "1Y", "exc", 20)
    assert same_cells(out, expected_aligned(expected, panel, order, header=True))


def test_regime(panel, cells):
    dates, values, order = cells
    out = udfs.fof_regime(dates, values, 120, 0.25, 0.75, "calm,normal,hot", "rank")
    pct = percentiles.rolling_percentile(panel, 120, "rank")
    expected = regimes.regime_labels(pct, 0.25, 0.75, "calm,normal,hot")
    assert same_cells(out, expected_aligned(expected, panel, order, header=True))
    defaults = udfs.fof_regime(dates, values, 120)
    pct = percentiles.rolling_percentile(panel, 120)
    expected = regimes.regime_labels(pct)
    assert same_cells(defaults, expected_aligned(expected, panel, order, header=True))


def test_drawdown(panel, cells):
    dates, values, order = cells
    expected = drawdowns.drawdown(panel)
    assert same_cells(
        udfs.fof_drawdown(dates, values), expected_aligned(expected, panel, order, True)
    )


def test_rolldd(panel, cells):
    dates, values, order = cells
    expected = drawdowns.rolling_max_drawdown(panel, 4)
    assert same_cells(
        udfs.fof_rolldd(dates, values, 4.0), expected_aligned(expected, panel, order, True)
    )


def test_vol(panel):
    closes = panel[["fund A"]] * 3000
    dates, values, order = classic_cells(closes)
    expected = indicators.realized_volatility(closes["fund A"].dropna(), 10, 244)
    out = udfs.fof_vol(dates, values, 10, 244)
    assert same_cells(out, expected_aligned(expected, closes, order, True))
    expected = indicators.realized_volatility(closes["fund A"].dropna())
    assert same_cells(udfs.fof_vol(dates, values), expected_aligned(expected, closes, order, True))


@pytest.mark.parametrize("method", ["ratio", "diff"])
def test_excess_against_a_benchmark_on_other_dates(panel, cells, method):
    dates, values, order = cells
    bench = navs_frame(n=300, k=1, seed=99)["fund A"].dropna().iloc[::2] * 100
    bench_dates, bench_values, _ = classic_cells(bench.to_frame("index"), seed=4)
    out = udfs.fof_excess(dates, values, bench_dates, bench_values, method)
    expected = excess.excess_nav(panel, bench, method)
    assert same_cells(out, expected_aligned(expected, panel, order, header=True))
    assert sum(isinstance(v, float) for row in out for v in row) > 200


def test_align_unsorted_blank_targets(panel):
    values = panel[["fund A", "fund B"]]
    dates, cells_, _ = classic_cells(values, header=False)
    targets = [dt.datetime(2021, 3, 5), None, dt.datetime(2020, 1, 1), dt.datetime(2020, 6, 7)]
    out = udfs.fof_align([[t] for t in targets], dates, cells_)
    expected = resampling.align(pd.DatetimeIndex(targets), values)
    assert same_cells(out, table_of(expected)[1:])
    exact = udfs.fof_align([["when"], *[[t] for t in targets]], dates, cells_, "exact")
    expected = resampling.align(pd.DatetimeIndex(targets), values, "exact")
    assert same_cells(exact, [["values 1", "values 2"], *table_of(expected)[1:]])


def test_amplitude_rows_stand_for_days():
    highs = [["high"], [10.5], [10.8], [None], [10.6], [11.0]]
    lows = [["low"], [9.5], [10.0], [None], [10.1], [10.2]]
    closes = [["close"], [10.0], [10.4], [10.3], [None], [10.9]]
    out = udfs.fof_amplitude(highs, lows, closes)
    days = pd.date_range("2024-01-01", periods=5)
    expected = indicators.amplitude(
        pd.Series([10.5, 10.8, None, 10.6, 11.0], index=days).dropna(),
        pd.Series([9.5, 10.0, None, 10.1, 10.2], index=days).dropna(),
        pd.Series([10.0, 10.4, 10.3, None, 10.9], index=days).dropna(),
    )
    assert same_cells(out, [["amplitude"], *[[v] for v in expected.reindex(days).tolist()]])
    # (10.6 - 10.1) / 10.3: the previous close is the last non-blank one
    assert out[4][0] == pytest.approx(0.5 / 10.3)


def test_amplitude_with_dates_reads_rows_in_any_order():
    # a newest-first export (as most are): with its dates, each day's previous close is the
    # day before's, whatever the row order; the result stays on the input rows
    days = pd.date_range("2024-06-24", periods=5)
    highs = [10.5, 10.8, None, 10.6, 11.0]
    lows = [9.5, 10.0, None, 10.1, 10.2]
    closes = [10.0, 10.4, 10.3, None, 10.9]
    expected = indicators.amplitude(
        *(pd.Series(v, index=days, dtype=float).dropna() for v in (highs, lows, closes))
    ).reindex(days)
    order = [4, 2, 0, 3, 1]  # shuffled rows (newest first would be [4, 3, 2, 1, 0])
    column = [[["high"]], [["low"]], [["close"]], [["date"]]]
    for i in order:
        for cells, value in zip(column, (highs[i], lows[i], closes[i], days[i]), strict=True):
            cells.append([value])
    out = udfs.fof_amplitude(*column)
    assert same_cells(out, [["amplitude"], *[[expected.iloc[i]] for i in order]])
    # hand-worked: 06-28 is (11.0 - 10.2) / 10.3 (06-27 has no close: 06-26's is the last)
    assert out[1][0] == pytest.approx(0.8 / 10.3)
    with pytest.raises(Exception, match="dates has 5 rows but highs has 6"):
        udfs.fof_amplitude(*column[:3], column[3][:-1])


def _amplitude_cells(dates: list[Any]) -> list[list[list[Any]]]:
    """highs, lows, closes and ``dates`` as one-column ranges under a header row."""
    columns = {
        "high": [10.5, 10.8, 10.6, 11.0],
        "low": [9.5, 10.0, 10.1, 10.2],
        "close": [10.0, 10.4, 10.3, 10.9],
        "date": dates,
    }
    return [[[name], *[[v] for v in values]] for name, values in columns.items()]


def test_amplitude_with_dates_converts_them_once(monkeypatch):
    from fofxl_addin import ranges

    calls_ = []
    to_dates = ranges.to_dates

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls_.append(args[1:])
        return to_dates(*args, **kwargs)

    monkeypatch.setattr(ranges, "to_dates", counted)
    days = list(pd.date_range("2024-06-24", periods=4))
    out = udfs.fof_amplitude(*_amplitude_cells(days))
    assert calls_ == [("dates", 2)]  # one pass over the dates, not one per price range
    # hand-worked: (10.8 - 10.0) / 10.0, (10.6 - 10.1) / 10.4, (11.0 - 10.2) / 10.3
    assert same_cells(out, [["amplitude"], [None], [0.08], [0.5 / 10.4], [0.8 / 10.3]])


def test_amplitude_messages_name_the_cell_of_a_bad_date_or_price():
    days = list(pd.date_range("2024-06-24", periods=4))
    bad_date = _amplitude_cells([*days[:2], "2024-13-01", days[3]])
    with pytest.raises(CellError, match=r"dates: row 4 is '2024-13-01', not a date"):
        udfs.fof_amplitude(*bad_date)
    along = [[[row[0] for row in column]] for column in bad_date]  # the same along a row
    with pytest.raises(CellError, match=r"dates: cell 4 of the row is '2024-13-01'"):
        udfs.fof_amplitude(*along)
    bad_low = _amplitude_cells(days)
    bad_low[1][3] = ["x"]
    with pytest.raises(CellError, match=r"lows: row 4 is the text 'x', not a number"):
        udfs.fof_amplitude(*bad_low)
    blank_date = _amplitude_cells([days[0], None, *days[2:]])
    with pytest.raises(CellError, match=r"dates: row 3 is blank but highs has a value there"):
        udfs.fof_amplitude(*blank_date)


def test_bucket(panel):
    values = [[v] for v in [0.5, -1.0, None, 0.1, 2.0, "0.25"]]
    out = udfs.fof_bucket(values, [[-1], [0], [1]], "neg,pos")
    expected = regimes.bucket_labels(
        np.array([0.5, -1.0, np.nan, 0.1, 2.0, 0.25]), [-1, 0, 1], "neg,pos"
    )
    assert out == [[v] for v in expected.tolist()]
    # 3 breaks, 2 names: the outer breaks are edges, [-1, 0) and [0, 1] (closed)
    assert out == [["pos"], ["neg"], [None], ["pos"], [None], ["pos"]]
    text_breaks = udfs.fof_bucket([["ret"], [0.5], [-0.5], [1.0]], "-1,0,1")
    assert text_breaks == [["ret"], ["[0, 1)"], ["[-1, 0)"], ["[1, +inf)"]]
    three = udfs.fof_bucket([[-0.03], [0.0], [0.05]], "-0.02,0.02", "down,flat,up")
    assert three == [["down"], ["flat"], ["up"]]


# ------------------------------------------------------------------------------- tables


@pytest.mark.parametrize("freq", ["native", "W", "M", "Q", "Y"])
def test_returns(panel, cells, freq):
    dates, values, _ = cells
    expected = returns_.periodic_returns(panel, freq)
    assert same_cells(udfs.fof_returns(dates, values, freq), table_of(expected, "date"))


def test_returns_native_starts_with_the_first_return_as_w_and_m_do():
    days = [dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 12), dt.datetime(2024, 1, 19)]
    dates = [["date"]] + [[d] for d in days]
    navs = [["F"], [1.00], [1.02], [1.01]]
    for freq in ("native", "W"):
        got = udfs.fof_returns(dates, navs, freq)
        assert got[0] == ["date", "F"] and len(got) == 3, got
        assert got[1][0] == days[1] and got[1][1] == pytest.approx(0.02)


def test_returns_default_is_native(panel, cells):
    dates, values, _ = cells
    expected = returns_.periodic_returns(panel)
    assert same_cells(udfs.fof_returns(dates, values), table_of(expected, "date"))


@pytest.mark.parametrize(("freq", "how"), [("W", "last"), ("M", "mean"), ("Q", "count")])
def test_resample(panel, cells, freq, how):
    dates, values, _ = cells
    expected = resampling.resample(panel, freq, how)
    assert same_cells(udfs.fof_resample(dates, values, freq, how), table_of(expected, "date"))


def test_perf(panel, cells):
    dates, values, _ = cells
    expected = performance.performance_table(panel, "year", 0.02, 250, "ann_return,ann_vol,n")
    out = udfs.fof_perf(dates, values, "year", 0.02, 250, "ann_return,ann_vol,n")
    assert same_cells(out, table_of(expected))
    metrics_range = [["ann_return"], ["max_dd"]]
    expected = performance.performance_table(panel, metrics=["ann_return", "max_dd"])
    assert same_cells(
        udfs.fof_perf(dates, values, None, None, None, metrics_range), table_of(expected)
    )


def test_ddtable(panel, cells):
    dates, values, _ = cells
    one = [[row[0]] for row in values]
    spec = [
        "peak",
        "trough",
        "recovery",
        "depth",
        "peak_to_trough",
        "trough_to_recovery",
        "peak_to_recovery",
    ]  # SPEC §3: peak, trough, recovery, depth, the three lengths
    expected = drawdowns.drawdown_episodes(panel["fund A"].dropna(), 3)
    out = udfs.fof_ddtable(dates, one, 3)  # one column under a header: the fund is named
    assert out[0] == ["series", *spec]
    assert all(row[0] == "fund A" for row in out[1:])
    assert same_cells([row[1:] for row in out], table_of(expected[spec]))
    bare = udfs.fof_ddtable(dates[1:], one[1:], 3)  # no header row: no fund column
    assert bare[0] == spec
    assert same_cells(bare, table_of(expected[spec]))
    # the three lengths are whole numbers: integers in the cells, blank while not recovered
    lengths = [v for row in bare[1:] for v in row[4:7]]
    assert all(type(v) is int for v in lengths if v is not None) and None in lengths
    expected = drawdowns.drawdown_episodes_panel(panel, 2)
    out = udfs.fof_ddtable(dates, values, 2)
    assert out[0] == ["series", *spec]
    assert same_cells(out, table_of(expected[["series", *spec]]))


def test_index(panel, cells):
    dates, values, _ = cells
    expected = composite.composite_index(panel, "W", "3M", "10D", "M", 100.0)
    out = udfs.fof_index(dates, values, "W", "3M", "10D", "M", 100)
    assert same_cells(out, table_of(expected, "date"))
    assert same_cells(
        udfs.fof_index(dates, values), table_of(composite.composite_index(panel), "date")
    )


def test_pctsnapshot(panel, cells):
    dates, values, _ = cells
    expected = snapshot.percentile_snapshot(panel, 60, "M")
    assert same_cells(udfs.fof_pctsnapshot(dates, values, 60, "M"), table_of(expected, "period"))


def test_bucketstats_pooled_panel():
    rng = np.random.default_rng(5)
    rets = rng.normal(0.001, 0.02, (40, 3))
    rets[3, 1] = np.nan
    labels = np.array(["low", "balance", "high", None] * 10, dtype=object)
    values = [["p1", "p2", "p3"], *[[None if np.isnan(v) else float(v) for v in r] for r in rets]]
    label_cells = [["regime"], *[[v] for v in labels]]
    out = udfs.fof_bucketstats(values, label_cells, "low,balance,high", True)
    expected = buckets.bucket_stats(rets, labels.reshape(-1, 1), "low,balance,high", True)
    assert same_cells(out, table_of(expected, "regime"))
    assert out[0][0] == "regime" and [r[0] for r in out[1:]] == ["low", "balance", "high", "total"]
    # counts by hand: 10 rows per label × 3 products (the blank value sits on a blank-label
    # row); total 90
    assert [r[1] for r in out[1:]] == [30, 30, 30, 90]
    assert all(type(r[1]) is int for r in out[1:])


def test_regimestats(panel):
    weekly = returns_.periodic_returns(panel, "W").iloc[1:]
    market = navs_frame(n=900, k=1, seed=11)["fund A"].dropna() * 1000
    rd, rv, _ = classic_cells(weekly)
    idd, iv, _ = classic_cells(market.to_frame("turnover"))
    out = udfs.fof_regimestats(rd, rv, idd, iv, 26, 0.3, 0.7, "last", 1)
    expected = regime_table.regime_stats(weekly, market, 26, 0.3, 0.7, "last", 1)
    assert same_cells(out, table_of(expected, "regime"))
    expected = regime_table.regime_stats(weekly, market)
    assert same_cells(udfs.fof_regimestats(rd, rv, idd, iv), table_of(expected, "regime"))


def test_regimetest_and_regimeproducts(panel):
    weekly = returns_.periodic_returns(panel, "W").iloc[1:]
    market = navs_frame(n=900, k=1, seed=11)["fund A"].dropna() * 1000
    rd, rv, _ = classic_cells(weekly)
    idd, iv, _ = classic_cells(market.to_frame("turnover"))
    out = udfs.fof_regimetest(rd, rv, idd, iv, 26, 0.3, 0.7, "last", 1, "balance", "low", "pooled")
    expected = regime_inference.regime_test(
        weekly, market, 26, 0.3, 0.7, "last", 1, a="balance", b="low", unit="pooled"
    )
    assert same_cells(out, table_of(expected))
    assert out[0] == ["test", "a", "b", "unit", "n_a", "n_b", "mean_a", "mean_b", "statistic",
                      "df", "p_value"]  # fmt: skip
    assert out[3][1:4] == ["all", None, "pooled"]  # kruskal: b blank
    default = udfs.fof_regimetest(rd, rv, idd, iv)
    assert same_cells(default, table_of(regime_inference.regime_test(weekly, market)))
    assert [r[3] for r in default[1:]] == ["period"] * 3
    # the Welch row against scipy on the regime labels of FOF_REGIMESTATS' own labelling
    labels = regime_table.return_regimes(weekly, market, 26, 0.3, 0.7, "last", 1)
    x = weekly.to_numpy()[labels.to_numpy() == "balance"]
    y = weekly.to_numpy()[labels.to_numpy() == "low"]
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    welch = stats.ttest_ind(x, y, equal_var=False)
    assert out[1][8] == pytest.approx(welch.statistic, rel=1e-10)
    assert out[1][10] == pytest.approx(welch.pvalue, rel=1e-10)

    products = udfs.fof_regimeproducts(rd, rv, idd, iv, 26, 0.3, 0.7, "last", 1, True)
    expected = regime_inference.regime_products(weekly, market, 26, 0.3, 0.7, "last", 1, sort=True)
    assert same_cells(products, table_of(expected))
    assert [r[-1] for r in products[1:]] == sorted(r[-1] for r in products[1:])
    plain = udfs.fof_regimeproducts(rd, rv, idd, iv)
    assert [r[0] for r in plain[1:]] == list(weekly.columns)


# ------------------------------------------------------------------------------ scalars


def test_maxdd_and_window(panel, cells):
    dates, values, _ = cells
    expected = drawdowns.max_drawdown(panel)
    assert same_cells(udfs.fof_maxdd(dates, values), [list(panel.columns), expected.tolist()])
    start, end = dt.datetime(2020, 6, 1), "2021-01-31"
    expected = drawdowns.max_drawdown(panel, pd.Timestamp(start), pd.Timestamp(end))
    out = udfs.fof_maxdd(dates, values, start, end)
    assert same_cells(out, [list(panel.columns), expected.tolist()])
    one = udfs.fof_maxdd([r for r in dates[1:]], [[r[0]] for r in values[1:]])
    assert same_cells(one, drawdowns.max_drawdown(panel["fund A"].dropna()))
    headed = udfs.fof_maxdd(dates, [[r[0]] for r in values])  # one series: a scalar anyway
    assert same_cells(headed, drawdowns.max_drawdown(panel["fund A"].dropna()))


@pytest.mark.parametrize("metric", ["ann_return", "sharpe", "calmar", "n", "ann_return_days"])
def test_stat(panel, cells, metric):
    dates, values, _ = cells
    one = [[row[1]] for row in values[1:]]
    expected = performance.stat(panel["fund B"].dropna(), metric, None, None, 0.01, 252)
    assert same_cells(udfs.fof_stat(dates[1:], one, metric, None, None, 0.01, 252), expected)
    start = dt.datetime(2020, 3, 1)
    expected = performance.stat(panel["fund B"].dropna(), metric, pd.Timestamp(start))
    assert same_cells(udfs.fof_stat(dates[1:], one, metric, start), expected)


def test_version():
    import fofxl

    assert udfs.fof_version() == fofxl.__version__


# ------------------------------------------------------------------- shapes and layouts


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("shuffle", [True, False])
def test_aligned_outputs_stay_aligned(panel, header, shuffle):
    dates, values, order = classic_cells(panel, header=header, shuffle=shuffle, blank_rows=4)
    out = udfs.fof_drawdown(dates, values)
    assert len(out) == len(dates)
    assert same_cells(out, expected_aligned(drawdowns.drawdown(panel), panel, order, header))
    for k, i in enumerate(order, start=int(header)):
        if i < 0:
            assert out[k] == [None] * panel.shape[1]  # blank rows stay blank


def test_one_row_ranges_give_one_row_out(panel):
    frame = panel[["fund A"]].iloc[:40]
    dates, values, order = classic_cells(frame, header=True, shuffle=True, blank_rows=2)
    by_row_dates = [[r[0] for r in dates]]
    by_row_values = [[r[0] for r in values]]
    out = udfs.fof_pctrank(by_row_dates, by_row_values, 10)
    column = udfs.fof_pctrank(dates, values, 10)
    assert len(out) == 1 and len(out[0]) == len(dates)
    assert same_cells(out[0], [r[0] for r in column])
    expected = percentiles.rolling_percentile(frame, 10)
    assert same_cells(column, expected_aligned(expected, frame, order, True))


def test_flat_lists_and_scalars_are_columns(panel):
    frame = panel[["fund A"]].iloc[:30].dropna()
    dates = [d.to_pydatetime() for d in frame.index]
    values = frame["fund A"].tolist()
    assert same_cells(
        udfs.fof_drawdown(dates, values),
        [[v] for v in drawdowns.drawdown(frame["fund A"]).tolist()],
    )
    assert udfs.fof_drawdown(dates[0], values[0]) == [[0.0]]


def test_panel_several_columns_each_its_own_series(panel):
    dates, values, order = classic_cells(panel, header=False)
    out = udfs.fof_rolldd(dates, values, 3)
    for j, name in enumerate(panel.columns):
        single = udfs.fof_rolldd(dates, [[r[j]] for r in values], 3)
        assert same_cells([r[j] for r in out], [r[0] for r in single]), name


def test_header_names_label_tables_and_panels():
    dates = [["日期"], [dt.datetime(2024, 1, 3)], [dt.datetime(2024, 1, 10)]]
    out = udfs.fof_returns(dates, [["基金A", "基金B"], [1.0, 2.0], [1.1, 2.1]], "W")
    assert out[0] == ["日期", "基金A", "基金B"]
    out = udfs.fof_bucket([["a", "b"], [0.5, -0.5], [None, 0.2]], "-1,0,1")
    assert out == [["a", "b"], ["[0, 1)", "[-1, 0)"], [None, "[0, 1)"]]


def test_text_numbers_and_text_dates_are_read():
    dates = [["date"], ["2024-01-05"], [dt.datetime(2024, 1, 12)], ["2024/1/19"], [45317.0]]
    navs = [["nav"], ["1.00"], [1.1], ["0.99"], [1.21]]
    out = udfs.fof_drawdown(dates, navs)
    assert same_cells(out, [["nav"], [0.0], [0.0], [0.99 / 1.1 - 1], [0.0]])


# ------------------------------------------------------------------------------- errors


def test_errors_name_function_argument_row_and_fix(panel):
    dates, values, _ = classic_cells(panel.iloc[:20], header=True, shuffle=False, blank_rows=0)
    values[5][1] = "abc"
    with pytest.raises(CellError) as err:
        udfs.fof_drawdown(dates, values)
    assert str(err.value) == (
        "FOF_DRAWDOWN: navs (fund B): row 6 is the text 'abc', not a number; type a number or "
        "clear the cell."
    )
    values[5][1] = -1.0
    with pytest.raises(CellError, match=r"^FOF_DRAWDOWN: navs \(fund B\): row 6 \(2020-01-08\)"):
        udfs.fof_drawdown(dates, values)
    with pytest.raises(CellError, match=r"^FOF_PCTRANK: window='3X' is not a calendar span"):
        udfs.fof_pctrank(dates, [[1.0]] + [[1.0]] * 20, "3X")
    dup = [dates[0], dates[1], dates[1]]
    with pytest.raises(CellError, match=r"the date 2020-01-02 appears more than once"):
        udfs.fof_drawdown(dup, [["a"], [1.0], [1.1]])
    with pytest.raises(CellError, match=r"Excel error #DIV/0!"):
        udfs.fof_drawdown(dates[:3], [["a"], [1.0], ["#DIV/0!"]])
    with pytest.raises(CellError, match=r"^FOF_DRAWDOWN: dates has 3 rows but navs has 2"):
        udfs.fof_drawdown(dates[:3], [["a"], [1.0]])


def test_unexpected_errors_never_show_python_internals(monkeypatch, panel):
    def boom(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(drawdowns, "drawdown", boom)
    dates, values, _ = classic_cells(panel.iloc[:10], blank_rows=0)
    with pytest.raises(CellError) as err:
        udfs.fof_drawdown(dates, values)
    message = str(err.value)
    assert message.startswith("FOF_DRAWDOWN: fofxl could not compute this")
    for internal in ("Traceback", "ZeroDivision", "division", "File ", ".py"):
        assert internal not in message


def test_inputs_are_not_mutated(panel):
    dates, values, _ = classic_cells(panel.iloc[:50])
    before = ([list(r) for r in dates], [list(r) for r in values])
    udfs.fof_drawdown(dates, values)
    udfs.fof_pctrank(dates, values, 10)
    udfs.fof_returns(dates, values, "W")
    assert (dates, values) == before


# ------------------------------------------------------------------------ Chinese NAVs


def test_adjnav_hand_worked_dividend_in_a_gap_and_rows_kept():
    # SPEC §12 by hand: 1 share at 1.20; 0.20 paid while no NAV is reported (row 4 blank);
    # reinvested at the next unit NAV 1.05: 1 + 0.20 / 1.05 shares, worth 1.25, then at 1.10
    # worth 1.309524. A row with only the cumulative NAV (row 6) is skipped, blank beside it.
    d = [dt.datetime(2024, 1, k) for k in (2, 3, 4, 5, 8, 9)]
    dates = [["日期"], *[[x] for x in d]]
    unit = [["单位净值"], [1.20], [1.20], [None], [1.05], [None], [1.10]]
    acc = [["累计净值"], [1.20], [1.20], [None], [1.25], [1.27], [1.30]]
    out = udfs.fof_adjnav(dates, unit, acc)
    assert out[0] == ["单位净值"]
    values = [row[0] for row in out[1:]]
    assert values[2] is None and values[4] is None
    shares = 1 + 0.20 / 1.05
    assert values[0] == values[1] == pytest.approx(1.20)
    assert values[3] == pytest.approx(shares * 1.05)
    assert values[5] == pytest.approx(shares * 1.10)


def test_adjnav_falling_dividends_paid_is_an_error_naming_the_sheet_row():
    dates = [["date"], [dt.datetime(2024, 1, 2)], [None], [dt.datetime(2024, 1, 4)]]
    unit = [["U"], [1.0], [None], [1.0]]
    acc = [["A"], [1.3], [None], [1.2]]  # A − U falls from 0.3 to 0.2 on the sheet's row 4
    message = r"^FOF_ADJNAV: acc_navs row 4 \(2024-01-04\): .* falls from 0.3 to 0.2"
    with pytest.raises(CellError, match=message):
        udfs.fof_adjnav(dates, unit, acc)


def test_no_function_changes_the_cells_it_is_given():
    # the reading cuts header cells off its own copies in place, never off the caller's lists
    for name, args in calls():
        before = copy.deepcopy(args)
        getattr(udfs, name)(*args)
        assert args == before, name


@pytest.mark.parametrize("blank", [None, ""])
def test_a_whole_column_reference_reads_its_data_and_gives_back_every_row(blank):
    # A:A passes the data, then blank rows to the bottom of the sheet (None in classic
    # xlwings, "" from Office.js): they are not read, and an aligned output still has one row
    # per input row, blank below the data; every result is that of the data range alone
    rng = np.random.default_rng(4)
    n, tail, width = 30, 700, 3
    days = [dt.datetime(2024, 1, 5) + dt.timedelta(days=7 * i) for i in range(n)]
    dates = [["date"], *([d] for d in days)]
    values = [["a", "b", "c"], *np.cumprod(1 + rng.normal(0, 0.02, (n, width)), axis=0).tolist()]
    whole_dates = dates + [[blank] for _ in range(tail)]
    whole_values = values + [[blank] * width for _ in range(tail)]
    want = udfs.fof_drawdown(dates, values)
    got = udfs.fof_drawdown(whole_dates, whole_values)
    assert len(got) == len(whole_dates) and got[: len(want)] == want
    assert got[len(want) :] == [[None] * width] * tail
    assert udfs.fof_maxdd(whole_dates, whole_values) == udfs.fof_maxdd(dates, values)
    # the same data along rows: blank columns at the right come back blank
    across = udfs.fof_drawdown(
        [list(r) for r in zip(*whole_dates, strict=True)],
        [list(r) for r in zip(*whole_values, strict=True)],
    )
    assert [list(r) for r in zip(*across, strict=True)] == got
    # ranges without dates: labels aligned (FOF_BUCKET) and a table (FOF_BUCKETSTATS)
    column = [["r"], *([v] for v in rng.normal(0, 0.02, n).tolist())]
    whole = column + [[blank] for _ in range(tail)]
    labels = udfs.fof_bucket(column, "-0.01,0.01")
    assert udfs.fof_bucket(whole, "-0.01,0.01") == labels + [[None]] * tail
    regime = [["regime"], *([lab[0]] for lab in labels[1:])]
    assert udfs.fof_bucketstats(whole, regime + [[blank] for _ in range(tail)]) == (
        udfs.fof_bucketstats(column, regime)
    )
    # a value below the data without a date is still refused, naming its row
    whole_values[-1] = [1.0, blank, blank]
    with pytest.raises(CellError, match=rf"row {len(whole_dates)} is blank but navs has a value"):
        udfs.fof_drawdown(whole_dates, whole_values)
