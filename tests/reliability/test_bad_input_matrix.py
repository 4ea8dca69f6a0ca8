"""Bad-input matrix: every fofxl Excel function × every messy input an analyst can paste.

The functions are those of the registry ``fofxl_addin.udfs.FUNCTIONS``, and their
arguments by their signatures; valid base arguments come from :data:`ARGS`, a table keyed by
the argument's NAME. A new Excel function whose arguments reuse known names is covered without
editing this file; an argument with a new name fails :func:`test_every_argument_has_a_base_value`
asking for a table entry.

Each case either has a correct answer, equal to the answer on the equivalent clean input
(unsorted dates, numeric text, serial or text dates, blanks of every spelling), or is refused
with one message, as the analyst sees it in the cell, that names the function, the argument,
the row or date where relevant and the fix, and contains no Python internals.

How each runtime surfaces errors (:mod:`fofxl_addin.runtime`): every ``fof_*`` raises one
``CellError("FOF_NAME: message")``; classic xlwings on Windows shows the message as the cell's
text (a COM exception's description), Office.js (xlwings Lite / Server) shows it for the cell's
``#VALUE!``. So the tests assert on ``str(CellError)``: classic cases call the functions as
classic xlwings does (lists of rows, datetimes, ``None`` blanks, errors as text); the Office.js
cases go through xlwings' own ``custom_functions_call`` (serial dates, ``null`` blanks, error
objects) and must give the same message or the same cells.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
from reliability_support import (
    check_cells,
    check_message,
    first_difference,
    same_cells,
    serial,
)

from fofxl_addin import udfs
from fofxl_addin.runtime import CellError

# --------------------------------------------------------------------------------------------
# Base data: one clean, valid value per argument name.

N = 160  # daily rows (business days)
ROW = 5  # the 0-based data row mutated: "row 6" in a range without a header row


def _data() -> dict[str, list[Any]]:
    rng = np.random.default_rng(20240607)
    days = pd.bdate_range("2021-01-04", periods=N)
    fridays = pd.date_range("2021-01-08", periods=32, freq="W-FRI")
    closes = 3000.0 * np.cumprod(1 + rng.normal(0.0002, 0.012, N))
    spread = np.abs(rng.normal(0.0, 0.008, N))
    labels = np.array(["low", "balance", "high"], dtype=object)[rng.integers(0, 3, N)]
    navs = list(np.cumprod(1 + rng.normal(0.0004, 0.01, N)))
    return {
        "days": [d.to_pydatetime() for d in days],
        "fridays": [d.to_pydatetime() for d in fridays],
        "targets": [d.to_pydatetime() for d in days[3::7]],
        "navs": navs,
        "bench": list(np.cumprod(1 + rng.normal(0.0002, 0.011, N))),
        "acc": [v + 0.25 for v in navs],  # the unit NAVs plus 0.25 paid before the data
        "values": list(rng.normal(0.0, 0.01, N)),
        "indicator": list(1.0 + np.abs(rng.normal(0.0, 0.5, N))),
        "weekly": list(rng.normal(0.001, 0.012, len(fridays))),
        "closes": list(closes),
        "highs": list(closes * (1 + spread)),
        "lows": list(closes * (1 - spread)),
        "labels": list(labels),
    }


DATA = _data()
OMIT = object()  # an option left out: the function's default


@dataclass(frozen=True)
class Arg:
    """What an argument is, and its clean base value.

    role
        anchor (a dates range others pair with), targets (dates kept in their order), series
        (numbers paired with ``anchor``'s dates, or with the other ranges when the function has
        no such dates argument), label_column, or an option role: choice, list, free, window,
        count, fraction, rate, periods, lag, positive, date, flag, breaks, span.
    data
        Key of :data:`DATA` for ranges; ``base`` the value of an option (OMIT: default).
    """

    role: str
    data: str | None = None
    anchor: str | None = None
    kind: str = "value"
    base: Any = OMIT


#: Base value and meaning of every argument name of the Excel functions.
ARGS: dict[str, Arg] = {
    "dates": Arg("anchor", "days"),
    "ret_dates": Arg("anchor", "fridays"),
    "ind_dates": Arg("anchor", "days"),
    "bench_dates": Arg("anchor", "days"),
    "target_dates": Arg("targets", "targets"),
    "navs": Arg("series", "navs", anchor="dates", kind="nav"),
    "bench_navs": Arg("series", "bench", anchor="bench_dates", kind="nav"),
    "unit_navs": Arg("series", "navs", anchor="dates", kind="nav"),
    "acc_navs": Arg("series", "acc", anchor="dates", kind="nav"),
    "values": Arg("series", "values", anchor="dates"),
    "closes": Arg("series", "closes", anchor="dates", kind="price"),
    "highs": Arg("series", "highs", anchor="dates", kind="price"),
    "lows": Arg("series", "lows", anchor="dates", kind="price"),
    "returns": Arg("series", "weekly", anchor="ret_dates", kind="return"),
    "indicator": Arg("series", "indicator", anchor="ind_dates"),
    "labels": Arg("list"),  # an optional list of names; see REQUIRED_ARGS
    "breaks": Arg("breaks", base="-0.01,0,0.01"),
    "window": Arg("window", base=20),
    "min_periods": Arg("count"),
    "top": Arg("count"),
    "method": Arg("choice"),
    "freq": Arg("choice"),
    "how": Arg("choice"),
    "agg": Arg("choice"),
    "by": Arg("choice"),
    "period": Arg("choice"),
    "rebalance": Arg("choice"),
    "metric": Arg("choice", base="sharpe"),
    "metrics": Arg("list"),
    "order": Arg("free"),
    "low": Arg("fraction"),
    "high": Arg("fraction"),
    "rf": Arg("rate"),
    "periods_per_year": Arg("periods"),
    "lag": Arg("lag"),
    "base": Arg("positive"),
    "start": Arg("date"),
    "end": Arg("date"),
    "total": Arg("flag"),
    "min_age": Arg("span", base="1M"),
    "max_gap": Arg("span"),
    "windows": Arg("list"),
    "as_of": Arg("date"),
    "groups": Arg("list"),
    "a": Arg("choice"),
    "b": Arg("choice"),
    "unit": Arg("choice"),
    "sort": Arg("flag"),
    "weights": Arg("free", base=1.0),  # one fund, no header: its weight
}
#: Where a required argument means something else than the optional one of the same name.
REQUIRED_ARGS: dict[str, Arg] = {"labels": Arg("label_column", "labels")}

RANGE_ROLES = ("anchor", "targets", "series", "label_column")


def excel_functions() -> dict[str, Callable[..., Any]]:
    """Every Excel function of the add-in: the registry :data:`fofxl_addin.udfs.FUNCTIONS`."""
    return {name.lower(): item.function for name, item in udfs.FUNCTIONS.items()}


def spec_of(parameter: inspect.Parameter) -> Arg | None:
    required = parameter.default is inspect.Parameter.empty
    return (REQUIRED_ARGS.get(parameter.name) if required else None) or ARGS.get(parameter.name)


@dataclass
class Ctx:
    """One function's arguments: their specs, groups of ranges read together, output shape."""

    name: str
    function: Callable[..., Any]
    specs: dict[str, Arg]
    required: set[str]
    groups: dict[str, list[str]]
    output_group: str | None
    shape: str

    @property
    def excel(self) -> str:
        return self.name.upper()

    def group_of(self, arg: str) -> str:
        return next(key for key, members in self.groups.items() if arg in members)

    def aligned_on(self, group: str) -> bool:
        return self.shape == "aligned" and group == self.output_group

    def base(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        for name, spec in self.specs.items():
            if spec.role in ("anchor", "targets", "label_column"):
                kwargs[name] = [[v] for v in DATA[spec.data]]  # type: ignore[index]
            elif spec.role == "series":
                kwargs[name] = [[float(v)] for v in DATA[spec.data]]  # type: ignore[index]
            elif spec.base is not OMIT:
                kwargs[name] = spec.base
        return kwargs


def context(name: str, function: Callable[..., Any]) -> Ctx:
    parameters = list(inspect.signature(function).parameters.values())
    specs: dict[str, Arg] = {}
    unknown = []
    for parameter in parameters:
        spec = spec_of(parameter)
        if spec is None:
            unknown.append(parameter.name)
        else:
            specs[parameter.name] = spec
    if unknown:
        raise LookupError(
            f"{name}: no base value for argument(s) {unknown}; add an entry to ARGS in "
            f"{__file__} so that the bad-input matrix covers {name.upper()}."
        )
    groups: dict[str, list[str]] = {}
    for arg, spec in specs.items():
        if spec.role in ("anchor", "targets"):
            groups[arg] = [arg]
    for arg, spec in specs.items():
        if spec.role in ("series", "label_column"):
            key = spec.anchor if spec.anchor in groups else "undated"
            groups.setdefault(key, []).append(arg)
    first = parameters[0].name if parameters else None
    output = next((k for k, members in groups.items() if first in members), None)
    shape = udfs.FUNCTIONS[name.upper()].shape
    required = {p.name for p in parameters if p.default is inspect.Parameter.empty}
    return Ctx(name, function, specs, required, groups, output, shape)


# --------------------------------------------------------------------------------------------
# Expectations


@dataclass(frozen=True)
class Error:
    """Refused with a message naming ``names`` (all), one of ``any_names``, the row/date."""

    names: tuple[str, ...] = ()
    any_names: tuple[str, ...] = ()
    row: int | None = None
    date: str | None = None
    contains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Same:
    """The answer on the equivalent clean input ``kwargs``, rearranged by ``transform``."""

    kwargs: dict[str, Any]
    transform: Callable[[Any], Any] | None = None
    rel: float = 1e-12


@dataclass(frozen=True)
class Either:
    """A valid answer (checked by ``check``) or a clear refusal naming one of ``any_names``."""

    any_names: tuple[str, ...]
    check: Callable[[Any], None] | None = None


@dataclass
class Case:
    function: str
    mutation: str
    arg: str
    kwargs: dict[str, Any]
    expect: Error | Same | Either
    officejs: bool = False  # also run through xlwings' Office.js call path
    ids: str = field(init=False)

    def __post_init__(self) -> None:
        self.ids = f"{self.function}-{self.arg}-{self.mutation}"


def _set(column: list[list[Any]], i: int, value: Any) -> list[list[Any]]:
    out = [list(row) for row in column]
    out[i] = [value] * len(out[i])
    return out


def _with(kwargs: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = dict(kwargs)
    for key, value in changes.items():
        if value is OMIT:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _rows_of(result: Any) -> list[Any]:
    return result if isinstance(result, list) else [[result]]


def _insert_blank_rows(rows_at: list[int]) -> Callable[[Any], Any]:
    def transform(result: Any) -> Any:
        rows = [list(r) for r in _rows_of(result)]
        width = len(rows[0]) if rows else 1
        for i in sorted(rows_at):
            rows.insert(i, [None] * width)
        return rows

    return transform


def _permute(order: list[int]) -> Callable[[Any], Any]:
    def transform(result: Any) -> Any:
        rows = _rows_of(result)
        return [rows[k] for k in order]

    return transform


def _transpose(result: Any) -> Any:
    rows = _rows_of(result)
    return [list(column) for column in zip(*rows, strict=True)]


def _all_blank_aligned(ctx: Ctx, group: str) -> Callable[[Any], None]:
    """An aligned answer on a group without usable values is blank, never a number."""

    def check(result: Any) -> None:
        if ctx.aligned_on(group):
            cells = [c for row in _rows_of(result) for c in row]
            assert all(c is None for c in cells), f"numbers where blanks are due: {cells[:10]}"

    return check


def _columns_equal_base(ctx: Ctx, group: str, base: Callable[[], Any]) -> Callable[[Any], None]:
    """A two-column panel of the same series: each output column equals the one-column answer."""

    def check(result: Any) -> None:
        if not ctx.aligned_on(group):
            return
        single = _rows_of(base())
        rows = _rows_of(result)
        assert len(rows) == len(single)
        for j in range(len(rows[0])):
            column = [[row[j]] for row in rows]
            assert same_cells(column, single), first_difference(column, single)

    return check


# --------------------------------------------------------------------------------------------
# Mutations


def _date_text(value: dt.datetime) -> str:
    return f"{value:%Y-%m-%d}"


def range_cases(ctx: Ctx, base: dict[str, Any]) -> Iterator[Case]:
    """Messy cells in the ranges: per argument, then per group of ranges read together."""
    fn = ctx.name
    for arg, spec in ctx.specs.items():
        if spec.role not in RANGE_ROLES:
            continue
        group = ctx.group_of(arg)
        members = ctx.groups[group]
        column = base[arg]
        row = ROW + 1
        if spec.role == "series":
            numbers = [r[0] for r in column]
            for mutation, cell in (
                ("text", "n/a yet"),
                ("boolean", True),
                ("excel_error", "#DIV/0!"),
                ("officejs_error", {"type": "Error", "basicValue": "#REF!", "errorType": "Ref"}),
                ("infinite", float("inf")),
            ):
                yield Case(
                    fn,
                    mutation,
                    arg,
                    _with(base, **{arg: _set(column, ROW, cell)}),
                    Error(names=(arg,), row=row),
                    officejs=mutation in ("text", "officejs_error"),
                )
            if spec.kind in ("nav", "price"):
                for mutation, cell in (("zero", 0.0), ("negative", -1.2)):
                    yield Case(
                        fn,
                        f"{spec.kind}_{mutation}",
                        arg,
                        _with(base, **{arg: _set(column, ROW, cell)}),
                        Error(names=(arg,), row=row, contains=("> 0",)),
                        officejs=mutation == "zero",
                    )
            for mutation, cell in (("long_text", "x" * 10_000), ("text_with_newline", "1.0\n2.0")):
                yield Case(
                    fn,
                    mutation,
                    arg,
                    _with(base, **{arg: _set(column, ROW, cell)}),
                    Error(names=(arg,), row=row),
                )
            yield Case(
                fn, "numpy_array", arg, _with(base, **{arg: np.array(numbers)[:, None]}), Same(base)
            )
            blank = _with(base, **{arg: _set(column, ROW, None)})
            for mutation, cell in (
                ("empty_text", ""),
                ("spaces", "   "),
                ("nan", float("nan")),
                ("na_text", "#N/A"),
                (
                    "officejs_na",
                    {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"},
                ),
            ):
                yield Case(
                    fn,
                    f"blank_{mutation}",
                    arg,
                    _with(base, **{arg: _set(column, ROW, cell)}),
                    Same(blank),
                    officejs=mutation == "officejs_na",
                )
            yield Case(
                fn,
                "numeric_text",
                arg,
                _with(base, **{arg: [[repr(v)] for v in numbers]}),
                Same(base),
                officejs=True,
            )
            percent = f"{numbers[ROW] * 100!r}%"
            yield Case(  # a NAV or price is not a percentage; a return or a value may be one
                fn,
                "percent_text",
                arg,
                _with(base, **{arg: _set(column, ROW, percent)}),
                Error(names=(arg,), row=row, contains=("percentage",))
                if spec.kind in ("nav", "price")
                else Same(base, rel=1e-9),
            )
            yield Case(  # a required range with no usable value at all names the argument
                fn,
                "all_blank",
                arg,
                _with(base, **{arg: [[None] if i % 2 else ["#N/A"] for i in range(len(column))]}),
                Error(names=(arg,), contains=("no value",)),
            )
            yield Case(
                fn,
                "header_then_text",
                arg,
                {
                    **base,
                    **{m: [["head"], *base[m]] for m in members},
                    arg: [["head"], *_set(column, ROW, "abc")],
                },
                Error(names=(arg,), row=row + 1),
            )
            if group != "undated":
                yield Case(
                    fn,
                    "two_header_rows",
                    arg,
                    {
                        **base,
                        **{m: [["head"], [None], *base[m]] for m in members},
                        arg: [["fund A"], ["unit NAV"], *column],
                    },
                    Error(names=(arg,), row=2),
                )
            if len(members) > 1:
                yield Case(
                    fn,
                    "length_mismatch",
                    arg,
                    _with(base, **{arg: column[:-1]}),
                    Error(any_names=tuple(members)),
                )
            if arg != members[0]:  # one range along a row beside the others' columns
                yield Case(
                    fn, "along_a_row", arg, _with(base, **{arg: _transpose(column)}), Same(base)
                )
            yield Case(
                fn,
                "decimal_comma",
                arg,
                _with(base, **{arg: _set(column, ROW, "1,05")}),
                Error(names=(arg,), row=row, contains=("1.05",)),
            )
            yield Case(
                fn,
                "two_columns",
                arg,
                _with(base, **{arg: [[v, v] for v in numbers]}),
                Either((arg,), _columns_equal_base(ctx, group, lambda: ctx.function(**base))),
            )
            yield Case(
                fn,
                "all_blank",
                arg,
                _with(base, **{arg: [[None] for _ in column]}),
                Either((arg,), _all_blank_aligned(ctx, group)),
                officejs=True,
            )
            yield Case(fn, "nothing_selected", arg, _with(base, **{arg: None}), Error((arg,)))
        if spec.role == "label_column":
            yield Case(
                fn,
                "two_columns",
                arg,
                _with(base, **{arg: [[r[0], r[0]] for r in column]}),
                Either((arg,)),
            )
            for mutation, cell in (("excel_error", "#VALUE!"),):
                yield Case(
                    fn,
                    mutation,
                    arg,
                    _with(base, **{arg: _set(column, ROW, cell)}),
                    Error(names=(arg,), row=row),
                )
            yield Case(
                fn,
                "blank_na_text",
                arg,
                _with(base, **{arg: _set(column, ROW, "#N/A")}),
                Same(_with(base, **{arg: _set(column, ROW, None)})),
            )
            yield Case(
                fn,
                "length_mismatch",
                arg,
                _with(base, **{arg: column[:-1]}),
                Error(any_names=tuple(members)),
            )
        if spec.role in ("anchor", "targets"):
            days: list[dt.datetime] = [r[0] for r in column]
            for mutation, cells in (
                ("serials", [[serial(d)] for d in days]),
                ("iso_text", [[_date_text(d)] for d in days]),
                ("slash_text", [[f"{d.year}/{d.month}/{d.day}"] for d in days]),
                ("yyyymmdd_numbers", [[int(f"{d:%Y%m%d}")] for d in days]),
                ("dates_not_datetimes", [[d.date()] for d in days]),
                ("timestamps", [[pd.Timestamp(d)] for d in days]),
                ("iso_text_with_time", [[f"{d:%Y-%m-%d} 00:00:00"] for d in days]),
            ):
                yield Case(
                    fn,
                    f"dates_as_{mutation}",
                    arg,
                    _with(base, **{arg: cells}),
                    Same(base),
                    officejs=mutation == "serials",
                )
            for mutation, cell in (
                ("garbage_text", "31/06/2023"),
                ("boolean", False),
                ("excel_error", "#VALUE!"),
                ("negative_number", -5.0),
                ("year_9999", dt.datetime(9999, 12, 31)),
                ("year_1600", dt.datetime(1600, 1, 3)),
                ("serial_past_2262", 150_000.0),
            ):
                yield Case(
                    fn,
                    f"date_{mutation}",
                    arg,
                    _with(base, **{arg: _set(column, ROW, cell)}),
                    Error(names=(arg,), row=row),
                    officejs=mutation == "garbage_text",
                )
            yield Case(
                fn,
                "dates_two_columns",
                arg,
                _with(base, **{arg: [[d, d] for d in days]}),
                Error(names=(arg,)),
            )
            # dates that may be left out beside required ranges (FOF_AMPLITUDE's: the rows,
            # oldest first, stand in for them); else a refusal naming them
            stand_in = arg not in ctx.required and all(
                m in ctx.required for m in members if m != arg
            )
            expected = Same(base) if stand_in else Error((arg,))
            yield Case(fn, "nothing_selected", arg, _with(base, **{arg: None}), expected)
        if spec.role == "targets":
            # blank target rows stay blank; duplicate and unsorted targets are kept as given
            yield Case(
                fn,
                "blank_target",
                arg,
                _with(base, **{arg: _set(column, ROW, None)}),
                Either((arg,), _blank_row(ROW)),
            )
        if spec.role == "anchor" and len(members) > 1:
            day = column[ROW - 1][0]
            yield Case(
                fn,
                "duplicate_date",
                arg,
                _with(base, **{arg: _set(column, ROW, day)}),
                Error(names=(arg,), date=_date_text(day)),
                officejs=True,
            )
            yield Case(
                fn,
                "blank_date_with_value",
                arg,
                _with(base, **{arg: _set(column, ROW, None)}),
                Error(names=(arg,), row=row),
            )
    yield from group_cases(ctx, base)


def _blank_row(i: int) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert all(c is None for c in _rows_of(result)[i]), _rows_of(result)[i]

    return check


def group_cases(ctx: Ctx, base: dict[str, Any]) -> Iterator[Case]:
    """Mutations of the ranges read together (a dates range and its values)."""
    fn = ctx.name
    for group, members in ctx.groups.items():
        if not members:
            continue
        label = "+".join(members)
        height = len(base[members[0]])
        aligned = ctx.aligned_on(group)
        options = tuple(a for a, s in ctx.specs.items() if s.role not in RANGE_ROLES)
        # a blank row (every cell of the group blank) is a missing observation: dropped
        rows_at = [ROW, ROW + 7]
        blanked = dict(base)
        dropped = dict(base)
        for m in members:
            for i in rows_at:
                blanked[m] = _set(blanked[m], i, None)
            dropped[m] = [r for k, r in enumerate(base[m]) if k not in rows_at]
        yield Case(
            fn,
            "blank_rows_are_missing",
            label,
            blanked,
            Same(dropped, _insert_blank_rows(rows_at) if aligned else None),
            officejs=True,
        )
        if group == "undated":
            yield from _short_history(fn, ctx, base, group, members, options)
            continue  # rows without dates are positions: their order is the data
        # unsorted rows: the same answer, aligned outputs stay on their rows
        rng = np.random.default_rng(len(members) + height)
        order = [int(k) for k in rng.permutation(height)]
        shuffled = dict(base)
        for m in members:
            shuffled[m] = [base[m][k] for k in order]
        yield Case(
            fn,
            "unsorted_rows",
            label,
            shuffled,
            Same(base, _permute(order) if aligned else None),
            officejs=True,
        )
        # reversed (newest first, as many exports are)
        reversed_ = dict(base)
        for m in members:
            reversed_[m] = base[m][::-1]
        yield Case(
            fn,
            "newest_first",
            label,
            reversed_,
            Same(base, _permute(list(range(height))[::-1]) if aligned else None),
        )
        yield from _short_history(fn, ctx, base, group, members, options)


def _header_check(ctx: Ctx, group: str, base: dict[str, Any]) -> Callable[[Any], None]:
    """With a header row, an aligned answer is a row of names over the answer without one."""

    def check(result: Any) -> None:
        if not ctx.aligned_on(group):
            return
        rows = _rows_of(result)
        plain = _rows_of(ctx.function(**base))
        assert all(isinstance(c, str) for c in rows[0]), rows[0]
        assert same_cells(rows[1:], plain), first_difference(rows[1:], plain)

    return check


def _short_history(
    fn: str,
    ctx: Ctx,
    base: dict[str, Any],
    group: str,
    members: list[str],
    options: tuple[str, ...],
) -> Iterator[Case]:
    label = "+".join(members)
    flat = dict(base)
    for m in members:
        if len(base[m][0]) == 1:
            flat[m] = [row[0] for row in base[m]]
    yield Case(fn, "flat_lists", label, flat, Same(base))
    headed = dict(base)
    for m in members:
        width = len(base[m][0])
        headed[m] = [[f"{m} {j + 1}" for j in range(width)], *base[m]]
    yield Case(
        fn, "header_row", label, headed, Either(tuple(members), _header_check(ctx, group, base))
    )
    # one-row ranges: the data run along a row
    along = dict(base)
    for m in members:
        along[m] = _transpose(base[m])
    yield Case(
        fn,
        "ranges_along_a_row",
        label,
        along,
        Same(base, _transpose if ctx.aligned_on(group) else None),
    )
    # too little history: one and two observations
    for n in (1, 2):
        short = dict(base)
        for m in members:
            short[m] = base[m][:n]
        yield Case(fn, f"only_{n}_rows", label, short, Either(tuple(members) + options))


def option_cases(ctx: Ctx, base: dict[str, Any]) -> Iterator[Case]:
    """Bad option values: unknown words, percents for fractions, impossible windows, ..."""
    fn = ctx.name
    error_object = {"type": "Error", "basicValue": "#REF!", "errorType": "Ref"}
    for arg, spec in ctx.specs.items():
        role = spec.role
        if role in RANGE_ROLES:
            continue
        optional = arg not in ctx.required

        def bad(
            mutation: str, value: Any, officejs: bool = False, arg: str = arg, **expect: Any
        ) -> Case:
            expect.setdefault("names", (arg,))
            return Case(fn, mutation, arg, _with(base, **{arg: value}), Error(**expect), officejs)

        yield bad("excel_error", "#REF!")
        yield bad("officejs_error", error_object, officejs=True)
        yield bad("na_error", "#N/A")  # a failed lookup, not "use the default"
        given = base.get(arg, OMIT)
        default = inspect.signature(ctx.function).parameters[arg].default
        value = given if given is not OMIT else default
        if value is not None and value is not inspect.Parameter.empty:
            yield Case(fn, "in_a_cell", arg, _with(base, **{arg: [[value]]}), Same(base))
            if role == "choice" and isinstance(value, str):
                spelled = f"  {value.swapcase()} "
                yield Case(fn, "case_and_spaces", arg, _with(base, **{arg: spelled}), Same(base))
        if role not in ("list", "free", "breaks"):  # those take a range of several cells
            yield bad("two_by_one_range", [["a"], ["b"]])
        if role not in ("choice", "list", "free", "breaks", "flag", "date", "span"):
            yield Case(fn, "huge", arg, _with(base, **{arg: 1e300}), Either((arg,)))
        if optional:
            yield Case(
                fn, "blank", arg, _with(base, **{arg: "  "}), Same(_with(base, **{arg: OMIT}))
            )
            yield Case(
                fn,
                "empty_cell",
                arg,
                _with(base, **{arg: [[None]]}),
                Same(_with(base, **{arg: OMIT})),
            )
        else:
            yield bad("blank", "  ")
        if role == "choice":
            yield bad("unknown_word", "bogus", officejs=True)
            yield bad("boolean", True)
            yield bad("number", 3)
        elif role == "list":
            yield bad("unknown_word", "bogus", officejs=True)
            if arg == "labels":
                yield bad("too_many_names", "a,b,c,d,e")
                yield bad("repeated_name", "x,x")
        elif role == "window":
            for mutation, value in (
                ("zero", 0),
                ("negative", -3),
                ("unparseable", "three years"),
                ("fraction", 2.5),
                ("boolean", True),
                ("zero_span", "0Y"),
            ):
                yield bad(mutation, value)
            yield Case(
                fn,
                "longer_than_data",
                arg,
                _with(base, **{arg: 100_000}),
                Either((arg,), _all_blank_if_aligned(ctx)),
            )
            yield Case(fn, "calendar_span", arg, _with(base, **{arg: "2M"}), Either((arg,)))
            yield Case(fn, "one", arg, _with(base, **{arg: 1}), Either((arg,)))
            yield Case(fn, "numeric_text", arg, _with(base, **{arg: "20"}), Same(base))
        elif role == "count":
            for mutation, value in (
                ("zero", 0),
                ("negative", -1),
                ("unparseable", "five"),
                ("fraction", 2.5),
                ("boolean", True),
            ):
                yield bad(mutation, value)
            if arg == "min_periods" and "window" in ctx.specs:
                yield bad("larger_than_window", 1000, names=("min_periods",))
            if arg == "top":
                yield Case(fn, "more_than_episodes", arg, _with(base, top=500), Either((arg,)))
        elif role == "fraction":
            percent = 20 if arg == "low" else 80
            yield bad(
                "given_as_percent", percent, officejs=True, contains=(f"try {percent / 100:g}",)
            )
            yield bad("negative", -0.1)
            yield bad("above_100", 250)
            yield bad("unparseable", "twenty")
            yield bad("boolean", True)
            yield Case(
                fn,
                "percent_text",
                arg,
                _with(base, **{arg: f"{percent}%"}),
                Same(_with(base, **{arg: percent / 100})),
            )
            if arg == "low" and "high" in ctx.specs:
                yield Case(
                    fn,
                    "low_above_high",
                    "low+high",
                    _with(base, low=0.9, high=0.1),
                    Error(names=("low", "high")),
                    officejs=True,
                )
        elif role == "rate":
            yield bad("given_as_percent", 3, contains=("0.03",))
            yield bad("unparseable", "three percent")
            yield bad("boolean", True)
            yield Case(fn, "percent_text", arg, _with(base, rf="2%"), Same(_with(base, rf=0.02)))
        elif role == "periods":
            for mutation, value in (("zero", 0), ("negative", -12), ("unparseable", "daily")):
                yield bad(mutation, value)
            yield bad("boolean", True)
        elif role == "lag":
            for mutation, value in (("negative", -1), ("fraction", 1.5), ("unparseable", "one")):
                yield bad(mutation, value)
            yield bad("boolean", True)
        elif role == "positive":
            for mutation, value in (("zero", 0), ("negative", -1), ("unparseable", "one")):
                yield bad(mutation, value)
        elif role == "date":
            yield bad("garbage_text", "sometime in 2021")
            yield bad("boolean", True)
            day = DATA["days"][40]
            for mutation, value in (("serial", serial(day)), ("iso_text", _date_text(day))):
                yield Case(
                    fn,
                    f"date_as_{mutation}",
                    arg,
                    _with(base, **{arg: value}),
                    Same(_with(base, **{arg: day})),
                )
            if arg == "start" and "end" in ctx.specs:
                yield Case(
                    fn,
                    "start_after_end",
                    "start+end",
                    _with(base, start=DATA["days"][100], end=DATA["days"][20]),
                    Error(any_names=("start", "end")),
                )
                yield Case(
                    fn,
                    "start_after_the_data",
                    "start",
                    _with(base, start=dt.datetime(2030, 1, 1)),
                    Either(("start", "end")),
                )
        elif role == "flag":
            yield bad("unparseable", "maybe")
            yield bad("number", 2)
        elif role == "breaks":
            yield bad("unparseable", "low,high")
            yield Case(fn, "decreasing", arg, _with(base, breaks="0.01,0"), Either((arg,)))
            yield Case(fn, "one_break", arg, _with(base, breaks="0"), Either((arg,)))
            yield Case(
                fn,
                "as_a_range",
                arg,
                _with(base, breaks=[[-0.01], [0.0], [0.01]]),
                Same(base),
            )
        elif role == "span":
            for mutation, value in (("unparseable", "six months"), ("negative", -1)):
                yield bad(mutation, value)
            yield Case(fn, "zero", arg, _with(base, **{arg: "0M"}), Either((arg,)))


def _all_blank_if_aligned(ctx: Ctx) -> Callable[[Any], None]:
    return _all_blank_aligned(ctx, ctx.output_group or "")


def all_cases() -> tuple[list[Case], list[str]]:
    cases: list[Case] = []
    problems: list[str] = []
    for name, function in excel_functions().items():
        try:
            ctx = context(name, function)
        except LookupError as exc:
            problems.append(str(exc))
            continue
        base = ctx.base()
        cases.append(Case(name, "clean", "all", base, Either(())))
        cases.extend(range_cases(ctx, base))
        cases.extend(option_cases(ctx, base))
    return cases, problems


CASES, PROBLEMS = all_cases()


# --------------------------------------------------------------------------------------------
# Tests


def test_every_function_is_enumerated():
    """The matrix covers exactly the registered Excel functions (SPEC §3)."""
    found = {name.upper() for name in excel_functions()}
    assert found == set(udfs.FUNCTIONS), found ^ set(udfs.FUNCTIONS)
    assert len(found) >= 20


def test_every_argument_has_a_base_value():
    assert not PROBLEMS, "\n".join(PROBLEMS)


def test_unknown_argument_names_fail_loudly():
    def fof_future(dates: Any, navs: Any, smoothing: Any = 3) -> Any:  # pragma: no cover
        return None

    with pytest.raises(LookupError, match=r"smoothing.*add an entry to ARGS"):
        context("fof_version", fof_future)


def run(case: Case) -> tuple[Any, str | None]:
    """(result, None) or (None, the message the cell shows)."""
    function = getattr(udfs, case.function)
    try:
        return function(**case.kwargs), None
    except CellError as exc:
        return None, str(exc)


def check(case: Case, result: Any, message: str | None) -> None:
    excel = case.function.upper()
    expect = case.expect
    if isinstance(expect, Error):
        assert message is not None, f"{case.ids}: expected a refusal, got {str(result)[:300]}"
        check_message(
            message,
            function=excel,
            names=expect.names,
            any_names=expect.any_names,
            row=expect.row,
            date=expect.date,
            contains=expect.contains,
        )
        return
    if isinstance(expect, Either):
        if message is not None:
            check_message(message, function=excel, any_names=expect.any_names)
            return
        check_cells(result)
        if expect.check is not None:
            expect.check(result)
        return
    assert message is None, f"{case.ids}: refused a valid input: {message}"
    check_cells(result)
    reference, ref_message = run(Case(case.function, "reference", case.arg, expect.kwargs, expect))
    assert ref_message is None, f"{case.ids}: the clean input is refused: {ref_message}"
    wanted = expect.transform(reference) if expect.transform else reference
    assert same_cells(result, wanted, expect.rel), (
        f"{case.ids}: {first_difference(result, wanted, expect.rel)}"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.ids for c in CASES])
def test_matrix(case: Case) -> None:
    result, message = run(case)
    check(case, result, message)


def test_the_clean_base_gives_numbers():
    """The base inputs are valid and give real answers (so that "same" means something)."""
    for case in CASES:
        if case.mutation != "clean":
            continue
        result, message = run(case)
        assert message is None, f"{case.function}: {message}"
        numbers = [c for row in _rows_of(result) for c in (row if isinstance(row, list) else [row])]
        assert any(isinstance(c, float | int) and not isinstance(c, bool) for c in numbers) or (
            case.function in ("fof_version", "fof_bucket", "fof_regime")
        ), f"{case.function} gives no numbers on the base data"


def test_matrix_size():
    """The counts quoted in the closing note (functions × cases)."""
    functions = {c.function for c in CASES}
    assert len(functions) == len(udfs.FUNCTIONS)
    assert len(CASES) >= 20 * len(functions)


# --------------------------------------------------------------------------------------------
# A sweep of junk in every argument position: a valid answer or a clear refusal, never more


JUNK: tuple[Any, ...] = (
    None,
    "",
    "abc",
    True,
    0,
    -1,
    2.5,
    1e300,
    -1e300,
    float("nan"),
    float("inf"),
    10**30,
    "#N/A",
    "#REF!",
    {"type": "Error", "basicValue": "#NUM!", "errorType": "Num"},
    [],
    [[None]],
    [[None, None]],
    [["x", "y"]],
    [[1.0, 2.0], [3.0, 4.0]],
    [[dt.datetime(2021, 1, 4)]],
    dt.datetime(2021, 1, 4),
    "2021-01-04",
    "1e3",
    "5000Y",
    "99999999999999999999Y",
    "1,05",
    ["flat", "list"],
)


@pytest.mark.parametrize("name", sorted(excel_functions()))
def test_junk_in_every_argument(name: str) -> None:
    try:
        ctx = context(name, excel_functions()[name])
    except LookupError as exc:
        pytest.fail(str(exc))
    base = ctx.base()
    failures = []
    for arg, spec in ctx.specs.items():
        names = tuple(ctx.groups[ctx.group_of(arg)]) if spec.role in RANGE_ROLES else (arg,)
        for junk in JUNK:
            case = Case(name, f"junk {junk!r}"[:40], arg, _with(base, **{arg: junk}), Either(names))
            result, message = run(case)
            try:
                check(case, result, message)
            except AssertionError as exc:
                failures.append(f"{arg}={junk!r}: {exc}".split("\n")[0][:300])
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.05", 1.05),
        (" 1,234.5 ", 1234.5),
        ("12%", 0.12),
        ("12.5 %", 0.125),
        ("+1.05", 1.05),
        ("-.5", -0.5),
        ("1e-3", 0.001),
        ("１.０５", 1.05),  # full-width digits, as Chinese input methods type them
        ("1,05", None),  # a decimal comma is not read as 105
        ("1.234,5", None),
        ("1,2345", None),
        ("1 050", None),
        ("1_000", None),
        ("nan", None),
        ("inf", None),
        ("1e400", None),
        ("٣", None),
        ("-", None),
    ],
)
def test_numeric_text_is_read_as_excel_reads_it(text: str, number: float | None) -> None:
    """Numeric text is a number only when Excel (English locale) would read the same one."""
    from fofxl.clean import to_number
    from fofxl.errors import InputError

    if number is not None:
        assert to_number(text) == pytest.approx(number, rel=1e-15)
        return
    with pytest.raises(InputError) as err:
        to_number(text, "navs", row=4)
    check_message(str(err.value), names=("navs",), row=4)


