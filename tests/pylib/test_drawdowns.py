"""Tests for fofxl.drawdowns: hand-worked examples, a naive twin, empyrical, properties."""

from __future__ import annotations

import doctest
import math

import empyrical
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fofxl.drawdowns as drawdowns_module
from fofxl.drawdowns import (
    EPISODE_COLUMNS,
    _rolling_max_drawdown,
    drawdown,
    drawdown_episodes,
    drawdown_episodes_panel,
    max_drawdown,
    rolling_max_drawdown,
)
from fofxl.errors import InputError, OptionError

FRIDAYS = pd.date_range("2024-01-05", periods=12, freq="W-FRI")


def weekly(values, start="2024-01-05", name="fund"):
    index = pd.date_range(start, periods=len(values), freq="W-FRI")
    return pd.Series(values, index=index, dtype=float, name=name)


# the worked example used throughout:
#   nav          1.00  1.20  0.90  1.08  1.32  1.10
#   running max  1.00  1.20  1.20  1.20  1.32  1.32
#   drawdown     0     0     -0.25 -0.10 0     -1/6
WORKED = weekly([1.00, 1.20, 0.90, 1.08, 1.32, 1.10])


# ---------------------------------------------------------------------------------------------
# drawdown
# ---------------------------------------------------------------------------------------------


def test_drawdown_worked_example():
    expected = [0.0, 0.0, 0.90 / 1.20 - 1, 1.08 / 1.20 - 1, 0.0, 1.10 / 1.32 - 1]
    result = drawdown(WORKED)
    assert isinstance(result, pd.Series)
    assert result.name == "fund"
    assert result.index.equals(WORKED.index)
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=0, atol=1e-15)
    assert result.iloc[2] == pytest.approx(-0.25)
    assert result.iloc[5] == pytest.approx(-1 / 6)


def test_drawdown_first_period_loss():
    # 1.00 -> 0.80: the first NAV is the first peak, so the very first return is a drawdown
    result = drawdown(weekly([1.00, 0.80, 0.90]))
    assert result.tolist() == pytest.approx([0.0, -0.20, -0.10])


def test_drawdown_series_gap_is_dropped_and_next_point_uses_same_peak():
    # a blank NAV is a missing observation: the row is dropped (cleaned index), and the
    # next NAV is measured against the same running max 1.20
    navs = weekly([1.00, 1.20, np.nan, 0.96])
    result = drawdown(navs)
    assert list(result.index) == [FRIDAYS[0], FRIDAYS[1], FRIDAYS[3]]
    assert result.tolist() == pytest.approx([0.0, 0.0, 0.96 / 1.20 - 1])


def test_drawdown_panel_columns_over_their_own_values():
    # b starts two weeks later and misses week 4: NaN stays NaN, each column its own max
    panel = pd.DataFrame(
        {
            "a": [1.0, 1.1, 0.99, 1.21, 1.0],
            "b": [np.nan, np.nan, 2.0, np.nan, 1.5],
        },
        index=FRIDAYS[:5],
    )
    result = drawdown(panel)
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == ["a", "b"]
    np.testing.assert_allclose(
        result["a"].to_numpy(), [0, 0, 0.99 / 1.1 - 1, 0, 1.0 / 1.21 - 1], atol=1e-15
    )
    assert np.isnan(result["b"].iloc[[0, 1, 3]]).all()
    assert result["b"].iloc[2] == 0.0
    assert result["b"].iloc[4] == pytest.approx(1.5 / 2.0 - 1)


def test_drawdown_single_observation_and_empty():
    assert drawdown(weekly([1.3])).tolist() == [0.0]
    assert drawdown(weekly([])).empty


def test_drawdown_rejects_non_positive_nav():
    with pytest.raises(InputError, match="must be > 0"):
        drawdown(weekly([1.0, 0.0, 1.1]))


# ---------------------------------------------------------------------------------------------
# max drawdown
# ---------------------------------------------------------------------------------------------


