"""Layout of ``t0_environment.xlsx``: the 2023 T0 strategy environment report, rebuilt.

Table 1 (per-year performance of the T0 and market-neutral indices), Tables 3–5 (pooled T0
returns, weekly or monthly as the index's ``freq`` on Settings, by turnover, volatility and
amplitude regime), the quarterly tracking snapshot, and
the figures (index NAV and drawdown, Figures 2–4). Where each block starts is named below
(:data:`CALC`, :data:`SECTIONS`, :data:`FIGURES`); the formulas read the anchors by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from fofxl_templates.layouts import t0_regimes
from fofxl_templates.workbook import (
    DATE_AXIS,
    Book,
    Layout,
    col_range,
    column_of,
    conf_sheet,
    data_sheet,
    line_chart,
    log_sheet,
    settings_sheet,
)

FILE = "t0_environment.xlsx"
#: the Market sheet's fields, in its column order (bound by header name on --data/refresh)
MARKET_FIELDS = ("close", "high", "low", "turnover")
T0_METRICS = "ann_return,max_dd,sharpe,calmar"

#: Calc sheet: the anchor of each intermediate spill and its columns' formats
CALC = {
    "t0_index": "A1",  # FOF_INDEX of the T0 pool: date, NAV, count
    "mn_index": "E1",  # FOF_INDEX of the market-neutral pool
    "t0_nav": "I1",  # the two indices on the T0 grid, headed by the pool names
    "mn_nav": "J1",
    "t0_dd": "L1",  # their drawdowns
    "mn_dd": "M1",
    "t0_returns": "O1",  # returns of the T0 index per period (freq: W or M): date, return
    "turnover": "R1",  # per-period means of each market indicator: date, value
    "volatility": "U1",
    "amplitude": "X1",
    "turnover_pct": "AA1",  # each indicator's percentile on the return dates
    "volatility_pct": "AB1",
    "amplitude_pct": "AC1",
    "snapshot": "AE1",  # FOF_PCTSNAPSHOT: quarter, then each indicator's percentile, change
    "return_label": "AL1",  # one cell: the name of the T0 returns in the figures' legends
    "pooled_returns": "AM1",  # returns of every T0 product per period: date + one column each
}
CALC_COLUMNS = {
    "t0_index": ("date", "nav", "count"),
    "mn_index": ("date", "nav", "count"),
    "t0_nav": ("nav",),
    "mn_nav": ("nav",),
    "t0_dd": ("pct",),
    "mn_dd": ("pct",),
    "t0_returns": ("date", "pct"),
    "turnover": ("date", "pct"),
    "volatility": ("date", "pct"),
    "amplitude": ("date", "pct"),
    "turnover_pct": ("pct",),
    "volatility_pct": ("pct",),
    "amplitude_pct": ("pct",),
    "snapshot": ("date", *["pct"] * 6),
    "return_label": ("count",),
    "pooled_returns": ("date", *["pct"] * 10),
}
WIDTHS = {"date": 11, "nav": 10, "count": 6, "pct": 10}

#: Report sheet: the first row (1-based) of each section: title, note below, table below that
SECTIONS = {"table1": 5, "table3": 21, "table4": 29, "table5": 37, "snapshot": 45}
TABLE1_FOOTNOTE = "B19"
#: Table 1 value columns formatted per metric (years + full: from 1985 for data to 2024), and
#: the header band's (the demo data's years + full; the renderer widens it with the table)
TABLE1_COLUMNS = 41
TABLE1_DEMO_COLUMNS = 8
SNAPSHOT_QUARTERS = 44  # rows formatted for the quarterly snapshot
REPORT_PRINT_AREA = "A1:M92"

#: Figures sheet: where each chart sits, page breaks (0-based rows) and the print area
FIGURES = {"nav": "B4", "drawdown": "B22", "figure2": "B40", "figure3": "B58", "figure4": "B76"}
FIGURE_PAGE_BREAKS = [39, 75]
FIGURES_PRINT_AREA = "A1:P94"

#: Tables 3–5: (section, Chinese title, English note (a formula), indicator formula)
REGIME_TABLES = (
    (
        "table3",
        "表3:T0策略在不同市场换手率情况下统计情况",
        "="
        + t0_regimes.freq_text(
            "Table 3 — pooled {weekly} returns of the T0 products by CSI 800 turnover "
            "regime (3-year percentile; low < 20% < balance < 80% < high)"
        ),
        "mkt_turnover",
    ),
    (
        "table4",
        "表4:T0策略在不同市场波动率情况下表现情况",
        '="Table 4 — by 20-day realized volatility regime"',
        "FOF_VOL(mkt_dates, mkt_close, set_vol_window)",
    ),
    (
        "table5",
        "表5:T0策略与日内振幅情况",
        '="Table 5 — by intraday amplitude regime ((high − low) / previous close)"',
        "FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close)",
    ),
)
#: Regimes page: the heading of each indicator's tests, in the order of REGIME_TABLES
REGIME_HEADINGS = (
    "换手率 Turnover",
    "波动率 Volatility (20-day realized)",
    "日内振幅 Intraday amplitude",
)
FIGURE_SPECS = (
    (
        "figure2",
        "图2:T0策略收益与市场换手率情况",
        "Figure 2 — T0 return vs turnover percentile",
        "turnover_pct",
    ),
    (
        "figure3",
        "图3:T0策略收益与市场波动率情况",
        "Figure 3 — vs volatility percentile",
        "volatility_pct",
    ),
    (
        "figure4",
        "图4:T0策略收益与日内振幅情况",
        "Figure 4 — vs amplitude percentile",
        "amplitude_pct",
    ),
)


def _spill(name: str) -> str:
    """``A1#``: the spill of the Calc block ``name`` (on the Calc sheet)."""
    return f"{CALC[name]}#"


