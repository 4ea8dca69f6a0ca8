"""The bundled synthetic demo universe: deterministic, labelled synthetic, and behaving like the
markets of the two source reports. Every property is measured on the bundled files (through
load_demo) with plain pandas written here, independent of the library's analytics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fofxl.errors import OptionError
from fofxl.io.demo_data import (
    DEMO_NAMES,
    QUANT_BENCHMARKS,
    SEED,
    check_demo,
    demo_path,
    generate,
    load_demo,
    trading_calendar,
    write_demo,
)

ROOT = Path(__file__).resolve().parents[3]


# --------------------------------------------------------------------------------------------
# helpers: the SPEC §2 definitions, written naively
def week_end(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The Friday ending each date's week (a week = the days after the previous Friday)."""
    return index + pd.to_timedelta((4 - index.day_of_week) % 7, unit="D")


def pct_inc_3y(values: pd.Series) -> pd.Series:
    """Rolling 3-year PERCENTRANK.INC: #(window < x) / (n - 1), window = (t - 3Y, t]."""
    out = pd.Series(np.nan, index=values.index)
    first = values.index[0]
    for t, x in values.items():
        start = t - pd.DateOffset(years=3)
        if first > start:
            continue  # no full window yet
        window = values[(values.index > start) & (values.index <= t)]
        out[t] = (window < x).sum() / (len(window) - 1)
    return out


def weekly_regimes(daily: pd.Series) -> pd.Series:
    weekly = daily.dropna().groupby(week_end(daily.dropna().index)).mean()
    pct = pct_inc_3y(weekly)
    labels = np.where(pct > 0.8, "high", np.where(pct < 0.2, "low", "balance"))
    return pd.Series(labels, index=pct.index)[pct.notna()]


def pooled_returns(navs: pd.DataFrame) -> pd.Series:
    """Each product's return between consecutive NAVs, pooled (one observation per row)."""
    return pd.concat([navs[c].dropna().pct_change().dropna() for c in navs])


def max_drawdown(path: np.ndarray) -> float:
    return float((path / np.maximum.accumulate(path) - 1).min())


def worst_window_drawdown(nav: pd.Series, n: int) -> pd.Series:
    """Worst drawdown of the NAV path over the last n returns (n + 1 NAVs), naive loop."""
    values = nav.to_numpy()
    out = [max_drawdown(values[i - n : i + 1]) for i in range(n, len(values))]
    return pd.Series(out, index=nav.index[n:])


@pytest.fixture(scope="module")
def market() -> pd.DataFrame:
    return load_demo("market")


@pytest.fixture(scope="module")
def indicators(market: pd.DataFrame) -> dict[str, pd.Series]:
    logret = np.log(market["close"]).diff()
    return {
        "turnover": market["turnover"],
        "vol": logret.rolling(20).std() * np.sqrt(252),
        "amplitude": (market["high"] - market["low"]) / market["close"].shift(1),
    }


@pytest.fixture(scope="module")
def t0_by_regime(indicators: dict[str, pd.Series]) -> dict[str, pd.DataFrame]:
    pooled = pooled_returns(load_demo("t0_pool"))
    out = {}
    for name, daily in indicators.items():
        labels = weekly_regimes(daily).reindex(week_end(pooled.index)).to_numpy()
        frame = pd.DataFrame({"r": pooled.to_numpy(), "regime": labels}).dropna()
        out[name] = frame.groupby("regime")["r"].agg(["count", "mean", "std"])
    return out


# --------------------------------------------------------------------------------------------
# Determinism, labelling, size, loader
def test_bundled_files_equal_a_fresh_generation() -> None:
    assert check_demo() == []


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = write_demo(tmp_path / "a")
    second = write_demo(tmp_path / "b", seed=SEED)
    assert [p.name for p in first] == [f"synthetic_{n}.csv" for n in DEMO_NAMES]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes() == demo_path(a.stem[10:]).read_bytes()
    other = write_demo(tmp_path / "c", seed=SEED + 1)
    assert other[0].read_bytes() != first[0].read_bytes()
    assert check_demo(tmp_path / "c") == [p.name for p in other]


def test_generate_returns_copies() -> None:
    a = generate()
    a["market"].iloc[0, 0] = -1.0
    assert generate()["market"].iloc[0, 0] > 0


