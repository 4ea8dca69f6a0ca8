"""``fofxl starter-workbook``: an .xlsm configured for the FOF_* functions in classic Excel."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fofxl import OptionError
from fofxl_addin import udfs
from fofxl_report import starter
from fofxl_report.cli import main


def test_workbook_is_configured(tmp_path: Path):
    out = starter.write_starter_workbook(tmp_path / "fofxl-starter.xlsm")
    book = openpyxl.load_workbook(out, keep_vba=True)
    assert book.sheetnames == ["Examples", "xlwings.conf"]
    conf = book["xlwings.conf"]
    assert [[c.value for c in row] for row in conf.iter_rows()] == [
        ["UDF Modules", "fofxl_addin.udfs"]
    ]
    sheet = book["Examples"]
    assert "SYNTHETIC" in sheet["A1"].value
    assert [c.value for c in sheet[3][:5]] == ["date", "fund A", "fund B", "fund C", "turnover"]
    assert sheet["A4"].is_date and sheet["A4"].number_format == "yyyy-mm-dd"
    assert sheet["C44"].value is None  # a missing week is a blank cell
    for cell, name, formula, _ in starter.EXAMPLES:
        assert name in udfs.FUNCTIONS
        value = sheet[cell].value
        assert getattr(value, "text", value) == formula  # dynamic-array formulas


def test_vba_reference_comes_from_xlwings_quickstart(tmp_path: Path):
    out = starter.write_starter_workbook(tmp_path / "s.xlsm")
    quickstart = Path(importlib.util.find_spec("xlwings").origin).parent / "quickstart.xlsm"
    with zipfile.ZipFile(out) as ours, zipfile.ZipFile(quickstart) as theirs:
        assert ours.read("xl/vbaProject.bin") == theirs.read("xl/vbaProject.bin")
        sheet = ours.read("xl/worksheets/sheet1.xml").decode()
        assert 'codeName="Sheet1"' in sheet and 'cm="1"' in sheet  # dynamic arrays


def test_only_xlsm(tmp_path: Path):
    with pytest.raises(OptionError, match=r"must be a \.xlsm file"):
        starter.write_starter_workbook(tmp_path / "s.xlsx")
    assert main(["starter-workbook", str(tmp_path / "s.xlsx")]) == 2


def test_command_never_imports_xlwings(tmp_path: Path):
    out = tmp_path / "s.xlsm"
    code = (
        "import sys\n"
        "from fofxl_report.cli import main\n"
        f"assert main(['starter-workbook', {str(out)!r}]) == 0\n"
        "assert 'xlwings' not in sys.modules, 'xlwings imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert out.exists()


def test_an_existing_file_is_never_replaced_without_force(tmp_path: Path, capsys):
    mine = tmp_path / "mine.xlsm"
    mine.write_text("my macros", encoding="utf-8")
    assert main(["starter-workbook", str(mine)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "mine.xlsm exists" in err[0] and "--force" in err[0], err
    assert mine.read_text(encoding="utf-8") == "my macros"
    assert main(["starter-workbook", str(mine), "--force"]) == 0
    assert zipfile.is_zipfile(mine)


def test_a_missing_folder_is_made_and_an_unwritable_one_is_one_line(
    tmp_path: Path, capsys, monkeypatch
):
    out = tmp_path / "中文 目录" / "启动.xlsm"
    assert main(["starter-workbook", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    capsys.readouterr()
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    assert main(["starter-workbook", str(blocker / "x.xlsm")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write" in err[0] and "Traceback" not in err[0], err

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(starter.files.tempfile, "mkstemp", refuse)
    assert main(["starter-workbook", str(tmp_path / "ro" / "x.xlsm")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write" in err[0] and "Permission denied" in err[0], err