def _calc(name: str) -> str:
    """``Calc!A1#``: the spill of the Calc block ``name`` (from another sheet)."""
    return f"Calc!{CALC[name]}#"


def _funded(index: str) -> str:
    """The levels of the FOF_INDEX spill ``index`` (date, index, funds; header row dropped),
    blank ("") in a calendar year in which no fund's return entered the index.

    FOF_INDEX holds such a year flat (SPEC §2), which Table 1 would show as a 0.00% year and
    the charts as a flat line: blank, it is a gap, and the first return after it spans it (the
    same return, the index being flat in between). The first row, the index's base, is kept
    whatever its year: it is the base of the first return.
    """
    dates = f"_xlfn.DROP(INDEX({index}, 0, 1), 1)"
    per_year = f'FOF_RESAMPLE(INDEX({index}, 0, 1), INDEX({index}, 0, 3), "Y", "sum")'
    funds_in_year = (
        f"_xlfn.XLOOKUP(YEAR({dates}), YEAR(_xlfn.DROP(INDEX({per_year}, 0, 1), 1)),"
        f" _xlfn.DROP(INDEX({per_year}, 0, 2), 1))"
    )
    keep = f"{funds_in_year} + ({dates} = INDEX({index}, 2, 1))"
    return (
        f"_xlfn.BYROW(_xlfn.HSTACK(_xlfn.DROP(INDEX({index}, 0, 2), 1), {keep}),"
        ' _xlfn.LAMBDA(_xlpm.r, IF(INDEX(_xlpm.r, 1, 2) = 0, "", INDEX(_xlpm.r, 1, 1))))'
    )


def _table1() -> str:
    """Table 1's formula: FOF_PERF of both indices on the union of their dates, each blank
    where it has no level (before its pool's first fund, after its last date, in a year
    without a fund: :func:`_funded`), so each index's every year is its own (on the T0
    grid, a market-neutral index that starts earlier lost its first years, and its first year
    on the grid was annualised as a part)."""
    t0, mn = _calc("t0_index"), _calc("mn_index")
    grid = (
        '_xlfn.VSTACK("date", _xlfn._xlws.SORT(_xlfn.UNIQUE(_xlfn.VSTACK('
        f"_xlfn.DROP(INDEX({t0}, 0, 1), 1), _xlfn.DROP(INDEX({mn}, 0, 1), 1)))))"
    )
    levels = [
        f"_xlfn.VSTACK({name}, _xlfn.DROP(FOF_ALIGN({grid}, INDEX({index}, 0, 1),"
        f' _xlfn.VSTACK("nav", {_funded(index)}), "exact"), 1))'
        for index, name in ((t0, "set_t0_name"), (mn, "set_mn_name"))
    ]
    return (
        f'=FOF_PERF({grid}, _xlfn.HSTACK({", ".join(levels)}), "year", set_rf, set_P,'
        f' "{T0_METRICS}")'
    )


