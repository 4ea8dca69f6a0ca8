"""Tests for fofxl.resample: resample to calendar periods, align on target dates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.errors import OptionError
from fofxl.resample import RESAMPLE_METHODS, align, resample


def _dates(*texts):
    return pd.to_datetime(list(texts)).as_unit("ns")


# Two weeks of values: Wed 3 Jan, Fri 5 Jan | Mon 8 Jan, Thu 11 Jan (Fri 12 Jan missing)
WEEKLY = pd.Series(
    [1.0, 3.0, 2.0, 6.0],
    index=_dates("2024-01-03", "2024-01-05", "2024-01-08", "2024-01-11"),
    name="ind",
)


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("last", [3.0, 6.0]),
        ("first", [1.0, 2.0]),
        ("mean", [(1.0 + 3.0) / 2, (2.0 + 6.0) / 2]),  # 2.0, 4.0
        ("sum", [1.0 + 3.0, 2.0 + 6.0]),
        ("min", [1.0, 2.0]),
        ("max", [3.0, 6.0]),
        ("count", [2.0, 2.0]),
    ],
)
def test_resample_weekly_hand_worked(how, expected):
    out = resample(WEEKLY, "W", how)
    # the Thursday 11 Jan value lands in the week ending Friday 12 Jan
    assert list(out.index.strftime("%Y-%m-%d")) == ["2024-01-05", "2024-01-12"]
    assert out.tolist() == expected
    assert out.name == "ind"


def test_resample_weekend_dates_belong_to_next_friday():
    # Sat 6 Jan and Sun 7 Jan are "after the previous Friday": week ending Fri 12 Jan
    s = pd.Series([1.0, 2.0, 4.0], index=_dates("2024-01-05", "2024-01-06", "2024-01-07"))
    out = resample(s, "W", "sum")
    assert list(out.index.strftime("%Y-%m-%d")) == ["2024-01-05", "2024-01-12"]
    assert out.tolist() == [1.0, 6.0]


def test_resample_month_quarter_year_and_empty_periods_absent():
    s = pd.Series(
        [1.0, 2.0, 3.0, 4.0],
        index=_dates("2023-12-15", "2024-01-10", "2024-01-31", "2024-04-02"),
    )
    m = resample(s, "M", "mean")
    # Feb and Mar have no data: not in the output
    assert list(m.index.strftime("%Y-%m-%d")) == ["2023-12-31", "2024-01-31", "2024-04-30"]
    assert m.tolist() == [1.0, 2.5, 4.0]
    q = resample(s, "Q", "sum")
    assert list(q.index.strftime("%Y-%m-%d")) == ["2023-12-31", "2024-03-31", "2024-06-30"]
    assert q.tolist() == [1.0, 5.0, 4.0]
    y = resample(s, "Y", "count")
    assert list(y.index.strftime("%Y-%m-%d")) == ["2023-12-31", "2024-12-31"]
    assert y.tolist() == [1.0, 3.0]


def test_resample_panel_columns_are_independent():
    frame = pd.DataFrame(
        {
            "a": [1.0, np.nan, 3.0, np.nan],
            "b": [np.nan, 2.0, np.nan, np.nan],
            "c": [5.0, 6.0, 7.0, 8.0],
        },
        index=_dates("2024-01-03", "2024-01-05", "2024-01-08", "2024-01-17"),
    )
    for how in RESAMPLE_METHODS:
        out = resample(frame, "W", how)
        assert list(out.index.strftime("%Y-%m-%d")) == ["2024-01-05", "2024-01-12", "2024-01-19"]
        for col in frame.columns:
            alone = resample(frame[col].dropna(), "W", how).reindex(out.index)
            np.testing.assert_array_equal(out[col].to_numpy(), alone.to_numpy())
    last = resample(frame, "W", "last")
    # a: week 1 last non-blank is 1.0 (5 Jan is blank for a), week 2: 3.0, week 3: none
    np.testing.assert_array_equal(last["a"].to_numpy(), [1.0, 3.0, np.nan])
    counts = resample(frame, "W", "count")
    np.testing.assert_array_equal(counts["b"].to_numpy(), [1.0, np.nan, np.nan])


def test_resample_native_is_per_day():
    out = resample(WEEKLY, "native", "count")
    assert out.index.equals(WEEKLY.index)
    assert out.tolist() == [1.0] * 4


def test_resample_unknown_how_lists_choices():
    with pytest.raises(OptionError, match="last, mean, sum, first, min, max, count"):
        resample(WEEKLY, "W", "median")
    with pytest.raises(OptionError, match="W, M, Q, Y"):
        resample(WEEKLY, "fortnightly")


def _naive_resample(series: pd.Series, code: str, how: str) -> pd.Series:
    groups: dict[pd.Timestamp, list[float]] = {}
    for date, value in series.items():
        if np.isnan(value):
            continue
        if code == "W-FRI":
            key = date + pd.Timedelta(days=(4 - date.day_of_week) % 7)
        else:
            key = pd.Period(date, code).end_time.normalize()
        groups.setdefault(key, []).append(value)
    reduce = {
        "last": lambda v: v[-1],
        "first": lambda v: v[0],
        "mean": lambda v: sum(v) / len(v),
        "sum": sum,
        "min": min,
        "max": max,
        "count": len,
    }[how]
    return pd.Series({k: float(reduce(v)) for k, v in sorted(groups.items())}, dtype=float)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(-5, 5)), min_size=1, max_size=60),
    st.sampled_from([("W", "W-FRI"), ("M", "M"), ("Q", "Q")]),
    st.sampled_from(RESAMPLE_METHODS),
)
def test_resample_matches_naive_loop(values, freq, how):
    dates = pd.date_range("2023-12-27", periods=len(values), freq="2D")
    series = pd.Series([np.nan if v is None else v for v in values], index=dates)
    before = series.copy()
    out = resample(series, freq[0], how)
    expected = _naive_resample(series, freq[1], how)
    assert list(out.index) == list(expected.index)
    np.testing.assert_allclose(out.to_numpy(), expected.to_numpy(), rtol=1e-12, atol=1e-12)
    pd.testing.assert_series_equal(series, before)


# ---------------------------------------------------------------- align


def test_align_asof_with_unsorted_duplicated_and_blank_targets():
    values = pd.Series([10.0, 20.0, 30.0], index=_dates("2024-01-02", "2024-01-05", "2024-01-10"))
    targets = pd.DatetimeIndex(
        ["2024-01-08", "2024-01-01", None, "2024-01-05", "2024-01-08", "2024-01-31"]
    )
    out = align(targets, values)
    # 8 Jan -> last on/before is 5 Jan (20); 1 Jan -> nothing before (NaN); NaT -> NaN;
    # 5 Jan -> same day (20); 8 Jan again -> 20; 31 Jan -> 10 Jan (30)
    np.testing.assert_array_equal(out.to_numpy(), [20.0, np.nan, np.nan, 20.0, 20.0, 30.0])
    assert out.index.equals(targets)  # given order kept, NaT kept


def test_align_exact_same_date_only():
    values = pd.Series([10.0, 20.0], index=_dates("2024-01-02", "2024-01-05"))
    targets = _dates("2024-01-05", "2024-01-03", "2024-01-02", "2024-01-09")
    out = align(targets, values, "exact")
    np.testing.assert_array_equal(out.to_numpy(), [20.0, np.nan, 10.0, np.nan])


def test_align_panel_asof_skips_each_columns_blanks():
    frame = pd.DataFrame(
        {"a": [1.0, np.nan, 3.0], "b": [np.nan, 2.0, np.nan]},
        index=_dates("2024-01-02", "2024-01-03", "2024-01-04"),
    )
    targets = ["2024-01-05", "2024-01-03", "2024-01-01"]  # text dates are read too
    out = align(targets, frame)
    # 5 Jan: a = 3 (4 Jan), b = 2 (3 Jan, its last non-blank); 3 Jan: a = 1 (2 Jan), b = 2
    np.testing.assert_array_equal(out["a"].to_numpy(), [3.0, 1.0, np.nan])
    np.testing.assert_array_equal(out["b"].to_numpy(), [2.0, 2.0, np.nan])
    exact = align(targets, frame, "exact")
    np.testing.assert_array_equal(exact["a"].to_numpy(), [np.nan, np.nan, np.nan])
    np.testing.assert_array_equal(exact["b"].to_numpy(), [np.nan, 2.0, np.nan])


def test_align_empty_targets_and_unknown_how():
    values = pd.Series([1.0], index=_dates("2024-01-02"))
    assert len(align([], values)) == 0
    with pytest.raises(OptionError, match="asof, exact"):
        align(values.index, values, "nearest")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(-5, 5)), min_size=1, max_size=30),
    st.lists(st.one_of(st.none(), st.integers(0, 70)), min_size=0, max_size=20),
    st.sampled_from(["asof", "exact"]),
)
def test_align_matches_naive_loop(values, offsets, how):
    dates = pd.date_range("2024-01-01", periods=len(values), freq="2D")
    series = pd.Series([np.nan if v is None else v for v in values], index=dates)
    targets = pd.DatetimeIndex(
        [None if o is None else pd.Timestamp("2023-12-31") + pd.Timedelta(days=o) for o in offsets]
    )
    before = series.copy()
    out = align(targets, series, how)
    expected = []
    for t in targets:
        found = np.nan
        if t is not pd.NaT:
            for d, v in series.items():
                if np.isnan(v):
                    continue
                if (how == "asof" and d <= t) or (how == "exact" and d == t):
                    found = v
        expected.append(found)
    np.testing.assert_array_equal(out.to_numpy(), np.array(expected, dtype=float))
    pd.testing.assert_series_equal(series, before)
