"""Run every benchmark module in bench/ (``python3 bench/run.py``); exit 1 if a target is missed.

A module without a ``run()`` (the independent harness ``bench_outsider.py``, whose pandas peers
take minutes) is left to be run on its own.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    ok = True
    for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
        if module.startswith("bench_"):
            print(f"== {module}")
            run = getattr(importlib.import_module(module), "run", None)
            if run is None:
                print(f"   run on its own: python3 bench/{module}.py --help")
                continue
            ok &= bool(run())
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
