"""FoF portfolio (SPEC §11): hand-worked portfolios, a naive loop twin, properties, errors."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fofxl import InputError, OptionError
from fofxl.portfolio import portfolio_contributions, portfolio_nav


def _panel(funds: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Wide NAV panel from {fund: {date: nav}}; NaN where a fund has no NAV that day."""
    series = {
        name: pd.Series({pd.Timestamp(d): v for d, v in obs.items()}) for name, obs in funds.items()
    }
    return pd.DataFrame(series).sort_index()


FRIDAYS = ["2024-01-19", "2024-01-26", "2024-02-02", "2024-02-09", "2024-02-16"]


def _two_funds() -> pd.DataFrame:
    return _panel(
        {
            "A": dict(zip(FRIDAYS, [1.00, 1.10, 1.21, 1.21, 1.331], strict=True)),
            "B": dict(zip(FRIDAYS, [2.00, 1.90, 1.90, 2.09, 2.09], strict=True)),
        }
    )


# ---------------------------------------------------------------------------------------------
# hand-worked examples
# ---------------------------------------------------------------------------------------------


def test_two_funds_four_weeks_one_monthly_rebalance_ten_percent_cash():
    out = portfolio_nav(_two_funds(), {"A": 0.5, "B": 0.4}, rebalance="M")
    assert list(out.index) == list(pd.to_datetime(FRIDAYS))
    assert out.index.name == "date"
    assert list(out.columns) == ["nav", "return"]
    # week 1 (26 Jan): A +10%, B -5%: 0.5 × 0.1 + 0.4 × (-0.05) = 0.03. 26 Jan is January's
    # last grid date: the weights go back to 0.5 / 0.4 / cash 0.1 after its return.
    # weeks 2-4 from the reset: A 0.5 → 0.55 → 0.55 → 0.605, B 0.4 → 0.4 → 0.44 → 0.44,
    # cash 0.1: values 1.05, 1.09, 1.145 of the 26 January NAV 1.03
    expected = [1.0, 1.03, 1.03 * 1.05, 1.03 * 1.09, 1.03 * 1.145]
    np.testing.assert_allclose(out["nav"], expected, rtol=1e-13)
    assert np.isnan(out["return"].iloc[0])
    np.testing.assert_allclose(
        out["return"].iloc[1:], [0.03, 0.05, 1.09 / 1.05 - 1, 1.145 / 1.09 - 1], rtol=1e-12
    )


def test_same_portfolio_without_rebalancing_is_buy_and_hold():
    out = portfolio_nav(_two_funds(), {"A": 0.5, "B": 0.4}, rebalance="none", base=100)
    # Σ w_i NAV_i / NAV_i,0 + cash on every date
    expected = [100 * (0.5 * a + 0.4 * b / 2.0 + 0.1) for a, b in [(1, 2), (1.1, 1.9),
                (1.21, 1.9), (1.21, 2.09), (1.331, 2.09)]]  # fmt: skip
    np.testing.assert_allclose(out["nav"], expected, rtol=1e-13)
    np.testing.assert_allclose(out["nav"].iloc[-1], 118.35, rtol=1e-13)


def test_a_nav_stamped_in_the_afternoon_counts_on_its_day():
    # 15:00 on Friday is that Friday's NAV, not the next week's
    navs = _two_funds()
    stamped = navs.set_axis(navs.index + pd.Timedelta(hours=15))
    expected = portfolio_nav(navs, {"A": 0.5, "B": 0.4}, rebalance="none", base=100)
    pd.testing.assert_frame_equal(
        portfolio_nav(stamped, {"A": 0.5, "B": 0.4}, rebalance="none", base=100), expected
    )
    assert expected["nav"].iloc[-1] == pytest.approx(118.35, rel=1e-13)


