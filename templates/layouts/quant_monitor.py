"""Layout of ``quant_monitor.xlsx``: quant index-enhanced products against their benchmarks.

The Monitor sheet lists each product's YTD excess return, excess drawdowns and latest excess
NAV (as of the report date) and the benchmark indices' drawdowns over the crisis windows; the
Episodes sheet each product's worst excess drawdown episodes; the Charts sheet plots weekly
excess NAVs and drawdowns. Nothing is sized by the bundled data: the products and indices are
the columns of the data sheets (any number), each product's benchmark is looked up by name in
the Settings table (``bench_products`` → ``bench_names``, else ``default_benchmark``), and
every table is one spilled formula per column that grows with the data. Fixed positions are
named constants (:data:`CALC`, :data:`CHARTS`, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

from fofxl.io.demo_data import QUANT_BENCHMARKS
from fofxl_templates.workbook import (
    Book,
    Layout,
    col_range,
    conf_sheet,
    data_sheet,
    line_chart,
    log_sheet,
    settings_sheet,
)

FILE = "quant_monitor.xlsx"
PRODUCTS_FROM = "2019-01-01"
TOP_EPISODES = 3  # drawdown episodes listed per product
PALETTE = ["#C00000", "#ED7D31", "#FFC000", "#1F3864", "#2E75B6", "#70AD47"]
#: rows of the Settings benchmark table (product → benchmark by name), and rows of each
#: product/index table pre-formatted for live Excel (the renderer formats any further rows)
BENCH_ROWS = 60
FORMATTED_ROWS = 30

#: Calc sheet: each block's anchor; each block spills down (one row per date) and right (one
#: column per product or index), so blocks sit CALC_STRIDE columns apart: room for up to
#: CALC_STRIDE - 2 products or indices
CALC_STRIDE = 64
CALC = {
    name: xl_rowcol_to_cell(0, k * CALC_STRIDE)
    for k, name in enumerate(("bench", "excess", "dd", "roll", "idx_dd", "wk", "wk_dd", "wk_idx"))
}

#: Monitor sheet: product summary (left) and index window drawdowns (right), side by side so
#: each grows down with its own count; the episodes have their own sheet
MONITOR_FIRST = 5  # title row; header below; one row per product/index below that
SUMMARY_COL, INDEX_COL = 1, 9  # B, J
EPISODES_FIRST = 4  # header row of the episode table (1-based)
#: Charts sheet: where each chart sits, page breaks (0-based rows) and the print area
CHARTS = {"excess_nav": "B4", "excess_dd": "B22", "index_dd": "B40"}
CHART_PAGE_BREAKS = [39]
CHARTS_PRINT_AREA = "A1:P58"


#: the worst N-day excess drawdown of a product's FOF_ROLLDD column ``c`` (header row first)
#: among windows ending on or before the report date: a later window is multiplied by 0 (a
#: drawdown is <= 0, so 0 never wins the MIN)
WORST_TO_DATE = "MIN(_xlfn.DROP(_xlpm.c, 1) * (_xlfn.DROP(prod_dates, 1) <= set_report_date))"


def _calc(name: str, col: int = 0) -> str:
    """``Calc!A1#``-style spill of the Calc block ``name`` (``col`` columns right of it)."""
    row, first = xl_cell_to_rowcol(CALC[name])
    return f"Calc!{xl_rowcol_to_cell(row, first + col)}#"


