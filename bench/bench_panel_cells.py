"""A fund panel through the Excel cells: 520 weeks × 2,000 funds (1,040,000 NAV cells).

Issue 15 measured FOF_DRAWDOWN + FOF_MAXDD on this panel at 0.5–0.7 s against 15 ms in pylib.
Each call is timed whole (cells in, cells out, as classic xlwings passes them: a header row of
fund names, dates as datetimes, blanks as None) against:

* its cells floor: the plainest numpy conversion around the same pylib computation, with no
  checks (``np.array`` of the rows in, ``tolist`` out, NaN left as NaN);
* a pandas peer: what a pandas user writes for the same work from the same cells
  (``pd.DataFrame`` of the rows, ``df / df.cummax() - 1``, ``.min()``, ``pct_change``), with
  the result back as rows of cells (NaN as None). The drawdown and max-drawdown peers do the
  same work: their numbers are checked against ours before timing.

Target: each call ≤ 2x its cells floor and faster than the pandas peer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import median_time, report, weekly_panel, without_gc

from fofxl import drawdowns, returns
from fofxl_addin import udfs

FUNDS, WEEKS = 2_000, 520


def panel_cells(made: str = "by row") -> tuple[list[list[Any]], list[list[Any]], pd.DataFrame]:
    """The dates range, the NAV range (header row of fund names) and the panel they hold.

    ``made``: the order the cells' numbers were made in, which decides what sits together in
    memory. Both runtimes make a range's cells row by row (pywin32 from the COM array, json
    from Office.js): ``"by row"``. ``"by column"`` is how a pandas frame's ``astype(object)``
    makes them (column-major), the layout a column walk reads fastest.
    """
    navs = weekly_panel(FUNDS, WEEKS, seed=11)
    dates = [["date"], *([d.to_pydatetime()] for d in navs.index)]
    if made == "by row":
        rows = [[None if v != v else v for v in row] for row in navs.to_numpy().tolist()]
    else:
        cells = np.asfortranarray(navs.to_numpy()).astype(object)
        cells[navs.isna().to_numpy()] = None
        rows = cells.tolist()
    return dates, [list(navs.columns), *rows], navs


def _none_for_nan(values: np.ndarray) -> list[list[Any]]:
    cells = values.astype(object)
    cells[np.isnan(values)] = None
    return cells.tolist()


def run() -> bool:
    return all([run_panel("by row"), run_panel("by column")])


def run_panel(made: str) -> bool:
    dates, navs, frame = panel_cells(made)
    names = navs[0]

    def pandas_in() -> pd.DataFrame:
        index = pd.DatetimeIndex([row[0] for row in dates[1:]])
        return pd.DataFrame(navs[1:], index=index, columns=names, dtype=float)

    def floor_in() -> np.ndarray:
        return np.array(navs[1:], dtype=float)

    def pandas_drawdown() -> list[list[Any]]:
        df = pandas_in()
        return [names, *_none_for_nan((df / df.cummax() - 1).to_numpy())]

    def pandas_maxdd() -> list[Any]:
        df = pandas_in()
        return [names, (df / df.cummax() - 1).min().tolist()]

    def pandas_returns() -> list[list[Any]]:
        df = pandas_in()
        out = df.pct_change(fill_method=None).iloc[1:]
        return [
            ["date", *names],
            *([d, *r] for d, r in zip(out.index, _none_for_nan(out.to_numpy()), strict=True)),
        ]

    clean = frame.dropna(how="all")
    calls = {
        "FOF_DRAWDOWN": (
            lambda: udfs.fof_drawdown(dates, navs),
            lambda: np.asarray(
                drawdowns.drawdown(pd.DataFrame(floor_in(), index=frame.index))
            ).tolist(),
            pandas_drawdown,
        ),
        "FOF_MAXDD": (
            lambda: udfs.fof_maxdd(dates, navs),
            lambda: drawdowns.max_drawdown(pd.DataFrame(floor_in(), index=frame.index)).tolist(),
            pandas_maxdd,
        ),
        "FOF_RETURNS": (
            lambda: udfs.fof_returns(dates, navs),
            lambda: np.asarray(
                returns.simple_returns(pd.DataFrame(floor_in(), index=frame.index))
            ).tolist(),
            pandas_returns,
        ),
    }
    # the peers do the same work: same drawdowns, same worst drawdowns
    ours = np.array(udfs.fof_drawdown(dates, navs)[1:], dtype=float)
    assert np.allclose(ours, np.array(pandas_drawdown()[1:], dtype=float), equal_nan=True)
    assert np.allclose(
        np.array(udfs.fof_maxdd(dates, navs)[1], dtype=float),
        np.array(pandas_maxdd()[1], dtype=float),
    )
    assert clean.shape[0] == WEEKS
    ok = True
    for name, (whole, floor, peer) in calls.items():
        ok &= report(
            f"{name}, {WEEKS} weeks × {FUNDS:,} funds ({WEEKS * FUNDS:,} cells), classic cells "
            f"made {made}",
            median_time(whole, repeat=9),
            1.0,
            {"pandas from the cells, cells out": median_time(without_gc(peer), repeat=9)},
            floor=median_time(without_gc(floor), repeat=9),
        )
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
