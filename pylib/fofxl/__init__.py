"""fofxl: analytics for fund-of-funds analysts (pure pandas/numpy, no Excel)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import FofError, InputError, OptionError

try:
    __version__ = version("fofxl")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+src"

__all__ = ["FofError", "InputError", "OptionError", "__version__"]
