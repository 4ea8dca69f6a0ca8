"""What the drawings of a workbook hold, sheet by sheet, read from its archive; and what a
render did not keep of them.

openpyxl reads a sheet's charts and (with Pillow) its pictures back and writes them again. It
drops drawing shapes (text boxes, arrows, groups, the bundled templates' refresh button),
SmartArt, form controls, embedded objects and pictures it cannot read (an EMF, a linked one).
:func:`not_kept` compares the template's drawings with the rendered workbook's, so that what
was lost is said, in one line.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

from defusedxml import ElementTree

__all__ = ["Drawings", "drawings", "not_kept"]

#: sheet → kind of object ("picture", "text box", …) → the objects' names, as the file has them
Drawings = dict[str, dict[str, list[str]]]

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ANCHORS = {f"{_XDR}twoCellAnchor", f"{_XDR}oneCellAnchor", f"{_XDR}absoluteAnchor"}
_GRAPHICS = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "chart",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "chart of an Excel 2016 type",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "SmartArt graphic",
}
#: form controls and embedded objects, listed in the sheet itself (a unique shapeId each)
_CONTROLS = re.compile(rb'<(?:\w+:)?(control|oleObject)\b[^>]*?\bshapeId="(\d+)"([^>]*)>')
_NAME = re.compile(rb'\bname="([^"]*)"')

#: the name of the bundled templates' refresh button (on their Settings sheet)
REFRESH_BUTTON = "fofxl_refresh"


def _rels(book: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part) of ``part`` (an external target keeps its text)."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", f"{name}.rels")
    if path not in book.namelist():
        return {}
    out = {}
    for rel in ElementTree.fromstring(book.read(path)).iter(_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
        out[rel.get("Id", "")] = (rel.get("Type", "").rpartition("/")[2], target)
    return out


def _objects(anchor: Any) -> Iterator[tuple[str, str]]:
    """(kind, name) of the object an anchor holds."""
    for child in anchor:
        tag = child.tag
        if tag == f"{_XDR}pic":
            kind = "picture"
        elif tag == f"{_XDR}sp":
            box = child.find(f"{_XDR}nvSpPr/{_XDR}cNvSpPr")
            kind = "text box" if box is not None and box.get("txBox") in ("1", "true") else "shape"
        elif tag == f"{_XDR}grpSp":
            kind = "group of shapes"
        elif tag == f"{_XDR}cxnSp":
            kind = "connector"
        elif tag == f"{_XDR}graphicFrame":
            data = child.find(f"{_A}graphic/{_A}graphicData")
            uri = data.get("uri", "") if data is not None else ""
            kind = _GRAPHICS.get(uri, "embedded object")
        elif tag == f"{_XDR}contentPart":
            kind = "ink drawing"
        else:
            continue
        props = next((e for e in child.iter() if e.tag.endswith("}cNvPr")), None)
        name = props.get("name", "") if props is not None else ""
        if kind == "text box" and name == REFRESH_BUTTON:
            kind = "refresh button"
        yield kind, name


def _anchors(root: Any) -> Iterator[Any]:
    for child in root:
        if child.tag in _ANCHORS:
            yield child
        elif child.tag == f"{_MC}AlternateContent":  # what a reader that knows it shows
            choice = child.find(f"{_MC}Choice")
            yield from _anchors(choice if choice is not None else [])


def drawings(path: str | os.PathLike[str]) -> Drawings:
    """The objects drawn on each sheet of the workbook at ``path`` (sheets with none left
    out); an archive that cannot be read gives what could be."""
    out: Drawings = {}
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        parts = _rels(book, "xl/workbook.xml")
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            part = parts.get(sheet.get(_R_ID, ""), ("", ""))[1]
            if part not in names:
                continue
            found: dict[str, list[str]] = {}
            rels = _rels(book, part).values()
            for kind, target in rels:
                if kind == "drawing" and target in names:
                    for anchor in _anchors(ElementTree.fromstring(book.read(target))):
                        for what, name in _objects(anchor):
                            found.setdefault(what, []).append(name)
            if any(kind in ("ctrlProp", "oleObject", "package") for kind, _ in rels):
                seen = set()
                for m in _CONTROLS.finditer(book.read(part)):
                    if m.group(2) in seen:
                        continue  # Excel lists each once more as a fallback
                    seen.add(m.group(2))
                    label = _NAME.search(m.group(3))
                    name = label.group(1).decode("utf-8", "replace") if label else ""
                    what = "form control" if m.group(1) == b"control" else "embedded object"
                    shapes = found.get("shape", [])
                    if name in shapes:  # Excel draws a control as a shape too: say it once
                        shapes.remove(name)
                    found.setdefault(what, []).append(name)
            found = {kind: names for kind, names in found.items() if names}
            if found:
                out[sheet.get("name", "")] = found
    return out


_PLURALS = {
    "text box": "text boxes",
    "group of shapes": "groups of shapes",
    "chart of an Excel 2016 type": "charts of Excel 2016 types",
}


def _count(n: int, kind: str) -> str:
    if n == 1:
        return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
    return f"{n} {_PLURALS.get(kind, kind + 's')}"


def not_kept(before: Mapping[str, Mapping[str, list[str]]], after: Drawings) -> str | None:
    """One line saying what of ``before`` (the template's drawings) ``after`` (the output's)
    lacks, sheet by sheet and by kind (``on sheet Report, a text box "Note 1"``), or None
    when everything is there. The bundled templates' refresh button is not named: a workbook of
    values has nothing to refresh, and the README says that it goes."""
    parts = []
    for sheet, kinds in before.items():
        lost = []
        for kind, names in kinds.items():
            n = len(names) - len(after.get(sheet, {}).get(kind, []))
            if n <= 0:
                continue
            if kind == "refresh button":
                continue  # it refreshes a live workbook; the README says once it goes
            named = [f'"{name}"' for name in names if name] if n == len(names) else []
            lost.append(_count(n, kind) + (f" ({', '.join(named)})" if named else ""))
        if lost:
            parts.append(f"on sheet {sheet}, {', '.join(lost)}")
    if not parts:
        return None
    return "not kept (the renderer cannot write these drawings): " + "; ".join(parts)