def _settings(bk: Book, names: list[str], benchmarks: Mapping[str, str]) -> None:
    settings, row = settings_sheet(
        bk,
        [
            (
                "report_date",
                dt.datetime(2024, 6, 28),
                bk.date_in,
                "报告日期 report date: the "
                "latest figures are as of the last date on or before it with product and benchmark",
            ),
            (
                "ytd_start",
                None,
                bk.date_in,
                "今年以来 YTD from the end of the report date's "
                "previous year (a formula; type a date to override)",
            ),
            ("dd_days", 4, bk.num_in, "short window (trading days) for the worst excess drawdown"),
            (
                "window_start",
                dt.datetime(2023, 11, 20),
                bk.date_in,
                "index window start (2023-11 peak of small caps)",
            ),
            (
                "window_end",
                dt.datetime(2024, 2, 7),
                bk.date_in,
                "index window end (2024-02 trough)",
            ),
            (
                "long_start",
                dt.datetime(2021, 2, 10),
                bk.date_in,
                "long window start (CSI 300 peak, 2021 Spring Festival)",
            ),
            ("excess_method", "ratio", bk.num_in, "excess NAV: ratio or diff"),
            ("top", TOP_EPISODES, bk.num_in, "drawdown episodes listed per product"),
            (
                "default_benchmark",
                None,
                bk.num_in,
                "benchmark of a product not in the table below (blank = the first index)",
            ),
        ],
        {"Products": "nav", "Indices": "level"},
    )
    bk.formula(settings, "B5", "=DATE(YEAR(set_report_date), 1, 1)", bk.date_in)
    # the benchmark of each product by name (rows in any order; add rows for new products)
    settings.write(row, 0, "产品 product", bk.head)
    settings.write(row, 1, "基准 benchmark (an index of the Indices sheet)", bk.head)
    for i in range(BENCH_ROWS):
        name = names[i] if i < len(names) else None
        settings.write(row + 1 + i, 0, name, bk.num_in)
        settings.write(row + 1 + i, 1, benchmarks.get(name) if name else None, bk.num_in)
    first, last = row + 2, row + 1 + BENCH_ROWS
    bk.wb.define_name("bench_products", f"=Settings!$A${first}:$A${last}")
    bk.wb.define_name("bench_names", f"=Settings!$B${first}:$B${last}")


def _calc_sheet(bk: Book) -> None:
    calc = bk.sheet("Calc", "#BFBFBF")
    bands = {name: xl_cell_to_rowcol(cell)[1] for name, cell in CALC.items()}
    for name in ("excess", "wk", "wk_dd", "wk_idx"):
        calc.set_column(bands[name], bands[name], 11, bk.date)
    for name, fmt in (
        ("excess", bk.nav),
        ("wk", bk.nav),
        ("dd", bk.pct),
        ("roll", bk.pct),
        ("idx_dd", bk.pct),
        ("wk_dd", bk.pct),
        ("wk_idx", bk.pct),
    ):
        dated = name in ("excess", "wk", "wk_dd", "wk_idx")
        calc.set_column(bands[name] + dated, bands[name] + CALC_STRIDE - 2, 10, fmt)
    # each product's benchmark, by name from the Settings table (else the default)
    default = 'IF(set_default_benchmark="", INDEX(idx_names, 1, 1), set_default_benchmark)'
    bk.spill(
        calc, CALC["bench"], f"=_xlfn.XLOOKUP(prod_names, bench_products, bench_names, {default})"
    )
    bench = _calc("bench")
    bk.spill(calc, CALC["excess"], "=prod_dates")
    excess = _calc("excess", 1)
    bk.spill(
        calc,
        xl_rowcol_to_cell(0, bands["excess"] + 1),
        "=FOF_EXCESS(prod_dates, prod_navs, idx_dates, _xlfn.CHOOSECOLS(idx_closes,"
        f" _xlfn.XMATCH({bench}, idx_names)), set_excess_method)",
    )
    bk.spill(calc, CALC["dd"], f"=FOF_DRAWDOWN(prod_dates, {excess})")
    bk.spill(calc, CALC["roll"], f"=FOF_ROLLDD(prod_dates, {excess}, set_dd_days)")
    bk.spill(calc, CALC["idx_dd"], "=FOF_DRAWDOWN(idx_dates, idx_closes)")
    # weekly views for the charts (Friday weeks: last excess NAV, worst drawdown of the week)
    bk.spill(calc, CALC["wk"], f'=FOF_RESAMPLE(prod_dates, {excess}, "W", "last")')
    bk.spill(calc, CALC["wk_dd"], f'=FOF_RESAMPLE(prod_dates, {_calc("dd")}, "W", "min")')
    bk.spill(calc, CALC["wk_idx"], f'=FOF_RESAMPLE(idx_dates, {_calc("idx_dd")}, "W", "min")')


def _columns(
    bk: Book, ws: Any, row: int, col: int, heads: list[str], head: Any, cells: list[tuple[str, Any]]
) -> None:
    """A table of one spilled column each: header row ``row`` (0-based), formulas below it,
    every column formatted for :data:`FORMATTED_ROWS` rows."""
    ws.write_row(row, col, heads, head)
    for j, (formula, fmt) in enumerate(cells):
        for i in range(1, FORMATTED_ROWS):
            ws.write_blank(row + 1 + i, col + j, None, fmt)
        bk.spill(ws, xl_rowcol_to_cell(row + 1, col + j), formula, fmt)


