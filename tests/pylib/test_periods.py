"""Periods per year, frequencies, period ends and calendar windows."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl import OptionError
from fofxl.periods import (
    Span,
    parse_freq,
    parse_span,
    parse_window,
    period_end,
    period_grid,
    periods_per_year,
    span_start,
)


def _idx(*dates):
    return pd.DatetimeIndex(list(dates))


@pytest.mark.parametrize(
    ("freq", "expected"),
    [("B", 252.0), ("W-FRI", 52.0), ("ME", 12.0), ("QE", 4.0), ("YE", 1.0)],
)
def test_inferred_periods_per_year(freq, expected):
    dates = pd.date_range("2020-01-01", periods=30, freq=freq)
    assert periods_per_year(dates) == expected


def test_spacing_boundaries():
    # median spacing exactly 8 days → weekly (≤ 8); 9 days → monthly
    assert periods_per_year(pd.date_range("2020-01-01", periods=5, freq="8D")) == 52.0
    assert periods_per_year(pd.date_range("2020-01-01", periods=5, freq="9D")) == 12.0


def test_override_wins_and_is_checked():
    dates = pd.date_range("2020-01-01", periods=30, freq="B")
    assert periods_per_year(dates, 242) == 242.0
    with pytest.raises(OptionError, match="periods_per_year=0 must be > 0"):
        periods_per_year(dates, 0)
    with pytest.raises(OptionError, match="not a number"):
        periods_per_year(dates, "abc")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("W", "W-FRI"),
        ("w", "W-FRI"),
        ("M", "M"),
        ("Q", "Q"),
        ("Y", "Y"),
        ("A", "Y"),
        ("native", None),
        (None, None),
    ],
)
def test_parse_freq(text, canonical):
    assert parse_freq(text) == canonical


def test_parse_freq_rejects_unknown():
    with pytest.raises(OptionError, match="freq='H' is not a frequency"):
        parse_freq("H")
    with pytest.raises(OptionError):
        parse_freq("native", allow_native=False)


def test_week_ends_friday_after_previous_friday():
    # 2024-06-01 is a Saturday: it belongs to the week ending Friday 2024-06-07.
    # Thursday 2024-06-06 (a holiday-week NAV) also lands on Friday 2024-06-07; Friday itself
    # stays; Saturday 2024-06-08 moves on to 2024-06-14.
    ends = period_end(_idx("2024-06-01", "2024-06-06", "2024-06-07", "2024-06-08"), "W-FRI")
    assert list(ends.strftime("%Y-%m-%d")) == [
        "2024-06-07",
        "2024-06-07",
        "2024-06-07",
        "2024-06-14",
    ]


def test_month_quarter_year_ends():
    dates = _idx("2024-02-07", "2024-05-31")
    assert list(period_end(dates, "M").strftime("%Y-%m-%d")) == ["2024-02-29", "2024-05-31"]
    assert list(period_end(dates, "Q").strftime("%Y-%m-%d")) == ["2024-03-31", "2024-06-30"]
    assert list(period_end(dates, "Y").strftime("%Y-%m-%d")) == ["2024-12-31", "2024-12-31"]


def test_period_grid_covers_range():
    grid = period_grid(pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-20"), "W-FRI")
    assert list(grid.strftime("%Y-%m-%d")) == [
        "2024-01-05",
        "2024-01-12",
        "2024-01-19",
        "2024-01-26",
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("3Y", Span(36, "M", "3Y")),
        ("36m", Span(36, "M", "36M")),
        ("156W", Span(1092, "D", "156W")),
        ("1095D", Span(1095, "D", "1095D")),
    ],
)
def test_parse_span(text, span):
    assert parse_span(text) == span


@pytest.mark.parametrize("bad", ["0Y", "3X", "", "Y3", "-1M", 1.5, 0, -3, True])
def test_parse_window_rejects(bad):
    with pytest.raises(OptionError, match="window="):
        parse_window(bad)


def test_parse_window_integer_forms():
    assert parse_window(750) == 750
    assert parse_window(20.0) == 20
    assert parse_window("20") == 20


def test_span_start_is_edate():
    # EDATE(2024-02-29, -36) = 2021-02-28 (day clipped); EDATE(2023-03-31, -1) = 2023-02-28;
    # EDATE(2024-03-31, -1) = 2024-02-29 (leap year).
    dates = _idx("2024-02-29", "2023-03-31", "2024-03-31")
    three_years = span_start(dates, parse_span("3Y"))
    one_month = span_start(dates, parse_span("1M"))
    assert list(three_years.strftime("%Y-%m-%d")) == ["2021-02-28", "2020-03-31", "2021-03-31"]
    assert list(one_month.strftime("%Y-%m-%d")) == ["2024-01-29", "2023-02-28", "2024-02-29"]
    assert list(span_start(dates, parse_span("1095D")).strftime("%Y-%m-%d"))[0] == "2021-03-01"


def _edate(day: dt.datetime, months: int) -> dt.datetime:
    """Naive EDATE(day, −months), keeping the time of day: month arithmetic, day clipped."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(
        st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 12, 31)),
        min_size=1,
        max_size=40,
    ),
    months=st.integers(1, 400),
)
def test_span_start_matches_a_naive_edate_loop(days, months):
    dates = pd.DatetimeIndex(days)
    got = span_start(dates, parse_span(f"{months}M"))
    assert list(got) == [pd.Timestamp(_edate(d, months)) for d in days]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.datetimes(min_value=dt.datetime(1760, 1, 1), max_value=dt.datetime(2262, 4, 10)),
        min_size=1,
        max_size=20,
    ),
    st.integers(1, 600),
    st.sampled_from(["M", "D"]),
)
def test_span_starts_are_pandas_offsets_from_each_date(stamps, count, unit):
    # EDATE-style month arithmetic (day clipped to the shorter month, time of day kept) and
    # day spans, as pandas' DateOffset computes them; NaT stays NaT
    dates = pd.DatetimeIndex([*stamps, pd.NaT]).as_unit("ns")
    got = span_start(dates, Span(count, unit, f"{count}{unit}"))
    offset = pd.DateOffset(months=count) if unit == "M" else pd.DateOffset(days=count)
    expected = pd.DatetimeIndex(dates - offset)
    assert got.equals(expected)


def test_span_starts_before_the_first_representable_day_are_clipped_to_it():
    dates = pd.DatetimeIndex(["1679-02-28 10:00", "1680-09-22 06:00", "1680-09-21 23:00"])
    got = span_start(dates, Span(36, "M", "3Y"))
    first = pd.Timestamp.min.ceil("D")  # 1677-09-22
    assert list(got) == [first, pd.Timestamp("1677-09-22 06:00"), first]


@pytest.mark.parametrize("unit", ["ns", "us", "s"])
def test_week_ends_match_pandas_day_of_week(unit):
    """The Friday ending each date's week, from integer day numbers, is pandas' own
    normalize() + (4 − day_of_week) mod 7 days: any time of day, before 1970, any unit."""
    rng = np.random.default_rng(5)
    seconds = rng.integers(-20_000 * 86_400, 30_000 * 86_400, 5_000)
    dates = pd.DatetimeIndex(pd.Timestamp("1970-01-01") + pd.to_timedelta(seconds, unit="s"))
    dates = dates.as_unit(unit).rename("date")
    normalized = dates.normalize()
    expected = normalized + pd.to_timedelta((4 - normalized.day_of_week) % 7, unit="D")
    got = period_end(dates, "W-FRI")
    assert np.array_equal(got.as_unit("ns").asi8, expected.as_unit("ns").asi8)
    assert set(got.day_of_week) == {4} and got.name == "date"