def test_quarterly_and_weekly_rebalancing():
    navs = _two_funds()
    # no quarter ends inside the span: quarterly = buy and hold here
    q = portfolio_nav(navs, {"A": 0.5, "B": 0.4}, rebalance="Q")
    h = portfolio_nav(navs, {"A": 0.5, "B": 0.4}, rebalance="none")
    np.testing.assert_allclose(q["nav"], h["nav"], rtol=1e-14)
    # weekly: every period starts from the targets: r_p = 0.5 r_A + 0.4 r_B
    w = portfolio_nav(navs, {"A": 0.5, "B": 0.4}, rebalance="W")
    r = [0.5 * 0.1 + 0.4 * -0.05, 0.5 * 0.1, 0.4 * 0.1, 0.5 * 0.1]
    np.testing.assert_allclose(w["return"].iloc[1:], r, rtol=1e-12)


def test_stale_nav_is_carried_as_of_and_the_next_return_spans_the_gap():
    navs = _panel(
        {
            "A": {"2024-01-19": 1.0, "2024-01-26": 1.1, "2024-02-02": 1.1},
            # B reports on Wednesdays and misses the week of 26 January
            "B": {"2024-01-17": 2.0, "2024-01-31": 2.2},
        }
    )
    out = portfolio_nav(navs, {"A": 0.5, "B": 0.5}, rebalance="none")
    assert list(out.index) == list(pd.to_datetime(["2024-01-19", "2024-01-26", "2024-02-02"]))
    # 26 Jan: A +10%, B stale (0%): 1.05. 2 Feb: A 0%, B 2.2 / 2.0 = +10%: 0.55 + 0.55
    np.testing.assert_allclose(out["nav"], [1.0, 1.05, 1.10], rtol=1e-13)


def test_start_waits_for_positive_weights_only():
    navs = _panel(
        {
            "A": dict(zip(FRIDAYS, [1.0, 1.1, 1.2, 1.3, 1.4], strict=True)),
            "B": {"2024-02-02": 1.0, "2024-02-09": 1.5, "2024-02-16": 1.5},
        }
    )
    zero_b = portfolio_nav(navs, {"A": 1.0, "B": 0.0})
    assert zero_b.index[0] == pd.Timestamp("2024-01-19")
    np.testing.assert_allclose(zero_b["nav"], [1.0, 1.1, 1.2, 1.3, 1.4], rtol=1e-13)
    both = portfolio_nav(navs, {"A": 0.5, "B": 0.5}, rebalance="none")
    assert both.index[0] == pd.Timestamp("2024-02-02")
    np.testing.assert_allclose(
        both["nav"], [1.0, 0.5 * 1.3 / 1.2 + 0.75, 0.5 * 1.4 / 1.2 + 0.75], rtol=1e-13
    )


def test_dated_reallocation():
    navs = _two_funds()
    weights = pd.DataFrame(
        {"A": [0.6, 0.2], "B": [0.4, 0.7]},
        index=pd.to_datetime(["2024-01-01", "2024-01-31"]),  # Wednesday: from Friday 2 Feb
    )
    out = portfolio_nav(navs, weights, rebalance="none")
    # from the start (the first row is dated before it): A 0.6, B 0.4, no cash
    v1 = 0.6 * 1.1 + 0.4 * 1.9 / 2.0  # 26 Jan: 1.04
    v2 = 0.6 * 1.21 + 0.4 * 1.9 / 2.0  # 2 Feb: 1.106, then reset to 0.2 / 0.7 / cash 0.1
    v3 = v2 * (0.2 * 1.0 + 0.7 * 1.1 + 0.1)  # 9 Feb: A 0%, B +10%
    v4 = v2 * (0.2 * 1.1 + 0.7 * 1.1 + 0.1)  # 16 Feb: A +10%, B 0%
    np.testing.assert_allclose(out["nav"], [1.0, v1, v2, v3, v4], rtol=1e-13)
    # monthly rebalancing on top: January's end (26 Jan) resets to the first row too
    monthly = portfolio_nav(navs, weights, rebalance="M")
    m2 = v1 * (0.6 * 1.1 + 0.4 * 1.0)
    np.testing.assert_allclose(monthly["nav"].iloc[2], m2, rtol=1e-13)
    np.testing.assert_allclose(monthly["nav"].iloc[3:], [m2 * 1.07 / 1.0, m2 * 1.09], rtol=1e-13)


