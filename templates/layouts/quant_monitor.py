"""Layout of ``quant_monitor.xlsx``: quant index-enhanced products against their benchmarks.

The Monitor sheet lists each product's YTD excess return, excess drawdowns and latest excess
NAV, the benchmark indices' drawdowns over the crisis windows and each product's worst excess
drawdown episodes; the Charts sheet plots weekly excess NAVs and drawdowns. Blocks whose size
follows the number of products are placed one after another by name (:func:`calc_columns`,
:func:`monitor_rows`); fixed positions are named constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from fofxl.io.demo_data import QUANT_BENCHMARKS
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

FILE = "quant_monitor.xlsx"
PRODUCTS_FROM = "2019-01-01"
TOP_EPISODES = 3  # drawdown episodes formatted per product
PALETTE = ["#C00000", "#ED7D31", "#FFC000", "#1F3864", "#2E75B6", "#70AD47"]

#: Monitor sheet: the first row (1-based) of its first section
MONITOR_FIRST = 5
#: Charts sheet: where each chart sits, page breaks (0-based rows) and the print area
CHARTS = {"excess_nav": "B4", "excess_dd": "B22", "index_dd": "B40"}
CHART_PAGE_BREAKS = [39]
CHARTS_PRINT_AREA = "A1:P58"


def calc_columns(n: int, n_idx: int) -> dict[str, int]:
    """Calc sheet: first column (0-based) of each block for ``n`` products, ``n_idx`` indices.

    In order: dates and one excess-NAV column per product; excess drawdowns; the worst short
    window excess drawdowns; index drawdowns; and the weekly views the charts read (each
    date + columns): excess NAV, excess drawdown, index drawdown. One empty column between.
    """
    return place({"excess": 1 + n, "dd": n, "roll": n, "idx_dd": n_idx,
                  "wk": 1 + n, "wk_dd": 1 + n, "wk_idx": 1 + n_idx})


def monitor_rows(n: int, n_idx: int) -> dict[str, int]:
    """Monitor sheet: first row (1-based) of each section for ``n`` products, ``n_idx`` indices.

    The product summary (title, header, a row per product), the index window drawdowns (title,
    header, a row per index) and the drawdown episodes (per product: its name, a header and
    :data:`TOP_EPISODES` rows, and two empty rows); one empty row between sections.
    """
    return place({"summary": 2 + n, "indices": 2 + n_idx, "episodes": n * (TOP_EPISODES + 3)},
                 first=MONITOR_FIRST)


def _settings(bk: Book, names: list[str], indices: pd.DataFrame,
              benchmarks: Mapping[str, str]) -> None:
    settings, row = settings_sheet(bk, [
        ("report_date", dt.datetime(2024, 6, 28), bk.date_in, "报告日期 report date"),
        ("ytd_start", dt.datetime(2024, 1, 1), bk.date_in, "今年以来 YTD window start"),
        ("dd_days", 4, bk.num_in, "short window (trading days) for the worst excess drawdown"),
        ("window_start", dt.datetime(2023, 11, 20), bk.date_in,
         "index window start (2023-11 peak of small caps)"),
        ("window_end", dt.datetime(2024, 2, 7), bk.date_in, "index window end (2024-02 trough)"),
        ("long_start", dt.datetime(2021, 2, 10), bk.date_in,
         "long window start (CSI 300 peak, 2021 Spring Festival)"),
        ("excess_method", "ratio", bk.num_in, "excess NAV: ratio or diff"),
        ("top", TOP_EPISODES, bk.num_in, "drawdown episodes listed per product"),
    ], {"Products": "nav", "Indices": "level"})
    # the benchmark of each product, right below the settings
    settings.write(row, 0, "产品 product", bk.head)
    settings.write(row, 1, "基准 benchmark (a column of Indices)", bk.head)
    for i, name in enumerate(names):
        settings.write(row + 1 + i, 0, name, bk.key)
        settings.write(row + 1 + i, 1, benchmarks[name], bk.num_in)
        settings.data_validation(row + 1 + i, 1, row + 1 + i, 1, {
            "validate": "list", "source": list(indices.columns)})
    bk.wb.define_name("bench_of", f"=Settings!$B${row + 2}:$B${row + 1 + len(names)}")


def _calc_sheet(bk: Book, n: int, n_idx: int) -> dict[str, int]:
    calc = bk.sheet("Calc", "#BFBFBF")
    at = calc_columns(n, n_idx)
    calc.set_column(at["excess"], at["excess"], 11, bk.date)
    calc.set_column(at["excess"] + 1, at["excess"] + n, 10, bk.nav)
    calc.set_column(at["dd"], at["dd"] + n - 1, 10, bk.pct)
    calc.set_column(at["roll"], at["roll"] + n - 1, 10, bk.pct)
    calc.set_column(at["idx_dd"], at["idx_dd"] + n_idx, 10, bk.pct)
    bk.spill(calc, xl_rowcol_to_cell(0, at["excess"]), "=prod_dates")
    for k in range(n):
        bench = f"INDEX(idx_closes, 0, MATCH(INDEX(bench_of, {k + 1}), idx_names, 0))"
        bk.spill(calc, xl_rowcol_to_cell(0, at["excess"] + 1 + k),
                 f"=FOF_EXCESS(prod_dates, INDEX(prod_navs, 0, {k + 1}), idx_dates, {bench},"
                 " set_excess_method)")
    excess = _excess_block(at, n)
    bk.spill(calc, _cell(at, "dd"), f"=FOF_DRAWDOWN(prod_dates, _xlfn.HSTACK({excess}))")
    bk.spill(calc, _cell(at, "roll"), f"=FOF_ROLLDD(prod_dates, _xlfn.HSTACK({excess}),"
             " set_dd_days)")
    bk.spill(calc, _cell(at, "idx_dd"), "=FOF_DRAWDOWN(idx_dates, idx_closes)")
    # weekly views for the charts (Friday weeks: last excess NAV, worst drawdown of the week)
    for name, width, fmt in (("wk", n, bk.nav), ("wk_dd", n, bk.pct), ("wk_idx", n_idx, bk.pct)):
        calc.set_column(at[name], at[name], 11, bk.date)
        calc.set_column(at[name] + 1, at[name] + width, 10, fmt)
    bk.spill(calc, _cell(at, "wk"),
             f'=FOF_RESAMPLE(prod_dates, _xlfn.HSTACK({excess}), "W", "last")')
    bk.spill(calc, _cell(at, "wk_dd"), f'=FOF_RESAMPLE(prod_dates, {_cell(at, "dd")}#, "W", "min")')
    bk.spill(calc, _cell(at, "wk_idx"),
             f'=FOF_RESAMPLE(idx_dates, {_cell(at, "idx_dd")}#, "W", "min")')
    return at


def _cell(at: Mapping[str, int], name: str) -> str:
    """The anchor cell (row 1) of the Calc block ``name``."""
    return xl_rowcol_to_cell(0, at[name])


def _excess_block(at: Mapping[str, int], n: int) -> str:
    """``B1#, C1#, …``: the excess-NAV spill of every product."""
    return ", ".join(f"{xl_col_to_name(at['excess'] + 1 + k)}1#" for k in range(n))


