"""Evaluate the formulas of an openpyxl workbook without Excel (the renderer's engine).

Every formula cell is evaluated on demand, so dependencies come first whatever the sheet
order: a reference to a range first evaluates the formulas anchored inside it (hard
dependencies; a cycle is an error) and those above-left of it whose spill could reach into it
(soft dependencies). Results are *spilled* from their anchor cell like an Excel 365 dynamic
array; a spill that would overwrite a value is a ``#SPILL!`` error, as in Excel.

Functions: every ``FOF_*`` UDF of :mod:`fofxl_addin.udfs` (called exactly as Excel calls it:
a range arrives as a scalar, a list or a list of rows according to its shape and the
argument's ``ndim`` option), Excel's spill operator (``A1#`` / ``_xlfn.ANCHORARRAY(A1)``), and
a few plain helpers templates may need (SUM, AVERAGE, MIN, MAX, COUNT, INDEX, ROWS, COLUMNS,
ABS, IF, IFERROR, TEXT with plain number formats (:mod:`fofxl_report.numfmt`), MATCH with
match type 0, and Excel 365's HSTACK, VSTACK, TAKE and DROP). Arithmetic
(+ - * / ^ & and comparisons) works on scalars and element-wise on arrays. Any other function
makes its cell *unsupported*: it is listed with the function name
and left as a formula, never silently dropped; the fofxl calls inside it are evaluated and their
values written into it (``=ROUND(FOF_STAT(…), 2)`` → ``=ROUND(-0.0294…, 2)``), so that Excel
or LibreOffice computes the rest. A call whose value a formula cannot hold (a spilled array, a
blank) is said instead: such a formula is computed only in Excel with fofxl.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from .formulas import (
    Binary,
    Call,
    FormulaError,
    Literal,
    Missing,
    Name,
    Node,
    Parsed,
    Ref,
    Unary,
    formula_cells,
    parse,
    quote_sheet,
    replace_calls,
    walk,
)
from .numfmt import UnsupportedFormat, excel_text

__all__ = [
    "Array",
    "CellError",
    "Evaluator",
    "Issue",
    "udf_table",
]

Key = tuple[str, int, int]  # sheet, row, column (1-based)

_ERROR_PREFIXES = ("#VALUE!", "#N/A", "#REF!", "#NAME?", "#NUM!", "#DIV/0!", "#NULL!", "#SPILL!")


def cell_name(key: Key) -> str:
    sheet, row, col = key
    return f"{quote_sheet(sheet)}!{get_column_letter(col)}{row}"


@dataclass
class Array:
    """A rectangular block of values (list of rows), e.g. a range or a spilled result."""

    rows: list[list[Any]]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), (len(self.rows[0]) if self.rows else 0)


#: Issue kinds whose formulas are written back as they are: a function the renderer does not
#: evaluate ("unsupported": Excel will), or a FOF_ name fofxl does not have ("unknown": a
#: typo, which fails the render).
KEPT_AS_FORMULAS = ("unsupported", "unknown")


class CellError(Exception):
    """Evaluation failed; ``message`` is what the cell shows, ``kind`` sorts the report."""

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind  # "error", "unsupported" or "unknown" (see KEPT_AS_FORMULAS)


@dataclass
class Issue:
    cell: str
    kind: str  # "error" | "unsupported" | "unknown"
    message: str
    formula: str = ""

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


@dataclass
class _Formula:
    key: Key
    text: str
    node: Node | None = None
    parse_error: str | None = None
    result: Array | None = None
    state: str = "todo"  # todo | busy | done | failed
    old_spill: tuple[int, int, int, int] | None = None
    issue: Issue | None = None
    #: a formula the renderer does not evaluate, with the values of its FOF_ calls written in
    #: (:meth:`Evaluator._with_values`): what its cell gets, for Excel or LibreOffice to compute
    rewritten: str | None = None


def udf_table(module: Any = None) -> dict[str, Callable[..., Any]]:
    """``{"FOF_INDEX": fof_index, ...}``: the registry of the UDF module (default
    :mod:`fofxl_addin.udfs`), :data:`~fofxl_addin.udfs.FUNCTIONS`."""
    if module is None:
        from fofxl_addin import udfs as module  # the Excel layer below: only when evaluating
    return {name: item.function for name, item in module.FUNCTIONS.items()}


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _error_text(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(_ERROR_PREFIXES):
        return value
    return None


def _clean_out(value: Any) -> Any:
    """A UDF/builtin result value as an openpyxl cell value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        return None if math.isnan(v) else v
    if isinstance(value, dt.datetime):
        if getattr(value, "tzinfo", None) is not None:
            value = value.replace(tzinfo=None)
        if hasattr(value, "to_pydatetime"):
            if value != value:  # NaT
                return None
            return value.to_pydatetime()
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return None if value == "" else value
    if hasattr(value, "item"):  # numpy scalar
        return _clean_out(value.item())
    return str(value)


