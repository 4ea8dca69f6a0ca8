"""Pictures and drawing shapes of a workbook through ``fofxl render`` (QA13 IM1, IM2): a picture
is kept; a text box, which openpyxl cannot write, is named in one warning line; the render
goes on."""

from __future__ import annotations

import datetime as dt
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from PIL import Image

from fofxl_report.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _report(folder: Path, textbox: bool) -> Path:
    """A workbook made with XlsxWriter: a fofxl formula, a logo picture and (``textbox``) an
    analyst's note in a text box on sheet Report; weekly NAVs on sheet Data."""
    logo = folder / "logo.png"
    Image.new("RGB", (16, 16), (200, 30, 30)).save(logo)
    src = folder / "with logo.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    report, data = wb.add_worksheet("Report"), wb.add_worksheet("Data")
    data.write_row(0, 0, ["date", "a"])
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(60):
        data.write_datetime(i + 1, 0, dt.datetime(2023, 1, 6) + dt.timedelta(days=7 * i), day)
        data.write_number(i + 1, 1, 1 + 0.001 * i)
    report.write_formula("B2", '=FOF_STAT(Data!A1:A61, Data!B1:B61, "total_return")')
    report.insert_image("D2", str(logo), {"name": "logo"})
    if textbox:
        report.insert_textbox("D20", "Analyst note: preliminary", {"width": 240, "height": 60})
    wb.close()
    return src


def _parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        return book.namelist()


@pytest.mark.parametrize("textbox", [False, True])
def test_a_picture_is_kept_and_a_text_box_is_named_in_one_warning(tmp_path, capsys, textbox):
    src, out = _report(tmp_path, textbox), tmp_path / "out.xlsx"
    assert main(["render", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    media = [n for n in _parts(out) if n.startswith("xl/media/")]
    assert len(media) == 1
    with zipfile.ZipFile(out) as book:
        assert book.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
    ws = openpyxl.load_workbook(out)["Report"]
    assert len(ws._images) == 1 and ws["B2"].value == pytest.approx(0.059)
    warnings = [line for line in err.splitlines() if "warning" in line]
    if textbox:
        assert warnings == [
            "fofxl render: warning: not kept (the renderer cannot write these drawings): "
            'on sheet Report, a text box ("TextBox 2")'
        ]
    else:
        assert warnings == []


def test_pillow_is_a_dependency():
    """openpyxl drops every picture of a workbook it reads when Pillow is not installed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(dep.lower().startswith("pillow>=") for dep in project["dependencies"])
