"""Former home of the synthetic demo data, kept so ``fofxl.demo_data`` imports work: see
:mod:`fofxl.io.demo_data`."""

from __future__ import annotations

from .io.demo_data import (
    DEMO_NAMES,
    QUANT_BENCHMARKS,
    SEED,
    check_demo,
    demo_path,
    generate,
    load_demo,
    trading_calendar,
    write_demo,
)

__all__ = [
    "DEMO_NAMES",
    "QUANT_BENCHMARKS",
    "SEED",
    "check_demo",
    "demo_path",
    "generate",
    "load_demo",
    "trading_calendar",
    "write_demo",
]
