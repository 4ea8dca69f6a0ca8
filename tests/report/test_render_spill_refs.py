"""Excel formulas the renderer keeps that read a rendered block by its spill reference (QA13
K1, K2): ``E1#`` / ``_xlfn.ANCHORARRAY(E1)`` become the range the block covers, since the
anchor now holds a plain value (Excel would show #REF!, LibreOffice Err:508)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import statistics
import subprocess

import openpyxl
import pytest

from fofxl_report import formulas
from fofxl_report.render import render

N = 41  # header + 40 weekly NAVs


def _workbook(path):
    wb = openpyxl.Workbook()
    r = wb.active
    r.title = "R"
    d = wb.create_sheet("D")
    other = wb.create_sheet("My sheet")
    d.append(["date", "a"])
    for i in range(N - 1):
        d.append([dt.datetime(2023, 1, 6) + dt.timedelta(days=7 * i), 1 + 0.01 * (i * 7 % 5)])
    r["E1"] = f"=FOF_DRAWDOWN(D!A1:A{N}, D!B1:B{N})"
    r["J1"] = f'=FOF_RETURNS(D!A1:A{N}, D!B1:B{N}, "M")'
    r["H1"] = "=STDEV(E1#)"
    r["H2"] = "=STDEV(_xlfn.ANCHORARRAY(E1))"
    r["H3"] = "=STDEV(_xlfn.ANCHORARRAY($E$1)) + COUNT('My sheet'!B2#)"
    r["H4"] = f'=ROUND(FOF_MAXDD(D!A1:A{N}, D!B1:B{N}), 2) & " E1# " & COUNT(J1#)'
    r["H5"] = "=STDEV(Z1#)"  # no block there: left as written
    other["B2"] = f"=FOF_DRAWDOWN(D!A1:A{N}, D!B1:B{N})"
    other["A1"] = "=STDEV(R!E1#)"
    wb.save(path)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kept")
    src, out = folder / "kept.xlsx", folder / "out.xlsx"
    _workbook(src)
    report = render(src, out)
    assert report.errors == [] and len(report.unsupported) == 6
    return out


def test_spill_references_in_kept_formulas_become_the_rendered_range(rendered):
    wb = openpyxl.load_workbook(rendered)
    r = wb["R"]
    last = max(c.row for c in r["J"] if c.value is not None)  # of the 2-column returns block
    assert r["H1"].value == f"=STDEV(E1:E{N})"
    assert r["H2"].value == f"=STDEV(E1:E{N})"
    assert r["H3"].value == f"=STDEV($E$1:$E${N}) + COUNT('My sheet'!B2:B{N + 1})"
    assert r["H4"].value.endswith(f'& " E1# " & COUNT(J1:K{last})')  # text stays text
    assert r["H5"].value == "=STDEV(Z1#)"
    assert wb["My sheet"]["A1"].value == f"=STDEV(R!E1:E{N})"
    # the range holds the whole block, and nothing beyond it
    assert r[f"E{N}"].value is not None and r[f"E{N + 1}"].value is None


def test_replace_spills_reads_both_forms_and_keeps_the_rest():
    def five_rows(anchor):
        return None if anchor.min_row > 1 else f"{anchor.text}:X5"

    replace_spills = formulas.replace_spills
    assert replace_spills("=SUM(A1#, 'B c'!A1#)", five_rows) == "=SUM(A1:X5, 'B c'!A1:X5)"
    assert replace_spills("=SUM(_xlfn.ANCHORARRAY(A1))", five_rows) == "=SUM(A1:X5)"
    assert replace_spills('=A2# & "A1#"', five_rows) == '=A2# & "A1#"'  # as written


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_computes_the_rewritten_formula(rendered, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(rendered),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(tmp_path / "out.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    values = [float(row[4]) for row in rows[1:N]]  # column E below its header
    assert float(rows[0][7]) == pytest.approx(statistics.stdev(values), rel=1e-6)
    assert float(rows[1][7]) == pytest.approx(statistics.stdev(values), rel=1e-6)