def test_first_dated_row_after_the_first_nav_starts_the_portfolio_there():
    weights = pd.DataFrame({"A": [1.0]}, index=pd.to_datetime(["2024-02-01"]))
    out = portfolio_nav(_two_funds(), weights)
    assert out.index[0] == pd.Timestamp("2024-02-02")
    np.testing.assert_allclose(out["nav"], [1.0, 1.0, 1.1], rtol=1e-13)


def test_monthly_grid():
    navs = _panel(
        {
            "A": {"2024-01-31": 1.0, "2024-02-28": 1.1, "2024-03-29": 1.21},
            "B": {"2024-01-30": 1.0, "2024-02-29": 0.9, "2024-03-28": 0.9},
        }
    )
    out = portfolio_nav(navs, [0.5, 0.5], freq="M", rebalance="M")
    assert list(out.index) == list(pd.to_datetime(["2024-01-31", "2024-02-29", "2024-03-31"]))
    np.testing.assert_allclose(out["nav"], [1.0, 1.0, 1.05], rtol=1e-13)


# ---------------------------------------------------------------------------------------------
# contributions
# ---------------------------------------------------------------------------------------------


def test_contributions_hand_worked_and_summing_to_the_arithmetic_sum():
    out = portfolio_contributions(_two_funds(), {"A": 0.5, "B": 0.4}, rebalance="M")
    assert list(out.index) == ["A", "B", "total"]
    assert out.index.name == "fund"
    assert list(out.columns) == ["avg_weight", "fund_return", "contribution", "share"]
    # beginning-of-period weights: A 0.5, 0.5, 0.55/1.05, 0.55/1.09; B 0.4, 0.4, 0.4/1.05,
    # 0.44/1.09 (26 Jan resets)
    w_a = [0.5, 0.5, 0.55 / 1.05, 0.55 / 1.09]
    w_b = [0.4, 0.4, 0.4 / 1.05, 0.44 / 1.09]
    r_a = [0.1, 0.1, 0.0, 0.1]
    r_b = [-0.05, 0.0, 0.1, 0.0]
    c_a = sum(w * r for w, r in zip(w_a, r_a, strict=True))
    c_b = sum(w * r for w, r in zip(w_b, r_b, strict=True))
    r_p = [0.03, 0.05, 1.09 / 1.05 - 1, 1.145 / 1.09 - 1]
    np.testing.assert_allclose(out["contribution"], [c_a, c_b, sum(r_p)], rtol=1e-12)
    assert out.loc[["A", "B"], "contribution"].sum() == pytest.approx(sum(r_p), rel=1e-13)
    np.testing.assert_allclose(out["share"], [c_a / sum(r_p), c_b / sum(r_p), 1.0], rtol=1e-12)
    np.testing.assert_allclose(
        out["avg_weight"], [np.mean(w_a), np.mean(w_b), np.mean(w_a) + np.mean(w_b)], rtol=1e-12
    )
    np.testing.assert_allclose(
        out["fund_return"], [1.331 - 1, 2.09 / 2 - 1, np.prod(np.add(1, r_p)) - 1], rtol=1e-12
    )


def test_contributions_over_a_span():
    # periods dated 2 Feb .. 9 Feb only (the second and third)
    out = portfolio_contributions(
        _two_funds(), {"A": 0.5, "B": 0.4}, rebalance="M", start="2024-01-29", end="2024-02-09"
    )
    np.testing.assert_allclose(
        out["contribution"], [0.05, 0.4 / 1.05 * 0.1, 0.05 + 1.09 / 1.05 - 1], rtol=1e-12
    )
    np.testing.assert_allclose(out["fund_return"].iloc[:2], [0.1, 0.1], rtol=1e-12)
    # an empty span
    empty = portfolio_contributions(_two_funds(), {"A": 0.5}, start="2025-01-01")
    assert empty.isna().all().all()
    with pytest.raises(OptionError, match="start=2024-03-01 is after end"):
        portfolio_contributions(_two_funds(), {"A": 0.5}, start="2024-03-01", end="2024-02-01")