def _monitor_sheet(bk: Book, monitor: Any, at: Mapping[str, int], names: list[str],
                   indices: pd.DataFrame) -> None:
    n, n_idx = len(names), len(indices.columns)
    rows = monitor_rows(n, n_idx)
    head = bk.wb.add_format({**bk.base, "bold": True, "bg_color": "#DDEBF7", "bottom": 1,
                             "text_wrap": True})
    monitor.set_column("A:A", 2)
    monitor.set_column("B:B", 14)
    monitor.set_column("C:J", 13)
    monitor.set_landscape()
    monitor.set_paper(9)
    monitor.fit_to_pages(1, 0)
    monitor.hide_gridlines(2)
    monitor.write("B1", "量化指增产品超额回撤监控", bk.title)
    monitor.write("B2", "Quant index-enhanced products against their benchmarks — excess NAV, "
                  "excess drawdowns and index window drawdowns (the early-2024 small-cap crisis)",
                  bk.subtitle)
    monitor.write("B3", "报告日期 Report date", bk.key)
    bk.formula(monitor, "C3", "=set_report_date", bk.date)
    bk.demo_note(monitor, "D3", bk.note)

    # product summary: title, header, one row per product
    row = rows["summary"]
    monitor.write(f"B{row}", "产品超额表现 Product excess summary", bk.h2)
    heads = ["产品 product", "基准 benchmark", "今年超额 YTD excess", "超额最大回撤 max excess DD",
             "最差N日超额回撤 worst N-day excess DD", "日期 date", "最新超额净值 excess NAV"]
    monitor.write_row(row, 1, heads, head)  # 0-based: the row below the title
    monitor.set_row(row, 42)
    roll_col = xl_col_to_name(at["roll"])
    for k, name in enumerate(names):
        r = row + 2 + k
        ex = f"Calc!{xl_col_to_name(at['excess'] + 1 + k)}1#"
        roll = f"INDEX(Calc!{roll_col}1#, 0, {k + 1})"
        monitor.write(f"B{r}", name, bk.key)
        bk.formula(monitor, f"C{r}", f"=INDEX(bench_of, {k + 1})", bk.text)
        bk.spill(monitor, f"D{r}", f'=_xlfn.TAKE(FOF_STAT(prod_dates, {ex}, "total_return",'
                 " set_ytd_start, set_report_date), -1)", bk.pct)
        bk.spill(monitor, f"E{r}", f"=_xlfn.TAKE(FOF_MAXDD(prod_dates, {ex}), -1)", bk.pct)
        bk.formula(monitor, f"F{r}", f"=MIN({roll})", bk.pct)
        bk.formula(monitor, f"G{r}", f"=INDEX(prod_dates, MATCH(MIN({roll}), {roll}, 0))",
                   bk.date)
        bk.formula(monitor, f"H{r}", f"=INDEX({ex}, ROWS({ex}))", bk.nav)

    # index drawdowns over the windows: title, header, one row per index
    row = rows["indices"]
    monitor.write(f"B{row}", "指数区间回撤 Index drawdowns over the windows", bk.h2)
    monitor.write_row(row, 1, ["指数 index", "区间最大回撤 window max DD", "区间收益 window return",
                               "长区间收益 long-window return", "长区间最大回撤 long max DD"],
                      bk.wb.add_format({**bk.base, "bold": True, "bg_color": "#DDEBF7",
                                        "bottom": 1, "text_wrap": True}))
    monitor.set_row(row, 30)
    for k, name in enumerate(indices.columns):
        r = row + 2 + k
        col = f"INDEX(idx_closes, 0, {k + 1})"
        monitor.write(f"B{r}", name, bk.key)
        bk.spill(monitor, f"C{r}", f"=_xlfn.TAKE(FOF_MAXDD(idx_dates, {col}, set_window_start,"
                 " set_window_end), -1)", bk.pct)
        bk.spill(monitor, f"D{r}", f'=_xlfn.TAKE(FOF_STAT(idx_dates, {col}, "total_return",'
                 " set_window_start, set_window_end), -1)", bk.pct)
        bk.spill(monitor, f"E{r}", f'=_xlfn.TAKE(FOF_STAT(idx_dates, {col}, "total_return",'
                 " set_long_start, set_window_end), -1)", bk.pct)
        bk.spill(monitor, f"F{r}", f"=_xlfn.TAKE(FOF_MAXDD(idx_dates, {col}, set_long_start,"
                 " set_window_end), -1)", bk.pct)

    # drawdown episodes: per product its name, then the table (header + TOP_EPISODES rows)
    row = rows["episodes"]
    monitor.write(f"B{row}", "超额回撤区间 Excess drawdown episodes (worst first)", bk.h2)
    ep_formats = [bk.date, bk.date, bk.date, bk.pct, bk.count, bk.count, bk.count]
    for k, name in enumerate(names):
        r = row + 1 + k * (TOP_EPISODES + 3)
        monitor.write(f"B{r}", name, bk.key)
        ex = f"Calc!{xl_col_to_name(at['excess'] + 1 + k)}1#"
        bk.block(monitor, r, 2, f"=FOF_DDTABLE(prod_dates, {ex}, set_top)",
                 [[bk.head] * len(ep_formats)] + [ep_formats] * TOP_EPISODES)
    monitor.print_area(f"A1:J{row + n * (TOP_EPISODES + 3) + 2}")