def _calc_sheet(bk: Book) -> None:
    calc = bk.sheet("Calc", "#BFBFBF")
    formats = {"date": bk.date, "nav": bk.nav, "count": bk.count, "pct": bk.pct}
    for name, kinds in CALC_COLUMNS.items():
        first = column_of(CALC[name])
        for j, kind in enumerate(kinds):
            calc.set_column(first + j, first + j, WIDTHS[kind], formats[kind])
    t0_args = "set_freq, set_t0_min_age, set_max_gap, set_rebalance"
    mn_args = "set_freq, set_min_age, set_max_gap, set_rebalance"
    t0_dates = f"INDEX({_spill('t0_index')}, 0, 1)"
    bk.spill(calc, CALC["t0_index"], f"=FOF_INDEX(t0_dates, t0_navs, {t0_args})")
    bk.spill(calc, CALC["mn_index"], f"=FOF_INDEX(mn_dates, mn_navs, {mn_args})")
    # the two indices on the T0 grid, blank in a calendar year without a fund (_funded);
    # headers = the pool names from Settings, so tables and legends carry them
    bk.spill(calc, CALC["t0_nav"], f"=_xlfn.VSTACK(set_t0_name, {_funded(_spill('t0_index'))})")
    # exact dates (both indices are on the same grid): no level carried past the end of the
    # market-neutral index, so a year it does not cover is blank in Table 1, not 0.00%
    mn = _spill("mn_index")
    bk.spill(
        calc,
        CALC["mn_nav"],
        f"=_xlfn.VSTACK(set_mn_name, _xlfn.DROP(FOF_ALIGN({t0_dates}, INDEX({mn}, 0, 1),"
        f' _xlfn.VSTACK("nav", {_funded(mn)}), "exact"), 1))',
    )
    bk.spill(calc, CALC["t0_dd"], f"=FOF_DRAWDOWN({t0_dates}, {_spill('t0_nav')})")
    bk.spill(calc, CALC["mn_dd"], f"=FOF_DRAWDOWN({t0_dates}, {_spill('mn_nav')})")
    # returns, pooled returns and indicator means per period of the index (freq: W or M)
    bk.spill(calc, CALC["t0_returns"], f"=FOF_RETURNS({t0_dates}, {_spill('t0_nav')}, set_freq)")
    label = t0_regimes.freq_text("T0策略{zh}收益 T0 {weekly} return")
    bk.formula(calc, CALC["return_label"], f"={label}")
    bk.spill(calc, CALC["turnover"], '=FOF_RESAMPLE(mkt_dates, mkt_turnover, set_freq, "mean")')
    bk.spill(
        calc,
        CALC["volatility"],
        '=FOF_RESAMPLE(mkt_dates, FOF_VOL(mkt_dates, mkt_close, set_vol_window), set_freq, "mean")',
    )
    bk.spill(
        calc,
        CALC["amplitude"],
        '=FOF_RESAMPLE(mkt_dates, FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close), set_freq, "mean")',
    )
    for name, src in (
        ("turnover_pct", "turnover"),
        ("volatility_pct", "volatility"),
        ("amplitude_pct", "amplitude"),
    ):
        weekly = _spill(src)
        bk.spill(
            calc,
            CALC[name],
            f"=FOF_ALIGN(INDEX({_spill('t0_returns')}, 0, 1), INDEX({weekly}, 0, 1),"
            f" FOF_PCTRANK(INDEX({weekly}, 0, 1), INDEX({weekly}, 0, 2), set_window))",
        )
    bk.spill(
        calc,
        CALC["snapshot"],
        '=FOF_PCTSNAPSHOT(mkt_dates, _xlfn.HSTACK(mkt_turnover, _xlfn.VSTACK("volatility",'
        " _xlfn.DROP(FOF_VOL(mkt_dates, mkt_close, set_vol_window), 1)), _xlfn.VSTACK("
        '"amplitude", _xlfn.DROP(FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close), 1))),'
        ' set_window, "Q")',
    )
    bk.spill(calc, CALC["pooled_returns"], "=FOF_RETURNS(t0_dates, t0_navs, set_freq)")