def test_max_drawdown_worked_example():
    # min of the drawdown series: 0.90 / 1.20 - 1 = -0.25
    assert max_drawdown(WORKED) == pytest.approx(-0.25)


def test_max_drawdown_no_drawdown_is_zero():
    assert max_drawdown(weekly([1.0, 1.01, 1.02, 1.05])) == 0.0


def test_max_drawdown_one_observation_is_nan():
    # no return, nothing measured
    assert math.isnan(max_drawdown(weekly([1.0])))
    assert math.isnan(max_drawdown(weekly([])))


def test_max_drawdown_unrecovered():
    # 1.0 -> 1.5 -> 1.2 -> 0.9, never back: (0.9 / 1.5) - 1 = -0.4
    assert max_drawdown(weekly([1.0, 1.5, 1.2, 0.9])) == pytest.approx(-0.4)


def test_max_drawdown_window_uses_previous_nav_as_base():
    # window from week 4 (1.08) to week 6: base = last NAV before start = 0.90 (week 3)
    # path 0.90, 1.08, 1.32, 1.10: running max 0.90, 1.08, 1.32, 1.32 -> min 1.10/1.32 - 1
    result = max_drawdown(WORKED, start=FRIDAYS[3], end=FRIDAYS[5])
    assert result == pytest.approx(1.10 / 1.32 - 1)
    # window starting on week 3: base = 1.20 (week 2), so the first return (-25%) counts
    assert max_drawdown(WORKED, start=FRIDAYS[2], end=FRIDAYS[3]) == pytest.approx(-0.25)
    # window inside a rally: base 0.90, path 0.90, 1.08, 1.32: no drawdown
    assert max_drawdown(WORKED, start=FRIDAYS[3], end=FRIDAYS[4]) == 0.0


def test_max_drawdown_window_edges_and_date_forms():
    # no NAV before start: the base is the first NAV (the whole series here)
    assert max_drawdown(WORKED, start="2023-01-01") == pytest.approx(-0.25)
    # text and Excel serial dates: 2024-01-19 is serial 45310
    assert max_drawdown(WORKED, start="2024-01-19", end=45324) == pytest.approx(-0.25)
    # end only: up to week 2, path 1.00, 1.20 -> 0
    assert max_drawdown(WORKED, end=FRIDAYS[1]) == 0.0
    # a window after the last NAV holds no return
    assert math.isnan(max_drawdown(WORKED, start="2030-01-01"))
    # blank start / end = open
    assert max_drawdown(WORKED, start="", end=None) == pytest.approx(-0.25)


def test_max_drawdown_window_start_after_end_is_an_option_error():
    with pytest.raises(OptionError, match="start=2024-02-01 is after end=2024-01-01"):
        max_drawdown(WORKED, start="2024-02-01", end="2024-01-01")


def test_max_drawdown_panel_returns_one_value_per_column():
    panel = pd.DataFrame(
        {"a": WORKED.to_numpy(), "b": [np.nan, 2.0, 2.2, np.nan, 1.1, 1.0]}, index=WORKED.index
    )
    result = max_drawdown(panel)
    assert isinstance(result, pd.Series)
    assert list(result.index) == ["a", "b"]
    assert result["a"] == pytest.approx(-0.25)
    assert result["b"] == pytest.approx(1.0 / 2.2 - 1)
    # window: b has no NAV before week 2, so its base is its first NAV
    windowed = max_drawdown(panel, start=FRIDAYS[1], end=FRIDAYS[2])
    assert windowed["a"] == pytest.approx(-0.25)  # base 1.00 (week 1), then 1.20, 0.90
    assert windowed["b"] == 0.0  # 2.0 -> 2.2


def test_max_drawdown_matches_empyrical():
    rng = np.random.default_rng(7)
    navs = weekly(np.exp(np.cumsum(rng.normal(0.001, 0.03, 300))))
    returns = navs.pct_change().dropna()
    # empyrical compounds from a start value included in the running max, as we do
    assert max_drawdown(navs) == pytest.approx(empyrical.max_drawdown(returns), rel=1e-12)