def _as_rows(result: Any) -> list[list[Any]]:
    """Normalise what a function returned into a rectangular list of rows."""
    if hasattr(result, "to_numpy") and hasattr(result, "columns"):  # DataFrame
        frame = result
        rows = [[*map(str, frame.columns)]] + frame.to_numpy(dtype=object).tolist()
        return [[_clean_out(v) for v in r] for r in rows]
    if hasattr(result, "tolist") and not isinstance(result, str):
        result = result.tolist()
    if isinstance(result, (list, tuple)):
        if not result:
            return [[None]]
        if all(isinstance(r, (list, tuple)) for r in result):
            width = max((len(r) for r in result), default=1) or 1
            return [[_clean_out(v) for v in r] + [None] * (width - len(r)) for r in result]
        return [[_clean_out(v)] for v in result]  # 1-D: a column, as xlwings writes it
    return [[_clean_out(result)]]


def _excel_arg(value: Any, options: Mapping[str, Any]) -> Any:
    """What xlwings hands a UDF argument for a range/array value (shape-driven unless ndim)."""
    ndim = options.get("ndim")
    if not isinstance(value, Array):
        if ndim == 2:
            return [[value]]
        if ndim == 1:
            return [value]
        return value
    rows = [list(r) for r in value.rows]
    n_rows, n_cols = value.shape
    if ndim == 2:
        return rows
    if ndim == 1:
        return [v for r in rows for v in r]
    if n_rows == 1 and n_cols == 1:
        return rows[0][0]
    if n_rows == 1:
        return rows[0]
    if n_cols == 1:
        return [r[0] for r in rows]
    return rows