def _snapshot_points(raw: str) -> str:
    """The tracking snapshot as the report shows it: the spill ``raw`` (FOF_PCTSNAPSHOT:
    quarter, then each indicator's percentile and its change) with the changes × 100, in
    percentage points (0.1488 → +14.88 pp under ``Book.pp``); a blank change stays blank."""
    cols = []
    for k in range(1, 8):
        if k == 1 or k % 2 == 0:  # the quarter and the percentiles: as they are
            cols.append(f"_xlfn.DROP(_xlfn.CHOOSECOLS({raw}, {k}), 1)")
        else:
            at = f"INDEX(_xlpm.r, 1, {k})"
            cols.append(
                f"_xlfn.BYROW(_xlfn.DROP({raw}, 1), _xlfn.LAMBDA(_xlpm.r, "
                f'IF(COUNT({at}) = 0, "", 100 * {at})))'
            )
    return f"=_xlfn.VSTACK(_xlfn.TAKE({raw}, 1), _xlfn.HSTACK({', '.join(cols)}))"


def _section(bk: Book, ws: Any, name: str, title: str, note: str) -> int:
    """Title and note (text, or a formula: ``=…``) of a report section; returns the 1-based
    row of its table."""
    row = SECTIONS[name]
    ws.write(f"B{row}", title, bk.h2)
    ws.write(f"B{row + 1}", note, bk.note)
    return row + 2


def _report_sheet(bk: Book, report: Any) -> None:
    report.set_column("A:A", 2)
    report.set_column("B:B", 16)
    report.set_column("C:C", 14)
    report.set_column("D:M", 12.5)
    report.fit_to_pages(1, 0)
    bk.report_header(
        report,
        "T0策略适合什么样的市场环境?",
        "What market environment suits T0 (intraday) strategies? — FoF report rebuilt with fofxl",
        demo_cell="D3",
    )

    t1 = _section(
        bk,
        report,
        "table1",
        "表1:T0策略和市场中性策略业绩表现情况",
        "Table 1 — per-year performance of the two strategy indices (annualized "
        "return, max drawdown, Sharpe, Calmar; last column = full span)",
    )
    # each metric row keeps its format however many years the data has: the renderer (and
    # Excel) give a spilled cell past the formatted ones the format of the cell above it, which
    # in a table whose rows are metrics is another metric's
    metric_formats = [bk.pct, bk.pct, bk.ratio, bk.ratio, bk.count]
    t1_rows = [[bk.head_text, bk.head_text] + [bk.head_num] * TABLE1_DEMO_COLUMNS]
    for _series in range(2):
        for fmt in metric_formats:
            t1_rows.append([bk.key, bk.text] + [fmt] * TABLE1_COLUMNS)
    bk.block(report, t1 - 1, 1, _table1(), t1_rows)
    report.write(
        TABLE1_FOOTNOTE,
        "年化收益率 ann_return · 最大回撤 max_dd · 夏普比率 sharpe · "
        "卡玛比率 calmar (Sharpe geometric, rf from Settings) · 2023年截至6月25日 in the "
        "source; here the last year runs to the data's end. A calendar year in which no fund "
        "of a pool has a return is blank here and a gap in the charts (no fund, not 0.00%).",
        bk.note,
    )

    pooled = _calc("pooled_returns")
    stat_formats = [bk.text, bk.count] + [bk.pct] * 7 + [bk.pct, bk.ratio]
    for name, title, note, indicator in REGIME_TABLES:
        anchor = _section(bk, report, name, title, note)
        bk.block(
            report,
            anchor - 1,
            1,
            f"=FOF_REGIMESTATS(INDEX({pooled}, 0, 1), _xlfn.DROP({pooled}, 0, 1), mkt_dates,"
            f" {indicator}, set_window, set_low, set_high)",
            [[bk.head] * len(stat_formats)] + [stat_formats] * 3,
        )

    report.set_h_pagebreaks([SECTIONS["snapshot"] - 1])  # the snapshot starts a page
    snap = _section(
        bk,
        report,
        "snapshot",
        "跟踪指标:各季度指标历史分位数均值及变化",
        "Tracking snapshot — quarterly average of each indicator's 3-year "
        "percentile and its change on the previous quarter (pp)",
    )
    snap_formats = [bk.date, bk.pct, bk.pp, bk.pct, bk.pp, bk.pct, bk.pp]
    bk.block(
        report,
        snap - 1,
        1,
        _snapshot_points(_calc("snapshot")),
        [[bk.head] * 7] + [snap_formats] * SNAPSHOT_QUARTERS,
    )
    report.print_area(REPORT_PRINT_AREA)
    report.repeat_rows(0, 2)