@pytest.mark.parametrize(
    "text",
    ["2023-06-30", "2023/6/30", "2023/06/30", "20230630", "2023.06.30", "2023年6月30日", "45107"],
)
def test_text_dates_as_analysts_type_them(text: str) -> None:
    from fofxl.clean import to_date

    assert to_date(text) == pd.Timestamp("2023-06-30")


@pytest.mark.parametrize("text", ["30/06/2023", "06/30/2023", "June 30", "2023-13-01", "nan"])
def test_ambiguous_or_impossible_text_dates_are_refused(text: str) -> None:
    from fofxl.clean import to_date
    from fofxl.errors import InputError

    with pytest.raises(InputError) as err:
        to_date(text, "dates", row=9)
    check_message(str(err.value), names=("dates",), row=9, contains=("2023-06-30",))


# --------------------------------------------------------------------------------------------
# The same inputs through xlwings' Office.js call path (last in this module: the fixture
# keeps the Office.js modules and environment until the module ends)


def _officejs_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return serial(value)
    if isinstance(value, dt.date):
        return serial(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, str) and value.strip().upper() in ("#DIV/0!", "#REF!", "#VALUE!", "#N/A"):
        return {"type": "Error", "basicValue": value.strip()}
    if isinstance(value, float) and value != value:
        return None  # JSON has no NaN: Office.js sends a blank
    return value


