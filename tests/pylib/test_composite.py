"""Strategy composite index (SPEC §2): hand-worked pools, a naive twin, properties, options."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fofxl import InputError, OptionError
from fofxl.composite import composite_index


def _panel(funds: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Wide NAV panel from {fund: {date: nav}}; NaN where a fund has no NAV that day."""
    series = {
        name: pd.Series({pd.Timestamp(d): v for d, v in obs.items()}) for name, obs in funds.items()
    }
    return pd.DataFrame(series).sort_index()


def _fridays(start: str, periods: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=periods, freq="W-FRI")


# ---------------------------------------------------------------------------------------------
# hand-worked examples
# ---------------------------------------------------------------------------------------------


def test_return_rules_weekly_misaligned_holiday_biweekly_and_gap():
    # Fridays of January 2024: 5, 12, 19, 26, then 2 February. rebalance="W": each week is
    # screened at the previous Friday; min_age="0D": no age screen; max_gap 14 days.
    navs = _panel(
        {
            # weekly; the week of 19 January is a holiday week: NAV on Thursday 18th
            "a": {"2024-01-05": 1.00, "2024-01-12": 1.02, "2024-01-18": 1.0098, "2024-01-26": 1.02},
            # every two weeks
            "b": {"2024-01-05": 2.00, "2024-01-19": 2.04, "2024-02-02": 2.00},
            # weekly, then silent for three weeks: 12 Jan -> 2 Feb is 21 days > 14
            "c": {"2024-01-05": 1.00, "2024-01-12": 1.01, "2024-02-02": 1.05},
        }
    )
    out = composite_index(navs, freq="W", min_age="0D", max_gap="14D", rebalance="W")
    assert list(out.index) == list(_fridays("2024-01-05", 5))
    assert list(out.columns) == ["index", "funds"]
    assert out.index.name == "date"

    # 5 Jan: first grid date, no return
    r0 = 0.0
    # 12 Jan: a 1.02/1.00-1 = +2%, c 1.01/1.00-1 = +1%, b has no new NAV -> mean 1.5%
    r1 = (0.02 + 0.01) / 2
    # 19 Jan: a's Thursday NAV counts in Friday's week: 1.0098/1.02-1 = -1%;
    #         b's two-week return 2.04/2.00-1 = +2% arrives this week (gap 14 days <= 14D)
    r2 = (1.0098 / 1.02 - 1 + 2.04 / 2.00 - 1) / 2
    # 26 Jan: a 1.02/1.0098-1; b and c have no new NAV
    r3 = 1.02 / 1.0098 - 1
    # 2 Feb: screened at 26 Jan, c's last NAV 12 Jan >= 26 Jan - 14D = 12 Jan: still eligible,
    #        but its 2 Feb NAV comes 21 days after 12 Jan > 14D: no return.
    #        b: 2.00/2.04-1 (14 days). a: no new NAV.
    r4 = 2.00 / 2.04 - 1
    expected = np.cumprod(1 + np.array([r0, r1, r2, r3, r4]))
    np.testing.assert_allclose(out["index"].to_numpy(), expected, rtol=1e-14)
    assert out["funds"].tolist() == [0, 2, 2, 1, 1]
    assert out["funds"].dtype == np.int64


