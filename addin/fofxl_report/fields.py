"""Data sheets bound by field name: what each data sheet needs, and imported data fitted to it.

A template declares, on its Settings sheet, what each data sheet holds (defined names
``fields_<sheet>`` and ``map_<sheet>`` over Settings cells, written by
``templates/workbook.py``):

* a list of market fields, e.g. ``close, high, low, turnover``: the sheet holds a date column
  and these columns, in this order (the formulas read them by position through defined names
  such as ``mkt_close``);
* ``nav`` (fund NAVs) or ``level`` (index levels): the sheet holds a date column and one
  column per fund or index, as many as the data has.

:func:`bind` fits an import (:func:`fofxl.io.import_file`) to a sheet: market fields are
picked by name whatever the file's column order (the importer reads 收盘价/收盘/close,
成交额/成交金额/amount, 换手率/turnover, ... into the English field names), extra columns are
ignored, and ``map`` (``turnover=成交额``) names the column a field is read from. A missing
field, fund NAVs fed to a market sheet or market data fed to a NAV sheet is one
:class:`FieldError` line naming the sheet, the field and what the file has.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl.utils.cell import get_column_letter

# The importers' header vocabulary (fofxl.io.vocabulary): one table of 收盘价/close/... names.
from fofxl.errors import InputError
from fofxl.io import ImportResult
from fofxl.io.vocabulary import _MARKET_FIELD, _norm

from .books import BookAdapter, cell_target

__all__ = [
    "PANELS",
    "FieldError",
    "SheetSpec",
    "bind",
    "import_warnings",
    "parse_map",
    "report_lines",
    "renamed_note",
    "sheet_specs",
]

#: panel kinds: a date column and one column per fund (``nav``) or index (``level``)
PANELS = {
    "nav": "fund NAVs (a date column and one column per fund, or fund/date/NAV rows)",
    "level": "index levels (a date column and one column per index)",
}
#: the market fields a sheet may declare (the importer's English names)
MARKET_FIELDS = tuple(dict.fromkeys(_MARKET_FIELD.values()))


class FieldError(InputError):
    """Data that does not fit the sheet it is meant for (one line: sheet, field, the file)."""


@dataclass(frozen=True)
class SheetSpec:
    """What a data sheet holds: market ``fields`` in sheet order, or one panel kind."""

    sheet: str
    fields: tuple[str, ...]
    mapping: Mapping[str, str] = field(default_factory=dict)

    @property
    def panel(self) -> str | None:
        """``nav`` or ``level`` for a panel sheet, None for a sheet of market fields."""
        return self.fields[0] if len(self.fields) == 1 and self.fields[0] in PANELS else None


def parse_fields(text: Any, sheet: str) -> tuple[str, ...]:
    """``"close, high, low"`` → ``("close", "high", "low")``; ``"nav"`` → ``("nav",)``."""
    fields = tuple(f for f in re.split(r"[,;\s]+", str(text or "").strip().lower()) if f)
    if len(fields) == 1 and fields[0] in PANELS:
        return fields
    unknown = [f for f in fields if f not in MARKET_FIELDS]
    if not fields or unknown:
        raise FieldError(
            f"fields_{sheet.lower()} = {text!r}: name nav, level or market fields from "
            f"{', '.join(MARKET_FIELDS)}"
        )
    return fields


def parse_map(text: Any, where: str = "map") -> dict[str, str]:
    """``"turnover=成交额; close=收盘"`` (or a list of ``field=header``) → ``{field: header}``."""
    items = text if isinstance(text, (list, tuple)) else re.split(r"[,;\n]+", str(text or ""))
    out: dict[str, str] = {}
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise FieldError(f"{where} {item!r}: write field=header, e.g. turnover=成交额")
        out[name.strip().lower()] = header.strip()
    return out


def _field_of(header: str) -> str:
    """The field a header names (成交额 → amount); the header itself when not in the vocabulary."""
    return _MARKET_FIELD.get(_norm(header), header)


def bind(result: ImportResult, spec: SheetSpec, origin: str) -> pd.DataFrame:
    """The imported data fitted to ``spec``'s sheet: market fields picked by name, in order.

    Raises
    ------
    FieldError
        A field missing from the file (naming the sheet, the field and the file's columns),
        fund NAVs for a market sheet, market data for a NAV or index sheet, or a ``map`` that
        names a field the sheet does not have.
    """
    frame, layout = result.data, result.report.layout
    has = ", ".join(map(str, frame.columns)) or "no data column"
    if spec.panel is not None:
        if layout == "market":
            raise FieldError(
                f"sheet {spec.sheet} needs {PANELS[spec.panel]}; {origin} holds market data ({has})"
            )
        return frame
    if layout != "market":
        raise FieldError(
            f"sheet {spec.sheet} needs market data ({', '.join(spec.fields)}); "
            f"{origin} holds {layout} NAV series ({_short(has)})"
        )
    extra = sorted(set(spec.mapping) - set(spec.fields))
    if extra:
        raise FieldError(
            f"map {extra[0]}=...: sheet {spec.sheet} has no field {extra[0]}; "
            f"its fields are {', '.join(spec.fields)}"
        )
    columns = {}
    for name in spec.fields:
        source = _field_of(spec.mapping.get(name, name))
        if source not in frame.columns:
            hint = (
                f"map it, e.g. --map {name}=成交额"
                if name == "turnover"
                else f"name a column {name} or map it: --map {name}=HEADER"
            )
            mapped = f" (mapped to {spec.mapping[name]})" if name in spec.mapping else ""
            raise FieldError(
                f"sheet {spec.sheet} needs the field {name}{mapped}; {origin} has {has}; {hint}"
            )
        columns[name] = frame[source]
    return pd.DataFrame(columns, index=frame.index)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3].rsplit(",", 1)[0] + ", ..."


def mapping_note(spec: SheetSpec) -> str:
    """``turnover ← 成交额`` for the log; empty without a mapping."""
    return ", ".join(f"{k} ← {v}" for k, v in spec.mapping.items())


def report_lines(result: ImportResult) -> list[str]:
    """The import report as log lines: rows read, dropped, fixed, warnings, stale series."""
    report = result.report
    lines = [
        f"read {report.rows_read} rows ({report.layout} layout, header row "
        f"{report.header_row}); kept {report.observations} values in "
        f"{len(result.data.columns)} series"
    ]
    lines += [
        f"{kind}: {issue}"
        for kind, items in (
            ("dropped", report.dropped),
            ("duplicate", report.duplicates),
            ("not positive", report.non_positive),
        )
        for issue in items
    ]
    lines += [f"warning: {w}" for w in report.warnings]
    lines += [f"stale: {name} (last value {last:%Y-%m-%d})" for name, last in report.stale.items()]
    return lines


#: how many of a file's import warnings the console shows (all are on the Log sheet)
WARNINGS_SHOWN = 5


def import_warnings(result: ImportResult, name: str, limit: int = WARNINGS_SHOWN) -> list[str]:
    """The import's warnings for the console, one line each, ``name: …``: values dropped,
    repeated dates, NAVs ≤ 0 and its other warnings (not its notes, nor stale series); after
    ``limit`` of them, "and N more: see the Log sheet"."""
    report = result.report
    items = list(  # (a row whose 单位净值 and 累计净值 are both ≤ 0 is said once)
        dict.fromkeys(
            [
                *(str(i) for i in report.dropped),
                *(str(i) for i in report.duplicates),
                *(str(i) for i in report.non_positive),
                *report.warnings,
            ]
        )
    )
    lines = [f"{name}: {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"{name}: and {len(items) - limit} more: see the Log sheet")
    return lines


def renamed_note(book: BookAdapter, sheet: str) -> str:
    """What to fix when a Settings ``fields_<sheet>`` names a sheet the workbook does not have
    (the analyst renamed the data sheet; Excel does not rename the names): '' when none does."""
    sheets = {s.lower() for s in book.sheet_names()}
    stray = sorted(
        name
        for name in book.names()
        if name.lower().startswith("fields_") and name[7:].lower() not in sheets
    )
    if not stray:
        return ""
    named = ", ".join(f"{n} names sheet {n[7:]}" for n in stray)
    fix = f"rename {stray[0]} to fields_{sheet}" if len(stray) == 1 else "rename the names"
    return (
        f"Settings' {named}, which the workbook does not have (renamed?): {fix} in Excel's "
        "Name Manager (src_ and map_ likewise), or the sheet back"
    )


def _named_value(book: BookAdapter, names: Mapping[str, str], name: str) -> Any:
    target = cell_target(names[name]) if name in names else None
    if target is None:
        return None
    sheet, row, col, _, _ = target
    return book.get_value(sheet or "Settings", f"{get_column_letter(col)}{row}")


def sheet_specs(book: BookAdapter, maps: Sequence[str] = ()) -> dict[str, SheetSpec]:
    """``{data sheet (lower case): SheetSpec}`` from the ``fields_<sheet>``/``map_<sheet>``
    Settings cells.

    ``maps`` (``--map [SHEET:]field=header``, from the command line) go over the Settings
    sheet's ``map_<sheet>``; without ``SHEET:`` a mapping applies to every sheet with that
    field. A sheet without ``fields_<sheet>`` is not listed (its data goes in as imported).
    """
    names = {k.lower(): v for k, v in book.names().items()}
    sheets = {s.lower(): s for s in book.sheet_names()}
    out = {}
    for key in names:
        if not key.startswith("fields_") or key[7:] not in sheets:
            continue
        sheet = sheets[key[7:]]
        fields = parse_fields(_named_value(book, names, key), sheet)
        mapping = parse_map(_named_value(book, names, f"map_{key[7:]}"), f"map_{key[7:]}")
        out[sheet.lower()] = SheetSpec(sheet, fields, mapping)
    for item in maps:
        head, _, rest = item.partition("=")
        target, colon, name = head.rpartition(":")
        pair = parse_map([f"{name}={rest}" if colon else item], "--map")
        ((fname, header),) = pair.items()
        chosen = (
            ([out[target.lower()]] if target.lower() in out else [])
            if colon
            else [s for s in out.values() if fname in s.fields]
        )
        if not chosen:
            raise FieldError(
                f"--map {item}: no data sheet "
                + (f"named {target}" if colon else f"has the field {fname}")
                + "; the data sheets are "
                + ", ".join(f"{s.sheet} ({', '.join(s.fields)})" for s in out.values())
            )
        for spec in chosen:
            out[spec.sheet.lower()] = SheetSpec(
                spec.sheet, spec.fields, {**spec.mapping, fname: header}
            )
    return out
