"""Layout of ``fof_portfolio.xlsx``: the monthly report of a fund of funds to its committee.

Settings hold the target weights (a dated table: the second row is a reallocation), the
benchmark, the rebalancing and the report date. Calc holds the portfolio NAV (FOF_PORTFOLIO),
the benchmark on the portfolio's dates, excess NAV and drawdowns; the Report sheet shows
trailing returns, the metric catalogue of the portfolio and each holding, the monthly grid,
contributions, drawdown episodes and the holdings' correlations; Charts plots them. The demo
portfolio holds 8 SYNTHETIC funds of the bundled pools (T0, market-neutral and quant
index-enhanced), which report on different days (daily, weekly, with gaps).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from fofxl_templates.workbook import (
    Book,
    Layout,
    col_range,
    conf_sheet,
    data_sheet,
    line_chart,
    log_sheet,
    place,
    settings_sheet,
)

FILE = "fof_portfolio.xlsx"
#: The demo portfolio: 8 funds of the bundled SYNTHETIC pools, (pool, column).
FUNDS = (
    ("t0_pool", "T0-1"),
    ("t0_pool", "T0-2"),
    ("neutral_pool", "MN-03"),
    ("neutral_pool", "MN-06"),
    ("neutral_pool", "MN-08"),
    ("neutral_pool", "MN-14"),
    ("quant_pool", "QE500-3"),
    ("quant_pool", "QE1000-1"),
)
FUNDS_FROM = "2020-10-01"
#: Target weights (fractions; the rest is cash) from each date: the 2023-07-01 row is a
#: reallocation from index-enhanced equity into the T0 funds.
WEIGHTS = (
    (dt.datetime(2021, 1, 1), (0.10, 0.10, 0.15, 0.10, 0.10, 0.10, 0.15, 0.15)),
    (dt.datetime(2023, 7, 1), (0.15, 0.15, 0.15, 0.10, 0.10, 0.10, 0.10, 0.10)),
)
BENCHMARK = "csi300"
WINDOWS = "1M,3M,6M,YTD,1Y,SI"
METRICS = "ann_return,ann_vol,max_dd,sharpe,sortino,calmar,var_95,cvar_95,beta,information_ratio"
#: percent (True) or ratio format of each metric column of the catalogue
PERCENT = {
    "ann_return": True,
    "ann_vol": True,
    "max_dd": True,
    "sharpe": False,
    "sortino": False,
    "calmar": False,
    "var_95": True,
    "cvar_95": True,
    "beta": False,
    "information_ratio": False,
}
TOP_EPISODES = 5
CONTRIB = (
    "FOF_CONTRIB(fund_dates, fund_navs, weights, set_rebalance, set_freq, set_ytd_start, "
    "set_report_date)"
)
PALETTE = ["#1F3864", "#C00000", "#70AD47", "#ED7D31"]

#: Calc sheet: anchor of each block (columns placed one after another)
CALC = place(
    {"portfolio": 3, "bench": 1, "bench_nav": 1, "panel": 3, "excess": 1, "dd": 2, "contrib": 5}
)
#: Charts sheet: where each chart sits
CHARTS = {"nav": "B4", "excess": "B22", "dd": "B40", "contrib": "B58"}


def report_rows(n: int) -> dict[str, int]:
    """Report sheet: the first row (1-based) of each section for ``n`` holdings.

    Trailing returns of portfolio and benchmark (title, header, 2 series × 2 rows: total
    return and P), of the holdings (n × 2 rows), the metric catalogue (title, header,
    portfolio, benchmark, holdings),
    the monthly grid (title, header, up to 6 years), contributions (title, header, n funds,
    total), drawdown episodes (title, header, TOP_EPISODES rows), correlations (title, header,
    n rows).
    """
    return place(
        {
            "trailing": 2 + 4,
            "holdings": 2 + 2 * n,
            "catalogue": 2 + 2 + n,
            "monthly": 2 + 6,
            "contrib": 2 + n + 1,
            "episodes": 2 + TOP_EPISODES,
            "corr": 2 + n,
        },
        first=5,
    )


def _cell(name: str, row: int = 0, col: int = 0) -> str:
    return xl_rowcol_to_cell(row, CALC[name] + col)


def _settings(bk: Book, names: list[str], indices: pd.DataFrame) -> None:
    settings, row = settings_sheet(
        bk,
        [
            ("report_date", dt.datetime(2024, 6, 28), bk.date_in, "报告日期 report date"),
            (
                "ytd_start",
                dt.datetime(2024, 1, 1),
                bk.date_in,
                "贡献区间起点 contributions from this date (YTD)",
            ),
            ("benchmark", BENCHMARK, bk.num_in, "基准 benchmark: a column of the Indices sheet"),
            ("rebalance", "M", bk.num_in, "再平衡 rebalance to the targets: M, Q, Y or none"),
            ("freq", "W", bk.num_in, "组合净值频率 portfolio dates: W (Fridays) or M (month ends)"),
            ("rf", 0, bk.pct_in, "无风险利率 annual risk-free rate (Sharpe, Sortino)"),
            ("windows", WINDOWS, bk.num_in, "区间 trailing windows"),
            ("metrics", METRICS, bk.num_in, "指标 metrics of the catalogue"),
            ("top", TOP_EPISODES, bk.num_in, "drawdown episodes listed"),
        ],
        {"Funds": "nav", "Indices": "level"},
    )
    settings.data_validation("B6", {"validate": "list", "source": list(indices.columns)})
    settings.data_validation("B7", {"validate": "list", "source": ["M", "Q", "Y", "none"]})
    # the target weights: a dated table (each row in force from its date)
    settings.write(row, 0, "目标权重 Target weights", bk.h2)
    settings.write(
        row,
        2,
        "One row per date: in force from the first portfolio date on or "
        "after it; the rest of 100% is cash.",
        bk.note,
    )
    head = row + 1
    settings.write_row(head, 0, ["date", *names], bk.head)
    settings.write(head, len(names) + 1, "cash", bk.head)
    for i, (date, weights) in enumerate(WEIGHTS, 1):
        settings.write_datetime(head + i, 0, date, bk.date_in)
        for j, w in enumerate(weights, 1):
            settings.write_number(head + i, j, w, bk.pct_in)
        first, last = xl_rowcol_to_cell(head + i, 1), xl_rowcol_to_cell(head + i, len(names))
        bk.formula(
            settings, xl_rowcol_to_cell(head + i, len(names) + 1), f"=1-SUM({first}:{last})", bk.pct
        )
    settings.set_column(3, len(names) + 1, 10)
    last_col = xl_col_to_name(len(names))
    bk.wb.define_name("weights", f"=Settings!$A${head + 1}:${last_col}${head + 1 + len(WEIGHTS)}")


def _calc_sheet(bk: Book) -> Any:
    calc = bk.sheet("Calc", "#BFBFBF")
    # one format per column of each block (date, NAV, return, drawdown)
    for name, formats in (
        ("portfolio", (bk.date, bk.nav, bk.pct)),
        ("bench", (bk.nav,)),
        ("bench_nav", (bk.nav,)),
        ("panel", (bk.date, bk.nav, bk.nav)),
        ("excess", (bk.nav,)),
        ("dd", (bk.pct, bk.pct)),
        ("contrib", (bk.text, bk.pct, bk.pct, bk.pct, bk.pct)),
    ):
        for k, fmt in enumerate(formats):
            calc.set_column(CALC[name] + k, CALC[name] + k, 11, fmt)
    bk.spill(
        calc,
        _cell("portfolio"),
        "=FOF_PORTFOLIO(fund_dates, fund_navs, weights, set_rebalance, set_freq)",
    )
    dates = f"INDEX({_cell('portfolio')}#, 0, 1)"
    bench = "INDEX(idx_closes, 0, MATCH(set_benchmark, idx_names, 0))"
    bk.spill(calc, _cell("bench"), f"=FOF_ALIGN({dates}, idx_dates, {bench})")
    b = f"{_cell('bench')}#"
    bk.spill(
        calc,
        _cell("bench_nav"),
        f"=_xlfn.VSTACK(set_benchmark, _xlfn.DROP({b}, 1) / INDEX({b}, 2))",
    )
    # date | portfolio | benchmark (rebased to 1 on the portfolio's first date)
    nav = f'_xlfn.VSTACK("portfolio", _xlfn.DROP(INDEX({_cell("portfolio")}#, 0, 2), 1))'
    bk.spill(calc, _cell("panel"), f"=_xlfn.HSTACK({dates}, {nav}, {_cell('bench_nav')}#)")
    p = f"{_cell('panel')}#"
    # excess NAV (ratio): portfolio / benchmark, the benchmark as of each portfolio date
    bk.spill(
        calc,
        _cell("excess"),
        f'=_xlfn.VSTACK("excess", _xlfn.DROP(INDEX({p}, 0, 2), 1) '
        f"/ _xlfn.DROP(INDEX({p}, 0, 3), 1))",
    )
    bk.spill(calc, _cell("dd"), f"=FOF_DRAWDOWN(INDEX({p}, 0, 1), _xlfn.DROP({p}, 0, 1))")
    # the contributions of the holdings (no total row) for the bar chart
    bk.spill(calc, _cell("contrib"), f"=_xlfn.DROP({CONTRIB}, -1)")
    return calc


def _report_sheet(bk: Book, ws: Any, names: list[str]) -> dict[str, int]:
    n = len(names)
    rows = report_rows(n)
    p = f"Calc!{_cell('panel')}#"
    dates, port = f"INDEX({p}, 0, 1)", f"INDEX({p}, 0, 2)"
    bench = "INDEX(idx_closes, 0, MATCH(set_benchmark, idx_names, 0))"
    start = f"INDEX({dates}, 2)"
    ws.set_column("A:A", 2)
    ws.set_column("B:B", 14)
    ws.set_column("C:C", 15)
    ws.set_column("D:O", 11.5)
    ws.fit_to_pages(1, 0)
    bk.report_header(
        ws,
        "FoF组合月报 Fund-of-funds portfolio report",
        "Portfolio against its "
        "benchmark: trailing returns, metrics, monthly returns, what each holding "
        "contributed, drawdowns and correlations",
    )
    head = bk.head
    # FOF_TRAILING gives per series a total_return row and a periods_per_year row
    trailing_rows = [[bk.key, bk.text] + [bk.pct] * 6, [bk.key, bk.text] + [bk.count] * 6]

    r = rows["trailing"]
    ws.write(f"B{r}", "区间业绩 Trailing returns: portfolio and benchmark", bk.h2)
    bk.block(
        ws,
        r,
        1,
        f"=FOF_TRAILING({dates}, _xlfn.DROP({p}, 0, 1), set_windows, "
        '"total_return", set_report_date)',
        [[head] * 8] + trailing_rows * 2,
    )

    r = rows["holdings"]
    ws.write(f"B{r}", "持仓区间业绩 Trailing returns of the holdings", bk.h2)
    bk.block(
        ws,
        r,
        1,
        '=FOF_TRAILING(fund_dates, fund_navs, set_windows, "total_return", set_report_date)',
        [[head] * 8] + trailing_rows * n,
    )

    r = rows["catalogue"]
    bk.formula(
        ws,
        f"B{r}",
        '="指标 Metrics since the portfolio\'s start (against " & set_benchmark & " for '
        'beta and information ratio)"',
        bk.h2,
    )
    metric_fmts = [bk.pct if PERCENT[m] else bk.ratio for m in METRICS.split(",")]
    screen = (
        f"FOF_SCREEN({{}}, {{}}, set_metrics, {start}, set_report_date, idx_dates, {bench}, set_rf)"
    )
    bk.block(
        ws,
        r,
        1,
        "=_xlfn.VSTACK("
        + screen.format(dates, f"_xlfn.DROP({p}, 0, 1)")
        + ", _xlfn.DROP("
        + screen.format("fund_dates", "fund_navs")
        + ", 1))",
        [[head] * (1 + len(metric_fmts))] + [[bk.key, *metric_fmts]] * (2 + n),
    )

    r = rows["monthly"]
    ws.write(f"B{r}", "月度收益 Monthly returns of the portfolio", bk.h2)
    bk.block(
        ws, r, 1, f"=FOF_MONTHLY({dates}, {port})", [[head] * 14] + [[bk.count] + [bk.pct] * 13] * 6
    )

    r = rows["contrib"]
    ws.write(
        f"B{r}",
        "收益贡献 Contributions from the start date on Settings (ytd_start) to the report date",
        bk.h2,
    )
    bk.block(
        ws, r, 1, f"={CONTRIB}", [[head] * 5] + [[bk.key, bk.pct, bk.pct, bk.pct, bk.pct]] * (n + 1)
    )

    r = rows["episodes"]
    ws.write(f"B{r}", "回撤区间 Drawdown episodes of the portfolio (worst first)", bk.h2)
    # series, peak, trough, recovery, depth and the three lengths (FOF_DDTABLE's columns)
    ep = [bk.text, bk.date, bk.date, bk.date, bk.pct, bk.count, bk.count, bk.count]
    # the lengths' names (trough_to_recovery, ...) have no space to wrap at: shrunk to fit
    fit = bk.wb.add_format(
        {
            **bk.base,
            "bold": True,
            "bg_color": "#DDEBF7",
            "bottom": 1,
            "align": "center",
            "shrink": True,
        }
    )
    bk.block(
        ws,
        r,
        1,
        f"=FOF_DDTABLE({dates}, {port}, set_top)",
        [[fit] * len(ep)] + [ep] * TOP_EPISODES,
    )

    r = rows["corr"]
    ws.write(f"B{r}", "相关性 Correlation of the holdings' weekly returns", bk.h2)
    bk.block(
        ws,
        r,
        1,
        "=FOF_CORR(fund_dates, fund_navs)",
        [[head] * (n + 1)] + [[bk.key] + [bk.ratio] * n] * n,
    )
    ws.set_h_pagebreaks([rows["contrib"] - 2])  # contributions start the second page
    ws.print_area(f"A1:O{r + n + 2}")
    return rows


def _series(bk: Book, block: str, cols: list[int], colors: list[str]) -> list[dict]:
    anchor = _cell(block)
    m = bk.rows("Calc", anchor, 180) - 1
    first = CALC[block]
    cats = col_range("Calc", CALC["portfolio"], 2, m)
    return [
        {
            "name": f"=Calc!${xl_col_to_name(first + c)}$1",
            "categories": cats,
            "values": col_range("Calc", first + c, 2, m),
            "line": {"color": colors[k]},
        }
        for k, c in enumerate(cols)
    ]


def _charts_sheet(bk: Book, charts: Any, n: int) -> None:
    charts.hide_gridlines(2)
    charts.set_landscape()
    charts.set_paper(9)
    charts.fit_to_pages(1, 0)
    charts.write("B1", "图表 Charts", bk.title)
    bk.demo_note(charts, "B2", bk.subtitle)
    charts.insert_chart(
        CHARTS["nav"],
        line_chart(
            bk,
            "组合净值与基准 Portfolio NAV vs benchmark",
            None,
            "0.00",
            _series(bk, "panel", [1, 2], PALETTE),
        ),
    )
    charts.insert_chart(
        CHARTS["excess"],
        line_chart(
            bk,
            "超额净值 Excess NAV (portfolio / benchmark)",
            None,
            "0.00",
            _series(bk, "excess", [0], PALETTE[2:]),
        ),
    )
    charts.insert_chart(
        CHARTS["dd"],
        line_chart(
            bk,
            "回撤 Drawdown: portfolio and benchmark",
            None,
            "0%",
            _series(bk, "dd", [0, 1], PALETTE),
        ),
    )
    bar = bk.wb.add_chart({"type": "bar"})
    m = bk.rows("Calc", _cell("contrib"), n + 1) - 1
    bar.add_series(
        {
            "name": "contribution",
            "categories": col_range("Calc", CALC["contrib"], 2, m),
            "values": col_range("Calc", CALC["contrib"] + 3, 2, m),
            "fill": {"color": PALETTE[0]},
        }
    )
    bar.set_title(
        {
            "name": "收益贡献 Contribution by holding (ytd_start to report date)",
            "name_font": {"size": 11, "name": "Noto Sans CJK SC"},
        }
    )
    bar.set_x_axis(
        {
            "num_format": "0.0%",
            "num_font": {"size": 8},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    bar.set_y_axis({"reverse": True, "num_font": {"size": 8}, "label_position": "low"})
    bar.set_legend({"none": True})
    bar.set_size({"width": 900, "height": 330})
    charts.insert_chart(CHARTS["contrib"], bar)
    charts.set_h_pagebreaks([39])
    charts.print_area("A1:P76")


def funds_panel(data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The demo holdings' NAVs from the bundled SYNTHETIC pools, on the union of their dates."""
    columns = {name: data[pool][name] for pool, name in FUNDS}
    panel = pd.DataFrame(columns).loc[FUNDS_FROM:]
    return panel.dropna(how="all")


def build(data: dict[str, pd.DataFrame], path: Path, sizes: Mapping[str, int]) -> Path:
    """Write the FoF portfolio report to ``path`` from the demo ``data`` tables."""
    bk = Book(path, dict(sizes))
    funds = funds_panel(data)
    indices = data["benchmarks"].loc[funds.index[0] :]
    names = list(funds.columns)
    report = bk.sheet("Report", "#1F3864")
    charts = bk.sheet("Charts", "#1F3864")
    _settings(bk, names, indices)
    data_sheet(bk, "Funds", funds, "fund", {"navs": names})
    data_sheet(bk, "Indices", indices, "idx", {"closes": list(indices.columns)})
    bk.wb.define_name("idx_names", f"=Indices!$B$1:${xl_col_to_name(len(indices.columns))}$1")
    _calc_sheet(bk)
    _report_sheet(bk, report, names)
    _charts_sheet(bk, charts, len(names))
    log_sheet(bk)
    conf_sheet(bk)
    report.activate()
    bk.close()
    return path


LAYOUT = Layout(FILE, build)
