"""Excel help generated from the pylib numpydoc: function and argument descriptions.

The Function Wizard (classic) and the formula tooltips (Office.js) show a function description
and one description per argument. Both come from the docstring of the pylib function a UDF
wraps: the first paragraph is the function description, the ``Parameters`` section gives the
arguments. Arguments that pylib does not have (the dates ranges, which pylib takes as the
index) are described once in :data:`SHARED_ARGUMENTS`. Classic Excel cuts descriptions at 255
characters, so every text here is shortened at a sentence or word boundary to fit.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MAX_CHARS",
    "SHARED_ARGUMENTS",
    "Doc",
    "fit",
    "parse",
    "plain",
]

#: The classic Function Wizard's limit for a function or argument description.
MAX_CHARS = 255

#: Arguments of the Excel functions that no pylib function has (pylib takes dates as the index).
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

_SECTION = re.compile(r"^\s*([A-Z][A-Za-z ]+)\s*\n\s*-{3,}\s*$", re.MULTILINE)
_ITEM = re.compile(r"^(\w[\w, ]*?)\s*(?::\s*(.*))?$")


@dataclass
class Doc:
    """The parts of a numpydoc docstring the add-in uses."""

    summary: str
    params: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    returns: str = ""
    notes: str = ""


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def parse(function: Callable[..., Any]) -> Doc:
    """Parse the numpydoc docstring of ``function``."""
    text = inspect.cleandoc(function.__doc__ or "")
    heads = list(_SECTION.finditer(text))
    head_text = text[: heads[0].start()] if heads else text
    sections: dict[str, str] = {}
    for k, match in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        sections[match.group(1).strip()] = text[match.end() : end].strip("\n")
    paragraphs = _paragraphs(head_text)
    doc = Doc(summary=paragraphs[0] if paragraphs else "")
    doc.params, doc.types = _items(sections.get("Parameters", ""))
    returns, _ = _items(sections.get("Returns", ""), named=False)
    doc.returns = " ".join(returns.values())
    doc.notes = textwrap.dedent(sections.get("Notes", "")).strip()
    return doc


def _items(section: str, named: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """``name : type`` lines at the section's indent, each followed by indented text."""
    descriptions: dict[str, str] = {}
    types: dict[str, str] = {}
    current: list[str] = []
    lines: list[str] = []
    for line in textwrap.dedent(section).splitlines():
        if line and not line[0].isspace():
            match = _ITEM.match(line.strip())
            if named and match:
                current = [n.strip() for n in match.group(1).split(",")]
                kind = (match.group(2) or "").strip()
            else:
                current, kind = [line.strip()], ""
            lines = []
            for name in current:
                descriptions[name] = ""
                types[name] = kind
        elif current:
            lines.append(line.strip())
            text = " ".join(part for part in lines if part)
            for name in current:
                descriptions[name] = text
    return descriptions, types


def plain(text: str) -> str:
    """reST markup as plain text (for Excel): ``x`` → x, :func:`f` → f, :data:`X` → X."""
    text = re.sub(r":(?:func|data|class|meth|mod|attr):`~[\w.]*\.(\w+)`", r"\1", text)
    text = re.sub(r":(?:func|data|class|meth|mod|attr):`([^`]+)`", r"\1", text)
    text = re.sub(r":math:`([^`]+)`", r"\1", text)
    return text.replace("``", "")


def fit(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` cut to ``limit`` characters: whole sentences if possible, else whole words."""
    text = " ".join(plain(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind("; "))
    if sentence >= limit // 3:
        return cut[: sentence + 1].rstrip(";") + ("" if cut[sentence] == "." else ".")
    return cut[: cut.rfind(" ", 0, limit - 1)].rstrip(",;:") + "…"