# ---------------------------------------------------------------------------------------------
# episodes
# ---------------------------------------------------------------------------------------------


def test_episodes_worked_example():
    # episode 1: peak 1.20 (week 2), trough 0.90 (week 3), recovered by 1.32 (week 5)
    #   depth 0.90/1.20 - 1 = -0.25, lengths 1, 2 and 3 observations
    # episode 2: peak 1.32 (week 5), trough 1.10 (week 6), not recovered
    #   depth 1.10/1.32 - 1 = -1/6, lengths 1, NaN, NaN
    table = drawdown_episodes(WORKED)
    assert list(table.columns) == list(EPISODE_COLUMNS)
    assert list(table.index) == [1, 2]
    assert table.index.name == "rank"
    first, second = table.iloc[0], table.iloc[1]
    assert (first["peak"], first["trough"], first["recovery"]) == (
        FRIDAYS[1],
        FRIDAYS[2],
        FRIDAYS[4],
    )
    assert first["depth"] == pytest.approx(-0.25)
    assert (first["peak_to_trough"], first["trough_to_recovery"], first["peak_to_recovery"]) == (
        1,
        2.0,
        3.0,
    )
    assert bool(first["recovered"]) is True
    assert (second["peak"], second["trough"]) == (FRIDAYS[4], FRIDAYS[5])
    assert pd.isna(second["recovery"])
    assert second["depth"] == pytest.approx(-1 / 6)
    assert second["peak_to_trough"] == 1
    assert pd.isna(second["trough_to_recovery"]) and pd.isna(second["peak_to_recovery"])
    assert bool(second["recovered"]) is False
    assert table["peak"].dtype.kind == "M" and table["recovery"].dtype.kind == "M"


def test_episodes_first_period_loss_and_recovery_at_equal_nav():
    # 1.0 -> 0.8 -> 0.9 -> 1.0: the first NAV is the peak; nav = peak counts as recovered
    table = drawdown_episodes(weekly([1.0, 0.8, 0.9, 1.0, 1.1]))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["peak"], row["trough"], row["recovery"]) == (FRIDAYS[0], FRIDAYS[1], FRIDAYS[3])
    assert row["depth"] == pytest.approx(-0.2)
    assert (row["peak_to_trough"], row["trough_to_recovery"], row["peak_to_recovery"]) == (
        1,
        2.0,
        3.0,
    )


def test_episodes_peak_is_last_date_at_the_running_max():
    # 1.0, 1.2, 1.2, 1.0: the max is hit twice; the peak is the later one (week 3)
    table = drawdown_episodes(weekly([1.0, 1.2, 1.2, 1.0]))
    assert table.iloc[0]["peak"] == FRIDAYS[2]
    assert table.iloc[0]["peak_to_trough"] == 1


def test_episodes_trough_tie_takes_first_and_gap_counts_observations():
    # a blank NAV is not an observation: lengths count rows of the cleaned series
    navs = weekly([1.0, 0.5, np.nan, 0.5, 1.0])
    row = drawdown_episodes(navs).iloc[0]
    assert row["trough"] == FRIDAYS[1]  # first of the two equal lows
    assert row["recovery"] == FRIDAYS[4]
    # cleaned rows: 0 (peak), 1, 2 (= week 4), 3 (recovery, week 5)
    assert (row["peak_to_trough"], row["trough_to_recovery"], row["peak_to_recovery"]) == (
        1,
        2.0,
        3.0,
    )


