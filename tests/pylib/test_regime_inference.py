"""Tests for fofxl.regime_inference (SPEC §10, §13 FOF_REGIMETEST / FOF_REGIMEPRODUCTS)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fofxl.errors import OptionError
from fofxl.regime_inference import TEST_COLUMNS, period_means, regime_products, regime_test
from fofxl.regime_table import return_regimes, row_regimes

FRIDAYS = pd.date_range("2024-01-05", periods=10, freq="W-FRI").as_unit("ns")
# Weekly indicator on Fridays, window = 3 weeks, inc: pct = #(window values < x) / 2, so
# 1.0 -> high, 0.0 -> low, 0.5 -> balance:
#   W3 [5,6,7] x=7 high   W4 [6,7,1] x=1 low    W5 [7,1,8] x=8 high   W6 [1,8,0] x=0 low
#   W7 [8,0,9] x=9 high   W8 [0,9,-1] x=-1 low  W9 [9,-1,10] high     W10 [-1,10,4] x=4 balance
INDICATOR = pd.Series([5.0, 6, 7, 1, 8, 0, 9, -1, 10, 4], index=FRIDAYS, name="turnover")
PANEL = pd.DataFrame(
    {
        "A": [0.01, -0.01, 0.03, 0.00, 0.02, -0.02, 0.04, 0.01],
        "B": [0.03, 0.01, np.nan, -0.02, 0.00, 0.00, 0.02, 0.00],
    },
    index=FRIDAYS[2:],
)
# Period unit (mean of the week's product returns):
#   high weeks W3, W5, W7, W9: 0.02, 0.03 (A alone), 0.01, 0.03   n = 4, mean 0.0225
#   low weeks W4, W6, W8:      0.00, -0.01, -0.01                 n = 3, mean -0.02/3
#   balance W10:               0.005                              n = 1
# Pooled unit (each product-week):
#   high: 0.01, 0.03, 0.02, 0.04 (A), 0.03, 0.00, 0.02 (B)        n = 7, mean 0.15/7
#   low:  -0.01, 0.00, -0.02 (A), 0.01, -0.02, 0.00 (B)           n = 6, mean -0.04/6
#   balance: 0.01 (A), 0.00 (B)                                   n = 2
PERIOD_HIGH = [0.02, 0.03, 0.01, 0.03]
PERIOD_LOW = [0.00, -0.01, -0.01]
POOLED_HIGH = [0.01, 0.03, 0.02, 0.04, 0.03, 0.00, 0.02]
POOLED_LOW = [-0.01, 0.00, -0.02, 0.01, -0.02, 0.00]
POOLED_BALANCE = [0.01, 0.00]


def _rows(table):
    return {row["test"]: row for row in table.to_dict("records")}


def test_header_is_the_contract():
    table = regime_test(PANEL, INDICATOR, window=3)
    assert list(table.columns) == list(TEST_COLUMNS)
    assert table["test"].tolist() == ["welch_t", "mann_whitney", "kruskal"]
    assert (table["unit"] == "period").all()


def test_welch_period_unit_hand_worked():
    # s_a^2 = (0.0025^2 + 0.0075^2 + 0.0125^2 + 0.0075^2) / 3 = 275e-6 / 3
    # s_b^2 = ((0.02/3)^2 + 2 (0.01/3)^2) / 2 = (200/3)e-6 / 2 = 100e-6 / 3
    # se^2 = s_a^2/4 + s_b^2/3 = (275/12 + 100/9) e-6 = 1225/36 e-6 -> se = 35/6 e-3
    # t = (0.0225 + 0.02/3) / se = (175/6 e-3) / (35/6 e-3) = 5
    va, vb = 275e-6 / 3 / 4, 100e-6 / 3 / 3
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 2)
    welch = _rows(regime_test(PANEL, INDICATOR, window=3))["welch_t"]
    assert (welch["a"], welch["b"]) == ("high", "low")
    assert (welch["n_a"], welch["n_b"]) == (4, 3)
    assert welch["mean_a"] == pytest.approx(0.0225, abs=1e-15)
    assert welch["mean_b"] == pytest.approx(-0.02 / 3, abs=1e-15)
    assert welch["statistic"] == pytest.approx(5.0, rel=1e-12)
    assert welch["df"] == pytest.approx(df, rel=1e-12)
    assert df == pytest.approx(4.8900, abs=1e-4)
    assert welch["p_value"] == pytest.approx(2 * stats.t.sf(5.0, df), rel=1e-10)


def test_pooled_and_period_units_differ_in_n_and_p():
    by_week = _rows(regime_test(PANEL, INDICATOR, window=3))
    pooled = _rows(regime_test(PANEL, INDICATOR, window=3, unit="pooled"))
    assert (by_week["welch_t"]["n_a"], by_week["welch_t"]["n_b"]) == (4, 3)
    assert (pooled["welch_t"]["n_a"], pooled["welch_t"]["n_b"]) == (7, 6)
    assert pooled["welch_t"]["unit"] == "pooled"
    assert pooled["welch_t"]["mean_a"] == pytest.approx(0.15 / 7, abs=1e-15)
    assert pooled["welch_t"]["mean_b"] == pytest.approx(-0.04 / 6, abs=1e-15)
    reference = stats.ttest_ind(POOLED_HIGH, POOLED_LOW, equal_var=False)
    assert pooled["welch_t"]["statistic"] == pytest.approx(reference.statistic, rel=1e-12)
    assert pooled["welch_t"]["p_value"] == pytest.approx(reference.pvalue, rel=1e-12)
    assert pooled["welch_t"]["p_value"] != pytest.approx(by_week["welch_t"]["p_value"], rel=0.05)
    assert pooled["kruskal"]["n_a"] == 15  # 7 + 6 + 2 labelled product-weeks
    assert by_week["kruskal"]["n_a"] == 8  # 4 + 3 + 1 labelled weeks


def test_mann_whitney_with_ties_across_groups_hand_worked():
    # pooled high vs low; low sorted: -0.02, -0.02, -0.01, 0.00, 0.00, 0.01
    # U of high = #(low < h) + 0.5 #(low == h) summed: 0.01 -> 5.5, 0.00 -> 3 + 1 = 4,
    # the other five -> 6 each: U = 39.5; mu = 7 * 6 / 2 = 21
    # tie groups in all 13: -0.02 (2), 0.00 (3), 0.01 (2), 0.02 (2), 0.03 (2): sum t^3 - t = 48
    # sigma^2 = 42/12 * (14 - 48 / (13 * 12)); z = (39.5 - 21 - 0.5) / sigma
    sigma = math.sqrt(42 / 12 * (14 - 48 / (13 * 12)))
    z = (39.5 - 21 - 0.5) / sigma
    row = _rows(regime_test(PANEL, INDICATOR, window=3, unit="pooled"))["mann_whitney"]
    assert row["statistic"] == 39.5
    assert math.isnan(row["df"])
    assert row["p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-12)


def test_mann_whitney_period_unit_ties_within_groups():
    # every high week beats every low week: U = 12, mu = 6; ties -0.01 (2) and 0.03 (2):
    # sigma^2 = 12/12 * (8 - 12 / (7 * 6)); z = (12 - 6 - 0.5) / sigma
    sigma = math.sqrt(8 - 12 / 42)
    row = _rows(regime_test(PANEL, INDICATOR, window=3))["mann_whitney"]
    assert row["statistic"] == 12.0
    assert row["p_value"] == pytest.approx(math.erfc(5.5 / sigma / math.sqrt(2)), rel=1e-12)


def test_kruskal_with_ties_hand_worked():
    # pooled, 15 values; mid-ranks: -0.02 -> 1.5, -0.01 -> 3, 0.00 (4 of them) -> 5.5,
    # 0.01 (3) -> 9, 0.02 (2) -> 11.5, 0.03 (2) -> 13.5, 0.04 -> 15
    # R_low = 1.5 + 1.5 + 3 + 5.5 + 5.5 + 9 = 26, R_balance = 9 + 5.5 = 14.5,
    # R_high = 9 + 13.5 + 11.5 + 15 + 13.5 + 5.5 + 11.5 = 79.5
    h = 12 / (15 * 16) * (26**2 / 6 + 14.5**2 / 2 + 79.5**2 / 7) - 3 * 16
    h /= 1 - (6 + 60 + 24 + 6 + 6) / (15**3 - 15)  # tie correction
    row = _rows(regime_test(PANEL, INDICATOR, window=3, unit="pooled"))["kruskal"]
    assert (row["a"], row["b"]) == ("all", None)
    assert row["statistic"] == pytest.approx(h, rel=1e-12)
    assert row["df"] == 2
    assert row["p_value"] == pytest.approx(math.exp(-h / 2), rel=1e-12)  # chi2 with 2 df
    everything = POOLED_HIGH + POOLED_LOW + POOLED_BALANCE
    assert row["mean_a"] == pytest.approx(np.mean(everything), abs=1e-15)
    assert math.isnan(row["n_b"]) and math.isnan(row["mean_b"])


def test_a_regime_with_one_observation_leaves_its_tests_empty():
    # period unit: the balance regime holds one week (W10)
    table = _rows(regime_test(PANEL, INDICATOR, window=3))
    kruskal = table["kruskal"]
    assert math.isnan(kruskal["statistic"]) and math.isnan(kruskal["p_value"])
    assert math.isnan(kruskal["df"])
    balance = _rows(regime_test(PANEL, INDICATOR, window=3, a="balance", b="low"))
    for name in ("welch_t", "mann_whitney"):
        assert balance[name]["n_a"] == 1
        assert balance[name]["mean_a"] == pytest.approx(0.005, abs=1e-15)
        assert math.isnan(balance[name]["statistic"])
        assert math.isnan(balance[name]["p_value"])


def test_no_warning_when_tests_are_empty():
    flat = pd.DataFrame({"A": [0.01] * 8}, index=FRIDAYS[2:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = regime_test(flat, INDICATOR, window=3)
        products = regime_products(flat, INDICATOR, window=3)
    assert table["p_value"].isna().all()
    assert products["p_value"].isna().all()


def test_custom_labels_and_options():
    table = regime_test(
        PANEL, INDICATOR, window=3, labels="calm,normal,busy", a="busy", b="calm", unit="POOLED"
    )
    assert table["a"].tolist()[:2] == ["busy", "busy"]
    assert table["b"].tolist()[:2] == ["calm", "calm"]
    assert table["unit"].tolist() == ["pooled"] * 3
    with pytest.raises(OptionError, match="a='busy' is not known; use one of: low, balance, high"):
        regime_test(PANEL, INDICATOR, window=3, a="busy")
    with pytest.raises(OptionError, match="both 'high'"):
        regime_test(PANEL, INDICATOR, window=3, a="high", b="HIGH")
    with pytest.raises(OptionError, match="unit="):
        regime_test(PANEL, INDICATOR, window=3, unit="weeks")


def test_inputs_are_not_mutated():
    panel, indicator = PANEL.copy(), INDICATOR.copy()
    regime_test(PANEL, INDICATOR, window=3)
    regime_products(PANEL, INDICATOR, window=3)
    pd.testing.assert_frame_equal(PANEL, panel)
    pd.testing.assert_series_equal(INDICATOR, indicator)


# --- per-product sensitivity ------------------------------------------------------------------


def test_products_hand_worked():
    table = regime_products(PANEL, INDICATOR, window=3)
    assert list(table.columns) == [
        "product", "n_low", "n_balance", "n_high", "mean_low", "mean_balance", "mean_high",
        "spread", "t", "p_value", "rank",
    ]  # fmt: skip
    a, b = table.to_dict("records")
    assert (a["n_low"], a["n_balance"], a["n_high"]) == (3, 1, 4)
    assert (b["n_low"], b["n_balance"], b["n_high"]) == (3, 1, 3)  # B's W5 is blank
    # A: high 0.01, 0.03, 0.02, 0.04 -> 0.025; low -0.01, 0.00, -0.02 -> -0.01; spread 0.035
    # B: high 0.03, 0.00, 0.02 -> 0.05/3; low 0.01, -0.02, 0.00 -> -0.01/3; spread 0.02
    assert a["mean_high"] == pytest.approx(0.025, abs=1e-15)
    assert a["spread"] == pytest.approx(0.035, abs=1e-15)
    assert b["spread"] == pytest.approx(0.02, abs=1e-15)
    assert b["mean_balance"] == 0.0
    # A: s_high^2 = (0.015^2 + 0.005^2 + 0.005^2 + 0.015^2) / 3 = 500e-6 / 3,
    #    s_low^2 = 200e-6 / 2; se^2 = 500e-6/12 + 100e-6/3 = 900e-6/12 -> t = 0.035 / sqrt(75e-6)
    assert a["t"] == pytest.approx(0.035 / math.sqrt(75e-6), rel=1e-12)
    va, vb = 500e-6 / 12, 100e-6 / 3
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 2)
    assert a["p_value"] == pytest.approx(2 * stats.t.sf(a["t"], df), rel=1e-10)
    assert (a["rank"], b["rank"]) == (1, 2)


def test_products_rank_ties_and_empty_spread():
    panel = pd.DataFrame(
        {
            "up": [0.01, -0.01, 0.03, 0.00, 0.02, -0.02, 0.04, 0.01],  # spread 0.035
            "same": [0.01, -0.01, 0.03, 0.00, 0.02, -0.02, 0.04, 0.01],  # spread 0.035
            "down": [-0.01, 0.02, -0.02, 0.01, 0.00, 0.03, -0.01, 0.0],  # spread -0.02 - 0.02
            "none": [np.nan, np.nan, 0.01, np.nan, 0.02, np.nan, 0.01, 0.0],  # no low return
        },
        index=FRIDAYS[2:],
    )
    table = regime_products(panel, INDICATOR, window=3).set_index("product")
    assert table.loc["down", "spread"] == pytest.approx(-0.01 - 0.02, abs=1e-15)
    assert table["rank"].tolist()[:3] == [1, 1, 3]  # ties share the best rank, like RANK.EQ
    assert math.isnan(table.loc["none", "spread"]) and math.isnan(table.loc["none", "rank"])
    assert table.loc["none", "n_low"] == 0 and math.isnan(table.loc["none", "mean_low"])
    ordered = regime_products(panel, INDICATOR, window=3, sort=True)
    assert ordered["product"].tolist() == ["up", "same", "down", "none"]
    assert ordered.drop(columns="product").equals(
        table.loc[["up", "same", "down", "none"]].reset_index(drop=True)
    )
    flipped = regime_products(panel[["none", "down", "same", "up"]], INDICATOR, 3, sort=True)
    assert flipped["product"].tolist() == ["same", "up", "down", "none"]  # ties: input order


# --- period unit against a naive loop over calendar weeks --------------------------------------


def _naive_week_means(panel: pd.DataFrame) -> dict[pd.Timestamp, float]:
    """Mean of all values dated after the previous Friday up to each Friday (a plain loop)."""
    first = panel.index.min().normalize()
    friday = first + pd.Timedelta(days=(4 - first.weekday()) % 7)
    means = {}
    while friday - pd.Timedelta(days=7) < panel.index.max():
        values = []
        for date, row in panel.iterrows():
            if friday - pd.Timedelta(days=7) < date <= friday:
                values.extend(v for v in row if not math.isnan(v))
        if values:
            means[friday] = sum(values) / len(values)
        friday += pd.Timedelta(days=7)
    return means


@settings(max_examples=40, deadline=None)
@given(
    offsets=st.lists(st.integers(0, 60), min_size=2, max_size=25, unique=True),
    data=st.data(),
)
def test_period_means_match_a_naive_loop_over_calendar_weeks(offsets, data):
    dates = pd.DatetimeIndex(
        sorted(pd.Timestamp("2024-03-02") + pd.Timedelta(days=d) for d in offsets)
    )
    cell = st.one_of(st.just(np.nan), st.floats(-0.1, 0.1, allow_subnormal=False))
    panel = pd.DataFrame(
        {c: data.draw(st.lists(cell, min_size=len(dates), max_size=len(dates))) for c in "XYZ"},
        index=dates.as_unit("ns"),
    )
    regimes = row_regimes(panel, pd.Series([1.0], index=dates[:1]), window=1, freq="W")
    means, first = period_means(panel.to_numpy(), regimes.periods)
    expected = _naive_week_means(panel)
    got = {
        pd.Timestamp(regimes.periods[i]): m
        for i, m in zip(first, means, strict=True)
        if not math.isnan(m)
    }
    assert got.keys() == expected.keys()
    for week, mean in expected.items():
        assert got[week] == pytest.approx(mean, rel=1e-12, abs=1e-15)


# --- scipy on independently labelled data ------------------------------------------------------


def _naive_weekly_regimes(indicator: pd.Series, window: int) -> dict[pd.Timestamp, str]:
    """Weekly mean of a daily indicator, inc percentile over `window` weeks, regime (loops)."""
    weeks: dict[pd.Timestamp, list[float]] = {}
    for date, value in indicator.items():
        friday = date + pd.Timedelta(days=(4 - date.weekday()) % 7)
        weeks.setdefault(friday, []).append(value)
    fridays = sorted(weeks)
    means = [sum(weeks[f]) / len(weeks[f]) for f in fridays]
    out = {}
    for i in range(window - 1, len(fridays)):
        past = means[i - window + 1 : i + 1]
        pct = sum(v < means[i] for v in past) / (window - 1)
        out[fridays[i]] = "high" if pct > 0.8 else "low" if pct < 0.2 else "balance"
    return out


def _cross_check_panel(seed: int):
    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2021-01-04", "2023-06-30").as_unit("ns")
    indicator = pd.Series(rng.lognormal(0, 0.3, len(days)), index=days)
    fridays = pd.date_range("2022-01-07", "2023-06-30", freq="W-FRI").as_unit("ns")
    dates = fridays.copy()
    holiday = rng.random(len(dates)) < 0.1  # a Thursday NAV date instead of Friday
    dates = pd.DatetimeIndex(np.where(holiday, dates - pd.Timedelta(days=1), dates))
    panel = pd.DataFrame(
        rng.normal(0.002, 0.01, (len(dates), 5)), index=dates, columns=[f"P{i}" for i in range(5)]
    )
    panel = panel.mask(rng.random(panel.shape) < 0.15)
    return indicator, panel


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tests_match_scipy_on_independently_labelled_data(seed):
    indicator, panel = _cross_check_panel(seed)
    labels = _naive_weekly_regimes(indicator, window=52)
    pooled: dict[str, list[float]] = {"low": [], "balance": [], "high": []}
    weekly: dict[str, list[float]] = {"low": [], "balance": [], "high": []}
    for date, row in panel.iterrows():
        friday = date + pd.Timedelta(days=(4 - date.weekday()) % 7)
        values = [v for v in row if not math.isnan(v)]
        if friday in labels and values:
            pooled[labels[friday]].extend(values)
            weekly[labels[friday]].append(sum(values) / len(values))
    for unit, groups in (("pooled", pooled), ("period", weekly)):
        table = _rows(regime_test(panel, indicator, window=52, unit=unit))
        welch = stats.ttest_ind(groups["high"], groups["low"], equal_var=False)
        mwu = stats.mannwhitneyu(
            groups["high"], groups["low"], method="asymptotic", use_continuity=True
        )
        kw = stats.kruskal(groups["low"], groups["balance"], groups["high"])
        assert table["welch_t"]["n_a"] == len(groups["high"])
        assert table["welch_t"]["n_b"] == len(groups["low"])
        assert table["welch_t"]["mean_a"] == pytest.approx(np.mean(groups["high"]), rel=1e-12)
        assert table["welch_t"]["statistic"] == pytest.approx(welch.statistic, rel=1e-10)
        assert table["welch_t"]["df"] == pytest.approx(welch.df, rel=1e-10)
        assert table["welch_t"]["p_value"] == pytest.approx(welch.pvalue, rel=1e-10)
        assert table["mann_whitney"]["statistic"] == pytest.approx(mwu.statistic, rel=1e-12)
        assert table["mann_whitney"]["p_value"] == pytest.approx(mwu.pvalue, rel=1e-10)
        assert table["kruskal"]["statistic"] == pytest.approx(kw.statistic, rel=1e-10)
        assert table["kruskal"]["p_value"] == pytest.approx(kw.pvalue, rel=1e-10)
    assert len(pooled["high"]) > len(weekly["high"])  # pooled product-weeks overstate n


@pytest.mark.parametrize("seed", [4, 5])
def test_products_match_scipy_on_independently_labelled_data(seed):
    indicator, panel = _cross_check_panel(seed)
    labels = _naive_weekly_regimes(indicator, window=52)
    table = regime_products(panel, indicator, window=52).set_index("product")
    spreads = {}
    for name in panel.columns:
        groups: dict[str, list[float]] = {"low": [], "balance": [], "high": []}
        for date, value in panel[name].items():
            friday = date + pd.Timedelta(days=(4 - date.weekday()) % 7)
            if friday in labels and not math.isnan(value):
                groups[labels[friday]].append(value)
        welch = stats.ttest_ind(groups["high"], groups["low"], equal_var=False)
        row = table.loc[name]
        for regime in groups:
            assert row[f"n_{regime}"] == len(groups[regime])
            assert row[f"mean_{regime}"] == pytest.approx(np.mean(groups[regime]), rel=1e-12)
        spreads[name] = np.mean(groups["high"]) - np.mean(groups["low"])
        assert row["spread"] == pytest.approx(spreads[name], rel=1e-10)
        assert row["t"] == pytest.approx(welch.statistic, rel=1e-10)
        assert row["p_value"] == pytest.approx(welch.pvalue, rel=1e-10)
    order = sorted(spreads, key=spreads.get, reverse=True)
    assert [table.loc[name, "rank"] for name in order] == [1, 2, 3, 4, 5]


def test_regime_labels_agree_with_return_regimes():
    # the tests and the Table 3 regimes come from one labelling (row_regimes)
    labels = return_regimes(PANEL, INDICATOR, window=3)["A"].tolist()
    assert labels == ["high", "low", "high", "low", "high", "low", "high", "balance"]


@pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning")  # scipy, on flat_high
def test_products_welch_edge_cases_match_scipy():
    """The per-product Welch test runs on all products at once: products with one return in a
    regime, constant products, and products constant in one regime only agree with scipy's
    test of each product alone (or are empty where _welch leaves them empty)."""
    indicator, panel = _cross_check_panel(6)
    labels = _naive_weekly_regimes(indicator, window=52)
    fridays = panel.index + pd.to_timedelta((4 - panel.index.day_of_week) % 7, unit="D")
    regime = pd.Series([labels.get(f) for f in fridays], index=panel.index)
    rng = np.random.default_rng(6)
    returns = rng.normal(0.001, 0.02, (len(panel), 40))
    wide = pd.DataFrame(returns, index=panel.index, columns=[f"R{j}" for j in range(40)])
    wide = wide.mask(rng.random(wide.shape) < 0.2)
    wide["one_high"] = np.where(regime == "high", np.nan, 0.01)
    wide.loc[regime[regime == "high"].index[0], "one_high"] = 0.03
    wide["flat"] = 0.001
    wide["flat_high"] = np.where(regime == "high", 0.002, rng.normal(0, 0.01, len(panel)))
    table = regime_products(wide, indicator, window=52).set_index("product")
    for name in wide.columns:
        high = wide[name][regime == "high"].dropna().to_numpy()
        low = wide[name][regime == "low"].dropna().to_numpy()
        row = table.loc[str(name)]
        if high.size < 2 or low.size < 2 or (np.ptp(high) == 0 and np.ptp(low) == 0):
            assert math.isnan(row["t"]) and math.isnan(row["p_value"]), name
            continue
        welch = stats.ttest_ind(high, low, equal_var=False)
        assert row["t"] == pytest.approx(welch.statistic, rel=1e-10), name
        assert row["p_value"] == pytest.approx(welch.pvalue, rel=1e-10), name
    assert math.isnan(table.loc["one_high", "t"]) and math.isnan(table.loc["flat", "t"])
    assert np.isfinite(table.loc["flat_high", "t"])


@pytest.mark.parametrize("unit", ["pooled", "period"])
def test_rank_tests_with_many_ties_match_scipy(unit):
    """Returns rounded to 0.1% and a product flat at 0 tie often: the average ranks and the
    tie corrections of both rank tests agree with scipy.stats on the same labelled values."""
    indicator, panel = _cross_check_panel(7)
    panel = panel.round(3)
    panel["flat"] = 0.0
    labels = _naive_weekly_regimes(indicator, window=52)
    groups: dict[str, list[float]] = {"low": [], "balance": [], "high": []}
    for date, row in panel.iterrows():
        friday = date + pd.Timedelta(days=(4 - date.weekday()) % 7)
        values = [v for v in row if not math.isnan(v)]
        if friday in labels and values:
            if unit == "pooled":
                groups[labels[friday]].extend(values)
            else:
                groups[labels[friday]].append(sum(values) / len(values))
    table = _rows(regime_test(panel, indicator, window=52, unit=unit, a="balance", b="high"))
    mwu = stats.mannwhitneyu(
        groups["balance"], groups["high"], method="asymptotic", use_continuity=True
    )
    kw = stats.kruskal(groups["low"], groups["balance"], groups["high"])
    assert table["mann_whitney"]["statistic"] == pytest.approx(mwu.statistic, rel=1e-12)
    assert table["mann_whitney"]["p_value"] == pytest.approx(mwu.pvalue, rel=1e-10)
    assert table["kruskal"]["statistic"] == pytest.approx(kw.statistic, rel=1e-10)
    assert table["kruskal"]["p_value"] == pytest.approx(kw.pvalue, rel=1e-10)
    values = np.concatenate([groups["low"], groups["balance"], groups["high"]])
    ties = len(values) - len(np.unique(values))  # ties, as intended (weekly means tie less)
    assert ties >= (len(values) // 2 if unit == "pooled" else 1)
