"""Layout of ``screening.xlsx``: manager screening of a fund pool (SPEC §9).

Sheets: Screen (the catalogue metrics of every fund against the chosen benchmark, with its
strategy and its peer rank within the strategy), Trailing (区间业绩: trailing-window returns
and drawdowns as of the report date), Fund (the monthly return grid and the drawdown chart of
the fund chosen on Settings), Correlation (the pool's correlation matrix with a colour scale).
The pool is the wide NAV sheet Pool with a strategy label per fund on the Funds sheet; the
benchmark indices are on Indices. Blocks sized by the number of funds follow from
:func:`screen_columns`; fixed positions are named constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from fofxl.io.demo_data import screening_pool
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

FILE = "screening.xlsx"
POOL_FROM = "2019-01-01"
#: the screen's columns after the fund name (FOF_SCREEN metrics, in order) and their formats
SCREEN_METRICS = (
    ("ann_return", "pct"),
    ("ann_vol", "pct"),
    ("max_dd", "pct"),
    ("sharpe", "ratio"),
    ("sortino", "ratio"),
    ("calmar", "ratio"),
    ("var_95", "pct"),
    ("cvar_95", "pct"),
    ("max_dd_days", "count"),
    ("excess_return", "pct"),
    ("information_ratio", "ratio"),
    ("beta", "ratio"),
    ("up_capture", "ratio"),
    ("down_capture", "ratio"),
)
#: the metric peer-ranked within each strategy
RANK_METRIC = "sharpe"
TRAILING_WINDOWS = "1M,3M,6M,YTD,1Y,2Y,3Y,SI"
TRAILING_METRICS = "total_return,max_dd"
#: first row (1-based) of the Screen table's header; the definitions note sits above it
#: (row 5), so the table spills down as far as the pool goes (hundreds of funds)
SCREEN_FIRST = 7
SCREEN_NOTE = "B5"
#: rows the peer-rank data bar covers (any pool up to this size)
DATA_BAR_ROWS = 2000
#: Fund sheet: the monthly grid's anchor and the chart's cell
FUND_GRID = "B6"
FUND_CHART = "B22"


def screen_columns() -> dict[str, int]:
    """Screen sheet: first column (0-based) of each block.

    The strategy labels (one column), the screen (fund name + one column per metric), the
    peer rank of :data:`RANK_METRIC` within the strategy (rank, count, top); no gap between.
    """
    return place({"strategy": 1, "screen": 1 + len(SCREEN_METRICS), "rank": 3}, first=1, gap=0)


def _settings(bk: Book, names: list[str], indices: pd.DataFrame) -> None:
    settings, row = settings_sheet(
        bk,
        [
            ("report_date", dt.datetime(2024, 6, 28), bk.date_in, "报告日期 report date (as of)"),
            ("start", dt.datetime(2021, 7, 1), bk.date_in, "筛选区间起点 screen span start"),
            ("end", dt.datetime(2024, 6, 28), bk.date_in, "筛选区间终点 screen span end"),
            ("rf", 0.02, bk.pct_in, "无风险利率 annual risk-free rate (also the MAR of Sortino)"),
            (
                "bench",
                "csi500",
                bk.num_in,
                "基准 benchmark: a column of Indices (blank = the first)",
            ),
            (
                "fund",
                names[0],
                bk.num_in,
                "单只基金 the fund shown on the Fund sheet (a column of Pool; blank = the first)",
            ),
            ("corr_freq", "W", bk.num_in, "相关性频率 correlation periods: W (Fridays) or M"),
            ("min_periods", 26, bk.num_in, "fewest common returns for a correlation"),
        ],
        {"Pool": "nav", "Indices": "level"},
    )
    settings.data_validation("B8", {"validate": "list", "source": list(indices.columns)})
    settings.data_validation("B9", {"validate": "list", "source": "=pool_names"})
    del row


def _funds_sheet(bk: Book, strategies: pd.Series) -> None:
    """Funds: a fund column (in the Pool's order) and its strategy label."""
    ws = bk.sheet("Funds", "#A9D08E")
    ws.set_column(0, 1, 14)
    ws.write_row(0, 0, ["fund", "strategy"], bk.head)
    for i, (name, label) in enumerate(strategies.items(), 1):
        ws.write(i, 0, name, bk.text)
        ws.write(i, 1, label, bk.text)
    last = len(strategies) + 1
    bk.wb.define_name("fund_names", f"=Funds!$A$1:$A${last}")
    bk.wb.define_name("fund_strategy", f"=Funds!$B$1:$B${last}")


def _chosen(key: str, names: str, sheet: str) -> tuple[str, str]:
    """The column of the series named by ``set_<key>`` among ``names`` (the header of a data
    sheet; blank = the first), and the name to show for it: the name, or a message when the
    data has no such column (the tables that use it then fail: never another series
    silently, as a fallback to the first column did)."""
    at = f'IF(set_{key}="", 1, _xlfn.XMATCH(set_{key}, {names}))'
    shown = (
        f'IFERROR(INDEX({names}, 1, {at}), "✗ {key} \'" & set_{key} & "\' is not a column of '
        f'{sheet}: set {key} to one of its headers (Settings)")'
    )
    return at, shown


#: The benchmark chosen on Settings (a column of Indices) and its name as the report shows it.
BENCH_AT, BENCH_SHOWN = _chosen("bench", "idx_names", "Indices")
BENCH = f"INDEX(idx_closes, 0, {BENCH_AT})"
#: The strategy of a fund the Funds sheet does not list.
UNCLASSIFIED = "未分类 unclassified"


def _screen_sheet(bk: Book, ws: Any, n: int) -> None:
    at = screen_columns()
    bk.report_header(
        ws,
        "基金筛选 业绩与风险指标",
        "Manager screening — the catalogue metrics of "
        "every fund over the span on Settings, against the chosen benchmark, with the "
        "fund's peer rank within its strategy",
    )
    ws.write("B4", "基准 Benchmark", bk.key)
    bk.formula(ws, "C4", f"={BENCH_SHOWN}", bk.text)
    ws.write("D4", "区间 Span", bk.key)
    bk.formula(ws, "E4", "=set_start", bk.date)
    bk.formula(ws, "F4", "=set_end", bk.date)
    ws.set_column(0, 0, 2)
    ws.set_column(at["strategy"], at["strategy"], 15)
    ws.set_column(at["screen"], at["screen"], 12)
    ws.set_column(at["screen"] + 1, at["rank"] + 2, 8.5)
    row = SCREEN_FIRST - 1  # 0-based header row
    head = bk.wb.add_format(
        {
            **bk.base,
            "bold": True,
            "bg_color": "#DDEBF7",
            "bottom": 1,
            "rotation": 90,
            "align": "center",
            "valign": "bottom",
            "font_size": 9,
        }
    )
    ws.set_row(row, 84)
    ws.write(row - 1, at["screen"], "业绩与风险 Performance and risk", bk.h2)
    ws.write(row - 1, at["rank"], f"同类排名 Peer rank ({RANK_METRIC})", bk.h2)
    formats = {"pct": bk.pct, "ratio": bk.ratio, "count": bk.count}
    # each fund's strategy looked up by name on the Funds sheet (a fund it does not list is
    # ranked among the unclassified), so the column follows the Pool's funds, not the demo's
    strategy = (
        '=_xlfn.VSTACK("strategy", _xlfn.XLOOKUP(TRANSPOSE(pool_names), fund_names, '
        f'fund_strategy, "{UNCLASSIFIED}"))'
    )
    bk.block(ws, row, at["strategy"], strategy, [[head]] + [[bk.text]] * n)
    metrics = ",".join(m for m, _ in SCREEN_METRICS)
    screen = (
        f'=FOF_SCREEN(pool_dates, pool_navs, "{metrics}", set_start, set_end, '
        f"idx_dates, {BENCH}, set_rf)"
    )
    bk.block(
        ws,
        row,
        at["screen"],
        screen,
        [[head] * (1 + len(SCREEN_METRICS))]
        + [[bk.key] + [formats[f] for _, f in SCREEN_METRICS]] * n,
    )
    anchor = xl_rowcol_to_cell(row, at["screen"])
    groups = xl_rowcol_to_cell(row, at["strategy"])
    k = 2 + [m for m, _ in SCREEN_METRICS].index(RANK_METRIC)
    bk.block(
        ws,
        row,
        at["rank"],
        f"=FOF_PEERRANK(INDEX({anchor}#, 0, {k}), {groups}#)",
        [[head] * 3] + [[bk.count, bk.count, bk.pct]] * n,
    )
    last = row + 1 + n
    ws.conditional_format(
        row + 1,
        at["rank"] + 2,
        row + DATA_BAR_ROWS,
        at["rank"] + 2,
        {"type": "data_bar", "bar_color": "#9BC2E6", "data_bar_2010": False},
    )
    ws.freeze_panes(row + 1, at["screen"] + 1)
    ws.write(
        SCREEN_NOTE,
        "Definitions: see the help of FOF_STAT; beta, excess "
        "return and capture against the benchmark's level on each fund date. top = rank / "
        "count (lower is better).",
        bk.note,
    )
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(row)
    ws.print_area(0, 0, last - 1, at["rank"] + 2)  # the renderer grows it with the table


def _trailing_sheet(bk: Book, ws: Any, n: int) -> None:
    bk.report_header(
        ws,
        "区间业绩",
        "Trailing-window performance as of the report date — a window "
        "a fund is younger than stays blank",
    )
    windows = TRAILING_WINDOWS.split(",")
    n_metrics = len(TRAILING_METRICS.split(",")) + 1
    ws.set_column(0, 0, 2)
    ws.set_column(1, 2, 14)
    ws.set_column(3, 2 + len(windows), 9)
    row = 4
    rows = [[bk.head] * (2 + len(windows))]
    for _ in range(n):
        rows += [[bk.key, bk.text] + [bk.pct] * len(windows)] * (n_metrics - 1)
        rows += [[bk.key, bk.text] + [bk.count] * len(windows)]
    bk.block(
        ws,
        row,
        1,
        f'=FOF_TRAILING(pool_dates, pool_navs, "{TRAILING_WINDOWS}", '
        f'"{TRAILING_METRICS}", set_report_date, set_rf)',
        rows,
    )
    ws.freeze_panes(row + 1, 3)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(row)
    ws.print_area(0, 0, row + 1 + n * n_metrics, 2 + len(windows))


#: The fund chosen on Settings (a column of Pool) and its name as the report shows it.
CHOSEN_AT, CHOSEN_SHOWN = _chosen("fund", "pool_names", "Pool")
CHOSEN = f"INDEX(pool_navs, 0, {CHOSEN_AT})"


def _fund_sheet(bk: Book, ws: Any, calc: Any, n_dates: int) -> None:
    bk.report_header(
        ws,
        "单只基金 月度收益与回撤",
        "One fund (chosen on Settings): monthly returns (月度收益表) and drawdown",
    )
    ws.write("B4", "基金 Fund", bk.key)
    bk.formula(ws, "C4", f"={CHOSEN_SHOWN}", bk.key)
    ws.set_column(0, 0, 2)
    ws.set_column(1, 1, 13)
    ws.set_column(2, 14, 7.5)
    grid_rows = 8
    head = [bk.head] * 14
    bk.block(
        ws,
        5,
        1,
        f"=FOF_MONTHLY(pool_dates, {CHOSEN})",
        [head] + [[bk.count] + [bk.pct] * 13] * grid_rows,
    )
    ws.conditional_format(
        6,
        2,
        5 + grid_rows,
        13,
        {
            "type": "3_color_scale",
            "min_color": "#F8696B",
            "mid_color": "#FFFFFF",
            "max_color": "#63BE7B",
            "mid_type": "num",
            "mid_value": 0,
        },
    )
    # the chosen fund's drawdown on the Calc sheet (aligned with Pool's rows) for the chart
    calc.set_column(0, 0, 11, bk.date)
    calc.set_column(1, 1, 10, bk.pct)
    bk.spill(calc, "A1", "=pool_dates")
    bk.spill(calc, "B1", f"=FOF_DRAWDOWN(pool_dates, {CHOSEN})")
    chart = line_chart(
        bk,
        "回撤 Drawdown of the chosen fund",
        None,
        "0%",
        [
            {
                "name": "=Fund!$C$4",
                "categories": col_range("Calc", 0, 2, n_dates),
                "values": col_range("Calc", 1, 2, n_dates),
                "line": {"color": "#C00000"},
            }
        ],
    )
    chart.show_blanks_as("span")
    chart.set_size({"width": 820, "height": 300})
    ws.insert_chart(FUND_CHART, chart)
    ws.fit_to_pages(1, 1)
    ws.print_area("A1:O42")


def _correlation_sheet(bk: Book, ws: Any, n: int) -> None:
    bk.report_header(
        ws,
        "相关性矩阵",
        "Correlation of the returns over the periods of corr_freq on Settings (W: Friday "
        "weeks, M: month ends), each pair on the periods both report",
    )
    ws.set_column(0, 0, 2)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 1 + n, 4.2)
    small = bk.wb.add_format({**bk.base, "font_size": 7, "num_format": "0.00"})
    head = bk.wb.add_format(
        {
            **bk.base,
            "font_size": 7,
            "bold": True,
            "rotation": 90,
            "bg_color": "#DDEBF7",
            "align": "center",
        }
    )
    side = bk.wb.add_format({**bk.base, "font_size": 7, "bold": True})
    row = 4
    ws.set_row(row, 48)
    bk.block(
        ws,
        row,
        1,
        '=FOF_CORR(pool_dates, pool_navs, set_corr_freq, "pearson", set_min_periods)',
        [[side] + [head] * n] + [[side] + [small] * n] * n,
    )
    ws.conditional_format(
        row + 1,
        2,
        row + n,
        1 + n,
        {
            "type": "3_color_scale",
            "min_color": "#5A8AC6",
            "mid_color": "#FFFFFF",
            "max_color": "#F8696B",
            "min_type": "num",
            "min_value": -1,
            "mid_type": "num",
            "mid_value": 0,
            "max_type": "num",
            "max_value": 1,
        },
    )
    ws.fit_to_pages(1, 1)
    ws.print_area(0, 0, row + n + 1, 1 + n)