def _monitor_sheet(bk: Book, monitor: Any, rows: int) -> None:
    head = bk.wb.add_format(
        {**bk.base, "bold": True, "bg_color": "#DDEBF7", "bottom": 1, "text_wrap": True}
    )
    monitor.set_column("A:A", 2)
    monitor.set_column("B:B", 14)
    monitor.set_column("C:H", 12.5)
    monitor.set_column("I:I", 2)
    monitor.set_column("J:J", 12)
    monitor.set_column("K:N", 12.5)
    monitor.fit_to_pages(1, 0)
    bk.report_header(
        monitor,
        "量化指增产品超额回撤监控",
        "Quant index-enhanced products against "
        "their benchmarks — excess NAV, excess drawdowns and index window drawdowns "
        "(the early-2024 small-cap crisis)",
    )

    # product summary: one row per product (names from the data), one spill per column
    title = MONITOR_FIRST - 1  # 0-based
    monitor.write(
        title, SUMMARY_COL, "产品超额表现 Product excess summary (as of the report date)", bk.h2
    )
    monitor.set_row(title + 1, 42)
    excess, roll = _calc("excess", 1), _calc("roll")
    _columns(
        bk,
        monitor,
        title + 1,
        SUMMARY_COL,
        [
            "产品 product",
            "基准 benchmark",
            "今年超额 YTD excess",
            "超额最大回撤 max excess DD",
            "最差N日超额回撤 worst N-day excess DD",
            "日期 date",
            "最新超额净值 excess NAV",
        ],
        head,
        [
            ("=_xlfn.TRANSPOSE(prod_names)", bk.key),
            (f"=_xlfn.TRANSPOSE({_calc('bench')})", bk.text),
            (
                f'=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_STAT(prod_dates, {excess}, "total_return",'
                " set_ytd_start, set_report_date), -1))",
                bk.pct,
            ),
            (
                f"=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_MAXDD(prod_dates, {excess}, , set_report_date),"
                " -1))",
                bk.pct,
            ),
            (
                f"=_xlfn.TRANSPOSE(_xlfn.BYCOL({roll}, _xlfn.LAMBDA(_xlpm.c, {WORST_TO_DATE})))",
                bk.pct,
            ),
            (
                f"=_xlfn.TRANSPOSE(_xlfn.BYCOL({roll}, _xlfn.LAMBDA(_xlpm.c, INDEX(prod_dates,"
                f" MATCH({WORST_TO_DATE}, _xlpm.c, 0)))))",
                bk.date,
            ),
            (
                "=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_ALIGN(set_report_date, prod_dates, "
                f"{excess}), -1))",
                bk.nav,
            ),
        ],
    )
    # index drawdowns over the windows: one row per index (names from the data)
    monitor.write(title, INDEX_COL, "指数区间回撤 Index drawdowns over the windows", bk.h2)
    window = "set_window_start, set_window_end"
    _columns(
        bk,
        monitor,
        title + 1,
        INDEX_COL,
        [
            "指数 index",
            "区间最大回撤 window max DD",
            "区间收益 window return",
            "长区间收益 long-window return",
            "长区间最大回撤 long max DD",
        ],
        head,
        [
            ("=_xlfn.TRANSPOSE(idx_names)", bk.key),
            (
                f"=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_MAXDD(idx_dates, idx_closes, {window}), -1))",
                bk.pct,
            ),
            (
                f'=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_STAT(idx_dates, idx_closes, "total_return",'
                f" {window}), -1))",
                bk.pct,
            ),
            (
                '=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_STAT(idx_dates, idx_closes, "total_return",'
                " set_long_start, set_window_end), -1))",
                bk.pct,
            ),
            (
                "=_xlfn.TRANSPOSE(_xlfn.TAKE(FOF_MAXDD(idx_dates, idx_closes, set_long_start,"
                " set_window_end), -1))",
                bk.pct,
            ),
        ],
    )
    monitor.print_area(f"A1:N{MONITOR_FIRST + 1 + rows}")  # the renderer grows it


