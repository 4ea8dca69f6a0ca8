"""The T0 report on an analyst's pools that are not the demo's: monthly NAVs (the default
weekly settings cannot make an index of them, which must be said, never shown as 0.00%), a
market-neutral pool that stops years before the T0 pool (its years are blank), and a history
longer than the columns the template formats (each metric keeps its own number format)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from _report_helpers import block, close

from fofxl import composite, performance
from fofxl_report.render import render

T0 = Path(__file__).resolve().parents[2] / "templates" / "t0_environment.xlsx"
TABLE1 = "B7"
#: the number format of each metric row of Table 1
METRIC_FORMATS = {
    "ann_return": "0.00%",
    "max_dd": "0.00%",
    "sharpe": "0.00",
    "calmar": "0.00",
    "periods_per_year": "0",
}


def _pool(dates: pd.DatetimeIndex, n: int, seed: int, prefix: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = np.cumprod(1 + rng.normal(0.004, 0.02, (len(dates), n)), axis=0)
    return pd.DataFrame(values, index=dates, columns=[f"{prefix}{k + 1}" for k in range(n)])


def _render(tmp_path: Path, t0: pd.DataFrame, mn: pd.DataFrame, *settings: str, name="out"):
    t0.to_csv(tmp_path / "t0.csv", index_label="date")
    mn.to_csv(tmp_path / "mn.csv", index_label="date")
    out = tmp_path / f"{name}.xlsx"
    report = render(
        T0,
        out,
        data=[f"T0={tmp_path / 't0.csv'}", f"Neutral={tmp_path / 'mn.csv'}"],
        settings=list(settings),
    )
    return report, openpyxl.load_workbook(out)["Report"]


def test_monthly_navs_with_weekly_settings_say_so_instead_of_zero_returns(tmp_path):
    months = pd.date_range("2012-01-31", "2021-12-31", freq="ME")
    report, ws = _render(tmp_path, _pool(months, 4, 1, "T0-"), _pool(months, 3, 2, "MN-"))
    messages = [str(issue) for issue in report.issues]
    index_errors = [m for m in messages if m.startswith(("Calc!A1:", "Calc!E1:"))]
    assert len(index_errors) == 2, messages
    for message in index_errors:
        assert "no fund's return counts in any period" in message
        assert "about 31 days apart" in message and "max_gap=14D" in message
        assert "freq to M" in message
    # Table 1 shows the reason, and no number at all (it showed 0.00% for every year)
    table = ws[TABLE1].value
    assert isinstance(table, str) and "max_gap=14D" in table
    numbers = [
        c.value
        for row in ws.iter_rows(min_row=7, max_row=17, min_col=2, max_col=40)
        for c in row
        if isinstance(c.value, int | float)
    ]
    assert numbers == []


def test_monthly_navs_with_monthly_settings_and_a_pool_that_stops(tmp_path):
    months = pd.date_range("2012-01-31", "2021-12-31", freq="ME")
    t0 = _pool(months, 4, 3, "T0-")
    mn = _pool(months, 3, 4, "MN-").loc[:"2016-12-31"]
    report, ws = _render(tmp_path, t0, mn, "freq=M", "max_gap=35D")
    assert report.issues == []
    got = block(ws, TABLE1)
    head = got[0]
    assert head[2:] == [*range(2012, 2022), "full"]
    t0_index = composite.composite_index(t0, "M", "0M", "35D", "M")["index"]
    mn_index = composite.composite_index(mn, "M", "6M", "35D", "M")["index"]
    expected = {
        name: performance.performance_table(index.rename(name)).set_index("metric")
        for name, index in (("T0策略", t0_index), ("市场中性策略", mn_index))
    }
    for row in got[1:]:
        series, metric = row[0], row[1]
        for year, value in zip(head[2:], row[2:], strict=True):
            if series == "市场中性策略" and year != "full" and year > 2016:
                assert value is None, (series, metric, year)  # no fund: blank, not 0.00%
            else:
                want = expected[series].loc[metric, year]
                assert close(value, want, 1e-9), (series, metric, year, value, want)
    assert [r[2] for r in got[1:] if r[1] == "periods_per_year"] == [12, 12]


def test_table1_metrics_keep_their_formats_over_25_years(tmp_path):
    fridays = pd.date_range("1999-01-01", "2023-12-29", freq="W-FRI")
    report, ws = _render(tmp_path, _pool(fridays, 3, 5, "T0-"), _pool(fridays, 3, 6, "MN-"))
    assert report.issues == []
    got = block(ws, TABLE1)
    assert got[0][2:] == [*range(1999, 2024), "full"]
    for i, row in enumerate(got[1:], start=ws[TABLE1].row + 1):
        want = METRIC_FORMATS[row[1]]
        for j in range(2, len(row)):
            cell = ws.cell(row=i, column=ws[TABLE1].column + j)
            assert cell.number_format == want, (cell.coordinate, row[1], cell.number_format)
    # the year headers sit right-aligned over their right-aligned numbers, and the header
    # band ends with the table
    for j in range(2, len(got[0])):
        cell = ws.cell(row=ws[TABLE1].row, column=ws[TABLE1].column + j)
        assert cell.alignment.horizontal == "right", cell.coordinate
    past = ws.cell(row=ws[TABLE1].row, column=ws[TABLE1].column + len(got[0]))
    assert past.value is None and past.fill.fgColor.rgb in (None, "00000000")


def test_a_year_without_any_t0_fund_is_blank_not_a_flat_year(tmp_path):
    # two T0 funds, one 2019-2020 and one 2022-2023: no fund at all in 2021. FOF_INDEX holds
    # the index flat there (SPEC §2: a period without a contributor is flat); Table 1 showed
    # that as a 0.00% year with a 0.00% drawdown
    fridays = pd.date_range("2019-01-04", "2023-12-29", freq="W-FRI")
    rng = np.random.default_rng(7)
    walk = pd.Series(np.cumprod(1 + rng.normal(0.002, 0.01, len(fridays))), index=fridays)
    a, b = walk[:"2020-12-31"], walk["2022-01-01":] * 1.3
    t0 = pd.DataFrame({"A": a, "B": b})
    report, ws = _render(tmp_path, t0, _pool(fridays, 2, 8, "MN-"))
    assert report.issues == []
    got = block(ws, TABLE1)
    head = got[0]
    assert head[2:] == [2019, 2020, 2021, 2022, 2023, "full"]
    rows = {(r[0], r[1]): dict(zip(head[2:], r[2:], strict=True)) for r in got[1:]}
    for metric in ("ann_return", "max_dd", "sharpe", "calmar", "periods_per_year"):
        assert rows[("T0策略", metric)][2021] is None, metric
        assert isinstance(rows[("市场中性策略", metric)][2021], float | int), metric
    # the years with a fund, by hand from the NAVs: with min_age 0M and monthly screening a
    # fund enters the month after its first NAV (A from the week after 2019-01-25, B from the
    # week after 2022-01-28); a complete year's return is its own
    t0_rows = rows[("T0策略", "ann_return")]
    assert close(t0_rows[2020], a["2020-12-25"] / a["2019-12-27"] - 1)
    assert close(t0_rows[2022], b["2022-12-30"] / b["2022-01-28"] - 1)
    assert close(t0_rows[2023], b["2023-12-29"] / b["2022-12-30"] - 1)
    assert close(
        rows[("T0策略", "max_dd")][2022],
        (b["2022-01-28":"2022-12-30"] / b["2022-01-28":"2022-12-30"].cummax() - 1).min(),
    )
    # the full span: the year without a fund is a gap, spanned by the first return after it
    # (as a missing NAV is, SPEC §2), not 52 zero returns; January 2022, before B is screened
    # in, stays flat (a year with a fund keeps the index's flat periods)
    n = len(a["2019-02-01":]) + len(b)
    growth = (a.iloc[-1] / a["2019-01-25"]) * (b.iloc[-1] / b["2022-01-28"])
    assert close(rows[("T0策略", "ann_return")]["full"], growth ** (52 / n) - 1)
    # the index itself keeps SPEC's flat periods; the report's levels are blank in 2021
    index = composite.composite_index(t0, "W", "0M", "14D", "M")
    assert (index.loc["2021", "funds"] == 0).all()
    assert index.loc["2021", "index"].nunique() == 1
    calc = openpyxl.load_workbook(tmp_path / "out.xlsx")["Calc"]
    levels = {calc[f"A{r}"].value: calc[f"I{r}"].value for r in range(2, calc.max_row + 1)}
    assert all(v is None for d, v in levels.items() if d is not None and d.year == 2021)
    assert all(v is not None for d, v in levels.items() if d is not None and d.year != 2021)