def _figures_sheet(bk: Book, figures: Any) -> None:
    figures.hide_gridlines(2)
    figures.set_landscape()
    figures.set_paper(9)
    figures.fit_to_pages(1, 0)
    figures.write("B1", "图表 Figures", bk.title)
    figures.write(
        "B2",
        "Strategy indices and T0 returns against each indicator's 3-year percentile.",
        bk.subtitle,
    )
    bk.demo_note(figures, "B3", bk.note)
    n_idx = bk.rows("Calc", CALC["t0_index"], 300) - 1
    n_ret = bk.rows("Calc", CALC["t0_returns"], 300) - 1
    cats = col_range("Calc", column_of(CALC["t0_index"]), 2, n_idx)
    t0_name, mn_name = (f"=Calc!${CALC[k][:-1]}$1" for k in ("t0_nav", "mn_nav"))
    nav = line_chart(
        bk,
        "策略指数净值 Strategy index NAV",
        None,
        "0.00",
        [
            {
                "name": t0_name,
                "categories": cats,
                "values": col_range("Calc", column_of(CALC["t0_nav"]), 2, n_idx),
                "line": {"color": "#C00000", "width": 1.5},
            },
            {
                "name": mn_name,
                "categories": cats,
                "values": col_range("Calc", column_of(CALC["mn_nav"]), 2, n_idx),
                "line": {"color": "#1F3864", "width": 1.5},
            },
        ],
    )
    figures.insert_chart(FIGURES["nav"], nav)
    dd = line_chart(
        bk,
        "策略指数回撤 Strategy index drawdown",
        None,
        "0%",
        [
            {
                "name": t0_name,
                "categories": cats,
                "values": col_range("Calc", column_of(CALC["t0_dd"]), 2, n_idx),
                "line": {"color": "#C00000"},
            },
            {
                "name": mn_name,
                "categories": cats,
                "values": col_range("Calc", column_of(CALC["mn_dd"]), 2, n_idx),
                "line": {"color": "#1F3864"},
            },
        ],
    )
    figures.insert_chart(FIGURES["drawdown"], dd)
    returns_col = column_of(CALC["t0_returns"])
    ret_cats = col_range("Calc", returns_col, 2, n_ret)
    for name, title, sub, pct in FIGURE_SPECS:
        bars = bk.wb.add_chart({"type": "column"})
        bars.add_series(
            {
                "name": f"=Calc!${CALC['return_label'][:-1]}$1",
                "categories": ret_cats,
                "values": col_range("Calc", returns_col + 1, 2, n_ret),
                "fill": {"color": "#C00000"},
                "gap": 50,
            }
        )
        line = bk.wb.add_chart({"type": "line"})
        line.add_series(
            {
                "name": "指标分位数 percentile (right)",
                "categories": ret_cats,
                "values": col_range("Calc", column_of(CALC[pct]), 2, n_ret),
                "y2_axis": True,
                "line": {"color": "#1F3864", "width": 1.0},
            }
        )
        bars.combine(line)
        bars.set_title(
            {"name": f"{title}\n{sub}", "name_font": {"size": 11, "name": "Noto Sans CJK SC"}}
        )
        bars.set_x_axis({**DATE_AXIS, "num_font": {"size": 8}, "label_position": "low"})
        bars.set_y_axis(
            {
                "num_format": "0.0%",
                "num_font": {"size": 8},
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        line.set_y2_axis({"num_format": "0%", "min": 0, "max": 1, "num_font": {"size": 8}})
        bars.set_legend({"position": "bottom"})
        bars.set_size({"width": 900, "height": 330})
        figures.insert_chart(FIGURES[name], bars)
    figures.set_h_pagebreaks(FIGURE_PAGE_BREAKS)
    figures.print_area(FIGURES_PRINT_AREA)


def build(data: dict[str, pd.DataFrame], path: Path, sizes: Mapping[str, int]) -> Path:
    """Write the T0 environment report to ``path`` from the demo ``data`` tables."""
    bk = Book(path, dict(sizes))
    report = bk.sheet("Report", "#1F3864")
    figures = bk.sheet("Figures", "#1F3864")
    regimes = bk.sheet(t0_regimes.SHEET, "#1F3864")
    settings_sheet(
        bk,
        [
            ("report_date", dt.datetime(2024, 6, 28), bk.date_in, "报告日期 report date"),
            ("window", "3Y", bk.num_in, "历史分位窗口 percentile window: 3Y, 36M, 156W or a count"),
            ("low", 0.2, bk.pct_in, "低区间 below this percentile is 'low'"),
            ("high", 0.8, bk.pct_in, "高区间 above this percentile is 'high'"),
            ("rf", 0.0, bk.pct_in, "无风险利率 annual risk-free rate for Sharpe"),
            (
                "P",
                None,
                bk.num_in,
                "periods per year of the indices (blank = from their dates: 52 weekly, 12 monthly)",
            ),
            ("vol_window", 20, bk.num_in, "波动率窗口 trading days of realized volatility"),
            ("freq", "W", bk.num_in, "index frequency: W (Friday weeks) or M"),
            (
                "t0_min_age",
                "0M",
                bk.num_in,
                "T0 sample pool: products count from their first NAV (a fixed pool, no age screen)",
            ),
            ("min_age", "6M", bk.num_in, "成立满6个月 market-neutral funds join after this age"),
            ("max_gap", "14D", bk.num_in, "净值更新频率 longest gap between NAVs to count"),
            ("rebalance", "M", bk.num_in, "每月筛选 eligibility re-screened every period"),
            ("t0_name", "T0策略", bk.num_in, "pool 1 name (T0 products)"),
            ("mn_name", "市场中性策略", bk.num_in, "pool 2 name (market-neutral products)"),
        ],
        {"Market": ", ".join(MARKET_FIELDS), "T0": "nav", "Neutral": "nav"},
    )
    data_sheet(
        bk,
        "Market",
        data["market"][list(MARKET_FIELDS)],
        "mkt",
        {"close": "close", "high": "high", "low": "low", "turnover": "turnover"},
    )
    data_sheet(bk, "T0", data["t0_pool"], "t0", {"navs": list(data["t0_pool"].columns)})
    data_sheet(
        bk, "Neutral", data["neutral_pool"], "mn", {"navs": list(data["neutral_pool"].columns)}
    )
    _calc_sheet(bk)
    _report_sheet(bk, report)
    _figures_sheet(bk, figures)
    t0_regimes.write(
        bk,
        regimes,
        _calc("pooled_returns"),
        [
            (heading, table[3])
            for heading, table in zip(REGIME_HEADINGS, REGIME_TABLES, strict=True)
        ],
    )
    log_sheet(bk)
    conf_sheet(bk)
    report.activate()
    bk.close()
    return path


LAYOUT = Layout(FILE, build)
