"""Parse Excel formulas into a small expression tree (for the headless renderer).

The tokens come from :class:`openpyxl.formula.Tokenizer`; this module only adds what the
tokenizer lacks: spill references (``A1#``, which it rejects, are rewritten to the form Excel
stores, ``_xlfn.ANCHORARRAY(A1)``), operator precedence and the split of a reference into sheet,
cell range or defined name.

Nodes are plain tuples-with-names (dataclasses) so the evaluator can pattern-match on them:
:class:`Literal`, :class:`Ref` (cells), :class:`Name` (a defined name), :class:`Call`,
:class:`Unary`, :class:`Binary`, :class:`Missing` (an omitted argument).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.formula import Tokenizer
from openpyxl.formula.tokenizer import Token, TokenizerError
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "Binary",
    "Call",
    "FormulaError",
    "Literal",
    "Missing",
    "Name",
    "Node",
    "Parsed",
    "Ref",
    "Unary",
    "formula_cells",
    "formula_text",
    "function_name",
    "parse",
    "parse_ref",
    "replace_calls",
    "replace_spills",
    "rewrite_spills",
    "walk",
]

MAX_ROW = 1_048_576
MAX_COL = 16_384

_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.", "_XLUDF.", "_XLPM.")


class FormulaError(ValueError):
    """A formula the renderer cannot parse or evaluate (message names the formula)."""


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Missing:
    """An omitted argument, as in ``FOF_PCTRANK(A:A, B:B, , "inc")``."""


@dataclass(frozen=True)
class Ref:
    """A cell range: 1-based inclusive bounds; ``sheet`` None means the formula's own sheet."""

    sheet: str | None
    min_row: int
    min_col: int
    max_row: int
    max_col: int
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Name:
    name: str
    sheet: str | None = None


@dataclass(frozen=True)
class Call:
    name: str  # upper case, prefixes (_xlfn. ...) removed
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary:
    op: str  # "-", "+" or "%" (postfix)
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Literal | Missing | Ref | Name | Call | Unary | Binary


def function_name(text: str) -> str:
    """``_xlfn._xlws.SORT`` → ``SORT``; ``_xludf.fof_index`` → ``FOF_INDEX``."""
    name = text.upper()
    stripped = True
    while stripped:
        stripped = False
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                name, stripped = name[len(prefix) :], True
    return name


# A reference followed by "#": optional sheet ('quoted' or plain), then a cell.
_SPILL = re.compile(r"((?:'(?:[^']|'')+'|[A-Za-z0-9_.\u0080-\uffff]+)!)?(\$?[A-Za-z]{1,3}\$?\d+)#")


def rewrite_spills(formula: str) -> str:
    """``A1#`` → ``_xlfn.ANCHORARRAY(A1)`` outside string literals (how Excel stores it)."""
    parts = formula.split('"')
    for i in range(0, len(parts), 2):  # outside string literals only
        parts[i] = _SPILL.sub(
            lambda m: f"_xlfn.ANCHORARRAY({m.group(1) or ''}{m.group(2)})", parts[i]
        )
    return '"'.join(parts)


_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_COLS = re.compile(r"^\$?([A-Za-z]{1,3})$")
_ROWS = re.compile(r"^\$?(\d+)$")


def quote_sheet(sheet: str) -> str:
    """A sheet name as a formula writes it: quoted ('My sheet', '2024') unless a plain word."""
    if sheet.replace("_", "").isalnum() and not sheet[0].isdigit():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _split_sheet(text: str) -> tuple[str | None, str]:
    if "!" not in text:
        return None, text
    sheet, _, ref = text.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    if sheet.startswith("[") and "]" in sheet:  # external/self-workbook prefix [0]Sheet
        return sheet.split("]", 1)[1] or None, ref
    return sheet, ref


def _bounds(part: str) -> tuple[int | None, int | None]:
    m = _CELL.match(part)
    if m:
        return int(m.group(2)), column_index_from_string(m.group(1).upper())
    m = _COLS.match(part)
    if m:
        return None, column_index_from_string(m.group(1).upper())
    m = _ROWS.match(part)
    if m:
        return int(m.group(1)), None
    raise ValueError(part)


