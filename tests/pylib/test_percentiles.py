"""Tests for fofxl.percentiles.rolling_percentile (SPEC §2 "Rolling historical percentile")."""

from __future__ import annotations

import calendar
import contextlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl import percentiles
from fofxl.errors import InputError, OptionError
from fofxl.percentiles import _ranks, _window_counts, rolling_percentile

NAN = math.nan


def _days(*texts):
    return pd.DatetimeIndex(pd.to_datetime(list(texts))).as_unit("ns")


def _series(values, start="2024-01-01", name="x"):
    index = pd.bdate_range(start, periods=len(values)).as_unit("ns")
    return pd.Series(values, index=index, name=name, dtype=float)


def _same(actual, expected):
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=1e-12
    )


# --------------------------------------------------------------------------- naive twin


def _edate(day: pd.Timestamp, months: int) -> pd.Timestamp:
    """Excel EDATE: same day-of-month `months` later, clipped to the month's last day."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return pd.Timestamp(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _span_start(day: pd.Timestamp, window: str) -> pd.Timestamp:
    count, unit = int(window[:-1]), window[-1]
    if unit == "Y":
        return _edate(day, -12 * count)
    if unit == "M":
        return _edate(day, -count)
    return day - pd.Timedelta(days=count * (7 if unit == "W" else 1))


def naive_rolling_percentile(dates, values, window, method="inc", min_periods=None):
    """One series, one observation at a time, exactly as SPEC §2 words it."""
    obs = [(d, v) for d, v in zip(dates, values, strict=True) if not math.isnan(v)]
    result = {}
    for i, (day, x) in enumerate(obs):
        if isinstance(window, int):
            members = [v for _, v in obs[max(0, i - window + 1) : i + 1]]
            full = i + 1 >= window
        else:
            start = _span_start(day, window)
            members = [v for d, v in obs[: i + 1] if d > start]
            full = obs[0][0] <= start
        ready = len(members) >= min_periods if min_periods is not None else full
        if not ready:
            continue
        n = len(members)
        below = sum(1 for v in members if v < x)
        equal = sum(1 for v in members if v == x)  # x itself included
        if method == "inc":
            pct = below / (n - 1) if n > 1 else NAN
        elif method == "exc":
            pct = (below + 1) / (n + 1)
        else:
            pct = (below + (equal + 1) / 2) / n
        result[day] = pct
    return [result.get(d, NAN) for d in dates]


# --------------------------------------------------------------------------- hand-worked


def test_inc_exc_rank_with_ties_hand_worked():
    s = _series([3, 1, 2, 2, 5, 2])
    inc = rolling_percentile(s, window=4)
    # rows 0-2: fewer than 4 observations -> empty
    # row 3, x=2, window [3, 1, 2, 2]: below = 1 (the 1; the other 2 is a tie) -> 1/(4-1)
    # row 4, x=5, window [1, 2, 2, 5]: below = 3 -> 3/3
    # row 5, x=2, window [2, 2, 5, 2]: below = 0 -> 0/3
    _same(inc, [NAN, NAN, NAN, 1 / 3, 1.0, 0.0])
    exc = rolling_percentile(s, window=4, method="exc")
    # (below + 1) / (4 + 1): 2/5, 4/5, 1/5
    _same(exc, [NAN, NAN, NAN, 0.4, 0.8, 0.2])
    rank = rolling_percentile(s, window=4, method="rank")
    # average rank / 4: row 3: 1 below, 2 equal -> ranks 2,3 -> 2.5/4; row 4: 4/4;
    # row 5: three 2s take ranks 1,2,3 -> 2/4
    _same(rank, [NAN, NAN, NAN, 2.5 / 4, 1.0, 0.5])
    pd.testing.assert_series_equal(rank, s.rolling(4).rank(pct=True), check_names=False)


def test_inc_is_excel_percentrank_inc_untruncated():
    # Excel: PERCENTRANK.INC({10,20,...,100}, 70) = 0.666 (truncated to 3 digits);
    # the definition is #below / (n - 1) = 6 / 9, kept at full precision here.
    s = _series([10, 20, 30, 40, 50, 60, 100, 90, 80, 70])
    pct = rolling_percentile(s, window=10)
    assert pct.iloc[-1] == 6 / 9
    assert pct.iloc[-1] != 0.666
    # PERCENTRANK.INC({1,2,2,3,4}, 2) = 0.25: one value below, n - 1 = 4
    ties = _series([2, 4, 3, 1, 2])
    assert rolling_percentile(ties, window=5).iloc[-1] == 0.25
    # PERCENTRANK.EXC({1,2,3,4}, 3) = 0.6 = (2 + 1) / (4 + 1)
    assert rolling_percentile(_series([1, 4, 2, 3]), 4, "exc").iloc[-1] == pytest.approx(0.6)
    # the smallest value is 0 and the largest 1 with inc
    _same(rolling_percentile(_series([5, 1]), 2), [NAN, 0.0])
    _same(rolling_percentile(_series([1, 5]), 2), [NAN, 1.0])


def test_all_equal_window_is_zero_for_inc_and_half_for_rank():
    s = _series([7.0] * 5)
    # no value is below 7: 0/(3-1) = 0; rank: ranks 1,2,3 average 2 -> 2/3
    _same(rolling_percentile(s, 3), [NAN, NAN, 0, 0, 0])
    _same(rolling_percentile(s, 3, "rank"), [NAN, NAN, 2 / 3, 2 / 3, 2 / 3])
    _same(rolling_percentile(s, 3, "exc"), [NAN, NAN, 0.25, 0.25, 0.25])


def test_full_window_rule_and_min_periods_integer():
    s = _series([4, 1, 3, 2])
    _same(rolling_percentile(s, 3), [NAN, NAN, 0.5, 0.5])  # [4,1,3]: 1 below of 2; [1,3,2]: 1/2
    # min_periods=1: a value from the first row; a window of one value has no inc percentile
    _same(rolling_percentile(s, 3, min_periods=1), [NAN, 0.0, 0.5, 0.5])  # row 1: [4,1] -> 0/1
    _same(rolling_percentile(s, 3, "exc", min_periods=1), [0.5, 1 / 3, 0.5, 0.5])  # (0+1)/(1+1)
    _same(rolling_percentile(s, 3, "rank", min_periods=1), [1.0, 0.5, 2 / 3, 2 / 3])
    _same(rolling_percentile(s, 3, min_periods=2), [NAN, 0.0, 0.5, 0.5])
    # window 1: the only value is x itself: inc undefined, exc 1/2, rank 1
    _same(rolling_percentile(s, 1), [NAN] * 4)
    _same(rolling_percentile(s, 1, "exc"), [0.5] * 4)


def test_one_observation():
    s = pd.Series([1.5], index=_days("2024-01-31"), name="x")
    assert rolling_percentile(s, 3).isna().all()
    assert rolling_percentile(s, "3Y").isna().all()
    assert rolling_percentile(s, "3Y", "exc", min_periods=1).tolist() == [0.5]
    assert rolling_percentile(s, 1, "rank").tolist() == [1.0]


def test_span_window_excludes_the_date_exactly_three_years_back():
    s = pd.Series(
        [1.0, 5.0, 4.0, 3.0], index=_days("2020-06-30", "2021-01-04", "2023-06-29", "2023-06-30")
    )
    pct = rolling_percentile(s, "3Y")
    # 2023-06-29 − 3Y = 2020-06-29: before the first date, no full 3-year history -> empty
    assert math.isnan(pct.iloc[2])
    # 2023-06-30 − 3Y = 2020-06-30: full history (first date ≤ it), but that observation is
    # NOT in the window (dates > t − span): window = [5, 4, 3] -> 0 below / 2 = 0.
    # (Were 2020-06-30 inside, it would be [1, 5, 4, 3] -> 1/3.)
    assert pct.iloc[3] == 0.0
    assert math.isnan(pct.iloc[0]) and math.isnan(pct.iloc[1])
    # 36M is the same span
    pd.testing.assert_series_equal(rolling_percentile(s, "36M"), pct)
    # min_periods=1 gives values before a full span: [1] -> n − 1 = 0, empty; [1, 5] -> 1/1;
    # 2023-06-29: 2020-06-30 is still inside: [1, 5, 4] -> 1/2; 2023-06-30: [5, 4, 3] -> 0
    early = rolling_percentile(s, "3Y", min_periods=1)
    _same(early, [NAN, 1.0, 0.5, 0.0])


def test_span_window_edate_29_february_and_month_ends():
    s = pd.Series(
        [2.0, 1.0, 3.0, 9.0, 0.0],
        index=_days("2023-02-27", "2023-02-28", "2023-03-01", "2024-02-28", "2024-02-29"),
    )
    pct = rolling_percentile(s, "1Y")
    # 2024-02-29 − 1Y = EDATE -> 2023-02-28: first date 2023-02-27 ≤ it (full); window =
    # dates > 2023-02-28: [3 (03-01), 9, 0] -> 0 below -> 0/2
    assert pct.iloc[4] == 0.0
    # 2024-02-28 − 1Y = 2023-02-28: window [3, 9] -> 1 below / 1 = 1
    assert pct.iloc[3] == 1.0
    # "12M" is the same calendar span
    pd.testing.assert_series_equal(rolling_percentile(s, "12M"), pct)
    # month end: 2024-03-31 − 1M = 2024-02-29 (clipped); that date is out, 03-01 is in
    m = pd.Series(
        [5.0, 1.0, 2.0, 3.0], index=_days("2024-02-28", "2024-02-29", "2024-03-01", "2024-03-31")
    )
    pm = rolling_percentile(m, "1M")
    # window of 2024-03-31: [2 (03-01), 3] -> 1/1; with 02-29 inside it would be 2/2 as well,
    # so check with exc: (1 + 1)/(2 + 1) = 2/3 (with 02-29: (2+1)/(3+1) = 3/4)
    assert pm.iloc[3] == 1.0
    assert rolling_percentile(m, "1M", "exc").iloc[3] == pytest.approx(2 / 3)
    # 2024-03-01 − 1M = 2024-02-01: before the first date -> no full month yet
    assert math.isnan(pm.iloc[2])
    # 2023-03-31 − 1M = 2023-02-28 (EDATE clips 31 to 28)
    q = pd.Series([1.0, 2.0, 0.5], index=_days("2023-02-28", "2023-03-01", "2023-03-31"))
    _same(rolling_percentile(q, "1M", "exc"), [NAN, NAN, 1 / 3])  # window [2, 0.5]: (0+1)/3


def test_day_and_week_spans():
    s = pd.Series([3.0, 1.0, 2.0], index=_days("2024-01-01", "2024-01-08", "2024-01-15"))
    # "7D" / "1W": window (t − 7 days, t] holds only t itself -> inc NaN, exc 1/2
    _same(rolling_percentile(s, "1W", "exc"), [NAN, 0.5, 0.5])
    pd.testing.assert_series_equal(rolling_percentile(s, "7D"), rolling_percentile(s, "1W"))
    # "8D": 01-08 − 8D = 12-31, before the first date -> no full span yet;
    # 01-15 − 8D = 01-07: window (01-07, 01-15] = [1, 2] -> 1 below / 1
    _same(rolling_percentile(s, "8D"), [NAN, NAN, 1.0])


def test_panel_each_column_on_its_own_observations():
    index = pd.bdate_range("2024-01-01", periods=5).as_unit("ns")
    frame = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0, 0.0, 5.0], "b": [4.0, NAN, 1.0, 3.0, NAN]}, index=index
    )
    before = frame.copy()
    pct = rolling_percentile(frame, 3)
    # a: [1,2,3] -> 2/2; [2,3,0] -> 0; [3,0,5] -> 2/2
    # b: own observations 4, 1, 3 (rows 0, 2, 3): row 3 window [4,1,3] -> 1/2; blanks stay blank
    expected = pd.DataFrame(
        {"a": [NAN, NAN, 1.0, 0.0, 1.0], "b": [NAN, NAN, NAN, 0.5, NAN]},
        index=index.rename("date"),  # the cleaned dates
    )
    pd.testing.assert_frame_equal(pct, expected)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("window", [20, 300, "1M", "1Y"])
@pytest.mark.parametrize("method", ["inc", "rank"])
def test_panel_with_own_gaps_equals_column_by_column(window, method):
    # larger windows (bigger chunks in the kernel) and a different gap pattern per column
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2020-01-01", periods=600).as_unit("ns")
    data = rng.integers(0, 30, (600, 4)).astype(float)
    data[rng.random((600, 4)) < np.array([0.0, 0.05, 0.5, 0.9])] = NAN
    frame = pd.DataFrame(data, index=index, columns=list("abcd"))
    panel = rolling_percentile(frame, window, method)
    for column in frame.columns:
        alone = rolling_percentile(frame[column].dropna(), window, method)
        pd.testing.assert_series_equal(
            panel[column].dropna(), alone.dropna(), check_names=False, check_freq=False
        )
        assert panel[column][frame[column].isna()].isna().all()
    expected = naive_rolling_percentile(list(index), frame["c"].tolist(), window, method)
    _same(panel["c"], expected)


def test_output_on_the_cleaned_dates_keeps_the_name():
    index = _days("2024-01-03", "2024-01-01", "2024-01-02", "2024-01-04")
    s = pd.Series([3.0, 1.0, NAN, 2.0], index=index, name="turnover")
    pct = rolling_percentile(s, 2)
    # the one index rule (fofxl._types): sorted dates, the blank row dropped
    assert pct.index.equals(_days("2024-01-01", "2024-01-03", "2024-01-04"))
    assert pct.name == "turnover"
    # in date order: 01-01: 1, 01-03: 3, 01-04: 2: [1,3] -> 1; [3,2] -> 0
    _same(pct, [NAN, 1.0, 0.0])


def test_numeric_text_and_errors_in_values():
    s = pd.Series(["1", "3", "2"], index=_days("2024-01-01", "2024-01-02", "2024-01-03"))
    _same(rolling_percentile(s, 3), [NAN, NAN, 0.5])
    bad = pd.Series([1.0, "abc", 2.0], index=_days("2024-01-01", "2024-01-02", "2024-01-03"))
    with pytest.raises(InputError, match="not a number"):
        rolling_percentile(bad, 2)
    dup = pd.Series([1.0, 2.0], index=_days("2024-01-01", "2024-01-01"))
    with pytest.raises(InputError, match="2024-01-01"):
        rolling_percentile(dup, 2)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"window": 0}, "window=0"),
        ({"window": -5}, "window=-5"),
        ({"window": 2.5}, "window=2.5"),
        ({"window": "abc"}, "window='abc'"),
        ({"window": "0Y"}, "window='0Y'"),
        ({"window": "-3Y"}, "window='-3Y'"),
        ({"window": True}, "window=True"),
        ({"method": "pct"}, "method='pct' is not known; use one of: inc, exc, rank"),
        ({"min_periods": 0}, "min_periods=0"),
        ({"min_periods": -1}, "min_periods=-1"),
        ({"min_periods": 1.5}, "min_periods=1.5"),
        ({"min_periods": "x"}, "min_periods='x'"),
        ({"window": 5, "min_periods": 6}, "min_periods=6 is larger than window=5"),
    ],
)
def test_option_errors(options, message):
    s = _series([1, 2, 3])
    with pytest.raises(OptionError, match=message.replace("(", r"\(")):
        rolling_percentile(s, **options)


def test_option_spellings():
    s = _series([3, 1, 2, 5, 4])
    base = rolling_percentile(s, 3)
    pd.testing.assert_series_equal(rolling_percentile(s, "3"), base)
    pd.testing.assert_series_equal(rolling_percentile(s, 3.0, "INC"), base)
    pd.testing.assert_series_equal(rolling_percentile(s, 3, min_periods=""), base)
    pd.testing.assert_series_equal(rolling_percentile(s, 3, min_periods=NAN), base)
    pd.testing.assert_series_equal(
        rolling_percentile(s, 3, min_periods="2"), rolling_percentile(s, 3, min_periods=2)
    )


def test_long_series_uses_wide_ranks():
    # > 32,766 observations: ranks no longer fit int16; compare with a direct window count
    rng = np.random.default_rng(5)
    n = 33_000
    values = rng.integers(0, 50, n).astype(float)
    s = pd.Series(values, index=pd.date_range("1900-01-01", periods=n, freq="D").as_unit("ns"))
    pct = rolling_percentile(s, 4).to_numpy()
    windows = np.lib.stride_tricks.sliding_window_view(values, 4)
    below = (windows < windows[:, -1:]).sum(axis=1)
    _same(pct[3:], below / 3)
    assert np.isnan(pct[:3]).all()


# --------------------------------------------------------------------------- against the twin


@st.composite
def _panels(draw):
    n = draw(st.integers(1, 30))
    m = draw(st.integers(1, 3))
    gaps = draw(
        st.lists(st.sampled_from([1, 1, 1, 2, 3, 7, 15, 29, 31, 45]), min_size=n, max_size=n)
    )
    start = pd.Timestamp(
        draw(st.sampled_from(["2019-12-31", "2020-01-31", "2020-02-28", "2023-02-27"]))
    )
    dates = pd.DatetimeIndex(start + pd.to_timedelta(np.cumsum(gaps) - gaps[0], unit="D"))
    ties = draw(st.booleans())
    element = st.integers(0, 3).map(float) if ties else st.floats(-100, 100, width=32)
    cells = draw(st.lists(element, min_size=n * m, max_size=n * m))
    blanks = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)) if m > 1 else []
    data = np.array(cells, dtype=float).reshape(n, m)
    if blanks:
        data[np.array(blanks).reshape(n, m) & (np.arange(n)[:, None] % 3 == 1)] = NAN
    return pd.DataFrame(data, index=dates.as_unit("ns"), columns=[f"c{j}" for j in range(m)])


@st.composite
def _options(draw):
    if draw(st.booleans()):
        window = draw(st.integers(1, 12))
        minimum = draw(st.none() | st.integers(1, window))
    else:
        window = draw(st.sampled_from(["10D", "2W", "1M", "2M", "3M", "1Y"]))
        minimum = draw(st.none() | st.integers(1, 6))
    return window, draw(st.sampled_from(["inc", "exc", "rank"])), minimum


@settings(max_examples=60, deadline=None)
@given(_panels(), _options())
def test_matches_naive_loop(frame, options):
    window, method, minimum = options
    before = frame.copy()
    pct = rolling_percentile(frame, window, method, minimum)
    pd.testing.assert_frame_equal(frame, before)  # input not mutated
    # the cleaned dates: rows blank in every column dropped (fofxl._types)
    assert pct.index.equals(frame.dropna(how="all").index)
    assert list(pct.columns) == list(frame.columns)
    for column in frame.columns:
        expected = naive_rolling_percentile(
            list(frame.index), frame[column].tolist(), window, method, minimum
        )
        _same(pct[column].reindex(frame.index), expected)
    values = pct.to_numpy()
    finite = values[~np.isnan(values)]
    assert ((finite >= 0) & (finite <= 1)).all()
    assert np.isnan(values[np.isnan(frame.loc[pct.index].to_numpy())]).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 4).map(float), min_size=1, max_size=40), st.integers(1, 15))
def test_rank_matches_pandas_rolling_rank(values, window):
    s = _series(values)
    pd.testing.assert_series_equal(
        rolling_percentile(s, window, "rank"),
        s.rolling(window).rank(pct=True).rename_axis("date"),  # the cleaned dates' name
    )


@contextlib.contextmanager
def _setting(name, value):
    """A module constant of fofxl.percentiles set to ``value`` for the block."""
    old = getattr(percentiles, name)
    setattr(percentiles, name, value)
    try:
        yield
    finally:
        setattr(percentiles, name, old)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=50),
    st.lists(st.integers(-3, 3), min_size=50, max_size=50),
    st.integers(0, 6),
    st.integers(0, 49),
    st.integers(1, 4),
    st.booleans(),
    st.sampled_from([1, 60, 1 << 18]),
)
def test_kernel_any_chunk_and_window_starts(values, steps, log_chunk, first, m, few, tile):
    # the chunked counting kernel with irregular window starts (as calendar spans give, and
    # stepping back, as EDATE's month-end clipping gives on intraday stamps) and every chunk
    # size, against direct counts; both ways of excluding (whole-chunk comparisons for one
    # or two short series, else one pass per offset); the sorts in tiles of one chunk, a few
    # chunks, or all at once
    n = len(values)
    lo = np.zeros(n, dtype=np.int64)
    for t in range(1, n):
        lo[t] = min(t, max(0, lo[t - 1] + steps[t]))
    t0 = min(first, n - 1)
    x = np.stack([np.roll(np.array(values, dtype=float), j) for j in range(m)], axis=1)
    with _setting("_FEW_ROWS", 10**9 if few else 0), _setting("_TILE_KEYS", tile):
        below, at_most = _window_counts(_ranks(x), lo, t0, 2**log_chunk, True)
    assert at_most is not None
    for j in range(m):
        col = x[:, j]
        expected_below = [sum(col[lo[t] : t + 1] < col[t]) for t in range(t0, n)]
        expected_at_most = [sum(col[lo[t] : t + 1] <= col[t]) for t in range(t0, n)]
        assert below[:, j].tolist() == expected_below
        assert at_most[:, j].tolist() == expected_at_most


def _direct_inc(series, offset):
    """PERCENTRANK.INC of each value among the values dated in (t − offset, t], counted
    directly (pandas' DateOffset: EDATE-style clipping, time of day kept)."""
    x = series.to_numpy()
    stamps = series.index
    starts = stamps - offset
    out = np.full(len(x), NAN)
    for t in range(len(x)):
        if starts[t] < stamps[0]:
            continue  # no full span yet
        inside = (stamps > starts[t]) & (stamps <= stamps[t])
        window = x[inside]
        out[t] = (window < x[t]).sum() / (window.size - 1)
    return out


@pytest.mark.parametrize("chunk", [4, 16, 64])
@pytest.mark.parametrize("few", [True, False])
def test_intraday_month_end_window_steps_back(monkeypatch, chunk, few):
    # hourly stamps: the "1M" window of 00:00 on 31 March starts on 29 February 00:00, a day
    # before that of 23:00 on 30 March (29 February 23:00): window starts step back
    rng = np.random.default_rng(3)
    index = pd.date_range("2024-01-20", "2024-04-02", freq="h").as_unit("ns")
    s = pd.Series(rng.integers(0, 40, len(index)).astype(float), index=index)
    monkeypatch.setattr(percentiles, "_choose_chunk", lambda longest, cells: chunk)
    monkeypatch.setattr(percentiles, "_FEW_ROWS", 10**9 if few else 0)
    _same(rolling_percentile(s, "1M"), _direct_inc(s, pd.DateOffset(months=1)))


def test_long_single_series_with_blanks_against_direct_counts():
    # one long series (default chunk choice and exclusion passes) with blanks and ties
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2000-01-03", periods=6_000).as_unit("ns")
    values = np.round(rng.standard_normal(6_000).cumsum(), 1)
    values[rng.random(6_000) < 0.02] = NAN
    s = pd.Series(values, index=index)
    clean = s.dropna()
    pct = rolling_percentile(s, "1Y")
    assert pct.index.equals(clean.index)
    _same(pct, _direct_inc(clean, pd.DateOffset(years=1)))


@pytest.mark.parametrize("window", ["1Y", 250])
def test_long_single_series_in_two_threads_of_row_blocks(monkeypatch, window):
    # one long series splits its query rows into an even number of blocks on two threads
    # (forced here on 4,000 rows): exactly the one-pass counts, and the direct counts
    rng = np.random.default_rng(12)
    index = pd.bdate_range("2001-01-01", periods=4_000).as_unit("ns")
    s = pd.Series(np.round(rng.standard_normal(4_000).cumsum(), 1), index=index)
    one_pass = rolling_percentile(s, window, "rank")
    calls = []
    by_halves = percentiles._parallel.by_halves

    def spy(work, count, cells):
        calls.append((count, cells))
        by_halves(work, count, cells)

    monkeypatch.setattr(percentiles._parallel, "by_halves", spy)
    monkeypatch.setattr(percentiles._parallel, "MIN_CELLS", 0)
    monkeypatch.setattr(percentiles, "_ROW_THREAD_CELLS", 0)
    monkeypatch.setattr(percentiles, "_ROW_BLOCK_CELLS", 200_000)
    monkeypatch.setattr(percentiles, "_TILE_KEYS", 5_000)  # several sort tiles per block
    threaded = rolling_percentile(s, window, "rank")
    assert calls and calls[0][0] >= 2 and calls[0][0] % 2 == 0 and calls[0][1] > 0
    pd.testing.assert_series_equal(threaded, one_pass)
    inc = rolling_percentile(s, window)
    if isinstance(window, int):
        windows = np.lib.stride_tricks.sliding_window_view(s.to_numpy(), window)
        expected = np.r_[np.full(window - 1, NAN), (windows < windows[:, -1:]).sum(axis=1)]
        _same(inc, expected / (window - 1))
    else:
        _same(inc, _direct_inc(s, pd.DateOffset(years=1)))