def _weekly_series(bk: Book, block: int, width: int, colors: list[str]) -> list[dict]:
    """Chart series of a weekly Calc block (date + ``width`` columns) at column ``block``."""
    m = bk.rows("Calc", xl_rowcol_to_cell(0, block), 300) - 1
    cats = col_range("Calc", block, 2, m)
    return [{"name": f"=Calc!${xl_col_to_name(block + 1 + k)}$1", "categories": cats,
             "values": col_range("Calc", block + 1 + k, 2, m), "line": {"color": colors[k]}}
            for k in range(width)]


def _charts_sheet(bk: Book, charts: Any, at: Mapping[str, int], n: int, n_idx: int) -> None:
    charts.hide_gridlines(2)
    charts.set_landscape()
    charts.set_paper(9)
    charts.fit_to_pages(1, 0)
    charts.write("B1", "图表 Charts", bk.title)
    bk.demo_note(charts, "B2", bk.subtitle)
    charts.insert_chart(CHARTS["excess_nav"], line_chart(
        bk, "超额净值 Excess NAV (weekly)", None, "0.00", _weekly_series(bk, at["wk"], n, PALETTE)))
    charts.insert_chart(CHARTS["excess_dd"], line_chart(
        bk, "超额回撤 Excess drawdown (weekly worst)", None, "0%",
        _weekly_series(bk, at["wk_dd"], n, PALETTE)))
    charts.insert_chart(CHARTS["index_dd"], line_chart(
        bk, "指数回撤 Index drawdown (CSI 300/500/1000/2000)", None, "0%",
        _weekly_series(bk, at["wk_idx"], n_idx, PALETTE[2:])))
    charts.set_h_pagebreaks(CHART_PAGE_BREAKS)
    charts.print_area(CHARTS_PRINT_AREA)