def _payload(value: Any) -> Any:
    """An argument as Office.js sends it: a matrix, serial dates, null blanks, error objects."""
    if value is None:
        return None
    rows = value if isinstance(value, list) else [[value]]
    return [[_officejs_cell(c) for c in row] for row in rows]


def _as_written(result: Any) -> Any:
    """A classic result as xlwings writes it for Office.js (runtime 1.4)."""
    rows = result if isinstance(result, list) else [[result]]

    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return {
                "type": "FormattedNumber",
                "basicValue": serial(value),
                "numberFormat": "yyyy-mm-dd",
            }
        return value

    return [[cell(v) for v in row] for row in rows]


@pytest.fixture(scope="module")
def officejs_runtime() -> Iterator[tuple[Any, Any]]:
    """xlwings and the add-in imported afresh as under Office.js; restored afterwards."""

    def ours(name: str) -> bool:
        return name.split(".")[0] in ("xlwings", "fofxl_addin")

    saved = {name: module for name, module in sys.modules.items() if ours(name)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XLWINGS_ON_SERVER", "true")
        mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
        for name in saved:
            del sys.modules[name]
        try:
            import xlwings.server

            import fofxl_addin.udfs as office_udfs

            yield xlwings.server, office_udfs
        finally:
            for name in [name for name in sys.modules if ours(name)]:
                del sys.modules[name]
            sys.modules.update(saved)


def _call_officejs(server: Any, module: Any, case: Case) -> tuple[Any, str | None]:
    import xlwings

    function = getattr(module, case.function)
    names = list(inspect.signature(function).parameters)
    data = {
        "func_name": case.function,
        "args": [_payload(case.kwargs.get(name)) for name in names],
        "caller_address": "[Book1]Sheet1!Z1",
        "content_language": "en-US",
        "version": xlwings.__version__,
        "client": "Office.js",
        "runtime": "1.4",
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
    }
    try:
        return asyncio.run(server.custom_functions_call(data, module)), None
    except module.runtime.CellError as exc:
        assert isinstance(exc, xlwings.XlwingsError)  # what xlwings Lite/Server shows
        return None, str(exc)


OFFICE_CASES = [c for c in CASES if c.officejs]


@pytest.mark.parametrize("case", OFFICE_CASES, ids=[c.ids for c in OFFICE_CASES])
def test_officejs_matrix(officejs_runtime, case: Case) -> None:
    """Office.js inputs (serial dates, nulls, error objects) get the classic answer or message."""
    server, module = officejs_runtime
    result, message = _call_officejs(server, module, case)
    with pytest.MonkeyPatch.context() as mp:  # the classic answer, outside Office.js
        mp.delenv("XLWINGS_ON_SERVER", raising=False)
        classic, classic_message = run(case)
    if classic_message is not None:
        assert message == classic_message, f"{case.ids}: {message!r} != {classic_message!r}"
        return
    assert message is None, f"{case.ids}: refused under Office.js only: {message}"
    assert same_cells(result, _as_written(classic)), (
        f"{case.ids}: {first_difference(result, _as_written(classic))}"
    )