def test_gap_boundary_14_days_counts_15_does_not():
    # both funds screened eligible at 5 Jan (rebalance W, no age screen); their next NAVs come
    # on Friday 19 Jan (14 days: counts) and Saturday 20 Jan (15 days: no return). Saturday
    # belongs to the week ending Friday 26 Jan.
    navs = _panel(
        {
            "d14": {"2024-01-05": 1.0, "2024-01-19": 1.10},
            "d15": {"2024-01-05": 1.0, "2024-01-20": 1.20},
        }
    )
    out = composite_index(navs, min_age="0D", max_gap="14D", rebalance="W")
    # grid 5, 12, 19, 26 Jan; 19 Jan: d14 +10%; 26 Jan: d15 would be +20% but 15 > 14 days
    assert out["funds"].tolist() == [0, 0, 1, 0]
    np.testing.assert_allclose(out["index"].to_numpy(), [1.0, 1.0, 1.1, 1.1], rtol=1e-14)
    # "2W" means the same 14 days; "15D" lets d15 in (and d15 is still eligible at 19 Jan:
    # last NAV 5 Jan >= 19 Jan - 15D = 4 Jan)
    assert composite_index(navs, min_age="0D", max_gap="2W", rebalance="W").equals(out)
    wider = composite_index(navs, min_age="0D", max_gap="15D", rebalance="W")
    assert wider["funds"].tolist() == [0, 0, 1, 1]
    np.testing.assert_allclose(wider["index"].to_numpy(), [1.0, 1.0, 1.1, 1.1 * 1.2])


def test_monthly_screen_fund_stops_reporting_drops_out_for_the_next_month():
    # Fridays 5 Jan .. 29 Mar 2024 (13 grid dates). rebalance="M": January grid dates have no
    # previous month -> no eligible fund; February is screened at 26 Jan, March at 23 Feb.
    fridays = _fridays("2024-01-05", 13)
    p = {d: 1.01**i for i, d in enumerate(fridays)}  # +1% every week
    q_weeks = [0, 1, 2, 3, 4, 9, 10, 11, 12]  # silent from 9 Feb to 1 Mar, back on 8 Mar
    q = {fridays[i]: 0.99**i for i in q_weeks}  # -1% a week while reporting
    navs = pd.DataFrame({"p": pd.Series(p), "q": pd.Series(q)})
    out = composite_index(navs, freq="W", min_age="0D", max_gap="14D", rebalance="M")

    # Jan: nobody eligible, so January is not part of the index: it starts on 26 Jan, the
    # grid date before the first period with an eligible fund, at the base level.
    # 2 Feb: p +1%, q -1% (both eligible at 26 Jan) -> mean 0.
    # 9, 16, 23 Feb: only p reports -> +1% each.
    # Screen 23 Feb: q's last NAV 2 Feb < 23 Feb - 14D = 9 Feb -> q out for all of March,
    # although it reports again with weekly returns from 15 Mar (8 Mar spans 35 days: none).
    # 1..29 Mar (5 dates): p +1% each.
    assert out.index[0] == pd.Timestamp("2024-01-26") and out.index[-1] == fridays[-1]
    expected_returns = [0, 0.0, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]
    np.testing.assert_allclose(out["index"].to_numpy(), np.cumprod(1 + np.array(expected_returns)))
    assert out["funds"].tolist() == [0, 2, 1, 1, 1, 1, 1, 1, 1, 1]

    # screened weekly instead, q is back as soon as a screen sees its 8 Mar NAV: from 15 Mar
    weekly = composite_index(navs, freq="W", min_age="0D", max_gap="14D", rebalance="W")
    # 15, 22, 29 Mar: (p +1%, q -1%) -> mean 0, two funds
    assert weekly["funds"].tolist()[-5:] == [1, 1, 2, 2, 2]
    # weekly screening also admits both in January (screened at the previous Friday)
    assert weekly["funds"].tolist()[:5] == [0, 2, 2, 2, 2]


