"""Shared fixtures: the built templates rendered once per session, and helpers to read them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fofxl_report.recalc import evaluate_workbook
from fofxl_report.render import render

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
T0 = TEMPLATES / "t0_environment.xlsx"
QUANT = TEMPLATES / "quant_monitor.xlsx"


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both templates rendered once (files), plus the in-memory evaluators."""
    folder = tmp_path_factory.mktemp("rendered")
    out: dict[str, Any] = {}
    for key, src in (("t0", T0), ("quant", QUANT)):
        report = render(src, folder / src.name)
        wb = openpyxl.load_workbook(folder / src.name)
        mem = openpyxl.load_workbook(src)
        ev = evaluate_workbook(mem)
        out[key] = {
            "report": report,
            "wb": wb,
            "path": folder / src.name,
            "ev": ev,
            "template": openpyxl.load_workbook(src),
        }
    return out
