"""Shared pieces of the reliability tests: what an analyst may see, and how cells compare.

Imported by the tests of this folder (``from reliability_support import ...``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pytest

#: Words that betray Python internals; none may reach a cell or a command line.
FORBIDDEN = (
    "NoneType",
    "KeyError",
    "IndexError",
    "index out of bounds",
    "could not convert",
    "Traceback",
    "dtype",
    "float64",
    "object",
    "numpy",
    "pandas",
    "unhashable",
    "iloc",
    "internal error",
)

#: A message must say what to do: one of these verbs (or "try ...") states the fix.
_FIX = re.compile(
    r"\b(give|use|type|put|clear|select|choose|try|keep|correct|fix|remove|leave|pass|add|"
    r"write|enter|drop|save|export|open|check|sort|make|name|list|set|lower|raise|shorten|"
    r"start|end|delete|label)\b",
    re.IGNORECASE,
)

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def serial(day: Any) -> float:
    """The Excel serial number of a date (what Office.js sends)."""
    return (day - EXCEL_EPOCH).total_seconds() / 86400.0


def internals(text: str) -> list[str]:
    """The forbidden words found in ``text``."""
    return [word for word in FORBIDDEN if word.lower() in text.lower()]


def check_message(
    message: str,
    *,
    function: str | None = None,
    names: tuple[str, ...] = (),
    any_names: tuple[str, ...] = (),
    row: int | None = None,
    date: str | None = None,
    contains: tuple[str, ...] = (),
) -> None:
    """Assert that ``message`` is one a person can act on.

    ``names`` must all appear as words, at least one of ``any_names`` must appear, ``row`` as
    "row N", ``date`` as written; no Python internals; a fix is stated.
    """
    assert message, "empty message"
    assert "\n" not in message.strip(), f"not one line: {message!r}"
    assert len(message) <= 400, f"too long for a cell: {message!r}"
    found = internals(message)
    assert not found, f"Python internals {found} in {message!r}"
    if function is not None:
        assert message.startswith(f"{function}: "), f"does not name {function}: {message!r}"
    for name in names:
        assert re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message), (
            f"does not name the argument {name!r}: {message!r}"
        )
    if any_names:
        assert any(
            re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) for name in any_names
        ), f"names none of {any_names}: {message!r}"
    if row is not None:
        assert re.search(rf"\brows? (?:\d+ and )?{row}\b", message), (
            f"does not name row {row}: {message!r}"
        )
    if date is not None:
        assert date in message, f"does not name the date {date}: {message!r}"
    for text in contains:
        assert text in message, f"does not say {text!r}: {message!r}"
    assert _FIX.search(message.split(":", 1)[-1]), f"states no fix: {message!r}"


_CELL_TYPES = (type(None), bool, int, float, str, dt.datetime, dt.date)


def check_cells(result: Any) -> None:
    """A UDF result is plain cells: no NaN or inf (undefined is None), no numpy or pandas
    objects, no internals in text."""
    rows = result if isinstance(result, list) else [[result]]
    for row in rows:
        cells = row if isinstance(row, list) else [row]
        for cell in cells:
            assert type(cell) in _CELL_TYPES, f"cell of type {type(cell).__name__}: {cell!r}"
            if isinstance(cell, float):
                assert math.isfinite(cell), f"a {cell} reaches a cell (undefined must be blank)"
            if isinstance(cell, str):
                assert not internals(cell), f"internals in a result cell: {cell!r}"


def same_cells(actual: Any, expected: Any, rel: float = 1e-12) -> bool:
    """Cell grids equal: floats to ``rel``, None as blank, datetimes exactly."""
    if isinstance(expected, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(expected)
            and all(same_cells(a, e, rel) for a, e in zip(actual, expected, strict=True))
        )
    if expected is None:
        return actual is None
    if isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, int | float | np.integer | np.floating):
        return (
            isinstance(actual, int | float)
            and not isinstance(actual, bool)
            and actual == pytest.approx(float(expected), rel=rel, abs=1e-15)
        )
    return bool(actual == expected)


def first_difference(actual: Any, expected: Any, rel: float = 1e-12, where: str = "") -> str:
    """Where two cell grids first differ (for assertion messages)."""
    if isinstance(expected, list | tuple) and isinstance(actual, list | tuple):
        if len(actual) != len(expected):
            return f"{where or 'result'}: {len(actual)} items, expected {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            if not same_cells(a, e, rel):
                return first_difference(a, e, rel, f"{where}[{i}]")
        return "equal"
    return f"{where}: {actual!r} != expected {expected!r}"
