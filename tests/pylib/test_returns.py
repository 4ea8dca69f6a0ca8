"""Tests for fofxl.returns: simple and periodic returns (SPEC §2 "Returns", "Periodic returns")."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.errors import InputError, OptionError
from fofxl.returns import periodic_returns, simple_returns


def _series(pairs, name="fund"):
    dates, values = zip(*pairs, strict=True)
    return pd.Series(list(values), index=pd.to_datetime(list(dates)), name=name)


# ---------------------------------------------------------------- simple_returns


def test_simple_returns_hand_worked_with_a_blank_nav():
    navs = _series(
        [("2024-01-02", 1.00), ("2024-01-03", 1.05), ("2024-01-04", None), ("2024-01-05", 0.98)]
    )
    r = simple_returns(navs)
    # the blank NAV of 4 Jan is a missing observation: dropped, the next return spans it
    assert list(r.index.strftime("%Y-%m-%d")) == ["2024-01-02", "2024-01-03", "2024-01-05"]
    assert math.isnan(r.iloc[0])  # first NAV: no return
    assert r.iloc[1] == pytest.approx(1.05 / 1.00 - 1)  # 0.05
    assert r.iloc[2] == pytest.approx(0.98 / 1.05 - 1)  # -0.0666..., never 0 for the gap
    assert r.name == "fund"


def test_simple_returns_panel_each_column_over_its_own_observations():
    dates = pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])
    navs = pd.DataFrame(
        {"a": [1.0, np.nan, 1.2, 1.32], "b": [np.nan, 2.0, np.nan, 2.2]}, index=dates
    )
    r = simple_returns(navs)
    assert list(r.columns) == ["a", "b"]
    assert r.index.equals(dates)
    # a: 1.0 -> (gap) -> 1.2 -> 1.32 : returns NaN, NaN, 0.2, 0.1
    assert np.isnan(r["a"].iloc[0]) and np.isnan(r["a"].iloc[1])
    assert r["a"].iloc[2] == pytest.approx(1.2 / 1.0 - 1)
    assert r["a"].iloc[3] == pytest.approx(1.32 / 1.2 - 1)
    # b starts on 3 Jan (first obs NaN), 5 Jan spans the blank 4 Jan: 2.2/2.0 - 1 = 0.1
    assert r["b"].isna().tolist() == [True, True, True, False]
    assert r["b"].iloc[3] == pytest.approx(0.1)


def test_simple_returns_rejects_non_positive_nav():
    navs = _series([("2024-01-02", 1.0), ("2024-01-03", 0.0)])
    with pytest.raises(InputError, match="NAV must be > 0"):
        simple_returns(navs)


def _naive_simple_returns(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(np.nan, index=frame.index, columns=frame.columns)
    for col in frame.columns:
        prev = None
        for date, value in frame[col].items():
            if np.isnan(value):
                continue
            if prev is not None:
                out.loc[date, col] = value / prev - 1
            prev = value
    return out


_nav = st.one_of(st.none(), st.floats(0.5, 2.0))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_nav, _nav, _nav), min_size=1, max_size=25))
def test_simple_returns_matches_naive_loop(rows):
    data = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    dates = pd.date_range("2024-01-01", periods=len(rows)).as_unit("ns")
    frame = pd.DataFrame(data, index=dates, columns=["x", "y", "z"])
    frame = frame[~frame.isna().all(axis=1)]
    if frame.empty:
        return
    before = frame.copy()
    result = simple_returns(frame)
    pd.testing.assert_frame_equal(result, _naive_simple_returns(frame), check_names=False)
    pd.testing.assert_frame_equal(frame, before)  # input not mutated


# ---------------------------------------------------------------- periodic_returns


def test_weekly_thursday_nav_of_a_holiday_week_lands_in_that_fridays_week():
    # Good Friday 2024-03-29 is a holiday: the week's last NAV is Thursday 28 March.
    navs = _series(
        [
            ("2024-03-22", 1.00),  # Fri, week ending 22 Mar (base)
            ("2024-03-27", 1.01),
            ("2024-03-28", 1.03),  # Thu: last NAV of the week ending Fri 29 Mar
            ("2024-04-01", 1.02),
            ("2024-04-05", 1.0506),  # Fri, week ending 5 Apr
        ]
    )
    r = periodic_returns(navs, "W")
    assert list(r.index.strftime("%Y-%m-%d")) == ["2024-03-29", "2024-04-05"]
    assert r.iloc[0] == pytest.approx(1.03 / 1.00 - 1)  # 0.03
    assert r.iloc[1] == pytest.approx(1.0506 / 1.03 - 1)  # 0.02


def test_weekly_gap_week_has_no_return_and_next_return_spans_it():
    navs = _series(
        [
            ("2024-01-05", 1.00),  # week ending 5 Jan
            ("2024-01-12", 1.10),  # week ending 12 Jan
            # no NAV in the week ending 19 Jan
            ("2024-01-24", 1.21),  # Wed, week ending 26 Jan
        ]
    )
    r = periodic_returns(navs, "W")
    assert list(r.index.strftime("%Y-%m-%d")) == ["2024-01-12", "2024-01-26"]
    assert r.iloc[0] == pytest.approx(0.10)  # 1.10 / 1.00 - 1
    assert r.iloc[1] == pytest.approx(0.10)  # 1.21 / 1.10 - 1, spanning the empty week


def test_series_starting_mid_period_uses_that_periods_last_nav_as_base():
    # starts Wednesday 17 Jan 2024; the base is the week's last NAV (Fri 19 Jan), so the
    # Wednesday-to-Friday move is not a return of its own.
    navs = _series(
        [
            ("2024-01-17", 1.00),
            ("2024-01-19", 1.02),
            ("2024-01-26", 1.0404),
        ]
    )
    r = periodic_returns(navs, "W")
    assert list(r.index.strftime("%Y-%m-%d")) == ["2024-01-26"]
    assert r.iloc[0] == pytest.approx(1.0404 / 1.02 - 1)  # 0.02


def test_monthly_quarterly_yearly_period_ends():
    navs = _series(
        [
            ("2023-11-15", 1.00),  # base month Nov 2023 (last NAV 1.00)
            ("2023-12-29", 1.10),  # Dec: 1.10 / 1.00 - 1 = 0.10
            ("2024-01-31", 0.99),  # Jan: 0.99 / 1.10 - 1 = -0.10
            # no NAV in Feb
            ("2024-03-15", 1.089),  # Mar: 1.089 / 0.99 - 1 = 0.10, spanning Feb
        ]
    )
    m = periodic_returns(navs, "M")
    assert list(m.index.strftime("%Y-%m-%d")) == ["2023-12-31", "2024-01-31", "2024-03-31"]
    np.testing.assert_allclose(m.to_numpy(), [0.10, -0.10, 0.10])
    q = periodic_returns(navs, "Q")
    # Q4 2023 ends at 1.10 (base); Q1 2024 ends at 1.089: 1.089 / 1.10 - 1 = -0.01
    assert list(q.index.strftime("%Y-%m-%d")) == ["2024-03-31"]
    assert q.iloc[0] == pytest.approx(1.089 / 1.10 - 1)
    y = periodic_returns(navs, "Y")
    assert list(y.index.strftime("%Y-%m-%d")) == ["2024-12-31"]
    assert y.iloc[0] == pytest.approx(-0.01)


def test_periodic_panel_index_is_union_of_periods_with_a_return():
    navs = pd.DataFrame(
        {"a": [1.0, 1.1, np.nan, 1.21], "b": [np.nan, 2.0, 2.2, np.nan]},
        index=pd.to_datetime(["2024-01-05", "2024-01-12", "2024-01-19", "2024-01-26"]),
    )
    r = periodic_returns(navs, "W")
    # a: returns on 12 Jan (0.1) and 26 Jan (1.21/1.1-1 = 0.1, spanning 19 Jan)
    # b: base 12 Jan, return on 19 Jan (0.1)
    assert list(r.index.strftime("%Y-%m-%d")) == ["2024-01-12", "2024-01-19", "2024-01-26"]
    np.testing.assert_allclose(r["a"].to_numpy(), [0.1, np.nan, 0.1])
    np.testing.assert_allclose(r["b"].to_numpy(), [np.nan, 0.1, np.nan])


def test_native_is_simple_returns_from_the_first_return_on():
    navs = _series([("2024-01-02", 1.0), ("2024-01-03", 1.1), ("2024-01-05", 1.21)])
    pd.testing.assert_series_equal(periodic_returns(navs), simple_returns(navs).iloc[1:])
    pd.testing.assert_series_equal(periodic_returns(navs, "native"), simple_returns(navs).iloc[1:])
    # a panel: the first row is the first date on which some fund has a return
    panel = pd.DataFrame(
        {"a": [1.0, 1.1, None, 1.21], "b": [None, 2.0, 2.2, 2.2]},
        index=pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]),
    )
    r = periodic_returns(panel, "native")
    assert list(r.index.strftime("%Y-%m-%d")) == ["2024-01-03", "2024-01-04", "2024-01-05"]
    np.testing.assert_allclose(r["a"].to_numpy(), [0.1, np.nan, 0.1])
    np.testing.assert_allclose(r["b"].to_numpy(), [np.nan, 0.1, 0.0])


def test_periodic_returns_unknown_freq():
    navs = _series([("2024-01-02", 1.0), ("2024-01-03", 1.1)])
    with pytest.raises(OptionError, match="W, M, Q, Y"):
        periodic_returns(navs, "fortnight")


def test_single_period_gives_empty_result():
    navs = _series([("2024-01-02", 1.0), ("2024-01-03", 1.1)])
    assert periodic_returns(navs, "M").empty


def _naive_periodic(series: pd.Series, code: str) -> pd.Series:
    last: dict[pd.Timestamp, float] = {}
    for date, value in series.dropna().items():
        key = pd.Period(date, code).end_time.normalize()
        last[key] = value  # dates ascending: the last NAV on or before the period end wins
    keys = sorted(last)
    out = {k: last[k] / last[p] - 1 for p, k in zip(keys, keys[1:], strict=False)}
    return pd.Series(out, dtype=float)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(0.5, 2.0)), min_size=2, max_size=80),
    st.sampled_from(["M", "Q"]),
)
def test_periodic_returns_matches_naive_loop(values, code):
    dates = pd.date_range("2023-12-20", periods=len(values), freq="4D")
    series = pd.Series([np.nan if v is None else v for v in values], index=dates)
    if series.notna().sum() == 0:
        return
    before = series.copy()
    result = periodic_returns(series, code)
    expected = _naive_periodic(series, code)
    np.testing.assert_allclose(result.to_numpy(), expected.to_numpy())
    assert list(result.index) == list(expected.index)
    pd.testing.assert_series_equal(series, before)
