"""Templates fit any analyst's data: 1, 3 or 20 products, 2 or 6 indices, vendor headers in
any column order, a benchmark that stops before the products. Every table of the rendered
report equals pylib called directly on the right columns; no error value anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from _report_helpers import block, close
from openpyxl.utils.cell import range_boundaries

from fofxl import drawdowns, excess, performance, regime_table, returns
from fofxl.demo_data import generate
from fofxl.io.demo_data import QUANT_BENCHMARKS
from fofxl_report.formulas import parse_ref
from fofxl_report.recalc import _line_colour
from fofxl_report.render import render

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
QUANT = TEMPLATES / "quant_monitor.xlsx"
T0 = TEMPLATES / "t0_environment.xlsx"
BAD = ("#VALUE!", "#SPILL!", "#NAME?", "#REF!", "#N/A", "#CALC!", "#DIV/0!", "Traceback")
REPORT_DATE = pd.Timestamp("2024-06-28")
#: the demo template's product → benchmark table (Settings), written from the demo data's own
TABLE = QUANT_BENCHMARKS


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate()


def _products(demo, n: int) -> pd.DataFrame:
    """n products: the demo's six (names kept, so the Settings table applies) and more made
    from them with their own drift and noise (names not in the table: default benchmark)."""
    base = demo["quant_pool"].loc["2019-01-01":].dropna(how="all")
    rng = np.random.default_rng(n)
    cols = {}
    for k in range(n):
        src = base.iloc[:, k % base.shape[1]]
        if k < base.shape[1]:
            cols[src.name] = src
            continue
        noise = rng.normal(0.0002, 0.004, len(src))
        cols[f"私募产品{k + 1:02d}"] = src * np.cumprod(1 + noise)
    return pd.DataFrame(cols)


def _indices(demo, n: int, stop: str | None = None) -> pd.DataFrame:
    """n indices: the demo's csi500/1000/300/2000 (the first two are the benchmarks of the
    Settings table) and more made from them; ``stop`` cuts csi500 off at that date (it stops
    before the products)."""
    base = demo["benchmarks"][["csi500", "csi1000", "csi300", "csi2000"]]  # the table's first
    out = {}
    for k in range(n):
        if k < base.shape[1]:
            out[base.columns[k]] = base.iloc[:, k]
        else:
            out[f"idx{k + 1}"] = base.iloc[:, k % base.shape[1]] * (1 + 0.01 * k)
    frame = pd.DataFrame(out)
    if stop is not None:
        frame.loc[pd.Timestamp(stop) + pd.Timedelta(days=1) :, "csi500"] = np.nan
    return frame


def _vendor_csv(frame: pd.DataFrame, path: Path, date_header: str, seed: int) -> None:
    """Columns shuffled, the date column not first, a notes column, vendor date header."""
    order = list(np.random.default_rng(seed).permutation(frame.columns))
    out = frame[order].copy()
    out.insert(len(order) // 2, date_header, frame.index.strftime("%Y-%m-%d"))
    out.to_csv(path, index=False)


def _render_quant(tmp_path, products, indices, *settings: str) -> tuple[openpyxl.Workbook, Any]:
    _vendor_csv(products, tmp_path / "funds.csv", "净值日期", 1)
    _vendor_csv(indices, tmp_path / "indices.csv", "交易日期", 2)
    out = tmp_path / "quant.xlsx"
    args = [f"{k}" for k in settings]
    report = render(
        QUANT,
        out,
        data=[f"Products={tmp_path / 'funds.csv'}", f"Indices={tmp_path / 'indices.csv'}"],
        settings=args,
    )
    return openpyxl.load_workbook(out), report


def _assert_no_errors(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and ws.title not in ("Log", "xlwings.conf"):
                    assert not any(b in v for b in BAD), f"{ws.title}!{cell.coordinate}: {v}"
                    assert "SYNTHETIC" not in v, f"{ws.title}!{cell.coordinate}: demo label"


def _rows(ws, anchor: str) -> list[list[Any]]:
    return block(ws, anchor)


@pytest.mark.parametrize(
    ("n", "n_idx", "stop"),
    [(1, 2, None), (3, 6, "2024-03-29"), (20, 6, None), (20, 2, "2024-05-31")],
)
def test_quant_monitor_for_any_number_of_products_and_indices(tmp_path, demo, n, n_idx, stop):
    products = _products(demo, n)
    indices = _indices(demo, n_idx, stop)
    wb, report = _render_quant(tmp_path, products, indices)
    assert report.issues == []
    _assert_no_errors(wb)
    # the data sheets hold the files' columns (in the files' order), bound by name
    names = [c.value for c in wb["Products"][1] if c.value is not None][1:]
    idx_names = [c.value for c in wb["Indices"][1] if c.value is not None][1:]
    assert sorted(names) == sorted(products.columns) and len(names) == n
    assert sorted(idx_names) == sorted(indices.columns)
    default = idx_names[0]
    bench = {p: TABLE.get(p, default) for p in names}
    panel = pd.DataFrame(
        {p: excess.excess_nav(products[p].dropna(), indices[bench[p]]) for p in names}
    )
    ytd = pd.Timestamp("2024-01-01")
    ws = wb["Monitor"]
    got = _rows(ws, "B6")
    assert [r[0] for r in got[1:]] == names and [r[1] for r in got[1:]] == [bench[p] for p in names]
    for row in got[1:]:
        p = row[0]
        ex = panel[p].dropna()
        assert close(row[2], performance.stat(ex, "total_return", start=ytd, end=REPORT_DATE))
        assert close(row[3], drawdowns.max_drawdown(ex, None, REPORT_DATE))
        roll = drawdowns.rolling_max_drawdown(ex, 4)
        assert close(row[4], roll.min()) and pd.Timestamp(row[5]) == roll.idxmin()
        # the latest excess NAV: the last common date on or before the report date
        assert close(row[6], ex.loc[:REPORT_DATE].iloc[-1])
        if stop is not None and bench[p] == "csi500":
            assert ex.index[-1] == pd.Timestamp(stop) < products[p].dropna().index[-1]
    start, end, long_start = (pd.Timestamp(d) for d in ("2023-11-20", "2024-02-07", "2021-02-10"))
    got = _rows(ws, "J6")
    assert [r[0] for r in got[1:]] == idx_names
    for row in got[1:]:
        level = indices[row[0]].dropna()
        assert close(row[1], drawdowns.max_drawdown(level, start, end))
        assert close(row[2], performance.stat(level, "total_return", start=start, end=end))
        assert close(row[3], performance.stat(level, "total_return", start=long_start, end=end))
        assert close(row[4], drawdowns.max_drawdown(level, long_start, end))
    # episodes: every product's worst three, worst first
    got = _rows(wb["Episodes"], "B4")
    expected = drawdowns.drawdown_episodes_panel(panel, 3)
    assert len(got) - 1 == len(expected)
    for row, (_, exp) in zip(got[1:], expected.iterrows(), strict=True):
        assert row[0] == exp["series"]
        for name, value in zip(got[0][1:], row[1:], strict=True):
            want = None if pd.isna(exp[name]) else exp[name]
            assert close(value, want), (row[0], name)
    # print areas cover the tables; the charts have one series per product / index
    for sheet, width, last in (
        ("Monitor", 14, 6 + max(n, len(idx_names))),
        ("Episodes", 9, 4 + len(expected)),
    ):
        area = str(wb[sheet].print_area).rpartition("!")[2].replace("$", "")
        _, _, max_col, max_row = range_boundaries(area)
        assert max_row >= last and max_col >= width
    counts = [len(c.series) for c in wb["Charts"]._charts]
    assert counts == [n, n, len(idx_names)]
    for chart in wb["Charts"]._charts:
        titles = [s.tx.strRef.f for s in chart.series]
        assert len(set(titles)) == len(titles)
        colours = [_line_colour(s) for s in chart.series]  # every added series its own colour
        assert None not in colours and len(set(colours)) == len(colours)
        for s in chart.series:
            ref = parse_ref(s.val.numRef.f)
            assert ref.max_row > ref.min_row + 50


def test_t0_report_with_one_and_twenty_products_in_vendor_layout(tmp_path, demo):
    market = demo["market"]
    for n in (1, 20):
        rng = np.random.default_rng(n)
        base = demo["t0_pool"]
        pool = pd.DataFrame(
            {
                f"T0产品{k:02d}": base.iloc[:, k % base.shape[1]]
                * np.cumprod(1 + rng.normal(0, 0.001, len(base)))
                for k in range(n)
            }
        )
        # long layout: fund, date, NAV rows (a vendor export), in shuffled row order
        long = pool.stack().rename("单位净值").reset_index()
        long.columns = ["净值日期", "产品名称", "单位净值"]
        long = long.sample(frac=1.0, random_state=n)[["产品名称", "单位净值", "净值日期"]]
        long.to_csv(tmp_path / "t0.csv", index=False)
        vendor = market.rename(
            columns={"close": "收盘价", "high": "最高价", "low": "最低价", "turnover": "换手率"}
        )[["换手率", "最低价", "收盘价", "最高价"]]
        vendor.to_csv(tmp_path / "market.csv", index_label="日期")
        demo["neutral_pool"].to_csv(tmp_path / "mn.csv", index_label="date")
        out = tmp_path / f"t0_{n}.xlsx"
        report = render(
            T0,
            out,
            data=[
                f"Market={tmp_path / 'market.csv'}",
                f"T0={tmp_path / 't0.csv'}",
                f"Neutral={tmp_path / 'mn.csv'}",
            ],
        )
        assert report.issues == []
        wb = openpyxl.load_workbook(out)
        _assert_no_errors(wb)
        weekly = returns.periodic_returns(pool, "W")
        expected = regime_table.regime_stats(
            weekly, market["turnover"], window="3Y", low=0.2, high=0.8
        )
        got = block(wb["Report"], "B23")
        assert [r[0] for r in got[1:]] == list(expected.index)
        for row in got[1:]:
            for name, value in zip(got[0][1:], row[1:], strict=True):
                assert close(value, expected.loc[row[0], name]), (n, row[0], name)


def _chart_xml_refs(path: Path) -> list[str]:
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [
            ref
            for name in sorted(z.namelist())
            if name.startswith("xl/charts/chart")
            for ref in re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", z.read(name).decode())
        ]


@pytest.mark.parametrize("template", [T0, QUANT])
def test_chart_series_follow_the_spills_live_in_excel(template, tmp_path):
    """What Excel reads: every chart range under a spill is a Calc-scoped name from the first
    data row to the spill's last row (ROWS of the anchor's spill), the anchor is a dynamic
    array formula; the rendered file has plain ranges of the spilled length and no such name."""
    import re
    import zipfile

    refs = _chart_xml_refs(template)
    data_refs = [r for r in refs if not re.fullmatch(r"\w+!\$[A-Z]+\$\d+", r)]  # not titles
    assert len(data_refs) >= 8
    wb = openpyxl.load_workbook(template)
    with zipfile.ZipFile(template) as z:
        book = z.read("xl/workbook.xml").decode()
        xml = {
            s: z.read(f"xl/worksheets/sheet{_sheet_number(book, s)}.xml").decode()
            for s in wb.sheetnames
        }
    for ref in set(data_refs):
        m = re.fullmatch(r"(\w+)!chart_([A-Z]+)(\d+)", ref)
        assert m, ref
        sheet, col, row = m.group(1), m.group(2), int(m.group(3))
        text = wb[sheet].defined_names[f"chart_{col}{row}"].attr_text
        offset = f"{row - 2}\\+" if row > 2 else ""
        m = re.fullmatch(
            rf"{sheet}!\${col}\${row}:INDEX\({sheet}!\${col}:\${col},{offset}ROWS"
            rf"\(_xlfn\.ANCHORARRAY\({sheet}!\$([A-Z]+)\${row - 1}\)\)\)",
            text,
        )
        assert m, text
        anchor = f"{m.group(1)}{row - 1}"
        # the anchor is a spilled (dynamic array) formula cell
        assert re.search(rf'<c r="{anchor}"[^>]*cm="1"', xml[sheet]), anchor
    out = tmp_path / template.name
    report = render(template, out)
    assert report.issues == []
    done = openpyxl.load_workbook(out)
    assert not [n for ws in done.worksheets for n in ws.defined_names if n.startswith("chart_")]
    rendered = _chart_xml_refs(out)
    plain = [r for r in rendered if not re.fullmatch(r"'?\w+'?!\$[A-Z]+\$\d+", r)]
    assert len(plain) == len(data_refs)
    for ref in plain:
        node = parse_ref(ref)
        ws = done[node.sheet]
        assert node.max_row > node.min_row
        assert ws.cell(row=node.max_row, column=node.min_col).value is not None
        assert ws.cell(row=node.max_row + 1, column=node.min_col).value is None


def _sheet_number(book_xml: str, sheet: str) -> int:
    import re

    names = re.findall(r'<sheet name="([^"]+)"', book_xml)
    return names.index(sheet) + 1


def test_a_benchmark_missing_from_the_indices_is_named_once(tmp_path, demo, capsys):
    """A Settings benchmark the index file lacks: the failing lookup is printed with the
    benchmark and the indices there are; the cells that fail because of it are only counted."""
    from fofxl_report.cli import main

    _products(demo, 6).to_csv(tmp_path / "funds.csv", index_label="date")  # QE1000: csi1000
    demo["benchmarks"][["csi500", "csi300"]].to_csv(tmp_path / "idx.csv", index_label="date")
    rc = main(
        [
            "render",
            str(QUANT),
            "--data",
            f"Products={tmp_path / 'funds.csv'}",
            "--data",
            f"Indices={tmp_path / 'idx.csv'}",
            "-o",
            str(tmp_path / "o.xlsx"),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1
    assert len(err) == 2, err
    assert "XMATCH: 'csi1000' is not in the list (csi500, csi300)" in err[0]
    assert "because of the above" in err[1]