def test_fund_return_is_empty_for_a_fund_without_a_nav_for_the_whole_span():
    navs = _panel(
        {
            "A": dict(zip(FRIDAYS, [1.0, 1.1, 1.2, 1.3, 1.4], strict=True)),
            "B": {"2024-02-02": 1.0, "2024-02-09": 1.5, "2024-02-16": 1.5},
        }
    )
    out = portfolio_contributions(navs, {"A": 1.0})
    assert np.isnan(out.loc["B", "fund_return"])
    assert out.loc["B", "contribution"] == 0.0
    assert out.loc["A", "fund_return"] == pytest.approx(0.4)


# ---------------------------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"A": -0.1, "B": 0.5}, "gives A -0.1; a weight must be a fraction ≥ 0"),
        ({"A": 0.7, "B": 0.4}, "weights add up to 1.1, above 1; lower some weights"),
        ({"A": 60, "B": 40}, "add up to 100, above 1; weights are fractions: give 0.6 for 60%"),
        ({"A": 0.5, "C": 0.4}, "names fund 'C', which is not among the NAVs \\(A, B\\)"),
        ([0.5, 0.2, 0.1], "has 3 values for the 2 columns of navs"),
        ({"A": "x"}, "weights \\(A\\)"),
    ],
)
def test_bad_weights_are_refused_with_the_fix(weights, message):
    with pytest.raises(InputError, match=message):
        portfolio_nav(_two_funds(), weights)


def test_weights_summing_to_one_up_to_rounding_are_accepted():
    navs = _panel({k: dict.fromkeys(FRIDAYS, 1.0) for k in "ABC"})
    out = portfolio_nav(navs, {"A": 0.1, "B": 0.2, "C": 0.7})
    np.testing.assert_allclose(out["nav"], 1.0, rtol=1e-14)


def test_dated_weight_before_the_fund_has_a_nav_is_refused():
    navs = _panel(
        {
            "A": dict(zip(FRIDAYS, [1.0, 1.1, 1.2, 1.3, 1.4], strict=True)),
            "B": {"2024-02-07": 1.0, "2024-02-16": 1.5},
        }
    )
    weights = pd.DataFrame(
        {"A": [1.0, 0.5], "B": [0.0, 0.5]}, index=pd.to_datetime(["2024-01-01", "2024-01-29"])
    )
    with pytest.raises(InputError, match=r"row dated 2024-01-29 gives B 0.5, but B has no NAV on"):
        portfolio_nav(navs, weights)
    # a fund without a single NAV (a blank column) is named too, not a Python error
    blank = navs.assign(B=np.nan)
    with pytest.raises(InputError, match=r"gives B 0.5, .*\(it has no NAV at all\); give its NAVs"):
        portfolio_nav(blank, weights)
    late = pd.DataFrame({"A": [1.0]}, index=pd.to_datetime(["2024-06-01"]))
    with pytest.raises(InputError, match="after the last NAV"):
        portfolio_nav(navs, late)
    # dated on the Wednesday of B's first NAV: in force from that Friday, fine
    ok = weights.set_axis(pd.to_datetime(["2024-01-01", "2024-02-07"]))
    assert portfolio_nav(navs, ok, rebalance="none")["nav"].iloc[-1] == pytest.approx(
        1.3 * (0.5 * 1.4 / 1.3 + 0.5 * 1.5)
    )


def test_no_common_start_is_refused():
    navs = _panel({"A": {"2024-01-05": 1.0}, "B": {"2024-01-12": 1.0}})
    navs.loc[pd.Timestamp("2024-01-12"), "A"] = np.nan
    weights = pd.DataFrame(
        {"A": [1.0, 0.0], "B": [0.0, 1.0]}, index=pd.to_datetime(["2024-01-01", "2024-01-08"])
    )
    out = portfolio_nav(navs, weights)  # A from the start, B from 12 Jan (it has a NAV then)
    assert len(out) == 2
    bad = pd.DataFrame({"A": [0.5], "B": [0.5]}, index=pd.to_datetime(["2024-01-01"]))
    navs2 = _panel({"A": {"2024-01-05": 1.0}, "B": {"2024-01-12": 1.0}})
    assert len(portfolio_nav(navs2, bad)) == 1  # A carried as of 12 Jan
    assert portfolio_nav(navs, bad).index[0] == pd.Timestamp("2024-01-12")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rebalance": "daily"}, "rebalance='daily' is not known"),
        ({"rebalance": "W", "freq": "M"}, "more frequent than the grid"),
        ({"freq": "Q"}, "freq='Q' is not a grid of the portfolio"),
        ({"base": 0}, "base=0 must be a positive number"),
    ],
)
def test_bad_options(kwargs, message):
    with pytest.raises(OptionError, match=message):
        portfolio_nav(_two_funds(), {"A": 0.5}, **kwargs)


