"""The T0 report's regime-inference page (sheet ``Regimes``): is the regime effect real, and
which products carry it?

For each indicator (turnover, volatility, amplitude): FOF_REGIMETEST by periods (one observation
per period, the average of the products' returns that period) and pooled (each product-period,
as in Tables 3–5), side by side, under a one-line reading built by formulas from the two tests
(what an analyst can quote). The periods are the index's ``freq`` on Settings (weeks or
months), and every label says which (:func:`freq_text`). Then FOF_REGIMEPRODUCTS on
turnover sorted by spread, and a column chart of the spreads. The raw FOF_REGIMETEST spills
sit in hidden columns right of the print area; the visible tables pick their columns with
INDEX.

A block of its own: :func:`write` fills a sheet the T0 layout created; where each block starts
is named in :data:`ROWS` and :data:`RAW`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from fofxl_templates.workbook import Book, col_range

SHEET = "Regimes"
#: first row (1-based) of each indicator's section and of the per-product section
ROWS = {"indicator": (6, 15, 24), "products": 34}
#: hidden columns (0-based) holding the raw FOF_REGIMETEST spills: by periods, pooled
RAW = {"period": 26, "pooled": 38}
LEFT, RIGHT = 1, 10  # first columns (0-based) of the by-periods and the pooled tables
#: FOF_REGIMETEST columns (1-based) shown: by periods all but a, b, unit; pooled without test
PERIOD_COLUMNS = (1, 5, 6, 7, 8, 9, 10, 11)
POOLED_COLUMNS = (5, 6, 7, 8, 9, 10, 11)
PRODUCT_FORMAT_ROWS = 10  # rows formatted for the per-product table at least (header included)
PRINT_COLUMNS = "A:Q"

#: the Settings freq values that mean month ends (as the fofxl functions read them, any case);
#: any other value is weeks (FOF_INDEX takes W or M only)
MONTHLY = ("M", "ME", "month", "monthly")
#: the words of :func:`freq_text`: (weekly, monthly)
FREQ_WORDS = {
    "week": ("week", "month"),
    "weeks": ("weeks", "months"),
    "weekly": ("weekly", "monthly"),
    "zh": ("周", "月"),
}


def freq_text(text: str) -> str:
    """A formula (without ``=``) giving ``text`` in the words of the index frequency on
    Settings: ``{week}``, ``{weeks}``, ``{weekly}`` and ``{zh}`` (周/月) become the weekly or
    the monthly words. ``"{weekly} returns"`` gives monthly returns when ``set_freq`` is M."""
    weekly, monthly = (
        text.format(**{key: words[k] for key, words in FREQ_WORDS.items()}).replace('"', '""')
        for k in (0, 1)
    )
    test = " + ".join(f'(set_freq = "{m}")' for m in MONTHLY)
    return f'IF({test}, "{monthly}", "{weekly}")'


def _formats(bk: Book) -> dict[str, Any]:
    f = bk.wb.add_format
    return {
        "text": bk.text,
        "count": bk.count,
        "pct": bk.pct,
        "stat": bk.ratio,
        "df": f({**bk.base, "num_format": "0.0"}),
        "p": f({**bk.base, "num_format": '[<0.0001]"<0.0001";0.0000'}),
        "reading": f({**bk.base, "bold": True, "font_size": 11, "font_color": "#C00000"}),
        "band": f({**bk.base, "bold": True, "font_color": "#1F3864", "italic": True}),
    }


def _test_call(pooled: str, indicator: str, unit: str) -> str:
    return (
        f"=FOF_REGIMETEST(INDEX({pooled}, 0, 1), _xlfn.DROP({pooled}, 0, 1), mkt_dates, "
        f'{indicator}, set_window, set_low, set_high, , , , , "{unit}")'
    )


def _pick(anchor: str, columns: Sequence[int]) -> str:
    picked = ", ".join(f"INDEX({anchor}#, 0, {c})" for c in columns)
    return f"=_xlfn.HSTACK({picked})"


def reading(period: str, pooled: str) -> str:
    """The one-line reading from the two FOF_REGIMETEST spills anchored at ``period`` and
    ``pooled`` (cells): regimes compared, spread of the period means in pp, Welch p by
    periods, and how many times the pooled product-periods outnumber the periods (weeks or
    months, as :func:`freq_text` says)."""

    def at(anchor: str, row: int, col: int) -> str:
        return f"INDEX({anchor}#, {row}, {col})"

    spread = f"({at(period, 2, 7)} - {at(period, 2, 8)}) * 100"
    p = at(period, 2, 11)
    ratio = f"{at(pooled, 4, 5)} / {at(period, 4, 5)}"
    return (
        f'={at(period, 2, 2)}&" vs "&{at(period, 2, 3)}&": "'
        f'&IFERROR(TEXT({spread}, "+0.00;-0.00"), "–")&{freq_text(" pp a {week}, ")}'
        f"&IF(COUNT({p}) = 0, {freq_text('p n/a (too few {weeks})')}, IF({p} < 0.001, "
        f'"p < 0.001", "p = "&TEXT({p}, "0.000")))'
        f"&{freq_text(' by {weeks}; pooled product-{weeks} overstate n ')}"
        f'&IFERROR(TEXT({ratio}, "0.0"), "–")&"×"'
    )


def write(bk: Book, ws: Any, pooled: str, indicators: Sequence[tuple[str, str]]) -> None:
    """Fill the Regimes sheet ``ws``.

    ``pooled`` is the spill of the T0 products' returns per period of the index frequency
    (date + one column each);
    ``indicators`` the (heading, indicator formula) of turnover, volatility and amplitude, in
    that order (the first one is used for the per-product table).
    """
    fmt = _formats(bk)
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_column("A:A", 2)
    ws.set_column("B:B", 13)
    ws.set_column("C:Q", 10)
    ws.set_column(RAW["period"], RAW["pooled"] + 10, 9, None, {"hidden": True})
    ws.write("B1", "T0策略的市场环境效应是否显著?哪些产品受益?", bk.title)
    ws.write(
        "B2",
        "Is the regime effect more than noise, and which products carry it? — "
        "high vs low regime of each indicator (3-year percentile; thresholds on Settings).",
        bk.subtitle,
    )
    bk.demo_note(ws, "B4", bk.note)
    note = freq_text(
        "By {weeks}: one observation per {week} = the average of the products' returns "
        "that {week} (products' returns in one {week} move together). Pooled: every "
        "product-{week} is one observation, as in Tables 3–5, which overstates n. Welch t, "
        "Mann–Whitney U (a vs b), Kruskal–Wallis H (all three regimes)."
    )
    bk.formula(ws, "B3", f"={note}", bk.note)
    period_formats = [fmt[k] for k in ("text", "count", "count", "pct", "pct", "stat", "df", "p")]
    pooled_formats = period_formats[1:]
    for (heading, indicator), top in zip(indicators, ROWS["indicator"], strict=True):
        ws.write(f"B{top}", heading, bk.h2)
        for j in range(2, 17):
            ws.write_blank(top - 1, j, None, bk.h2)
        first = top + 3  # 1-based row of the tables' header
        raw = {unit: xl_rowcol_to_cell(first - 1, col) for unit, col in RAW.items()}
        for unit, cell in raw.items():
            bk.spill(ws, cell, _test_call(pooled, indicator, unit))
        bk.formula(ws, f"B{top + 1}", reading(raw["period"], raw["pooled"]), fmt["reading"])
        for col, band in (
            (LEFT, "按{zh} by {weeks} (one observation per {week}): a = high, b = low"),
            (RIGHT, "合并 pooled product-{weeks} (as Tables 3–5): a = high, b = low"),
        ):
            bk.formula(ws, xl_rowcol_to_cell(top + 1, col), f"={freq_text(band)}", fmt["band"])
        bk.block(
            ws,
            first - 1,
            LEFT,
            _pick(raw["period"], PERIOD_COLUMNS),
            [[bk.head] * len(period_formats)] + [period_formats] * 3,
        )
        bk.block(
            ws,
            first - 1,
            RIGHT,
            _pick(raw["pooled"], POOLED_COLUMNS),
            [[bk.head] * len(pooled_formats)] + [pooled_formats] * 3,
        )

    top = ROWS["products"]
    ws.write(f"B{top}", "单产品敏感度 Per-product sensitivity to turnover, sorted by spread", bk.h2)
    for j in range(2, 17):
        ws.write_blank(top - 1, j, None, bk.h2)
    note = freq_text(
        "spread = a product's mean {weekly} return in high-turnover {weeks} − "
        "in low-turnover {weeks}; t, p_value: Welch's test of the two; rank 1 = the product "
        "most helped by high turnover (manager selection: the last rows do not benefit)."
    )
    bk.formula(ws, f"B{top + 1}", f"={note}", bk.note)
    # the chart's series name, in the words of the frequency (a hidden cell)
    series_name = xl_rowcol_to_cell(top - 1, RAW["period"], row_abs=True, col_abs=True)
    bk.formula(ws, series_name, f"={freq_text('high − low spread ({weekly} mean return)')}")
    anchor = xl_rowcol_to_cell(top + 1, LEFT)
    rows = max(bk.rows(SHEET, anchor, PRODUCT_FORMAT_ROWS), PRODUCT_FORMAT_ROWS)
    n = bk.rows(SHEET, anchor, PRODUCT_FORMAT_ROWS) - 1  # products on the bundled data
    product_formats = [
        fmt[k]
        for k in (
            "text",
            "count",
            "count",
            "count",
            "pct",
            "pct",
            "pct",
            "pct",
            "stat",
            "p",
            "count",
        )
    ]
    bk.block(
        ws,
        top + 1,
        LEFT,
        f"=FOF_REGIMEPRODUCTS(INDEX({pooled}, 0, 1), _xlfn.DROP({pooled}, 0, 1), "
        f"mkt_dates, {indicators[0][1]}, set_window, set_low, set_high, , , TRUE)",
        [[bk.head] * len(product_formats)] + [product_formats] * (rows - 1),
    )
    chart = bk.wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": f"={SHEET}!{series_name}",
            "categories": col_range(SHEET, LEFT, top + 3, n),
            "values": col_range(SHEET, LEFT + 7, top + 3, n),
            "fill": {"color": "#C00000"},
            "gap": 60,
        }
    )
    chart.set_title(
        {
            "name": "各产品高换手率与低换手率区间的收益差 Spread by product "
            "(high − low turnover regime)",
            "name_font": {"size": 11, "name": "Noto Sans CJK SC"},
        }
    )
    chart.set_x_axis({"label_position": "low", "num_font": {"size": 8}})
    chart.set_y_axis(
        {
            "num_format": "0.0%",
            "num_font": {"size": 8},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"none": True})
    chart.set_size({"width": 900, "height": 300})
    chart_row = top + 1 + n + 2  # below the spilled table (its size on the bundled data)
    ws.insert_chart(chart_row, LEFT, chart)
    last = chart_row + 17
    ws.print_area(f"A1:{xl_col_to_name(16)}{last}")
    ws.set_h_pagebreaks([top - 2])  # the page starts with a blank row above the section
    ws.repeat_rows(0, 1)
