"""Importing a fund universe's NAV file: ``fofxl.io.import_file`` on a wide CSV of 2,000 funds
x 520 weeks (staggered starts, blanks), against pandas reading the same file into a date-indexed
frame (``read_csv`` + ``to_datetime``; pandas makes none of the importer's checks: positive NAVs,
signed columns, repeated dates, jumps, the quality report).

Run: ``python3 bench/bench_import.py`` (or through ``bench/run.py``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from harness import median_time, report, weekly_panel, with_blanks

from fofxl.io import import_file

#: A universe's file imports in well under a few seconds (it took 18 s before the per-series
#: check of positive NAVs replaced np.isin on 1M names).
TARGET = 1.5
#: ... and as a million rows of fund, date, NAV (12.6 s while each fund took a pass over
#: the whole file).
LONG_TARGET = 5.0
#: ... and as an .xlsx sheet (4.1 s when openpyxl read it: 3.4 s of its own parse).
XLSX_TARGET = 2.0


def run() -> bool:
    navs = with_blanks(weekly_panel(2000, 520, 21), share=0.01).rename_axis("date")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "universe.csv"
        navs.to_csv(path, float_format="%.6f")
        ours = import_file(path).data

        def pandas_read() -> pd.DataFrame:
            frame = pd.read_csv(path, index_col=0)
            frame.index = pd.to_datetime(frame.index)
            return frame

        peer = pandas_read()
        assert list(ours.columns) == list(peer.columns)
        assert np.allclose(ours.to_numpy(), peer.reindex(ours.index).to_numpy(), equal_nan=True)
        ok = report(
            "import_file: wide CSV, 2,000 funds x 520 weeks",
            median_time(lambda: import_file(path), repeat=5),
            TARGET,
            {"pandas read_csv (no checks)": median_time(pandas_read, repeat=5)},
        )
        # the same NAVs as rows of fund, date, NAV (a database export): 1,040,000 rows
        long = path.with_name("long.csv")
        navs.stack().rename("nav").rename_axis(["date", "fund"]).reset_index()[
            ["fund", "date", "nav"]
        ].to_csv(long, index=False, float_format="%.6f")
        again = import_file(long).data  # (funds in order of first appearance)
        assert sorted(again.columns) == sorted(ours.columns)
        assert np.allclose(again[ours.columns].to_numpy(), ours.to_numpy(), equal_nan=True)

        def pandas_pivot() -> pd.DataFrame:
            rows = pd.read_csv(long, parse_dates=["date"])
            return rows.pivot(index="date", columns="fund", values="nav")

        ok &= report(
            "import_file: long CSV (fund, date, nav), 1,040,000 rows",
            median_time(lambda: import_file(long), repeat=3),
            LONG_TARGET,
            {"pandas read_csv + pivot (no checks)": median_time(pandas_pivot, repeat=3)},
        )
        # the wide panel as an .xlsx sheet (as a terminal exports it)
        book = path.with_suffix(".xlsx")
        navs.to_excel(book)
        again = import_file(book).data
        assert np.allclose(again.to_numpy(), ours.to_numpy(), equal_nan=True)

        def pandas_excel(engine: str) -> pd.DataFrame:
            return pd.read_excel(book, index_col=0, engine=engine)

        ok &= report(
            "import_file: wide .xlsx, 2,000 funds x 520 weeks",
            median_time(lambda: import_file(book), repeat=3),
            XLSX_TARGET,
            {
                f"pandas read_excel, {engine} (no checks)": median_time(
                    lambda e=engine: pandas_excel(e), repeat=3
                )
                for engine in ("openpyxl", "calamine")
            },
        )
        return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