def test_inputs_are_not_mutated():
    navs = _two_funds()
    weights = pd.DataFrame({"A": [0.6]}, index=pd.to_datetime(["2024-01-01"]))
    before, wbefore = navs.copy(), weights.copy()
    portfolio_contributions(navs, weights)
    pd.testing.assert_frame_equal(navs, before)
    pd.testing.assert_frame_equal(weights, wbefore)


# ---------------------------------------------------------------------------------------------
# the naive loop twin (written from SPEC §11 with Python loops and the calendar module)
# ---------------------------------------------------------------------------------------------


def _naive_grid(first: dt.date, last: dt.date, freq: str) -> list[dt.date]:
    def end_of(day: dt.date) -> dt.date:
        if freq == "W":
            return day + dt.timedelta(days=(4 - day.weekday()) % 7)
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])

    out, g = [], end_of(first)
    while g <= end_of(last):
        out.append(g)
        g = end_of(g + dt.timedelta(days=1))
    return out


def _naive_period(day: dt.date, rebalance: str) -> tuple:
    if rebalance == "W":
        return (day,)
    if rebalance == "M":
        return (day.year, day.month)
    if rebalance == "Q":
        return (day.year, (day.month - 1) // 3)
    return (day.year,)


def _naive(navs: pd.DataFrame, rows: list[tuple[dt.date | None, dict]], rebalance: str, freq: str):
    """Portfolio NAV, returns, bop weights and fund returns by a loop over dates and funds."""
    funds = list(navs.columns)
    obs = {
        f: [(d.date(), v) for d, v in navs[f].items() if not np.isnan(v)] for f in funds
    }  # fmt: skip
    days = [d.date() for d in navs.index]
    grid = _naive_grid(min(days), max(days), freq)

    def value(f, g):
        found = None
        for d, v in obs[f]:
            if d <= g:
                found = v
        return found

    def rows_in_force(g):
        best = None
        for k, (d, _w) in enumerate(rows):
            g_row = None if d is None else next((x for x in grid if x >= d), None)
            if d is None or (g_row is not None and g_row <= g):
                best = k
        return best

    start = None
    for t, g in enumerate(grid):
        k = rows_in_force(g)
        if k is not None and all(value(f, g) is not None for f, w in rows[k][1].items() if w > 0):
            start = t
            break
    grid = grid[start:]
    row_grid = [None if d is None else next((x for x in grid if x >= d), None) for d, _ in rows]
    w = {f: rows[rows_in_force(grid[0])][1].get(f, 0.0) for f in funds}
    nav, rets, bops, frets = [1.0], [None], [dict(w)], [dict.fromkeys(funds)]
    for t in range(1, len(grid)):
        r = {}
        for f in funds:
            a, b = value(f, grid[t - 1]), value(f, grid[t])
            r[f] = None if a is None or b is None else b / a - 1
        rp = sum(w[f] * (r[f] or 0.0) for f in funds)
        bops.append(dict(w))
        frets.append(r)
        nav.append(nav[-1] * (1 + rp))
        rets.append(rp)
        w = {f: w[f] * (1 + (r[f] or 0.0)) / (1 + rp) for f in funds}
        last_of_period = t == len(grid) - 1 or _naive_period(grid[t], rebalance) != _naive_period(
            grid[t + 1], rebalance
        )
        dated = any(g == grid[t] for g in row_grid if g is not None)
        if (rebalance != "none" and last_of_period) or dated:
            w = {f: rows[rows_in_force(grid[t])][1].get(f, 0.0) for f in funds}
    return grid, nav, rets, bops, frets


def _naive_refusal(panel: pd.DataFrame, rows, freq: str) -> str:
    """Why SPEC §11 refuses this portfolio ("" when it does not), by loops."""
    days = [d.date() for d in panel.index]
    grid = _naive_grid(min(days), max(days), freq)

    def has(f, g):
        return any(d.date() <= g and not np.isnan(v) for d, v in panel[f].items())

    at = [grid[0] if d is None else next((x for x in grid if x >= d), None) for d, _ in rows]
    if at[0] is None:
        return "after the last NAV"
    start = None
    for g in grid:
        live = [k for k, a in enumerate(at) if a is not None and a <= g]
        if live and all(has(f, g) for f, w in rows[live[-1]][1].items() if w > 0):
            start = g
            break
    if start is None:
        return "no date on which"
    for k, a in enumerate(at):
        last_of_date = k == len(at) - 1 or at[k + 1] != a
        if a is not None and a > start and last_of_date:
            if any(w > 0 and not has(f, a) for f, w in rows[k][1].items()):
                return "has no NAV on or before"
    return ""


@st.composite
def _portfolios(draw):
    n_funds = draw(st.integers(1, 4))
    n_days = draw(st.integers(3, 60))
    step = draw(st.sampled_from([1, 3, 7]))
    first = dt.date(2023, 12, 1) + dt.timedelta(days=draw(st.integers(0, 6)))
    days = [first + dt.timedelta(days=step * i) for i in range(n_days)]
    growth = draw(
        st.lists(
            st.lists(st.floats(-0.3, 0.3), min_size=n_funds, max_size=n_funds),
            min_size=n_days,
            max_size=n_days,
        )
    )
    navs = np.cumprod(1.0 + np.array(growth), axis=0)
    holes = draw(
        st.lists(
            st.lists(st.booleans(), min_size=n_funds, max_size=n_funds),
            min_size=n_days,
            max_size=n_days,
        )
    )
    navs[np.array(holes)] = np.nan
    navs[0, 0] = 1.0  # some fund has a first NAV on the first day
    names = [f"f{j}" for j in range(n_funds)]
    panel = pd.DataFrame(navs, index=pd.to_datetime(days), columns=names)
    panel = panel.dropna(how="all")

    def one_row():
        raw = draw(st.lists(st.floats(0, 1), min_size=n_funds, max_size=n_funds))
        total = draw(st.floats(0.3, 1.0))
        s = sum(raw)
        return {f: (x / s * total if s else 0.0) for f, x in zip(names, raw, strict=True)}

    if draw(st.booleans()):
        rows = [(None, one_row())]
    else:
        dates = sorted(
            draw(st.lists(st.integers(-10, step * n_days), min_size=1, max_size=4, unique=True))
        )
        rows = [(first + dt.timedelta(days=d), one_row()) for d in dates]
    rebalance = draw(st.sampled_from(["W", "M", "Q", "Y", "none"]))
    freq = draw(st.sampled_from(["W", "M"]))
    if freq == "M" and rebalance == "W":
        rebalance = "M"
    return panel, rows, rebalance, freq


def _weights_argument(rows):
    if rows[0][0] is None:
        return pd.Series(rows[0][1])
    return pd.DataFrame([w for _, w in rows], index=pd.to_datetime([d for d, _ in rows]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_portfolios())
def test_matches_the_naive_loop_twin(case):
    panel, rows, rebalance, freq = case
    weights = _weights_argument(rows)
    try:
        out = portfolio_nav(panel, weights, rebalance=rebalance, freq=freq)
    except InputError as error:
        # only the refusals of SPEC §11, and only when the loop finds the same problem
        assert _naive_refusal(panel, rows, freq) in str(error)
        return
    assert _naive_refusal(panel, rows, freq) == ""
    grid, nav, rets, bops, frets = _naive(panel, rows, rebalance, freq)
    assert [d.date() for d in out.index] == grid
    np.testing.assert_allclose(out["nav"], nav, rtol=1e-10)
    contrib = portfolio_contributions(panel, weights, rebalance=rebalance, freq=freq)
    if len(grid) == 1:  # the base date alone: no period, an empty table
        assert contrib.isna().all().all()
        return
    for f in panel.columns:
        c = sum(b[f] * (r[f] or 0.0) for b, r in zip(bops[1:], frets[1:], strict=True))
        assert contrib.loc[f, "contribution"] == pytest.approx(c, rel=1e-9, abs=1e-12)
        avg = np.mean([b[f] for b in bops[1:]])
        assert contrib.loc[f, "avg_weight"] == pytest.approx(avg, rel=1e-9, abs=1e-12)
    total = sum(r for r in rets[1:])
    assert contrib.loc["total", "contribution"] == pytest.approx(total, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_portfolios())
def test_weights_stay_at_most_one_and_nav_positive(case):
    panel, rows, rebalance, freq = case
    weights = _weights_argument(rows)
    try:
        out = portfolio_nav(panel, weights, rebalance=rebalance, freq=freq)
        contrib = portfolio_contributions(panel, weights, rebalance=rebalance, freq=freq)
    except InputError:
        return
    assert (out["nav"] > 0).all()
    assert contrib.loc["total", "avg_weight"] <= 1 + 1e-9 or len(out) == 1
    assert (contrib["avg_weight"].iloc[:-1].dropna() >= 0).all()
    funds_total = contrib["contribution"].iloc[:-1].sum()
    if len(out) > 1:
        assert funds_total == pytest.approx(
            contrib.loc["total", "contribution"], rel=1e-9, abs=1e-12
        )


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(2, 40),
    st.integers(0, 2**31),
    st.sampled_from(["W", "M"]),
)
def test_buy_and_hold_is_the_weighted_nav_ratio_on_complete_data(n_funds, n, seed, freq):
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2020-01-03", periods=n, freq="W-FRI" if freq == "W" else "ME")
    navs = pd.DataFrame(
        np.exp(np.cumsum(rng.normal(0, 0.05, (n, n_funds)), axis=0)),
        index=dates,
        columns=[f"f{j}" for j in range(n_funds)],
    )
    w = rng.random(n_funds)
    w = w / w.sum() * rng.uniform(0.2, 1.0)
    out = portfolio_nav(navs, list(w), rebalance="none", freq=freq)
    expected = (navs / navs.iloc[0]).to_numpy() @ w + (1 - w.sum())
    np.testing.assert_allclose(out["nav"], expected, rtol=1e-11)
    # scaling a fund's NAV by k > 0 changes nothing
    scaled = portfolio_nav(navs * 7.5, list(w), rebalance="M", freq=freq)
    np.testing.assert_allclose(
        scaled["nav"], portfolio_nav(navs, list(w), rebalance="M", freq=freq)["nav"], rtol=1e-12
    )


def test_performance_analytics_return_portfolio_value_loop():
    """Return.portfolio's geometric loop (BOP values, reset at endpoints) on monthly returns."""
    rng = np.random.default_rng(11)
    months = pd.date_range("2019-12-31", periods=37, freq="ME")
    r = rng.normal(0.005, 0.04, (36, 3))
    navs = pd.DataFrame(
        np.vstack([np.ones(3), np.cumprod(1 + r, axis=0)]), index=months, columns=list("xyz")
    )
    w = np.array([0.5, 0.3, 0.2])
    # PA: weights dated at the period before the first return and at each year's last month;
    # bop_value = end_value × weights after a rebalance, else the previous eop_value
    end_value, out = 1.0, []
    bop = end_value * w
    for k in range(36):
        eop = bop * (1 + r[k])
        out.append(eop.sum() / end_value - 1)
        end_value = eop.sum()
        bop = end_value * w if months[k + 1].month == 12 else eop
    ours = portfolio_nav(navs, list(w), rebalance="Y", freq="M")
    np.testing.assert_allclose(ours["return"].iloc[1:], out, rtol=1e-11)


def test_a_dated_row_over_one_is_named():
    weights = pd.DataFrame(
        {"A": [0.5, 0.9], "B": [0.4, 0.4]}, index=pd.to_datetime(["2024-01-01", "2024-02-01"])
    )
    with pytest.raises(InputError, match="weights: the row dated 2024-02-01 adds up to 1.3"):
        portfolio_nav(_two_funds(), weights)