def test_episodes_sorted_worst_first_and_top():
    # three episodes of depth -10%, -30%, -20% (all recovered)
    navs = weekly([1.0, 0.9, 1.0, 0.7, 1.0, 0.8, 1.0])
    table = drawdown_episodes(navs, top=5)
    assert table["depth"].tolist() == pytest.approx([-0.3, -0.2, -0.1])
    assert drawdown_episodes(navs, top=2)["depth"].tolist() == pytest.approx([-0.3, -0.2])
    assert len(drawdown_episodes(navs, top=None)) == 3
    assert len(drawdown_episodes(navs, top=1.0)) == 1  # Excel passes numbers as floats
    assert len(drawdown_episodes(navs, top="2")) == 2


def test_episodes_equal_depths_keep_date_order():
    navs = weekly([1.0, 0.9, 1.0, 0.9, 1.0])
    table = drawdown_episodes(navs)
    assert table["peak"].tolist() == [FRIDAYS[0], FRIDAYS[2]]


@pytest.mark.parametrize("top", [0, -1, 2.5, "x", True, float("nan")])
def test_episodes_top_must_be_a_whole_number(top):
    with pytest.raises(OptionError, match="top="):
        drawdown_episodes(WORKED, top=top)


def test_episodes_none_when_never_under_water():
    for navs in (weekly([1.0, 1.1, 1.2]), weekly([1.0]), weekly([])):
        table = drawdown_episodes(navs)
        assert table.empty
        assert list(table.columns) == list(EPISODE_COLUMNS)


def test_episodes_panel_layout_and_equivalence():
    panel = pd.DataFrame(
        {
            "up": [1.0, 1.1, 1.2, 1.3, 1.4, 1.5],
            "worked": WORKED.to_numpy(),
            "late": [np.nan, np.nan, 1.0, 0.5, np.nan, 0.75],
        },
        index=WORKED.index,
    )
    table = drawdown_episodes_panel(panel, top=5)
    assert list(table.columns) == ["series", "rank", *EPISODE_COLUMNS]
    assert table["series"].tolist() == ["worked", "worked", "late"]
    assert table["rank"].tolist() == [1, 2, 1]
    late = table[table["series"] == "late"].iloc[0]
    assert (late["peak"], late["trough"]) == (FRIDAYS[2], FRIDAYS[3])
    assert late["depth"] == pytest.approx(-0.5)
    assert pd.isna(late["recovery"])
    worked = table[table["series"] == "worked"].drop(columns=["series", "rank"])
    expected = drawdown_episodes(WORKED)
    pd.testing.assert_frame_equal(worked.reset_index(drop=True), expected.reset_index(drop=True))


def test_episodes_panel_top_option_error():
    with pytest.raises(OptionError):
        drawdown_episodes_panel(WORKED.to_frame(), top=0)


def naive_episodes(values: list[float]) -> list[dict]:
    """Deliberately plain loop: walk the NAVs, open an episode when under the running max."""
    episodes, current = [], None
    peak_value, peak_at = values[0], 0
    for t in range(1, len(values)):
        if values[t] >= peak_value:
            if current is not None:
                current["recovery"] = t
                episodes.append(current)
                current = None
            peak_value, peak_at = values[t], t
        elif current is None:
            current = {"peak": peak_at, "trough": t, "low": values[t], "recovery": None}
        elif values[t] < current["low"]:
            current["trough"], current["low"] = t, values[t]
    if current is not None:
        episodes.append(current)
    for episode in episodes:
        episode["depth"] = episode["low"] / values[episode["peak"]] - 1
    return sorted(episodes, key=lambda e: (e["depth"], e["peak"]))


