"""Invariants (STYLE.md §11) over the analytics and over the Excel functions, with hypothesis.

* drawdown ≤ 0, and = 0 exactly at running maxima; max drawdown = min of the drawdown series
  (blank for a lone NAV, which has no return);
* scaling a NAV by k > 0 changes nothing (drawdowns, returns, performance, excess NAV, the
  Excel functions);
* 0 ≤ percentile ≤ 1, and a percentile is unchanged by scaling the values (k > 0);
* labels lie within the label set (regimes and buckets);
* bucket counts add up to the observations that have a label, and the total row to the rows;
* inputs are never mutated (pandas objects and the lists of cells Excel passes);
* aligned outputs are as long as their inputs: one output row per input row in Excel; in
  pylib, the cleaned input's dates (rows blank in every column dropped) or the input's own.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from fofxl import buckets, drawdowns, excess, percentiles, performance, regimes, returns
from fofxl_addin import udfs
from fofxl_addin.runtime import CellError

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = pd.Timestamp("2020-01-06")


@st.composite
def nav_panels(
    draw: Any, max_rows: int = 40, max_cols: int = 3, holes: bool = True
) -> pd.DataFrame:
    """Positive NAV panels on increasing dates (gaps of 1–10 days), NaN holes in columns."""
    n = draw(st.integers(1, max_rows))
    k = draw(st.integers(1, max_cols))
    gaps = draw(st.lists(st.integers(1, 10), min_size=n, max_size=n))
    dates = START + pd.to_timedelta(np.cumsum(gaps) - gaps[0], unit="D")
    steps = draw(
        st.lists(st.lists(st.floats(-0.3, 0.3), min_size=k, max_size=k), min_size=n, max_size=n)
    )
    navs = np.cumprod(1.0 + np.array(steps, dtype=float), axis=0)
    if holes:
        mask = np.array(
            draw(st.lists(st.lists(st.booleans(), min_size=k, max_size=k), min_size=n, max_size=n))
        )
        navs[mask & (draw(st.floats(0, 1)) < 0.5)] = np.nan
    return pd.DataFrame(navs, index=pd.DatetimeIndex(dates).as_unit("ns"), columns=list("ABC")[:k])


values_lists = st.lists(
    # no subnormals: scaling one by 0.25 is not exact (-5e-324 * 0.25 == -0.0 == 0.0)
    st.one_of(
        st.floats(-5, 5, allow_nan=False, allow_subnormal=False),
        st.sampled_from([0.0, 1.0, 1.0, 2.0]),
    ),
    min_size=1,
    max_size=50,
)


def _series(values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.bdate_range(START, periods=len(values)), dtype=float)


# --------------------------------------------------------------------------------------------
# Analytics (pylib)


@SETTINGS
@given(nav_panels())
def test_drawdown_nonpositive_zero_at_running_max_and_max_is_min(navs: pd.DataFrame) -> None:
    before = navs.copy()
    dd = drawdowns.drawdown(navs)
    pd.testing.assert_frame_equal(navs, before)  # input untouched
    # aligned on the cleaned input: every date with a NAV (rows blank in every column go)
    kept = navs.dropna(how="all")
    assert dd.index.equals(kept.index) and list(dd.columns) == list(navs.columns)
    assert dd.isna().equals(kept.isna())  # blank exactly where the NAV is blank
    for column in navs:
        observed = navs[column].dropna()
        if observed.empty:
            continue
        d = dd[column].dropna()
        assert (d <= 0).all()
        at_max = observed.to_numpy() >= observed.cummax().to_numpy()
        assert (d.to_numpy()[at_max] == 0).all()
        assert (d.to_numpy()[~at_max] < 0).all()
        worst = drawdowns.max_drawdown(navs[column])
        # the min of the drawdowns once there is a return; blank for a lone NAV (no return)
        assert worst == d.min() if len(d) >= 2 else np.isnan(worst)
    worst_panel = drawdowns.max_drawdown(navs)
    for column in navs:
        d = dd[column].dropna()
        if len(d) >= 2:
            assert worst_panel[column] == d.min()
        else:
            assert np.isnan(worst_panel[column])


@SETTINGS
@given(nav_panels(), st.sampled_from([0.001, 0.37, 3.0, 1000.0, 123456.789]))
@example(  # equal returns: once scaled, they differ by rounding only (was a Sharpe of 1.7e21)
    pd.DataFrame({"A": [1.0, 1.0625, 1.12890625]}, index=pd.bdate_range(START, periods=3)),
    0.001,
)
def test_scaling_a_nav_changes_nothing(navs: pd.DataFrame, k: float) -> None:
    scaled = navs * k
    rel = 1e-9
    pd.testing.assert_frame_equal(
        drawdowns.drawdown(scaled), drawdowns.drawdown(navs), rtol=rel, atol=1e-12
    )
    pd.testing.assert_frame_equal(
        returns.simple_returns(scaled), returns.simple_returns(navs), rtol=rel, atol=1e-12
    )
    pd.testing.assert_frame_equal(
        drawdowns.rolling_max_drawdown(scaled, 3),
        drawdowns.rolling_max_drawdown(navs, 3),
        rtol=rel,
        atol=1e-12,
    )
    table = performance.performance_table(navs)
    table_scaled = performance.performance_table(scaled)
    numeric = [c for c in table.columns if c not in ("series", "metric")]
    pd.testing.assert_frame_equal(
        table_scaled[numeric].astype(float), table[numeric].astype(float), rtol=1e-7, atol=1e-9
    )
    first = navs.iloc[:, 0]
    bench = navs.iloc[:, -1]
    pd.testing.assert_series_equal(
        excess.excess_nav(first * k, bench), excess.excess_nav(first, bench), rtol=rel
    )
    pd.testing.assert_series_equal(
        excess.excess_nav(first, bench * k), excess.excess_nav(first, bench), rtol=rel
    )


@SETTINGS
@given(
    values_lists,
    st.one_of(st.integers(1, 12), st.sampled_from(["1M", "2W", "10D"])),
    st.sampled_from(percentiles.METHODS),
    st.sampled_from([0.25, 4.0, 1024.0]),
)
def test_percentile_in_unit_interval_aligned_and_scale_invariant(
    values: list[float], window: Any, method: str, k: float
) -> None:
    series = _series(values)
    before = series.copy()
    pct = percentiles.rolling_percentile(series, window=window, method=method)
    pd.testing.assert_series_equal(series, before)
    assert pct.index.equals(series.index)
    present = pct.dropna()
    assert ((present >= 0) & (present <= 1)).all()
    # scaling by a power of two is exact, so it keeps every order and tie: same percentiles
    mapped = percentiles.rolling_percentile(series * k, window=window, method=method)
    pd.testing.assert_series_equal(mapped, pct)


@SETTINGS
@given(
    st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=1, max_size=40),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from([("low", "balance", "high"), ("冷", "常", "热"), ("a", "b", "c")]),
)
def test_regime_labels_within_the_label_set(
    pct: list[float | None], low: float, high: float, labels: tuple[str, str, str]
) -> None:
    low, high = min(low, high), max(low, high)
    series = _series([np.nan if p is None else p for p in pct])
    out = regimes.regime_labels(series, low=low, high=high, labels=labels)
    assert out.index.equals(series.index)
    for p, label in zip(series, out, strict=True):
        if np.isnan(p):
            assert label is None
        else:
            assert label in labels
            assert label == (labels[0] if p < low else labels[2] if p > high else labels[1])


@SETTINGS
@given(
    st.lists(st.one_of(st.none(), st.floats(-1, 1)), min_size=1, max_size=50),
    st.lists(st.floats(-1, 1), min_size=2, max_size=5, unique=True),
)
def test_bucket_labels_within_the_intervals(
    values: list[float | None], breaks: list[float]
) -> None:
    breaks = sorted(breaks)
    array = np.array([np.nan if v is None else v for v in values])
    before = array.copy()
    out = regimes.bucket_labels(array, breaks)
    np.testing.assert_array_equal(array, before)
    assert len(out) == len(array)
    text = [regimes._format_break(b) for b in breaks]
    names = [f"(-inf, {text[0]})"]
    names += [f"[{a}, {b})" for a, b in zip(text[:-1], text[1:], strict=True)]
    names += [f"[{text[-1]}, +inf)"]
    for v, label in zip(array, out, strict=True):
        if np.isnan(v):
            assert label is None
        else:  # k breaks, k + 1 buckets: every number has one, a break goes up
            assert label == names[sum(b <= v for b in breaks)]


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(-0.2, 0.2)),
            st.one_of(st.none(), st.sampled_from(["low", "balance", "high", "other"])),
        ),
        min_size=0,
        max_size=60,
    )
)
def test_bucket_counts_add_up(pairs: list[tuple[float | None, str | None]]) -> None:
    values = np.array([np.nan if v is None else v for v, _ in pairs], dtype=float)
    labels = np.array([label for _, label in pairs], dtype=object)
    before = (values.copy(), labels.copy())
    table = buckets.bucket_stats(values, labels, total=True)
    np.testing.assert_array_equal(values, before[0])
    assert list(labels) == list(before[1])
    usable = [(v, label) for v, label in pairs if v is not None and label is not None]
    rows = table.drop(index="total")
    assert rows["count"].sum() == len(usable)
    assert table.loc["total", "count"] == len(usable)
    for label, row in rows.iterrows():
        assert row["count"] == sum(1 for _, name in usable if name == label)
        if row["count"]:
            assert 0 <= row[">0 share"] <= 1
            assert row["min"] <= row["25%"] <= row["50%"] <= row["75%"] <= row["max"]


# --------------------------------------------------------------------------------------------
# The Excel functions, on the cells Excel passes


def _cells(navs: pd.DataFrame, order: list[int], blank_rows: list[int]) -> tuple[list, list]:
    """(dates, values) cells: rows in ``order``, fully blank rows inserted before positions."""
    dates: list[list[Any]] = []
    values: list[list[Any]] = []
    for position, i in enumerate(order):
        if position in blank_rows:
            dates.append([None])
            values.append([None] * navs.shape[1])
        dates.append([navs.index[i].to_pydatetime()])
        values.append([None if np.isnan(v) else float(v) for v in navs.iloc[i]])
    return dates, values


@st.composite
def excel_navs(draw: Any) -> tuple[pd.DataFrame, list[list[Any]], list[list[Any]]]:
    navs = draw(nav_panels(max_rows=30, max_cols=2))
    order = draw(st.permutations(range(len(navs))))
    blank_rows = draw(st.lists(st.integers(0, len(navs)), max_size=3))
    dates, values = _cells(navs, list(order), blank_rows)
    # a range with no value at all is an error of its own (the bad-input matrix checks it)
    assume(any(v is not None for row in values for v in row))
    return navs, dates, values


def _flat(result: Any) -> list[Any]:
    rows = result if isinstance(result, list) else [[result]]
    return [c for row in rows for c in (row if isinstance(row, list) else [row])]


@SETTINGS
@given(excel_navs(), st.sampled_from([0.01, 7.5, 1e4]))
def test_fof_drawdown_and_maxdd(case: Any, k: float) -> None:
    navs, dates, values = case
    frozen = copy.deepcopy((dates, values))
    out = udfs.fof_drawdown(dates, values)
    assert (dates, values) == frozen  # the cells Excel passed are not mutated
    assert len(out) == len(dates)  # one output row per input row
    for row_in, row_out in zip(values, out, strict=True):
        for v, d in zip(row_in, row_out, strict=True):
            assert (d is None) if v is None else (isinstance(d, float) and d <= 0)
    scaled = [[None if v is None else v * k for v in row] for row in values]
    out_scaled = udfs.fof_drawdown(dates, scaled)
    for a, b in zip(_flat(out), _flat(out_scaled), strict=True):
        assert (a is None and b is None) or b == pytest.approx(a, rel=1e-9, abs=1e-12)
    worst = udfs.fof_maxdd(dates, values)
    worst = worst if isinstance(worst, list) else [[worst]]
    for j, w in enumerate(worst[-1]):
        column = [row[j] for row in out if row[j] is not None]
        if len(column) >= 2:
            assert w == pytest.approx(min(column), abs=1e-15)


@SETTINGS
@given(excel_navs(), st.integers(2, 8), st.sampled_from(percentiles.METHODS))
def test_fof_pctrank_and_regime(case: Any, window: int, method: str) -> None:
    navs, dates, values = case
    frozen = copy.deepcopy((dates, values))
    pct = udfs.fof_pctrank(dates, values, window, method)
    labels = udfs.fof_regime(dates, values, window, 0.3, 0.7, "lo,mid,hi", method)
    assert (dates, values) == frozen
    assert len(pct) == len(labels) == len(dates)
    for row_in, row_pct, row_label in zip(values, pct, labels, strict=True):
        for v, p, label in zip(row_in, row_pct, row_label, strict=True):
            if v is None or p is None:
                assert p is None and label is None
                continue
            assert 0 <= p <= 1
            assert label == ("lo" if p < 0.3 else "hi" if p > 0.7 else "mid")


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(-0.1, 0.1), st.just("")),
            st.one_of(st.none(), st.sampled_from(["low", "balance", "high", "x"])),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_fof_bucketstats_counts_add_up(pairs: list[tuple[Any, Any]]) -> None:
    values = [[v] for v, _ in pairs]
    labels = [[label] for _, label in pairs]
    frozen = copy.deepcopy((values, labels))
    if all(v in (None, "") for v, _ in pairs):  # no value at all: an error naming values
        with pytest.raises(CellError, match="values has no value"):
            udfs.fof_bucketstats(values, labels, None, True)
        return
    table = udfs.fof_bucketstats(values, labels, None, True)
    assert (values, labels) == frozen
    header, *rows = table
    count = header.index("count")
    usable = sum(1 for v, label in pairs if v not in (None, "") and label is not None)
    body = [r for r in rows if r[0] != "total"]
    total = [r for r in rows if r[0] == "total"]
    assert sum(r[count] for r in body) == usable
    assert total and total[0][count] == usable


@SETTINGS
@given(excel_navs(), st.sampled_from([0.5, 42.0]))
def test_fof_perf_and_returns_do_not_depend_on_the_nav_level(case: Any, k: float) -> None:
    navs, dates, values = case
    scaled = [[None if v is None else v * k for v in row] for row in values]
    for function in (udfs.fof_perf, udfs.fof_returns):
        plain = function(dates, values)
        other = function(dates, scaled)
        assert len(plain) == len(other)
        for a, b in zip(_flat(plain), _flat(other), strict=True):
            if isinstance(a, float):
                assert b == pytest.approx(a, rel=1e-7, abs=1e-10)
            else:
                assert a == b


@SETTINGS
@given(
    st.lists(st.one_of(st.none(), st.floats(-0.05, 0.05)), min_size=1, max_size=40),
    st.lists(st.floats(-0.05, 0.05), min_size=2, max_size=4, unique=True),
)
def test_fof_bucket_aligned_and_within_the_intervals(
    values: list[Any], breaks: list[float]
) -> None:
    cells = [[v] for v in values]
    frozen = copy.deepcopy(cells)
    breaks = sorted(breaks)
    names = [f"b{i}" for i in range(len(breaks) - 1)]  # k - 1 names: outer breaks are edges
    if all(v is None for v in values):  # no value at all: an error naming values
        with pytest.raises(CellError, match="values has no value"):
            udfs.fof_bucket(cells, [[b] for b in breaks], ",".join(names))
        return
    out = udfs.fof_bucket(cells, [[b] for b in breaks], ",".join(names))
    assert cells == frozen
    assert len(out) == len(cells)
    for (v,), (label,) in zip(cells, out, strict=True):
        if v is None or not breaks[0] <= v <= breaks[-1]:
            assert label is None
        else:  # [b1, b2), ..., [bk-1, bk]: the last bucket closed
            inner = min(int(np.searchsorted(breaks, v, side="right")), len(breaks) - 1)
            assert label == names[inner - 1]


def test_property_list_is_documented() -> None:
    """The module docstring lists the properties checked (the closing note quotes it)."""
    assert "max drawdown = min" in __doc__ and "never mutated" in __doc__


@SETTINGS
@given(st.floats(-1, 1).filter(lambda v: v != 0), st.integers(2, 30))
def test_values_equal_up_to_rounding_have_no_stability(value: float, n: int) -> None:
    """Stability = mean/std is blank when the std is rounding noise (was up to 6.6e15)."""
    noisy = np.array([value * (1 + (i % 3 - 1) * np.finfo(float).eps) for i in range(n)])
    table = buckets.bucket_stats(noisy, np.array(["low"] * n, dtype=object))
    stability = table.loc["low", "stability"]
    assert np.isnan(stability) or abs(stability) < 1e14


@SETTINGS
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 6).map(float)), min_size=1, max_size=120),
    st.one_of(st.integers(1, 30), st.sampled_from(["1M", "3W", "20D"])),
    st.sampled_from(percentiles.METHODS),
    st.one_of(st.none(), st.integers(1, 5)),
)
def test_row_blocks_give_exactly_the_one_pass_percentiles(
    values: list[float | None], window: Any, method: str, min_periods: int | None
) -> None:
    """A very long series is ranked in blocks of rows (bounded memory): same numbers."""
    if isinstance(window, int) and min_periods is not None:
        min_periods = min(min_periods, window)
    series = _series([np.nan if v is None else v for v in values])
    one_pass = percentiles.rolling_percentile(series, window, method, min_periods)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(percentiles, "_ROW_BLOCK_CELLS", 1)  # the smallest blocks: one chunk
        blocked = percentiles.rolling_percentile(series, window, method, min_periods)
    pd.testing.assert_series_equal(blocked, one_pass)