def test_files_are_labelled_synthetic_and_small() -> None:
    total = 0
    for name in DEMO_NAMES:
        path = demo_path(name)
        assert path.name.startswith("synthetic_") and path.suffix == ".csv"
        assert path.read_text(encoding="utf-8").startswith("# SYNTHETIC demo data")
        total += path.stat().st_size
    assert total < 2_000_000
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "fofxl demo-data" in readme


def test_load_demo_shapes_and_copies() -> None:
    shapes = {name: load_demo(name).shape[1] for name in DEMO_NAMES}
    assert shapes == {"market": 4, "t0_pool": 9, "neutral_pool": 40, "quant_pool": 6,
                      "benchmarks": 4}  # fmt: skip
    frame = load_demo("market")
    assert frame.columns.tolist() == ["close", "high", "low", "turnover"]
    assert frame.index.name == "date" and frame.index.dtype == "datetime64[ns]"
    frame.iloc[:, :] = 0.0
    assert load_demo("market")["close"].min() > 0  # the cache is not shared with callers
    assert set(QUANT_BENCHMARKS) == set(load_demo("quant_pool").columns)
    assert set(QUANT_BENCHMARKS.values()) <= set(load_demo("benchmarks").columns)
    with pytest.raises(OptionError, match="name='prices' is not known"):
        load_demo("prices")


# --------------------------------------------------------------------------------------------
# Calendar and the CSI 800-like market
def test_a_share_calendar(market: pd.DataFrame) -> None:
    days = market.index
    assert days.equals(trading_calendar())
    assert days[0] == pd.Timestamp("2015-01-05") and days[-1] == pd.Timestamp("2024-06-28")
    assert (days.day_of_week < 5).all()
    closed = [("2015-02-18", "2015-02-24"), ("2020-01-24", "2020-01-31"),
              ("2024-02-09", "2024-02-18")]  # Spring Festival  # fmt: skip
    closed += [(f"{y}-10-01", f"{y}-10-07") for y in range(2015, 2024)]  # National Day
    for first, last in closed:
        assert not ((days >= first) & (days <= last)).any(), (first, last)
    assert 2300 <= len(days) <= 2320  # about 242 trading days a year


def test_ohlc_consistent(market: pd.DataFrame) -> None:
    assert (market["low"] <= market["close"]).all()
    assert (market["close"] <= market["high"]).all()
    assert (market["low"] < market["high"]).all()
    # the open (not stored) sits near the previous close: the range covers a band around it
    prev = market["close"].shift(1)
    assert ((market["low"] <= prev * 1.1) & (market["high"] >= prev * 0.9)).iloc[1:].all()
    assert market["turnover"].between(0.002, 0.1).all()


def test_volatility_regimes(indicators: dict[str, pd.Series]) -> None:
    vol = indicators["vol"]

    def mean(first: str, last: str) -> float:
        return float(vol.loc[first:last].mean())

    quiet_2017 = mean("2017-02-01", "2017-12-31")
    assert quiet_2017 < 0.15
    assert mean("2015-06-15", "2015-09-15") > 2.5 * quiet_2017  # the 2015 crash
    assert mean("2020-02-03", "2020-03-31") > 1.5 * mean("2019-07-01", "2019-12-31")  # Covid
    assert mean("2024-01-15", "2024-02-29") > 1.4 * mean("2023-07-01", "2023-12-31")  # 2024
    assert vol.loc["2017"].mean() == min(vol.loc[str(y)].mean() for y in range(2015, 2025))


def test_turnover_rises_with_volatility(indicators: dict[str, pd.Series]) -> None:
    weekly = pd.DataFrame(indicators).dropna()
    weekly = weekly.groupby(week_end(weekly.index)).mean()
    corr = np.corrcoef(np.log(weekly["turnover"]), np.log(weekly["vol"]))[0, 1]
    assert corr > 0.4
    assert np.corrcoef(weekly["vol"], weekly["amplitude"])[0, 1] > 0.6


# --------------------------------------------------------------------------------------------
# The T0 pool: returns rise with turnover, volatility and amplitude (Tables 3-5), except T0-5
def test_t0_mean_weekly_return_rises_with_turnover(t0_by_regime: dict[str, pd.DataFrame]) -> None:
    stats = t0_by_regime["turnover"]
    assert stats.loc["high", "mean"] > stats.loc["balance", "mean"] > stats.loc["low", "mean"]
    assert stats.loc["high", "mean"] - stats.loc["low", "mean"] > 0.002  # "clearly better"
    assert stats.loc["high", "std"] > stats.loc["low", "std"]  # as in Table 3
    assert stats["count"].min() >= 150 and stats.loc["balance", "count"] > stats["count"].max() / 2


