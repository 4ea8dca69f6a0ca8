"""An openpyxl workbook recalculated in place: every formula evaluated (by
:class:`fofxl_report.evaluate.Evaluator`), its values written spilled from the anchor cells, and
each chart series re-pointed at the spilled size of the block it reads.

A chart series that starts inside a spill is stretched or shrunk to the spill's last row and its
stale point caches are dropped. A formula whose function is not evaluated is kept as a formula;
a formula that fails shows its message in its cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from copy import copy, deepcopy
from typing import Any

from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from .evaluate import KEPT_AS_FORMULAS, Evaluator, Key
from .formulas import (
    FormulaError,
    Parsed,
    Ref,
    formula_text,
    parse_ref,
    quote_sheet,
    replace_spills,
)

__all__ = ["DATE_FORMAT", "evaluate_workbook"]

#: The number format of a date written into a General cell.
DATE_FORMAT = "yyyy-mm-dd"


def _column_style(ws: Any, col: int) -> Any:
    dim = ws.column_dimensions.get(get_column_letter(col))
    if dim is not None and dim.has_style:
        return dim._style
    return None


def _write_results(wb: Workbook, ev: Evaluator) -> None:
    for key, f in ev.formulas.items():
        sheet, row, col = key
        ws = wb[sheet]
        if f.state == "failed":
            assert f.issue is not None
            if f.issue.kind in KEPT_AS_FORMULAS:  # kept as a formula
                _keep_formula(ws.cell(row=row, column=col), f.rewritten or f.text, ev)
            else:
                ws.cell(row=row, column=col).value = f.issue.message
    dated: set[tuple[str, int]] = set()  # columns given dates in DATE_FORMAT
    for (sheet, row, col), value in ev.spilled.items():
        ws = wb[sheet]
        cell = ws.cell(row=row, column=col)
        borrowed = False  # its style taken from a neighbour in the block, not its own
        if not cell.has_style:
            style = _column_style(ws, col)
            if style is None:
                style = _block_style(ws, ev.spill_owner.get((sheet, row, col)), row, col)
                borrowed = style is not None
            if style is not None:
                cell._style = copy(style)
        if _write_value(cell, value, borrowed):
            dated.add((sheet, col))
    for sheet, col in dated:
        _fit_dates(wb[sheet], col)


#: The width of a column of :data:`DATE_FORMAT` dates (Excel's default, 8.43, shows ``####``).
DATE_WIDTH = 10.7


def _fit_dates(ws: Any, col: int) -> None:
    """Widen a column the template left at the default width to :data:`DATE_WIDTH`, for the
    dates written into it; a width the template set is kept."""
    if (ws.sheet_format.defaultColWidth or 0) >= DATE_WIDTH:
        return
    for dim in ws.column_dimensions.values():
        first = dim.min or column_index_from_string(dim.index)
        if dim.width and first <= col <= (dim.max or first):
            return
    ws.column_dimensions[get_column_letter(col)].width = DATE_WIDTH


def _keep_formula(cell: Any, text: str, ev: Evaluator) -> None:
    """Write the formula ``text`` a cell keeps (its fofxl calls' values written in, if any) with
    each spill reference to a rendered block as the range the block now covers (``E1#`` →
    ``E1:E288``): its anchor holds a plain value, so ``E1#`` would be #REF! in Excel."""
    kept = replace_spills(text, lambda anchor: ev.spill_range(anchor, cell.parent.title))
    if kept == formula_text(cell.value):
        return
    if isinstance(cell.value, ArrayFormula):
        cell.value = ArrayFormula(cell.value.ref, kept)
    else:
        cell.value = kept


def _write_value(cell: Any, value: Any, borrowed: bool) -> bool:
    """Write a spilled value: a date in a General cell gets :data:`DATE_FORMAT`; a style
    ``borrowed`` from a neighbour keeps its font, fill and borders but not a number format of
    the other kind (a NAV beside a date column would read 1899-12-30; a date beside a percent
    column 4512300%). True when the cell was given :data:`DATE_FORMAT`."""
    is_date = isinstance(value, dt.datetime)
    date_format = is_date_format(cell.number_format)
    general = cell.number_format == "General"
    cell.value = value  # openpyxl gives a datetime "yyyy-mm-dd h:mm:ss" when General
    if is_date and (general or (borrowed and not date_format)):
        cell.number_format = DATE_FORMAT
        return True
    if borrowed and date_format and not is_date:
        cell.number_format = "General"
    return False


def _block_style(ws: Any, owner: Key | None, row: int, col: int) -> Any:
    """The style a spilled cell the template did not format takes from its block: the nearest
    formatted cell above it in its column (below the anchor row: a header keeps to headers),
    else the nearest one to its left in its row.

    So a table longer or wider than the template formatted (more quarters, more products,
    more years) prints its extra cells like the ones the template formatted.
    """
    if owner is None:
        return None
    _, r0, c0 = owner
    top = r0 + 1 if row > r0 else r0
    for r in range(row - 1, top - 1, -1):
        above = ws._cells.get((r, col))
        if above is not None and above.has_style:
            return above._style
    for c in range(col - 1, c0 - 1, -1):
        left = ws._cells.get((row, c))
        if left is not None and left.has_style:
            return left._style
    return None


def _grow_print_areas(wb: Workbook, ev: Evaluator) -> None:
    """Each print area grows to cover every block spilled from an anchor inside it."""
    for ws in wb.worksheets:
        if not ws.print_area:
            continue
        areas = []
        for text in str(ws.print_area).split(","):
            ref = text.rpartition("!")[2].replace("$", "")
            c1, r1, c2, r2 = range_boundaries(ref)
            for (sheet, row, col), f in ev.formulas.items():
                if sheet != ws.title or not (r1 <= row <= r2 and c1 <= col <= c2):
                    continue
                if f.result is not None and f.result.rows:
                    r2 = max(r2, row + len(f.result.rows) - 1)
                    c2 = max(c2, col + len(f.result.rows[0]) - 1)
            areas.append(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
        ws.print_area = areas


def _spill_extent(ev: Evaluator, sheet: str, row: int, col: int) -> int | None:
    """Last row of the spilled block covering (row, col), or None."""
    owner = ev.spill_owner.get((sheet, row, col))
    if owner is None:
        return None
    f = ev.formulas[owner]
    assert f.result is not None
    return owner[1] + len(f.result.rows) - 1


def _resize_ref(text: str, ev: Evaluator, default_sheet: str) -> str:
    try:
        ref = parse_ref(text)
    except FormulaError:
        return text
    if not isinstance(ref, Ref):
        return text
    sheet = ref.sheet or default_sheet
    last = _spill_extent(ev, sheet, ref.min_row, ref.min_col)
    if last is None or last < ref.min_row:
        return text
    c1, c2 = get_column_letter(ref.min_col), get_column_letter(ref.max_col)
    return f"{quote_sheet(sheet)}!${c1}${ref.min_row}:${c2}${last}"


def _chart_refs(chart: Any) -> Iterable[tuple[Any, bool]]:
    """Every numRef/strRef of a chart's series, and whether it is a data range (resizable).

    Series names (``tx``) are single cells: they keep their reference."""
    charts = [chart, *getattr(chart, "_charts", [])]
    seen = set()
    for ch in charts:
        for series in getattr(ch, "series", []) or []:
            if id(series) in seen:
                continue
            seen.add(id(series))
            for attr in ("val", "cat", "xVal", "yVal", "bubbleSize"):
                ds = getattr(series, attr, None)
                if ds is None:
                    continue
                for ref_attr in ("numRef", "strRef", "multiLvlStrRef"):
                    ref = getattr(ds, ref_attr, None)
                    if ref is not None:
                        yield ref, True
            tx = getattr(series, "tx", None)
            if tx is not None and getattr(tx, "strRef", None) is not None:
                yield tx.strRef, False


_NAME_START = re.compile(r"^((?:'(?:[^']|'')+'|[^'!]+)!\$([A-Z]+)\$(\d+)):")


def _resolve_name(wb: Workbook, text: str, default_sheet: str) -> str | None:
    """A chart reference to a name (``Calc!chart_C2``, a template's live series) as the plain
    one-cell range it starts at (``Calc!$C$2:$C$2``; the resize then gives it the spilled
    length), or None when ``text`` is not such a name."""
    sheet_text, _, name = text.rpartition("!")
    sheet = sheet_text.strip("'").replace("''", "'") or default_sheet
    scoped = wb[sheet].defined_names if sheet in wb.sheetnames else {}
    dn = scoped.get(name) or wb.defined_names.get(name)
    m = _NAME_START.match(dn.attr_text) if dn is not None else None
    if m is None:
        return None
    return f"{m.group(1)}:${m.group(2)}${m.group(3)}"


def _series_start(series: Any, default_sheet: str) -> tuple[str, int, int] | None:
    """(sheet, first row, column) of a one-column series' values, None otherwise."""
    ref = getattr(getattr(series, "val", None), "numRef", None)
    try:
        node = parse_ref(ref.f) if ref is not None and ref.f else None
    except FormulaError:
        return None
    if not isinstance(node, Ref) or node.min_col != node.max_col:
        return None
    return node.sheet or default_sheet, node.min_row, node.min_col


def _point_at(series: Any, sheet: str, header_row: int, col: int, first_row: int) -> None:
    """Re-point a (copied) series at column ``col``: values from ``first_row``, name from the
    header cell; the length is set by the resize that follows."""
    c = get_column_letter(col)
    series.val.numRef.f = f"{quote_sheet(sheet)}!${c}${first_row}:${c}${first_row}"
    tx = getattr(series, "tx", None)
    if tx is not None and getattr(tx, "strRef", None) is not None:
        tx.strRef.f = f"{quote_sheet(sheet)}!${c}${header_row}"


#: colours for series the renderer adds (Office's palette, then darker and lighter tones)
_SPARE_COLOURS = (
    "4472C4",
    "ED7D31",
    "A5A5A5",
    "FFC000",
    "5B9BD5",
    "70AD47",
    "264478",
    "9E480E",
    "636363",
    "997300",
    "255E91",
    "43682B",
    "698ED0",
    "F1975A",
    "7030A0",
    "00B0F0",
    "92D050",
    "FF66CC",
    "806000",
    "C55A11",
)


def _line_colour(series: Any) -> str | None:
    """The RGB of a series' line (``C00000``), None when it has none of its own."""
    line = getattr(getattr(series, "graphicalProperties", None), "line", None)
    fill = getattr(line, "solidFill", None)
    rgb = getattr(fill, "srgbClr", None)
    value = getattr(rgb, "val", rgb)  # a colour object or its RGB text
    return str(value).upper() if value else None


def _follow_block_width(chart: Any, ev: Evaluator, default_sheet: str) -> None:
    """A chart whose series plot every value column of one spilled block (series k = column
    k + 1 of a block whose first column is the dates) gets one series per value column the
    block has now: copies of its series (their colours in turn) for new columns, none for
    columns gone. Other charts keep their series."""
    for ch in [chart, *getattr(chart, "_charts", [])]:
        series = list(getattr(ch, "series", []) or [])
        starts = [_series_start(s, default_sheet) for s in series]
        if not series or starts[0] is None:
            continue
        sheet, first_row, col = starts[0]
        owner = ev.spill_owner.get((sheet, first_row, col))
        if owner is None or starts != [
            (sheet, first_row, owner[2] + 1 + k) for k in range(len(series))
        ]:
            continue
        rows = ev.formulas[owner].result.rows  # type: ignore[union-attr]
        width = len(rows[0]) - 1 if rows else 0
        if width < 1 or width == len(series):
            continue
        out = series[:width]
        top = max(
            int(s.idx)
            for c in [chart, *getattr(chart, "_charts", [])]
            for s in (getattr(c, "series", []) or [])
        )
        used = {c for c in map(_line_colour, series) if c}
        spare = [c for c in _SPARE_COLOURS if c not in used]
        for k in range(len(series), width):
            new = deepcopy(series[k % len(series)])
            top += 1
            new.idx, new.order = top, top
            _point_at(new, owner[0], owner[1], owner[2] + 1 + k, first_row)
            if _line_colour(new) and spare:  # a colour of its own while there are spare ones
                new.graphicalProperties.line.solidFill = spare.pop(0)
            out.append(new)
        ch.series = out


#: Chart types whose series join their points by a line, straight or smoothed.
_LINE_CHARTS = frozenset({"lineChart", "line3DChart", "scatterChart"})


def _straight_lines(chart: Any) -> None:
    """Say "not smoothed" on each line series that does not say: Excel then draws straight
    segments, but LibreOffice (the PDFs) smooths them, rounding a drawdown's V and lifting it
    above 0. Other chart types have no such flag."""
    for ch in [chart, *getattr(chart, "_charts", [])]:
        if getattr(ch, "tagname", None) in _LINE_CHARTS:
            for series in ch.series:
                if series.smooth is None:
                    series.smooth = False


def _fix_charts(wb: Workbook, ev: Evaluator) -> int:
    count = 0
    resolved: set[tuple[str, str]] = set()
    for ws in wb.worksheets:
        for chart in getattr(ws, "_charts", []):
            count += 1
            for ref, _data in _chart_refs(chart):  # live names → plain ranges
                plain = _resolve_name(wb, ref.f, ws.title) if ref.f else None
                if plain is not None:
                    sheet, _, name = ref.f.rpartition("!")
                    resolved.add((sheet.strip("'").replace("''", "'") or ws.title, name))
                    ref.f = plain
            _follow_block_width(chart, ev, ws.title)
            for ref, data in _chart_refs(chart):
                if ref.f and data:
                    ref.f = _resize_ref(ref.f, ev, ws.title)
                for cache in ("numCache", "strCache", "multiLvlStrCache"):
                    if getattr(ref, cache, None) is not None:
                        setattr(ref, cache, None)
            for axis in (getattr(chart, "x_axis", None), getattr(chart, "y_axis", None)):
                if axis is not None and getattr(axis, "delete", None) is None:
                    axis.delete = False
            _straight_lines(chart)
    for sheet, name in resolved:  # the values no longer spill: the names would not resolve
        if sheet in wb.sheetnames and name in wb[sheet].defined_names:
            del wb[sheet].defined_names[name]
    return count


def evaluate_workbook(
    wb: Workbook,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    parsed: Parsed | None = None,
) -> Evaluator:
    """Evaluate all formulas of ``wb`` in place: values spilled, charts re-pointed
    (``parsed``: the formulas parsed already in this run)."""
    ev = Evaluator(wb, functions, parsed)
    ev.run(progress)
    _write_results(wb, ev)
    _grow_print_areas(wb, ev)
    _fix_charts(wb, ev)
    return ev