def build(data: dict[str, pd.DataFrame], path: Path, sizes: Mapping[str, int],
          benchmarks: Mapping[str, str] = QUANT_BENCHMARKS) -> Path:
    """Write the quant product monitor to ``path`` from the demo ``data`` tables."""
    bk = Book(path, dict(sizes))
    products = data["quant_pool"].loc[PRODUCTS_FROM:]
    products = products.dropna(how="all")
    indices = data["benchmarks"].loc[products.index[0]:]
    names = list(products.columns)
    n, n_idx = len(names), len(indices.columns)
    monitor = bk.sheet("Monitor", "#1F3864")
    charts = bk.sheet("Charts", "#1F3864")
    _settings(bk, names, indices, benchmarks)
    data_sheet(bk, "Products", products, "prod", {"navs": names})
    data_sheet(bk, "Indices", indices, "idx", {"closes": list(indices.columns)})
    bk.wb.define_name("idx_names", f"=Indices!$B$1:${xl_col_to_name(n_idx)}$1")
    at = _calc_sheet(bk, n, n_idx)
    _monitor_sheet(bk, monitor, at, names, indices)
    _charts_sheet(bk, charts, at, n, n_idx)
    log_sheet(bk)
    conf_sheet(bk)
    monitor.activate()
    bk.close()
    return path


LAYOUT = Layout(FILE, build)
