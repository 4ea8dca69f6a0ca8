"""The manager-screening template rendered headless: its cells equal the pylib functions on the
bundled SYNTHETIC pool, with the Settings it carries (benchmark, span, rf, chosen fund)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from fofxl.correlation import correlation_matrix
from fofxl.io.demo_data import generate, screening_pool
from fofxl.performance import performance_table
from fofxl.screening import screen
from fofxl_report.render import render
from fofxl_templates.layouts import screening as layout

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "screening.xlsx"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("screening") / "screening.xlsx"
    report = render(TEMPLATE, out)
    assert not report.issues, report.issues
    return openpyxl.load_workbook(out)


@pytest.fixture(scope="module")
def pool() -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    navs, strategies = screening_pool()
    bench = generate()["benchmarks"].loc[navs.index[0] :, "csi500"]
    return navs, strategies, bench


def _table(ws, row: int, col: int, width: int | None = None) -> pd.DataFrame:
    """The spilled table whose header is at (row, col), 1-based, ``width`` columns (default:
    up to a blank header cell), down to a blank first cell."""
    header = []
    c = col
    while ws.cell(row, c).value is not None and (width is None or len(header) < width):
        header.append(ws.cell(row, c).value)
        c += 1
    rows = []
    r = row + 1
    while ws.cell(r, col).value is not None:
        rows.append([ws.cell(r, col + j).value for j in range(len(header))])
        r += 1
    return pd.DataFrame(rows, columns=header)


def test_screen_equals_pylib_with_the_settings(book, pool):
    navs, strategies, bench = pool
    at = layout.screen_columns()
    ws = book["Screen"]
    table = _table(ws, layout.SCREEN_FIRST, at["screen"] + 1, 1 + len(layout.SCREEN_METRICS))
    metrics = [m for m, _ in layout.SCREEN_METRICS]
    assert table.columns.tolist() == ["series", *metrics]
    expected = screen(navs, metrics, "2021-07-01", "2024-06-28", bench=bench, rf=0.02)
    assert table["series"].tolist() == list(navs.columns)
    for metric in metrics:
        got = table[metric].to_numpy(dtype=float)
        assert np.allclose(got, expected[metric].to_numpy(), equal_nan=True, rtol=1e-9), metric
    labels = _table(ws, layout.SCREEN_FIRST, at["strategy"] + 1, 1)
    assert labels["strategy"].tolist() == strategies.tolist()
    ranks = _table(ws, layout.SCREEN_FIRST, at["rank"] + 1)
    sharpe = expected["sharpe"].to_numpy()
    for i, label in enumerate(strategies):
        peers = sharpe[strategies.to_numpy() == label]
        assert ranks["rank"][i] == 1 + np.sum(peers > sharpe[i])
        assert ranks["count"][i] == len(peers)


def test_fund_monthly_grid_and_correlation(book, pool):
    navs, _, _ = pool
    fund = navs.columns[0]  # the fund chosen on Settings
    grid = _table(book["Fund"], 6, 2)
    per_year = performance_table(navs[fund], metrics="total_return")
    for _, row in grid.iterrows():
        assert row["total"] == pytest.approx(per_year[int(row["year"])].iloc[0])
    corr = _table(book["Correlation"], 5, 2)
    expected = correlation_matrix(navs, "W", "pearson", 26)
    got = corr.drop(columns=corr.columns[0]).to_numpy(dtype=float)
    assert np.allclose(got, expected.to_numpy(), equal_nan=True)


def test_the_analysts_own_pool_and_indices_render_without_errors(tmp_path):
    # a pool and indices that are not the demo's: other fund names (none on the Funds sheet),
    # other index names (the Settings benchmark and fund, set blank: the first of each),
    # vendor headers
    demo = generate()
    funds = demo["quant_pool"].dropna(how="all")
    funds.columns = ["甲基金", "乙基金", "丙基金", "丁基金", "戊基金", "己基金"]
    indices = demo["benchmarks"].rename(columns=lambda c: f"指数{c}")
    funds.to_csv(tmp_path / "pool.csv", index_label="净值日期")
    indices.to_csv(tmp_path / "idx.csv", index_label="交易日期")
    out = tmp_path / "mine.xlsx"
    report = render(
        TEMPLATE,
        out,
        data=[f"Pool={tmp_path / 'pool.csv'}", f"Indices={tmp_path / 'idx.csv'}"],
        settings=["bench=", "fund="],
    )
    assert not report.issues, report.issues
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("#")), (
                    f"{ws.title}!{cell.coordinate}: {cell.value}"
                )
    at = layout.screen_columns()
    ws = wb["Screen"]
    # a blank benchmark is the first index, the strategy of an unlisted fund is
    # "unclassified", so the six funds are ranked among themselves
    assert ws["C4"].value == "指数csi300"
    strategy = _table(ws, layout.SCREEN_FIRST, at["strategy"] + 1, 1)["strategy"].tolist()
    assert strategy == [layout.UNCLASSIFIED] * 6
    screen = _table(ws, layout.SCREEN_FIRST, at["screen"] + 1, 1 + len(layout.SCREEN_METRICS))
    ranks = _table(ws, layout.SCREEN_FIRST, at["rank"] + 1, 3)
    want = screen[layout.RANK_METRIC].rank(ascending=False, method="min")
    assert ranks["rank"].tolist() == want.astype(int).tolist()
    assert ranks["count"].tolist() == [6] * 6
    # a blank fund is the pool's first fund
    assert wb["Fund"]["C4"].value == "甲基金"