@pytest.mark.parametrize("indicator", ["turnover", "vol", "amplitude"])
def test_t0_regime_table_agrees(
    t0_by_regime: dict[str, pd.DataFrame], indicators: dict[str, pd.Series], indicator: str
) -> None:
    """fofxl.regime_table.regime_stats on the same data gives the counts and means above."""
    from fofxl.regime_table import regime_stats

    navs = load_demo("t0_pool")
    returns = navs.apply(lambda c: c.dropna().pct_change())
    table = regime_stats(returns, indicators[indicator].dropna())
    mine = t0_by_regime[indicator]
    for label in ("low", "balance", "high"):
        assert table.loc[label, "count"] == mine.loc[label, "count"]
        assert table.loc[label, "mean"] == pytest.approx(mine.loc[label, "mean"], rel=1e-12)


@pytest.mark.parametrize("indicator", ["vol", "amplitude"])
def test_t0_high_regime_is_best(t0_by_regime: dict[str, pd.DataFrame], indicator: str) -> None:
    stats = t0_by_regime[indicator]
    assert stats.loc["high", "mean"] > stats.loc["balance", "mean"] > stats.loc["low", "mean"]
    assert stats.loc["high", "mean"] > 2 * stats.loc["low", "mean"]


@pytest.mark.parametrize("indicator", ["turnover", "vol", "amplitude"])
def test_t0_one_product_does_not_benefit_from_a_busy_market(
    indicators: dict[str, pd.Series], indicator: str
) -> None:
    """Per product, mean(high) - mean(low) by the plain-pandas labels above: T0-5 alone is
    below zero and last; fofxl.regime_inference.regime_products agrees and ranks it last."""
    from fofxl.regime_inference import regime_products

    navs = load_demo("t0_pool")
    labels = weekly_regimes(indicators[indicator])
    spreads = {}
    for name in navs:
        r = navs[name].dropna().pct_change().dropna()
        regime = labels.reindex(week_end(r.index)).to_numpy()
        spreads[name] = r[regime == "high"].mean() - r[regime == "low"].mean()
    ordered = sorted(spreads, key=spreads.get, reverse=True)
    assert ordered[-1] == "T0-5"
    assert spreads["T0-5"] < 0 < min(v for k, v in spreads.items() if k != "T0-5")
    table = regime_products(
        navs.apply(lambda c: c.dropna().pct_change()), indicators[indicator].dropna()
    ).set_index("product")
    for name, spread in spreads.items():
        assert table.loc[name, "spread"] == pytest.approx(spread, rel=1e-12)
    assert table.loc["T0-5", "rank"] == len(navs.columns)


def test_t0_return_size_and_small_drawdowns() -> None:
    navs = load_demo("t0_pool")
    pooled = pooled_returns(navs)
    assert 0.001 <= pooled.mean() <= 0.005  # 0.1-0.5 % a week
    # equal-weight index of the products' returns by date: every year's max drawdown < 0.5 %
    index = (1 + pooled.groupby(level=0).mean()).cumprod()
    for year in range(2018, 2025):
        before = index[index.index.year < year]
        path = np.concatenate([before.iloc[-1:].to_numpy(), index.loc[str(year)].to_numpy()])
        assert -0.005 < max_drawdown(path) <= 0, year


def test_t0_pool_is_irregular() -> None:
    navs = load_demo("t0_pool")
    first = navs.apply(lambda c: c.first_valid_index())
    last = navs.apply(lambda c: c.last_valid_index())
    assert (first == pd.Timestamp("2018-01-05")).sum() == 3
    assert first.nunique() >= 6  # late starts
    assert last["T0-3"] < pd.Timestamp("2023-01-01")  # stops reporting
    assert (last.drop("T0-3") == pd.Timestamp("2024-06-28")).all()
    spacing = navs["T0-6"].dropna().index.to_series().diff().dt.days.median()
    assert spacing == 14  # the biweekly reporter
    # NAVs dated on the Thursday of weeks whose Friday is closed
    thursdays = navs.index[navs.index.day_of_week == 3]
    assert {"2021-09-30", "2024-02-08"} <= set(thursdays.strftime("%Y-%m-%d"))
    assert len(thursdays) >= 5
    assert navs.notna().mean().min() < 0.5  # blanks before launch, after closure, off-weeks


