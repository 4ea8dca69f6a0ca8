"""The template build: one layout module per report, blocks placed by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from fofxl_templates.layouts import fof_portfolio, quant_monitor, screening, t0_environment
from fofxl_templates.workbook import column_of, place

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_place_puts_blocks_one_after_another_with_a_gap():
    # a: 1..3, gap 4, b: 5..6, gap 7, c: 8
    assert place({"a": 3, "b": 2, "c": 1}, first=1) == {"a": 1, "b": 5, "c": 8}
    assert place({"a": 2, "b": 2}, gap=0) == {"a": 0, "b": 2}
    assert place({}) == {}


def test_column_of_reads_a1_cells():
    assert column_of("A1") == 0 and column_of("AE1") == 30 and column_of("J7") == 9


def test_quant_blocks_leave_room_for_any_number_of_columns():
    # each Calc block spills right with the products: the next block is CALC_STRIDE columns on
    cols = [column_of(cell) for cell in quant_monitor.CALC.values()]
    assert cols == [k * quant_monitor.CALC_STRIDE for k in range(len(cols))]
    # the product table (7 columns from B) and the index table sit side by side: each grows
    # down with its own count
    assert quant_monitor.SUMMARY_COL + 7 < quant_monitor.INDEX_COL


def test_t0_calc_anchors_do_not_overlap():
    spans = sorted(
        (column_of(cell), column_of(cell) + len(t0_environment.CALC_COLUMNS[name]) - 1)
        for name, cell in t0_environment.CALC.items()
    )
    assert all(prev[1] < nxt[0] for prev, nxt in zip(spans, spans[1:], strict=False))
    assert set(t0_environment.CALC) == set(t0_environment.CALC_COLUMNS)


@pytest.mark.parametrize("module", [t0_environment, quant_monitor, screening, fof_portfolio])
def test_every_layout_names_a_committed_template(module):
    assert module.LAYOUT.file == module.FILE
    assert (TEMPLATES / module.FILE).exists()