class Evaluator:
    """Evaluate all formulas of ``wb`` in dependency order and spill their results into it.

    Parameters
    ----------
    wb
        An openpyxl workbook loaded with formulas (``data_only=False``).
    functions
        ``{"FOF_NAME": callable}``; default :func:`udf_table`.
    parsed
        The formulas parsed already in this run (:class:`~fofxl_report.formulas.Parsed`);
        default: none yet.
    """

    def __init__(
        self,
        wb: Workbook,
        functions: Mapping[str, Callable[..., Any]] | None = None,
        parsed: Parsed | None = None,
    ):
        self.wb = wb
        self.functions = dict(udf_table() if functions is None else functions)
        self.parsed = Parsed() if parsed is None else parsed
        self.formulas: dict[Key, _Formula] = {}
        self.spilled: dict[Key, Any] = {}  # values written by spills (anchor included)
        self.spill_owner: dict[Key, Key] = {}
        self.issues: list[Issue] = []
        self._names: dict[tuple[str | None, str], str] = {}
        self._locals: list[dict[str, Any]] = []  # LAMBDA parameters bound by BYCOL/BYROW
        self._collect()

    # ------------------------------------------------------------ setup
    def _collect(self) -> None:
        for name, dn in self.wb.defined_names.items():
            self._names[(None, name.upper())] = dn.attr_text
        for ws in self.wb.worksheets:
            for name, dn in ws.defined_names.items():
                self._names[(ws.title, name.upper())] = dn.attr_text
            for cell, text in formula_cells(ws):
                row, col = cell.row, cell.column
                old_spill = None
                if isinstance(cell.value, ArrayFormula):
                    try:
                        c1, r1, c2, r2 = range_boundaries(cell.value.ref)
                        if (r2, c2) != (r1, c1):
                            old_spill = (r1, c1, r2, c2)
                    except (TypeError, ValueError):
                        pass
                self.formulas[(ws.title, row, col)] = _Formula(
                    (ws.title, row, col), text, old_spill=old_spill
                )
        # Cached values of a previous spill (a workbook saved by Excel) are not data.
        for f in self.formulas.values():
            if f.old_spill:
                r1, c1, r2, c2 = f.old_spill
                ws = self.wb[f.key[0]]
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        if (r, c) != (f.key[1], f.key[2]) and (f.key[0], r, c) not in self.formulas:
                            cell = ws._cells.get((r, c))
                            if cell is not None:
                                cell.value = None
        for f in self.formulas.values():
            parsed = self.parsed[f.text]
            if isinstance(parsed, FormulaError):
                f.parse_error = str(parsed)
            else:
                f.node = parsed
        self._anchors_by_sheet: dict[str, list[Key]] = {}
        for key in sorted(self.formulas, key=lambda k: (k[1], k[2])):
            self._anchors_by_sheet.setdefault(key[0], []).append(key)

    # ------------------------------------------------------------ public
    def run(self, progress: Callable[[int, int], None] | None = None) -> list[Issue]:
        """Evaluate every formula; returns the issues (errors and unsupported formulas).

        ``progress(done, total)`` is called before the first formula (``done`` 0) and after
        each one."""
        order = {name: i for i, name in enumerate(self.wb.sheetnames)}
        keys = sorted(self.formulas, key=lambda k: (order[k[0]], k[1], k[2]))
        if progress is not None:
            progress(0, len(keys))
        for i, key in enumerate(keys, 1):
            self._ensure(key, hard=True)
            if progress is not None:
                progress(i, len(keys))
        return self.issues

    def results(self) -> dict[Key, Array]:
        return {k: f.result for k, f in self.formulas.items() if f.result is not None}

    def evaluate_text(self, formula: str, sheet: str) -> Any:
        """Evaluate a formula typed as text in the context of ``sheet`` (for tests and tools)."""
        return self._eval(parse(formula), sheet)

    # ------------------------------------------------------------ dependencies
    def _ensure(self, key: Key, hard: bool) -> None:
        f = self.formulas[key]
        if f.state in ("done", "failed"):
            return
        if f.state == "busy":
            if hard:
                raise CellError(f"circular reference through {cell_name(key)}")
            return
        f.state = "busy"
        try:
            if f.parse_error is not None:
                raise CellError(f.parse_error, "unsupported")
            assert f.node is not None
            unknown = sorted(
                {n.name for n in walk(f.node) if isinstance(n, Call) and not self._known(n.name)}
            )
            if unknown:  # a mistyped FOF_ name is "unknown": kept as written, and a failure
                message, kind = self._unknown(unknown)
                if kind == "unsupported" and any(
                    isinstance(n, Call) and n.name in self.functions for n in walk(f.node)
                ):
                    f.rewritten = self._with_values(f.text, key[0], message)
                    message = message.removesuffix("; left as a formula") + (
                        "; left as a formula with the values of its fofxl calls written in, "
                        "for Excel or LibreOffice to compute"
                    )
                raise CellError(message, kind)
            value = self._eval(f.node, key[0])
            rows = value.rows if isinstance(value, Array) else [[_clean_out(value)]]
            rows = [[_clean_out(v) for v in r] for r in rows] or [[None]]
            for r in rows:
                for v in r:
                    err = _error_text(v)
                    if err is not None:
                        raise CellError(err)
            self._spill(key, rows)
            f.result = Array(rows)
            f.state = "done"
        except CellError as exc:
            f.state = "failed"
            f.issue = Issue(cell_name(key), exc.kind, exc.message, f.text)
            self.issues.append(f.issue)
        except RecursionError:
            f.state = "failed"
            f.issue = Issue(cell_name(key), "error", "formulas nested too deeply", f.text)
            self.issues.append(f.issue)

    def _unknown(self, unknown: list[str]) -> tuple[str, str]:
        """Why a formula is left as it is, and the issue's kind: a mistyped FOF_ name (with
        the nearest one; "unknown"), or a function the renderer does not evaluate
        ("unsupported")."""
        typos = [name for name in unknown if name.startswith("FOF_")]
        others = [name for name in unknown if not name.startswith("FOF_")]
        parts = []
        for name in typos:
            near = difflib.get_close_matches(name, list(self.functions), n=1)
            parts.append(
                f"{name} is not an fofxl function" + (f" (did you mean {near[0]}?)" if near else "")
            )
        if others:
            parts.append(f"uses {', '.join(others)}, which the renderer does not evaluate")
        return "; ".join(parts) + "; left as a formula", "unknown" if typos else "unsupported"

    def _with_values(self, text: str, sheet: str, why: str) -> str:
        """The formula ``text`` with each fofxl call in it replaced by its value, so that the
        functions around it, which the renderer does not evaluate (``why``), are computed by
        Excel or LibreOffice: ``=ROUND(FOF_STAT(…), 2)`` → ``=ROUND(-0.0294…, 2)``.

        Raises
        ------
        CellError
            "unsupported" when a call's result is not one number, text or TRUE/FALSE (a
            spilled array, a blank): the formula is computed only in Excel with fofxl; an
            "error" when a call fails, with its message.
        """

        def value(name: str, call: str) -> str:
            node = self.parsed[call]
            if isinstance(node, FormulaError):  # the whole formula parsed: its calls do too
                raise CellError(str(node), "unsupported")
            result = self._eval(node, sheet)
            cells = result.rows if isinstance(result, Array) else [[_clean_out(result)]]
            literal = _formula_literal(cells[0][0]) if len(cells) * len(cells[0]) == 1 else None
            if literal is None:
                what = (
                    "is blank"
                    if len(cells) * len(cells[0]) == 1
                    else f"spills {len(cells)}×{len(cells[0])} values"
                )
                raise CellError(
                    f"{why.removesuffix('; left as a formula')}, around {name}, which {what}: "
                    "only Excel with fofxl computes this formula; left as a formula "
                    "(LibreOffice and the PDF show #NAME?)",
                    "unsupported",
                )
            return literal

        return replace_calls(text, self.functions, value)

    def _known(self, name: str) -> bool:
        return (
            name in self.functions
            or name in _BUILTINS
            or name in ("ANCHORARRAY", "IF", "BYCOL", "BYROW", "LAMBDA")
        )

    def _spill(self, key: Key, rows: list[list[Any]]) -> None:
        sheet, row, col = key
        ws = self.wb[sheet]
        blockers = []
        for i, r in enumerate(rows):
            for j, _ in enumerate(r):
                target = (sheet, row + i, col + j)
                if (i, j) == (0, 0):
                    continue
                if target in self.formulas or target in self.spill_owner:
                    blockers.append(target)
                    continue
                cell = ws._cells.get((row + i, col + j))
                if cell is not None and not _is_blank(cell.value):
                    blockers.append(target)
        if blockers:
            raise CellError(
                f"#SPILL! the result ({len(rows)}×{len(rows[0])}) would overwrite "
                f"{cell_name(blockers[0])}; make room below/right of the formula"
            )
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                target = (sheet, row + i, col + j)
                self.spilled[target] = v
                self.spill_owner[target] = key

    # ------------------------------------------------------------ values
    def _range_values(self, ref: Ref, sheet: str) -> Array:
        name = ref.sheet or sheet
        if name not in self.wb.sheetnames:
            raise CellError(f"#REF! there is no sheet named {name!r}")
        for key in self._anchors_by_sheet.get(name, []):
            _, r, c = key
            if r > ref.max_row or c > ref.max_col:
                continue
            inside = r >= ref.min_row and c >= ref.min_col
            self._ensure(key, hard=inside)
            f = self.formulas[key]
            if inside and f.state == "failed":
                raise CellError(
                    f"#VALUE! depends on {cell_name(key)}, which failed: "
                    f"{f.issue.message if f.issue else ''}"
                )
        ws = self.wb[name]
        max_row, max_col = ref.max_row, ref.max_col
        if max_row - ref.min_row > 100_000 or max_col - ref.min_col > 1_000:  # whole rows/cols
            used_r, used_c = self._used_extent(ws, name)
            max_row, max_col = min(max_row, used_r), min(max_col, used_c)
        rows = []
        cells = ws._cells
        spilled = self.spilled
        for r in range(ref.min_row, max_row + 1):
            out = []
            for c in range(ref.min_col, max_col + 1):
                k = (name, r, c)
                if k in spilled:
                    out.append(spilled[k])
                elif k in self.formulas:
                    out.append(None)  # unsupported formula: no value
                else:
                    cell = cells.get((r, c))
                    out.append(None if cell is None else cell.value)
            rows.append(out)
        if not rows or not rows[0]:
            rows = [[None]]
        return Array(rows)

    def _used_extent(self, ws: Worksheet, name: str) -> tuple[int, int]:
        max_r = max_c = 1
        for (r, c), cell in ws._cells.items():  # one pass over the sheet's cells
            if not _is_blank(cell.value):
                max_r, max_c = max(max_r, r), max(max_c, c)
        for s, r, c in self.spilled:
            if s == name:
                max_r, max_c = max(max_r, r), max(max_c, c)
        return max_r, max_c

    def _name_node(self, name: Name, sheet: str) -> Node:
        scope = name.sheet or sheet
        text = self._names.get((scope, name.name.upper())) or self._names.get(
            (None, name.name.upper())
        )
        if text is None:
            raise CellError(f"#NAME? {name.name!r} is not a function, cell or defined name")
        parsed = self.parsed["=" + text]
        if isinstance(parsed, FormulaError):
            raise CellError(f"#NAME? the name {name.name!r} = {text!r}: {parsed}")
        return parsed

    def _eval(self, node: Node, sheet: str) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Missing):
            return None
        if isinstance(node, Ref):
            return self._range_values(node, sheet)
        if isinstance(node, Name):
            key = node.name.upper().removeprefix("_XLPM.")
            for frame in reversed(self._locals):
                if key in frame:
                    return frame[key]
            return self._eval(self._name_node(node, sheet), sheet)
        if isinstance(node, Unary):
            value = self._eval(node.operand, sheet)
            if node.op == "%":
                return _elementwise(lambda x: _num(x) / 100.0, value)
            if node.op == "-":
                return _elementwise(lambda x: -_num(x), value)
            return value
        if isinstance(node, Binary):
            return _binary(node.op, self._eval(node.left, sheet), self._eval(node.right, sheet))
        if isinstance(node, Call):
            return self._call(node, sheet)
        raise CellError(f"cannot evaluate {node!r}")

    def _anchor_of(self, node: Node, sheet: str) -> Key:
        if isinstance(node, Name):
            node = self._name_node(node, sheet)
        if not isinstance(node, Ref):
            raise CellError("#REF! the spill operator # needs a cell reference")
        return (node.sheet or sheet, node.min_row, node.min_col)

    def _spilled_block(self, node: Node, sheet: str) -> tuple[Key, Array]:
        """The anchor cell of the spill reference ``node#`` (``_xlfn.ANCHORARRAY(node)``) in a
        formula on ``sheet``, and the block spilled from it."""
        key = self._anchor_of(node, sheet)
        if key not in self.formulas:
            raise CellError(f"#REF! {cell_name(key)}# refers to a cell without a formula")
        self._ensure(key, hard=True)
        f = self.formulas[key]
        if f.result is None:
            raise CellError(
                f"#VALUE! depends on {cell_name(key)}, which failed: "
                f"{f.issue.message if f.issue else ''}"
            )
        return key, f.result

    def spill_range(self, anchor: Ref | Name, sheet: str) -> str | None:
        """The range the spill reference ``anchor#`` in a formula on ``sheet`` covers once the
        block is written as values: ``E1#`` → ``E1:F288``, ``'My sheet'!$E$1#`` →
        ``'My sheet'!$E$1:$F$288`` (a defined name → the sheet-qualified range); None when
        ``anchor`` holds no block the renderer evaluated (it then stays a spill reference)."""
        try:
            key, block = self._spilled_block(anchor, sheet)
        except CellError:
            return None
        n_rows, n_cols = block.shape
        last_row, last_col = key[1] + n_rows - 1, get_column_letter(key[2] + n_cols - 1)
        if isinstance(anchor, Name):
            first = f"${get_column_letter(key[2])}${key[1]}"
            start = f"{quote_sheet(key[0])}!{first}"
            return start if (n_rows, n_cols) == (1, 1) else f"{start}:${last_col}${last_row}"
        if (n_rows, n_cols) == (1, 1):
            return anchor.text
        cell = anchor.text.rpartition("!")[2]  # "$E$1": the end cell is written the same way
        col_mark = "$" if cell.startswith("$") else ""
        row_mark = "$" if "$" in cell.lstrip("$") else ""
        return f"{anchor.text}:{col_mark}{last_col}{row_mark}{last_row}"

    def _call(self, node: Call, sheet: str) -> Any:
        name = node.name
        if name == "ANCHORARRAY":
            if len(node.args) != 1:
                raise CellError("#VALUE! ANCHORARRAY takes one cell")
            _, block = self._spilled_block(node.args[0], sheet)
            return Array([list(r) for r in block.rows])
        if name == "IF":  # only the branch taken is evaluated, as in Excel
            if not 2 <= len(node.args) <= 3:
                raise CellError("#VALUE! IF takes a condition and one or two values")
            test = _scalar(self._eval(node.args[0], sheet))
            if isinstance(test, str) and not _error_text(test):
                raise CellError(f"#VALUE! IF: {test!r} is not TRUE or FALSE")
            if _num(test) != 0:
                return self._eval(node.args[1], sheet)
            return self._eval(node.args[2], sheet) if len(node.args) == 3 else False
        if name == "IFERROR":  # an error raised inside the value is caught, as in Excel
            if len(node.args) != 2:
                raise CellError("#VALUE! IFERROR takes a value and a fallback")
            try:
                value = self._eval(node.args[0], sheet)
            except CellError as exc:
                if exc.kind in KEPT_AS_FORMULAS:
                    raise
                return self._eval(node.args[1], sheet)
            return _iferror(value, self._eval(node.args[1], sheet))
        if name in ("BYCOL", "BYROW"):
            return self._by(name, node, sheet)
        if name == "LAMBDA":
            raise CellError(
                "#CALC! a LAMBDA is evaluated only inside BYCOL or BYROW", "unsupported"
            )
        if name in _BUILTINS:
            args = [self._eval(a, sheet) for a in node.args]
            return _BUILTINS[name](*args)
        func = self.functions.get(name)
        if func is None:
            raise CellError(f"#NAME? {name} is not a function the renderer knows", "unsupported")
        args = self.call_arguments(func, node, sheet)
        try:
            result = func(*args)
        except Exception as exc:  # a UDF must not crash the render: report the cell
            message = str(exc)  # a UDF's own message names it already
            raise CellError(
                f"#VALUE! {message if message.startswith(f'{name}: ') else f'{name}: {message}'}"
            ) from None
        return Array(_as_rows(result))

    def _by(self, name: str, node: Call, sheet: str) -> Array:
        """``BYCOL(array, LAMBDA(c, body))``: body once per column (row), one value each."""
        fn = node.args[1] if len(node.args) == 2 else None
        if not (
            isinstance(fn, Call)
            and fn.name == "LAMBDA"
            and len(fn.args) == 2
            and isinstance(fn.args[0], Name)
        ):
            raise CellError(
                f"#VALUE! {name} takes an array and a LAMBDA of one parameter", "unsupported"
            )
        a = _array(self._eval(node.args[0], sheet))
        param = fn.args[0].name.upper().removeprefix("_XLPM.")
        parts = (
            [Array([[r[j]] for r in a.rows]) for j in range(a.shape[1])]
            if name == "BYCOL"
            else [Array([list(r)]) for r in a.rows]
        )
        values = []
        for part in parts:
            self._locals.append({param: part})
            try:
                values.append(_scalar(self._eval(fn.args[1], sheet)))
            finally:
                self._locals.pop()
        return Array([values]) if name == "BYCOL" else Array([[v] for v in values])

    def call_arguments(self, func: Callable[..., Any], node: Call, sheet: str) -> list[Any]:
        """The arguments Excel would hand ``func`` for the call ``node`` (evaluated, converted).

        With xlwings' metadata (``__xlfunc__``) each argument follows its options (``ndim``);
        without it (the decorators are no-ops outside Excel) a multi-cell range arrives as a
        list of rows and a single cell as its value, which is what the fofxl UDFs ask for.
        """
        info = getattr(func, "__xlfunc__", None)
        arg_infos = info.get("args", []) if info else []
        args: list[Any] = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, Missing):
                if i < len(arg_infos) and "optional" in arg_infos[i]:
                    args.append(arg_infos[i]["optional"])
                else:
                    args.append(None)
                continue
            value = self._eval(arg, sheet)
            if arg_infos:
                options = arg_infos[min(i, len(arg_infos) - 1)].get("options", {})
            elif isinstance(value, Array) and value.shape != (1, 1):
                options = {"ndim": 2}
            else:
                options = {}
            args.append(_excel_arg(value, options))
        return args