def parse_ref(text: str) -> Ref | Name:
    """A reference operand: ``Sheet!$A$1:$B$9``, ``A:A``, ``3:3``, or a defined name."""
    sheet, ref = _split_sheet(text.strip())
    pieces = ref.split(":")
    try:
        if len(pieces) == 1:
            row, col = _bounds(pieces[0])
            if row is None or col is None:
                raise ValueError(ref)
            return Ref(sheet, row, col, row, col, text)
        if len(pieces) != 2:
            raise ValueError(ref)
        (r1, c1), (r2, c2) = _bounds(pieces[0]), _bounds(pieces[1])
    except ValueError:
        if len(pieces) == 1 and re.match(r"^[A-Za-z_\\\u0080-\uffff][\w.\\\u0080-\uffff]*$", ref):
            return Name(ref, sheet)
        raise FormulaError(f"{text!r} is not a cell reference or a defined name") from None
    if (r1 is None) != (r2 is None) or (c1 is None) != (c2 is None):
        raise FormulaError(f"{text!r} mixes a whole row/column with a cell")
    r1, r2 = (1, MAX_ROW) if r1 is None or r2 is None else (min(r1, r2), max(r1, r2))
    c1, c2 = (1, MAX_COL) if c1 is None or c2 is None else (min(c1, c2), max(c1, c2))
    return Ref(sheet, r1, c1, r2, c2, text)


# ---------------------------------------------------------------- parser
_BINARY_PRECEDENCE = {
    "=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1,
    "&": 2,
    "+": 3, "-": 3,
    "*": 4, "/": 4,
    "^": 5,
}  # fmt: skip


class _Parser:
    def __init__(self, formula: str) -> None:
        self.formula = formula
        try:
            items = Tokenizer(rewrite_spills(formula)).items
        except TokenizerError as exc:
            raise FormulaError(f"cannot read the formula {formula!r}: {exc}") from None
        self.tokens: list[Token] = [t for t in items if t.type != Token.WSPACE]
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaError(f"the formula {self.formula!r} ends too early")
        self.pos += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            raise FormulaError(f"the formula {self.formula!r} is empty")
        node = self.expression(0)
        if self.peek() is not None:
            raise FormulaError(
                f"unexpected {self.peek().value!r} in the formula {self.formula!r}"  # type: ignore[union-attr]
            )
        return node

    def expression(self, min_prec: int) -> Node:
        left = self.unary()
        while True:
            token = self.peek()
            if token is None or token.type != Token.OP_IN:
                return left
            prec = _BINARY_PRECEDENCE.get(token.value)
            if prec is None:
                raise FormulaError(
                    f"the operator {token.value!r} in {self.formula!r} is not supported"
                )
            if prec < min_prec:
                return left
            self.take()
            right = self.expression(prec + 1)
            left = Binary(token.value, left, right)

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.type == Token.OP_PRE:
            self.take()
            return Unary(token.value, self.unary())
        node = self.primary()
        while (nxt := self.peek()) is not None and nxt.type == Token.OP_POST:
            self.take()
            node = Unary("%", node)
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.type == Token.OPERAND:
            if token.subtype == Token.NUMBER:
                return Literal(float(token.value))
            if token.subtype == Token.TEXT:
                return Literal(token.value[1:-1].replace('""', '"'))
            if token.subtype == Token.LOGICAL:
                return Literal(token.value.upper() == "TRUE")
            if token.subtype == Token.ERROR:
                return Literal(token.value)
            return parse_ref(token.value)
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            return self.call(token.value[:-1])
        if token.type == Token.PAREN and token.subtype == Token.OPEN:
            node = self.expression(0)
            close = self.take()
            if close.type != Token.PAREN:
                raise FormulaError(f"missing ')' in the formula {self.formula!r}")
            return node
        if token.type == Token.ARRAY:
            raise FormulaError(f"array constants {{…}} are not supported: {self.formula!r}")
        raise FormulaError(f"unexpected {token.value!r} in the formula {self.formula!r}")

    def call(self, raw_name: str) -> Node:
        args: list[Node] = []
        token = self.peek()
        if token is not None and token.type == Token.FUNC and token.subtype == Token.CLOSE:
            self.take()
            return Call(function_name(raw_name), ())
        while True:
            token = self.peek()
            if token is not None and (
                (token.type == Token.SEP and token.subtype == Token.ARG)
                or (token.type == Token.FUNC and token.subtype == Token.CLOSE)
            ):
                args.append(Missing())
            else:
                args.append(self.expression(0))
            token = self.take()
            if token.type == Token.FUNC and token.subtype == Token.CLOSE:
                return Call(function_name(raw_name), tuple(args))
            if not (token.type == Token.SEP and token.subtype == Token.ARG):
                raise FormulaError(
                    f"unexpected {token.value!r} in the arguments of {raw_name}: {self.formula!r}"
                )


