"""The book adapters: every adapter has exactly the methods refresh asks of a book."""

from __future__ import annotations

import inspect

import openpyxl
import pytest

from fofxl_addin.book import XlwingsBook
from fofxl_report.books import BookAdapter, OpenpyxlBook, cell_target, frame_rows
from fofxl_report.refresh import CallerBook


def _protocol_methods(protocol: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(protocol).items()
        if callable(member) and not name.startswith("_")
    }


@pytest.mark.parametrize(
    ("adapter", "protocol"), [(OpenpyxlBook, BookAdapter), (XlwingsBook, CallerBook)]
)
def test_adapters_have_the_protocol_methods_with_the_same_parameters(adapter, protocol):
    wanted = _protocol_methods(BookAdapter) | _protocol_methods(protocol)
    assert {"read_sheet", "write_sheet", "calculate"} <= set(wanted)
    for name, signature in wanted.items():
        method = getattr(adapter, name, None)
        assert method is not None, f"{adapter.__name__} has no {name}"
        assert list(inspect.signature(method).parameters) == list(signature.parameters), name


def test_cell_target_reads_references_and_refuses_the_rest():
    assert cell_target("=Settings!$B$2") == ("Settings", 2, 2, 2, 2)
    assert cell_target("Data!$A$1:$C$9") == ("Data", 1, 1, 9, 3)
    assert cell_target("'2024'!A1") == ("2024", 1, 1, 1, 1)
    assert cell_target("=0.2") is None
    assert cell_target("=SUM(A1:A3)") is None


def test_frame_rows_keeps_dates_and_blanks():
    import pandas as pd

    frame = pd.DataFrame(
        {"a": [1.0, float("nan")], "b": [2, 3]},
        index=pd.DatetimeIndex(["2024-01-05", "2024-01-12"], name="date"),
    )
    header, rows = frame_rows(frame)
    assert header == ["date", "a", "b"]
    assert rows[0][0] == pd.Timestamp("2024-01-05").to_pydatetime()
    assert rows[0][1:] == [1.0, 2.0] and rows[1][1:] == [None, 3.0]


def test_openpyxl_book_round_trip():
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    book = OpenpyxlBook(wb)
    book.write_sheet("Data", [["date", "x"], ["2024-01-05", 1.5], ["2024-01-12", 2.5]])
    assert book.read_sheet("Data") == [["date", "x"], ["2024-01-05", 1.5], ["2024-01-12", 2.5]]
    book.set_value("Data", "C1", "note")
    assert book.get_value("Data", "C1") == "note"
    assert book.base_dir() is None