nav_values = st.lists(
    st.one_of(st.sampled_from([0.8, 0.9, 1.0, 1.1, 1.2]), st.floats(0.5, 2.0)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(nav_values, st.integers(1, 6))
def test_episodes_match_naive_loop(values, top):
    navs = weekly(values)
    table = drawdown_episodes(navs, top=top)
    expected = naive_episodes(values)[:top]
    assert len(table) == len(expected)
    dates = navs.index
    for (_, row), episode in zip(table.iterrows(), expected, strict=True):
        assert row["peak"] == dates[episode["peak"]]
        assert row["trough"] == dates[episode["trough"]]
        assert row["depth"] == episode["depth"]
        assert row["peak_to_trough"] == episode["trough"] - episode["peak"]
        if episode["recovery"] is None:
            assert pd.isna(row["recovery"]) and not row["recovered"]
            assert pd.isna(row["peak_to_recovery"])
        else:
            assert row["recovery"] == dates[episode["recovery"]] and row["recovered"]
            assert row["trough_to_recovery"] == episode["recovery"] - episode["trough"]
            assert row["peak_to_recovery"] == episode["recovery"] - episode["peak"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(nav_values, min_size=1, max_size=4),
    st.integers(1, 4),
    st.randoms(use_true_random=False),
)
def test_episodes_panel_matches_series_form(columns, top, rnd):
    length = max(len(c) for c in columns)
    data = {}
    for j, column in enumerate(columns):
        padded = [np.nan] * (length - len(column)) + list(column)
        if length > 2 and rnd.random() < 0.5:  # a blank inside
            padded[rnd.randrange(length)] = np.nan
        data[f"s{j}"] = padded
    panel = pd.DataFrame(data, index=pd.date_range("2020-01-03", periods=length, freq="W-FRI"))
    table = drawdown_episodes_panel(panel, top=top)
    for name in panel.columns:
        own = table[table["series"] == name].drop(columns=["series", "rank"])
        single = drawdown_episodes(panel[name], top=top)
        pd.testing.assert_frame_equal(own.reset_index(drop=True), single.reset_index(drop=True))


# ---------------------------------------------------------------------------------------------
# rolling max drawdown
# ---------------------------------------------------------------------------------------------


def test_rolling_max_drawdown_worked_example():
    # window of 2 returns = 3 NAVs:
    #   week 3: 1.00 1.20 0.90 -> -0.25      week 4: 1.20 0.90 1.08 -> -0.25
    #   week 5: 0.90 1.08 1.32 -> 0          week 6: 1.08 1.32 1.10 -> 1.10/1.32 - 1
    result = rolling_max_drawdown(WORKED, 2)
    assert result.index.equals(WORKED.index)
    assert np.isnan(result.iloc[:2]).all()
    assert result.iloc[2:].tolist() == pytest.approx([-0.25, -0.25, 0.0, 1.10 / 1.32 - 1])


def test_rolling_max_drawdown_window_longer_than_history_and_float_window():
    assert rolling_max_drawdown(WORKED, 6).isna().all()
    assert rolling_max_drawdown(WORKED, 5.0).iloc[-1] == pytest.approx(-0.25)


@pytest.mark.parametrize("window", [0, -2, 1.5, "3Y", "x", True])
def test_rolling_max_drawdown_window_errors(window):
    with pytest.raises(OptionError, match="window="):
        rolling_max_drawdown(WORKED, window)


def naive_rolling(values: list[float], window: int) -> list[float]:
    out = []
    for t in range(len(values)):
        if t < window:
            out.append(math.nan)
            continue
        peak, worst = -math.inf, 0.0
        for v in values[t - window : t + 1]:
            peak = max(peak, v)
            worst = min(worst, v / peak - 1)
        out.append(worst)
    return out


@settings(max_examples=50, deadline=None)
@given(st.lists(nav_values, min_size=1, max_size=3), st.integers(1, 6), st.randoms())
def test_rolling_max_drawdown_matches_naive_loop(columns, window, rnd):
    length = max(len(c) for c in columns)
    data = {}
    for j, column in enumerate(columns):
        padded = [np.nan] * (length - len(column)) + list(column)
        if length > 3 and rnd.random() < 0.5:
            padded[rnd.randrange(length)] = np.nan
        data[j] = padded
    panel = pd.DataFrame(data, index=pd.date_range("2021-01-01", periods=length, freq="W-FRI"))
    result = rolling_max_drawdown(panel, window)
    for j in panel.columns:
        own = panel[j].dropna()
        expected = pd.Series(naive_rolling(own.tolist(), window), index=own.index, dtype=float)
        got = result[j]
        assert got[panel[j].reindex(result.index).isna()].isna().all()
        np.testing.assert_allclose(got.reindex(own.index), expected, rtol=1e-14, atol=1e-15)


def rolling_by_offsets(x: np.ndarray, window: int) -> np.ndarray:
    """The O(n·window) twin: every window end at once, walking the window's positions."""
    out = np.full(x.shape, np.nan)
    if len(x) <= window:
        return out
    order = np.argsort(np.isnan(x), axis=0, kind="stable")
    packed = np.take_along_axis(x, order, axis=0)
    ends = len(x) - window
    peak, worst = packed[:ends].copy(), np.ones((ends, x.shape[1]))
    for offset in range(1, window + 1):
        nav = packed[offset : offset + ends]
        peak = np.maximum(peak, nav)
        worst = np.minimum(worst, nav / peak)
    result = np.full(x.shape, np.nan)
    result[window:] = worst - 1.0
    np.put_along_axis(out, order, result, axis=0)
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.integers(1, 4), st.integers(1, 60), st.floats(0, 0.3), st.randoms())
def test_rolling_max_drawdown_is_its_offset_walk_exactly(rows, columns, window, blanks, rnd):
    # the block (van Herk / Gil-Werman) summaries give the very same floats as walking every
    # window, blanks and series of different lengths included
    rng = np.random.default_rng(rnd.randrange(2**32))
    x = np.exp(np.cumsum(rng.normal(0, 0.05, (rows, columns)), axis=0))
    if rnd.random() < 0.5:  # blanks anywhere
        x[rng.random(x.shape) < blanks] = np.nan
    else:  # funds that start late or stop early (no blank between observations)
        row = np.arange(rows)[:, None]
        start, stop = rng.integers(0, rows, columns), rng.integers(0, rows + 1, columns)
        x[(row < start) | (row >= np.maximum(start, stop))] = np.nan
    got = _rolling_max_drawdown(x, window)
    np.testing.assert_array_equal(got, rolling_by_offsets(x, window))


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(nav_values, st.floats(0.01, 100.0))
def test_drawdown_properties(values, k):
    navs = weekly(values)
    dd = drawdown(navs)
    assert (dd <= 0).all()
    at_max = navs.to_numpy() == navs.cummax().to_numpy()
    assert (dd[at_max] == 0).all()
    if len(values) >= 2:
        assert max_drawdown(navs) == dd.min()
    # scaling a NAV by k > 0 changes nothing (up to rounding of the scaled NAVs)
    np.testing.assert_allclose(drawdown(navs * k), dd, rtol=0, atol=1e-13)
    if len(values) >= 2:
        assert max_drawdown(navs * k) == pytest.approx(max_drawdown(navs), abs=1e-13)
    scaled = drawdown_episodes(navs * k)
    original = drawdown_episodes(navs)
    assert scaled["depth"].to_numpy() == pytest.approx(original["depth"].to_numpy(), abs=1e-13)


def test_inputs_never_mutated():
    panel = pd.DataFrame(
        {"a": [1.0, np.nan, 0.9, 1.2], "b": [2.0, 1.0, np.nan, 3.0]}, index=FRIDAYS[:4]
    )
    series = panel["a"].copy()
    panel_copy, series_copy = panel.copy(), series.copy()
    drawdown(panel)
    drawdown(series)
    max_drawdown(panel, start=FRIDAYS[1])
    max_drawdown(series)
    drawdown_episodes(series)
    drawdown_episodes_panel(panel)
    rolling_max_drawdown(panel, 2)
    rolling_max_drawdown(series, 1)
    pd.testing.assert_frame_equal(panel, panel_copy)
    pd.testing.assert_series_equal(series, series_copy)


def test_docstring_examples():
    result = doctest.testmod(drawdowns_module, extraglobs={"pd": pd}, verbose=False)
    assert result.failed == 0 and result.attempted > 0
