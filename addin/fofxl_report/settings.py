"""A template's Settings from outside: named settings set (``--set``), demo-data marks cleared.

Settings are the cells named ``set_<key>`` (``set_report_date``, ``set_window``, ...);
:func:`apply_settings` writes ``key=value`` pairs into them, typed like the value already there
(a date cell takes a date, a number cell a number, a text cell the text). The synthetic-data
marks of a template are the cells named ``demo_mark<k>`` and the document's description;
:func:`clear_demo_marks` blanks them once every data sheet holds the analyst's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from openpyxl.utils.cell import get_column_letter

from fofxl.clean import to_date, to_number
from fofxl.errors import InputError

from .books import BookAdapter, cell_target

__all__ = ["SettingError", "apply_settings", "clear_demo_marks", "parse_settings"]

PREFIX = "set_"
DEMO_MARK = "demo_mark"


class SettingError(InputError):
    """An unknown setting or a value its cell cannot take (one line, listing the known ones)."""


def parse_settings(items: Sequence[str]) -> dict[str, str]:
    """``["report_date=2020-12-31", "window=3Y"]`` → ``{"report_date": "2020-12-31", ...}``."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SettingError(f"--set {item!r}: write NAME=VALUE, e.g. --set window=3Y")
        out[key.strip()] = value.strip()
    return out


def _cell(book: BookAdapter, ref: str) -> tuple[str, str] | None:
    cells = _cells(ref)
    return cells[0] if cells else None


def _cells(ref: str) -> list[tuple[str, str]]:
    """Every (sheet, cell) of a reference such as ``=Log!$A$2:$C$2``."""
    target = cell_target(ref)
    if target is None:
        return []
    sheet, r1, c1, r2, c2 = target
    return [
        (sheet or "Settings", f"{get_column_letter(c)}{r}")
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
    ]


def _typed(text: str, old: Any, key: str) -> Any:
    """``text`` as the kind of value the setting holds now (date, number or text)."""
    try:
        if isinstance(old, (dt.date, dt.datetime)):
            return to_date(text, f"--set {key}").to_pydatetime()
        if isinstance(old, (int, float)) and not isinstance(old, bool):
            value = to_number(text, f"--set {key}")
            return int(value) if isinstance(old, int) and value.is_integer() else value
    except InputError as exc:
        raise SettingError(" ".join(str(exc).split())) from None
    return text


def apply_settings(book: BookAdapter, settings: dict[str, str]) -> list[str]:
    """Write each ``key=value`` into the Settings cell named ``set_<key>``; one line each.

    Raises
    ------
    SettingError
        A key without a ``set_<key>`` cell (the message lists the known ones) or a value the
        cell's kind cannot take (a date cell given ``2020-13-45``).
    """
    names = {n.lower(): ref for n, ref in book.names().items()}
    known = sorted(
        (n[len(PREFIX) :] for n in book.names() if n.lower().startswith(PREFIX)), key=str.lower
    )
    lines = []
    for key, text in settings.items():
        ref = names.get(f"{PREFIX}{key.lower()}")
        where = _cell(book, ref) if ref is not None else None
        if where is None and not known:
            raise SettingError(
                f"--set {key}: this workbook has no settings (no cell named {PREFIX}<name>); "
                "drop --set"
            )
        if where is None:
            raise SettingError(f"--set {key}: no such setting; the settings are {', '.join(known)}")
        value = _typed(text, book.get_value(*where), key)
        book.set_value(*where, value)
        lines.append(f"set {key} = {text}")
    return lines


def clear_demo_marks(book: BookAdapter) -> int:
    """Blank the cells named ``demo_mark<k>`` (the synthetic-data labels); returns how many."""
    count = 0
    for name, ref in book.names().items():
        if name.lower().startswith(DEMO_MARK):
            for where in _cells(ref):
                book.set_value(*where, None)
                count += 1
    return count