def _episodes_sheet(bk: Book, ws: Any, n: int) -> None:
    ws.set_column("A:A", 2)
    ws.set_column("B:B", 14)
    ws.set_column("C:I", 15)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
    ws.write("B1", "超额回撤区间 Excess drawdown episodes (worst first, per product)", bk.title)
    ws.write(
        "B2",
        "peak → trough → recovery of each product's excess NAV; depth, and lengths in "
        "periods of the data (rows of the Products sheet)",
        bk.subtitle,
    )
    ep_formats = [bk.key, bk.date, bk.date, bk.date, bk.pct, bk.count, bk.count, bk.count]
    bk.block(
        ws,
        EPISODES_FIRST - 1,
        1,
        f"=FOF_DDTABLE(prod_dates, {_calc('excess', 1)}, set_top)",
        [[bk.head] * len(ep_formats)] + [ep_formats] * max(n * TOP_EPISODES, 1),
    )
    ws.print_area(f"A1:I{EPISODES_FIRST + max(n * TOP_EPISODES, 1)}")
    ws.repeat_rows(EPISODES_FIRST - 1)


def _weekly_series(bk: Book, name: str, width: int, colors: list[str]) -> list[dict]:
    """Chart series of a weekly Calc block (date + ``width`` columns): one per column. The
    renderer adds or drops series when the data has more or fewer columns."""
    row, block = xl_cell_to_rowcol(CALC[name])
    m = bk.rows("Calc", CALC[name], 300) - 1
    cats = col_range("Calc", block, 2, m)
    return [
        {
            "name": f"=Calc!${xl_col_to_name(block + 1 + k)}$1",
            "categories": cats,
            "values": col_range("Calc", block + 1 + k, 2, m),
            "line": {"color": colors[k % len(colors)]},
        }
        for k in range(width)
    ]


def _charts_sheet(bk: Book, charts: Any, n: int, n_idx: int) -> None:
    charts.hide_gridlines(2)
    charts.set_landscape()
    charts.set_paper(9)
    charts.fit_to_pages(1, 0)
    charts.write("B1", "图表 Charts", bk.title)
    bk.demo_note(charts, "B2", bk.subtitle)
    charts.insert_chart(
        CHARTS["excess_nav"],
        line_chart(bk, "超额净值 Excess NAV", None, "0.00", _weekly_series(bk, "wk", n, PALETTE)),
    )
    charts.insert_chart(
        CHARTS["excess_dd"],
        line_chart(
            bk,
            "超额回撤 Excess drawdown (worst of each week)",
            None,
            "0%",
            _weekly_series(bk, "wk_dd", n, PALETTE),
        ),
    )
    charts.insert_chart(
        CHARTS["index_dd"],
        line_chart(
            bk,
            "指数回撤 Index drawdown",
            None,
            "0%",
            _weekly_series(bk, "wk_idx", n_idx, PALETTE[2:] + PALETTE[:2]),
        ),
    )
    charts.set_h_pagebreaks(CHART_PAGE_BREAKS)
    charts.print_area(CHARTS_PRINT_AREA)


def build(
    data: dict[str, pd.DataFrame],
    path: Path,
    sizes: Mapping[str, int],
    benchmarks: Mapping[str, str] = QUANT_BENCHMARKS,
) -> Path:
    """Write the quant product monitor to ``path`` from the demo ``data`` tables."""
    bk = Book(path, dict(sizes))
    products = data["quant_pool"].loc[PRODUCTS_FROM:]
    products = products.dropna(how="all")
    indices = data["benchmarks"].loc[products.index[0] :]
    names = list(products.columns)
    n, n_idx = len(names), len(indices.columns)
    monitor = bk.sheet("Monitor", "#1F3864")
    episodes = bk.sheet("Episodes", "#1F3864")
    charts = bk.sheet("Charts", "#1F3864")
    _settings(bk, names, benchmarks)
    data_sheet(bk, "Products", products, "prod", {"navs": names})
    data_sheet(bk, "Indices", indices, "idx", {"closes": list(indices.columns)})
    # the names of the products and indices: the header rows of the data, however many
    bk.wb.define_name("prod_names", "=INDEX(prod_navs, 1, 0)")
    bk.wb.define_name("idx_names", "=INDEX(idx_closes, 1, 0)")
    _calc_sheet(bk)
    _monitor_sheet(bk, monitor, max(n, n_idx))
    _episodes_sheet(bk, episodes, n)
    _charts_sheet(bk, charts, n, n_idx)
    log_sheet(bk)
    conf_sheet(bk)
    monitor.activate()
    bk.close()
    return path


LAYOUT = Layout(FILE, build)