# --------------------------------------------------------------------------------------------
# The market-neutral pool: the monthly screen (>= 6 months old, NAV within 2 weeks) matters
def test_neutral_pool_screen_matters() -> None:
    navs = load_demo("neutral_pool")
    assert navs.shape[1] == 40
    first = navs.apply(lambda c: c.first_valid_index())
    last = navs.apply(lambda c: c.last_valid_index())
    assert set(first.dt.year) == set(range(2017, 2025))  # launches every year
    assert (last < navs.index[-1] - pd.Timedelta(weeks=8)).sum() >= 5  # closures
    young = stale = 0
    for t in pd.date_range("2018-01-31", "2024-06-30", freq="ME"):
        started = (first <= t) & (last >= t - pd.Timedelta(days=14))
        aged = first <= t - pd.DateOffset(months=6)
        recent = navs.loc[(navs.index > t - pd.Timedelta(days=14)) & (navs.index <= t)].notna()
        eligible = aged & recent.any()
        young += int((started & ~aged).sum())
        stale += int((aged & (last > t) & ~recent.any()).sum())
        assert 8 <= eligible.sum() <= 40
    assert young >= 100  # fund-months excluded as too young
    assert stale >= 30  # fund-months excluded as stale although the fund was alive
    monthly = [c for c in navs if navs[c].dropna().index.to_series().diff().dt.days.median() > 20]
    assert len(monthly) >= 2  # monthly reporters never pass the 2-week rule


# --------------------------------------------------------------------------------------------
# The early-2024 small-cap crisis
def test_index_crisis_drawdowns() -> None:
    bench = load_demo("benchmarks").loc["2023-09-01":"2024-03-31"]
    found = {}
    for name in ("csi300", "csi500", "csi1000", "csi2000"):
        s = bench[name]
        dd = s / s.cummax() - 1
        trough = dd.idxmin()
        peak = s.loc[:trough].idxmax()
        found[name] = (dd.min(), peak, trough)
    depth, peak, trough = found["csi1000"]
    assert -0.38 <= depth <= -0.28
    assert peak.month == 11 and peak.year == 2023
    assert pd.Timestamp("2024-02-01") <= trough <= pd.Timestamp("2024-02-08")
    assert 60 <= (trough - peak).days <= 90  # about 2.5 months
    depth, peak, trough = found["csi2000"]
    assert -0.45 <= depth <= -0.35
    assert peak.month == 11 and pd.Timestamp("2024-02-01") <= trough <= pd.Timestamp("2024-02-08")
    assert found["csi2000"][0] < found["csi1000"][0] < found["csi500"][0] < found["csi300"][0]


def test_csi2000_rebounds_sharply() -> None:
    c2000 = load_demo("benchmarks")["csi2000"]
    trough = c2000.loc["2024-01-15":"2024-02-29"].idxmin()
    after = c2000.loc[trough:]
    assert after.iloc[1] / after.iloc[0] - 1 > 0.08  # +8.75 % the next day
    month = after.loc[: trough + pd.Timedelta(days=40)]
    assert month.max() / after.iloc[0] - 1 > 0.25


def test_csi300_three_year_decline() -> None:
    c300 = load_demo("benchmarks")["csi300"]
    peak = c300.loc["2020-06-01":"2021-12-31"].idxmax()
    assert peak == pd.Timestamp("2021-02-18")  # first trading day after the 2021 Spring Festival
    assert c300.loc["2024-02-05"] / c300.loc[peak] - 1 < -0.33  # worse than the CSI 1000 fall


def test_quant_excess_drawdown_in_four_days() -> None:
    navs, bench = load_demo("quant_pool"), load_demo("benchmarks")
    for fund, index in QUANT_BENCHMARKS.items():
        nav = navs[fund].dropna()
        b = bench[index].reindex(nav.index)
        excess = (nav / nav.iloc[0]) / (b / b.iloc[0])
        worst4 = worst_window_drawdown(excess, 4)
        assert -0.10 <= worst4.min() <= -0.08, fund
        assert worst4.idxmin() == pd.Timestamp("2024-02-07"), fund
        assert worst4.loc[:"2024-01-15"].min() > -0.05, fund  # a record for the industry
        # it wipes out the 2023 excess return: excess on 2024-02-07 vs the end of 2022
        gained_2023 = excess.loc[:"2023-12-29"].iloc[-1] / excess.loc[:"2022-12-30"].iloc[-1] - 1
        since = excess.loc["2024-02-07"] / excess.loc[:"2022-12-30"].iloc[-1] - 1
        assert gained_2023 > 0.05 and since < 0.03, fund
