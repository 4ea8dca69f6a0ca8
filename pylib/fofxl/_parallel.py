"""Two threads for big column-wise kernels: numpy releases the GIL inside its loops, so the two
halves of a panel run on two cores at once (a running maximum is one long dependency chain per
column, which no single-core trick shortens)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

__all__ = ["CAN_THREAD", "MIN_CELLS", "by_halves"]

# Pyodide (xlwings Lite) cannot start threads: there the work runs in the calling thread.
CAN_THREAD = sys.platform != "emscripten"
#: Below this many cells a second thread costs more than it saves.
MIN_CELLS = 250_000


def by_halves(work: Callable[[int, int], None], count: int, cells: int) -> None:
    """Run ``work(a, b)`` over items ``[0, count)`` (columns, blocks of rows): the two halves
    in two threads when the work spans at least :data:`MIN_CELLS` cells, else once in the
    calling thread.

    ``work`` must write only its own items' results. An exception in either half is raised
    here.
    """
    if not CAN_THREAD or count < 2 or cells < MIN_CELLS:
        work(0, count)
        return
    half = count // 2
    failed: list[BaseException] = []

    def first_half() -> None:
        try:
            work(0, half)
        except BaseException as exc:  # re-raised in the calling thread below
            failed.append(exc)

    thread = threading.Thread(target=first_half, name="fofxl-half")
    try:
        thread.start()
    except RuntimeError:  # "can't start new thread": the whole block here
        work(0, count)
        return
    try:
        work(half, count)
    finally:
        thread.join()
    if failed:
        raise failed[0]