def test_new_fund_eligible_exactly_six_months_after_first_nav():
    # Monthly grid and rebalance, month-end NAVs, max_gap 1M (EDATE: 31 Mar - 1M = 28 Feb).
    # Boundary: eligible when first NAV <= screening date - 6 months (EDATE), equality included.
    month_ends = pd.date_range("2023-01-31", "2023-09-30", freq="ME")
    a = pd.Series(1.01 ** np.arange(9), index=month_ends)  # first NAV 31 Jan 2023
    # first NAV 1 Feb 2023, then month ends from 28 Feb: 1.02, 1.02**2, ...
    b = pd.Series(
        [1.0, *(1.02 ** np.arange(1, 9))],
        index=pd.DatetimeIndex(["2023-02-01", *month_ends[1:].strftime("%Y-%m-%d")]),
    )
    navs = pd.DataFrame({"a": a, "b": b})
    out = composite_index(navs, freq="M", min_age="6M", max_gap="1M", rebalance="M")
    # the index starts on 31 Jul, the grid date before August, the first period with an
    # eligible fund; the months before are not part of it
    assert list(out.index) == list(month_ends[6:])
    # screen 30 Jun (for July): cut-off 30 Jun - 6M = 30 Dec 2022: a (31 Jan) too young.
    # screen 31 Jul (for August): cut-off 31 Jan 2023: a's first NAV 31 Jan -> exactly 6 months,
    #   eligible; b (1 Feb) one day short.  August: a +1%.
    # screen 31 Aug (for September): cut-off 28 Feb (EDATE clips 31 -> 28): b eligible.
    #   September: a +1%, b 1.02**8/1.02**7 - 1 = +2% -> mean 1.5%.
    assert out["funds"].tolist() == [0, 1, 2]
    expected = [1.0, 1.01, 1.01 * (1 + (0.01 + 0.02) / 2)]
    np.testing.assert_allclose(out["index"].to_numpy(), expected, rtol=1e-14)


def test_six_months_uses_edate_clipping_at_month_end():
    # First NAV 31 Dec 2022. Screen 30 Jun 2023: cut-off EDATE(30 Jun, -6) = 30 Dec 2022, so the
    # fund is one day too young; screen 31 Jul: cut-off 31 Jan 2023 -> eligible for August.
    month_ends = pd.date_range("2022-12-31", "2023-08-31", freq="ME")
    navs = pd.DataFrame({"f": 1.01 ** np.arange(len(month_ends))}, index=month_ends)
    out = composite_index(navs, freq="M", min_age="6M", max_gap="1M", rebalance="M")
    # grid Dec, Jan, ..., Aug: only August has an eligible fund, so the index is 31 Jul (base)
    # and 31 Aug
    assert list(out.index) == list(month_ends[-2:])
    assert out["funds"].tolist() == [0, 1]
    np.testing.assert_allclose(out["index"].to_numpy(), [1.0, 1.01], rtol=1e-14)
    # "26W" = 182 days: 30 Jun - 182D = 30 Dec 2022 as well, 31 Jul - 182D = 30 Jan 2023
    weeks = composite_index(navs, freq="M", min_age="26W", max_gap="1M", rebalance="M")
    assert weeks["funds"].tolist() == [0, 1]


def test_quarterly_rebalance_screens_at_previous_quarter_end():
    # Weekly NAVs from Friday 6 Jan 2023; rebalance Q: grid dates of Q2 are screened at the last
    # Friday of Q1 (31 Mar 2023), Q3 at 30 Jun 2023. min_age 3M: cut-off at 31 Mar is 31 Dec 2022
    # (not eligible: first NAV 6 Jan); at 30 Jun it is 30 Mar (eligible) -> returns from July.
    fridays = pd.date_range("2023-01-06", "2023-07-28", freq="W-FRI")
    navs = pd.DataFrame({"f": 1.001 ** np.arange(len(fridays))}, index=fridays)
    out = composite_index(navs, min_age="3M", rebalance="Q")
    july = out.index >= "2023-07-01"
    assert (out["funds"][july] == 1).all()
    assert (out["funds"][~july] == 0).all()
    np.testing.assert_allclose(out["index"].iloc[-1], 1.001 ** july.sum(), rtol=1e-13)


