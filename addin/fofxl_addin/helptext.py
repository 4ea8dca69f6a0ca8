"""Excel help of the FOF_* functions, read from each function's own Excel help section.

Every ``fof_*`` function carries its help, written for an analyst in Excel, as its docstring
(the one source of the Function Wizard, the Office.js tooltips and ``docs/functions.md``)::

    One sentence saying what the function gives (the Function Wizard's description).

    Spills: what the formula fills: one row per input row, a table, one value, ...

    window: what the argument is, in cells, blanks and TRUE/FALSE.

    Definition: how each number is computed (for docs/functions.md; may run over several
    paragraphs and bullet lines).

Paragraphs are separated by blank lines and start with their key (``Spills:``, an argument
name, ``Definition:``). Arguments that many functions share with one meaning (the dates
ranges) are described once in :data:`SHARED_ARGUMENTS`. What a blank optional argument does is
appended from the signature (``Blank: 20.``) when the argument has a default; when its default
is empty the argument's text says itself what a blank does. Classic Excel cuts descriptions at
255 characters, so every text must fit in :data:`MAX_CHARS` (checked when the function is
defined).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_CHARS", "SHARED_ARGUMENTS", "Help", "blank_text", "parse"]

#: The classic Function Wizard's limit for a function or argument description.
MAX_CHARS = 255

#: Arguments whose meaning is the same in every function that has them.
SHARED_ARGUMENTS = {
    "dates": (
        "The dates of the rows: date cells, Excel serial numbers or text like 2023-06-30, in any "
        "order, one per row. If the first cell is text such as 'date', the first row of every "
        "range is a header."
    ),
    "target_dates": (
        "The dates to place the values on, in any order (blank cells give blank rows). A text "
        "first cell makes the first row a header."
    ),
    "ret_dates": (
        "The dates of the returns: date cells, serials or text like 2023-06-30, one per row. A "
        "text first cell makes the first row of ret_dates and returns a header."
    ),
    "ind_dates": (
        "The dates of the indicator (usually daily, longer history than the returns). A text "
        "first cell makes the first row of ind_dates and indicator a header."
    ),
    "bench_dates": (
        "The dates of the benchmark NAVs, one per row. A text first cell makes the first row of "
        "bench_dates and bench_navs a header."
    ),
}

_KEY = re.compile(r"^(\w+):\s*(.*)$", re.DOTALL)


@dataclass
class Help:
    """The Excel help of one function."""

    summary: str
    spills: str = ""
    arguments: dict[str, str] = field(default_factory=dict)
    definition: str = ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def parse(function: Callable[..., Any], fill: Mapping[str, str] | None = None) -> Help:
    """The Excel help section (docstring) of ``function``, ``{name}`` placeholders filled
    from ``fill``."""
    text = inspect.cleandoc(function.__doc__ or "")
    if fill:
        text = text.format(**fill)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        raise ValueError(f"{function.__name__} has no Excel help section.")
    found = Help(summary=_one_line(paragraphs[0]))
    for k, paragraph in enumerate(paragraphs[1:], start=1):
        match = _KEY.match(paragraph)
        if not match:
            raise ValueError(
                f"{function.__name__}: help paragraph {k + 1} does not start with 'Spills:', "
                f"an argument name or 'Definition:': {paragraph[:40]!r}"
            )
        key, body = match.groups()
        if key == "Definition":
            found.definition = "\n\n".join([body, *paragraphs[k + 1 :]]).strip()
            break
        if key == "Spills":
            found.spills = _one_line(body)
        else:
            found.arguments[key] = _one_line(body)
    return found


def shown_default(value: Any) -> str:
    """A default as an Excel user types it: TRUE/FALSE, numbers, text without quotes."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def blank_text(parameter: inspect.Parameter) -> str:
    """`` Blank: <default>.`` for an argument with a default, else nothing."""
    if parameter.default is inspect.Parameter.empty or parameter.default is None:
        return ""
    return f" Blank: {shown_default(parameter.default)}."
