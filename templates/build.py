"""Build the report templates, one layout module each (``templates/layouts/``).

Run ``python3 templates/build.py`` (deterministic: same demo data, same files, fixed document
timestamps). The templates are written with XlsxWriter so that every fofxl formula is a real
dynamic-array formula (``write_dynamic_array_formula``: Excel 365 spills it instead of showing
``@FOF_…``; XlsxWriter adds the ``_xlfn.``/``_xlws.`` prefixes of Excel's own new functions such
as HSTACK and DROP, while the UDF names stay plain ``FOF_…``). Layout, number formats (percent
formats live there, never in code), defined names and charts are defined by the layout modules
with the shared helper ``templates/workbook.py``; the renderer (``fofxl render``) only fills
values in.

Each template carries:

* ``Settings`` — window, thresholds, rf, P, report date, names, data sources, refresh stamp,
  each a defined name (``set_window``…) used by the formulas;
* data sheets (pasted or refreshed from files), addressed through defined names sized to the
  data (refresh and ``--data`` resize them);
* ``Calc`` — intermediate spills (indices, returns, percentiles) the charts read;
* the report sheet(s), with Chinese titles as in the source reports and English subtitles;
* ``Log`` — what the last refresh dropped or fixed;
* ``xlwings.conf`` — ``UDF Modules = fofxl_addin.udfs`` for the classic add-in.

Chart series point at the spills' sizes on the bundled data (found by rendering the first
build pass headless); the renderer re-points them to whatever size the data gives.

Adding a report = a layout module in ``templates/layouts/`` (a ``LAYOUT``) + its line in
:data:`REPORTS`.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _use_this_checkout() -> None:
    """``python3 templates/build.py``: this checkout's packages, whatever is installed."""
    sys.path[:0] = [str(HERE.parent / "addin"), str(HERE.parent / "pylib")]
    spec = importlib.util.spec_from_file_location(
        "fofxl_templates", HERE / "__init__.py", submodule_search_locations=[str(HERE)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["fofxl_templates"] = package
    spec.loader.exec_module(package)


if __name__ == "__main__":
    _use_this_checkout()

from fofxl.io.demo_data import generate  # noqa: E402  (after the checkout's paths)
from fofxl_templates.layouts import (  # noqa: E402
    fof_portfolio,
    quant_monitor,
    screening,
    t0_environment,
)
from fofxl_templates.workbook import Layout, spill_sizes  # noqa: E402

__all__ = ["REPORTS", "build_all"]

#: the reports built, in order: one layout module each
REPORTS: tuple[Layout, ...] = (
    t0_environment.LAYOUT,
    quant_monitor.LAYOUT,
    screening.LAYOUT,
    fof_portfolio.LAYOUT,
)


def build_all(out_dir: Path = HERE, log: Callable[[str], None] = print) -> list[Path]:
    """Build every report of :data:`REPORTS` into ``out_dir`` (two passes each: the second
    points the charts at the spilled sizes the first pass gives)."""
    data = generate()
    paths = []
    for layout in REPORTS:
        path = out_dir / layout.file
        layout.build(data, path, {})
        layout.build(data, path, spill_sizes(path))
        log(f"wrote {path}")
        paths.append(path)
    return paths


if __name__ == "__main__":
    build_all()
