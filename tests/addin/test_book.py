"""The xlwings book: the calling workbook and a stand-in for it from a terminal."""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from fofxl_addin import book as book_module


class _App:
    status_bar = None


class _Book:
    def __init__(self, fullname: str = "") -> None:
        self.app = _App()
        self.fullname = fullname


def test_caller_book_wraps_the_calling_workbook_and_shows_status(monkeypatch):
    caller = _Book(str(Path("/reports/t0_environment.xlsx")))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: caller))
    got = book_module.caller_book()
    assert got.book is caller
    assert got.base_dir() == Path("/reports")
    got.show_status("fofxl refresh: Market")
    assert caller.app.status_bar == "fofxl refresh: Market"


def test_base_dir_of_an_unsaved_or_remote_book_is_none():
    assert book_module.XlwingsBook(_Book("Book1")).base_dir() is None
    assert book_module.XlwingsBook(object()).base_dir() is None


def test_mock_caller_opens_the_file_and_makes_it_the_caller(monkeypatch):
    opened = []

    class FakeBook:
        def __init__(self, path: str) -> None:
            opened.append(path)

        def set_mock_caller(self) -> None:
            opened.append("mock")

    monkeypatch.setattr(book_module.xw, "Book", FakeBook)
    book_module.mock_caller("quant_monitor.xlsx")
    assert opened == ["quant_monitor.xlsx", "mock"]