def test_series_input_unsorted_rows_and_microsecond_dates():
    dates = pd.DatetimeIndex(["2024-01-19", "2024-01-05", "2024-01-12"]).as_unit("us")
    s = pd.Series([1.21, 1.0, 1.1], index=dates, name="only")
    out = composite_index(s, min_age="0D", rebalance="W")
    # 12 Jan: 1.1/1.0 - 1 = 10%; 19 Jan: 1.21/1.1 - 1 = 10%
    np.testing.assert_allclose(out["index"].to_numpy(), [1.0, 1.1, 1.21], rtol=1e-14)
    assert out.index.dtype == "datetime64[ns]"


def test_base_scales_the_level():
    navs = _panel({"a": {"2024-01-05": 1.0, "2024-01-12": 1.05}})
    out = composite_index(navs, min_age="0D", rebalance="W", base=100)
    np.testing.assert_allclose(out["index"].to_numpy(), [100.0, 105.0], rtol=1e-14)


def test_empty_pool_and_funds_without_any_nav():
    empty = pd.DataFrame({"a": []}, index=pd.DatetimeIndex([]), dtype=float)
    out = composite_index(empty)
    assert out.empty and list(out.columns) == ["index", "funds"]
    # a column with no NAV at all is never eligible
    navs = _panel({"a": {"2024-01-05": 1.0, "2024-01-12": 1.05}})
    navs["never"] = np.nan
    assert composite_index(navs, min_age="0D", rebalance="W")["funds"].tolist() == [0, 1]


@pytest.mark.parametrize(
    ("freq", "dates", "max_gap", "message"),
    [
        (
            "W",
            pd.date_range("2020-01-31", "2021-12-31", freq="ME"),
            "14D",
            r"NAVs are about 31 days apart and max_gap=14D .*at least 31D, e.g. 62D, and freq to M",
        ),
        (
            "M",
            pd.date_range("2020-01-03", "2021-12-31", freq="2W-FRI"),
            "10D",
            r"NAVs are about 14 days apart, a month-end grid \(freq=M\) takes them up to 45 "
            r"days apart, and max_gap=10D .*at least 45D, or freq to W\.$",
        ),
    ],
)
def test_navs_further_apart_than_max_gap_are_an_error_not_a_flat_index(
    freq, dates, max_gap, message
):
    """Funds are eligible, but no two NAVs are ever close enough for a return: the index would
    be flat (0% every year); the error says how far apart the NAVs are and what to set."""
    rng = np.random.default_rng(0)
    navs = pd.DataFrame(
        np.cumprod(1 + rng.normal(0, 0.02, (len(dates), 3)), axis=0), index=dates
    ).set_axis(["a", "b", "c"], axis=1)
    navs.iloc[::5, 1] = np.nan  # a missed NAV here and there does not change the spacing
    with pytest.raises(InputError, match=message):
        composite_index(navs, freq=freq, max_gap=max_gap, min_age="0D")
    ok = composite_index(navs, freq=freq, max_gap="62D", min_age="0D")
    assert ok["funds"].sum() > 0


def test_bad_nav_is_an_input_error():
    navs = _panel({"a": {"2024-01-05": 1.0, "2024-01-12": 0.0}})
    with pytest.raises(InputError, match="NAV must be > 0"):
        composite_index(navs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"freq": "Q"}, r"freq='Q' is not a grid .* use W \(Fridays\) or M"),
        ({"freq": "daily"}, "freq='daily' is not a grid"),
        ({"freq": "X"}, "freq='X' is not a grid"),
        ({"rebalance": "fortnight"}, "rebalance='fortnight' is not a rebalance frequency"),
        ({"freq": "M", "rebalance": "W"}, "rebalance='W' is more frequent than freq='M'.*M, Q, Y"),
        ({"min_age": "6X"}, r"min_age='6X' is not a calendar span.*0D for no age screen"),
        ({"min_age": -1}, "min_age=-1 is not a calendar span"),
        ({"min_age": 6}, "min_age=6 is not a calendar span"),
        ({"max_gap": "0D"}, "max_gap='0D' is not a calendar span.*14D"),
        ({"max_gap": None}, "max_gap=None is not a calendar span"),
        ({"base": 0}, "base=0 must be a positive number"),
        ({"base": -1.0}, "base=-1 must be a positive number"),
        ({"base": "abc"}, "base='abc' must be a positive number"),
        ({"base": float("nan")}, "base=nan must be a positive number"),
        ({"base": True}, "base=True must be a positive number"),
    ],
)
def test_options_are_validated(kwargs, message):
    navs = _panel({"a": {"2024-01-05": 1.0, "2024-01-12": 1.05}})
    with pytest.raises(OptionError, match=message):
        composite_index(navs, **kwargs)