def parse(formula: str) -> Node:
    """Parse ``=...`` (the leading ``=`` optional) into a node tree.

    Raises
    ------
    FormulaError
        When the text is not a formula this module understands.
    """
    text = formula.strip()
    if not text.startswith("="):
        text = "=" + text
    return _Parser(text).parse()


class Parsed(dict[str, "Node | FormulaError"]):
    """Formulas parsed once each: ``parsed[text]`` is the tree of the formula ``text``, or the
    :class:`FormulaError` that parsing it raised, parsed the first time it is asked for.

    One is shared by everything that reads a workbook's formulas in one run (the ``--set``
    check, the evaluator and its defined names), so no formula is parsed twice.
    """

    def __missing__(self, text: str) -> Node | FormulaError:
        result: Node | FormulaError
        try:
            result = parse(text)
        except FormulaError as exc:
            result = exc
        self[text] = result
        return result


def formula_text(value: Any) -> str | None:
    """The formula a cell value is: ``=…`` text or an array formula's text (``""`` when it has
    none); None for a value (a lone ``=`` is text)."""
    if isinstance(value, ArrayFormula):
        return value.text or ""
    if isinstance(value, str) and value.startswith("=") and len(value) > 1:
        return value
    return None


def formula_cells(ws: Worksheet) -> Iterator[tuple[Cell, str]]:
    """Every cell of ``ws`` that holds a formula, and the formula (:func:`formula_text`)."""
    for cell in list(ws._cells.values()):
        text = formula_text(cell.value)
        if text is not None:
            yield cell, text


def replace_calls(formula: str, names: Container[str], replace: Callable[[str, str], str]) -> str:
    """``formula`` with each outermost call of a function in ``names`` replaced by the text
    ``replace(name, call)`` gives (``call`` being the call as a formula, ``=FOF_STAT(A1:A9,
    "sharpe")``); everything else as written.

    Raises
    ------
    FormulaError
        When the text is not a formula the tokenizer reads.
    """
    try:
        tokens = Tokenizer(rewrite_spills(formula)).items
    except TokenizerError as exc:
        raise FormulaError(f"cannot read the formula {formula!r}: {exc}") from None
    out: list[str] = []
    call: list[str] = []
    name, depth = "", 0
    for token in tokens:
        opens = token.type == Token.FUNC and token.subtype == Token.OPEN
        if not call and not (opens and function_name(token.value[:-1]) in names):
            out.append(token.value)
            continue
        if not call:
            name = function_name(token.value[:-1])
        call.append(token.value)
        depth += 1 if opens else -1 if token.type == Token.FUNC else 0
        if depth == 0:
            out.append(replace(name, "=" + "".join(call)))
            call = []
    return "=" + "".join(out)


def replace_spills(formula: str, replace: Callable[[Ref | Name], str | None]) -> str:
    """``formula`` with each spill reference (``A1#``, ``'My sheet'!A1#``, or as Excel stores
    them ``_xlfn.ANCHORARRAY(A1)``) replaced by the text ``replace(anchor)`` gives for its
    anchor; one it gives None for, and a formula the tokenizer cannot read, stay as written.
    """
    try:
        tokens = Tokenizer(rewrite_spills(formula)).items
    except TokenizerError:
        return formula
    out: list[str] = []
    changed = False
    i = 0
    while i < len(tokens):
        token, text = tokens[i], None
        if (
            token.type == Token.FUNC
            and token.subtype == Token.OPEN
            and function_name(token.value[:-1]) == "ANCHORARRAY"
            and i + 2 < len(tokens)
            and tokens[i + 1].type == Token.OPERAND
            and tokens[i + 1].subtype == Token.RANGE
            and tokens[i + 2].type == Token.FUNC
            and tokens[i + 2].subtype == Token.CLOSE
        ):
            try:
                text = replace(parse_ref(tokens[i + 1].value))
            except FormulaError:
                text = None
        if text is None:
            out.append(token.value)
            i += 1
        else:
            out.append(text)
            changed = True
            i += 3
    return "=" + "".join(out) if changed else formula


def walk(node: Node):
    """Yield the node and all nodes below it (depth first)."""
    yield node
    if isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Unary):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