def build(data: dict[str, pd.DataFrame], path: Path, sizes: Mapping[str, int]) -> Path:
    """Write the manager-screening report to ``path`` (pool: :func:`screening_pool`)."""
    bk = Book(path, dict(sizes))
    navs, strategies = screening_pool()
    indices = data["benchmarks"].loc[navs.index[0] :]
    names = list(navs.columns)
    n = len(names)
    screen_ws = bk.sheet("Screen", "#1F3864")
    trailing_ws = bk.sheet("Trailing", "#1F3864")
    fund_ws = bk.sheet("Fund", "#1F3864")
    corr_ws = bk.sheet("Correlation", "#1F3864")
    data_sheet(bk, "Pool", navs, "pool", {"navs": names})
    # the header rows of the data blocks, so they follow the data's funds and indices
    bk.wb.define_name("pool_names", "=INDEX(pool_navs, 1, 0)")
    _funds_sheet(bk, strategies)
    data_sheet(bk, "Indices", indices, "idx", {"closes": list(indices.columns)})
    bk.wb.define_name("idx_names", "=INDEX(idx_closes, 1, 0)")
    _settings(bk, names, indices)
    calc = bk.sheet("Calc", "#BFBFBF")
    _screen_sheet(bk, screen_ws, n)
    _trailing_sheet(bk, trailing_ws, n)
    _fund_sheet(bk, fund_ws, calc, len(navs))
    _correlation_sheet(bk, corr_ws, n)
    log_sheet(bk)
    conf_sheet(bk)
    screen_ws.activate()
    bk.close()
    return path


LAYOUT = Layout(FILE, build)