@pytest.mark.parametrize("zero", ["0D", "0M", "0", " 0w ", 0, 0.0])
def test_zero_min_age_switches_the_age_screen_off(zero):
    navs = _panel({"a": {"2024-01-05": 1.0, "2024-01-12": 1.05}})
    assert composite_index(navs, min_age=zero, rebalance="W")["funds"].tolist() == [0, 1]


def test_option_aliases():
    navs = _panel({"a": {"2024-01-05": 1.0, "2024-01-12": 1.05, "2024-02-02": 1.1}})
    ref = composite_index(navs, freq="W", min_age="0D", rebalance="W")
    assert composite_index(navs, freq="weekly", min_age="0d", rebalance="w").equals(ref)
    assert composite_index(navs, base="1").equals(composite_index(navs))


# ---------------------------------------------------------------------------------------------
# naive twin: per grid date, per fund, plain Python dates
# ---------------------------------------------------------------------------------------------


def _naive_period_end(d: dt.date, freq: str) -> dt.date:
    if freq == "W":
        return d + dt.timedelta(days=(4 - d.weekday()) % 7)
    month = {"M": d.month, "Q": 3 * ((d.month - 1) // 3) + 3, "Y": 12}[freq]
    return dt.date(d.year, month, calendar.monthrange(d.year, month)[1])


def _naive_minus(d: dt.date, span: str) -> dt.date:
    count, unit = int(span[:-1]), span[-1].upper()
    if unit == "D":
        return d - dt.timedelta(days=count)
    if unit == "W":
        return d - dt.timedelta(days=7 * count)
    months = count * (12 if unit == "Y" else 1)
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _naive_composite(navs, freq, min_age, max_gap, rebalance, base):
    obs = {}
    for name in navs.columns:
        col = navs[name].dropna().sort_index()
        obs[name] = [(ts.date(), float(v)) for ts, v in col.items()]
    all_dates = sorted({d for pairs in obs.values() for d, _ in pairs})
    if not all_dates:
        return [], [], []
    grid = []
    g = _naive_period_end(all_dates[0], freq)
    while g <= _naive_period_end(all_dates[-1], freq):
        grid.append(g)
        g = _naive_period_end(g + dt.timedelta(days=1), freq)

    def last_on_or_before(pairs, day):
        found = None
        for d, v in pairs:
            if d <= day:
                found = (d, v)
        return found

    levels, counts, eligible = [base], [0], [False]
    for k in range(1, len(grid)):
        g, g_prev = grid[k], grid[k - 1]
        key = _naive_period_end(g, rebalance)
        earlier = [h for h in grid[:k] if _naive_period_end(h, rebalance) < key]
        screen = earlier[-1] if earlier else None
        rets = []
        eligible.append(False)
        for pairs in obs.values():
            if screen is None or not pairs:
                continue
            if min_age != "0D" and pairs[0][0] > _naive_minus(screen, min_age):
                continue
            at_screen = last_on_or_before(pairs, screen)
            if at_screen is None or at_screen[0] < _naive_minus(screen, max_gap):
                continue
            eligible[-1] = True
            new = last_on_or_before(pairs, g)
            prev = last_on_or_before(pairs, g_prev)
            if new is None or prev is None or new[0] <= g_prev:
                continue
            if prev[0] < _naive_minus(new[0], max_gap):
                continue
            rets.append(new[1] / prev[1] - 1)
        r = sum(rets) / len(rets) if rets else 0.0
        levels.append(levels[-1] * (1 + r))
        counts.append(len(rets))
    # the index starts on the grid date before the first period with an eligible fund
    if True not in eligible:
        return [], [], []
    start = eligible.index(True) - 1
    return grid[start:], levels[start:], counts[start:]


@st.composite
def _pools(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    n_funds = draw(st.integers(1, 6))
    n_days = draw(st.integers(90, 420))
    rng = np.random.default_rng(seed)
    days = pd.date_range("2021-01-01", periods=n_days, freq="D") + pd.Timedelta(
        days=int(rng.integers(0, 60))
    )
    data = np.full((n_days, n_funds), np.nan)
    for j in range(n_funds):
        # most funds start in the first half and report to the end; some stop early
        start = int(rng.integers(0, n_days // 2))
        stop = n_days if rng.random() < 0.6 else int(rng.integers(start, n_days))
        kind = rng.integers(0, 3)
        if kind == 0:  # weekly on one weekday, holidays skip a week
            mask = (days.day_of_week == rng.integers(0, 7)) & (rng.random(n_days) > 0.15)
        elif kind == 1:  # every second week
            mask = (days.day_of_week == rng.integers(0, 5)) & ((np.arange(n_days) // 7) % 2 == 0)
        else:  # random days, any density
            mask = rng.random(n_days) < rng.choice([0.1, 0.3, 0.6])
        mask &= (np.arange(n_days) >= start) & (np.arange(n_days) <= stop)
        path = np.cumprod(1 + rng.normal(0.0, 0.02, n_days)) * rng.choice([0.5, 1.0, 80.0])
        data[mask, j] = path[mask]
    frame = pd.DataFrame(data, index=days, columns=[f"f{j}" for j in range(n_funds)])
    freq = draw(st.sampled_from(["W", "M"]))
    rebalance = draw(st.sampled_from(["W", "M", "Q"] if freq == "W" else ["M", "Q"]))
    min_age = draw(st.sampled_from(["0D", "1M", "2M", "6W"]))
    # a monthly grid needs a gap of about a month for returns to exist at all
    gaps = ["14D", "10D", "7D", "1M", "45D"] if freq == "W" else ["1M", "45D", "35D"]
    max_gap = draw(st.sampled_from(gaps))
    return frame, freq, min_age, max_gap, rebalance


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pools(), st.sampled_from([1.0, 100.0]))
def test_matches_naive_loop(pool, base):
    navs, freq, min_age, max_gap, rebalance = pool
    grid, levels, counts = _naive_composite(navs, freq, min_age, max_gap, rebalance, base)
    if len(counts) > 1 and not any(counts):  # eligible funds, never a return: an error
        with pytest.raises(InputError, match="no fund's return counts in any period"):
            composite_index(navs, freq, min_age, max_gap, rebalance, base)
        return
    out = composite_index(navs, freq, min_age, max_gap, rebalance, base)
    assert [d.date() for d in out.index] == grid
    assert out["funds"].tolist() == counts
    np.testing.assert_allclose(out["index"].to_numpy(), levels, rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pools(), st.floats(0.01, 100.0), st.data())
def test_properties(pool, k, data):
    navs, freq, min_age, max_gap, rebalance = pool
    before = navs.copy(deep=True)
    try:
        out = composite_index(navs, freq, min_age, max_gap, rebalance)
    except InputError as exc:  # eligible funds whose NAVs are always too far apart
        assert "no fund's return counts in any period" in str(exc)
        return
    finally:
        pd.testing.assert_frame_equal(navs, before)  # input not mutated
    if navs.isna().all(axis=None) or out.empty:
        assert out.empty  # no NAV at all, or never an eligible fund: no index
        return

    funds = out["funds"].to_numpy()
    level = out["index"].to_numpy()
    assert funds.dtype == np.int64 and (funds >= 0).all()
    assert (funds <= navs.shape[1]).all()
    assert (level > 0).all() and level[0] == 1.0
    flat = funds[1:] == 0
    np.testing.assert_array_equal(level[1:][flat], level[:-1][flat])  # no contributor: flat

    # scaling one fund's NAV by k > 0 changes nothing
    j = data.draw(st.integers(0, navs.shape[1] - 1))
    scaled = navs.copy()
    scaled.iloc[:, j] = scaled.iloc[:, j] * k
    again = composite_index(scaled, freq, min_age, max_gap, rebalance)
    assert again["funds"].tolist() == out["funds"].tolist()
    np.testing.assert_allclose(again["index"].to_numpy(), level, rtol=1e-12)


def test_index_spans_first_eligible_period_to_last_nav_period():
    # weekly NAVs 5 Jan .. 28 Jun 2024 (Fridays), then blank rows to the end of the year; the
    # fund, with min_age 1M, is screened at 26 Jan (first
    # NAV 5 Jan > 26 Dec: too young), at 23 Feb (cut-off 23 Jan: eligible) -> March on.
    fridays = pd.date_range("2024-01-05", "2024-12-27", freq="W-FRI")
    values = 1.01 ** np.arange(len(fridays))
    values[fridays > "2024-06-28"] = np.nan  # the sheet's dates run on with blank NAVs
    navs = pd.DataFrame({"f": values}, index=fridays)
    out = composite_index(navs, min_age="1M", max_gap="14D", rebalance="M")
    # starts on 23 Feb (the base, the grid date before March), ends 28 Jun (last NAV's week)
    assert out.index[0] == pd.Timestamp("2024-02-23")
    assert out.index[-1] == pd.Timestamp("2024-06-28")
    assert out["funds"].iloc[0] == 0 and (out["funds"].iloc[1:] == 1).all()
    np.testing.assert_allclose(out["index"].to_numpy(), 1.01 ** np.arange(len(out)), rtol=1e-13)
    # so a year row of the index counts only its own periods: 18 weekly returns of +1%
    from fofxl.performance import performance_table

    table = performance_table(out["index"], metrics="n,total_return")
    assert table.loc[table["metric"] == "n", 2024].iloc[0] == 18
    assert table.loc[table["metric"] == "total_return", 2024].iloc[0] == pytest.approx(1.01**18 - 1)
    # never an eligible fund: no index at all
    assert composite_index(navs.iloc[:3], min_age="1M", rebalance="M").empty


def test_weekly_navs_on_a_month_end_grid_are_told_the_gap_a_month_needs():
    # QA17 T0-26: freq=M with the weekly default max_gap=14D advised "at least 7D, e.g. 14D"
    # (what was set); a month's return spans up to 7 + 31 days of weekly NAVs
    days = pd.date_range("2020-01-03", "2021-12-31", freq="W-FRI")
    navs = pd.DataFrame({"a": np.linspace(1.0, 1.2, len(days))}, index=days)
    with pytest.raises(InputError) as exc:
        composite_index(navs, freq="M", min_age="0D", max_gap="14D", rebalance="M")
    assert str(exc.value) == (
        "no fund's return counts in any period: the NAVs are about 7 days apart, a month-end "
        "grid (freq=M) takes them up to 38 days apart, and max_gap=14D takes a return only "
        "between NAVs at most that far apart; set max_gap to at least 38D, or freq to W."
    )
    out = composite_index(navs, freq="M", min_age="0D", max_gap="38D", rebalance="M")
    assert out["funds"].iloc[1:].eq(1).all()  # as advised: every month's return counts
    month_ends = navs["a"].groupby(navs.index.to_period("M")).last()
    np.testing.assert_allclose(out["index"].to_numpy(), month_ends / month_ends.iloc[0])
