"""Table 1 and Table 3 of ``fofxl demo``, pinned as numbers.

The pinned values were computed once, independently of fofxl, from the T0 template's own data
sheets (what the demo renders): Table 1 with a naive loop composite index (SPEC §2: Friday
grid, a return only when a new NAV arrived within 14 days, eligibility screened at the last
grid date of the previous month, equal-weight mean, from the grid date before the first period
with an eligible fund) and per-calendar-year metrics written out
with pandas (complete years show their own return, partial years are annualized with their own
n, P = 52, rf = 0, geometric Sharpe); Table 3 with a pandas groupby of the pooled weekly returns
of the T0 products by the regime of their week (weekly mean turnover, 3-year PERCENTRANK.INC by
a loop, low < 0.2 ≤ balance ≤ 0.8 < high). :func:`test_the_pins_are_the_independent_numbers`
repeats that computation, so the pins can be traced; when the demo data changes on purpose, it
names each independent number that no longer matches its pin.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from fofxl_report.demo import report_table, template_path
from fofxl_report.render import render

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "templates"))
from _report_helpers import close

YEARS = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, "full"]
METRICS = ["ann_return", "max_dd", "sharpe", "calmar", "periods_per_year"]

#: Table 1: {(series, metric): values for YEARS} (None: blank, a year before the index)
TABLE1 = {
    ("T0策略", "ann_return"): [
        None,
        0.08277978296375266,
        0.14715933207695842,
        0.12596782528236927,
        0.06786822226576184,
        0.07267058236709056,
        0.04218513328545104,
        0.06052208057160047,
        0.08673577509102781,
    ],
    ("T0策略", "max_dd"): [
        None,
        -0.003662537108257591,
        -0.002703102712038219,
        -0.001824404397170909,
        -0.001168262341077253,
        -0.0014279040565655654,
        -0.0015907984385911123,
        -0.004527989905293572,
        -0.004527989905293572,
    ],
    ("T0策略", "sharpe"): [
        None,
        4.4386754674034705,
        6.259326121955928,
        7.4560122418735455,
        5.983976578316746,
        6.867328084356316,
        5.18503859154231,
        4.061647093370582,
        5.366479156581762,
    ],
    ("T0策略", "calmar"): [
        None,
        22.60175952268622,
        54.440895427904756,
        69.04599960277814,
        58.09330651125897,
        50.89318293687033,
        26.518213912010264,
        13.366213670407138,
        19.155470066226727,
    ],
    ("T0策略", "periods_per_year"): [None, 52.0, 52.0, 52.0, 52.0, 52.0, 52.0, 52.0, 52.0],
    ("市场中性策略", "ann_return"): [
        0.0369468304389986,
        0.08101849792010918,
        0.10981708863653927,
        0.12500649543082276,
        0.02959073435921389,
        0.014018111467561267,
        0.03375928848265053,
        -0.11032219242955077,
        0.0491468628100582,
    ],
    ("市场中性策略", "max_dd"): [
        -0.018992962898980337,
        -0.0236380678887802,
        -0.011668748110034932,
        -0.016388079097425012,
        -0.054098749269637425,
        -0.040752932868631575,
        -0.02435387697650271,
        -0.1045791660225821,
        -0.11886218689556971,
    ],
    ("市场中性策略", "sharpe"): [
        1.0613676277320798,
        2.360651268557738,
        3.585141381811262,
        3.3737894505722346,
        0.7785152478848112,
        0.36944260845963767,
        0.8285455235187967,
        -1.053937721010346,
        1.0883637022352168,
    ],
    ("市场中性策略", "calmar"): [
        1.9452905076217542,
        3.4274585512365237,
        9.411214262316484,
        7.627891877240481,
        0.5469763119980575,
        0.34397797853590345,
        1.3861977095155085,
        -1.0549155881175085,
        0.4134776928951997,
    ],
    ("市场中性策略", "periods_per_year"): [52.0, 52.0, 52.0, 52.0, 52.0, 52.0, 52.0, 52.0, 52.0],
}

TABLE3_HEADER = [
    "regime",
    "count",
    "mean",
    "std",
    "min",
    "25%",
    "50%",
    "75%",
    "max",
    ">0 share",
    "stability",
]
#: Table 3: {regime: values for TABLE3_HEADER[1:]}
TABLE3 = {
    "low": [
        386.0,
        0.0008492264979127358,
        0.00283845767490077,
        -0.005799431319928772,
        -0.001047227691863023,
        0.0003382235420427149,
        0.002233012816376778,
        0.012428678837954399,
        0.538860103626943,
        0.2991858943052318,
    ],
    "balance": [
        1204.0,
        0.0013489948358586532,
        0.003695095213265445,
        -0.007289466037842085,
        -0.0010537284839211014,
        0.0005407926350334824,
        0.0029152723214458387,
        0.02239544285929629,
        0.5921926910299004,
        0.3650771517377258,
    ],
    "high": [
        477.0,
        0.0031684412357969164,
        0.005882082211636763,
        -0.01336007628037661,
        -0.0006261073265469985,
        0.002065021645472287,
        0.005951455992023513,
        0.032848893650607724,
        0.6981132075471698,
        0.5386598013758903,
    ],
}


@pytest.fixture(scope="module")
def demo_t0(tmp_path_factory: pytest.TempPathFactory):
    """The T0 report exactly as ``fofxl demo`` renders it."""
    return render(
        template_path("t0_environment.xlsx"),
        tmp_path_factory.mktemp("demo") / "t0_environment.xlsx",
    )


def test_table1_is_pinned(demo_t0):
    rows, _ = demo_t0.blocks["FOF_PERF"]
    assert rows[0] == ["series", "metric", *YEARS]
    got = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert list(got) == list(TABLE1)
    for key, values in TABLE1.items():
        for year, value, expected in zip(YEARS, got[key], values, strict=True):
            assert close(value, expected, rel=1e-9), (key, year, value, expected)


def test_table3_is_pinned(demo_t0):
    rows, _ = demo_t0.blocks["FOF_REGIMESTATS"]
    assert rows[0] == TABLE3_HEADER
    assert [row[0] for row in rows[1:]] == list(TABLE3)
    for row in rows[1:]:
        for name, value, expected in zip(TABLE3_HEADER[1:], row[1:], TABLE3[row[0]], strict=True):
            assert close(value, expected, rel=1e-9), (row[0], name, value, expected)
    # every pooled weekly return falls in one regime: 9 products' weeks with a 3-year history
    assert sum(v[0] for v in TABLE3.values()) == 2067


def test_the_demo_prints_the_pinned_tables(demo_t0):
    table1 = report_table(demo_t0, "FOF_PERF").splitlines()
    t0_return = next(line for line in table1 if line.startswith("T0策略") and "ann_return" in line)
    shown = [f"{v:.2%}" for v in TABLE1[("T0策略", "ann_return")] if v is not None]
    assert t0_return.split()[2:] == shown  # (its blank 2017 prints as spaces)
    table3 = report_table(demo_t0, "FOF_REGIMESTATS").splitlines()
    high = next(line for line in table3 if line.startswith("high"))
    assert high.split()[1] == "477" and high.split()[2] == f"{TABLE3['high'][1]:.2%}"


# ---------------------------------------------------------------- the independent computation
def _sheet(wb: openpyxl.Workbook, name: str) -> pd.DataFrame:
    rows = list(wb[name].iter_rows(values_only=True))
    return pd.DataFrame(
        [r[1:] for r in rows[1:]],
        columns=rows[0][1:],
        dtype=float,
        index=pd.DatetimeIndex([r[0] for r in rows[1:]]),
    )


def _friday(d: pd.Timestamp) -> pd.Timestamp:
    return d + pd.Timedelta(days=(4 - d.weekday()) % 7)


def _naive_index(navs: pd.DataFrame, min_age_months: int) -> pd.Series:
    gap = pd.Timedelta(days=14)
    grid = list(pd.date_range(_friday(navs.index.min()), _friday(navs.index.max()), freq="7D"))
    obs = {c: navs[c].dropna() for c in navs}

    def last_on(c: str, g: pd.Timestamp) -> pd.Timestamp | None:
        s = obs[c][obs[c].index <= g]
        return s.index[-1] if len(s) else None

    level, out, eligible = 1.0, [1.0], [False]
    for k in range(1, len(grid)):
        g, prev = grid[k], grid[k - 1]
        before = [x for x in grid[:k] if (x.year, x.month) < (g.year, g.month)]
        rets = []
        eligible.append(False)
        if before:
            s = before[-1]  # screening: the last grid date of the previous month
            for c in obs:
                ts = last_on(c, s)
                young = min_age_months and obs[c].index[0] > s - pd.DateOffset(
                    months=min_age_months
                )
                if ts is None or ts < s - gap or young:
                    continue
                eligible[-1] = True
                tk, tp = last_on(c, g), last_on(c, prev)
                if tk is not None and tp is not None and tk > prev and tp >= tk - gap:
                    rets.append(obs[c][tk] / obs[c][tp] - 1)
        level *= 1 + (sum(rets) / len(rets) if rets else 0.0)
        out.append(level)
    start = eligible.index(True) - 1  # the base: the grid date before the first eligible fund
    return pd.Series(out[start:], index=pd.DatetimeIndex(grid[start:]))


def _year_metrics(path: pd.Series, complete: bool) -> list[float | None]:
    r = path.pct_change().dropna()
    total = path.iloc[-1] / path.iloc[0] - 1
    ann = total if complete else (1 + total) ** (52 / len(r)) - 1
    dd = (path / path.cummax() - 1).min()
    vol = r.std(ddof=1) * math.sqrt(52)
    return [ann, dd, ann / vol, ann / abs(dd) if dd < 0 else None, 52.0]


def test_the_pins_are_the_independent_numbers():
    wb = openpyxl.load_workbook(template_path("t0_environment.xlsx"))
    t0 = _naive_index(_sheet(wb, "T0"), 0)
    mn = _naive_index(_sheet(wb, "Neutral"), 6)  # on its own dates, from 2017 (T0: 2018)
    for name, s in (("T0策略", t0), ("市场中性策略", mn)):
        columns: list[list[float | None]] = []
        for y in YEARS[:-1]:
            inside, before = s[s.index.year == y], s[s.index.year < y]
            if inside.empty:  # a year before the index: blank
                columns.append([None] * len(METRICS))
                continue
            complete = len(before) > 0 and (
                s.index[-1].year > y or inside.index[-1] >= pd.Timestamp(y, 12, 25)
            )
            columns.append(_year_metrics(pd.concat([before.iloc[-1:], inside]), complete))
        columns.append(_year_metrics(s, False))
        for i, metric in enumerate(METRICS):
            for year, col, pinned in zip(YEARS, columns, TABLE1[(name, metric)], strict=True):
                assert close(col[i], pinned, rel=1e-12), (name, metric, year, col[i])

    market, pool = _sheet(wb, "Market"), _sheet(wb, "T0")
    weekly = market["turnover"].resample("W-FRI").mean().dropna()
    pct = pd.Series(np.nan, index=weekly.index)
    for t, x in weekly.items():
        start = t - pd.DateOffset(years=3)
        if weekly.index[0] <= start:
            window = weekly[(weekly.index > start) & (weekly.index <= t)]
            pct[t] = (window < x).sum() / (len(window) - 1)
    regime = pd.Series(
        np.where(pct > 0.8, "high", np.where(pct < 0.2, "low", "balance")), index=pct.index
    ).where(pct.notna())
    pooled = pd.concat(
        [
            pd.DataFrame({"r": r.values, "regime": regime.reindex(r.index).values})
            for r in (
                pool[c].dropna().resample("W-FRI").last().dropna().pct_change().dropna()
                for c in pool
            )
        ]
    ).dropna()
    g = pooled.groupby("regime")["r"]
    stats = pd.DataFrame(
        {
            "count": g.count(),
            "mean": g.mean(),
            "std": g.std(ddof=1),
            "min": g.min(),
            "25%": g.quantile(0.25),
            "50%": g.quantile(0.5),
            "75%": g.quantile(0.75),
            "max": g.max(),
            ">0 share": g.apply(lambda s: (s > 0).mean()),
        }
    )
    stats["stability"] = stats["mean"] / stats["std"]
    for regime_name, pinned in TABLE3.items():
        for name, value, expected in zip(
            TABLE3_HEADER[1:], stats.loc[regime_name], pinned, strict=True
        ):
            assert close(value, expected, rel=1e-12), (regime_name, name, value)