# ---------------------------------------------------------------- builtins and operators
def _num(x: Any) -> float:
    if x is None or x == "":
        return 0.0
    if isinstance(x, bool):
        return float(x)
    if isinstance(x, numbers.Real):
        return float(x)
    if isinstance(x, str):
        err = _error_text(x)
        if err:
            raise CellError(err)
        try:
            return float(x)
        except ValueError:
            raise CellError(f"#VALUE! {x!r} is not a number") from None
    if isinstance(x, dt.datetime):
        delta = x - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400.0
    raise CellError(f"#VALUE! {x!r} is not a number")


#: The longest text a formula can hold as a literal (Excel's limit).
_MAX_LITERAL_TEXT = 255


def _formula_literal(value: Any) -> str | None:
    """A value as a formula writes it: a number (a date as its serial number), ``"text"`` or
    TRUE/FALSE; None for what a formula cannot hold (a blank, an infinity, a long text)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        value = _num(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return None
        return repr(number) if number >= 0 else f"({number!r})"
    if isinstance(value, str) and len(value) <= _MAX_LITERAL_TEXT and not _error_text(value):
        return '"' + value.replace('"', '""') + '"'
    return None


def _elementwise(func: Callable[[Any], Any], value: Any) -> Any:
    if isinstance(value, Array):
        return Array([[func(v) for v in r] for r in value.rows])
    return func(value)


def _binary(op: str, left: Any, right: Any) -> Any:
    def apply(a: Any, b: Any) -> Any:
        if op == "&":
            return ("" if a is None else _text(a)) + ("" if b is None else _text(b))
        if op in ("=", "<>", "<", ">", "<=", ">="):
            x: Any
            y: Any
            if isinstance(a, str) and isinstance(b, str):
                x, y = a.lower(), b.lower()
            else:
                x, y = _num(a), _num(b)
            return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[
                op
            ]
        x, y = _num(a), _num(b)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            if y == 0:
                raise CellError("#DIV/0! division by zero")
            return x / y
        if op == "^":
            return x**y
        raise CellError(f"#VALUE! operator {op}")

    if not isinstance(left, Array) and not isinstance(right, Array):
        return apply(left, right)
    la = left if isinstance(left, Array) else Array([[left]])
    ra = right if isinstance(right, Array) else Array([[right]])
    (lr, lc), (rr, rc) = la.shape, ra.shape
    n_rows, n_cols = max(lr, rr), max(lc, rc)

    def at(a: Array, shape: tuple[int, int], i: int, j: int) -> Any:
        r, c = shape
        i2, j2 = (0 if r == 1 else i), (0 if c == 1 else j)
        return a.rows[i2][j2] if i2 < r and j2 < c else "#N/A"

    return Array(
        [
            [apply(at(la, (lr, lc), i, j), at(ra, (rr, rc), i, j)) for j in range(n_cols)]
            for i in range(n_rows)
        ]
    )


def _text(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _flat(args: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for a in args:
        if isinstance(a, Array):
            out.extend(v for r in a.rows for v in r)
        else:
            out.append(a)
    return out


def _numbers(args: Iterable[Any]) -> list[float]:
    out = []
    for v in _flat(args):
        if isinstance(v, bool) or _is_blank(v):
            continue
        if isinstance(v, str):
            if _error_text(v):
                raise CellError(v)
            continue
        out.append(_num(v))
    return out


def _average(*args: Any) -> float:
    values = _numbers(args)
    if not values:
        raise CellError("#DIV/0! AVERAGE of no numbers")
    return sum(values) / len(values)


def _index(array: Any, row: Any = None, col: Any = None) -> Any:
    a = array if isinstance(array, Array) else Array([[array]])
    n_rows, n_cols = a.shape
    r = 0 if row is None else int(_num(_scalar(row)))
    c = 0 if col is None else int(_num(_scalar(col)))
    if n_rows == 1 and col is None and r:  # INDEX(row_vector, n)
        r, c = 1, r
    elif n_cols == 1 and col is None and r:  # INDEX(column_vector, n)
        c = 1
    if r < 0 or c < 0 or r > n_rows or c > n_cols:
        raise CellError(f"#REF! INDEX({r}, {c}) is outside the {n_rows}×{n_cols} array")
    if r and c:
        return a.rows[r - 1][c - 1]
    if r:
        return Array([list(a.rows[r - 1])])
    if c:
        return Array([[row_[c - 1]] for row_ in a.rows])
    return a


def _iferror(value: Any, fallback: Any = None) -> Any:
    def fix(v: Any) -> Any:
        return fallback if _error_text(v) else v

    return _elementwise(fix, value)


def _array(x: Any) -> Array:
    return x if isinstance(x, Array) else Array([[x]])


def _hstack(*arrays: Any) -> Array:
    blocks = [_array(a) for a in arrays]
    height = max(b.shape[0] for b in blocks)
    rows = []
    for i in range(height):
        row: list[Any] = []
        for b in blocks:
            row.extend(b.rows[i] if i < b.shape[0] else ["#N/A"] * b.shape[1])
        rows.append(row)
    return Array(rows)


def _vstack(*arrays: Any) -> Array:
    blocks = [_array(a) for a in arrays]
    width = max(b.shape[1] for b in blocks)
    rows: list[list[Any]] = []
    for b in blocks:
        rows.extend(list(r) + ["#N/A"] * (width - len(r)) for r in b.rows)
    return Array(rows)


def _drop(array: Any, rows: Any = 0, cols: Any = 0) -> Array:
    a = _array(array)
    r, c = int(_num(rows)), int(_num(cols))
    out = a.rows[r:] if r >= 0 else a.rows[:r]
    out = [row[c:] if c >= 0 else row[:c] for row in out]
    if not out or not out[0]:
        raise CellError("#CALC! DROP leaves nothing")
    return Array(out)


def _take(array: Any, rows: Any = None, cols: Any = None) -> Array:
    a = _array(array)
    out = a.rows
    if rows is not None:
        r = int(_num(rows))
        out = out[:r] if r >= 0 else out[r:]
    if cols is not None:
        c = int(_num(cols))
        out = [row[:c] if c >= 0 else row[c:] for row in out]
    if not out or not out[0]:
        raise CellError("#CALC! TAKE leaves nothing")
    return Array([list(r) for r in out])


def _text_of(value: Any, format_text: Any) -> Any:
    fmt = _scalar(format_text)
    if not isinstance(fmt, str):
        raise CellError('#VALUE! TEXT needs a format text such as "0.00"')

    def one(v: Any) -> str:
        if isinstance(v, str) and not _error_text(v):
            return v
        try:
            return excel_text(_num(v), fmt)
        except UnsupportedFormat as exc:
            raise CellError(f"#VALUE! TEXT: {exc}", "unsupported") from None

    return _elementwise(one, value)


def _scalar(x: Any) -> Any:
    if isinstance(x, Array):
        if x.shape != (1, 1):
            raise CellError(f"#VALUE! expected one value, got a {x.shape[0]}×{x.shape[1]} array")
        return x.rows[0][0]
    return x


def _match(value: Any, lookup: Any, match_type: Any = 1) -> float:
    value, match_type = _scalar(value), _scalar(match_type)
    if int(_num(match_type)) != 0:
        raise CellError("#N/A MATCH is supported with match_type 0 (exact) only", "unsupported")
    flat = _flat([lookup])
    for i, v in enumerate(flat, 1):
        if isinstance(v, str) and isinstance(value, str):
            if v.lower() == value.lower():
                return float(i)
        elif v == value and v is not None:
            return float(i)
    raise CellError(f"#N/A MATCH: {value!r} is not in the list")


def _find(value: Any, lookup: Any) -> int | None:
    """0-based position of ``value`` in ``lookup`` (exact; text ignoring case), None if absent."""
    for i, v in enumerate(_flat([lookup])):
        if isinstance(v, str) and isinstance(value, str):
            if v.lower() == value.lower():
                return i
        elif v == value and v is not None:
            return i
    return None


def _xmatch(value: Any, lookup: Any) -> Any:
    """XMATCH(value, lookup): exact match, element-wise over an array of values."""

    def one(v: Any) -> Any:
        i = _find(v, lookup)
        if i is None:
            listed = ", ".join(str(x) for x in _flat([lookup]) if not _is_blank(x))
            raise CellError(f"#N/A XMATCH: {v!r} is not in the list ({listed})")
        return float(i + 1)

    return _elementwise(one, value)


def _xlookup(value: Any, lookup: Any, result: Any, if_not_found: Any = "#N/A") -> Any:
    """XLOOKUP(value, lookup, result, [if_not_found]): exact match over vectors."""
    results = _flat([result])
    fallback = _scalar(if_not_found)

    def one(v: Any) -> Any:
        i = _find(v, lookup)
        return fallback if i is None or i >= len(results) else results[i]

    return _elementwise(one, value)


def _transpose(array: Any) -> Array:
    a = _array(array)
    return Array([list(col) for col in zip(*a.rows, strict=True)])


def _choosecols(array: Any, *cols: Any) -> Array:
    a = _array(array)
    picks = [int(_num(c)) for c in _flat(list(cols))]
    for c in picks:
        if c == 0 or abs(c) > a.shape[1]:
            raise CellError(f"#VALUE! CHOOSECOLS: column {c} of a {a.shape[1]}-column array")
    return Array([[r[c - 1] if c > 0 else r[c] for c in picks] for r in a.rows])


def _order_key(value: Any) -> tuple[int, Any]:
    """How SORT orders a cell: numbers and dates, then text (case ignored), then TRUE/FALSE,
    then errors and blanks, as Excel does."""
    if isinstance(value, str) and _error_text(value):
        return (3, "")
    if value is None or value == "":
        return (4, "")
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, str):
        return (1, value.casefold())
    return (0, _num(value))


def _sort(array: Any, sort_index: Any = 1, sort_order: Any = 1, by_col: Any = False) -> Array:
    """SORT of the rows of ``array`` by column ``sort_index`` (1 ascending, -1 descending;
    Excel's order of kinds, :func:`_order_key`); rows of equal keys keep their order."""
    a = _array(array)
    k, order = int(_num(sort_index)), int(_num(sort_order))
    if _truth(by_col) or order not in (1, -1) or not 1 <= k <= a.shape[1]:
        raise CellError("#VALUE! SORT: only rows, by one column of the array, 1 or -1")
    rows = sorted(a.rows, key=lambda r: _order_key(r[k - 1]), reverse=order == -1)
    return Array([list(r) for r in rows])


def _unique(array: Any, by_col: Any = False, exactly_once: Any = False) -> Array:
    """UNIQUE of the rows of ``array``: each distinct row once, where it first appears (text
    compared with case ignored, as Excel does)."""
    a = _array(array)
    if _truth(by_col) or _truth(exactly_once):
        raise CellError("#VALUE! UNIQUE: only the distinct rows (by_col and exactly_once FALSE)")
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in a.rows:
        key = tuple(_order_key(v) for v in row)
        if key not in seen:
            seen.add(key)
            out.append(list(row))
    return Array(out)


def _truth(value: Any) -> bool:
    """An option cell read as TRUE/FALSE, as IF reads its test: not 0 (:func:`_num`)."""
    return _num(_scalar(value)) != 0


def _date(year: Any, month: Any, day: Any) -> dt.datetime:
    y, m, d = (int(_num(_scalar(v))) for v in (year, month, day))
    y += (m - 1) // 12
    first = dt.datetime(y, (m - 1) % 12 + 1, 1)
    return first + dt.timedelta(days=d - 1)


def _year(value: Any) -> Any:
    def one(v: Any) -> float:
        if isinstance(v, (dt.date, dt.datetime)):
            return float(v.year)
        raise CellError(f"#VALUE! YEAR of {v!r}, not a date")

    return _elementwise(one, value)


_BUILTINS: dict[str, Callable[..., Any]] = {
    "XMATCH": _xmatch,
    "XLOOKUP": _xlookup,
    "TRANSPOSE": _transpose,
    "CHOOSECOLS": _choosecols,
    "DATE": _date,
    "YEAR": _year,
    "HSTACK": _hstack,
    "VSTACK": _vstack,
    "SORT": _sort,
    "UNIQUE": _unique,
    "DROP": _drop,
    "TAKE": _take,
    "MATCH": _match,
    "SUM": lambda *a: sum(_numbers(a)),
    "AVERAGE": _average,
    "MIN": lambda *a: min(_numbers(a), default=0.0),
    "MAX": lambda *a: max(_numbers(a), default=0.0),
    "COUNT": lambda *a: float(len(_numbers(a))),
    "ABS": lambda x: _elementwise(lambda v: abs(_num(v)), x),
    "INDEX": _index,
    "ROWS": lambda a: float(a.shape[0] if isinstance(a, Array) else 1),
    "COLUMNS": lambda a: float(a.shape[1] if isinstance(a, Array) else 1),
    "IFERROR": _iferror,
    "TEXT": _text_of,
}
