"""The template build: one layout module per report, blocks placed by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from fofxl_templates.layouts import fof_portfolio, quant_monitor, t0_environment
from fofxl_templates.workbook import column_of, place

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_place_puts_blocks_one_after_another_with_a_gap():
    # a: 1..3, gap 4, b: 5..6, gap 7, c: 8
    assert place({"a": 3, "b": 2, "c": 1}, first=1) == {"a": 1, "b": 5, "c": 8}
    assert place({"a": 2, "b": 2}, gap=0) == {"a": 0, "b": 2}
    assert place({}) == {}


def test_column_of_reads_a1_cells():
    assert column_of("A1") == 0 and column_of("AE1") == 30 and column_of("J7") == 9


def test_quant_calc_blocks_for_six_products_and_four_indices():
    # dates + 6 excess columns (A:G), gap H; 6 drawdowns I:N, gap O; 6 rolling P:U, gap V;
    # 4 index drawdowns W:Z, gap AA; weekly views of 7, 7 and 5 columns
    at = quant_monitor.calc_columns(6, 4)
    assert at == {"excess": 0, "dd": 8, "roll": 15, "idx_dd": 22, "wk": 27, "wk_dd": 35,
                  "wk_idx": 43}


def test_quant_monitor_sections_follow_the_counts():
    # summary: title 5, header 6, products 7..12; gap 13; indices: title 14, header 15,
    # indices 16..19; gap 20; episodes from 21
    assert quant_monitor.monitor_rows(6, 4) == {"summary": 5, "indices": 14, "episodes": 21}


def test_t0_calc_anchors_do_not_overlap():
    spans = sorted((column_of(cell), column_of(cell) + len(t0_environment.CALC_COLUMNS[name]) - 1)
                   for name, cell in t0_environment.CALC.items())
    assert all(prev[1] < nxt[0] for prev, nxt in zip(spans, spans[1:], strict=False))
    assert set(t0_environment.CALC) == set(t0_environment.CALC_COLUMNS)


@pytest.mark.parametrize("module", [t0_environment, quant_monitor, fof_portfolio])
def test_every_layout_names_a_committed_template(module):
    assert module.LAYOUT.file == module.FILE
    assert (TEMPLATES / module.FILE).exists()
